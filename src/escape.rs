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

/// Appends `text` to `out` with the characters of `set` escaped. Runs with
/// nothing to escape are copied whole.
pub(crate) fn escape_into(out: &mut String, text: &str, set: Escape) {
    let bytes = text.as_bytes();
    let mut copied = 0;
    while let Some(at) = find_escaped(&bytes[copied..], set) {
        let at = copied + at;
        // Every escaped character is ASCII: `at` is on a character boundary.
        out.push_str(&text[copied..at]);
        out.push_str(match bytes[at] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => "&#39;",
        });
        copied = at + 1;
    }
    out.push_str(&text[copied..]);
}

const ONES: u64 = u64::from_ne_bytes([1; 8]);
const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);

/// Where the first byte `set` escapes is in `bytes`, eight bytes at a time
/// with integer operations: most text is a few dozen bytes with nothing to
/// escape, too short for `memchr3`'s SIMD to make up for its setup.
#[inline(always)]
fn find_escaped(bytes: &[u8], set: Escape) -> Option<usize> {
    let word_at = |at: usize| {
        let mut word = [0; 8];
        word.copy_from_slice(&bytes[at..at + 8]);
        u64::from_le_bytes(word)
    };
    let mut at = 0;
    while at + 8 <= bytes.len() {
        let found = escaped_bytes(word_at(at), set);
        if found != 0 {
            return Some(at + found.trailing_zeros() as usize / 8);
        }
        at += 8;
    }
    if at == bytes.len() {
        return None;
    }
    if bytes.len() >= 8 {
        // The last eight bytes, some seen already (nothing in them escapes).
        let last = bytes.len() - 8;
        let found = escaped_bytes(word_at(last), set);
        return (found != 0).then(|| last + found.trailing_zeros() as usize / 8);
    }
    bytes[at..]
        .iter()
        .position(|&b| escapes(b, set))
        .map(|found| at + found)
}

/// The high bit of each byte of `word` (little-endian) that `set` escapes;
/// the lowest one set is always right (a byte above it may be flagged in
/// error by the subtraction's borrow).
#[inline(always)]
fn escaped_bytes(word: u64, set: Escape) -> u64 {
    let equal = |byte: u8| {
        let v = word ^ (ONES * u64::from(byte));
        v.wrapping_sub(ONES) & !v & HIGHS
    };
    let mut found = equal(b'&') | equal(b'<') | equal(b'>');
    if set != Escape::Text {
        found |= equal(b'"');
    }
    if set == Escape::All {
        found |= equal(b'\'');
    }
    found
}

/// Whether `set` escapes the byte `b`.
#[inline(always)]
fn escapes(b: u8, set: Escape) -> bool {
    match b {
        b'&' | b'<' | b'>' => true,
        b'"' => set != Escape::Text,
        b'\'' => set == Escape::All,
        _ => false,
    }
}

/// Appends a link destination as an `href` or `src` value, as CommonMark's
/// reference renderer writes it: letters, digits and ``!#$%()*+,-./:;=?@^_~``
/// kept, `&` as `&amp;`, `'` as `&#x27;`, every other byte (each byte of a
/// non-ASCII character too) percent-encoded.
pub(crate) fn escape_href_into(out: &mut String, url: &str) {
    let bytes = url.as_bytes();
    let mut copied = 0;
    while let Some(at) = bytes[copied..]
        .iter()
        .position(|&b| !HREF_SAFE[usize::from(b)])
    {
        let at = copied + at;
        // A non-ASCII character is percent-encoded byte by byte: `copied`
        // may stand inside one, but then `at` is `copied` (a continuation
        // byte is never safe), and a run of safe bytes is whole characters.
        if at > copied {
            out.push_str(&url[copied..at]);
        }
        match bytes[at] {
            b'&' => out.push_str("&amp;"),
            b'\'' => out.push_str("&#x27;"),
            b => {
                const HEX: &[u8; 16] = b"0123456789ABCDEF";
                out.push('%');
                out.push(char::from(HEX[usize::from(b >> 4)]));
                out.push(char::from(HEX[usize::from(b & 0xF)]));
            }
        }
        copied = at + 1;
    }
    out.push_str(&url[copied..]);
}

/// The bytes a URL keeps as they are ([`href_safe`]), by byte.
static HREF_SAFE: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = href_safe(b as u8);
        b += 1;
    }
    table
};

const fn href_safe(b: u8) -> bool {
    b.is_ascii_alphanumeric()
        || matches!(
            b,
            b'!' | b'#'
                | b'$'
                | b'%'
                | b'('
                | b')'
                | b'*'
                | b'+'
                | b','
                | b'-'
                | b'.'
                | b'/'
                | b':'
                | b';'
                | b'='
                | b'?'
                | b'@'
                | b'^'
                | b'_'
                | b'~'
        )
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
    fn every_escaped_byte_is_found_at_every_position_and_length() {
        // Eight bytes at a time, the last eight overlapping, or byte by
        // byte under eight: each escaped character at each place, with
        // non-ASCII text around it and another escaped character after.
        for len in 0..24 {
            for at in 0..len {
                for special in ['&', '<', '>', '"', '\''] {
                    let mut text: Vec<char> = "aé日bcdefghijklmnopqrstuvwxyz".chars().collect();
                    text.truncate(len);
                    text[at] = special;
                    if at + 2 < len {
                        text[at + 2] = '&';
                    }
                    let text: String = text.into_iter().collect();
                    for set in [Escape::Text, Escape::DoubleQuoted, Escape::All] {
                        let mut expected = String::new();
                        for c in text.chars() {
                            match c {
                                '&' => expected.push_str("&amp;"),
                                '<' => expected.push_str("&lt;"),
                                '>' => expected.push_str("&gt;"),
                                '"' if set != Escape::Text => expected.push_str("&quot;"),
                                '\'' if set == Escape::All => expected.push_str("&#39;"),
                                c => expected.push(c),
                            }
                        }
                        assert_eq!(escaped(&text, set), expected, "{text:?} {set:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn a_url_keeps_its_safe_bytes_and_percent_encodes_the_rest() {
        let mut out = String::new();
        escape_href_into(&mut out, "/a b/é?q='x'&y=<z>\"#f~_^");
        assert_eq!(out, "/a%20b/%C3%A9?q=&#x27;x&#x27;&amp;y=%3Cz%3E%22#f~_^");
    }

    #[test]
    fn references_are_escaped_again() {
        assert_eq!(escape_html("&amp; &#39;"), "&amp;amp; &amp;#39;");
    }
}
