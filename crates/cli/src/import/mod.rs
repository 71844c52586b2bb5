//! `quire import jekyll|hugo|zola SOURCE [SITE]`: a Quire site made from a
//! Jekyll, Hugo or Zola one, and a report of what will not render the same.
//!
//! SOURCE is only read. Each kind's module turns it into a [`Plan`]: the
//! files to write into SITE (copies, or texts such as the new
//! `_config.yml` and drafts with `draft: true` added) and the findings met
//! on the way (skipped folders, settings Quire has no equivalent for).
//! [`write`] then puts the files in place, each written aside and renamed,
//! never over an existing file; the report adds what the core says of every
//! imported post and page when parsed with the site's context
//! ([`site_context`]), and is printed and saved as `SITE/_import-report.md`
//! (a `_` name: never published, never read as content).

mod hugo;
mod jekyll;
mod report;
mod zola;

pub use report::Report;

use crate::config::Config;
use crate::site::is_markdown;
use anyhow::{Context, Result, bail};
use quire::front_matter::{self, Format};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// What the report is saved as in the new site.
pub const REPORT_FILE: &str = "_import-report.md";

/// The generator a site is imported from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Kind {
    Jekyll,
    Hugo,
    Zola,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Jekyll => "Jekyll",
            Kind::Hugo => "Hugo",
            Kind::Zola => "Zola",
        }
    }

    fn command(self) -> &'static str {
        match self {
            Kind::Jekyll => "jekyll",
            Kind::Hugo => "hugo",
            Kind::Zola => "zola",
        }
    }

    /// What a source of this kind must have, for error messages.
    fn layout(self) -> &'static str {
        match self {
            Kind::Jekyll => "a _config.yml and a _posts/ folder",
            Kind::Hugo => {
                "a hugo.toml|yaml|json or config.toml|yaml|json (or config/_default/) and a content/ folder"
            }
            Kind::Zola => "a config.toml with base_url and a content/ folder",
        }
    }
}

/// What `SOURCE` looks like, if it is one of the three.
pub fn detect(source: &Path) -> Option<Kind> {
    let content = source.join("content").is_dir();
    let zola_config = std::fs::read_to_string(source.join("config.toml"))
        .ok()
        .and_then(|text| front_matter::parse(Format::Toml, &text, 1).ok())
        .is_some_and(|parsed| parsed.map.contains_key("base_url"));
    if content && zola_config {
        return Some(Kind::Zola);
    }
    if content && !hugo::config_files(source).is_empty() {
        return Some(Kind::Hugo);
    }
    let config = ["_config.yml", "_config.yaml"]
        .iter()
        .any(|n| source.join(n).is_file());
    if config && jekyll::has_posts(source) {
        return Some(Kind::Jekyll);
    }
    None
}

/// A problem or a skipped part, at a place in the source or the new site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub level: Level,
    /// What groups findings in the report (a message without its details).
    pub kind: String,
    /// Path of the file or folder (source-relative for what was not
    /// imported, site-relative for what was).
    pub path: String,
    /// 1-based; 0 when the finding is about a whole file or folder.
    pub line: usize,
    pub column: usize,
    /// The full message (the same as `kind` when it has no details).
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Error,
    Warning,
    /// Not imported, on purpose.
    Skipped,
}

impl Level {
    pub fn label(self) -> &'static str {
        match self {
            Level::Error => "error",
            Level::Warning => "warning",
            Level::Skipped => "skipped",
        }
    }
}

/// What an imported file is, for the counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Config,
    Post,
    Page,
    Include,
    Data,
    Shortcode,
    Static,
}

/// Where a planned file's bytes come from.
#[derive(Debug, Clone)]
pub enum Bytes {
    File(PathBuf),
    Text(String),
}

#[derive(Debug, Clone)]
pub struct Item {
    /// `/`-separated path in the site.
    pub dest: String,
    pub bytes: Bytes,
    pub role: Role,
}

/// Everything an import writes, and what it found on the way.
#[derive(Debug, Default)]
pub struct Plan {
    pub items: Vec<Item>,
    pub findings: Vec<Finding>,
    taken: BTreeSet<String>,
}

