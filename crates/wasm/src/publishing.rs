//! What `quire build` decides about each post, for the author's pages (the editor shows a
//! post's visibility) and tests: the settings normalized, a post's permalink and visibility,
//! its archive year. Full module only: readers get these already computed, in `index.json`.

use crate::site::site_argument;
use crate::{js_error, to_js, type_name};
use quire::{Now, PermalinkParts, Visibility};
use serde::Serialize;
use serde_json::{Map, Value};
use tsify::Tsify;
use wasm_bindgen::prelude::*;

// `Post`, `PostMeta`, `Update`, `TocEntry`, `Diagnostic`, `QuireOptions` and the search and
// visibility results are declared from their Rust types (`Tsify`); here only the shapes that
// have none: the site settings as JSON and the fields the site functions read of a post.
#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &str = r#"
/** The site settings as `posts/index.json` carries them (`site`): every key of
 * `_config.yml`, with these normalized and defaults filled in. */
export interface SiteConfig {
  title: string;
  url: string | null;
  baseurl: string;
  timezone: string;
  paginate: number;
  permalink: string;
  unsafe_html: boolean;
  future: boolean;
  [key: string]: unknown;
}

/** What `permalinkOf` reads of a post (a `Post` or an index entry will do). */
export interface PermalinkPost {
  slug: string;
  categories?: string[];
  date?: string | null;
  frontMatter?: { permalink?: unknown };
}

/** What `postVisibility` reads of a post. */
export interface DatedPost { draft?: boolean; date?: string | null; }
"#;

/// The site settings from JS: `index.json`'s `site` (or any object of
/// `_config.yml` keys); `undefined` or `null` is the defaults.
fn field(object: &JsValue, key: &str) -> JsValue {
    if !object.is_object() {
        return JsValue::UNDEFINED;
    }
    js_sys::Reflect::get(object, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// A post argument: an object, else a readable error.
fn post_argument(function: &str, post: &JsValue) -> Result<(), JsValue> {
    if post.is_object() {
        Ok(())
    } else {
        Err(js_error(format_args!(
            "{function}: the post must be an object, got {}",
            type_name(post)
        )))
    }
}

/// The site settings normalized, defaults filled in: what `index.json`
/// carries as `site`. Throws on a setting Quire cannot use.
#[wasm_bindgen(js_name = siteConfig, unchecked_return_type = "SiteConfig")]
pub fn site_config(
    #[wasm_bindgen(unchecked_param_type = "Record<string, unknown> | undefined")] site: JsValue,
) -> Result<JsValue, JsValue> {
    to_js(&site_argument("siteConfig", site)?.json)
}

/// A post's site path (`/2024/01/15/hello/`): its front matter `permalink`,
/// else the site's pattern.
#[wasm_bindgen(js_name = permalinkOf)]
pub fn permalink_of(
    #[wasm_bindgen(unchecked_param_type = "PermalinkPost")] post: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Record<string, unknown> | undefined")] site: JsValue,
) -> Result<String, JsValue> {
    post_argument("permalinkOf", &post)?;
    let config = site_argument("permalinkOf", site)?;
    let slug = field(&post, "slug").as_string().unwrap_or_default();
    let categories: Vec<String> = match field(&post, "categories") {
        list if js_sys::Array::is_array(&list) => js_sys::Array::from(&list)
            .iter()
            .filter_map(|c| c.as_string())
            .collect(),
        _ => Vec::new(),
    };
    let date = field(&post, "date").as_string();
    let mut front_matter = Map::new();
    if let Some(permalink) = field(&field(&post, "frontMatter"), "permalink").as_string() {
        front_matter.insert("permalink".into(), Value::String(permalink));
    }
    let parts = PermalinkParts {
        slug: &slug,
        categories: &categories,
        date: date.as_deref(),
        permalink: quire::front_matter_permalink(&front_matter),
    };
    Ok(quire::post_permalink(parts, &config))
}

/// Why readers would not see a post; `published` when they would.
#[derive(Serialize, Tsify)]
struct PostVisibility {
    published: bool,
    draft: bool,
    future: bool,
}

/// Whether readers see a post at `nowMs` (ms since the epoch), the site's
/// time zone being `offsetMinutes` east of UTC then.
#[wasm_bindgen(js_name = postVisibility, unchecked_return_type = "PostVisibility")]
pub fn post_visibility(
    #[wasm_bindgen(unchecked_param_type = "DatedPost")] post: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Record<string, unknown> | undefined")] site: JsValue,
    now_ms: f64,
    offset_minutes: f64,
) -> Result<JsValue, JsValue> {
    post_argument("postVisibility", &post)?;
    let config = site_argument("postVisibility", site)?;
    if !now_ms.is_finite() || !offset_minutes.is_finite() {
        return Err(js_error(
            "postVisibility: nowMs and offsetMinutes must be numbers",
        ));
    }
    let now = Now {
        utc_seconds: (now_ms / 1000.0).floor() as i64,
        site_offset_seconds: (offset_minutes * 60.0).round() as i32,
    };
    let draft = field(&post, "draft").as_bool().unwrap_or(false);
    let date = field(&post, "date").as_string();
    let why = Visibility::of(draft, date.as_deref(), &config, now);
    to_js(&PostVisibility {
        published: why.is_published(),
        draft: why.draft,
        future: why.future,
    })
}

/// The year a post is filed under in the archive (`null` when undated).
#[wasm_bindgen(js_name = archiveYear, unchecked_return_type = "string | null")]
pub fn archive_year(
    #[wasm_bindgen(unchecked_param_type = "string | null")] date: JsValue,
) -> JsValue {
    quire::archive_year(date.as_string().as_deref()).map_or(JsValue::NULL, JsValue::from_str)
}
