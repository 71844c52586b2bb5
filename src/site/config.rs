//! The site settings: `_config.yml`, the keys Jekyll users already write,
//! read from its text (the CLI) or from the normalized JSON `index.json`
//! carries as `site` (the browser).

use crate::Options;
use serde::Deserialize;
use serde_json::{Map, Value};
use std::fmt;

/// Jekyll's default post URL.
pub const DEFAULT_PERMALINK: &str = "/:year/:month/:day/:slug/";
/// Posts per home page when `paginate` is not set.
pub const DEFAULT_PAGINATE: usize = 10;
/// The time zone when `timezone` is not set.
pub const DEFAULT_TIMEZONE: &str = "UTC";
/// The title when `title` is not set.
pub const DEFAULT_TITLE: &str = "Quire";

/// The settings Quire acts on, plus every key as written (for the shell).
#[derive(Debug, Clone)]
pub struct SiteConfig {
    pub title: String,
    pub description: Option<String>,
    pub author: Option<Author>,
    /// Base URL without a trailing slash (`https://example.com`), if set.
    pub url: Option<String>,
    /// Base path: `""` or `/blog` (leading slash, no trailing slash).
    pub baseurl: String,
    /// The IANA name as written (trimmed), `UTC` if not set. Not checked
    /// here: the core has no time zone database; the CLI checks it.
    pub timezone: String,
    /// Posts per home page, at least 1.
    pub paginate: usize,
    /// The post permalink pattern, Jekyll's named styles expanded.
    pub permalink: String,
    pub excerpt_separator: Option<String>,
    pub unsafe_html: bool,
    /// Show posts dated later than now.
    pub future: bool,
    /// Every key of the file as JSON, with the settings above normalized
    /// and defaults filled in: `index.json`'s `site`.
    pub json: Map<String, Value>,
}

/// `author:` as a name or as `{ name, email, uri }`.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Author {
    Name(String),
    Full {
        name: String,
        #[serde(default)]
        email: Option<String>,
        #[serde(default, alias = "url")]
        uri: Option<String>,
    },
}

/// A setting Quire cannot use, at a 1-based line and column of the file
/// (1:1 when the problem is not at one place). Displays as
/// `line:column: message`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.column, self.message)
    }
}

impl std::error::Error for ConfigError {}

fn whole_file(message: impl fmt::Display) -> ConfigError {
    ConfigError {
        line: 1,
        column: 1,
        message: message.to_string(),
    }
}

#[cfg(feature = "yaml")]
fn located(e: serde_yaml::Error) -> ConfigError {
    match e.location() {
        Some(l) => ConfigError {
            line: l.line(),
            column: l.column(),
            message: e.to_string(),
        },
        None => whole_file(e),
    }
}

/// The keys Quire reads; any other key is kept for the shell and ignored.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Raw {
    title: Option<String>,
    description: Option<String>,
    author: Option<Author>,
    url: Option<String>,
    baseurl: Option<String>,
    timezone: Option<String>,
    paginate: Option<usize>,
    permalink: Option<String>,
    excerpt_separator: Option<String>,
    unsafe_html: Option<bool>,
    future: Option<bool>,
}

impl Raw {
    /// The keys read from JSON by hand, not through serde: this is the
    /// browser's path, and a serde deserializer for `Raw` (its untagged
    /// `Author` above all) would be compiled into the wasm for it alone.
    fn from_json(json: &Map<String, Value>) -> Result<Raw, ConfigError> {
        let text = |key: &str| match json.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(whole_file(format_args!("`{key}` must be text"))),
        };
        let flag = |key: &str| match json.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(_) => Err(whole_file(format_args!("`{key}` must be true or false"))),
        };
        let paginate = match json.get("paginate") {
            None | Some(Value::Null) => None,
            Some(Value::Number(n)) => Some(
                n.as_u64()
                    .and_then(|n| usize::try_from(n).ok())
                    .ok_or_else(|| whole_file("`paginate` must be a whole number"))?,
            ),
            Some(_) => return Err(whole_file("`paginate` must be a whole number")),
        };
        let author = match json.get("author") {
            None | Some(Value::Null) => None,
            Some(Value::String(name)) => Some(Author::Name(name.clone())),
            Some(Value::Object(fields)) => {
                let field = |key: &str| fields.get(key).and_then(Value::as_str).map(String::from);
                let Some(name) = field("name") else {
                    return Err(whole_file("`author` needs a `name`"));
                };
                Some(Author::Full {
                    name,
                    email: field("email"),
                    uri: field("uri").or_else(|| field("url")),
                })
            }
            Some(_) => {
                return Err(whole_file(
                    "`author` must be a name or { name, email, url }",
                ));
            }
        };
        Ok(Raw {
            title: text("title")?,
            description: text("description")?,
            author,
            url: text("url")?,
            baseurl: text("baseurl")?,
            timezone: text("timezone")?,
            paginate,
            permalink: text("permalink")?,
            excerpt_separator: text("excerpt_separator")?,
            unsafe_html: flag("unsafe_html")?,
            future: flag("future")?,
        })
    }
}

