//! Finds the shortcodes of a body in one pass: Hugo's `{{< >}}` and
//! `{{% %}}` tags, Zola's `{{ name(…) }}` and `{% name(…) %}…{% end %}`,
//! both engines' escapes, and Zola's `@/` internal links.
//!
//! Fenced code blocks and inline code spans only get their escapes undone
//! (a post shows shortcode syntax there as code); Liquid's
//! `{% raw %}…{% endraw %}` is left alone entirely. Every tag is read with a
//! bounded look-ahead, so no input makes the scan quadratic beyond
//! [`MAX_TAG`] per tag.

use super::tag::{Args, hugo_tag, zola_call};

/// The longest a tag (or an escape, or a code span's search) may be.
pub(super) const MAX_TAG: usize = 4096;

#[derive(Clone, Debug, PartialEq)]
pub(super) enum Kind {
    /// `{{< name >}}` (`markdown: false`) or `{{% name %}}`; `close` for
    /// `{{< /name >}}`.
    Hugo {
        name: String,
        args: Args,
        markdown: bool,
        close: bool,
        self_closing: bool,
    },
    /// `{{ name(…) }}` (`body: false`) or `{% name(…) %}`.
    Zola {
        name: String,
        args: Args,
        body: bool,
    },
    /// `{% end %}`.
    ZolaEnd,
    /// An escaped shortcode, and the literal text it stands for.
    Escape(String),
    /// `@/path` in a link destination: the path after `@/`.
    Link(String),
}

#[derive(Clone, Debug, PartialEq)]
pub(super) struct Token {
    pub kind: Kind,
    /// Byte range in the body.
    pub start: usize,
    pub end: usize,
}

/// The tokens of `text`, in order, and the offsets and messages of what
/// looked like a shortcode but could not be read.
pub(super) fn scan(text: &str) -> (Vec<Token>, Vec<(usize, String)>) {
    if !may_hold_shortcodes(text) {
        return (Vec::new(), Vec::new());
    }
    full_scan(text)
}

/// [`scan`] without the check that skips it.
fn full_scan(text: &str) -> (Vec<Token>, Vec<(usize, String)>) {
    let mut scanner = Scanner {
        text,
        bytes: text.as_bytes(),
        tokens: Vec::new(),
        warnings: Vec::new(),
        highlight_close: None,
    };
    scanner.run();
    (scanner.tokens, scanner.warnings)
}

/// Whether anything in `text`, code included, starts what the scan reads
/// as a tag, an escape or a `@/` link (the same tests as [`Scanner::brace`]):
/// most bodies with `{{` or `{%` hold Liquid or Rust's `{{closure}}` and
/// nothing for this engine, and skip the scan line by line.
fn may_hold_shortcodes(text: &str) -> bool {
    if memchr::memmem::find(text.as_bytes(), b"@/").is_some() {
        return true;
    }
    memchr::memchr_iter(b'{', text.as_bytes()).any(|at| {
        let rest = &text[at..];
        (rest.starts_with("{{") || rest.starts_with("{%"))
            && (rest[2..].starts_with(['<', '%'])
                || rest[2..].starts_with("/*")
                || is_zola_end(rest)
                || zola_call_start(rest).is_some())
    })
}

struct Scanner<'t> {
    text: &'t str,
    bytes: &'t [u8],
    tokens: Vec<Token>,
    warnings: Vec<(usize, String)>,
    /// The last search for a `highlight`'s closing tag: where it started,
    /// what it found (searches only move on, so this keeps them linear).
    highlight_close: Option<(usize, Option<usize>)>,
}

