//! `Post`: a raw file turned into plain data — normalization of the front
//! matter (title, date, slug, tags, draft, ...), excerpt, word count.

use crate::compat::{self, SiteContext};
use crate::file_name::{FileName, date_from_url_path, slug_from_permalink, title_from_file_name};
use crate::front_matter::{self, Format, FrontMatterError};
use crate::markdown::{self, ExcerptRule, Lines, Options, TocEntry};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::borrow::Cow;
use std::str::FromStr;

/// Words per minute behind `reading_minutes`.
pub const WORDS_PER_MINUTE: usize = 200;

/// Everything about a post but its rendered body: what the front matter,
/// the file name and the body's words and first heading say. The editor's
/// `Update` carries this; a `Post` adds the body.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct PostMeta {
    /// Front matter `title`, else derived from the file name, else the
    /// first heading.
    pub title: Option<String>,
    /// ISO 8601, as precise as the source (`2024-01-15` or
    /// `2024-01-15T10:30:00+01:00`); from front matter `date`, else the file
    /// name.
    pub date: Option<String>,
    /// Front matter `slug` or `permalink`, else the file name without date
    /// and extension, else the slugified title.
    pub slug: String,
    /// Front matter `layout`.
    pub layout: Option<String>,
    /// `tags` and `tag`: a list, or a comma- or space-separated string.
    pub tags: Vec<String>,
    /// `categories` and `category`, like tags.
    pub categories: Vec<String>,
    /// `draft: true` or `published: false`.
    pub draft: bool,
    /// Every front matter key, as plain JSON values.
    #[cfg_attr(feature = "typescript", tsify(type = "Record<string, unknown>"))]
    pub front_matter: Map<String, Value>,
    /// Syntax of the front matter block, if there is one.
    pub front_matter_format: Option<Format>,
    /// Unicode words outside code blocks.
    pub word_count: usize,
    /// `ceil(word_count / 200)`, at least 1.
    pub reading_minutes: usize,
    /// Problems found, with 1-based lines and columns in the file.
    pub diagnostics: Vec<Diagnostic>,
}

/// A parsed post: its `PostMeta` and its rendered body, plain data, the
/// same natively and in the browser. Serialized flat: `title` and `html` are
/// fields of one object.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Post {
    #[serde(flatten)]
    pub meta: PostMeta,
    /// The whole body rendered.
    pub html: String,
    /// The excerpt rendered (never with footnote markers).
    pub excerpt_html: String,
    /// Whether the body continues past the excerpt.
    pub has_more: bool,
    /// Every heading, ids as in `html`.
    pub toc: Vec<TocEntry>,
}

/// One flat object, the meta's fields and the body's (in the order the
/// browser API lists them), written as one struct: `#[serde(flatten)]`
/// would go through a map serializer, 4 KB more wasm (0.7 KB brotli).
impl Serialize for Post {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let meta = &self.meta;
        let mut post = serializer.serialize_struct("Post", 16)?;
        post.serialize_field("title", &meta.title)?;
        post.serialize_field("date", &meta.date)?;
        post.serialize_field("slug", &meta.slug)?;
        post.serialize_field("layout", &meta.layout)?;
        post.serialize_field("tags", &meta.tags)?;
        post.serialize_field("categories", &meta.categories)?;
        post.serialize_field("draft", &meta.draft)?;
        post.serialize_field("frontMatter", &meta.front_matter)?;
        post.serialize_field("frontMatterFormat", &meta.front_matter_format)?;
        post.serialize_field("html", &self.html)?;
        post.serialize_field("excerptHtml", &self.excerpt_html)?;
        post.serialize_field("hasMore", &self.has_more)?;
        post.serialize_field("toc", &self.toc)?;
        post.serialize_field("wordCount", &meta.word_count)?;
        post.serialize_field("readingMinutes", &meta.reading_minutes)?;
        post.serialize_field("diagnostics", &meta.diagnostics)?;
        post.end()
    }
}

/// How bad a problem is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Part of the post is lost (e.g. its front matter); the body still renders.
    Error,
    /// The post is complete but something looks wrong.
    Warning,
}

