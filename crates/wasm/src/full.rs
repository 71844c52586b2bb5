//! The full module's own exports (the `full` feature, www/pkg-full): the site the template
//! engines render against (`setSite`), the editor's `Draft` and the new-post helpers.

use crate::post::options_argument;
use crate::{js_error, string_argument, to_js, type_name};
use quire::SiteContext;
use std::cell::RefCell;
use std::sync::Arc;
use wasm_bindgen::prelude::*;

thread_local! {
    /// The site as `setSite` handed it over, turned into the core's
    /// context the first time a post needs it (most posts never do).
    static SITE_INDEX: RefCell<Option<JsValue>> = const { RefCell::new(None) };
    static SITE: RefCell<Option<Arc<SiteContext>>> = const { RefCell::new(None) };
}

/// Hands the site to the renderer once: `posts/index.json` as fetched (its
/// `site`, `posts`, `pages` and `context`), for the Liquid and shortcodes of
/// posts (`site.*`, `post_url`, includes, `ref`…). Later `parsePost`,
/// `renderMarkdown` and `Draft` calls render against it; `null` forgets it.
#[wasm_bindgen(js_name = setSite)]
pub fn set_site(
    #[wasm_bindgen(unchecked_param_type = "object | null")] index: JsValue,
) -> Result<(), JsValue> {
    let index = if index.is_undefined() || index.is_null() {
        None
    } else if index.is_object() && !js_sys::Array::is_array(&index) {
        Some(index)
    } else {
        return Err(js_error(format_args!(
            "setSite: the site must be posts/index.json as an object, got {}",
            type_name(&index)
        )));
    };
    SITE_INDEX.with(|cell| *cell.borrow_mut() = index);
    SITE.with(|cell| *cell.borrow_mut() = None);
    Ok(())
}

/// The site handed over by `setSite`, read on first use.
fn site() -> Result<Option<Arc<SiteContext>>, JsValue> {
    if let Some(site) = SITE.with(|cell| cell.borrow().clone()) {
        return Ok(Some(site));
    }
    let Some(index) = SITE_INDEX.with(|cell| cell.borrow().clone()) else {
        return Ok(None);
    };
    // Through JSON text, as `site_argument` does: the JSON reader is in the module already.
    let text = js_sys::JSON::stringify(&index)
        .ok()
        .and_then(|t| t.as_string())
        .ok_or_else(|| js_error("setSite: the site cannot be read as JSON"))?;
    let site = Arc::new(SiteContext::from_index_json(&text).map_err(js_error)?);
    SITE.with(|cell| *cell.borrow_mut() = Some(site.clone()));
    Ok(Some(site))
}

/// The site a post's templates render against: the one `setSite` handed over, for a post
/// that may use it (most never do).
pub(crate) fn site_for(source: &str) -> Result<Option<Arc<SiteContext>>, JsValue> {
    if quire::uses_site_context(source) {
        site()
    } else {
        Ok(None)
    }
}

/// The editor's renderer: a post kept open, re-rendered by window after each
/// edit (see `quire::Draft`). `load` and `edit` return an `Update`:
/// `{ post, prefix, suffix, middle, incremental }` — the first `prefix` and
/// last `suffix` blocks are unchanged, `middle` holds the HTML of the blocks
/// between them; `lines()` gives every block's line.
#[wasm_bindgen(js_name = Draft)]
pub struct JsDraft(quire::Draft);

#[wasm_bindgen(js_class = Draft)]
impl JsDraft {
    /// A draft rendered with `options` (those of `parsePost`).
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "QuireOptions | undefined")] options: JsValue,
    ) -> Result<JsDraft, JsValue> {
        let mut options = options_argument("Draft", options)?;
        options.site = site()?;
        Ok(JsDraft(quire::Draft::new(options)))
    }

    /// Replaces the whole text.
    #[wasm_bindgen(unchecked_return_type = "Update")]
    pub fn load(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "string")] source: JsValue,
    ) -> Result<JsValue, JsValue> {
        let source = string_argument("Draft.load", &source)?;
        update_to_js(self.0.load(&source))
    }

    /// Replaces `from..to` (UTF-16 offsets, as JS strings count) with `text`.
    #[wasm_bindgen(unchecked_return_type = "Update")]
    pub fn edit(
        &mut self,
        from: u32,
        to: u32,
        #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
    ) -> Result<JsValue, JsValue> {
        let text = string_argument("Draft.edit", &text)?;
        update_to_js(self.0.edit_utf16(from as usize, to as usize, &text))
    }

    /// The 1-based source line of every block.
    pub fn lines(&self) -> Vec<u32> {
        self.0.lines()
    }
}

/// An update as JS data: the blocks' HTML as strings of their own, each decoded once, the rest
/// through `to_js` (the blocks would be escaped into its JSON and parsed back).
fn update_to_js(mut update: quire::Update) -> Result<JsValue, JsValue> {
    let middle = std::mem::take(&mut update.middle);
    let object = to_js(&update)?;
    let blocks: js_sys::Array = middle.iter().map(|html| JsValue::from_str(html)).collect();
    // `middle` is in the object already (empty): it keeps its place among the keys.
    js_sys::Reflect::set(&object, &"middle".into(), &blocks)?;
    Ok(object)
}

/// The file name a post is saved as: `YYYY-MM-DD-slug.md`.
#[wasm_bindgen(js_name = newPostFileName)]
pub fn new_post_file_name(
    #[wasm_bindgen(unchecked_param_type = "string")] title: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] date: JsValue,
) -> Result<String, JsValue> {
    let title = string_argument("newPostFileName", &title)?;
    let date = string_argument("newPostFileName", &date)?;
    quire::new_post_file_name(&title, &date)
        .ok_or_else(|| js_error(format_args!("newPostFileName: {date:?} is not a date")))
}

/// The text a new post starts from (a draft dated `date`).
#[wasm_bindgen(js_name = newPostSource)]
pub fn new_post_source(
    #[wasm_bindgen(unchecked_param_type = "string")] title: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] date: JsValue,
) -> Result<String, JsValue> {
    let title = string_argument("newPostSource", &title)?;
    let date = string_argument("newPostSource", &date)?;
    quire::new_post_source(&title, &date)
        .ok_or_else(|| js_error(format_args!("newPostSource: {date:?} is not a date")))
}