impl Scanner<'_> {
    fn run(&mut self) {
        let len = self.bytes.len();
        let mut i = 0;
        let mut line_start = true;
        // The next `(@/` (a `[text](@/path)` link may start there), once
        // looked for.
        let mut next_link = 0;
        while i < len {
            if line_start {
                if let Some((content, after)) = self.fence(i) {
                    self.escapes_only(content);
                    i = after;
                    continue;
                }
                if let Some(after) = self.reference_definition(i) {
                    i = after;
                    line_start = false;
                    continue;
                }
            }
            let b = self.bytes[i];
            line_start = b == b'\n';
            match b {
                b'`' => {
                    let run = self.run_of(i, b'`');
                    match self.code_span_end(i + run, run) {
                        Some(close) => {
                            self.escapes_only(i + run..close);
                            i = close + run;
                        }
                        None => i += run,
                    }
                }
                b'{' => i = self.brace(i),
                b'(' if self.bytes.get(i + 1) == Some(&b'@')
                    && self.bytes.get(i + 2) == Some(&b'/')
                    && i > 0
                    && self.bytes[i - 1] == b']' =>
                {
                    i = self.link(i + 1);
                }
                b'\n' => i += 1,
                // Nothing else matters to the loop up to the next line, the
                // next byte it reads or the next `(@/`: skip there.
                _ => {
                    i += 1;
                    if next_link < i {
                        next_link =
                            memchr::memmem::find(&self.bytes[i..], b"(@/").map_or(len, |at| i + at);
                    }
                    let next = memchr::memchr3(b'\n', b'`', b'{', &self.bytes[i..])
                        .map_or(len, |at| i + at);
                    i = next.min(next_link);
                }
            }
        }
    }

    fn run_of(&self, at: usize, byte: u8) -> usize {
        self.bytes[at..].iter().take_while(|&&b| b == byte).count()
    }

    /// A fenced code block opening at line start `at`: the range of its
    /// content and the offset after its closing fence (or the end).
    fn fence(&self, at: usize) -> Option<(std::ops::Range<usize>, usize)> {
        let indent = self.bytes[at..]
            .iter()
            .take(4)
            .take_while(|&&b| b == b' ')
            .count();
        if indent > 3 {
            return None;
        }
        let start = at + indent;
        let mark = *self.bytes.get(start)?;
        if mark != b'`' && mark != b'~' {
            return None;
        }
        let run = self.run_of(start, mark);
        if run < 3 {
            return None;
        }
        let line_end = self.line_end(start);
        if mark == b'`' && self.bytes[start + run..line_end].contains(&b'`') {
            return None;
        }
        let content = (line_end + 1).min(self.bytes.len());
        let mut line = content;
        while line < self.bytes.len() {
            let end = self.line_end(line);
            let trimmed = self.text[line..end].trim_start_matches(' ');
            let lead = end - line - trimmed.len();
            if lead <= 3
                && trimmed.as_bytes().first() == Some(&mark)
                && self.run_of(end - trimmed.len(), mark) >= run
                && trimmed.trim_end().bytes().all(|b| b == mark)
            {
                return Some((content..line, (end + 1).min(self.bytes.len())));
            }
            line = end + 1;
        }
        Some((content..self.bytes.len(), self.bytes.len()))
    }

    fn line_end(&self, from: usize) -> usize {
        memchr::memchr(b'\n', &self.bytes[from..]).map_or(self.bytes.len(), |p| from + p)
    }

    /// Where a code span opened by `run` backticks before `from` closes:
    /// the next run of exactly as many, before a blank line.
    fn code_span_end(&self, from: usize, run: usize) -> Option<usize> {
        let limit = (from + MAX_TAG).min(self.bytes.len());
        let mut i = from;
        while i < limit {
            match self.bytes[i] {
                b'`' => {
                    let n = self.run_of(i, b'`');
                    if n == run {
                        return Some(i);
                    }
                    i += n;
                }
                b'\n' if self.blank_line_follows(i) => return None,
                _ => i += 1,
            }
        }
        None
    }

    /// Whether the line after the newline at `at` is blank.
    fn blank_line_follows(&self, at: usize) -> bool {
        self.bytes[at + 1..]
            .iter()
            .take_while(|&&b| b != b'\n')
            .all(|b| b.is_ascii_whitespace())
    }

    /// Records the escapes in `range` (code), nothing else.
    fn escapes_only(&mut self, range: std::ops::Range<usize>) {
        let mut i = range.start;
        while let Some(found) = memchr::memchr(b'{', &self.bytes[i.min(range.end)..range.end]) {
            let at = i + found;
            if let Some(token) = self.escape(at)
                && token.end <= range.end
            {
                i = token.end;
                self.tokens.push(token);
                continue;
            }
            i = at + 1;
        }
    }

    /// The escape starting at `at`, if one does.
    fn escape(&self, at: usize) -> Option<Token> {
        let rest = &self.text[at..];
        let (open, close, literal_open, literal_close) = if rest.starts_with("{{</*") {
            ("{{</*", "*/>}}", "{{<", ">}}")
        } else if rest.starts_with("{{%/*") {
            ("{{%/*", "*/%}}", "{{%", "%}}")
        } else if rest.starts_with("{{/*") {
            ("{{/*", "*/}}", "{{", "}}")
        } else if rest.starts_with("{%/*") {
            ("{%/*", "*/%}", "{%", "%}")
        } else {
            return None;
        };
        let window = &rest[..floor_boundary(rest, MAX_TAG)];
        let inner_end = window[open.len()..].find(close)? + open.len();
        let inner = &rest[open.len()..inner_end];
        Some(Token {
            kind: Kind::Escape(format!("{literal_open}{inner}{literal_close}")),
            start: at,
            end: at + inner_end + close.len(),
        })
    }

    /// Reads what starts with `{` at `at`; returns where to go on.
    fn brace(&mut self, at: usize) -> usize {
        let rest = &self.text[at..];
        if let Some(token) = self.escape(at) {
            let end = token.end;
            self.tokens.push(token);
            return end;
        }
        if rest.starts_with("{%")
            && let Some(after) = liquid_raw(self.text, at)
        {
            return after;
        }
        if rest.starts_with("{{<") || rest.starts_with("{{%") {
            return match hugo_tag(self.text, at) {
                Ok(token) => {
                    let end = token.end;
                    let highlight = matches!(&token.kind, Kind::Hugo { name, close: false, self_closing: false, .. } if name == "highlight");
                    self.tokens.push(token);
                    if highlight && let Some(close) = self.highlight_close(end) {
                        // The code is verbatim (fences in it included):
                        // only its escapes are undone.
                        self.escapes_only(end..close);
                        if let Ok(token) = hugo_tag(self.text, close) {
                            let end = token.end;
                            self.tokens.push(token);
                            return end;
                        }
                    }
                    end
                }
                Err(why) => {
                    self.warnings.push((at, why));
                    at + 3
                }
            };
        }
        if rest.starts_with("{{") || rest.starts_with("{%") {
            if rest.starts_with("{%") && is_zola_end(rest) {
                let end = at + rest.find("%}").unwrap_or(0) + 2;
                self.tokens.push(Token {
                    kind: Kind::ZolaEnd,
                    start: at,
                    end,
                });
                return end;
            }
            if let Some(name_end) = zola_call_start(rest) {
                return match zola_call(self.text, at, name_end) {
                    Ok(token) => {
                        let end = token.end;
                        self.tokens.push(token);
                        end
                    }
                    Err(why) => {
                        self.warnings.push((at, why));
                        at + 2
                    }
                };
            }
            return at + 2;
        }
        at + 1
    }

    /// The start of the first `{{< /highlight >}}` (or `{{% /highlight %}}`)
    /// at or after `from`.
    fn highlight_close(&mut self, from: usize) -> Option<usize> {
        if let Some((searched, found)) = self.highlight_close
            && searched <= from
            && found.is_none_or(|found| found >= from)
        {
            return found;
        }
        let mut i = from;
        let found = loop {
            let Some(found) = self.text[i..].find("highlight") else {
                break None;
            };
            let at = i + found;
            i = at + "highlight".len();
            let before = self.text[from..at].trim_end_matches([' ', '\t']);
            let Some(before) = before.strip_suffix('/') else {
                continue;
            };
            let before = before.trim_end_matches([' ', '\t']);
            if !(before.ends_with("{{<") || before.ends_with("{{%")) {
                continue;
            }
            let start = from + before.len() - 3;
            if let Ok(Token {
                kind: Kind::Hugo {
                    close: true, name, ..
                },
                ..
            }) = hugo_tag(self.text, start)
                && name == "highlight"
            {
                break Some(start);
            }
        };
        self.highlight_close = Some((from, found));
        found
    }

    /// `@/…` at `at` (just after `](`): a link token to its end.
    fn link(&mut self, at: usize) -> usize {
        let end = self.bytes[at..]
            .iter()
            .position(|&b| b == b')' || b.is_ascii_whitespace())
            .map_or(self.bytes.len(), |p| at + p);
        self.tokens.push(Token {
            kind: Kind::Link(self.text[at + 2..end].to_string()),
            start: at,
            end,
        });
        end
    }

    /// A reference definition `[label]: @/path` at line start `at`: records
    /// its link and returns the end of its destination.
    fn reference_definition(&mut self, at: usize) -> Option<usize> {
        let line = &self.text[at..self.line_end(at)];
        let trimmed = line.trim_start_matches(' ');
        if line.len() - trimmed.len() > 3 || !trimmed.starts_with('[') {
            return None;
        }
        let colon = trimmed.find("]:")?;
        let after = &trimmed[colon + 2..];
        let destination = after.trim_start_matches([' ', '\t']);
        if !destination.starts_with("@/") {
            return None;
        }
        let start = at + (line.len() - destination.len());
        Some(self.link(start))
    }
}

