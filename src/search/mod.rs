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
    let mut text = String::with_capacity(html.len());
    // One pass: a tag is a space, runs of whitespace are one, none at either end.
    let mut space = false;
    let mut rest = html;
    while let Some(c) = rest.chars().next() {
        let (decoded, len) = match c {
            '<' => match rest.find('>') {
                Some(end) => (' ', end + 1),
                None => break, // an unclosed tag runs to the end
            },
            '&' => ENTITIES
                .iter()
                .find(|(name, _)| rest.starts_with(name))
                .map_or(('&', 1), |&(name, c)| (c, name.len())),
            c => (c, c.len_utf8()),
        };
        rest = &rest[len..];
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
}