impl Plan {
    /// Adds a file to write; a second file for the same place is reported
    /// and left out.
    pub fn add(&mut self, dest: String, bytes: Bytes, role: Role, from: &str) {
        if !self.taken.insert(dest.clone()) {
            self.skip(
                from,
                "not imported: another file of the source already goes to the same place in the site",
                format!("not imported: {dest} already comes from another file of the source"),
            );
            return;
        }
        self.items.push(Item { dest, bytes, role });
    }

    pub fn copy(&mut self, dest: String, source: &Path, rel: &str, role: Role) {
        self.add(dest, Bytes::File(source.join(rel)), role, rel);
    }

    /// Copies every file under `source/rel` to `dest/…`.
    pub fn copy_tree(&mut self, source: &Path, rel: &str, dest: &str, role: Role) -> Result<()> {
        for file in files_under(source, rel)? {
            let inner = file[rel.len()..].trim_start_matches('/');
            let to = join(dest, inner);
            self.copy(to, source, &file, role);
        }
        Ok(())
    }

    /// Something left out of the site on purpose (a whole file or folder).
    pub fn skip(&mut self, path: &str, kind: &str, message: String) {
        self.findings.push(Finding {
            level: Level::Skipped,
            kind: kind.to_string(),
            path: path.to_string(),
            line: 0,
            column: 0,
            message,
        });
    }

    /// A skipped folder or file whose reason is the whole message.
    pub fn skip_because(&mut self, path: &str, reason: &str) {
        self.skip(path, reason, reason.to_string());
    }

    pub fn warn(&mut self, path: &str, line: usize, kind: &str, message: String) {
        self.findings.push(Finding {
            level: Level::Warning,
            kind: kind.to_string(),
            path: path.to_string(),
            line,
            column: usize::from(line > 0),
            message,
        });
    }
}

/// `a` + `/` + `b`, either possibly empty.
pub fn join(a: &str, b: &str) -> String {
    match (a.is_empty(), b.is_empty()) {
        (true, _) => b.to_string(),
        (_, true) => a.to_string(),
        _ => format!("{a}/{b}"),
    }
}

/// Entries of `source/rel`, sorted by name: (name, is a folder). Symlinked
/// folders are not followed (they could loop, or leave SOURCE).
pub fn entries(source: &Path, rel: &str) -> Result<Vec<(String, bool)>> {
    let at = source.join(rel);
    let mut out = Vec::new();
    for entry in std::fs::read_dir(&at).with_context(|| format!("cannot list {}", at.display()))? {
        let entry = entry.with_context(|| format!("cannot list {}", at.display()))?;
        let kind = entry.file_type()?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if kind.is_dir() {
            out.push((name, true));
        } else if kind.is_file() || (kind.is_symlink() && entry.path().is_file()) {
            out.push((name, false));
        }
    }
    out.sort();
    Ok(out)
}

/// Every file under `source/rel`, as source-relative paths, sorted.
pub fn files_under(source: &Path, rel: &str) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for (name, dir) in entries(source, rel)? {
        let path = join(rel, &name);
        if dir {
            out.extend(files_under(source, &path)?);
        } else {
            out.push(path);
        }
    }
    Ok(out)
}

pub fn read_text(source: &Path, rel: &str) -> Result<String> {
    let path = source.join(rel);
    let bytes = std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// Whether a file starts with a front matter block (`---`, `+++` or a JSON
/// object), as a Jekyll page or a template does.
pub fn has_front_matter(text: &str) -> bool {
    let text = quire::normalize_source(text);
    front_matter::split(&text).format.is_some()
}

/// The 1-based line of `key` written at the start of a line (`key:`,
/// `key =`, `[key]` or `[key.…]`) in a settings or front matter text; 0 if
/// it is not found.
pub fn key_line(text: &str, key: &str) -> usize {
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_start();
        if let Some(rest) = line.strip_prefix(key) {
            let rest = rest.trim_start();
            if rest.starts_with(':') || rest.starts_with('=') {
                return n + 1;
            }
        }
        for quote in ['"', '\''] {
            if let Some(rest) = line.strip_prefix(&format!("{quote}{key}{quote}")) {
                let rest = rest.trim_start();
                if rest.starts_with(':') || rest.starts_with('=') {
                    return n + 1;
                }
            }
        }
        if let Some(rest) = line.strip_prefix('[').map(|l| l.trim_start_matches('['))
            && let Some(after) = rest.strip_prefix(key)
            && (after.starts_with(']') || after.starts_with('.'))
        {
            return n + 1;
        }
    }
    0
}

