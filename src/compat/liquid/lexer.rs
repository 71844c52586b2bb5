//! Splits a template into text, `{{ … }}` outputs and `{% … %}` tags, in one
//! pass that also tracks Markdown code (fenced blocks and inline code spans),
//! where Liquid stays literal except `{% raw %}`/`{% endraw %}` (see the
//! module's documentation). `raw` and `comment` bodies are resolved here, as
//! Liquid's own tokenizer does, and whitespace control (`{{-`, `-%}`) trims
//! the neighbouring text.

use std::collections::HashMap;
use std::ops::Range;

/// One piece of a template; ranges are byte offsets in its text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Tok {
    /// Text copied as it is.
    Text(Range<usize>),
    /// `{{ inner }}`, the whole of it at `span`.
    Output {
        inner: Range<usize>,
        span: Range<usize>,
    },
    /// `{% name args %}`.
    Tag {
        name: String,
        args: Range<usize>,
        span: Range<usize>,
    },
    /// A `{{` or `{%` never closed (`span` is the opener).
    Unterminated { span: Range<usize> },
}

/// A problem the lexer found: byte offset and message.
pub(super) type LexWarning = (usize, String);

/// Splits `text` into tokens.
pub(super) fn lex(text: &str) -> (Vec<Tok>, Vec<LexWarning>) {
    let mut lexer = Lexer {
        text,
        bytes: text.as_bytes(),
        toks: Vec::new(),
        warnings: Vec::new(),
        text_start: 0,
        trim_next: false,
        no_close: HashMap::new(),
        para: None,
    };
    lexer.run();
    (lexer.toks, lexer.warnings)
}

struct Lexer<'t> {
    text: &'t str,
    bytes: &'t [u8],
    toks: Vec<Tok>,
    warnings: Vec<LexWarning>,
    /// Where the pending text starts.
    text_start: usize,
    /// The last tag ended with `-%}`/`-}}`: trim the next text's start.
    trim_next: bool,
    /// Searches that failed from an offset: no such needle after it.
    no_close: HashMap<&'static str, usize>,
    /// The backtick runs of the paragraph being scanned.
    para: Option<Paragraph>,
}

struct Paragraph {
    end: usize,
    /// (run length, start offsets ascending), per length (a paragraph has
    /// few: a list beats a hash map).
    runs: Vec<(usize, Vec<usize>)>,
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

impl<'t> Lexer<'t> {
    fn run(&mut self) {
        let len = self.bytes.len();
        let mut p = 0;
        let mut line_start = true;
        let mut fence: Option<(u8, usize)> = None;
        let mut in_highlight = false;
        let mut code_end = 0; // end of the inline code span p is in
        let mut line_code_end = 0; // end of a fence line
        while p < len {
            if line_start {
                line_start = false;
                let line_end = self.find_byte(b'\n', p).unwrap_or(len);
                let line = &self.bytes[p..line_end];
                if let Some((ch, n)) = fence {
                    if closes_fence(line, ch, n) {
                        fence = None;
                        line_code_end = line_end;
                    }
                } else if !in_highlight
                    && p >= code_end
                    && let Some(open) = opens_fence(line)
                {
                    fence = Some(open);
                    line_code_end = line_end;
                }
            }
            let in_code = fence.is_some() || p < code_end || p < line_code_end;
            match self.bytes[p] {
                b'\n' => {
                    p += 1;
                    line_start = true;
                }
                b'`' if !in_code && !in_highlight => {
                    let n = self.run_len(p);
                    if let Some(close) = self.closing_run(p, n) {
                        code_end = close + n;
                    }
                    p += n;
                }
                b'{' if matches!(self.bytes.get(p + 1), Some(b'{' | b'%')) => {
                    p = if in_code {
                        self.in_code(p)
                    } else {
                        self.tag(p, &mut in_highlight)
                    };
                }
                // Nothing else matters to the loop: on to the next byte
                // that does.
                _ => {
                    p += 1;
                    p += memchr::memchr3(b'\n', b'`', b'{', &self.bytes[p..]).unwrap_or(len - p);
                }
            }
        }
        self.flush(len);
    }

    fn find_byte(&self, byte: u8, from: usize) -> Option<usize> {
        memchr::memchr(byte, self.bytes.get(from..)?).map(|at| from + at)
    }

    /// `needle` at or after `from` (remembering failures, so a thousand
    /// unclosed `{{` cost one scan).
    fn find(&mut self, needle: &'static str, from: usize) -> Option<usize> {
        if let Some(&failed) = self.no_close.get(needle)
            && from >= failed
        {
            return None;
        }
        let found = self
            .text
            .get(from..)
            .and_then(|rest| rest.find(needle))
            .map(|at| from + at);
        if found.is_none() {
            self.no_close.insert(needle, from);
        }
        found
    }

    fn run_len(&self, p: usize) -> usize {
        self.bytes[p..].iter().take_while(|&&b| b == b'`').count()
    }

