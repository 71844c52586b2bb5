//! Quire turns a raw blog post file — front matter and a Markdown body, the
//! way Jekyll and Hugo blogs are written — into a structured [`Post`]. The
//! same code runs natively (the `quire` CLI) and in the browser
//! (WebAssembly, through the thin `quire-wasm` crate in `crates/wasm`), so what an author previews is byte for
//! byte what readers get.
//!
//! ```
//! use quire::{parse_post, Options};
//!
//! let source = "---\ntitle: Hello\ndate: 2024-01-15\n---\nIntro.\n\n<!--more-->\n\n## Details\n";
//! let post = parse_post(source, &Options::default());
//! assert_eq!(post.meta.title.as_deref(), Some("Hello"));
//! assert_eq!(post.excerpt_html, "<p>Intro.</p>\n");
//! assert!(post.has_more);
//! assert_eq!(post.toc[0].id, "details");
//! assert!(post.meta.diagnostics.is_empty());
//! ```
//!
//! The pipeline is three small steps, each usable alone:
//! [`front_matter::split`] finds the block, [`front_matter::parse`]
//! understands it, [`parse_post`] normalizes it and renders the body with
//! [`render_markdown`]'s renderer.

// Without the `compat` or `toml` feature (the reader's wasm module) the helpers only the template engines
// use (`markdown="1"`, plain inline Markdown, the line-mapped text writer) are left unused: the
// engines' modules are gated in src/compat/mod.rs alone, not each helper. The default build,
// which clippy checks with -D warnings, uses them all.
#![cfg_attr(
    not(all(feature = "compat", feature = "toml")),
    allow(dead_code, unused_imports)
)]

mod calendar;
mod compat;
mod draft;
mod engines;
mod escape;
mod file_name;
mod footnotes;
pub mod front_matter;
mod markdown;
mod post;
mod sanitize;
pub mod search;
mod site;
mod sort;

pub use compat::{PageRef, SiteContext, Uses, wanted as uses_site_context};
pub use draft::{Draft, Update};
pub use engines::needs_engines;
pub use escape::escape_html;
pub use front_matter::{Format, FrontMatterError, MAX_FRONT_MATTER_BYTES};
pub use markdown::{
    DEFAULT_EXCERPT_MARKER, Options, Preset, TocEntry, count_words, render_markdown,
    slugify_heading,
};
pub use post::{
    Diagnostic, Post, PostMeta, Severity, WORDS_PER_MINUTE, normalize_date, normalize_source,
    parse_post, slugify,
};
pub use sanitize::{clean_html, is_safe_url};
pub use site::{
    Author, ConfigError, DEFAULT_PAGINATE, DEFAULT_PERMALINK, DEFAULT_TIMEZONE, DEFAULT_TITLE, Now,
    PermalinkParts, SiteConfig, UNTITLED, Visibility, archive_year, clean_site_path,
    expand_permalink, front_matter_permalink, is_future, new_post_file_name, new_post_source,
    page_permalink, post_permalink, route_shard, route_shard_count,
};