/// Sets `key` to `value` (a JSON scalar or list, which YAML and TOML read
/// the same) at the top of the front matter of `text`, adding a YAML
/// block if there is none. A key already there is replaced if `replace`,
/// else the text is returned as is. Line endings become `\n`.
pub fn set_front_matter_key(text: &str, key: &str, value: &Value, replace: bool) -> String {
    let text = quire::normalize_source(text).into_owned();
    let split = front_matter::split(&text);
    let written = serde_json::to_string(value).unwrap_or_default();
    let Some(format) = split.format else {
        return format!("---\n{key}: {written}\n---\n{text}");
    };
    let existing = front_matter::parse(format, split.raw, split.raw_line)
        .ok()
        .and_then(|p| p.map.get(key).cloned());
    if existing.as_ref() == Some(value) {
        return text;
    }
    let raw_start = split.raw.as_ptr() as usize - text.as_ptr() as usize;
    match format {
        Format::Json => {
            let inside = text[raw_start..]
                .find('{')
                .map_or(raw_start, |at| raw_start + at + 1);
            if existing.is_some() {
                // Rewriting JSON by hand is not worth it: an existing key stays.
                return text;
            }
            let empty = text[inside..].trim_start().starts_with('}');
            let comma = if empty { "" } else { "," };
            format!(
                "{}\"{key}\": {written}{comma}{}",
                &text[..inside],
                &text[inside..]
            )
        }
        Format::Yaml | Format::Toml => {
            let line = match format {
                Format::Toml => format!("{key} = {written}"),
                _ => format!("{key}: {written}"),
            };
            if existing.is_some() {
                if !replace {
                    return text;
                }
                let at = key_line(split.raw, key);
                if at > 0 {
                    let mut lines: Vec<&str> = split.raw.split_inclusive('\n').collect();
                    let old = lines[at - 1];
                    let indent = old.len() - old.trim_start().len();
                    if indent == 0 {
                        let new = format!("{line}\n");
                        lines[at - 1] = &new;
                        let raw: String = lines.concat();
                        let end = raw_start + split.raw.len();
                        return format!("{}{raw}{}", &text[..raw_start], &text[end..]);
                    }
                }
            }
            format!("{}{line}\n{}", &text[..raw_start], &text[raw_start..])
        }
    }
}

/// Imports SOURCE into SITE. Refuses a SITE with anything in it unless
/// `force`; even then, never overwrites a file (the ones kept are reported).
pub fn import(kind: Kind, source: &Path, site: &Path, force: bool) -> Result<Report> {
    if !source.exists() {
        bail!("{} does not exist", source.display());
    }
    if !source.is_dir() {
        bail!(
            "{} is not a folder: give the folder of the {} site",
            source.display(),
            kind.name()
        );
    }
    match detect(source) {
        Some(found) if found == kind => {}
        Some(found) => bail!(
            "{} looks like a {} site, not a {} one (a {} site has {}); run `quire import {} {}`",
            source.display(),
            found.name(),
            kind.name(),
            kind.name(),
            kind.layout(),
            found.command(),
            source.display()
        ),
        None => bail!(
            "{} is not a {} site: it should have {}",
            source.display(),
            kind.name(),
            kind.layout()
        ),
    }
    if site.exists() && !site.is_dir() {
        bail!("{} exists and is not a directory", site.display());
    }
    let source_abs = source
        .canonicalize()
        .with_context(|| format!("cannot resolve {}", source.display()))?;
    let site_abs =
        std::path::absolute(site).with_context(|| format!("cannot resolve {}", site.display()))?;
    let site_abs = site_abs.canonicalize().unwrap_or(site_abs);
    if site_abs.starts_with(&source_abs) || source_abs.starts_with(&site_abs) {
        bail!(
            "{} and {} overlap: the new site must be outside the source (which is never modified), and the other way round",
            site.display(),
            source.display()
        );
    }
    let non_empty = site.is_dir()
        && std::fs::read_dir(site)
            .with_context(|| format!("cannot list {}", site.display()))?
            .next()
            .is_some();
    if non_empty && !force {
        bail!(
            "{} is not empty; pick a new directory, or pass --force to add the imported files to it (existing files are kept)",
            site.display()
        );
    }

    let plan = match kind {
        Kind::Jekyll => jekyll::plan(source)?,
        Kind::Hugo => hugo::plan(source)?,
        Kind::Zola => zola::plan(source)?,
    };
    let mut report = Report::new(kind, source, site);
    write(site, plan, &mut report)?;
    review(site, &mut report);
    Ok(report)
}

