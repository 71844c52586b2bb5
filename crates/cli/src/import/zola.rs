//! A Zola site: `config.toml` becomes `_config.yml`, the pages of sections
//! and dated pages `posts/` (keeping the section folders), undated
//! top-level pages `pages/`, `static/` the site root, the site's shortcode
//! templates `shortcodes/`.

use super::content::Content;
use super::front_matter::key_line;
use super::permalink::reserved_folder;
use super::plan::{Bytes, Plan, Role};
use super::settings::{config_text, keep_valid_settings, split_base_url};
use super::source::{entries, read_text};
use anyhow::{Result, anyhow};
use quire::front_matter::{self, Format};
use serde_json::{Map, Value};
use std::path::Path;

/// Top-level folders that are not content, and why.
const SKIPPED: [(&str, &str); 7] = [
    (
        "templates",
        "Zola templates not imported: every post and page gets Quire's template (a theme/ folder replaces it)",
    ),
    (
        "sass",
        "Sass not imported: Quire does not compile stylesheets (put CSS in theme/)",
    ),
    (
        "themes",
        "Zola themes not imported: Quire renders with its own template (a theme/ folder replaces it)",
    ),
    ("public", "Zola's build output not imported"),
    ("node_modules", "build tool folders not imported"),
    (".git", "version control folder not imported"),
    (".github", "version control folder not imported"),
];

/// Settings that changed what Zola did and do nothing in Quire.
const UNUSED_KEYS: [(&str, &str); 10] = [
    (
        "theme",
        "the Zola theme is not used: Quire renders with its own template (a theme/ folder replaces it)",
    ),
    (
        "markdown",
        "Markdown settings (highlighting, emoji, external links…) are not used: Quire renders CommonMark with its own settings",
    ),
    (
        "languages",
        "several languages are not supported: one site, one language",
    ),
    ("build_search_index", "no search index is built"),
    ("search", "no search index is built"),
    ("compile_sass", "Sass is not compiled"),
    ("minify_html", "HTML is not minified"),
    (
        "ignored_content",
        "ignored_content is not used: every Markdown file of content/ was imported",
    ),
    (
        "feed_filenames",
        "feeds: Quire writes one Atom feed, feed.xml",
    ),
    (
        "feed_filename",
        "feeds: Quire writes one Atom feed, feed.xml",
    ),
];

pub fn plan(source: &Path) -> Result<Plan> {
    let mut plan = Plan::default();
    let text = config_file(source, &mut plan)?;
    plan.add(
        "_config.yml".into(),
        Bytes::Text(text),
        Role::Config,
        "config.toml",
    );

    let mut undated_paths = 0;
    let is_post = |inner: &str, text: &str| -> bool { inner.contains('/') || dated(inner, text) };
    let post_dest = |inner: &str| inner.to_string();
    Content {
        source,
        is_post: &is_post,
        post_dest: &post_dest,
        generator: "Zola",
    }
    .plan(&mut plan)?;
    // Zola's address of a page without `path` is /SECTION/SLUG/: with one
    // section, that is a permalink pattern.
    let mut with_path = 0;
    let mut sections = std::collections::BTreeSet::new();
    for item in &plan.items {
        if item.role != Role::Post {
            continue;
        }
        let Bytes::File(path) = &item.bytes else {
            continue;
        };
        let text = std::fs::read_to_string(path).unwrap_or_default();
        if has_path(&text) {
            with_path += 1;
            continue;
        }
        undated_paths += 1;
        let inner = item.dest.trim_start_matches("posts/");
        let mut parts: Vec<&str> = inner.split('/').collect();
        let bundle = parts.last().is_some_and(|n| n.starts_with("index."));
        parts.pop();
        if bundle {
            parts.pop();
        }
        sections.insert(parts.join("/"));
    }
    let section = sections.iter().next().cloned().unwrap_or_default();
    let reserved = reserved_folder(&section);
    if undated_paths > 0 && with_path == 0 && sections.len() == 1 && reserved.is_none() {
        let pattern = if section.is_empty() {
            "/:slug/".to_string()
        } else {
            format!("/{section}/:slug/")
        };
        if let Some(config) = plan.items.iter_mut().find(|i| i.dest == "_config.yml")
            && let Bytes::Text(text) = &mut config.bytes
        {
            text.push_str(&format!(
                "# Zola's addresses (/SECTION/SLUG/), kept.\npermalink: {}\n",
                Value::from(pattern)
            ));
        }
    } else if undated_paths > 0 {
        plan.warn(
            "config.toml",
            0,
            "Zola's addresses (/SECTION/SLUG/) are not Quire's: set `permalink` in _config.yml to keep them",
            format!(
                "{undated_paths} posts without `path`: Zola published them at /SECTION/SLUG/, Quire at `permalink` (/:year/:month/:day/:slug/ unless set)"
            ),
        );
    }

    for (name, dir) in entries(source, "")? {
        match name.as_str() {
            "content" if dir => {}
            "config.toml" => {}
            "static" if dir => plan.copy_tree(source, "static", "", Role::Static)?,
            "templates" if dir => {
                if source.join("templates/shortcodes").is_dir() {
                    plan.copy_tree(
                        source,
                        "templates/shortcodes",
                        "shortcodes",
                        Role::Shortcode,
                    )?;
                }
                plan.skip_because("templates", SKIPPED[0].1);
            }
            _ => match SKIPPED.iter().find(|(n, _)| *n == name) {
                Some((_, why)) => plan.skip_because(&name, why),
                None if dir => plan.skip_because(
                    &name,
                    "folder outside Zola's content/ and static/ not imported",
                ),
                None => plan.skip_because(
                    &name,
                    "file outside Zola's content/ and static/ not imported",
                ),
            },
        }
    }
    Ok(plan)
}

