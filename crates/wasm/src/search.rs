//! Search, the query side (the `search` feature: www/pkg-search, and the full module): the
//! index as the reader's browser loads it chunk by chunk, snippets and the words to mark. The
//! shell loads this module only when a search runs (`ready('search')` in www/js/quire.js).

use crate::{js_error, string_argument, to_js};
use serde::Serialize;
use tsify::Tsify;
use wasm_bindgen::prelude::*;

/// The search index as the reader's browser holds it: `search/meta.json`, then the term
/// chunks a query needs (`chunksFor`, fetched by the caller and given to `addChunk`).
#[wasm_bindgen]
pub struct SearchIndex(quire::search::Index);

#[wasm_bindgen]
impl SearchIndex {
    /// From the text of `search/meta.json`.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "string")] meta: JsValue,
    ) -> Result<SearchIndex, JsValue> {
        let meta = string_argument("SearchIndex", &meta)?;
        quire::search::Index::from_meta(&meta)
            .map(SearchIndex)
            .map_err(js_error)
    }

    /// The number of posts indexed.
    #[wasm_bindgen(getter)]
    pub fn docs(&self) -> u32 {
        self.0.docs()
    }

    /// The term chunks `query` needs that are not loaded yet.
    #[wasm_bindgen(js_name = chunksFor)]
    pub fn chunks_for(&self, query: &str) -> Vec<u32> {
        self.0
            .chunks_for(query)
            .into_iter()
            .map(|n| n as u32)
            .collect()
    }

    /// Chunk `n`'s file name, within `search/`.
    #[wasm_bindgen(js_name = chunkFile)]
    pub fn chunk_file(&self, n: u32) -> Result<String, JsValue> {
        self.0
            .chunk_file(n as usize)
            .map(str::to_string)
            .ok_or_else(|| js_error(format_args!("no search chunk {n}")))
    }

    /// Adds chunk `n`'s bytes; an error if they are damaged.
    #[wasm_bindgen(js_name = addChunk)]
    pub fn add_chunk(&mut self, n: u32, bytes: &[u8]) -> Result<(), JsValue> {
        self.0.add_chunk(n as usize, bytes).map_err(js_error)
    }

    /// The best `limit` posts for `query`, from the chunks loaded.
    #[wasm_bindgen(unchecked_return_type = "SearchResults")]
    pub fn search(&self, query: &str, limit: u32) -> Result<JsValue, JsValue> {
        let found = self.0.search(query, limit as usize);
        to_js(&SearchResults {
            hits: found
                .hits
                .iter()
                .map(|h| SearchHit {
                    doc: h.doc,
                    score: f64::from(h.score),
                })
                .collect(),
            total: found.total,
            all_words: found.all_words,
        })
    }

    /// Where post `doc`'s title, permalink, date and tags are.
    #[wasm_bindgen(js_name = docFile, unchecked_return_type = "SearchDocFile")]
    pub fn doc_file(&self, doc: u32) -> Result<JsValue, JsValue> {
        let (file, index) = self
            .0
            .doc_file(doc)
            .ok_or_else(|| js_error(format_args!("no post {doc} in the search index")))?;
        to_js(&SearchDocFile { file, index })
    }
}

/// The best posts for a query, how many qualify, and whether they hold every word.
#[derive(Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
struct SearchResults {
    hits: Vec<SearchHit>,
    total: usize,
    all_words: bool,
}

/// A post found by `SearchIndex.search`: its id in the index, and its score.
#[derive(Serialize, Tsify)]
struct SearchHit {
    doc: u32,
    /// Widened from the index's `f32` here, so the search module (serde-wasm-bindgen)
    /// and the full module (JSON text) hand JS the same number.
    score: f64,
}

/// Where a post's title, permalink, date and tags are: `search/<file>`, entry `index`.
#[derive(Serialize, Tsify)]
struct SearchDocFile<'a> {
    file: &'a str,
    index: u32,
}

/// About `max` bytes of a post's text (from its rendered `html`) around the words of
/// `query`, as segments to show as text.
#[wasm_bindgen(js_name = searchSnippet, unchecked_return_type = "SearchSegment[]")]
pub fn search_snippet(html: &str, query: &str, max: u32) -> Result<JsValue, JsValue> {
    let text = quire::search::text_of_html(html);
    to_js(&quire::search::snippet(&text, query, max as usize))
}

/// Where the words of `query` are in `text`: start and end pairs, in UTF-16 code units
/// (JS string offsets), for highlighting them in a page's text nodes.
#[wasm_bindgen(js_name = searchHighlights)]
pub fn search_highlights(text: &str, query: &str) -> Vec<u32> {
    let ranges = quire::search::highlights(text, query);
    let mut out = Vec::with_capacity(ranges.len() * 2);
    let (mut byte, mut unit) = (0usize, 0u32);
    let mut units_to = |to: usize| {
        unit += text[byte..to].encode_utf16().count() as u32;
        byte = to;
        unit
    };
    for r in ranges {
        out.push(units_to(r.start));
        out.push(units_to(r.end));
    }
    out
}