/// A problem in a post, at a 1-based line and column of the file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
pub struct Diagnostic {
    pub severity: Severity,
    pub message: String,
    pub line: usize,
    pub column: usize,
}

/// Diagnostics in the order of the file, through the crate's one stable sort
/// (`sort::stable_sort_by`: each `sort_by_key` compiles another copy of the standard
/// library's sort into the wasm modules).
fn sort_by_position(diagnostics: &mut Vec<Diagnostic>) {
    crate::sort::stable_sort_by(diagnostics, |a, b| {
        (a.line, a.column).cmp(&(b.line, b.column))
    });
}

impl From<&FrontMatterError> for Diagnostic {
    fn from(error: &FrontMatterError) -> Self {
        let (line, column) = error.position();
        Diagnostic {
            severity: if error.is_warning() {
                Severity::Warning
            } else {
                Severity::Error
            },
            message: error.to_string(),
            line,
            column,
        }
    }
}

/// Strips a UTF-8 byte order mark and turns CRLF and lone CR line endings
/// into LF, so such files behave exactly like plain ones. Line numbers do not
/// change.
pub fn normalize_source(source: &str) -> Cow<'_, str> {
    let source = source.strip_prefix('\u{feff}').unwrap_or(source);
    // memchr's vector search: `str::contains` reads a byte at a time.
    if memchr::memchr(b'\r', source.as_bytes()).is_some() {
        Cow::Owned(source.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        Cow::Borrowed(source)
    }
}

