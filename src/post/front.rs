//! A post's metadata from its front matter, options and file name: title, date, slug, tags,
//! categories, draft, layout, excerpt separator, with their diagnostics; the Liquid `page`
//! the template engines see.

use super::{Diagnostic, PostMeta, Severity, WORDS_PER_MINUTE, sort_by_position};
use crate::compat::{self, SiteContext};
use crate::file_name::{FileName, date_from_url_path, slug_from_permalink, title_from_file_name};
use crate::front_matter::{self, Format};
use crate::markdown::{self, ExcerptRule, Options};
use serde_json::{Map, Value};
use std::str::FromStr;

/// Everything a post takes from its front matter and options, apart from the
/// body: read once, finished with what the body gives (see [`Front::finish`]).
#[derive(Clone, Debug)]
pub(crate) struct Front {
    /// Where the body starts in the (normalized) source, and its first line.
    pub body_start: usize,
    pub body_line: usize,
    format: Option<Format>,
    front_matter: Map<String, Value>,
    diagnostics: Vec<Diagnostic>,
    separator: Option<String>,
    pub own_excerpt: Option<String>,
    /// Title from the front matter or the file name (the first heading is
    /// the last resort).
    title: Option<String>,
    date: Option<String>,
    /// Slug from the front matter, URL path or file name (the title's is the
    /// last resort).
    slug: Option<String>,
    layout: Option<String>,
    tags: Vec<String>,
    categories: Vec<String>,
    draft: bool,
}

impl Front {
    /// Reads the front matter of a normalized source.
    pub fn read(source: &str, options: &Options) -> Front {
        let split = front_matter::split(source);
        let body_start = split.body.as_ptr() as usize - source.as_ptr() as usize;
        let mut diagnostics: Vec<Diagnostic> = split.errors.iter().map(Diagnostic::from).collect();

        let front_matter = match split.format {
            Some(format) => match front_matter::parse(format, split.raw, split.raw_line) {
                Ok(parsed) => {
                    diagnostics.extend(parsed.warnings.iter().map(Diagnostic::from));
                    parsed.map
                }
                Err(error) => {
                    diagnostics.push(Diagnostic::from(&error));
                    Map::new()
                }
            },
            None => Map::new(),
        };
        let key_line =
            |key: &str| key_line(split.raw, split.raw_line, key).unwrap_or(split.raw_line);

        let separator =
            string_value(&front_matter, "excerpt_separator").or(options.excerpt_separator.clone());
        let own_excerpt = string_value(&front_matter, "excerpt");

        let file = options.path.as_deref().map(FileName::parse);

        let title = string_value(&front_matter, "title")
            .filter(|t| !t.trim().is_empty())
            .or_else(|| {
                file.as_ref()
                    .map(|f| title_from_file_name(&f.name))
                    .filter(|t| !t.is_empty())
            });

        let mut date = None;
        if let Some(value) = front_matter.get("date").filter(|v| !v.is_null()) {
            match value_to_string(value).as_deref().and_then(normalize_date) {
                Some(d) => date = Some(d),
                None => diagnostics.push(Diagnostic {
                    severity: Severity::Warning,
                    // `to_string` writes what `{value}` would; `Display` costs
                    // two JSON writers (compact and pretty) in the wasm.
                    message: format!(
                        "date {} is not a date Quire understands (use 2024-01-15, or \
                         2024-01-15T10:30:00+01:00); {}",
                        serde_json::to_string(value).unwrap_or_default(),
                        if file.as_ref().is_some_and(|f| f.date.is_some()) {
                            "the date in the file name is used instead"
                        } else {
                            "the post has no date"
                        },
                    ),
                    line: key_line("date"),
                    column: 1,
                }),
            }
        }
        // A URL path that carries the date (Zola's `path`, a Jekyll-style
        // `permalink`: `2017/06/27/slug`) is the last resort.
        let url_path = string_value(&front_matter, "permalink")
            .or_else(|| string_value(&front_matter, "path"));
        let date = date
            .or_else(|| file.as_ref().and_then(|f| f.date.clone()))
            .or_else(|| url_path.as_deref().and_then(date_from_url_path));

        let slug = string_value(&front_matter, "slug")
            .map(|s| s.trim().trim_matches('/').to_string())
            .or_else(|| url_path.as_deref().and_then(slug_from_permalink))
            .filter(|s| !s.is_empty())
            .or_else(|| {
                file.as_ref()
                    .map(|f| f.name.clone())
                    .filter(|s| !s.is_empty())
            });

        let tags = list_value(&front_matter, &["tags", "tag"]);
        let categories = list_value(&front_matter, &["categories", "category"]);
        let draft = bool_value(&front_matter, "draft") == Some(true)
            || bool_value(&front_matter, "published") == Some(false);
        let layout = string_value(&front_matter, "layout");
        sort_by_position(&mut diagnostics);

        Front {
            body_start,
            body_line: split.body_line,
            format: split.format,
            front_matter,
            diagnostics,
            separator,
            own_excerpt,
            title,
            date,
            slug,
            layout,
            tags,
            categories,
            draft,
        }
    }

