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
//! and without an abbreviation definition goes through both untouched, with
//! nothing held.

mod abbreviations;
mod blocks;
mod ial;
mod markdown_in_html;
mod marks;
mod patch;
mod spans;

pub(crate) use abbreviations::abbreviations;
use abbreviations::defines_abbreviations;
pub(crate) use blocks::Blocks;
pub(crate) use markdown_in_html::markdown_in_html;
pub(crate) use marks::Marks;
pub(crate) use patch::{patch, toc_html};

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

/// Whether a body may hold kramdown attribute lists or abbreviations.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Wanted {
    /// No `{:` and no abbreviation definition: nothing for kramdown.
    No,
    /// Every `{:` (at these offsets) looks to be inside code (Rust's
    /// `{:?}`), and no abbreviation is defined: nothing for kramdown if the
    /// parse agrees ([`in_code`] checks each as the events pass).
    InCode(Vec<usize>),
    Yes,
}

/// Whether a body may hold kramdown attribute lists or abbreviations: only
/// when it has `{:` or a line that defines an abbreviation (`*[` alone, as
/// in `*[emphasized link](/url)*`, is not one), and a `{:` that the lines
/// around it show to be in a fenced code block or a code span on one line
/// is not taken for one.
pub(crate) fn wanted(body: &str) -> Wanted {
    let bytes = body.as_bytes();
    let mut braces = memchr::memmem::find_iter(bytes, b"{:").peekable();
    if braces.peek().is_none() {
        return if defines_abbreviations(body) {
            Wanted::Yes
        } else {
            Wanted::No
        };
    }
    if defines_abbreviations(body) {
        return Wanted::Yes;
    }
    let mut offsets = Vec::new();
    let mut fences = Fences::default();
    for at in braces {
        if !fences.in_code_before(bytes, at) && !in_code_span(bytes, at) {
            return Wanted::Yes;
        }
        offsets.push(at);
    }
    Wanted::InCode(offsets)
}

/// Fenced code blocks of the body, found line by line from the start (a
/// guess that ignores containers and raw HTML: the parse has the last word,
/// see [`in_code`]).
#[derive(Default)]
struct Fences {
    /// Where the next line to read starts.
    line: usize,
    /// The open fence's byte and length.
    open: Option<(u8, usize)>,
    /// Whether the line last read (the one `at` is on) is inside a fence
    /// (not its opening or closing line).
    inside: bool,
}

impl Fences {
    /// Whether the line of `at` (at or after the lines read so far) is a
    /// line inside a fenced code block.
    fn in_code_before(&mut self, bytes: &[u8], at: usize) -> bool {
        while self.line <= at {
            let end =
                memchr::memchr(b'\n', &bytes[self.line..]).map_or(bytes.len(), |i| self.line + i);
            let line = &bytes[self.line..end];
            self.inside = false;
            match (self.open, fence(line)) {
                (Some((byte, len)), Some((b, n, rest)))
                    if b == byte && n >= len && rest.iter().all(u8::is_ascii_whitespace) =>
                {
                    self.open = None;
                }
                (Some(_), _) => self.inside = true,
                (None, Some((b, n, rest))) if b == b'~' || !rest.contains(&b'`') => {
                    self.open = Some((b, n));
                }
                (None, _) => {}
            }
            self.line = end + 1;
        }
        self.inside
    }
}

/// A fence line (up to three spaces, then three or more of one of `` ` ``
/// and `~`): its byte, its length and the rest of the line.
fn fence(line: &[u8]) -> Option<(u8, usize, &[u8])> {
    let indent = line.iter().take_while(|&&b| b == b' ').count();
    if indent > 3 {
        return None;
    }
    let line = &line[indent..];
    let byte = *line.first().filter(|&&b| b == b'`' || b == b'~')?;
    let len = line.iter().take_while(|&&b| b == byte).count();
    (len >= 3).then(|| (byte, len, &line[len..]))
}

/// Whether `at` is inside a code span that opens and closes on its line,
/// with something other than spaces and `>` before it on the line (an
/// attribute list starts its line, after a quote's `>`).
fn in_code_span(bytes: &[u8], at: usize) -> bool {
    let start = memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |i| i + 1);
    let end = memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |i| at + i);
    if starts_its_line(&bytes[start..at]) {
        return false;
    }
    let line = &bytes[start..end];
    let at = at - start;
    let mut open: Option<usize> = None;
    let mut i = 0;
    while i < line.len() {
        if line[i] != b'`' {
            i += 1;
            continue;
        }
        let run = line[i..].iter().take_while(|&&b| b == b'`').count();
        match open {
            // A span opening after it: it is in none.
            None if i > at => return false,
            None => open = Some(run),
            // A span closing after it opened before it.
            Some(len) if len == run && i > at => return true,
            Some(len) if len == run => open = None,
            Some(_) => {}
        }
        i += run;
    }
    false
}

