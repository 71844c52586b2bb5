//! HTML escaping: the one rule for which characters of plain text become
//! character references, by where the text goes.
//!
//! `crate::sanitize` does not use it: its input is already HTML, so it keeps
//! the `&` of character references the author wrote.

/// Which characters to escape. `&`, `<` and `>` always are; quotes only where
/// they could end an attribute value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Escape {
    /// `& < >`: a text node, as pulldown-cmark's writer escapes text.
    Text,
    /// `& < > "`: a double-quoted attribute value; also text as the
    /// CommonMark reference implementations write it (`'` stays literal).
    DoubleQuoted,
    /// `& < > " '`: text or an attribute value in either kind of quotes.
    All,
}

/// Appends `text` to `out` with the characters of `set` escaped.
pub(crate) fn escape_into(out: &mut String, text: &str, set: Escape) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if set != Escape::Text => out.push_str("&quot;"),
            '\'' if set == Escape::All => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
}

/// `text` with `& < > " '` escaped: safe as an HTML text node and as an
/// attribute value in single or double quotes.
///
/// ```
/// assert_eq!(quire::escape_html("<a title='x'>\"&\"</a>"),
///     "&lt;a title=&#39;x&#39;&gt;&quot;&amp;&quot;&lt;/a&gt;");
/// ```
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(&mut out, text, Escape::All);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn escaped(text: &str, set: Escape) -> String {
        let mut out = String::new();
        escape_into(&mut out, text, set);
        out
    }

    #[test]
    fn each_set_escapes_exactly_its_characters() {
        let text = r#"<a href="x">'&'</a> é 日"#;
        assert_eq!(
            escaped(text, Escape::Text),
            r#"&lt;a href="x"&gt;'&amp;'&lt;/a&gt; é 日"#
        );
        assert_eq!(
            escaped(text, Escape::DoubleQuoted),
            "&lt;a href=&quot;x&quot;&gt;'&amp;'&lt;/a&gt; é 日"
        );
        assert_eq!(
            escaped(text, Escape::All),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt; é 日"
        );
        assert_eq!(escape_html(text), escaped(text, Escape::All));
    }

    #[test]
    fn references_are_escaped_again() {
        assert_eq!(escape_html("&amp; &#39;"), "&amp;amp; &amp;#39;");
    }
}
