//! A Jekyll site: `_posts/` (and `CATEGORY/_posts/`) become `posts/`,
//! `_drafts/` posts with `draft: true`, Markdown pages with front matter
//! `pages/`, `_includes/` and `_data/` stay, static files are copied; the
//! `_config.yml` is kept as written when Quire reads it (comments
//! included), since Quire reads Jekyll's keys and keeps every other one for
//! Liquid's `site.*`.

use super::front_matter::{has_front_matter, key_line, set_front_matter_key};
use super::permalink::unknown_placeholders;
use super::plan::{Bytes, Plan, Role};
use super::settings::{config_text, keep_valid_settings};
use super::source::{entries, files_under, join, read_text};
use crate::config::Config;
use crate::site::is_markdown;
use anyhow::{Result, anyhow};
use quire::front_matter::{self, Format};
use serde_json::{Map, Value, json};
use std::path::Path;

/// Whether `_posts/` is at the top or in a category folder one level down.
pub fn has_posts(source: &Path) -> bool {
    if source.join("_posts").is_dir() {
        return true;
    }
    entries(source, "").is_ok_and(|list| {
        list.iter()
            .any(|(name, dir)| *dir && source.join(name).join("_posts").is_dir())
    })
}

/// Folders and files at the top of a Jekyll site that are not content, and why.
const SKIPPED: [(&str, &str); 16] = [
    (
        "_layouts",
        "layouts not imported: every post and page gets Quire's template (a theme/ folder replaces it)",
    ),
    (
        "_sass",
        "Sass not imported: Quire does not compile stylesheets (put CSS in theme/)",
    ),
    ("_site", "Jekyll's build output not imported"),
    (".jekyll-cache", "Jekyll's cache not imported"),
    (".sass-cache", "Jekyll's cache not imported"),
    (".jekyll-metadata", "Jekyll's cache not imported"),
    (
        "_plugins",
        "plugins not imported: Ruby plugins do not run in Quire",
    ),
    ("Gemfile", "Ruby build files not imported"),
    ("Gemfile.lock", "Ruby build files not imported"),
    ("node_modules", "build tool folders not imported"),
    ("vendor", "build tool folders not imported"),
    (".git", "version control folder not imported"),
    (".github", "version control folder not imported"),
    (".bundle", "Ruby build files not imported"),
    ("package.json", "build tool files not imported"),
    ("package-lock.json", "build tool files not imported"),
];

/// Names of repository files that are not pages.
fn is_repository_file(name: &str) -> bool {
    let stem = name
        .rsplit_once('.')
        .map_or(name, |(s, _)| s)
        .to_ascii_uppercase();
    matches!(
        stem.as_str(),
        "README"
            | "LICENSE"
            | "LICENCE"
            | "CHANGELOG"
            | "CONTRIBUTING"
            | "CODE_OF_CONDUCT"
            | "HISTORY"
            | "SECURITY"
    )
}

pub fn plan(source: &Path) -> Result<Plan> {
    let mut plan = Plan::default();
    let config_name = ["_config.yml", "_config.yaml"]
        .into_iter()
        .find(|n| source.join(n).is_file())
        .unwrap_or("_config.yml");
    let config = read_text(source, config_name).unwrap_or_default();
    let settings = front_matter::parse(Format::Yaml, &config, 1)
        .map_err(|e| {
            let (line, column) = e.position();
            anyhow!(
                "{}:{line}:{column}: {e}",
                source.join(config_name).display()
            )
        })?
        .map;
    let excluded: Vec<String> = match settings.get("exclude") {
        Some(Value::Array(list)) => list
            .iter()
            .filter_map(Value::as_str)
            .map(|s| s.trim_matches('/').to_string())
            .collect(),
        _ => Vec::new(),
    };
    let settings_include = settings.get("include").cloned();
    for entry in settings_include
        .iter()
        .flat_map(|v| v.as_array().into_iter().flatten())
    {
        if let Some(name) = entry.as_str()
            && name.starts_with('.')
        {
            plan.warn(
                config_name,
                key_line(&config, "include"),
                "files Jekyll published through `include` that Quire never publishes (names starting with .)",
                format!("`include: {name}`: Quire never publishes files whose names start with ."),
            );
        }
    }
    let text = config_file(&config, settings, &mut plan, config_name)?;
    plan.add(
        "_config.yml".into(),
        Bytes::Text(text),
        Role::Config,
        config_name,
    );
    // `include:` makes Jekyll read `_` folders (`_pages`, a theme's habit).
    let included: Vec<String> = match settings_include {
        Some(Value::Array(list)) => list
            .iter()
            .filter_map(Value::as_str)
            .map(|s| s.trim_matches('/').to_string())
            .collect(),
        _ => Vec::new(),
    };
    let folders = Folders { excluded, included };
    walk(source, "", "", &folders, &mut plan)?;
    Ok(plan)
}

