//! `DIR/_config.yml`: the site settings Jekyll users already write.

use anyhow::{Context, Result, anyhow, bail};
use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;
use serde::Deserialize;
use serde_json::{Map, Value};
use std::path::Path;

/// Jekyll's default post URL.
pub const DEFAULT_PERMALINK: &str = "/:year/:month/:day/:slug/";
/// Posts per home page when `paginate` is not set.
pub const DEFAULT_PAGINATE: usize = 10;

/// The settings the CLI acts on, plus every key as written (for the shell).
#[derive(Debug, Clone)]
pub struct Config {
    pub title: String,
    pub description: Option<String>,
    pub author: Option<Author>,
    /// Base URL without a trailing slash (`https://example.com`), if set.
    pub url: Option<String>,
    /// Base path: `""` or `/blog` (leading slash, no trailing slash).
    pub baseurl: String,
    pub timezone: Tz,
    pub permalink: String,
    pub excerpt_separator: Option<String>,
    pub unsafe_html: bool,
    pub future: bool,
    /// Every key of the file as JSON, with the settings above normalized
    /// and defaults filled in: `index.json`'s `site`.
    pub json: Map<String, Value>,
}

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

impl Default for Config {
    fn default() -> Self {
        Config::from_raw(Raw::default(), Map::new()).expect("the defaults are valid")
    }
}

impl Config {
    /// Reads `DIR/_config.yml`; defaults if the file does not exist. Errors
    /// read `path:line:column: message`.
    pub fn load(dir: &Path) -> Result<Config> {
        let path = dir.join("_config.yml");
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
            Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
        };
        Config::parse(&text).map_err(|e| anyhow!("{}:{e}", path.display()))
    }

    /// Parses the text of a `_config.yml`. Errors start with `line:column: `.
    pub fn parse(text: &str) -> Result<Config> {
        let located = |e: serde_yaml::Error| match e.location() {
            Some(l) => anyhow!("{}:{}: {e}", l.line(), l.column()),
            None => anyhow!("1:1: {e}"),
        };
        let value: serde_yaml::Value = serde_yaml::from_str(text).map_err(located)?;
        let json = match value {
            serde_yaml::Value::Null => Map::new(),
            serde_yaml::Value::Mapping(_) => match serde_json::to_value(&value) {
                Ok(Value::Object(map)) => map,
                Ok(_) => unreachable!("a mapping becomes an object"),
                Err(e) => bail!("1:1: the settings cannot be turned into JSON: {e}"),
            },
            _ => bail!("1:1: _config.yml must be a mapping of settings (`title: My blog`)"),
        };
        let raw: Raw = if json.is_empty() {
            Raw::default()
        } else {
            serde_yaml::from_str(text).map_err(located)?
        };
        Config::from_raw(raw, json).map_err(|e| anyhow!("1:1: {e}"))
    }

    fn from_raw(raw: Raw, mut json: Map<String, Value>) -> Result<Config> {
        let timezone = match raw.timezone.as_deref().map(str::trim) {
            None | Some("") => Tz::UTC,
            Some(name) => name.parse().map_err(|_| {
                anyhow!(
                    "timezone {name:?} is not an IANA time zone name (like Europe/Paris or UTC)"
                )
            })?,
        };
        let url = raw
            .url
            .map(|u| u.trim().trim_end_matches('/').to_string())
            .filter(|u| !u.is_empty());
        if let Some(url) = &url
            && !(url.starts_with("http://") || url.starts_with("https://"))
        {
            bail!("url {url:?} must be an absolute http(s) URL, like https://example.com");
        }
        let baseurl = match raw.baseurl.as_deref().map(|b| b.trim().trim_matches('/')) {
            None | Some("") => String::new(),
            Some(path) => format!("/{path}"),
        };
        let paginate = raw.paginate.unwrap_or(DEFAULT_PAGINATE);
        if paginate == 0 {
            bail!("paginate must be at least 1");
        }
        let permalink = match raw.permalink.as_deref().map(str::trim) {
            None | Some("") => DEFAULT_PERMALINK.to_string(),
            Some(p) => expand_style(p).to_string(),
        };
        let title = raw.title.unwrap_or_else(|| "Quire".to_string());
        let unsafe_html = raw.unsafe_html.unwrap_or(false);
        let future = raw.future.unwrap_or(false);

        json.insert("title".into(), title.clone().into());
        json.insert("url".into(), url.clone().map_or(Value::Null, Value::from));
        json.insert("baseurl".into(), baseurl.clone().into());
        json.insert("timezone".into(), timezone.name().into());
        json.insert("paginate".into(), paginate.into());
        json.insert("permalink".into(), permalink.clone().into());
        json.insert("unsafe_html".into(), unsafe_html.into());
        json.insert("future".into(), future.into());

        Ok(Config {
            title,
            description: raw.description,
            author: raw.author,
            url,
            baseurl,
            timezone,
            permalink,
            excerpt_separator: raw.excerpt_separator.filter(|s| !s.is_empty()),
            unsafe_html,
            future,
            json,
        })
    }

    /// The options every post and page is parsed with.
    pub fn options(&self, path: &str) -> quire::Options {
        let mut options = quire::Options::default();
        options.path = Some(path.to_string());
        options.excerpt_separator = self.excerpt_separator.clone();
        options.unsafe_html = self.unsafe_html;
        options
    }

    /// `url` + `baseurl`: what absolute links start with.
    pub fn absolute(&self, site_path: &str) -> String {
        let base = self.url.as_deref().unwrap_or("http://localhost:8080");
        format!("{base}{}{site_path}", self.baseurl)
    }

    /// When a post dated `date` (as the core normalizes it) is published: a
    /// date without an offset is read in the site's time zone.
    pub fn instant(&self, date: &str) -> Option<DateTime<FixedOffset>> {
        if let Ok(d) = DateTime::parse_from_rfc3339(date) {
            return Some(d);
        }
        let naive = match NaiveDate::parse_from_str(date, "%Y-%m-%d") {
            Ok(day) => day.and_hms_opt(0, 0, 0)?,
            Err(_) => NaiveDateTime::parse_from_str(date, "%Y-%m-%dT%H:%M:%S%.f").ok()?,
        };
        let local = self.timezone.from_local_datetime(&naive).earliest()?;
        Some(local.fixed_offset())
    }

    /// Now in the site's time zone.
    pub fn now(&self) -> DateTime<FixedOffset> {
        Utc::now().with_timezone(&self.timezone).fixed_offset()
    }
}

