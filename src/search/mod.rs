//! Full-text search for a whole blog, on any static host: `quire build` writes a chunked
//! index ([`build_index`]) next to the posts, and the reader's browser loads only the chunks
//! a query's words need ([`Index`]). Both sides read text with one tokenizer ([`tokens`]),
//! so what was indexed is what a query finds.
//!
//! The files (in `search/` of the output folder):
//! - `meta.json`: the number of posts, the first term of each term chunk and the file names
//!   (with a hash of their bytes, so browsers can cache them for good);
//! - `terms-N-HASH.bin`: terms in byte order, each with its posts and one impact byte per
//!   post (see [`format`]);
//! - `docs-N-HASH.json`: `[permalink, title, date, tags]` of 64 posts each, read for the
//!   results shown.

mod build;
pub mod format;
mod query;
mod snippet;
pub mod tokens;

pub use build::{Doc, build_index};
pub use query::{Hit, Index, Query, Results};
pub use snippet::{Segment, highlights, snippet};

/// The text of rendered HTML: tags dropped (each one a space), the entities the renderer
/// writes decoded, whitespace collapsed. What search indexes and snippets quote.
pub fn text_of_html(html: &str) -> String {
    const ENTITIES: [(&str, char); 5] = [
        ("&lt;", '<'),
        ("&gt;", '>'),
        ("&quot;", '"'),
        ("&#39;", '\''),
        ("&amp;", '&'),
    ];
    let bytes = html.as_bytes();
    let mut text = String::with_capacity(html.len());
    // One pass: a tag is a space, runs of whitespace are one, none at either end.
    let mut space = false;
    let mut at = 0;
    while let Some(&byte) = bytes.get(at) {
        let (decoded, len) = match byte {
            b'<' => match memchr::memchr(b'>', &bytes[at..]) {
                Some(end) => (' ', end + 1),
                None => break, // an unclosed tag runs to the end
            },
            b'&' => ENTITIES
                .iter()
                .find(|(name, _)| html[at..].starts_with(name))
                .map_or(('&', 1), |&(name, c)| (c, name.len())),
            b if plain_ascii(b) => {
                // A run of plain ASCII is copied at once: most of a post's text.
                let run = bytes[at..]
                    .iter()
                    .position(|&b| !plain_ascii(b))
                    .unwrap_or(bytes.len() - at);
                if space {
                    text.push(' ');
                    space = false;
                }
                text.push_str(&html[at..at + run]);
                at += run;
                continue;
            }
            _ => {
                let c = html[at..].chars().next().unwrap_or(' ');
                (c, c.len_utf8())
            }
        };
        at += len;
        if decoded.is_whitespace() {
            space = !text.is_empty();
        } else {
            if space {
                text.push(' ');
                space = false;
            }
            text.push(decoded);
        }
    }
    text
}

/// An ASCII byte [`text_of_html`] copies as it is: not a tag's or an
/// entity's start, not whitespace (`char::is_whitespace`: space, tab, the
/// line breaks, vertical tab and form feed).
fn plain_ascii(b: u8) -> bool {
    b.is_ascii() && !matches!(b, b'<' | b'&' | b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
}

#[cfg(test)]
mod tests {
    use super::text_of_html;

    #[test]
    fn html_becomes_its_text_with_entities_decoded_and_spaces_collapsed() {
        assert_eq!(text_of_html("<p>A &amp; <em>b</em></p>\n"), "A & b");
        assert_eq!(
            text_of_html("x<br>y &lt;tag&gt; &quot;q&quot; it&#39;s &amp;lt;"),
            "x y <tag> \"q\" it's &lt;"
        );
        assert_eq!(text_of_html("  \n<p>\u{a0}lone &nbsp;</p> "), "lone &nbsp;");
        assert_eq!(text_of_html("a <unclosed"), "a");
    }

    #[test]
    fn every_kind_of_whitespace_between_words_is_one_space_and_other_characters_stay() {
        assert_eq!(
            text_of_html("é<b>ü</b>x\u{b}y\u{c}z\r\n\u{2003}“q”\u{85}end &unknown; 3&lt;4"),
            "é ü x y z “q” end &unknown; 3<4"
        );
        assert_eq!(text_of_html("<p>a</p>\n\n<p>b</p>"), "a b");
        assert_eq!(text_of_html(""), "");
        assert_eq!(text_of_html("<p>  </p>"), "");
    }
}
