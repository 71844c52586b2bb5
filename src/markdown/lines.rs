//! Source lines: which file line each top-level block starts on, and the
//! `data-line` attributes that carry it into the HTML.

/// Inserts ` data-line="N"` after the tag name of the first element in each
/// marked stretch of output (searching only up to the next mark).
pub(super) fn insert_line_attributes(html: String, marks: &[(usize, usize)]) -> String {
    let mut result = String::with_capacity(html.len() + marks.len() * 16);
    let mut copied = 0;
    for (index, &(at, line)) in marks.iter().enumerate() {
        let limit = marks.get(index + 1).map_or(html.len(), |m| m.0);
        let Some(segment) = html.get(at..limit) else {
            continue;
        };
        let Some(lt) = segment.find('<') else {
            continue;
        };
        let tag = &segment[lt + 1..];
        if !tag.starts_with(|c: char| c.is_ascii_alphabetic()) {
            continue;
        }
        let name_len = tag
            .find(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/')
            .unwrap_or(tag.len());
        let insert_at = at + lt + 1 + name_len;
        result.push_str(&html[copied..insert_at]);
        result.push_str(" data-line=\"");
        result.push_str(&line.to_string());
        result.push('"');
        copied = insert_at;
    }
    result.push_str(&html[copied..]);
    result
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
        if offset < self.offset {
            // Not expected (top-level blocks come in order); recount.
            self.line -= self.body[offset..self.offset]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
        } else {
            self.line += self.body[self.offset..offset]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
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