    /// Expands the Liquid and shortcodes of `body` (see [`compat`]), with
    /// this post as `page` and the options' site; its diagnostics join the
    /// post's. `None`: nothing to expand.
    pub fn expand(&mut self, body: &str, options: &Options) -> Option<compat::Mapped<'static>> {
        if !compat::wanted(body) {
            return None;
        }
        let empty = SiteContext::default();
        let site = options.site.as_deref().unwrap_or(&empty);
        let page = self.page(options.path.as_deref(), site);
        let mut found = Vec::new();
        let expanded = compat::expand(body, self.body_line, &page, site, &mut found);
        if !found.is_empty() {
            self.diagnostics.extend(found);
            sort_by_position(&mut self.diagnostics);
        }
        expanded
    }

    /// The post as Liquid's `page` sees it: the front matter, then what
    /// Quire derives from it and the file name.
    fn page(&self, path: Option<&str>, site: &SiteContext) -> compat::Page {
        let mut page = self.front_matter.clone();
        let mut set = |key: &str, value: Value| {
            page.insert(key.to_string(), value);
        };
        if let Some(title) = &self.title {
            set("title", Value::from(title.as_str()));
        }
        if let Some(date) = &self.date {
            set("date", Value::from(date.as_str()));
        }
        if let Some(slug) = &self.slug {
            set("slug", Value::from(slug.as_str()));
        }
        set("tags", Value::from(self.tags.clone()));
        set("categories", Value::from(self.categories.clone()));
        if let Some(path) = path {
            set("path", Value::from(path));
            let known = site
                .posts
                .iter()
                .chain(&site.pages)
                .find(|p| p.path == path);
            if let Some(known) = known {
                set("url", Value::from(known.url.as_str()));
            }
        }
        page
    }

    /// How the excerpt is cut from the body.
    pub fn rule(&self) -> ExcerptRule<'_> {
        match self.separator.as_deref() {
            None => ExcerptRule::DefaultMarker,
            Some(s) if s == markdown::DEFAULT_EXCERPT_MARKER => ExcerptRule::DefaultMarker,
            Some(s) => ExcerptRule::Separator(s),
        }
    }

    /// The post's meta, given the body's first heading and word count.
    /// Takes the front matter over rather than copying it (a copy of its
    /// JSON cost wasm).
    pub fn finish(self, first_heading: Option<&str>, word_count: usize) -> PostMeta {
        let title = self.title.or_else(|| first_heading.map(str::to_string));
        let slug = self
            .slug
            .or_else(|| title.as_deref().map(slugify).filter(|s| !s.is_empty()))
            .unwrap_or_else(|| "post".to_string());
        PostMeta {
            title,
            date: self.date,
            slug,
            layout: self.layout,
            tags: self.tags,
            categories: self.categories,
            draft: self.draft,
            front_matter: self.front_matter,
            front_matter_format: self.format,
            word_count,
            reading_minutes: word_count.div_ceil(WORDS_PER_MINUTE).max(1),
            diagnostics: self.diagnostics,
        }
    }
}