    /// The start of the backtick run of exactly `n` that closes the code span
    /// opened at `p`, within its paragraph.
    fn closing_run(&mut self, p: usize, n: usize) -> Option<usize> {
        if self.para.as_ref().is_none_or(|para| p >= para.end) {
            self.para = Some(self.paragraph(p));
        }
        let (_, runs) = self.para.as_ref()?.runs.iter().find(|(len, _)| *len == n)?;
        let at = runs.partition_point(|&start| start <= p);
        runs.get(at).copied()
    }

    /// The paragraph from `p`: up to a blank line or a fence line.
    fn paragraph(&self, p: usize) -> Paragraph {
        let len = self.bytes.len();
        let mut end = self.find_byte(b'\n', p).map_or(len, |at| at + 1);
        while end < len {
            let line_end = self.find_byte(b'\n', end).unwrap_or(len);
            let line = &self.bytes[end..line_end];
            if line.iter().all(|&b| is_space(b)) || opens_fence(line).is_some() {
                break;
            }
            end = (line_end + 1).min(len);
        }
        let mut runs: Vec<(usize, Vec<usize>)> = Vec::new();
        let mut at = p;
        while let Some(found) = memchr::memchr(b'`', &self.bytes[at.min(end)..end]) {
            at += found;
            let n = self.run_len(at).min(end - at);
            match runs.iter_mut().find(|(len, _)| *len == n) {
                Some((_, starts)) => starts.push(at),
                None => runs.push((n, vec![at])),
            }
            at += n;
        }
        Paragraph { end, runs }
    }

    fn flush(&mut self, end: usize) {
        let mut start = self.text_start;
        if self.trim_next {
            while start < end && is_space(self.bytes[start]) {
                start += 1;
            }
            self.trim_next = false;
        }
        if start < end {
            self.toks.push(Tok::Text(start..end));
        }
    }

    /// Ends the pending text at `at`, trimming its end for `{{-`/`{%-`.
    fn flush_before(&mut self, at: usize, trim: bool) {
        let mut end = at;
        if trim {
            while end > self.text_start && is_space(self.bytes[end - 1]) {
                end -= 1;
            }
        }
        self.flush(end);
    }

    /// `{%` or `{{` inside code at `p`: only `raw`/`endraw` act. Returns
    /// where scanning goes on.
    fn in_code(&mut self, p: usize) -> usize {
        if self.bytes[p + 1] != b'%' {
            return p + 2;
        }
        let Some(close) = self.find("%}", p + 2) else {
            return p + 2;
        };
        let (name, _) = tag_name(self.text, p + 2, close);
        match name {
            "raw" => {
                self.flush_before(p, false);
                self.raw_body(p, close + 2, false)
            }
            "endraw" => {
                self.flush_before(p, false);
                self.text_start = close + 2;
                close + 2
            }
            _ => p + 2,
        }
    }

    /// A `raw` opened by the tag at `p` whose `%}` ends at `body`: the body
    /// up to `{% endraw %}` is text. Returns the offset after `endraw`.
    fn raw_body(&mut self, p: usize, body: usize, trim: bool) -> usize {
        let (mut start, trim_start) = (body, trim && self.bytes[body - 3] == b'-');
        if trim_start {
            while start < self.bytes.len() && is_space(self.bytes[start]) {
                start += 1;
            }
        }
        match self.end_tag("endraw", body) {
            Some((end_open, end_close)) => {
                let mut end = end_open;
                if trim && self.bytes.get(end_open + 2) == Some(&b'-') {
                    while end > start && is_space(self.bytes[end - 1]) {
                        end -= 1;
                    }
                }
                if start < end {
                    self.toks.push(Tok::Text(start..end));
                }
                self.text_start = end_close;
                self.trim_next = trim && self.bytes[end_close - 3] == b'-';
                end_close
            }
            None => {
                self.warnings.push((
                    p,
                    "`{% raw %}` is never closed by `{% endraw %}`: the rest of the post is shown as it is"
                        .to_string(),
                ));
                let len = self.bytes.len();
                if start < len {
                    self.toks.push(Tok::Text(start..len));
                }
                self.text_start = len;
                len
            }
        }
    }

    /// The next `{% name %}` (any whitespace control) from `from`: the
    /// offsets of its `{%` and after its `%}`.
    fn end_tag(&mut self, name: &'static str, from: usize) -> Option<(usize, usize)> {
        let mut at = from;
        loop {
            let open = self.find("{%", at)?;
            let close = self.find("%}", open + 2)?;
            let (found, rest) = tag_name(self.text, open + 2, close);
            if found == name
                && rest
                    .trim_matches(|c: char| c.is_whitespace() || c == '-')
                    .is_empty()
            {
                return Some((open, close + 2));
            }
            at = open + 2;
        }
    }

