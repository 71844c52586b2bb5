//! Posts: `parsePost`, `needsEngines`, `renderMarkdown` and their options (the `reader`
//! feature: the reader's module and the full one).

use crate::{engines, js_error, string_argument, to_js, type_name};
use quire::{Options, Preset};
use serde::{Deserialize, Serialize};
use tsify::Tsify;
use wasm_bindgen::prelude::*;

/// Options of `parsePost`, `renderMarkdown` and `Draft`, as JS passes them
/// (and as `parseOptionsFor` gives them: only the ones set). Every field is
/// optional; an unknown name is an error, not a silent typo.
#[derive(Deserialize, Serialize, Default, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct QuireOptions {
    /// The post's file name or path, for date, slug and title (`posts/2024-01-15-hello.md`).
    #[tsify(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) path: Option<String>,
    /// Ends the excerpt instead of `<!--more-->`. A post's own `excerpt_separator` wins.
    #[tsify(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) excerpt_separator: Option<String>,
    /// Pass raw HTML and URLs through untouched. Trusted content only. Default false.
    #[tsify(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) unsafe_html: Option<bool>,
    /// "blog" (default) or "commonmark" (strict CommonMark 0.31.2, no extensions).
    #[tsify(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) preset: Option<Preset>,
}

/// A JS object read as a struct with every key it has: serde-wasm-bindgen
/// looks up only a struct's own fields, so `deny_unknown_fields` would never
/// see a misspelt option. Read as a map, every key reaches the struct's
/// visitor, which rejects the unknown ones.
struct EveryKey(serde_wasm_bindgen::Deserializer);

impl<'de> serde::Deserializer<'de> for EveryKey {
    type Error = serde_wasm_bindgen::Error;

    fn deserialize_any<V: serde::de::Visitor<'de>>(
        self,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.0.deserialize_any(visitor)
    }

    fn deserialize_struct<V: serde::de::Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.0.deserialize_map(visitor)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
        ignored_any
    }
}

pub(crate) fn options_argument(function: &str, value: JsValue) -> Result<Options, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(Options::default());
    }
    if !value.is_object() || js_sys::Array::is_array(&value) {
        return Err(js_error(format_args!(
            "{function}: options must be an object, got {}",
            type_name(&value)
        )));
    }
    let js = QuireOptions::deserialize(EveryKey(value.into())).map_err(|e| {
        // The reader's error is a JS `Error`: its message, without the `Error: ` of its text.
        let message = String::from(JsValue::from(e).unchecked_into::<js_sys::Error>().message());
        js_error(format_args!("{function}: bad options: {message}"))
    })?;
    let mut options = Options::default();
    options.path = js.path;
    options.excerpt_separator = js.excerpt_separator;
    options.unsafe_html = js.unsafe_html.unwrap_or(false);
    options.preset = js.preset.unwrap_or_default();
    Ok(options)
}

/// Parses a raw post file (front matter + Markdown) into a `Post`. Content
/// problems never throw: they are in `post.diagnostics`. Throws only when
/// `source` is not a string or `options` is malformed.
#[wasm_bindgen(js_name = parsePost, unchecked_return_type = "Post")]
pub fn parse_post(
    #[wasm_bindgen(unchecked_param_type = "string")] source: JsValue,
    #[wasm_bindgen(unchecked_param_type = "QuireOptions | undefined")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let source = string_argument("parsePost", &source)?;
    let mut options = options_argument("parsePost", options)?;
    options.site = engines::site_for(&source)?;
    to_js(&quire::parse_post(&source, &options))
}

/// Whether a post file needs the template engines (Liquid, shortcodes): the core's rule
/// (`quire::needs_engines`). The reader's module renders only posts for which it is false;
/// `www/js/quire.js` loads the full module (www/pkg-full) for the others.
#[wasm_bindgen(js_name = needsEngines)]
pub fn needs_engines(
    #[wasm_bindgen(unchecked_param_type = "string")] source: JsValue,
) -> Result<bool, JsValue> {
    Ok(quire::needs_engines(&string_argument(
        "needsEngines",
        &source,
    )?))
}

/// Renders a Markdown body (no front matter) to HTML with the same options.
#[wasm_bindgen(js_name = renderMarkdown)]
pub fn render_markdown(
    #[wasm_bindgen(unchecked_param_type = "string")] markdown: JsValue,
    #[wasm_bindgen(unchecked_param_type = "QuireOptions | undefined")] options: JsValue,
) -> Result<String, JsValue> {
    let markdown = string_argument("renderMarkdown", &markdown)?;
    let options = options_argument("renderMarkdown", options)?;
    Ok(quire::render_markdown(&markdown, &options))
}