/// The largest char boundary of `text` at or below `max`.
pub(super) fn floor_boundary(text: &str, max: usize) -> usize {
    let mut at = max.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// `{% raw %}` at `at`: the offset after its `{% endraw %}` (or the end).
fn liquid_raw(text: &str, at: usize) -> Option<usize> {
    let head = &text[at..];
    let tag_end = at + 2 + head[..floor_boundary(head, 64)].get(2..)?.find("%}")?;
    let inside = text[at + 2..tag_end].trim_matches(|c: char| c == '-' || c.is_whitespace());
    if inside != "raw" {
        return None;
    }
    let mut from = tag_end + 2;
    while let Some(found) = text[from..].find("{%") {
        let start = from + found;
        if let Some(close) = text[start + 2..].find("%}") {
            let close = close + 2;
            let inside = text[start + 2..start + close]
                .trim_matches(|c: char| c == '-' || c.is_whitespace());
            if inside == "endraw" {
                return Some(start + close + 2);
            }
        }
        from = start + 2;
    }
    Some(text.len())
}

fn is_zola_end(rest: &str) -> bool {
    let inner = rest[2..].trim_start_matches([' ', '\t']);
    inner
        .strip_prefix("end")
        .is_some_and(|after| after.trim_start_matches([' ', '\t']).starts_with("%}"))
}

pub(super) fn is_ident_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_'
}