    /// A tag or output outside code at `p`. Returns where scanning goes on.
    fn tag(&mut self, p: usize, in_highlight: &mut bool) -> usize {
        let output = self.bytes[p + 1] == b'{';
        let closer = if output { "}}" } else { "%}" };
        let trim_before = self.bytes.get(p + 2) == Some(&b'-');
        let Some(close) = self.find(closer, p + 2) else {
            self.flush_before(p, false);
            self.toks.push(Tok::Unterminated { span: p..p + 2 });
            self.text_start = p + 2;
            return p + 2;
        };
        let end = close + 2;
        let trim_after = close > p + 2 && self.bytes[close - 1] == b'-';
        let inner_start = p + 2 + usize::from(trim_before);
        let inner_end = (close - usize::from(trim_after)).max(inner_start);
        self.flush_before(p, trim_before);
        if output {
            self.toks.push(Tok::Output {
                inner: inner_start..inner_end,
                span: p..end,
            });
            self.text_start = end;
            self.trim_next = trim_after;
            return end;
        }
        let (name, _) = tag_name(self.text, p + 2, close);
        let name = name.to_string();
        let name_end = self.text[inner_start..inner_end]
            .find(name.as_str())
            .map_or(inner_start, |at| inner_start + at + name.len());
        match name.as_str() {
            "raw" => return self.raw_body(p, end, true),
            "comment" => {
                let after = match self.end_tag("endcomment", end) {
                    Some((_, after)) => after,
                    None => {
                        self.warnings.push((
                            p,
                            "`{% comment %}` is never closed by `{% endcomment %}`: the rest of the post is hidden"
                                .to_string(),
                        ));
                        self.bytes.len()
                    }
                };
                self.text_start = after;
                self.trim_next = after >= 3 && self.bytes[after - 3] == b'-';
                return after;
            }
            "highlight" => *in_highlight = true,
            "endhighlight" => *in_highlight = false,
            _ => {}
        }
        if name.starts_with('#') {
            // `{% # inline comment %}`
            self.text_start = end;
            self.trim_next = trim_after;
            return end;
        }
        self.toks.push(Tok::Tag {
            name,
            args: name_end..inner_end,
            span: p..end,
        });
        self.text_start = end;
        self.trim_next = trim_after;
        end
    }
}

/// The name of the tag whose inside is `text[from..to]` (after `{%`, before
/// `%}`), skipping whitespace control, and what follows it.
pub(super) fn tag_name(text: &str, from: usize, to: usize) -> (&str, &str) {
    let inner = text.get(from..to).unwrap_or("");
    let inner = inner.trim_start_matches('-').trim_start();
    let end = inner
        .char_indices()
        .find(|&(i, c)| !(c.is_alphanumeric() || c == '_' || (i == 0 && c == '#')))
        .map_or(inner.len(), |(i, _)| i);
    (&inner[..end], &inner[end..])
}

/// The fence a line opens (`(char, length)`), after any indentation and
/// blockquote markers: three or more backticks (info without backticks) or
/// tildes.
fn opens_fence(line: &[u8]) -> Option<(u8, usize)> {
    let rest = strip_prefix(line);
    let ch = *rest.first()?;
    if ch != b'`' && ch != b'~' {
        return None;
    }
    let n = rest.iter().take_while(|&&b| b == ch).count();
    if n < 3 || (ch == b'`' && rest[n..].contains(&b'`')) {
        return None;
    }
    Some((ch, n))
}

/// Whether a line closes a fence of `n` `ch`s.
fn closes_fence(line: &[u8], ch: u8, n: usize) -> bool {
    let rest = strip_prefix(line);
    let count = rest.iter().take_while(|&&b| b == ch).count();
    count >= n && rest[count..].iter().all(|&b| is_space(b))
}

fn strip_prefix(line: &[u8]) -> &[u8] {
    let mut at = 0;
    while at < line.len() && matches!(line[at], b' ' | b'\t' | b'>') {
        at += 1;
    }
    &line[at..]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(input: &str) -> Vec<String> {
        lex(input)
            .0
            .iter()
            .map(|tok| match tok {
                Tok::Text(r) => format!("T:{}", &input[r.clone()]),
                Tok::Output { inner, .. } => format!("O:{}", input[inner.clone()].trim()),
                Tok::Tag { name, args, .. } => format!("G:{name}:{}", input[args.clone()].trim()),
                Tok::Unterminated { .. } => "U".to_string(),
            })
            .collect()
    }

    #[test]
    fn outputs_tags_and_text_are_told_apart() {
        assert_eq!(
            texts("a {{ x }} b {% if y %}c{% endif %}"),
            ["T:a ", "O:x", "T: b ", "G:if:y", "T:c", "G:endif:"]
        );
    }

    #[test]
    fn whitespace_control_trims_the_neighbouring_text() {
        assert_eq!(texts("a \n {{- x -}} \n b"), ["T:a", "O:x", "T:b"]);
    }

    #[test]
    fn liquid_in_a_fence_or_a_code_span_is_text() {
        assert_eq!(texts("```\n{{ x }}\n```\n"), ["T:```\n{{ x }}\n```\n"]);
        assert_eq!(texts("a `{{ x }}` b"), ["T:a `{{ x }}` b"]);
    }

    #[test]
    fn raw_in_code_is_removed_and_its_body_kept() {
        assert_eq!(
            texts("```\n{% raw %}{{ x }}{% endraw %}\n```\n"),
            ["T:```\n", "T:{{ x }}", "T:\n```\n"]
        );
    }
}