/// Writes the planned files; an existing file is kept and reported.
fn write(site: &Path, plan: Plan, report: &mut Report) -> Result<()> {
    report.findings.extend(plan.findings);
    std::fs::create_dir_all(site).with_context(|| format!("cannot create {}", site.display()))?;
    for item in plan.items {
        let path = site.join(&item.dest);
        if path.exists() {
            report.findings.push(Finding {
                level: Level::Skipped,
                kind: "kept: the site already has this file (--force never overwrites)".into(),
                path: item.dest.clone(),
                line: 0,
                column: 0,
                message: "kept: the site already has this file (--force never overwrites)".into(),
            });
            continue;
        }
        match &item.bytes {
            Bytes::File(from) => write_aside(&path, |temp| {
                std::fs::copy(from, temp)
                    .map(|_| ())
                    .with_context(|| format!("cannot copy {}", from.display()))
            })?,
            Bytes::Text(text) => write_aside(&path, |temp| {
                std::fs::write(temp, text)
                    .with_context(|| format!("cannot write {}", temp.display()))
            })?,
        }
        report.count(item.role, &item.dest);
    }
    Ok(())
}

/// Writes `path` through a temporary name beside it (skipped by `quire
/// build`, which ignores `.quire-tmp` names), then renames it into place:
/// an interrupted import never leaves a half-written file under the real name.
pub fn write_aside(path: &Path, fill: impl FnOnce(&Path) -> Result<()>) -> Result<()> {
    let parent = path.parent().context("a file without a folder")?;
    std::fs::create_dir_all(parent)
        .with_context(|| format!("cannot create {}", parent.display()))?;
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let temp = parent.join(format!(".{name}.quire-tmp-{}", std::process::id()));
    let result = fill(&temp).and_then(|()| {
        std::fs::rename(&temp, path).with_context(|| format!("cannot write {}", path.display()))
    });
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}

/// Parses every imported post and page with the site's context and adds
/// what the core reports, plus what Quire ignores in their front matter.
fn review(site: &Path, report: &mut Report) {
    let config = match Config::load(site) {
        Ok(config) => config,
        Err(e) => {
            report.findings.push(Finding {
                level: Level::Error,
                kind: "the imported _config.yml does not load".into(),
                path: "_config.yml".into(),
                line: 0,
                column: 0,
                message: format!("{e:#}"),
            });
            Config::default()
        }
    };
    let context = Arc::new(site_context(site));
    let content: Vec<String> = report.content.clone();
    for rel in content {
        let Ok(text) = read_text(site, &rel) else {
            continue;
        };
        let mut options = config.options(&rel);
        options.site = Some(context.clone());
        let post = quire::parse_post(&text, &options);
        if post.draft {
            report.drafts += 1;
        }
        for d in &post.diagnostics {
            report.findings.push(Finding {
                level: match d.severity {
                    quire::Severity::Error => Level::Error,
                    quire::Severity::Warning => Level::Warning,
                },
                kind: report::message_kind(&d.message),
                path: rel.clone(),
                line: d.line,
                column: d.column,
                message: d.message.clone(),
            });
        }
        front_matter_findings(&rel, &text, &post.front_matter, report);
    }
    // Two published posts or pages at one address stop `quire build`.
    let mut taken: BTreeMap<String, &str> = BTreeMap::new();
    for page in context.posts.iter().chain(&context.pages) {
        let Some(file) = crate::site::output_file(&page.url) else {
            report.findings.push(Finding {
                level: Level::Error,
                kind: "an address Quire keeps for itself: `quire build` stops until the post gets another `permalink`".into(),
                path: page.path.clone(),
                line: 1,
                column: 1,
                message: format!("address {} leaves the site or is one Quire writes itself (/posts/, /pages/, /css/, /js/…)", page.url),
            });
            continue;
        };
        if let Some(other) = taken.insert(file, &page.path) {
            report.findings.push(Finding {
                level: Level::Error,
                kind: "two posts or pages at the same address: `quire build` stops until one gets its own `permalink`".into(),
                path: page.path.clone(),
                line: 1,
                column: 1,
                message: format!("address {} is also {other}'s: give one of them a `permalink`", page.url),
            });
        }
    }
}

