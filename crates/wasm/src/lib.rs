//! The browser boundary: the only crate that knows wasm-bindgen. It converts arguments in,
//! results out, and errors to JS `Error`s — nothing else. This file holds the conversions every
//! module shares; the exports live in a file per job, each behind the feature of the modules
//! that carry it (three builds of this crate, `make wasm`):
//!
//! | file | exports | feature | in |
//! |---|---|---|---|
//! | `post.rs` | `parsePost`, `needsEngines`, `renderMarkdown` | `reader` | www/pkg, www/pkg-full |
//! | `site.rs` | what the shell asks of the site: `parseOptionsFor`, `routeShard` | `reader` | www/pkg, www/pkg-full |
//! | `search.rs` | `SearchIndex`, `searchSnippet`, `searchHighlights` | `search` | www/pkg-search, www/pkg-full |
//! | here | `tagSlug` (the search page links tags too) | `reader` or `search` | all three |
//! | `full.rs` | the engines' site (`setSite`), `Draft`, the new-post helpers | `full` | www/pkg-full |
//! | `publishing.rs` | what `quire build` decides: `siteConfig`, `permalinkOf`, `postVisibility`, `archiveYear` | `full` | www/pkg-full |
//! | `floor.rs` | `bareMarkdown`: bare pulldown-cmark, `make bench`'s floor | `floor` | target/bench/floor only |
//!
//! `reader.rs` stands in for `full.rs` in the reader's module: it refuses a post that needs
//! the template engines.

use serde::Serialize;
use wasm_bindgen::prelude::*;

// Talc instead of the default dlmalloc: smaller and faster. The module is
// single-threaded (no atomics), which the dynamic Talc allocator requires.
#[cfg(all(not(target_feature = "atomics"), target_family = "wasm"))]
#[global_allocator]
static TALC: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

#[cfg(feature = "reader")]
mod post;
#[cfg(feature = "reader")]
pub use post::{needs_engines, parse_post, render_markdown};
#[cfg(feature = "reader")]
mod site;
#[cfg(feature = "reader")]
pub use site::{parse_options_for, route_shard};

// The full module (www/pkg-full): the engines with the site they render against, and the
// author's exports. The reader's module (www/pkg) has `reader.rs` in its place.
#[cfg(feature = "full")]
mod full;
#[cfg(feature = "full")]
use full as engines;
#[cfg(feature = "full")]
pub use full::{JsDraft, new_post_file_name, new_post_source, set_site};
#[cfg(feature = "full")]
mod publishing;
#[cfg(feature = "full")]
pub use publishing::{archive_year, permalink_of, post_visibility, site_config};
#[cfg(all(feature = "reader", not(feature = "full")))]
mod reader;
#[cfg(all(feature = "reader", not(feature = "full")))]
use reader as engines;

// `make bench`'s floor: bare pulldown-cmark behind the same boundary, never in www/.
#[cfg(feature = "floor")]
mod floor;
#[cfg(feature = "floor")]
pub use floor::bare_markdown;

// The search module (www/pkg-search): the query side of the core's search, loaded by the shell
// only when a search runs. The full module carries it too (everything, for the editor's page,
// a post with templates and the tests).
#[cfg(feature = "search")]
mod search;
#[cfg(feature = "search")]
pub use search::{SearchIndex, search_highlights, search_snippet};

#[wasm_bindgen(start)]
fn start() {
    console_error_panic_hook::set_once();
}

/// The one place a failure becomes a JS `Error`.
pub(crate) fn js_error(message: impl std::fmt::Display) -> JsValue {
    js_sys::Error::new(&message.to_string()).into()
}

#[wasm_bindgen]
extern "C" {
    /// The page's `TextEncoder`: `encodeInto` writes a JS string's UTF-8 straight into the
    /// module's memory.
    type TextEncoder;
    #[wasm_bindgen(constructor)]
    fn new() -> TextEncoder;
    #[wasm_bindgen(method, js_name = encodeInto)]
    fn encode_into(
        this: &TextEncoder,
        source: &js_sys::JsString,
        destination: &js_sys::Uint8Array,
    ) -> EncodeIntoResult;
    type EncodeIntoResult;
    #[wasm_bindgen(method, getter)]
    fn written(this: &EncodeIntoResult) -> u32;
}

thread_local! {
    static ENCODER: TextEncoder = TextEncoder::new();
}

/// A string argument as UTF-8, through the browser's own encoder. wasm-bindgen's conversion
/// copies the ASCII prefix one character at a time in JavaScript first: for a 100 KB post that
/// loop was 9% of `parsePost` in Chromium. Lone surrogates become U+FFFD, as before.
pub(crate) fn string_argument(function: &str, value: &JsValue) -> Result<String, JsValue> {
    let Some(text) = value.dyn_ref::<js_sys::JsString>() else {
        return Err(js_error(format_args!(
            "{function}: the first argument must be a string, got {}",
            type_name(value)
        )));
    };
    // At most 3 bytes of UTF-8 per UTF-16 unit.
    let room = text.length() as usize * 3;
    let mut bytes: Vec<u8> = Vec::with_capacity(room);
    // SAFETY: the view covers the vector's spare capacity and is used before anything else can
    // allocate (and so grow, and detach, the memory); `set_len` takes only what was written.
    let written = unsafe {
        let view = js_sys::Uint8Array::view_mut_raw(bytes.as_mut_ptr(), room);
        let written = ENCODER.with(|encoder| encoder.encode_into(text, &view).written());
        bytes.set_len(written as usize);
        written
    };
    debug_assert!(written as usize <= room);
    String::from_utf8(bytes).map_err(js_error)
}

