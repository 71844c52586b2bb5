//! The reader's module (www/pkg, built without the `full` feature): no template engines. A
//! post that needs them (`quire::needs_engines`) is refused with a readable error, never
//! rendered with its template text showing; `www/js/quire.js` asks `needsEngines` first and
//! hands such a post to the full module (www/pkg-full).

use crate::js_error;
use quire::SiteContext;
use std::sync::Arc;
use wasm_bindgen::JsValue;

/// The message of the refusal (tests/js/loader.test.mjs matches it).
pub(crate) const NEEDS_FULL: &str = "parsePost: this post uses templates (Liquid or shortcodes), TOML or uncommon YAML front matter, which the reader's module cannot render: use the full module (www/pkg-full)";

/// No site here: the posts this module renders never read it. An error for a post that
/// needs the engines.
pub(crate) fn site_for(source: &str) -> Result<Option<Arc<SiteContext>>, JsValue> {
    if quire::needs_engines(source) {
        Err(js_error(NEEDS_FULL))
    } else {
        Ok(None)
    }
}
