//! The browser boundary: the only file that knows wasm-bindgen. It converts
//! arguments in, results out, and errors to JS `Error`s — nothing else.

use quire::{Now, Options, PermalinkParts, Preset, SiteConfig, Visibility};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use tsify::Tsify;
use wasm_bindgen::prelude::*;

// Talc instead of the default dlmalloc: smaller and faster. The module is
// single-threaded (no atomics), which the dynamic Talc allocator requires.
#[cfg(all(not(target_feature = "atomics"), target_family = "wasm"))]
#[global_allocator]
static TALC: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

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

// The full module (www/pkg-full): the engines with the site they render against, and the
// author's exports. The reader's module (www/pkg) has `reader.rs` in its place.
#[cfg(feature = "full")]
mod full;
#[cfg(feature = "full")]
use full as engines;
#[cfg(feature = "full")]
pub use full::{JsDraft, new_post_file_name, new_post_source, set_site};
#[cfg(not(feature = "full"))]
mod reader;
#[cfg(not(feature = "full"))]
use reader as engines;

#[wasm_bindgen(start)]
fn start() {
    console_error_panic_hook::set_once();
}

/// Options of `parsePost`, `renderMarkdown` and `Draft`, as JS passes them
/// (and as `parseOptionsFor` gives them: only the ones set). Every field is
/// optional; an unknown name is an error, not a silent typo.
#[derive(Deserialize, Serialize, Default, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct QuireOptions {
    /// The post's file name or path, for date, slug and title (`posts/2024-01-15-hello.md`).
    #[tsify(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    path: Option<String>,
    /// Ends the excerpt instead of `<!--more-->`. A post's own `excerpt_separator` wins.
    #[tsify(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    excerpt_separator: Option<String>,
    /// Pass raw HTML and URLs through untouched. Trusted content only. Default false.
    #[tsify(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    unsafe_html: Option<bool>,
    /// "blog" (default) or "commonmark" (strict CommonMark 0.31.2, no extensions).
    #[tsify(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    preset: Option<Preset>,
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

pub(crate) fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(js_error)
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

// ---- the site model (quire::site) ----------------------------------------------------------

/// The site settings from JS: `index.json`'s `site` (or any object of
/// `_config.yml` keys); `undefined` or `null` is the defaults.
fn site_argument(function: &str, value: JsValue) -> Result<SiteConfig, JsValue> {
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

/// A tag's slug, for `/tags/<slug>/` (empty when it has no letters or digits).
#[wasm_bindgen(js_name = tagSlug)]
pub fn tag_slug(
    #[wasm_bindgen(unchecked_param_type = "string")] tag: JsValue,
) -> Result<String, JsValue> {
    Ok(quire::slugify(&string_argument("tagSlug", &tag)?))
}

/// The year a post is filed under in the archive (`null` when undated).
#[wasm_bindgen(js_name = archiveYear, unchecked_return_type = "string | null")]
pub fn archive_year(
    #[wasm_bindgen(unchecked_param_type = "string | null")] date: JsValue,
) -> JsValue {
    quire::archive_year(date.as_string().as_deref()).map_or(JsValue::NULL, JsValue::from_str)
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
                    score: h.score,
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
    score: f32,
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
