//! The browser boundary: the only file that knows wasm-bindgen. It converts
//! arguments in, results out, and errors to JS `Error`s — nothing else.

use quire::{Options, Preset};
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &str = r#"
/** Options of `parsePost` and `renderMarkdown`. Every field is optional. */
export interface QuireOptions {
  /** The post's file name or path, for date, slug and title (`posts/2024-01-15-hello.md`). */
  path?: string;
  /** Ends the excerpt instead of `<!--more-->`. A post's own `excerpt_separator` wins. */
  excerptSeparator?: string;
  /** Pass raw HTML and URLs through untouched. Trusted content only. Default false. */
  unsafeHtml?: boolean;
  /** "blog" (default) or "commonmark" (strict CommonMark 0.31.2, no extensions). */
  preset?: "blog" | "commonmark";
}

/** One heading of a post. */
export interface TocEntry { level: number; id: string; text: string; }

/** A problem in a post, 1-based line and column in the file. */
export interface Diagnostic { severity: "error" | "warning"; message: string; line: number; column: number; }

/** A parsed post: plain data. */
export interface Post {
  title: string | null;
  date: string | null;
  slug: string;
  layout: string | null;
  tags: string[];
  categories: string[];
  draft: boolean;
  frontMatter: Record<string, unknown>;
  frontMatterFormat: "yaml" | "toml" | "json" | null;
  html: string;
  excerptHtml: string;
  hasMore: boolean;
  toc: TocEntry[];
  wordCount: number;
  readingMinutes: number;
  diagnostics: Diagnostic[];
}
"#;

#[wasm_bindgen(start)]
fn start() {
    console_error_panic_hook::set_once();
}

/// Options as JS passes them; unknown keys are an error, not a silent typo.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct JsOptions {
    path: Option<String>,
    excerpt_separator: Option<String>,
    unsafe_html: Option<bool>,
    preset: Option<Preset>,
}

const OPTION_NAMES: &[&str] = &["path", "excerptSeparator", "unsafeHtml", "preset"];

/// The one place a failure becomes a JS `Error`.
fn js_error(message: impl std::fmt::Display) -> JsValue {
    js_sys::Error::new(&message.to_string()).into()
}

fn string_argument(function: &str, value: &JsValue) -> Result<String, JsValue> {
    value.as_string().ok_or_else(|| {
        js_error(format_args!(
            "{function}: the first argument must be a string, got {}",
            type_name(value)
        ))
    })
}

fn type_name(value: &JsValue) -> String {
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

fn options_argument(function: &str, value: JsValue) -> Result<Options, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(Options::default());
    }
    if !value.is_object() || js_sys::Array::is_array(&value) {
        return Err(js_error(format_args!(
            "{function}: options must be an object, got {}",
            type_name(&value)
        )));
    }
    // serde-wasm-bindgen reads only the fields it knows; catch typos here.
    for key in js_sys::Object::keys(value.unchecked_ref::<js_sys::Object>()).iter() {
        let key = key.as_string().unwrap_or_default();
        if !OPTION_NAMES.contains(&key.as_str()) {
            return Err(js_error(format_args!(
                "{function}: unknown option `{key}` (known: {})",
                OPTION_NAMES.join(", ")
            )));
        }
    }
    let js: JsOptions = serde_wasm_bindgen::from_value(value)
        .map_err(|e| js_error(format_args!("{function}: bad options: {e}")))?;
    let mut options = Options::default();
    options.path = js.path;
    options.excerpt_separator = js.excerpt_separator;
    options.unsafe_html = js.unsafe_html.unwrap_or(false);
    options.preset = js.preset.unwrap_or_default();
    Ok(options)
}

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
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
    let options = options_argument("parsePost", options)?;
    to_js(&quire::parse_post(&source, &options))
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
        Ok(JsDraft(quire::Draft::new(options_argument(
            "Draft", options,
        )?)))
    }

    /// Replaces the whole text.
    pub fn load(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "string")] source: JsValue,
    ) -> Result<JsValue, JsValue> {
        let source = string_argument("Draft.load", &source)?;
        to_js(&self.0.load(&source))
    }

    /// Replaces `from..to` (UTF-16 offsets, as JS strings count) with `text`.
    pub fn edit(
        &mut self,
        from: u32,
        to: u32,
        #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
    ) -> Result<JsValue, JsValue> {
        let text = string_argument("Draft.edit", &text)?;
        to_js(&self.0.edit_utf16(from as usize, to as usize, &text))
    }

    /// The 1-based source line of every block.
    pub fn lines(&self) -> Vec<u32> {
        self.0.lines()
    }
}