impl Default for SiteConfig {
    fn default() -> Self {
        SiteConfig::from_raw(Raw::default(), Map::new()).expect("the defaults are valid")
    }
}

impl SiteConfig {
    /// Reads the text of a `_config.yml` (empty: the defaults).
    #[cfg(feature = "yaml")]
    pub fn parse(text: &str) -> Result<SiteConfig, ConfigError> {
        let value: serde_yaml::Value = serde_yaml::from_str(text).map_err(located)?;
        let json = match value {
            serde_yaml::Value::Null => Map::new(),
            serde_yaml::Value::Mapping(_) => match serde_json::to_value(&value) {
                Ok(Value::Object(map)) => map,
                Ok(_) => unreachable!("a mapping becomes an object"),
                Err(e) => {
                    return Err(whole_file(format_args!(
                        "the settings cannot be turned into JSON: {e}"
                    )));
                }
            },
            _ => {
                return Err(whole_file(
                    "_config.yml must be a mapping of settings (`title: My blog`)",
                ));
            }
        };
        // Read again from the text, so a wrong type is reported where it is.
        let raw: Raw = if json.is_empty() {
            Raw::default()
        } else {
            serde_yaml::from_str(text).map_err(located)?
        };
        SiteConfig::from_raw(raw, json)
    }

    /// Reads the settings as JSON: `index.json`'s `site` (already
    /// normalized, read back the same) or any object of `_config.yml` keys.
    pub fn from_json(json: Map<String, Value>) -> Result<SiteConfig, ConfigError> {
        let raw = Raw::from_json(&json)?;
        SiteConfig::from_raw(raw, json)
    }

    fn from_raw(raw: Raw, mut json: Map<String, Value>) -> Result<SiteConfig, ConfigError> {
        let url = raw
            .url
            .map(|u| u.trim().trim_end_matches('/').to_string())
            .filter(|u| !u.is_empty());
        if let Some(url) = &url
            && !(url.starts_with("http://") || url.starts_with("https://"))
        {
            return Err(whole_file(format_args!(
                "url {url:?} must be an absolute http(s) URL, like https://example.com"
            )));
        }
        let baseurl = match raw.baseurl.as_deref().map(|b| b.trim().trim_matches('/')) {
            None | Some("") => String::new(),
            Some(path) => format!("/{path}"),
        };
        let timezone = match raw.timezone.as_deref().map(str::trim) {
            None | Some("") => DEFAULT_TIMEZONE.to_string(),
            Some(name) => name.to_string(),
        };
        let paginate = raw.paginate.unwrap_or(DEFAULT_PAGINATE);
        if paginate == 0 {
            return Err(whole_file("paginate must be at least 1"));
        }
        let permalink = match raw.permalink.as_deref().map(str::trim) {
            None | Some("") => DEFAULT_PERMALINK.to_string(),
            Some(p) => crate::site::permalink::expand_style(p).to_string(),
        };
        let title = raw.title.unwrap_or_else(|| DEFAULT_TITLE.to_string());
        let unsafe_html = raw.unsafe_html.unwrap_or(false);
        let future = raw.future.unwrap_or(false);

        json.insert("title".into(), title.clone().into());
        json.insert("url".into(), url.clone().map_or(Value::Null, Value::from));
        json.insert("baseurl".into(), baseurl.clone().into());
        json.insert("timezone".into(), timezone.clone().into());
        json.insert("paginate".into(), paginate.into());
        json.insert("permalink".into(), permalink.clone().into());
        json.insert("unsafe_html".into(), unsafe_html.into());
        json.insert("future".into(), future.into());

        Ok(SiteConfig {
            title,
            description: raw.description,
            author: raw.author,
            url,
            baseurl,
            timezone,
            paginate,
            permalink,
            excerpt_separator: raw.excerpt_separator.filter(|s| !s.is_empty()),
            unsafe_html,
            future,
            json,
        })
    }

    /// The options every post and page of the site is parsed with: the
    /// site's `excerpt_separator` and `unsafe_html`, and the file's `path`.
    /// The one home of this rule: the CLI builds the site with it, the
    /// browser (blog and editor) gets it through the wasm module.
    pub fn options(&self, path: &str) -> Options {
        Options {
            path: Some(path.to_string()),
            ..self.render_options()
        }
    }