/// Front matter keys that did something in the old generator and do
/// nothing in Quire.
fn front_matter_findings(rel: &str, text: &str, fm: &Map<String, Value>, report: &mut Report) {
    let mut note = |key: &str, kind: &str, message: String| {
        report.findings.push(Finding {
            level: Level::Warning,
            kind: kind.to_string(),
            path: rel.to_string(),
            line: key_line(text, key).max(1),
            column: 1,
            message,
        });
    };
    for key in ["redirect_from", "aliases"] {
        if fm.contains_key(key) {
            note(
                key,
                "no redirects are written for `redirect_from`/`aliases`: old addresses will not lead to the post",
                format!(
                    "`{key}`: Quire writes no redirect pages; the old addresses will answer 404"
                ),
            );
        }
    }
    if let Some(Value::String(layout)) = fm.get("layout")
        && !matches!(layout.as_str(), "post" | "page" | "default" | "single")
    {
        note(
            "layout",
            "the layout is not used: every post and page gets Quire's template (or theme/index.html)",
            format!("layout `{layout}` is not used: every post and page gets Quire's template"),
        );
    }
    if let Some(Value::String(template)) = fm.get("template") {
        note(
            "template",
            "the template is not used: every post and page gets Quire's template (or theme/index.html)",
            format!("template `{template}` is not used: every post and page gets Quire's template"),
        );
    }
    if fm.contains_key("url") && !fm.contains_key("permalink") {
        note(
            "url",
            "Hugo's `url` is not Quire's: the post's address comes from `permalink`",
            "`url` does not set the address in Quire: rename it `permalink`".into(),
        );
    }
}

/// What a site's posts and pages see of the site (Liquid's `site.*`,
/// shortcodes' `.Site`): the settings of `_config.yml`, `_data/`,
/// `_includes/`, `shortcodes/`, and the published posts and pages.
pub fn site_context(site: &Path) -> quire::SiteContext {
    let config = Config::load(site).unwrap_or_default();
    let mut context = quire::SiteContext {
        config: config.json.clone(),
        ..Default::default()
    };
    // Unreadable files are left out here; `quire build` reports them.
    let files = crate::context::SiteFiles::load(site, &mut Vec::new()).unwrap_or_default();
    context.includes = files.includes;
    context.data = files.data;
    context.shortcodes = files.shortcodes;
    for (folder, is_post) in [("posts", true), ("pages", false)] {
        let Ok(files) = files_under(site, folder) else {
            continue;
        };
        for file in files {
            let name = file.rsplit('/').next().unwrap_or_default();
            if !is_markdown(name) || file.split('/').any(|p| p.starts_with('_')) {
                continue;
            }
            let Ok(text) = std::fs::read_to_string(site.join(&file)) else {
                continue;
            };
            let post = quire::parse_post(&text, &config.options(&file));
            if post.draft {
                continue;
            }
            let parts = quire::PermalinkParts::of(&post);
            let url = if is_post {
                quire::post_permalink(parts, &config.site)
            } else {
                quire::page_permalink(parts)
            };
            let page = quire::PageRef {
                path: file.clone(),
                url,
                title: post.title.clone(),
                date: post.date.clone(),
                tags: post.tags.clone(),
                categories: post.categories.clone(),
            };
            if is_post {
                context.posts.push(page);
            } else {
                context.pages.push(page);
            }
        }
    }
    context
        .posts
        .sort_by(|a, b| b.date.cmp(&a.date).then_with(|| b.path.cmp(&a.path)));
    context
}

/// The markdown files and bundles of a `content/` folder (Hugo, Zola):
/// posts go to `posts/`, pages to `pages/`, the files beside them are
/// copied beside them; `_index.md` (a section's list page) is skipped.
pub struct Content<'a> {
    pub source: &'a Path,
    /// Whether a file goes to posts/: (source-relative path under
    /// content/, its text).
    pub is_post: &'a dyn Fn(&str, &str) -> bool,
    /// Where a post's path under content/ goes under posts/.
    pub post_dest: &'a dyn Fn(&str) -> String,
    pub generator: &'a str,
}

