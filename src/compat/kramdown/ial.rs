//! Inline attribute lists: `{: #id .class key="value"}` parsed, and written
//! as the attributes the sanitizer allows on an element.

use crate::escape::{Escape, escape_into};
use crate::sanitize;

/// A parsed inline attribute list: `{: #id .a .b key="v" ref}`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Ial {
    pub id: Option<String>,
    pub classes: Vec<String>,
    pub pairs: Vec<(String, String)>,
    /// Bare names: references to attribute list definitions (`toc`).
    pub refs: Vec<String>,
}

/// What a `{:…}` line is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Braces {
    /// An inline attribute list.
    Ial(Ial),
    /// An attribute list definition, `{:name: …}`: dropped, since
    /// references to definitions are not resolved.
    Definition,
}

/// Parses `text` (a whole trimmed line, or what follows a span) as
/// `{:…}`; `None` when it is not one (it then stays text).
pub(crate) fn parse_braces(text: &str) -> Option<Braces> {
    let inner = text.strip_prefix("{:")?.strip_suffix('}')?;
    if inner.starts_with(':') || inner.contains(['{', '}', '\n']) {
        return None;
    }
    // `{:name: …}` defines attributes for later reference.
    let name_len = inner
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-'))
        .count();
    if name_len > 0 && inner.as_bytes().get(name_len) == Some(&b':') {
        return Some(Braces::Definition);
    }
    parse_ial(inner).map(Braces::Ial)
}

fn parse_ial(mut rest: &str) -> Option<Ial> {
    let mut ial = Ial::default();
    loop {
        rest = rest.trim_start();
        let Some(first) = rest.chars().next() else {
            return Some(ial);
        };
        let word_end = |s: &str| {
            s.find(|c: char| c.is_whitespace() || c == '"' || c == '\'' || c == '=')
                .unwrap_or(s.len())
        };
        match first {
            '.' | '#' => {
                let end = word_end(&rest[1..]) + 1;
                let word = &rest[1..end];
                if word.is_empty() {
                    rest = skip_token(rest);
                    continue;
                }
                if first == '.' {
                    ial.classes.push(word.to_string());
                } else {
                    ial.id = Some(word.to_string());
                }
                rest = &rest[end..];
            }
            _ => {
                let end = word_end(rest);
                let key = &rest[..end];
                if key.is_empty() {
                    rest = skip_token(rest);
                    continue;
                }
                rest = &rest[end..];
                if let Some(after) = rest.strip_prefix('=') {
                    // A value must be quoted; anything else is skipped.
                    let Some(quote) = after.chars().next().filter(|c| *c == '"' || *c == '\'')
                    else {
                        rest = skip_token(after);
                        continue;
                    };
                    let Some(close) = after[1..].find(quote).map(|c| c + 1) else {
                        return Some(ial);
                    };
                    ial.pairs
                        .push((key.to_ascii_lowercase(), after[1..close].to_string()));
                    rest = &after[close + 1..];
                } else {
                    ial.refs.push(key.to_string());
                }
            }
        }
    }
}

/// What follows the malformed token at the start of `rest`.
fn skip_token(rest: &str) -> &str {
    let mut chars = rest.char_indices();
    chars.next();
    let end = chars
        .find(|(_, c)| c.is_whitespace())
        .map_or(rest.len(), |(i, _)| i);
    &rest[end..]
}

impl Ial {
    pub(super) fn merge(&mut self, other: Ial) {
        if other.id.is_some() {
            self.id = other.id;
        }
        self.classes.extend(other.classes);
        self.pairs.extend(other.pairs);
        self.refs.extend(other.refs);
    }