pub(super) fn is_ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Whether `rest` (at `{{` or `{%`) opens a Zola call: blanks, an
/// identifier, then `(`. Returns the offset of the `(`.
fn zola_call_start(rest: &str) -> Option<usize> {
    let bytes = rest.as_bytes();
    let mut i = 2;
    while matches!(bytes.get(i), Some(b' ' | b'\t')) {
        i += 1;
    }
    if !is_ident_start(*bytes.get(i)?) {
        return None;
    }
    while bytes.get(i).is_some_and(|&b| is_ident(b)) {
        i += 1;
    }
    (bytes.get(i) == Some(&b'(')).then_some(i)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn kinds(text: &str) -> Vec<Kind> {
        scan(text).0.into_iter().map(|t| t.kind).collect()
    }

    #[test]
    fn liquid_and_rusts_closure_braces_skip_the_scan_and_every_shortcode_is_still_found() {
        for plain in [
            "Hello {{ site.title }} and {{closure}} at {% if x %}y{% endif %}.\n",
            "{% raw %}{{< not read >}}{% endraw %}",
            "`{{ x | upcase }}` and {{ page.date | date: \"%Y\" }}\n",
            "Braces { alone } and {{}} and {% %} and a mail me@example.com.\n",
        ] {
            let skipped = !may_hold_shortcodes(plain);
            assert_eq!(skipped, !plain.contains("{{<"), "{plain:?}");
        }
        // Every way in: a tag, an escape, a Zola call or end, a `@/` link,
        // a broken tag's warning, each found whole.
        for body in [
            "{{< youtube abc >}}",
            "{{% note %}}x{{% /note %}}",
            "{{</* x */>}}",
            "{{/* x */}}",
            "{%/* x */%}",
            "{{ resize(w=1) }}",
            "{%  quote(by=\"a\") %}x{% end %}",
            "{% end %}",
            "[next](@/blog/next.md)",
            "[n]: @/blog/n.md\n",
            "{{< broken",
            "```\n{{</* in code */>}}\n```\n",
        ] {
            assert!(may_hold_shortcodes(body), "{body:?}");
            let full = full_scan(body);
            assert!(!full.0.is_empty() || !full.1.is_empty(), "{body:?}");
            assert_eq!(scan(body), full, "{body:?}");
        }
    }

    #[test]
    fn hugo_tags_have_positional_named_quoted_and_raw_arguments() {
        let found = kinds("{{< figure src=\"a b.jpg\" alt=`raw \"x\"` 3 word />}}");
        let Kind::Hugo {
            name,
            args,
            self_closing,
            ..
        } = &found[0]
        else {
            panic!("{found:?}")
        };
        assert_eq!(name, "figure");
        assert!(*self_closing);
        assert_eq!(args.text("src").as_deref(), Some("a b.jpg"));
        assert_eq!(args.text("alt").as_deref(), Some("raw \"x\""));
        assert_eq!(args.positional, [json!("3"), json!("word")]);
    }

    #[test]
    fn zola_calls_have_typed_arguments() {
        let found = kinds(
            "{{ x(a=\"s\", b='t', c=`u`, n=-3, f=1.5, yes=true, list=[1, \"two\", [false]],) }}",
        );
        let Kind::Zola { name, args, body } = &found[0] else {
            panic!("{found:?}")
        };
        assert_eq!((name.as_str(), *body), ("x", false));
        assert_eq!(
            args.named,
            [
                ("a".to_string(), json!("s")),
                ("b".to_string(), json!("t")),
                ("c".to_string(), json!("u")),
                ("n".to_string(), json!(-3)),
                ("f".to_string(), json!(1.5)),
                ("yes".to_string(), json!(true)),
                ("list".to_string(), json!([1, "two", [false]])),
            ]
        );
    }

    #[test]
    fn liquid_is_not_a_shortcode() {
        assert!(
            kinds("{{ site.url }} {% include x.html %} {% if a %}b{% endif %} {{closure}}")
                .is_empty()
        );
        assert!(kinds("{% raw %}{{< x >}}{{ y() }}{% endraw %}").is_empty());
    }

    #[test]
    fn code_only_has_its_escapes_undone() {
        let found = kinds("```\n{{< x >}} {{</* y */>}}\n```\n`{{ z() }}` {{%/* w */%}}");
        assert_eq!(
            found,
            [
                Kind::Escape("{{< y >}}".into()),
                Kind::Escape("{{% w %}}".into())
            ]
        );
    }

    #[test]
    fn internal_links_are_found_in_destinations_and_definitions() {
        let found = kinds("[a](@/blog/a.md#x) and @/not\n[b]: @/b/index.md\n");
        assert_eq!(
            found,
            [
                Kind::Link("blog/a.md#x".into()),
                Kind::Link("b/index.md".into())
            ]
        );
    }

    #[test]
    fn every_internal_link_on_a_line_is_found_among_other_parentheses() {
        let found = kinds("(see) [a](@/a.md) (x) (@/no) [b](@/b.md) {{</* y */>}}\n");
        assert_eq!(
            found,
            [
                Kind::Link("a.md".into()),
                Kind::Link("b.md".into()),
                Kind::Escape("{{< y >}}".into())
            ]
        );
    }

    #[test]
    fn an_unterminated_tag_is_a_warning() {
        let (tokens, warnings) = scan("a {{< youtube abc\n\nrest");
        assert!(tokens.is_empty());
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].0, 2);
    }
}
