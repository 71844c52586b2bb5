//! The HTML writer: every rendering goes through one instance of
//! pulldown-cmark's writer, and the commonmark preset's quotes are written as
//! the reference implementations write them.

use super::lines::LineAttributes;
use super::parser::Links;
use crate::escape::{Escape, escape_into};
use pulldown_cmark::{Event, Options as CmarkOptions, Parser, Tag, TagEnd};
use std::cell::RefCell;
use std::rc::Rc;

/// The HTML written so far, shared: the stages before the writer see how
/// much is out when a block starts, and mark where `data-line` goes.
#[derive(Default)]
pub(crate) struct Html {
    text: String,
    lines: LineAttributes,
}

impl Html {
    pub(crate) fn with_capacity(capacity: usize) -> Rc<RefCell<Html>> {
        Rc::new(RefCell::new(Html {
            text: String::with_capacity(capacity),
            lines: LineAttributes::default(),
        }))
    }

    /// Bytes written so far.
    pub(crate) fn len(&self) -> usize {
        self.text.len()
    }

    /// The element written next gets ` data-line="line"`.
    pub(crate) fn mark_line(&mut self, line: usize) {
        self.lines.mark(self.text.len(), line);
    }

    /// (output offset, line) of each mark that found no element to take it.
    pub(crate) fn unused_marks(&mut self) -> Vec<(usize, usize)> {
        std::mem::take(&mut self.lines.unused)
    }

    /// The HTML, every `data-line` in place.
    pub(crate) fn finish(&mut self) -> String {
        self.lines.finish(&mut self.text);
        std::mem::take(&mut self.text)
    }
}

/// A `fmt::Write` that appends to the shared HTML.
struct SharedWriter(Rc<RefCell<Html>>);

/// Every rendering goes through this one call with one iterator type and one
/// writer type, so pulldown-cmark's HTML writer is compiled once (each extra
/// instance is another copy of it in the wasm).
pub(super) fn write_events<'a>(
    events: &mut dyn Iterator<Item = Event<'a>>,
    out: &Rc<RefCell<Html>>,
) {
    // Writing to a String cannot fail.
    let _ = pulldown_cmark::html::write_html_fmt(SharedWriter(Rc::clone(out)), events);
}

pub(crate) fn write_html<'a>(
    events: &mut dyn Iterator<Item = Event<'a>>,
    capacity: usize,
) -> String {
    let out = Html::with_capacity(capacity * 3 / 2);
    write_events(events, &out);
    out.borrow_mut().finish()
}

impl std::fmt::Write for SharedWriter {
    #[inline(always)]
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        let Html { text, lines } = &mut *self.0.borrow_mut();
        lines.write(text, s);
        Ok(())
    }
}

/// Plain CommonMark HTML of `text` (no extensions: captions and Hugo's
/// `markdownify` in the compatibility stage), through the renderer's own
/// parser and writer types (`Parser::new_ext` and `push_html` would compile
/// pulldown-cmark's parser and writer a second time into the wasm).
/// `Links(None)` resolves no broken link, as `new_ext`.
pub(crate) fn plain_html(text: &str) -> String {
    let mut events =
        Parser::new_with_broken_link_callback(text, CmarkOptions::empty(), Some(Links(None)));
    let out = Html::with_capacity(text.len() * 3 / 2);
    write_events(&mut events, &out);
    out.borrow_mut().finish()
}

/// Writes `"` in text as `&quot;`, as the CommonMark reference
/// implementations do (pulldown-cmark leaves it literal, which is the same
/// HTML but not the same bytes as the spec's examples). Text inside image
/// descriptions is left to the writer, which escapes it for the `alt`
/// attribute itself.
pub(super) fn quote_text<'a>(
    events: impl Iterator<Item = Event<'a>>,
) -> impl Iterator<Item = Event<'a>> {
    let mut in_image = 0usize;
    events.map(move |event| match event {
        Event::Start(Tag::Image { .. }) => {
            in_image += 1;
            event
        }
        Event::End(TagEnd::Image) => {
            in_image = in_image.saturating_sub(1);
            event
        }
        Event::Text(text) if in_image == 0 && text.contains('"') => {
            Event::Html(escape_text(&text).into())
        }
        Event::Code(code) if in_image == 0 && code.contains('"') => {
            Event::InlineHtml(format!("<code>{}</code>", escape_text(&code)).into())
        }
        other => other,
    })
}

/// `text` as the CommonMark reference implementations escape it.
fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    escape_into(&mut out, text, Escape::DoubleQuoted);
    out
}

/// `n` in decimal, as `format!("{n}")` writes it, without the formatter or an allocation
/// (a heading id's `-N`, a block's `data-line`).
pub(super) fn push_decimal(out: &mut String, mut n: usize) {
    let mut digits = [0u8; 20];
    let mut start = digits.len();
    loop {
        start -= 1;
        digits[start] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    // Room once, then one byte per digit (`from_utf8` and a copy measured
    // slower on these few bytes).
    out.reserve(digits.len() - start);
    for &digit in &digits[start..] {
        out.push(char::from(digit));
    }
}

#[cfg(test)]
mod tests {
    use super::push_decimal;
    use crate::markdown::{Options, Preset, render_markdown};

    #[test]
    fn commonmark_preset_writes_quotes_in_text_as_entities() {
        let options = Options {
            preset: Preset::CommonMark,
            ..Options::default()
        };
        let html = render_markdown("\"a\" `\"b\"` ![\"c\" `\"d\"`](x.png)\n", &options);
        assert_eq!(
            html,
            "<p>&quot;a&quot; <code>&quot;b&quot;</code> <img src=\"x.png\" alt=\"&quot;c&quot; &quot;d&quot;\" /></p>\n"
        );
    }

    #[test]
    fn a_number_is_written_as_format_writes_it() {
        for n in [0, 1, 9, 10, 99, 100, 12345, usize::MAX] {
            let mut s = String::from("x-");
            push_decimal(&mut s, n);
            assert_eq!(s, format!("x-{n}"));
        }
    }
}
