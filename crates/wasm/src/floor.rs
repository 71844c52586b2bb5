//! `make bench`'s floor (the `floor` feature, built into target/bench/floor, never into www/):
//! what `parsePost` would cost were all of Quire's own work free. Bare pulldown-cmark, with the
//! blog preset's extensions and its own HTML writer, behind the same boundary as `parsePost`
//! (the source in through `string_argument`, the HTML out through `js_string`). The bench's
//! parsePost rows against gray-matter + markdown-it and against native print it beside them.

use crate::{js_string, string_argument};
use wasm_bindgen::prelude::*;

/// A Markdown body (no front matter) rendered by bare pulldown-cmark.
#[wasm_bindgen(js_name = bareMarkdown, unchecked_return_type = "string")]
pub fn bare_markdown(
    #[wasm_bindgen(unchecked_param_type = "string")] body: JsValue,
) -> Result<JsValue, JsValue> {
    let body = string_argument("bareMarkdown", &body)?;
    let parser = pulldown_cmark::Parser::new_ext(&body, quire::Preset::Blog.pulldown_options());
    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, parser);
    Ok(js_string(&html))
}