/// Parses a raw post file. Never fails: problems become `diagnostics`, and
/// the body renders whatever happened to the front matter.
///
/// ```
/// let post = quire::parse_post(
///     "---\ntitle: Hello\ndate: 2024-01-15\ntags: rust, wasm\n---\nHi *there*.\n",
///     &quire::Options::default(),
/// );
/// assert_eq!(post.meta.title.as_deref(), Some("Hello"));
/// assert_eq!(post.meta.date.as_deref(), Some("2024-01-15"));
/// assert_eq!(post.meta.tags, ["rust", "wasm"]);
/// assert_eq!(post.html, "<p data-line=\"6\">Hi <em>there</em>.</p>\n");
/// ```
pub fn parse_post(source: &str, options: &Options) -> Post {
    let source = normalize_source(source);
    let mut front = Front::read(&source, options);
    let body = &source[front.body_start..];
    let expanded = front.expand(body, options);
    let line_map = expanded.as_ref().map(compat::Mapped::line_map);
    let (text, lines) = match (&expanded, &line_map) {
        (Some(expanded), Some(map)) => (&*expanded.text, Lines::mapped(map)),
        _ => (body, Lines::from(front.body_line)),
    };
    let body_rule = if front.own_excerpt.is_some() {
        ExcerptRule::None
    } else {
        front.rule()
    };
    let rendered = markdown::render_body(text, Some(lines), options, body_rule);
    let (excerpt_html, has_more) = match &front.own_excerpt {
        Some(excerpt) => {
            let excerpt = markdown::render_body(excerpt, None, options, ExcerptRule::None).html;
            (excerpt, !body.trim().is_empty())
        }
        None => (rendered.excerpt_html, rendered.has_more),
    };
    Post {
        meta: front.finish(rendered.first_heading.as_deref(), rendered.word_count),
        html: rendered.html,
        excerpt_html,
        has_more,
        toc: rendered.toc,
    }
}

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
    own_excerpt: Option<String>,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_post_serializes_as_one_flat_object_of_its_meta_and_its_body() {
        let post = post("---\ntitle: T\ntags: a\n---\n# Head\n\nOne.\n\n<!--more-->\n\nTwo.\n");
        let json = serde_json::to_value(&post).unwrap();
        let Value::Object(meta) = serde_json::to_value(&post.meta).unwrap() else {
            panic!("the meta is an object");
        };
        let keys: Vec<&str> = json
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(
            keys,
            [
                "title",
                "date",
                "slug",
                "layout",
                "tags",
                "categories",
                "draft",
                "frontMatter",
                "frontMatterFormat",
                "html",
                "excerptHtml",
                "hasMore",
                "toc",
                "wordCount",
                "readingMinutes",
                "diagnostics"
            ]
        );
        for (key, value) in &meta {
            assert_eq!(&json[key], value, "{key}");
        }
        assert_eq!(json["html"], post.html.as_str());
        assert_eq!(json["hasMore"], true);
        assert_eq!(json["toc"][0]["id"], "head");
        let back: Post = serde_json::from_value(json).unwrap();
        assert_eq!(back, post);
    }

    fn post(source: &str) -> Post {
        parse_post(source, &Options::default())
    }

    fn post_at(path: &str, source: &str) -> Post {
        let options = Options {
            path: Some(path.to_string()),
            ..Options::default()
        };
        parse_post(source, &options)
    }

    #[test]
    fn dates_are_normalized_as_precisely_as_written() {
        assert_eq!(normalize_date("2024-01-15").as_deref(), Some("2024-01-15"));
        assert_eq!(
            normalize_date("2024-01-15 10:30:00 +0100").as_deref(),
            Some("2024-01-15T10:30:00+01:00")
        );
        assert_eq!(
            normalize_date("2024-01-15T10:30:00-05:00").as_deref(),
            Some("2024-01-15T10:30:00-05:00")
        );
        assert_eq!(
            normalize_date("2024-01-15 10:30").as_deref(),
            Some("2024-01-15T10:30:00")
        );
        assert_eq!(
            normalize_date("2024-01-15T10:30:00Z").as_deref(),
            Some("2024-01-15T10:30:00Z")
        );
        assert_eq!(normalize_date("2024-02-30"), None);
        assert_eq!(normalize_date("next tuesday"), None);
        assert_eq!(normalize_date("2024-01-15 lunch"), None);
    }

    #[test]
    fn date_comes_from_the_file_name_without_front_matter_date() {
        let p = post_at("posts/2023-06-01-summer-notes.md", "Hello\n");
        assert_eq!(p.meta.date.as_deref(), Some("2023-06-01"));
        assert_eq!(p.meta.slug, "summer-notes");
        assert_eq!(p.meta.title.as_deref(), Some("Summer Notes"));
    }

    #[test]
    fn a_jekyll_file_name_with_an_unpadded_date_gives_the_padded_date_and_slug() {
        let p = post_at("_posts/2014-3-3-Hello-World.md", "Hello\n");
        assert_eq!(p.meta.date.as_deref(), Some("2014-03-03"));
        let padded = post_at("_posts/2014-03-03-Hello-World.md", "Hello\n");
        assert_eq!(p.meta.slug, padded.meta.slug);
        assert_eq!(p.meta.title, padded.meta.title);
        assert_eq!(
            post_at("2014-12-9-x.md", "").meta.date.as_deref(),
            Some("2014-12-09")
        );
        assert_eq!(
            post_at("2014-13-9-x.md", "").meta.date,
            None,
            "no 13th month"
        );
        assert_eq!(post_at("2014-123-9-x.md", "").meta.date, None);
        assert_eq!(
            post_at("2014-1-1", "").meta.date.as_deref(),
            Some("2014-01-01")
        );
    }

    #[test]
    fn unparseable_date_is_a_warning_at_its_line() {
        let p = post_at(
            "2023-06-01-x.md",
            "---\ntitle: X\ndate: someday\n---\nBody\n",
        );
        assert_eq!(p.meta.date.as_deref(), Some("2023-06-01"));
        assert_eq!(p.meta.diagnostics.len(), 1);
        assert_eq!(p.meta.diagnostics[0].severity, Severity::Warning);
        assert_eq!(p.meta.diagnostics[0].line, 3);
    }

    #[test]
    fn tags_accept_lists_and_separated_strings() {
        assert_eq!(post("---\ntags: [a, b]\n---\n").meta.tags, ["a", "b"]);
        assert_eq!(post("---\ntags: a b  c\n---\n").meta.tags, ["a", "b", "c"]);
        assert_eq!(
            post("---\ntags: machine learning, rust\n---\n").meta.tags,
            ["machine learning", "rust"]
        );
        assert_eq!(post("---\ntag: solo\n---\n").meta.tags, ["solo"]);
        assert_eq!(
            post("---\ncategory: news\ncategories: [news, rust]\n---\n")
                .meta
                .categories,
            ["news", "rust"]
        );
    }

    #[test]
    fn drafts_are_recognized_both_ways() {
        assert!(post("---\ndraft: true\n---\n").meta.draft);
        assert!(post("---\npublished: false\n---\n").meta.draft);
        assert!(!post("---\npublished: true\n---\n").meta.draft);
        assert!(!post("No front matter\n").meta.draft);
    }

    #[test]
    fn slug_prefers_front_matter_then_file_then_title() {
        assert_eq!(
            post_at("2024-01-01-file.md", "---\nslug: mine\n---\n")
                .meta
                .slug,
            "mine"
        );
        assert_eq!(
            post_at(
                "2024-01-01-file.md",
                "---\npermalink: /blog/custom-one/\n---\n"
            )
            .meta
            .slug,
            "custom-one"
        );
        assert_eq!(
            post_at("2024-01-01-file.md", "---\ntitle: T\n---\n")
                .meta
                .slug,
            "file"
        );
        assert_eq!(
            post("---\ntitle: Hello, World!\n---\n").meta.slug,
            "hello-world"
        );
        assert_eq!(
            post_at("content/my-post/index.md", "x").meta.slug,
            "my-post"
        );
    }

    #[test]
    fn a_dated_url_path_gives_date_and_slug_as_a_last_resort() {
        let p = post_at(
            "content/x.md",
            "+++\npath = \"inside-rust/2021/07/26/1.54.0-prerelease\"\n+++\n",
        );
        assert_eq!(p.meta.date.as_deref(), Some("2021-07-26"));
        assert_eq!(p.meta.slug, "1.54.0-prerelease");
        let p = post_at("2020-01-01-a.md", "---\npermalink: /2019/02/03/b/\n---\n");
        assert_eq!(
            p.meta.date.as_deref(),
            Some("2020-01-01"),
            "the file name comes first"
        );
        assert_eq!(post("---\npath: /about/\n---\n").meta.date, None);
    }

    #[test]
    fn title_falls_back_to_the_first_heading() {
        assert_eq!(
            post("# A Heading\n\ntext").meta.title.as_deref(),
            Some("A Heading")
        );
    }

    #[test]
    fn front_matter_excerpt_wins_and_is_rendered_as_markdown() {
        let p = post("---\nexcerpt: A *short* intro\n---\nFirst\n\n<!--more-->\n\nRest\n");
        assert_eq!(p.excerpt_html, "<p>A <em>short</em> intro</p>\n");
        assert!(p.has_more);
    }

    #[test]
    fn per_post_excerpt_separator_replaces_the_marker() {
        let p = post(
            "---\nexcerpt_separator: <!-- cut -->\n---\nOne\n\nTwo\n\n<!-- cut -->\n\nThree\n",
        );
        assert_eq!(p.excerpt_html, "<p>One</p>\n<p>Two</p>\n");
        assert!(p.has_more);
    }

    #[test]
    fn broken_front_matter_still_renders_the_body() {
        let p = post("---\nlayout: post\ntitle: Lessons: part 2\n---\nThe body.\n");
        assert_eq!(p.meta.diagnostics.len(), 1);
        assert_eq!(p.meta.diagnostics[0].severity, Severity::Error);
        assert_eq!(p.meta.diagnostics[0].line, 3);
        assert!(p.html.contains("The body."));
        assert_eq!(p.meta.front_matter_format, Some(Format::Yaml));
    }

    #[test]
    fn reading_time_is_at_least_a_minute() {
        assert_eq!(post("").meta.reading_minutes, 1);
        let long = "word ".repeat(401);
        assert_eq!(post(&long).meta.reading_minutes, 3);
        assert_eq!(post(&long).meta.word_count, 401);
    }

    #[test]
    fn crlf_and_bom_files_parse_like_lf_files() {
        let lf = "---\ntitle: Hi\ndate: 2024-01-15\n---\n# Head\n\nText\n";
        let crlf = lf.replace('\n', "\r\n");
        let bom = format!("\u{feff}{crlf}");
        assert_eq!(post(&crlf), post(lf));
        assert_eq!(post(&bom), post(lf));
    }
}
