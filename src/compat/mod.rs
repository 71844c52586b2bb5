//! Compatibility with the blogs people move from: Jekyll's Liquid and Hugo's
//! and Zola's shortcodes are expanded on a post's Markdown body before it is
//! rendered, with the site's context (config, data, post list, includes), so
//! the editor's preview, the reader's browser and `quire build` give the same
//! bytes. kramdown's attribute lists, abbreviations and `{:toc}` are stages of
//! the Markdown renderer (see [`kramdown`]).
//!
//! Each expansion is a pass from text to text that keeps, for every line it
//! writes, the line of the file it came from ([`Mapped`]), so `data-line`
//! attributes and diagnostics still point into the post file. A body with no
//! `{{` and no `{%` is not touched at all.

// The engines (the `compat` feature): a build without them still knows which posts need them
// (`wanted`, `needs_engines`), and reports such a post instead of expanding it.
#[cfg(feature = "compat")]
pub(crate) mod builtin;
#[cfg(feature = "compat")]
pub(crate) mod embed;
#[cfg(feature = "compat")]
mod index;
pub(crate) mod kramdown;
#[cfg(feature = "compat")]
mod liquid;
#[cfg(feature = "compat")]
mod shortcodes;
mod text;
mod uses;

pub(crate) use text::{Mapped, Writer};
pub use uses::Uses;

use crate::post::Diagnostic;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// What a post's Liquid and shortcodes see of the site, built once per site
/// (`quire build`/`serve` from the site folder; in the browser from
/// `posts/index.json`, handed to the wasm module once).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SiteContext {
    /// `site.*`: every key of `_config.yml`, as plain JSON values.
    pub config: Map<String, Value>,
    /// `site.data.*`: each `_data/NAME.yml|yaml|json` under `NAME`
    /// (sub-folders nest: `_data/a/b.yml` is `site.data.a.b`).
    pub data: Map<String, Value>,
    /// The published posts, newest first (`site.posts`, `post_url`,
    /// `link`, `ref`/`relref`, Zola's `@/` links).
    pub posts: Vec<PageRef>,
    /// The published pages (`link`, `ref`/`relref`).
    pub pages: Vec<PageRef>,
    /// `_includes/`: path inside the folder (`gallery`, `video`,
    /// `figure.html`, `sub/x.html`) -> text.
    pub includes: BTreeMap<String, String>,
    /// Other text files posts read with `include_relative`, by path in the
    /// site (`posts/snippets/example.md`).
    pub files: BTreeMap<String, String>,
    /// The site's own shortcodes (`shortcodes/NAME.html` or `.md`): name
    /// without extension -> template text.
    pub shortcodes: BTreeMap<String, String>,
}

/// A post or page of the site, as other posts refer to it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct PageRef {
    /// Path in the site, `posts/2010-07-21-name.md` or `pages/about.md`.
    pub path: String,
    /// Its permalink, from the site root (`/2010/07/21/name/`), without the
    /// base URL.
    pub url: String,
    pub title: Option<String>,
    pub date: Option<String>,
    pub tags: Vec<String>,
    pub categories: Vec<String>,
}

/// The post being rendered, as Liquid's `page.*` and Hugo's `.Params` see
/// it: every front matter key, then what Quire derives (`url`, `date`,
/// `title`, `tags`, `categories`, `slug`, `path`).
pub(crate) type Page = Map<String, Value>;

/// Whether `body` may hold anything this stage expands, so needs the
/// site's context: `{{`, `{%`, `markdown=`, or Zola's `@/` link after `(` or
/// a blank (byte searches, so a body without them costs nothing measurable).
pub fn wanted(body: &str) -> bool {
    let bytes = body.as_bytes();
    if memchr::memmem::find(bytes, b"markdown=").is_some() {
        return true;
    }
    memchr::memchr2_iter(b'{', b'@', bytes).any(|at| match bytes[at] {
        b'{' => matches!(bytes.get(at + 1), Some(b'{' | b'%')),
        _ => {
            at > 0
                && bytes.get(at + 1) == Some(&b'/')
                && matches!(bytes[at - 1], b'(' | b' ' | b'\t')
        }
    })
}

/// Expands shortcodes, then Liquid (unless the post says
/// `render_with_liquid: false`), in `body`, whose first line is the file's
/// `first_line`. `None`: there was nothing to expand, render `body` as is.
#[cfg(feature = "compat")]
pub(crate) fn expand(
    body: &str,
    first_line: usize,
    page: &Page,
    site: &SiteContext,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Mapped<'static>> {
    if !wanted(body) {
        return None;
    }
    let input = Mapped::new(body, first_line);
    // kramdown's `markdown="1"` first: the content it opens to Markdown may
    // hold shortcodes and Liquid like any other.
    let after_kramdown = kramdown::markdown_in_html(&input);
    let input = after_kramdown.as_ref().unwrap_or(&input);
    let after_shortcodes = shortcodes::expand(input, page, site, diagnostics);
    let input = after_shortcodes.as_ref().unwrap_or(input);
    let liquid_on = page.get("render_with_liquid") != Some(&Value::Bool(false));
    let after_liquid = if liquid_on {
        liquid::render(input, page, site, diagnostics)
    } else {
        None
    };
    after_liquid
        .or(after_shortcodes)
        .or(after_kramdown)
        .map(Mapped::into_owned)
}

/// Without the engines (a build without the `compat` feature) a body that needs them is not
/// expanded: the post says so in its diagnostics, never silently shows its template text as
/// if it were prose. (The reader's wasm module refuses such a post before it gets here.)
#[cfg(not(feature = "compat"))]
pub(crate) fn expand(
    body: &str,
    first_line: usize,
    _page: &Page,
    _site: &SiteContext,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Mapped<'static>> {
    if wanted(body) {
        diagnostics.push(Diagnostic {
            severity: crate::Severity::Error,
            message: "this post uses templates (Liquid or shortcodes) and this build of Quire \
                      has no template engines: it is shown unexpanded"
                .into(),
            line: first_line,
            column: 1,
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_without_double_braces_or_tags_is_not_wanted() {
        assert!(!wanted("Plain { text } with {braces} and % signs.\n"));
        assert!(wanted("Hello {{ site.title }}"));
        assert!(wanted("{% raw %}"));
        assert!(!wanted("ends with {"));
        assert!(wanted("[next](@/blog/next.md)\n[n]: @/blog/n.md"));
        assert!(!wanted("mail me@/dev/null or @ruby"));
    }
}
