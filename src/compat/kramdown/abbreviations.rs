//! Abbreviations: `*[HTML]: HyperText Markup Language` definitions, and each
//! whole-word use wrapped in `<abbr title="…">`.

use crate::escape::{Escape, escape_into};

/// `*[HTML]: HyperText Markup Language`: the abbreviation and its title.
pub(super) fn abbreviation_definition(line: &str) -> Option<(&str, &str)> {
    let line = line.trim();
    let rest = line.strip_prefix("*[")?;
    let close = rest.find("]:")?;
    let name = rest[..close].trim();
    if name.is_empty() || name.contains(['[', ']']) {
        return None;
    }
    Some((name, rest[close + 2..].trim()))
}

/// Whether some line of the body defines an abbreviation (each line with a
/// `*[` looked at once).
pub(super) fn defines_abbreviations(body: &str) -> bool {
    let mut from = 0;
    while let Some(found) = memchr::memmem::find(&body.as_bytes()[from..], b"*[") {
        let at = from + found;
        let start = body[..at].rfind('\n').map_or(0, |i| i + 1);
        let end = body[at..].find('\n').map_or(body.len(), |i| at + i);
        if abbreviation_definition(&body[start..end]).is_some() {
            return true;
        }
        from = end;
    }
    false
}

/// Every abbreviation the body defines (a later definition of the same one
/// wins), longest first so `HTML5` is found before `HTML`.
pub(crate) fn abbreviations(body: &str) -> Vec<(String, String)> {
    if !body.contains("*[") {
        return Vec::new();
    }
    let mut found: Vec<(String, String)> = Vec::new();
    for line in body.lines() {
        if let Some((name, title)) = abbreviation_definition(line) {
            found.retain(|(n, _)| n != name);
            found.push((name.to_string(), title.to_string()));
        }
    }
    crate::sort::stable_sort_by(&mut found, |a, b| b.0.len().cmp(&a.0.len()));
    found
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80
}

/// `text` as HTML with each whole-word abbreviation wrapped in `<abbr>`;
/// `None` when there is none.
pub(super) fn with_abbreviations(text: &str, abbreviations: &[(String, String)]) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = String::new();
    let mut copied = 0;
    let mut i = 0;
    while i < bytes.len() {
        if i > 0 && is_word_byte(bytes[i - 1]) && is_word_byte(bytes[i]) {
            i += 1;
            continue;
        }
        let found = abbreviations.iter().find(|(name, _)| {
            text[i..].starts_with(name.as_str())
                && bytes.get(i + name.len()).is_none_or(|&b| {
                    !(is_word_byte(b) && is_word_byte(name.as_bytes()[name.len() - 1]))
                })
        });
        match found {
            Some((name, title)) => {
                escape_into(&mut out, &text[copied..i], Escape::Text);
                out.push_str("<abbr title=\"");
                escape_into(&mut out, title, Escape::DoubleQuoted);
                out.push_str("\">");
                escape_into(&mut out, name, Escape::Text);
                out.push_str("</abbr>");
                i += name.len();
                copied = i;
            }
            None => i += 1,
        }
        while i < bytes.len() && !text.is_char_boundary(i) {
            i += 1;
        }
    }
    if copied == 0 {
        return None;
    }
    escape_into(&mut out, &text[copied..], Escape::Text);
    Some(out)
}

#[cfg(test)]
mod tests {
    use crate::compat::kramdown::test_util::html;
    use crate::{Options, parse_post};

    #[test]
    fn abbreviations_wrap_whole_words_outside_code() {
        assert_eq!(
            html("*[HTML]: HyperText Markup Language\n\nHTML is `HTML`, not HTMLish. [HTML](x)\n"),
            "<p data-line=\"3\"><abbr title=\"HyperText Markup Language\">HTML</abbr> is <code>HTML</code>, not HTMLish. <a href=\"x\"><abbr title=\"HyperText Markup Language\">HTML</abbr></a></p>\n"
        );
        let post = parse_post(
            "# About HTML\n\nText.\n*[HTML]: Hyper \"<b>\"\n",
            &Options::default(),
        );
        assert_eq!(post.toc[0].id, "about-html");
        assert!(
            post.html
                .contains("<abbr title=\"Hyper &quot;&lt;b&gt;&quot;\">HTML</abbr>"),
            "{}",
            post.html
        );
        assert!(
            post.html.contains("<p data-line=\"3\">Text.</p>"),
            "{}",
            post.html
        );
    }
}
