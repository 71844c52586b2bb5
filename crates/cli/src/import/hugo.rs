//! A Hugo site: the settings (`hugo.*`, `config.*`, `config/_default/`)
//! become `_config.yml`, sections of dated posts `posts/`, other content
//! `pages/`, `static/` the site root, `data/` `_data/`, the site's
//! shortcode templates `shortcodes/`.

use super::content::Content;
use super::front_matter::key_line;
use super::permalink::unknown_placeholders;
use super::plan::{Bytes, Plan, Role};
use super::settings::{config_text, keep_valid_settings, split_base_url};
use super::source::{entries, files_under, join, read_text};
use anyhow::{Result, anyhow};
use quire::front_matter::{self, Format};
use serde_json::{Map, Value};
use std::path::Path;

const EXTENSIONS: [(&str, Format); 4] = [
    ("toml", Format::Toml),
    ("yaml", Format::Yaml),
    ("yml", Format::Yaml),
    ("json", Format::Json),
];

/// The settings files, source-relative, with the key each one fills
/// (`None`: the top level): `hugo.*`/`config.*` at the top, then the files
/// of `config/_default/` (`params.toml` fills `params`).
pub fn config_files(source: &Path) -> Vec<(String, Format, Option<String>)> {
    let mut out = Vec::new();
    for stem in ["hugo", "config"] {
        for (ext, format) in EXTENSIONS {
            let rel = format!("{stem}.{ext}");
            if source.join(&rel).is_file() {
                out.push((rel, format, None));
            }
        }
    }
    if let Ok(list) = entries(source, "config/_default") {
        for (name, dir) in list {
            let Some((stem, ext)) = name.rsplit_once('.') else {
                continue;
            };
            let Some((_, format)) = EXTENSIONS.iter().find(|(e, _)| *e == ext) else {
                continue;
            };
            if dir {
                continue;
            }
            let key = (!matches!(stem, "hugo" | "config")).then(|| stem.to_string());
            out.push((format!("config/_default/{name}"), *format, key));
        }
    }
    out
}

/// Sections whose pages are posts even without dates.
const POST_SECTIONS: [&str; 6] = ["posts", "post", "blog", "articles", "news", "notes"];

/// Top-level folders that are not content, and why.
const SKIPPED: [(&str, &str); 10] = [
    (
        "layouts",
        "Hugo layouts not imported: every post and page gets Quire's template (a theme/ folder replaces it)",
    ),
    (
        "themes",
        "Hugo themes not imported: Quire renders with its own template (a theme/ folder replaces it)",
    ),
    (
        "assets",
        "Hugo pipes assets not imported: Quire does not process assets (put files to publish at the site root)",
    ),
    ("resources", "Hugo's generated resources not imported"),
    ("public", "Hugo's build output not imported"),
    (
        "archetypes",
        "archetypes not imported: `quire new` writes new posts",
    ),
    ("i18n", "translations not imported: one site, one language"),
    ("node_modules", "build tool folders not imported"),
    (".git", "version control folder not imported"),
    (".github", "version control folder not imported"),
];

/// Settings that changed what Hugo did and do nothing in Quire.
const UNUSED_KEYS: [(&str, &str); 14] = [
    (
        "theme",
        "the Hugo theme is not used: Quire renders with its own template (a theme/ folder replaces it)",
    ),
    (
        "languages",
        "several languages are not supported: one site, one language",
    ),
    (
        "markup",
        "Markdown renderer settings are not used: Quire renders CommonMark with its own settings",
    ),
    (
        "outputs",
        "output formats are not used: Quire writes HTML pages, feed.xml and sitemap.xml",
    ),
    (
        "outputformats",
        "output formats are not used: Quire writes HTML pages, feed.xml and sitemap.xml",
    ),
    (
        "menus",
        "menus are not used: Quire's header lists the pages",
    ),
    ("menu", "menus are not used: Quire's header lists the pages"),
    (
        "taxonomies",
        "only tags and categories are taxonomies in Quire",
    ),
    ("module", "Hugo modules are not used"),
    ("disablekinds", "disableKinds is not used"),
    (
        "uglyurls",
        "uglyURLs is not used: addresses come from `permalink`",
    ),
    (
        "builddrafts",
        "buildDrafts is not used: `quire build --drafts` includes drafts",
    ),
    ("related", "related content is not computed"),
    (
        "summarylength",
        "summaryLength is not used: the excerpt ends at <!--more-->, else after the first paragraph",
    ),
];

