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
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                text.push(' ');
            }
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    let text = text
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
