//! Source lines: which file line each top-level block starts on, and the
//! `data-line` attributes that carry it into the HTML as it is written.

use super::writer::push_decimal;

/// Gives the first element written after each mark ` data-line="N"`, right
/// after its tag name, as the HTML is written: a mark looks for that element
/// only until the next mark (a block that writes no element, such as a
/// comment, gets none).
#[derive(Default)]
pub(crate) struct LineAttributes {
    state: Search,
    /// A mark made while a tag name was still being written: it looks from
    /// the end of that name on.
    queued: Option<usize>,
    /// (output offset, line) of each mark that found no `<` before the next
    /// mark or the end: a table of contents put there later takes the line.
    pub unused: Vec<(usize, usize)>,
}

#[derive(Clone, Copy, Default)]
enum Search {
    #[default]
    Idle,
    /// The line, and the output offset of its mark: looking for `<`.
    Wanted(usize, usize),
    /// `<` written: an element if a letter follows.
    AfterLt(usize),
    /// In the tag name.
    InName(usize),
}

impl LineAttributes {
    /// The element written next, after `written` bytes of HTML, gets `line`.
    pub(crate) fn mark(&mut self, written: usize, line: usize) {
        match self.state {
            Search::Idle => self.state = Search::Wanted(line, written),
            Search::Wanted(old, at) => {
                self.unused.push((at, old));
                self.state = Search::Wanted(line, written);
            }
            Search::AfterLt(_) | Search::InName(_) => self.queued = Some(line),
        }
    }

    /// No mark is looking for its element: text may be written straight
    /// into the HTML.
    #[inline(always)]
    pub(crate) fn is_idle(&self) -> bool {
        matches!(self.state, Search::Idle)
    }

    /// Appends `text` to `html`, with the attribute where it belongs.
    #[inline(always)]
    pub(crate) fn write(&mut self, html: &mut String, text: &str) {
        match self.state {
            Search::Idle => html.push_str(text),
            _ => self.write_searching(html, text),
        }
    }

    #[inline(never)]
    fn write_searching(&mut self, html: &mut String, mut text: &str) {
        loop {
            match self.state {
                Search::Idle => break,
                Search::Wanted(line, _) => match memchr::memchr(b'<', text.as_bytes()) {
                    Some(lt) => {
                        html.push_str(&text[..=lt]);
                        text = &text[lt + 1..];
                        self.state = Search::AfterLt(line);
                    }
                    None => break,
                },
                Search::AfterLt(line) => {
                    let Some(first) = text.bytes().next() else {
                        return;
                    };
                    self.state = if first.is_ascii_alphabetic() {
                        Search::InName(line)
                    } else {
                        self.after_tag(html.len())
                    };
                }
                Search::InName(line) => {
                    // Bytes, not chars: each of these is ASCII, so the cut is
                    // on a character boundary.
                    let Some(end) = text
                        .bytes()
                        .position(|b| b.is_ascii_whitespace() || b == b'>' || b == b'/')
                    else {
                        break;
                    };
                    html.push_str(&text[..end]);
                    text = &text[end..];
                    push_line(html, line);
                    self.state = self.after_tag(html.len());
                }
            }
        }
        html.push_str(text);
    }

    /// What comes after a tag the search reached: the queued mark, if any.
    fn after_tag(&mut self, written: usize) -> Search {
        match self.queued.take() {
            Some(line) => Search::Wanted(line, written),
            None => Search::Idle,
        }
    }

    /// The end of the HTML: a tag name still open there ends there.
    pub(crate) fn finish(&mut self, html: &mut String) {
        match std::mem::take(&mut self.state) {
            Search::InName(line) => push_line(html, line),
            Search::Wanted(line, at) => self.unused.push((at, line)),
            Search::Idle | Search::AfterLt(_) => {}
        }
        if let Some(line) = self.queued.take() {
            self.unused.push((html.len(), line));
        }
    }
}