    /// [`SiteConfig::options`] without a file: for a text that has no path
    /// yet (the editor's new post).
    pub fn render_options(&self) -> Options {
        Options {
            excerpt_separator: self.excerpt_separator.clone(),
            unsafe_html: self.unsafe_html,
            ..Options::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_file_gives_the_defaults() {
        let config = SiteConfig::parse("").unwrap();
        assert_eq!(config.permalink, DEFAULT_PERMALINK);
        assert_eq!(config.paginate, DEFAULT_PAGINATE);
        assert_eq!(config.baseurl, "");
        assert_eq!(config.timezone, "UTC");
        assert_eq!(config.title, "Quire");
    }

    #[test]
    fn base_url_and_path_are_normalized() {
        let config = SiteConfig::parse("url: https://example.com/\nbaseurl: blog/\n").unwrap();
        assert_eq!(config.url.as_deref(), Some("https://example.com"));
        assert_eq!(config.json["baseurl"], "/blog");
    }

    #[test]
    fn errors_carry_line_and_column() {
        let err = SiteConfig::parse("title: x\npaginate: lots\n").unwrap_err();
        assert_eq!((err.line, err.column), (2, 11), "{err}");
        assert!(err.to_string().starts_with("2:11: "), "{err}");
        let err = SiteConfig::parse("paginate: 0\n").unwrap_err();
        assert_eq!(err.to_string(), "1:1: paginate must be at least 1");
        let err = SiteConfig::parse("- a list\n").unwrap_err();
        assert!(err.message.contains("mapping"), "{err}");
    }

    #[test]
    fn posts_are_parsed_with_the_sites_separator_and_html_setting_and_their_path() {
        let config =
            SiteConfig::parse("excerpt_separator: <!-- cut -->\nunsafe_html: true\n").unwrap();
        let options = config.options("_posts/2024-01-15-hello.md");
        assert_eq!(options.path.as_deref(), Some("_posts/2024-01-15-hello.md"));
        assert_eq!(options.excerpt_separator.as_deref(), Some("<!-- cut -->"));
        assert!(options.unsafe_html);
        assert_eq!(options.preset, crate::Preset::Blog);
        assert_eq!(config.render_options().path, None);

        // The same from the normalized JSON the browser holds.
        let again = SiteConfig::from_json(config.json.clone()).unwrap();
        assert_eq!(again.options("a.md"), config.options("a.md"));

        // Unset or empty: no separator (`<!--more-->` then), HTML sanitized.
        let plain = SiteConfig::parse("excerpt_separator: ''\n").unwrap();
        assert_eq!(plain.options("a.md").excerpt_separator, None);
        assert!(!plain.options("a.md").unsafe_html);
        assert_eq!(SiteConfig::default().render_options(), Options::default());
    }

    #[test]
    fn named_permalink_styles_are_expanded() {
        let config = SiteConfig::parse("permalink: pretty\n").unwrap();
        assert_eq!(config.permalink, "/:categories/:year/:month/:day/:title/");
    }

    #[test]
    fn the_normalized_json_reads_back_to_the_same_settings() {
        let text = "title: T\nurl: https://e.com/\nbaseurl: /b/\npaginate: 3\npermalink: none\nfuture: true\nextra: [1]\n";
        let config = SiteConfig::parse(text).unwrap();
        let again = SiteConfig::from_json(config.json.clone()).unwrap();
        assert_eq!(again.json, config.json);
        assert_eq!(again.paginate, 3);
        assert!(again.future);
        assert_eq!(again.json["extra"], serde_json::json!([1]));
    }

    #[test]
    fn the_json_settings_read_an_author_either_way_and_refuse_wrong_types() {
        let json = |text: &str| match serde_json::from_str(text).unwrap() {
            Value::Object(map) => SiteConfig::from_json(map),
            _ => unreachable!(),
        };
        let full = json(r#"{"author": {"name": "Ann", "url": "https://a.example"}}"#).unwrap();
        assert!(matches!(
            full.author,
            Some(Author::Full { ref name, ref uri, .. }) if name == "Ann" && uri.as_deref() == Some("https://a.example")
        ));
        let name = json(r#"{"author": "Bo"}"#).unwrap();
        assert!(matches!(name.author, Some(Author::Name(ref n)) if n == "Bo"));
        assert_eq!(
            json(r#"{"paginate": "lots"}"#).unwrap_err().message,
            "`paginate` must be a whole number"
        );
        assert_eq!(
            json(r#"{"future": "yes"}"#).unwrap_err().message,
            "`future` must be true or false"
        );
    }
}