/// A key of a Hugo settings map, case-insensitively (Hugo's keys are).
fn get<'a>(map: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    map.iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(key))
        .map(|(_, v)| v)
}

/// Hugo's permalink tokens as Quire's; `Err` with the tokens Quire has no
/// equivalent of.
pub fn permalink(pattern: &str, section: &str) -> Result<String, Vec<String>> {
    let tokens: [(&str, &str); 16] = [
        (":slugorcontentbasename", ":slug"),
        (":slugorfilename", ":slug"),
        (":contentbasename", ":slug"),
        (":weekdayname", ":long_day"),
        (":monthname", ":long_month"),
        (":filename", ":slug"),
        (":sections", section),
        (":section", section),
        (":yearday", ":y_day"),
        (":weekday", ":w_day"),
        (":title", ":title"),
        (":month", ":month"),
        (":year", ":year"),
        (":slug", ":slug"),
        (":day", ":day"),
        (":", ":"),
    ];
    let mut out = String::new();
    let mut rest = pattern;
    while let Some(at) = rest.find(':') {
        out.push_str(&rest[..at]);
        let after = &rest[at..];
        let len = after[1..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .map_or(after.len(), |n| n + 1);
        let token = &after[..len];
        match tokens.iter().find(|(t, _)| *t == token) {
            Some((_, to)) if token != ":" => out.push_str(to),
            _ => out.push_str(token),
        }
        rest = &after[len..];
    }
    out.push_str(rest);
    let unknown = unknown_placeholders(&out);
    if unknown.is_empty() {
        Ok(out)
    } else {
        Err(unknown)
    }
}

pub fn plan(source: &Path) -> Result<Plan> {
    let mut plan = Plan::default();
    let post_sections = post_sections(source)?;
    let text = config_file(source, &post_sections, &mut plan)?;
    plan.add(
        "_config.yml".into(),
        Bytes::Text(text),
        Role::Config,
        "config",
    );

    // Top-level files are pages in Hugo, dated or not.
    let is_post = |inner: &str, _text: &str| -> bool {
        inner
            .split_once('/')
            .is_some_and(|(section, _)| post_sections.iter().any(|s| s == section))
    };
    let post_dest = |inner: &str| -> String {
        match inner.split_once('/') {
            Some((section, rest)) if ["posts", "post", "blog"].contains(&section) => {
                rest.to_string()
            }
            _ => inner.to_string(),
        }
    };
    Content {
        source,
        is_post: &is_post,
        post_dest: &post_dest,
        generator: "Hugo",
    }
    .plan(&mut plan)?;

    for (name, dir) in entries(source, "")? {
        let is_config = config_files(source).iter().any(|(rel, _, _)| *rel == name);
        match name.as_str() {
            "content" if dir => {}
            _ if is_config => {}
            "static" if dir => plan.copy_tree(source, "static", "", Role::Static)?,
            "data" if dir => plan.copy_tree(source, "data", "_data", Role::Data)?,
            "layouts" if dir => {
                shortcodes(source, "layouts", &mut plan)?;
                plan.skip_because("layouts", SKIPPED[0].1);
            }
            "config" if dir => {
                for (env, is_dir) in entries(source, "config")? {
                    if env != "_default" {
                        let rel = format!("config/{env}");
                        let why = if is_dir {
                            "settings of another Hugo environment not imported: only config/_default/ is read"
                        } else {
                            "file of config/ not imported: only config/_default/ is read"
                        };
                        plan.skip_because(&rel, why);
                    }
                }
            }
            _ => match SKIPPED.iter().find(|(n, _)| *n == name) {
                Some((_, why)) => plan.skip_because(&name, why),
                None if dir => plan.skip_because(
                    &name,
                    "folder outside Hugo's content/, static/ and data/ not imported",
                ),
                None => plan.skip_because(
                    &name,
                    "file outside Hugo's content/, static/ and data/ not imported",
                ),
            },
        }
    }
    Ok(plan)
}

/// `layouts/shortcodes/` (and `layouts/_shortcodes/`) to `shortcodes/`.
pub fn shortcodes(source: &Path, layouts: &str, plan: &mut Plan) -> Result<()> {
    for folder in ["shortcodes", "_shortcodes"] {
        let rel = join(layouts, folder);
        if source.join(&rel).is_dir() {
            plan.copy_tree(source, &rel, "shortcodes", Role::Shortcode)?;
        }
    }
    Ok(())
}

/// Whether a content file has a date (front matter or file name).
fn dated(inner: &str, text: &str) -> bool {
    let mut options = quire::Options::default();
    options.path = Some(inner.to_string());
    let text = quire::normalize_source(text);
    let split = front_matter::split(&text);
    if let Some(format) = split.format
        && let Ok(parsed) = front_matter::parse(format, split.raw, split.raw_line)
        && ["date", "publishDate", "pubDate"]
            .iter()
            .any(|k| get(&parsed.map, k).is_some_and(|v| !v.is_null()))
    {
        return true;
    }
    // A date in the file name (`2024-01-15-title.md`).
    quire::parse_post("", &options).meta.date.is_some()
}

/// Sections of content/ whose pages are posts: the usual names, and any
/// section with a dated page.
fn post_sections(source: &Path) -> Result<Vec<String>> {
    let mut out = Vec::new();
    if !source.join("content").is_dir() {
        return Ok(out);
    }
    for (name, dir) in entries(source, "content")? {
        if !dir {
            continue;
        }
        if POST_SECTIONS.contains(&name.as_str()) {
            out.push(name);
            continue;
        }
        let rel = format!("content/{name}");
        let files = files_under(source, &rel)?;
        let any_dated = files.iter().any(|file| {
            let file_name = file.rsplit('/').next().unwrap_or_default();
            crate::site::is_markdown(file_name)
                && !file_name.starts_with("_index.")
                && read_text(source, file).is_ok_and(|t| dated(file, &t))
        });
        if any_dated {
            out.push(name);
        }
    }
    Ok(out)
}

/// Settings files' texts, by source-relative path.
type Texts = Vec<(String, String)>;

/// The settings merged (top-level files, then `config/_default/`).
fn settings(source: &Path) -> Result<(Map<String, Value>, Texts)> {
    let mut merged = Map::new();
    let mut texts = Vec::new();
    for (rel, format, key) in config_files(source) {
        let text = read_text(source, &rel)?;
        let map = front_matter::parse(format, &text, 1)
            .map_err(|e| {
                let (line, column) = e.position();
                anyhow!("{}:{line}:{column}: {e}", source.join(&rel).display())
            })?
            .map;
        match key {
            None => merged.extend(map),
            Some(key) => {
                merged.insert(key, Value::Object(map));
            }
        }
        texts.push((rel, text));
    }
    Ok((merged, texts))
}

fn config_file(source: &Path, post_sections: &[String], plan: &mut Plan) -> Result<String> {
    let (hugo, texts) = settings(source)?;
    // Where a key is written: the first settings file that has it.
    let whole_files = config_files(source);
    let at = |key: &str| -> (String, usize) {
        // A file of config/_default/ named after the key (`menus.toml`).
        for (rel, _, fills) in &whole_files {
            if fills
                .as_deref()
                .is_some_and(|k| k.eq_ignore_ascii_case(key))
            {
                return (rel.clone(), 0);
            }
        }
        for (rel, text) in &texts {
            let line = key_line(text, key);
            if line > 0 {
                return (rel.clone(), line);
            }
            let lower = key_line(&text.to_ascii_lowercase(), &key.to_ascii_lowercase());
            if lower > 0 {
                return (rel.clone(), lower);
            }
        }
        (texts.first().map_or("config".into(), |(r, _)| r.clone()), 0)
    };
    let mut out = Map::new();
    let params = get(&hugo, "params").and_then(Value::as_object);
    if let Some(title) = get(&hugo, "title") {
        out.insert("title".into(), title.clone());
    }
    let description = params
        .and_then(|p| get(p, "description"))
        .or_else(|| get(&hugo, "description"));
    if let Some(d) = description {
        out.insert("description".into(), d.clone());
    }
    let author = params
        .and_then(|p| get(p, "author"))
        .or_else(|| get(&hugo, "author"));
    match author {
        Some(Value::String(name)) => {
            out.insert("author".into(), Value::from(name.clone()));
        }
        Some(Value::Object(a)) if get(a, "name").is_some() => {
            out.insert("author".into(), Value::Object(a.clone()));
        }
        Some(Value::Array(list)) if list.first().is_some_and(Value::is_string) => {
            out.insert("author".into(), list[0].clone());
        }
        _ => {}
    }
    if let Some(Value::String(base)) = get(&hugo, "baseURL") {
        match split_base_url(base) {
            Some((url, baseurl)) => {
                out.insert("url".into(), url.into());
                out.insert("baseurl".into(), baseurl.into());
            }
            None => {
                let (file, line) = at("baseURL");
                plan.warn(
                    &file,
                    line,
                    "baseURL is not an absolute http(s) address: no `url` in _config.yml",
                    format!("baseURL {base:?} is not an absolute http(s) address: set `url` in _config.yml"),
                );
            }
        }
    }
    if let Some(tz) = get(&hugo, "timeZone") {
        out.insert("timezone".into(), tz.clone());
    }
    let pager = get(&hugo, "pagination")
        .and_then(Value::as_object)
        .and_then(|p| get(p, "pagerSize"))
        .or_else(|| get(&hugo, "paginate"));
    if let Some(n) = pager {
        out.insert("paginate".into(), n.clone());
    }
    if get(&hugo, "buildFuture") == Some(&Value::Bool(true)) {
        out.insert("future".into(), true.into());
    }
    if let Some(Value::Object(permalinks)) = get(&hugo, "permalinks") {
        // Hugo 0.120+: `[permalinks.page] posts = …`; before: `posts = …`.
        let pages = get(permalinks, "page")
            .and_then(Value::as_object)
            .unwrap_or(permalinks);
        let found = post_sections.iter().find_map(|s| {
            get(pages, s)
                .and_then(Value::as_str)
                .map(|p| (s.clone(), p))
        });
        if let Some((section, pattern)) = found {
            let (file, line) = at("permalinks");
            match permalink(pattern, &section) {
                Ok(p) => {
                    out.insert("permalink".into(), p.into());
                }
                Err(unknown) => plan.warn(
                    &file,
                    line,
                    "permalink tokens Quire has no equivalent of: the default permalink is used",
                    format!(
                        "permalink {pattern:?} of {section}: Quire has no {}; the default /:year/:month/:day/:slug/ is used",
                        unknown.join(", ")
                    ),
                ),
            }
        }
    }
    // Hugo's default address of a post is /SECTION/SLUG/.
    if !out.contains_key("permalink")
        && let [section] = post_sections
    {
        out.insert("permalink".into(), format!("/{section}/:slug/").into());
    }
    if let Some(p) = get(&hugo, "params") {
        out.insert("params".into(), p.clone());
    }
    let mut rest = Map::new();
    let mapped = [
        "title",
        "baseurl",
        "timezone",
        "paginate",
        "pagination",
        "params",
        "permalinks",
        "buildfuture",
        "description",
        "author",
    ];
    for (key, value) in &hugo {
        if !mapped.contains(&key.to_ascii_lowercase().as_str()) {
            rest.insert(key.clone(), value.clone());
        }
        if let Some((_, why)) = UNUSED_KEYS
            .iter()
            .find(|(k, _)| key.eq_ignore_ascii_case(k))
        {
            if key.eq_ignore_ascii_case("taxonomies")
                && value.as_object().is_some_and(|t| {
                    t.keys()
                        .all(|k| ["tag", "tags", "category", "categories"].contains(&k.as_str()))
                })
            {
                continue;
            }
            let (file, line) = at(key);
            plan.warn(&file, line, why, format!("`{key}`: {why}"));
        }
    }
    if !rest.is_empty() {
        out.insert("hugo".into(), Value::Object(rest));
    }
    let line_of = |key: &str| -> usize {
        let hugo_key = match key {
            "url" | "baseurl" => "baseURL",
            "timezone" => "timeZone",
            other => other,
        };
        at(hugo_key).1
    };
    let file = texts
        .first()
        .map_or("config".to_string(), |(r, _)| r.clone());
    keep_valid_settings(&mut out, plan, &file, &line_of);
    config_text(
        "Imported from a Hugo site by `quire import hugo`.\nQuire reads title, description, author, url, baseurl, timezone, paginate,\npermalink and future; `params` is kept as it was, and every other Hugo\nsetting is kept under `hugo` (Liquid and shortcodes read both).",
        &out,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hugo_permalink_tokens_become_quire_placeholders() {
        assert_eq!(
            permalink("/:year/:month/:title/", "posts").unwrap(),
            "/:year/:month/:title/"
        );
        assert_eq!(
            permalink("/:section/:filename/", "blog").unwrap(),
            "/blog/:slug/"
        );
        assert_eq!(
            permalink("/:yearday/:slugorfilename", "posts").unwrap(),
            "/:y_day/:slug"
        );
        assert!(permalink("/:06/:slug/", "posts").is_err());
    }
}