impl Content<'_> {
    pub fn plan(&self, plan: &mut Plan) -> Result<()> {
        let files = files_under(self.source, "content")?;
        // A bundle's folder goes where its index.md goes.
        let mut bundles: BTreeMap<String, String> = BTreeMap::new();
        let mut markdown = Vec::new();
        for file in &files {
            let inner = file.trim_start_matches("content/");
            let name = inner.rsplit('/').next().unwrap_or_default();
            if name.starts_with('.') {
                continue;
            }
            if is_markdown(name) && !name.starts_with("_index.") {
                markdown.push(inner.to_string());
            }
        }
        let mut placed: BTreeMap<String, String> = BTreeMap::new();
        for inner in &markdown {
            let text = read_text(self.source, &format!("content/{inner}"))?;
            let dest = if (self.is_post)(inner, &text) {
                format!("posts/{}", (self.post_dest)(inner))
            } else {
                format!("pages/{inner}")
            };
            let name = inner.rsplit('/').next().unwrap_or_default();
            if name.starts_with("index.")
                && let Some((folder, _)) = inner.rsplit_once('/')
            {
                let to = dest.rsplit_once('/').map_or("", |(f, _)| f).to_string();
                bundles.insert(folder.to_string(), to);
            }
            placed.insert(inner.clone(), dest);
        }
        for file in files {
            let inner = file.trim_start_matches("content/").to_string();
            let name = inner.rsplit('/').next().unwrap_or_default().to_string();
            if name.starts_with('.') {
                plan.skip_because(&file, "hidden file not imported");
                continue;
            }
            if name.starts_with("_index.") {
                plan.skip(
                    &file,
                    "section list page (_index.md) not imported: Quire's home and archive list the posts",
                    format!(
                        "{} section page not imported: Quire's home and archive list the posts",
                        self.generator
                    ),
                );
                continue;
            }
            if let Some(dest) = placed.get(&inner) {
                let role = if dest.starts_with("posts/") {
                    Role::Post
                } else {
                    Role::Page
                };
                plan.copy(dest.clone(), self.source, &file, role);
                continue;
            }
            let lower = name.to_ascii_lowercase();
            if (lower.ends_with(".html") || lower.ends_with(".htm"))
                && read_text(self.source, &file).is_ok_and(|t| has_front_matter(&t))
            {
                plan.skip_because(
                    &file,
                    "HTML content page not imported: Quire pages are Markdown",
                );
                continue;
            }
            // A resource: beside its bundle's index.md, else at its path
            // under the section (where the generator published it).
            let bundle = bundles
                .iter()
                .rev()
                .find(|(folder, _)| inner.starts_with(&format!("{folder}/")));
            let dest = match bundle {
                Some((folder, to)) => join(to, &inner[folder.len() + 1..]),
                None => inner.clone(),
            };
            plan.copy(dest, self.source, &file, Role::Static);
        }
        self.bundle_links(&placed, &bundles, plan)?;
        Ok(())
    }

    /// A bundle's post linking to its files by a relative name: Quire
    /// resolves it against the site root (`<base href="/">`), not the folder.
    fn bundle_links(
        &self,
        placed: &BTreeMap<String, String>,
        bundles: &BTreeMap<String, String>,
        plan: &mut Plan,
    ) -> Result<()> {
        for (inner, dest) in placed {
            let Some((folder, name)) = inner.rsplit_once('/') else {
                continue;
            };
            if !name.starts_with("index.") || !bundles.contains_key(folder) {
                continue;
            }
            let resources: Vec<String> = files_under(self.source, &format!("content/{folder}"))?
                .into_iter()
                .map(|f| f[format!("content/{folder}/").len()..].to_string())
                .filter(|r| !is_markdown(r.rsplit('/').next().unwrap_or_default()))
                .collect();
            if resources.is_empty() {
                continue;
            }
            let text = read_text(self.source, &format!("content/{inner}"))?;
            let text = quire::normalize_source(&text);
            let to = dest.rsplit_once('/').map_or("", |(f, _)| f);
            for (n, line) in text.lines().enumerate() {
                for resource in &resources {
                    let linked = ["(", "(./", "\"", "\"./", "'", "'./"]
                        .iter()
                        .any(|open| line.contains(&format!("{open}{resource}")));
                    if linked {
                        plan.warn(
                            dest,
                            n + 1,
                            "a link to a file of the page bundle resolves against the site root in Quire, not the bundle's folder",
                            format!("`{resource}` resolves to /{resource} in Quire: write `{}` (where the file was copied)", join(to, resource)),
                        );
                    }
                }
            }
        }
        Ok(())
    }
}