/// The 1-based file line where `key` is set in a front matter block.
fn key_line(raw: &str, raw_line: usize, key: &str) -> Option<usize> {
    raw.lines()
        .position(|line| {
            let line = line.trim_start_matches([' ', '"', '\'']);
            line.strip_prefix(key)
                .map(|rest| rest.trim_start_matches(['"', '\'']).trim_start())
                .is_some_and(|rest| rest.starts_with(':') || rest.starts_with('='))
        })
        .map(|index| raw_line + index)
}

/// Lowercase letters and digits, everything else one `-`: "Hello, World!" →
/// "hello-world".
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    slug
}

/// Normalizes a date to ISO 8601 as precise as written, or `None` if it is
/// not one. Accepts RFC 3339 and the Jekyll forms `2024-01-15 10:30:00 +0100`
/// and `2024-01-15 10:30`.
pub fn normalize_date(text: &str) -> Option<String> {
    let text = text.trim();
    if text.len() < 10 || !text.is_char_boundary(10) {
        return None;
    }
    let (day, rest) = text.split_at(10);
    let rest = rest.trim_start_matches([' ', 'T', 't']);
    let mut iso = day.to_string();
    if !rest.is_empty() {
        // Time, then an optional offset, maybe after a space, maybe without colon.
        let time_end = rest
            .find(|c: char| !(c.is_ascii_digit() || c == ':' || c == '.'))
            .unwrap_or(rest.len());
        let (time, offset) = rest.split_at(time_end);
        let offset = offset.trim();
        iso.push('T');
        iso.push_str(time);
        if time.len() == 5 {
            iso.push_str(":00");
        }
        match offset {
            "" => {}
            "Z" | "z" | "UTC" => iso.push('Z'),
            _ => {
                let (sign, digits) =
                    offset.split_at(offset.find(['+', '-']).filter(|&i| i == 0).map(|_| 1)?);
                let digits = digits.replace(':', "");
                let digits = match digits.len() {
                    2 => format!("{digits}00"),
                    4 => digits,
                    _ => return None,
                };
                if !digits.bytes().all(|b| b.is_ascii_digit()) {
                    return None;
                }
                iso.push_str(sign);
                iso.push_str(&digits[..2]);
                iso.push(':');
                iso.push_str(&digits[2..]);
            }
        }
    }
    let parsed = toml_datetime::Datetime::from_str(&iso).ok()?;
    parsed.date?;
    Some(iso)
}

fn value_to_string(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn string_value(map: &Map<String, Value>, key: &str) -> Option<String> {
    map.get(key).and_then(value_to_string)
}

fn bool_value(map: &Map<String, Value>, key: &str) -> Option<bool> {
    match map.get(key)? {
        Value::Bool(b) => Some(*b),
        Value::String(s) if s.eq_ignore_ascii_case("true") => Some(true),
        Value::String(s) if s.eq_ignore_ascii_case("false") => Some(false),
        _ => None,
    }
}

/// Tags and categories: lists of scalars, or a string split on commas (if
/// it has any) or else on spaces. Duplicates dropped, order kept.
fn list_value(map: &Map<String, Value>, keys: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut push = |item: &str| {
        let item = item.trim();
        if !item.is_empty() && !out.iter().any(|t| t == item) {
            out.push(item.to_string());
        }
    };
    for key in keys {
        match map.get(*key) {
            Some(Value::Array(items)) => {
                for item in items.iter().filter_map(value_to_string) {
                    push(&item);
                }
            }
            Some(Value::String(s)) if s.contains(',') => s.split(',').for_each(&mut push),
            Some(Value::String(s)) => s.split_whitespace().for_each(&mut push),
            Some(other) => {
                if let Some(s) = value_to_string(other) {
                    push(&s);
                }
            }
            None => {}
        }
    }
    out
}
