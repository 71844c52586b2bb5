//! The site as Liquid and shortcodes see it ([`quire::SiteContext`]): the
//! whole `_config.yml`, `_data/`, `_includes/`, `shortcodes/` and the list of
//! posts and pages; and the part of it readers' browsers get in
//! `posts/index.json` — only what the published posts name.

use crate::entry::Entry;
use crate::site::{Problem, relative};
use crate::walk::files_under;
use anyhow::Result;
use quire::{PageRef, Severity, SiteContext, Uses};
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::path::Path;

/// The site's files Liquid and shortcodes read, besides posts and pages.
#[derive(Debug, Default, Clone)]
pub struct SiteFiles {
    /// `_includes/**`, by path inside the folder.
    pub includes: BTreeMap<String, String>,
    /// `_data/**` (YAML or JSON), nested by folder and file name.
    pub data: Map<String, Value>,
    /// `shortcodes/*`, by name without extension.
    pub shortcodes: BTreeMap<String, String>,
}

impl SiteFiles {
    /// Reads them from `dir`; a file that cannot be read or parsed is a
    /// problem (left out), not a failed build.
    pub fn load(dir: &Path, problems: &mut Vec<Problem>) -> Result<SiteFiles> {
        let mut files = SiteFiles::default();
        for (rel, text) in text_files(dir, "_includes", problems)? {
            files.includes.insert(rel, text);
        }
        for (rel, text) in text_files(dir, "shortcodes", problems)? {
            let name = rel.rsplit_once('.').map_or(rel.as_str(), |(stem, _)| stem);
            files.shortcodes.insert(name.to_string(), text);
        }
        for (rel, text) in text_files(dir, "_data", problems)? {
            let Some((stem, ext)) = rel.rsplit_once('.') else {
                continue;
            };
            match read_data(&ext.to_ascii_lowercase(), &text) {
                None => continue,
                Some(Ok(value)) => insert_nested(&mut files.data, stem, value),
                Some(Err(message)) => problems.push(Problem {
                    path: format!("_data/{rel}"),
                    line: 1,
                    column: 1,
                    severity: Severity::Warning,
                    message: format!("left out of site.data: {message}"),
                }),
            }
        }
        Ok(files)
    }
}

/// A `_data` file as JSON, by extension: YAML, JSON, TOML, or CSV/TSV as a
/// list of rows keyed by the header line (as Jekyll reads them). `None`: not
/// a data file.
fn read_data(ext: &str, text: &str) -> Option<Result<Value, String>> {
    Some(match ext {
        "yml" | "yaml" => serde_yaml::from_str(text).map_err(|e| e.to_string()),
        "json" => serde_json::from_str(text).map_err(|e| e.to_string()),
        "toml" => quire::front_matter::parse(quire::Format::Toml, text, 1)
            .map(|parsed| Value::Object(parsed.map))
            .map_err(|e| e.to_string()),
        "csv" | "tsv" => {
            let sep = if ext == "csv" { ',' } else { '\t' };
            let mut lines = text.lines().filter(|l| !l.trim().is_empty());
            let header: Vec<&str> = lines
                .next()
                .unwrap_or_default()
                .split(sep)
                .map(str::trim)
                .collect();
            let rows = lines
                .map(|line| {
                    let row: Map<String, Value> = header
                        .iter()
                        .zip(line.split(sep))
                        .map(|(k, v)| (k.to_string(), Value::from(v.trim())))
                        .collect();
                    Value::Object(row)
                })
                .collect();
            Ok(Value::Array(rows))
        }
        _ => return None,
    })
}

/// `_data/a/b.yml` is `site.data.a.b`.
fn insert_nested(data: &mut Map<String, Value>, stem: &str, value: Value) {
    let mut parts = stem.split('/').peekable();
    let mut at = data;
    while let Some(part) = parts.next() {
        if parts.peek().is_none() {
            at.insert(part.to_string(), value);
            return;
        }
        let next = at
            .entry(part.to_string())
            .or_insert_with(|| Value::Object(Map::new()));
        if !next.is_object() {
            *next = Value::Object(Map::new());
        }
        at = next.as_object_mut().expect("just made an object");
    }
}