/// Splits an absolute base URL into Quire's `url` (scheme and host) and
/// `baseurl` (the path): `https://example.com/blog/` gives
/// (`https://example.com`, `/blog`).
pub fn split_base_url(base: &str) -> Option<(String, String)> {
    let base = base.trim();
    let rest = base
        .strip_prefix("https://")
        .map(|r| ("https://", r))
        .or_else(|| base.strip_prefix("http://").map(|r| ("http://", r)))?;
    let (scheme, rest) = rest;
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    if host.is_empty() {
        return None;
    }
    let path = path.trim_matches('/');
    let baseurl = if path.is_empty() {
        String::new()
    } else {
        format!("/{path}")
    };
    Some((format!("{scheme}{host}"), baseurl))
}

/// A `_config.yml` text from settings, with a comment saying where they
/// came from.
pub fn config_text(header: &str, settings: &Map<String, Value>) -> Result<String> {
    let yaml = if settings.is_empty() {
        String::new()
    } else {
        serde_yaml::to_string(settings).context("cannot write the settings as YAML")?
    };
    let comment: String = header.lines().map(|l| format!("# {l}\n")).collect();
    Ok(format!("{comment}\n{yaml}"))
}

/// Keeps the Quire settings of `settings` that Quire accepts; a value it
/// refuses is taken out and reported (at `line_of(key)` of `file`).
pub fn keep_valid_settings(
    settings: &mut Map<String, Value>,
    plan: &mut Plan,
    file: &str,
    line_of: &dyn Fn(&str) -> usize,
) {
    // The settings Quire itself reads: the shell's keys.
    const QUIRE_KEYS: &[&str] = crate::context::SHELL_KEYS;
    for &key in QUIRE_KEYS {
        let Some(value) = settings.get(key) else {
            continue;
        };
        if value.is_null() {
            continue;
        }
        let mut one = Map::new();
        one.insert(key.to_string(), value.clone());
        let Ok(text) = serde_yaml::to_string(&one) else {
            continue;
        };
        if let Err(e) = Config::parse(&text) {
            let message = format!("{e:#}");
            let message = message
                .split_once(": ")
                .map_or(message.as_str(), |(_, m)| m);
            plan.warn(
                file,
                line_of(key),
                "setting left out: Quire cannot use its value",
                format!("`{key}` left out of _config.yml: {message}"),
            );
            settings.remove(key);
        }
    }
    if let Some(Value::String(pattern)) = settings.get("permalink")
        && let Some(folder) = reserved_folder(pattern)
    {
        plan.warn(
            file,
            line_of("permalink"),
            "addresses that cannot be kept: Quire publishes its own files there; the posts get /:year/:month/:day/:slug/",
            format!("permalink {pattern:?} left out: Quire publishes the raw posts and its own files under /{folder}/; the posts get /:year/:month/:day/:slug/"),
        );
        settings.remove("permalink");
    }
}

/// The first folder of a permalink pattern, if Quire keeps it for itself
/// (the raw posts and pages, the runtime): no post can live there.
pub fn reserved_folder(pattern: &str) -> Option<String> {
    let first = pattern.trim_start_matches('/').split('/').next()?;
    ["pkg", "js", "css", "vendor", "posts", "pages", "_quire"]
        .contains(&first)
        .then(|| first.to_string())
}

/// The placeholders Quire's permalink patterns know.
pub const PERMALINK_PLACEHOLDERS: [&str; 21] = [
    "short_month",
    "long_month",
    "categories",
    "output_ext",
    "short_year",
    "short_day",
    "long_day",
    "i_month",
    "minute",
    "second",
    "w_year",
    "i_day",
    "y_day",
    "w_day",
    "month",
    "title",
    "year",
    "week",
    "slug",
    "hour",
    "day",
];