fn front(text: &str) -> Map<String, Value> {
    let text = quire::normalize_source(text);
    let split = front_matter::split(&text);
    split
        .format
        .and_then(|f| front_matter::parse(f, split.raw, split.raw_line).ok())
        .map(|p| p.map)
        .unwrap_or_default()
}

fn has_path(text: &str) -> bool {
    front(text).get("path").is_some_and(Value::is_string)
}

/// Whether a page has a date: front matter `date`, the file name, or a
/// `path` that carries one (what the core reads).
fn dated(inner: &str, text: &str) -> bool {
    let mut options = quire::Options::default();
    options.path = Some(format!("content/{inner}"));
    // Only the front matter matters: the body is not rendered.
    let text = quire::normalize_source(text);
    let split = front_matter::split(&text);
    let head = &text[..text.len() - split.body.len()];
    quire::parse_post(head, &options).meta.date.is_some()
}

fn config_file(source: &Path, plan: &mut Plan) -> Result<String> {
    let text = read_text(source, "config.toml")?;
    let zola = front_matter::parse(Format::Toml, &text, 1)
        .map_err(|e| {
            let (line, column) = e.position();
            anyhow!(
                "{}:{line}:{column}: {e}",
                source.join("config.toml").display()
            )
        })?
        .map;
    let line_of = |key: &str| key_line(&text, key);
    let mut out = Map::new();
    for key in ["title", "description"] {
        if let Some(v) = zola.get(key) {
            out.insert(key.into(), v.clone());
        }
    }
    if let Some(author) = zola.get("author").or_else(|| {
        zola.get("extra")
            .and_then(Value::as_object)
            .and_then(|e| e.get("author"))
    }) && (author.is_string() || author.get("name").is_some())
    {
        out.insert("author".into(), author.clone());
    }
    if let Some(Value::String(base)) = zola.get("base_url") {
        match split_base_url(base) {
            Some((url, baseurl)) => {
                out.insert("url".into(), url.into());
                out.insert("baseurl".into(), baseurl.into());
            }
            None => plan.warn(
                "config.toml",
                line_of("base_url"),
                "base_url is not an absolute http(s) address: no `url` in _config.yml",
                format!(
                    "base_url {base:?} is not an absolute http(s) address: set `url` in _config.yml"
                ),
            ),
        }
    }
    if let Some(extra) = zola.get("extra") {
        out.insert("extra".into(), extra.clone());
    }
    if let Some(taxonomies) = zola.get("taxonomies") {
        out.insert("taxonomies".into(), taxonomies.clone());
        let names: Vec<&str> = taxonomies
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|t| t.get("name").and_then(Value::as_str))
            .filter(|n| !["tags", "categories"].contains(n))
            .collect();
        if !names.is_empty() {
            plan.warn(
                "config.toml",
                line_of("taxonomies"),
                "only tags and categories are taxonomies in Quire",
                format!(
                    "taxonomies {}: only tags and categories are listed by Quire",
                    names.join(", ")
                ),
            );
        }
    }
    let mut rest = Map::new();
    for (key, value) in &zola {
        if !["title", "description", "base_url", "extra", "taxonomies"].contains(&key.as_str()) {
            rest.insert(key.clone(), value.clone());
        }
        if let Some((_, why)) = UNUSED_KEYS.iter().find(|(k, _)| k == key) {
            plan.warn("config.toml", line_of(key), why, format!("`{key}`: {why}"));
        }
    }
    if !rest.is_empty() {
        out.insert("zola".into(), Value::Object(rest));
    }
    let quire_line = |key: &str| line_of(if key == "url" { "base_url" } else { key });
    keep_valid_settings(&mut out, plan, "config.toml", &quire_line);
    config_text(
        "Imported from a Zola site by `quire import zola`.\nQuire reads title, description, author, url and baseurl (from base_url);\n`extra` and `taxonomies` are kept as they were, and every other Zola\nsetting is kept under `zola` (Liquid and shortcodes read them).",
        &out,
    )
}
