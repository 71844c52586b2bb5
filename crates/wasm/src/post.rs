//! Posts: `parsePost`, `needsEngines`, `renderMarkdown` and their options (the `reader`
//! feature: the reader's module and the full one).

use crate::{engines, js_error, js_string, string_argument, to_js, type_name};
use quire::{Options, Preset};
use serde::Serialize;
use tsify::Tsify;
use wasm_bindgen::prelude::*;

/// Options of `parsePost`, `renderMarkdown` and `Draft`, as JS passes them
/// (and as `parseOptionsFor` gives them: only the ones set). Every field is
/// optional; an unknown name is an error, not a silent typo.
#[derive(Serialize, Default, Tsify)]
#[serde(rename_all = "camelCase")]
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
    // Read by hand, key by key: every key is seen, so a misspelt option is an error, and the
    // module carries no serde deserializer for JS values (with its error texts, which format
    // floats: 5.4 KB brotli of the reader's module).
    let bad =
        |message: std::fmt::Arguments| js_error(format_args!("{function}: bad options: {message}"));
    let mut options = Options::default();
    for key in js_sys::Object::keys(value.unchecked_ref::<js_sys::Object>()).iter() {
        let name = key.as_string().unwrap_or_default();
        let field = js_sys::Reflect::get(&value, &key).unwrap_or(JsValue::UNDEFINED);
        // Like an option left out, as JSON and serde read them.
        if field.is_undefined() || field.is_null() {
            continue;
        }
        let text = |expected: &str| {
            field.as_string().ok_or_else(|| {
                bad(format_args!(
                    "invalid type: {}, expected {expected}",
                    unexpected(&field)
                ))
            })
        };
        match name.as_str() {
            "path" => options.path = Some(text("a string")?),
            "excerptSeparator" => options.excerpt_separator = Some(text("a string")?),
            "unsafeHtml" => {
                options.unsafe_html = field.as_bool().ok_or_else(|| {
                    bad(format_args!(
                        "invalid type: {}, expected a boolean",
                        unexpected(&field)
                    ))
                })?
            }
            "preset" => {
                options.preset = match text("`blog` or `commonmark`")?.as_str() {
                    "blog" => Preset::Blog,
                    "commonmark" => Preset::CommonMark,
                    other => {
                        return Err(bad(format_args!(
                            "unknown variant `{other}`, expected `blog` or `commonmark`"
                        )));
                    }
                }
            }
            other => {
                return Err(bad(format_args!(
                    "unknown field `{other}`, expected one of `path`, `excerptSeparator`, \
                     `unsafeHtml`, `preset`"
                )));
            }
        }
    }
    Ok(options)
}

/// A JS value as an error message names it: `string "yes"`, `number 3`, `an array`, ...
fn unexpected(value: &JsValue) -> String {
    if let Some(text) = value.as_string() {
        format!("string {text:?}")
    } else if let Some(flag) = value.as_bool() {
        format!("boolean {flag}")
    } else if value.as_f64().is_some() {
        // The number as JS writes it (no float formatting in the module).
        let number: &js_sys::Number = value.unchecked_ref();
        let shown = number
            .to_string_with_radix(10)
            .map(String::from)
            .unwrap_or_default();
        format!("number {shown}")
    } else {
        type_name(value)
    }
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
    let mut post = quire::parse_post(&source, &options);
    // The HTML, by far the longest strings, each in one piece of the object (`js_string`).
    let html = std::mem::take(&mut post.html);
    let excerpt_html = std::mem::take(&mut post.excerpt_html);
    let object = to_js(&post)?;
    js_sys::Reflect::set(&object, &"html".into(), &js_string(&html))?;
    js_sys::Reflect::set(&object, &"excerptHtml".into(), &js_string(&excerpt_html))?;
    Ok(object)
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
#[wasm_bindgen(js_name = renderMarkdown, unchecked_return_type = "string")]
pub fn render_markdown(
    #[wasm_bindgen(unchecked_param_type = "string")] markdown: JsValue,
    #[wasm_bindgen(unchecked_param_type = "QuireOptions | undefined")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let markdown = string_argument("renderMarkdown", &markdown)?;
    let options = options_argument("renderMarkdown", options)?;
    Ok(js_string(&quire::render_markdown(&markdown, &options)))
}