    /// Class names that may be written: `[A-Za-z0-9_-]` only.
    pub(super) fn safe_classes(&self) -> impl Iterator<Item = &str> {
        self.classes.iter().map(String::as_str).filter(|c| {
            !c.is_empty()
                && c.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
    }

    /// The attributes as HTML (` id="x" class="a b"`), for an element
    /// `tag`: what the sanitizer keeps on that tag (so the same allowlist
    /// decides: never an event handler, `style`, or a URL attribute), and
    /// `target` on links, with `rel="noopener noreferrer"` for `_blank`.
    pub(crate) fn html(&self, tag: &str) -> String {
        let mut raw = String::from("<");
        raw.push_str(tag);
        let mut push = |key: &str, value: &str| {
            raw.push(' ');
            raw.push_str(key);
            raw.push_str("=\"");
            escape_into(&mut raw, value, Escape::DoubleQuoted);
            raw.push('"');
        };
        if let Some(id) = &self.id {
            push("id", id);
        }
        let classes: Vec<&str> = self.safe_classes().collect();
        if !classes.is_empty() {
            push("class", &classes.join(" "));
        }
        let mut target = None;
        for (key, value) in &self.pairs {
            match key.as_str() {
                // Set by the Markdown, never by an attribute list.
                "href" | "src" | "id" | "class" | "style" => {}
                "target" if tag == "a" => target = Some(value.as_str()),
                key if key.bytes().all(|b| b.is_ascii_lowercase() || b == b'-') => push(key, value),
                _ => {}
            }
        }
        raw.push('>');
        let cleaned = sanitize::clean_html(&raw);
        // The sanitizer escapes `>` in values: the first one ends the tag.
        let mut out = cleaned
            .strip_prefix('<')
            .and_then(|c| c.strip_prefix(tag))
            .and_then(|c| c.find('>').map(|end| c[..end].to_string()))
            .unwrap_or_default();
        if let Some(target) = target
            && matches!(target, "_blank" | "_self" | "_parent" | "_top")
        {
            out.push_str(" target=\"");
            out.push_str(target);
            out.push('"');
            if target == "_blank" && !out.contains(" rel=\"") {
                out.push_str(" rel=\"noopener noreferrer\"");
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compat::kramdown::test_util::html;

    #[test]
    fn attribute_lists_parse_ids_classes_pairs_and_references() {
        assert_eq!(
            parse_braces("{: #a .b .c key=\"v w\" k2='x' toc}"),
            Some(Braces::Ial(Ial {
                id: Some("a".into()),
                classes: vec!["b".into(), "c".into()],
                pairs: vec![("key".into(), "v w".into()), ("k2".into(), "x".into())],
                refs: vec!["toc".into()],
            }))
        );
        assert_eq!(parse_braces("{:name: .x}"), Some(Braces::Definition));
        assert_eq!(parse_braces("{::comment}"), None);
        assert_eq!(parse_braces("{: a } b}"), None);
    }

    #[test]
    fn braces_that_are_not_a_list_stay_text() {
        assert_eq!(
            html("Line {: not} at end\n"),
            "<p data-line=\"1\">Line {: not} at end</p>\n"
        );
        assert_eq!(
            html("Code `{: .notice}` stays.\n\n```\n{: .x}\n```\n"),
            "<p data-line=\"1\">Code <code>{: .notice}</code> stays.</p>\n<pre data-line=\"3\"><code>{: .x}\n</code></pre>\n"
        );
    }

    #[test]
    fn attribute_list_definitions_are_dropped() {
        assert_eq!(html("{:ald: .x}\nPara\n"), "<p data-line=\"1\">Para</p>\n");
    }

    #[test]
    fn a_link_opened_in_a_new_tab_gets_noopener() {
        assert_eq!(
            html("[a](b){:target=\"_blank\"}\n"),
            "<p data-line=\"1\"><a target=\"_blank\" rel=\"noopener noreferrer\" href=\"b\">a</a></p>\n"
        );
        assert_eq!(
            html("[a](b){:target=\"javascript:x\"}\n"),
            "<p data-line=\"1\"><a href=\"b\">a</a></p>\n"
        );
    }

    #[test]
    fn a_hostile_list_yields_no_handler_no_style_and_no_markup() {
        let out = html("Para\n{: onclick=\"x\" style=\"color:red\" #\"><script>}\n");
        assert_eq!(out, "<p data-line=\"1\">Para</p>\n");
        let out = html("Para\n{: title='\"><script>alert(1)</script>' .\"><b>}\n");
        assert!(!out.contains("<script") && !out.contains("<b>"), "{out}");
        assert!(out.contains("title=\"&quot;&gt;&lt;script&gt;"), "{out}");
        let out = html("![x](a.png){: onerror=\"alert(1)\" style=\"x\"}\n");
        assert_eq!(
            out,
            "<p data-line=\"1\"><img src=\"a.png\" alt=\"x\" /></p>\n"
        );
    }

    #[test]
    fn a_list_cannot_set_href_or_src() {
        let out = html("[a](b){: href=\"javascript:alert(1)\"} ![i](c.png){: src=\"evil.png\"}\n");
        assert_eq!(
            out,
            "<p data-line=\"1\"><a href=\"b\">a</a> <img src=\"c.png\" alt=\"i\" /></p>\n"
        );
        let out = html("Para\n{: href=\"x\" src=\"y\" title=\"t&<>\" lang=\"en\"}\n");
        assert_eq!(
            out,
            "<p data-line=\"1\" title=\"t&amp;&lt;&gt;\" lang=\"en\">Para</p>\n"
        );
    }
}