/// What `_config.yml` says to leave out and to read anyway.
struct Folders {
    excluded: Vec<String>,
    included: Vec<String>,
}

/// The files of `source/rel`, written under `dest` (the same path, but for
/// an included `_pages` folder, whose pages go to `pages/` itself).
fn walk(source: &Path, rel: &str, dest: &str, folders: &Folders, plan: &mut Plan) -> Result<()> {
    let top = rel.is_empty();
    let excluded = &folders.excluded;
    for (name, dir) in entries(source, rel)? {
        let path = join(rel, &name);
        let to = join(dest, &name);
        if top && (name == "_config.yml" || name == "_config.yaml") {
            continue;
        }
        let matches = |e: &String| match e.strip_prefix('*') {
            Some(suffix) => name.ends_with(suffix),
            None => !e.is_empty() && (path == *e || path.starts_with(&format!("{e}/"))),
        };
        if excluded.iter().any(matches) {
            plan.skip_because(&path, "excluded by _config.yml `exclude`: not imported");
            continue;
        }
        if let Some((_, why)) = SKIPPED.iter().find(|(n, _)| top && *n == name) {
            plan.skip_because(&path, why);
            continue;
        }
        if dir {
            match name.as_str() {
                "_posts" => posts(source, &path, rel, false, plan)?,
                "_drafts" => posts(source, &path, rel, true, plan)?,
                "_includes" if top => plan.copy_tree(source, &path, "_includes", Role::Include)?,
                "_data" if top => plan.copy_tree(source, &path, "_data", Role::Data)?,
                _ if name.starts_with('.') => {
                    plan.skip_because(&path, "hidden folder not imported");
                }
                _ if top && name.starts_with('_') && folders.included.contains(&name) => {
                    let inner = if name == "_pages" { "" } else { &name[1..] };
                    walk(source, &path, inner, folders, plan)?;
                }
                _ if name.starts_with('_') => plan.skip_because(
                    &path,
                    "folder starting with _ not imported: Jekyll does not publish it (collections are not imported)",
                ),
                _ => walk(source, &path, &to, folders, plan)?,
            }
            continue;
        }
        if name.starts_with('.') {
            plan.skip_because(&path, "hidden file not imported");
            continue;
        }
        if top && name.starts_with("_config") {
            plan.skip_because(
                &path,
                "other Jekyll settings files not imported: only _config.yml is read",
            );
            continue;
        }
        if name.starts_with('_') {
            plan.skip_because(
                &path,
                "file starting with _ not imported: Jekyll does not publish it",
            );
            continue;
        }
        let text_has_front_matter = || read_text(source, &path).is_ok_and(|t| has_front_matter(&t));
        if is_markdown(&name) {
            if top && is_repository_file(&name) {
                plan.skip_because(
                    &path,
                    "repository file (README, LICENSE…) not imported as a page",
                );
            } else if dest.is_empty() && name.starts_with("index.") {
                plan.skip_because(
                    &path,
                    "home page not imported: Quire's home page lists the posts",
                );
            } else if !text_has_front_matter() {
                plan.skip_because(
                    &path,
                    "Markdown without front matter not imported: Jekyll copied it as a file; Quire publishes no Markdown file as is",
                );
            } else {
                plan.copy(format!("pages/{to}"), source, &path, Role::Page);
            }
            continue;
        }
        let lower = name.to_ascii_lowercase();
        let template = [
            ".html", ".htm", ".xml", ".scss", ".sass", ".css", ".js", ".json", ".txt", ".liquid",
        ]
        .iter()
        .any(|ext| lower.ends_with(ext));
        if template && text_has_front_matter() {
            let kind = if lower.ends_with(".html") || lower.ends_with(".htm") {
                "HTML page with front matter not imported: Quire pages are Markdown (Jekyll rendered it with Liquid and a layout)"
            } else {
                "file with front matter not imported: Jekyll rendered it with Liquid; Quire copies files as they are (it writes feed.xml and sitemap.xml itself)"
            };
            plan.skip_because(&path, kind);
            continue;
        }
        plan.copy(to, source, &path, Role::Static);
    }
    Ok(())
}