fn push_line(html: &mut String, line: usize) {
    html.push_str(" data-line=\"");
    push_decimal(html, line as u64);
    html.push('"');
}

/// `html` (a table of contents put where a block wrote no element) with
/// ` data-line="N"` after its first tag name, as that block's mark gives it.
pub(crate) fn with_line(html: String, line: usize) -> String {
    let mut lines = LineAttributes::default();
    lines.mark(0, line);
    let mut out = String::with_capacity(html.len() + 16);
    lines.write(&mut out, &html);
    lines.finish(&mut out);
    out
}

/// Where a body's lines are in the file: from a first line on, or line by
/// line (a body the compatibility stage rewrote, see `crate::compat`).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Lines<'m> {
    first: usize,
    map: Option<&'m [usize]>,
}

impl<'m> Lines<'m> {
    /// The body's line `n` (0-based) is the file's line `first + n`.
    pub fn from(first: usize) -> Self {
        Lines { first, map: None }
    }

    /// The body's line `n` is the file's line `map[n]`.
    pub fn mapped(map: &'m [usize]) -> Self {
        Lines {
            first: map.first().copied().unwrap_or(1),
            map: Some(map),
        }
    }

    fn file_line(&self, n: usize) -> usize {
        match self.map {
            Some(map) => map.get(n).or(map.last()).copied().unwrap_or(self.first),
            None => self.first + n,
        }
    }
}

/// Maps byte offsets of a body to 1-based file lines; offsets arrive in
/// increasing order, so a forward scan is enough.
pub(super) struct LineIndex<'a> {
    body: &'a [u8],
    offset: usize,
    /// 0-based line of `offset` in the body.
    line: usize,
    lines: Lines<'a>,
}

impl<'a> LineIndex<'a> {
    pub(super) fn new(body: &'a str, lines: Lines<'a>) -> Self {
        LineIndex {
            body: body.as_bytes(),
            offset: 0,
            line: 0,
            lines,
        }
    }

    pub(super) fn line_of(&mut self, offset: usize) -> usize {
        let offset = offset.min(self.body.len());
        let newlines = |bytes: &[u8]| memchr::memchr_iter(b'\n', bytes).count();
        if offset < self.offset {
            // Not expected (top-level blocks come in order); recount.
            self.line -= newlines(&self.body[offset..self.offset]);
        } else {
            self.line += newlines(&self.body[self.offset..offset]);
        }
        self.offset = offset;
        self.lines.file_line(self.line)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::test_util::blog;
    use crate::markdown::{ExcerptRule, Options, render_body};

    #[test]
    fn top_level_blocks_carry_their_source_line() {
        let html =
            blog("Para one\ncontinues\n\n- a\n- b\n\n```rust\nfn x() {}\n```\n\n---\n\n> quote\n");
        assert!(html.contains("<p data-line=\"1\">Para one"), "{html}");
        assert!(html.contains("<ul data-line=\"4\">"), "{html}");
        assert!(
            html.contains("<pre data-line=\"7\"><code class=\"language-rust\">"),
            "{html}"
        );
        assert!(html.contains("<hr data-line=\"11\" />"), "{html}");
        assert!(html.contains("<blockquote data-line=\"13\">"), "{html}");
        assert_eq!(html.matches("data-line").count(), 5, "{html}");
    }

    #[test]
    fn a_block_that_writes_no_element_gives_its_line_to_no_other() {
        let html = blog("<!-- a note -->\n\nText\n\n<span>x</span>\n");
        assert_eq!(
            html,
            "\n<p data-line=\"3\">Text</p>\n<p data-line=\"5\"><span>x</span></p>\n"
        );
    }

    #[test]
    fn lines_are_counted_from_the_start_of_the_body_in_the_file() {
        let r = render_body(
            "# Title\n",
            Some(Lines::from(5)),
            &Options::default(),
            ExcerptRule::None,
        );
        assert!(r.html.starts_with("<h1 data-line=\"5\""), "{}", r.html);
    }
}