/// Whether only whitespace and `>` come before a position on its line.
fn starts_its_line(before: &[u8]) -> bool {
    // Always text: `before` runs from a line's start to a `{`.
    !matches!(std::str::from_utf8(before),
        Ok(before) if !before.trim_matches(|c: char| c.is_whitespace() || c == '>').is_empty())
}

/// Checks, as the events pass, that each `{:` the body was rendered
/// without kramdown for is where kramdown never looks: inside a top-level
/// code block, or inside other code with more than spaces and `>` before
/// it on its line (kramdown reads attribute lists from paragraphs' lines
/// and from the last line of lists, quotes and tables, which could be
/// code's, and from right after an element or a code span).
pub(crate) struct InCode<'a> {
    body: &'a str,
    offsets: Vec<usize>,
    /// How many of `offsets` the parse put in code.
    seen: usize,
    /// `offsets[next..]` are after the events seen so far.
    next: usize,
}

/// The check for the `{:` of `body` at `offsets` (in order).
pub(crate) fn in_code(body: &str, offsets: Vec<usize>) -> InCode<'_> {
    InCode {
        body,
        offsets,
        seen: 0,
        next: 0,
    }
}

impl InCode<'_> {
    /// Code of the body's bytes `range`: an inline code span, or text in a
    /// code block (`top_level`: one that is a top-level block).
    pub(crate) fn see(&mut self, range: &std::ops::Range<usize>, top_level: bool) {
        // Offsets before this event were passed by: not in code.
        while self
            .offsets
            .get(self.next)
            .is_some_and(|&at| at < range.start)
        {
            self.next += 1;
        }
        while let Some(&at) = self.offsets.get(self.next) {
            if at + 2 > range.end {
                break;
            }
            self.next += 1;
            let line_start = self.body[..at].rfind('\n').map_or(0, |i| i + 1);
            if top_level
                || (at > range.start && !starts_its_line(&self.body.as_bytes()[line_start..at]))
            {
                self.seen += 1;
            }
        }
    }

    /// Every `{:` was seen in code.
    pub(crate) fn all_seen(&self) -> bool {
        self.seen == self.offsets.len()
    }
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

#[cfg(test)]
mod tests {
    use super::test_util::html;
    use super::{Wanted, wanted};

    #[test]
    fn braces_in_code_spans_and_fenced_code_do_not_wake_kramdown() {
        let body = "Use `{:?}` or `` {:#?} ``.\n\n```rust\nprintln!(\"{:?}\", x);\n```\n";
        assert!(matches!(wanted(body), Wanted::InCode(offsets) if offsets.len() == 3));
        assert_eq!(
            html(body),
            "<p data-line=\"1\">Use <code>{:?}</code> or <code>{:#?}</code>.</p>\n\
             <pre data-line=\"3\"><code class=\"language-rust\">println!(\"{:?}\", x);\n</code></pre>\n"
        );
    }

    #[test]
    fn an_attribute_list_or_an_abbreviation_outside_code_wakes_kramdown() {
        assert_eq!(wanted("Text\n{: .note}\n"), Wanted::Yes);
        assert_eq!(wanted("`{:?}` and\n  *[HTML]: Markup\n"), Wanted::Yes);
        assert_eq!(wanted("*[HTML]: Markup\n"), Wanted::Yes);
        assert_eq!(wanted("`a` {: .x} `b`\n"), Wanted::Yes);
        assert_eq!(wanted("No braces here.\n"), Wanted::No);
    }

    #[test]
    fn a_star_before_a_link_that_defines_nothing_leaves_kramdown_asleep() {
        // `*[` is only an abbreviation where it starts a line that defines one.
        for body in [
            "*[foo*](/url) and *[bar]*\n",
            "Text *[HTML]: not at the start of its line\n",
            "> *[HTML]: in a quote\n",
        ] {
            assert_eq!(wanted(body), Wanted::No, "{body}");
        }
        assert_eq!(
            html("*[foo*](/url)\n"),
            "<p data-line=\"1\">*<a href=\"/url\">foo*</a></p>\n"
        );
        // A quote's definition was never one (kramdown's stage asked the line
        // as it stands): it stays text.
        assert_eq!(
            html("> *[HTML]: in a quote\n\nHTML\n"),
            "<blockquote data-line=\"1\">\n<p>*[HTML]: in a quote</p>\n</blockquote>\n<p data-line=\"3\">HTML</p>\n"
        );
    }

    #[test]
    fn an_attribute_list_the_line_scan_takes_for_code_still_applies() {
        // The list item's closing fence looks like an opening one to the
        // scan of lines, so the attribute list after it looks like code;
        // the parse shows otherwise, and the body is rendered with kramdown.
        let body = "- ```\n  a\n  ```\n\nText\n{: .note}\n";
        assert!(matches!(wanted(body), Wanted::InCode(_)));
        assert!(
            html(body).contains("<p data-line=\"5\" class=\"note\">Text</p>"),
            "{}",
            html(body)
        );
    }
}