/// The posts of `folder` (`_posts` or `_drafts`), in category folder
/// `parent` (`""` at the top): to `posts/PARENT/…`, with the categories of
/// the folder added when the post has none, and `draft: true` for drafts.
fn posts(source: &Path, folder: &str, parent: &str, drafts: bool, plan: &mut Plan) -> Result<()> {
    let categories: Vec<&str> = parent.split('/').filter(|s| !s.is_empty()).collect();
    for file in files_under(source, folder)? {
        let inner = file[folder.len() + 1..].to_string();
        let name = inner.rsplit('/').next().unwrap_or_default();
        if name.starts_with('.') {
            continue;
        }
        if !is_markdown(name) {
            let why = if name.to_ascii_lowercase().ends_with(".html") {
                "HTML post not imported: Quire posts are Markdown"
            } else {
                "file in _posts/_drafts that is not a post not imported: Jekyll did not publish it"
            };
            plan.skip_because(&file, why);
            continue;
        }
        let dest = format!("posts/{}", join(parent, &inner));
        let original = read_text(source, &file)?;
        let mut text = original.clone();
        if !categories.is_empty() {
            // Jekyll adds the folders to the post's own categories; a
            // `category:` is read by Quire only without `categories:`.
            let fm = {
                let t = quire::normalize_source(&text);
                let split = front_matter::split(&t);
                split
                    .format
                    .and_then(|f| front_matter::parse(f, split.raw, split.raw_line).ok())
                    .map(|p| p.map)
                    .unwrap_or_default()
            };
            if fm.contains_key("categories") {
                plan.warn(
                    &file,
                    key_line(&text, "categories"),
                    "the categories of the folder are not added to a post that lists its own",
                    format!(
                        "the folder's categories ({}) are not added: add them to `categories`",
                        categories.join(", ")
                    ),
                );
            } else {
                let mut all: Vec<Value> = categories.iter().map(|c| Value::from(*c)).collect();
                match fm.get("category") {
                    Some(Value::String(c)) => all.extend(c.split_whitespace().map(Value::from)),
                    Some(Value::Array(list)) => all.extend(list.iter().cloned()),
                    _ => {}
                }
                text = set_front_matter_key(&text, "categories", &Value::Array(all), false);
            }
        }
        if drafts {
            text = set_front_matter_key(&text, "draft", &json!(true), true);
        }
        if text == original {
            plan.copy(dest, source, &file, Role::Post);
        } else {
            plan.add(dest, Bytes::Text(text), Role::Post, &file);
        }
    }
    Ok(())
}

/// Keys of `_config.yml` that changed what Jekyll did and do nothing in Quire.
const UNUSED_KEYS: [(&str, &str); 16] = [
    (
        "theme",
        "the Jekyll theme is not used: Quire renders with its own template (a theme/ folder replaces it)",
    ),
    (
        "remote_theme",
        "the Jekyll theme is not used: Quire renders with its own template (a theme/ folder replaces it)",
    ),
    (
        "collections",
        "collections are not imported: only posts and pages",
    ),
    (
        "defaults",
        "front matter defaults are not applied: write the keys into the posts that need them",
    ),
    (
        "paginate_path",
        "paginate_path is not used: Quire's pages are /page/2/, /page/3/…",
    ),
    (
        "show_drafts",
        "show_drafts is not used: `quire serve` shows drafts, `quire build --drafts` includes them",
    ),
    (
        "keep_files",
        "include/exclude/keep_files are not used: Quire publishes every file but _ and . ones",
    ),
    (
        "sass",
        "Sass settings are not used: Quire does not compile stylesheets",
    ),
    (
        "kramdown",
        "kramdown settings are not used: Quire reads kramdown's common extensions with fixed settings",
    ),
    (
        "highlighter",
        "the highlighter setting is not used: code is highlighted in the reader's browser",
    ),
    ("lsi", "related posts (lsi) are not computed"),
    (
        "limit_posts",
        "limit_posts is not used: every post is published",
    ),
    (
        "jekyll-archives",
        "jekyll-archives settings are not used: Quire has its own archive",
    ),
    (
        "feed",
        "jekyll-feed settings are not used: Quire writes feed.xml itself",
    ),
    (
        "languages",
        "several languages are not supported: one site, one language",
    ),
    (
        "permalinks",
        "several permalink patterns are not supported: one `permalink` for posts",
    ),
];