/// A long text (a post's HTML) as a JS string, decoded in pieces of up to 8 KB and joined in JS.
/// The browser's UTF-8 decoder is slow on one long text with any character beyond ASCII in it
/// (most posts: smart punctuation makes curly quotes), and much less so on short ones. Measured
/// in headless Chromium, decoding from a wasm memory and reading the joined string once:
/// the 137 KB HTML of `make bench`'s post took 0.73-0.77 ms whole, a fifth of `parsePost`,
/// and 0.17-0.23 ms in pieces of 4-16 KB; the same HTML repeated to 1 MB 8.8 ms against
/// 2.2-3.0 ms; Cyrillic or CJK text 2.1-2.9 ms against 1.4-2.0 ms. Pure ASCII is fastest whole
/// (0.07 ms, 0.14-0.17 in pieces), and so is anything up to 16 KB.
#[cfg(feature = "reader")]
pub(crate) fn js_string(text: &str) -> JsValue {
    const PIECE: usize = 8 * 1024;
    if text.len() <= 2 * PIECE || text.is_ascii() {
        return JsValue::from_str(text);
    }
    let mut pieces = pieces(text, PIECE).map(JsValue::from_str);
    let first: js_sys::JsString = pieces.next().unwrap_or_default().unchecked_into();
    pieces
        .fold(first, |joined, piece| joined.concat(&piece))
        .into()
}

/// `text` cut into pieces of at most `size` bytes (at least 4), each cut on a character
/// boundary.
#[cfg(feature = "reader")]
fn pieces(text: &str, size: usize) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let mut cut = size.min(rest.len());
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        let (piece, after) = rest.split_at(cut);
        rest = after;
        Some(piece)
    })
}

pub(crate) fn type_name(value: &JsValue) -> String {
    if value.is_null() {
        "null".into()
    } else if js_sys::Array::is_array(value) {
        "an array".into()
    } else {
        value
            .js_typeof()
            .as_string()
            .unwrap_or_else(|| "unknown".into())
    }
}

/// A result as plain JS data (objects, arrays and `null`, never a `Map` or `undefined`): written
/// as JSON here and built by `JSON.parse`, so one string crosses the boundary instead of a call
/// per key and value. Measured in headless Chromium against serde-wasm-bindgen's
/// `json_compatible` serializer, which this replaced: `parsePost` on the corpus's 1,486 posts
/// 257 -> 238 ms, on `make bench`'s 100 KB post (133 headings) 2.24 -> 2.14 ms. It also reads
/// every value the front matter can hold as JS reads JSON: an integer beyond 2^53 (a tweet's
/// id) is the nearest number, where the serializer threw and the post did not show, and a key
/// named `__proto__` is an own key, where the serializer set the object's prototype with it.
/// Long HTML stays out of the JSON (`js_string`): escaping it and parsing it back costs more
/// than it saves.
#[cfg(feature = "reader")]
pub(crate) fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    let json = serde_json::to_string(value).map_err(js_error)?;
    js_sys::JSON::parse(&json)
}

/// The search module's results (strings, small numbers, arrays of them), key by key: the
/// module carries no JSON writer, which would add 10.8 KB brotli to its 46.3 KB. For such
/// data both ways give the same objects.
#[cfg(not(feature = "reader"))]
pub(crate) fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(js_error)
}

/// A tag's slug, for `/tags/<slug>/` (empty when it has no letters or digits).
#[cfg(any(feature = "reader", feature = "search"))]
#[wasm_bindgen(js_name = tagSlug)]
pub fn tag_slug(
    #[wasm_bindgen(unchecked_param_type = "string")] tag: JsValue,
) -> Result<String, JsValue> {
    Ok(quire::slugify(&string_argument("tagSlug", &tag)?))
}

#[cfg(all(test, feature = "reader"))]
mod tests {
    use super::pieces;

    #[test]
    fn a_text_cut_into_pieces_joins_back_whole_with_every_cut_between_characters() {
        // Characters of one to four bytes of UTF-8 at every offset from the cuts.
        for wide in ["é", "’", "🎉"] {
            for before in 0..12 {
                let text = format!("{}{wide}{}", "a".repeat(before), "b€".repeat(9));
                let cut: Vec<&str> = pieces(&text, 8).collect();
                assert_eq!(cut.concat(), text);
                assert!(
                    cut.iter()
                        .all(|piece| !piece.is_empty() && piece.len() <= 8)
                );
            }
        }
        assert_eq!(pieces("", 8).count(), 0);
    }
}