/// The `:name` placeholders of a permalink pattern that Quire does not know.
pub fn unknown_placeholders(pattern: &str) -> Vec<String> {
    let mut unknown = Vec::new();
    let mut rest = pattern;
    while let Some(at) = rest.find(':') {
        let after = &rest[at + 1..];
        let len = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(after.len());
        let name = &after[..len];
        // Longest known prefix, as Quire reads it (`:titlefoo` is not one).
        if !name.is_empty() && !PERMALINK_PLACEHOLDERS.contains(&name) {
            unknown.push(format!(":{name}"));
        }
        rest = &after[len..];
    }
    unknown
}

/// `quire import KIND SOURCE [SITE]`.
pub fn import_command(kind: Kind, source: &Path, site: Option<&Path>, force: bool) -> Result<()> {
    let site = match site {
        Some(site) => site.to_path_buf(),
        None => default_site(source)?,
    };
    let report = import(kind, source, &site, force)?;
    let text = report.render();
    print!("{text}");
    let file = site.join(REPORT_FILE);
    if file.exists() {
        println!(
            "\n{} already exists: this report was not saved there.",
            file.display()
        );
    } else {
        write_aside(&file, |temp| {
            std::fs::write(temp, &text).with_context(|| format!("cannot write {}", temp.display()))
        })?;
        println!(
            "\nThis report is saved as {} (never published).",
            file.display()
        );
    }
    let shown = site.display();
    println!(
        "Next:\n  quire serve {shown}     # preview at http://127.0.0.1:8080\n  quire build {shown}     # writes {shown}/public/"
    );
    Ok(())
}

/// `./<source folder name>-quire`.
fn default_site(source: &Path) -> Result<PathBuf> {
    let abs = std::path::absolute(source)
        .with_context(|| format!("cannot resolve {}", source.display()))?;
    let name = abs
        .components()
        .rev()
        .find_map(|c| match c {
            std::path::Component::Normal(n) => Some(n.to_string_lossy().into_owned()),
            _ => None,
        })
        .unwrap_or_else(|| "site".into());
    Ok(PathBuf::from(format!("{name}-quire")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_draft_flag_is_added_to_yaml_toml_json_or_missing_front_matter() {
        let t = json!(true);
        assert_eq!(
            set_front_matter_key("---\ntitle: A\n---\nBody\n", "draft", &t, true),
            "---\ndraft: true\ntitle: A\n---\nBody\n"
        );
        assert_eq!(
            set_front_matter_key("Body\n", "draft", &t, true),
            "---\ndraft: true\n---\nBody\n"
        );
        assert_eq!(
            set_front_matter_key("+++\ntitle = \"A\"\n+++\nB\n", "draft", &t, true),
            "+++\ndraft = true\ntitle = \"A\"\n+++\nB\n"
        );
        assert_eq!(
            set_front_matter_key("{\"title\": \"A\"}\nB\n", "draft", &t, true),
            "{\"draft\": true,\"title\": \"A\"}\nB\n"
        );
        assert_eq!(
            set_front_matter_key("---\ndraft: false\ntitle: A\n---\nB\n", "draft", &t, true),
            "---\ndraft: true\ntitle: A\n---\nB\n"
        );
        assert_eq!(
            set_front_matter_key("---\ndraft: true\n---\nB\n", "draft", &t, true),
            "---\ndraft: true\n---\nB\n"
        );
        let cats = json!(["a", "b"]);
        assert_eq!(
            set_front_matter_key("---\ncategories: x\n---\nB\n", "categories", &cats, false),
            "---\ncategories: x\n---\nB\n"
        );
    }

    #[test]
    fn a_base_url_splits_into_host_and_path() {
        assert_eq!(
            split_base_url("https://example.com/blog/"),
            Some(("https://example.com".into(), "/blog".into()))
        );
        assert_eq!(
            split_base_url("http://example.com"),
            Some(("http://example.com".into(), String::new()))
        );
        assert_eq!(split_base_url("/"), None);
    }

    #[test]
    fn unknown_permalink_placeholders_are_found() {
        assert!(unknown_placeholders("/:year/:month/:slug/").is_empty());
        assert_eq!(unknown_placeholders("/:section/:slug/"), [":section"]);
    }

    #[test]
    fn keys_are_found_in_yaml_and_toml() {
        assert_eq!(key_line("a: 1\nplugins:\n  - x\n", "plugins"), 2);
        assert_eq!(key_line("a = 1\n[extra]\nb = 2\n", "extra"), 2);
        assert_eq!(key_line("a = 1\n", "b"), 0);
    }
}
