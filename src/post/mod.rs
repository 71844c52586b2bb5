//! `Post`: a raw file turned into plain data — its metadata (read in `front.rs`: title, date,
//! slug, tags, draft, ... from the front matter and the file name), excerpt, word count.

mod front;

pub(crate) use front::Front;
pub use front::{normalize_date, slugify};

use crate::compat;
use crate::front_matter::{Format, FrontMatterError};
use crate::markdown::{self, ExcerptRule, Lines, Options, TocEntry};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::borrow::Cow;

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