/// Jekyll's named permalink styles.
fn expand_style(permalink: &str) -> &str {
    match permalink {
        "date" => "/:categories/:year/:month/:day/:title:output_ext",
        "pretty" => "/:categories/:year/:month/:day/:title/",
        "ordinal" => "/:categories/:year/:y_day/:title:output_ext",
        "weekdate" => "/:categories/:year/W:week/:short_day/:title:output_ext",
        "none" => "/:categories/:title:output_ext",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_file_gives_the_defaults() {
        let config = Config::parse("").unwrap();
        assert_eq!(config.permalink, DEFAULT_PERMALINK);
        assert_eq!(config.baseurl, "");
        assert_eq!(config.timezone, Tz::UTC);
    }

    #[test]
    fn base_url_and_path_are_normalized() {
        let config = Config::parse("url: https://example.com/\nbaseurl: blog/\n").unwrap();
        assert_eq!(config.absolute("/a/"), "https://example.com/blog/a/");
        assert_eq!(config.json["baseurl"], "/blog");
    }

    #[test]
    fn errors_carry_line_and_column() {
        let err = Config::parse("title: x\npaginate: lots\n").unwrap_err();
        assert!(err.to_string().starts_with("2:11: "), "{err}");
        let err = Config::parse("timezone: Mars/Olympus\n").unwrap_err();
        assert!(err.to_string().contains("IANA"), "{err}");
    }

    #[test]
    fn dates_without_offset_are_read_in_the_site_time_zone() {
        let config = Config::parse("timezone: Europe/Paris\n").unwrap();
        let t = config.instant("2024-01-15").unwrap();
        assert_eq!(t.to_rfc3339(), "2024-01-15T00:00:00+01:00");
        let t = config.instant("2024-07-15T10:30:00").unwrap();
        assert_eq!(t.to_rfc3339(), "2024-07-15T10:30:00+02:00");
        let t = config.instant("2024-07-15T10:30:00Z").unwrap();
        assert_eq!(t.to_rfc3339(), "2024-07-15T10:30:00+00:00");
    }
}
