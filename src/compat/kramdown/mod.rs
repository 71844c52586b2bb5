//! kramdown's additions to Markdown, as Jekyll renders them: attribute lists
//! (`{: .notice--info}`), `{:toc}` and abbreviations, as stages of the
//! Markdown renderer (see `crate::markdown`), and the `markdown="1"` pass on
//! the source.
//!
//! The renderer's event stream goes through [`Blocks`] before heading ids
//! are given (it strips attribute-list lines, moves their attributes to the
//! element they name, drops abbreviation definitions and puts a placeholder
//! where `{:toc}` asks for the table of contents) and through [`Marks`] on
//! its way to the HTML writer (it notes where each of those elements starts
//! in the output and wraps abbreviations). [`patch()`] then writes the
//! attributes and the table of contents into the HTML. A body without `{:`
//! and `*[` goes through both untouched, with nothing held.

mod abbreviations;
mod blocks;
mod ial;
mod markdown_in_html;
mod marks;
mod patch;
mod spans;

pub(crate) use abbreviations::abbreviations;
pub(crate) use blocks::Blocks;
pub(crate) use markdown_in_html::markdown_in_html;
pub(crate) use marks::Marks;
pub(crate) use patch::{patch, toc_html};

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

/// Whether a body may hold kramdown attribute lists or abbreviations.
pub(crate) fn wanted(body: &str) -> bool {
    let bytes = body.as_bytes();
    memchr::memmem::find(bytes, b"{:").is_some() || memchr::memmem::find(bytes, b"*[").is_some()
}

/// What [`Marks`] does when the event numbered so reaches it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Note {
    /// Write these attributes (HTML) into the element's start tag.
    Attributes(String),
    /// The table of contents goes here.
    Toc,
}

/// Notes from [`Blocks`] to [`Marks`], by the number of the event (the
/// stages between them pass events one for one).
pub(crate) type Notes = Rc<RefCell<VecDeque<(usize, Note)>>>;

#[cfg(test)]
mod test_util {
    use crate::{Options, parse_post};

    /// The body HTML of the post `md` with the default options.
    pub(super) fn html(md: &str) -> String {
        parse_post(md, &Options::default()).html
    }
}