/// Every UTF-8 file under `dir/sub` (not hidden), by `/`-separated path
/// inside `sub`.
fn text_files(dir: &Path, sub: &str, problems: &mut Vec<Problem>) -> Result<Vec<(String, String)>> {
    let root = dir.join(sub);
    let paths = files_under(&root, &|_| false)?;
    let mut out = Vec::new();
    for path in paths {
        match std::fs::read_to_string(&path) {
            Ok(text) => out.push((relative(&root, &path), text)),
            Err(e) => problems.push(Problem {
                path: relative(dir, &path),
                line: 1,
                column: 1,
                severity: Severity::Warning,
                message: format!("left out: {e}"),
            }),
        }
    }
    Ok(out)
}

fn page_ref(entry: &Entry) -> PageRef {
    PageRef {
        path: entry.path.clone(),
        url: entry.permalink.clone(),
        title: entry.post.meta.title.clone(),
        date: entry.post.meta.date.clone(),
        tags: entry.post.meta.tags.clone(),
        categories: entry.post.meta.categories.clone(),
    }
}

/// The whole context, for rendering on the author's machine.
pub fn site_context(
    config: &Map<String, Value>,
    files: &SiteFiles,
    posts: &[Entry],
    pages: &[Entry],
    relative: BTreeMap<String, String>,
) -> SiteContext {
    SiteContext {
        config: config.clone(),
        data: files.data.clone(),
        posts: posts.iter().map(page_ref).collect(),
        pages: pages.iter().map(page_ref).collect(),
        includes: files.includes.clone(),
        files: relative,
        shortcodes: files.shortcodes.clone(),
    }
}

/// The `_config.yml` keys every reader gets: the ones Quire's shell reads.
pub const SHELL_KEYS: &[&str] = &[
    "title",
    "description",
    "author",
    "url",
    "baseurl",
    "timezone",
    "paginate",
    "permalink",
    "excerpt_separator",
    "unsafe_html",
    "future",
];

/// What readers get of the context, given what the published posts and
/// pages name ([`Uses`]): the config keys the shell reads plus those named,
/// the data entries named, and includes and relative files named (followed
/// through includes). The post list is not repeated: the browser reads it
/// from `index.json`'s `posts` and `pages`.
pub fn for_readers(context: &SiteContext, mut uses: Uses) -> (Map<String, Value>, Value) {
    // Includes name other includes and config keys: follow them.
    let mut seen = std::collections::BTreeSet::new();
    loop {
        let next: Vec<String> = uses
            .includes
            .iter()
            .filter(|name| !seen.contains(*name))
            .cloned()
            .collect();
        if next.is_empty() {
            break;
        }
        for name in next {
            if let Some(text) = include_text(context, &name) {
                uses.scan(text);
            }
            seen.insert(name);
        }
    }
    let site: Map<String, Value> = context
        .config
        .iter()
        .filter(|(key, _)| SHELL_KEYS.contains(&key.as_str()) || uses.site_keys.contains(*key))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let data: Map<String, Value> = context
        .data
        .iter()
        .filter(|(key, _)| uses.data.contains(*key))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let includes: Map<String, Value> = seen
        .iter()
        .filter_map(|name| {
            let key = include_key(context, name)?;
            Some((key.to_string(), Value::from(context.includes[key].as_str())))
        })
        .collect();
    let files: Map<String, Value> = context
        .files
        .iter()
        .map(|(k, v)| (k.clone(), Value::from(v.as_str())))
        .collect();
    let shortcodes: Map<String, Value> = context
        .shortcodes
        .iter()
        .map(|(k, v)| (k.clone(), Value::from(v.as_str())))
        .collect();
    let mut extra = Map::new();
    for (key, value) in [
        ("data", data),
        ("includes", includes),
        ("files", files),
        ("shortcodes", shortcodes),
    ] {
        if !value.is_empty() {
            extra.insert(key.into(), Value::Object(value));
        }
    }
    (site, Value::Object(extra))
}

fn include_key<'c>(context: &'c SiteContext, name: &str) -> Option<&'c str> {
    [name.to_string(), format!("{name}.html")]
        .iter()
        .find_map(|key| context.includes.get_key_value(key.as_str()))
        .map(|(key, _)| key.as_str())
}

fn include_text<'c>(context: &'c SiteContext, name: &str) -> Option<&'c str> {
    include_key(context, name).map(|key| context.includes[key].as_str())
}