/// Added to a `_config.yml` without `permalink`: Jekyll's default
/// (`/:categories/:year/:month/:day/:title.html`) is not Quire's.
const DEFAULT_PERMALINK: &str = "\n# Added by `quire import`: Jekyll's default addresses\n# (/:categories/:year/:month/:day/:title.html), which are not Quire's.\npermalink: date\n";

/// Plugins Quire does the work of.
const BUILT_IN_PLUGINS: [(&str, &str); 5] = [
    ("jekyll-feed", "Quire writes feed.xml itself"),
    ("jekyll-sitemap", "Quire writes sitemap.xml itself"),
    (
        "jekyll-paginate",
        "Quire paginates the home page (`paginate`)",
    ),
    (
        "jekyll-seo-tag",
        "Quire's template writes the title, description and og: tags",
    ),
    (
        "jekyll-include-cache",
        "`include_cached` is rendered like `include`",
    ),
];

/// The new `_config.yml`: the file as written if Quire reads it, else its
/// settings written again without the values Quire refuses.
fn config_file(
    text: &str,
    mut settings: Map<String, Value>,
    plan: &mut Plan,
    name: &str,
) -> Result<String> {
    let line_of = |key: &str| key_line(text, key);
    for (key, why) in UNUSED_KEYS {
        if settings.contains_key(key) {
            plan.warn(name, line_of(key), why, format!("`{key}`: {why}"));
        }
    }
    if let Some(Value::String(markdown)) = settings.get("markdown")
        && !markdown.eq_ignore_ascii_case("kramdown")
    {
        plan.warn(
            name,
            line_of("markdown"),
            "another Markdown processor than kramdown: Quire renders CommonMark with kramdown's common extensions",
            format!("`markdown: {markdown}`: Quire renders CommonMark with kramdown's common extensions"),
        );
    }
    let mut seen = std::collections::BTreeSet::new();
    for key in ["plugins", "gems"] {
        let Some(Value::Array(list)) = settings.get(key) else {
            continue;
        };
        for plugin in list.iter().filter_map(Value::as_str) {
            if !seen.insert(plugin) {
                continue;
            }
            let line = text
                .lines()
                .position(|l| l.contains(plugin))
                .map_or(line_of(key), |n| n + 1);
            match BUILT_IN_PLUGINS.iter().find(|(p, _)| *p == plugin) {
                Some((_, done)) => plan.warn(
                    name,
                    line,
                    "Jekyll plugin Quire does the work of",
                    format!("plugin {plugin}: not needed, {done}"),
                ),
                None => plan.warn(
                    name,
                    line,
                    "Jekyll plugin that will not run: what it adds to pages is missing",
                    format!("plugin {plugin} will not run"),
                ),
            }
        }
    }
    if let Some(Value::String(permalink)) = settings.get("permalink") {
        let pattern = quire::SiteConfig::parse(&format!("permalink: {}", json!(permalink)))
            .map(|c| c.permalink)
            .unwrap_or_default();
        let unknown = unknown_placeholders(&pattern);
        if !unknown.is_empty() {
            plan.warn(
                name,
                line_of("permalink"),
                "permalink placeholders Quire does not know: they are kept as text in the addresses",
                format!("permalink {permalink:?}: Quire does not know {}", unknown.join(", ")),
            );
        }
    }
    // Jekyll's default is not Quire's: written out, the addresses stay.
    let default_permalink = !settings.contains_key("permalink");
    if Config::parse(text).is_ok() {
        let mut text = text.to_string();
        if default_permalink {
            if !text.ends_with('\n') && !text.is_empty() {
                text.push('\n');
            }
            text.push_str(DEFAULT_PERMALINK);
        }
        return Ok(format!(
            "# Imported from a Jekyll site by `quire import jekyll`: the file as it was.\n# Quire reads title, description, author, url, baseurl, timezone, paginate,\n# permalink, excerpt_separator and future; every other key stays for Liquid's `site.*`.\n\n{text}"
        ));
    }
    if default_permalink {
        settings.insert("permalink".into(), "date".into());
    }
    keep_valid_settings(&mut settings, plan, name, &line_of);
    config_text(
        "Imported from a Jekyll site by `quire import jekyll`, written again\nwithout the values Quire cannot use (see _import-report.md); comments\nof the original are not kept. Every other key stays for Liquid's `site.*`.",
        &settings,
    )
}
