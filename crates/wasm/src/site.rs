//! The site as the reader's shell asks it: the options a post is parsed with and the route
//! shard that lists a path (the `reader` feature). What `quire build` decides about each post
//! (permalink, visibility, archive year) is in `publishing.rs`, in the full module only.

use crate::post::QuireOptions;
use crate::{js_error, string_argument, to_js};
use quire::SiteConfig;
use serde_json::Value;
use wasm_bindgen::prelude::*;

/// The `site` argument: `index.json`'s `site` (or any object of `_config.yml` keys), read
/// by the core's `SiteConfig::from_json`.
pub(crate) fn site_argument(function: &str, value: JsValue) -> Result<SiteConfig, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(SiteConfig::default());
    }
    // Through JSON text: the core's JSON reader is in the module already (JSON front
    // matter); serde_wasm_bindgen's reader for a `Value` would add 1.5 KB brotli.
    let text = js_sys::JSON::stringify(&value)
        .ok()
        .and_then(|t| t.as_string())
        .ok_or_else(|| js_error(format_args!("{function}: the site must be an object")))?;
    let Ok(Value::Object(json)) = serde_json::from_str::<Value>(&text) else {
        return Err(js_error(format_args!(
            "{function}: the site must be an object"
        )));
    };
    SiteConfig::from_json(json).map_err(|e| js_error(format_args!("{function}: {}", e.message)))
}

/// `object[key]`, `undefined` when `object` is not an object. Post fields are
/// read one by one, not through serde: a deserializer per argument type
/// would be compiled into the wasm for a handful of fields.
/// The options a file of the site is parsed with (for `parsePost` or a
/// `Draft`): the site's `excerpt_separator` and `unsafe_html`, and `path`
/// when there is one. The core's rule (`SiteConfig::options`), as the CLI
/// builds the site with it.
#[wasm_bindgen(js_name = parseOptionsFor, unchecked_return_type = "QuireOptions")]
pub fn parse_options_for(
    #[wasm_bindgen(unchecked_param_type = "string | null | undefined")] path: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Record<string, unknown> | null | undefined")]
    site: JsValue,
) -> Result<JsValue, JsValue> {
    let path = if path.is_undefined() || path.is_null() {
        None
    } else {
        Some(string_argument("parseOptionsFor", &path)?)
    };
    let config = site_argument("parseOptionsFor", site)?;
    let options = match &path {
        Some(path) => config.options(path),
        None => config.render_options(),
    };
    to_js(&QuireOptions {
        path: options.path,
        excerpt_separator: options.excerpt_separator,
        unsafe_html: options.unsafe_html.then_some(true),
        preset: None,
    })
}

/// The route shard (`posts/index/route-N.json`) that lists the post at a
/// site path, of `shards` (`posts/index.json`'s `routeShards`).
#[wasm_bindgen(js_name = routeShard)]
pub fn route_shard(
    #[wasm_bindgen(unchecked_param_type = "string")] site_path: JsValue,
    shards: u32,
) -> Result<u32, JsValue> {
    Ok(quire::route_shard(
        &string_argument("routeShard", &site_path)?,
        shards,
    ))
}
