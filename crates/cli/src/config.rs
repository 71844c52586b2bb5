//! `DIR/_config.yml`: the site settings, read by the core
//! ([`quire::SiteConfig`]); the CLI adds what needs a time zone database.

use anyhow::{Context, Result, anyhow};
use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, Offset, TimeZone, Utc};
use chrono_tz::Tz;
use std::ops::Deref;
use std::path::Path;

pub use quire::Author;

/// The core's settings (every field reads through), with the time zone
/// checked against the IANA database.
#[derive(Debug, Clone)]
pub struct Config {
    pub site: quire::SiteConfig,
    pub timezone: Tz,
}

impl Deref for Config {
    type Target = quire::SiteConfig;

    fn deref(&self) -> &quire::SiteConfig {
        &self.site
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            site: quire::SiteConfig::default(),
            timezone: Tz::UTC,
        }
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
        let site = quire::SiteConfig::parse(text).map_err(|e| anyhow!("{e}"))?;
        let name = site.timezone.as_str();
        let timezone = name.parse().map_err(|_| {
            anyhow!(
                "1:1: timezone {name:?} is not an IANA time zone name (like Europe/Paris or UTC)"
            )
        })?;
        Ok(Config { site, timezone })
    }

    /// `url` + `baseurl`: what absolute links start with.
    pub fn absolute(&self, site_path: &str) -> String {
        let base = self.url.as_deref().unwrap_or("http://localhost:8080");
        format!("{base}{}{site_path}", self.baseurl)
    }

    /// When a post dated `date` (as the core normalizes it) is published: a
    /// date without an offset is read in the site's time zone. For sorting
    /// and the feed; whether it is published is [`quire::Visibility`].
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

    /// Now as the core takes it: the site's offset from the time zone database.
    pub fn site_now(&self) -> quire::Now {
        let now = self.now();
        quire::Now {
            utc_seconds: now.timestamp(),
            site_offset_seconds: now.offset().fix().local_minus_utc(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_file_gives_the_utc_time_zone() {
        assert_eq!(Config::parse("").unwrap().timezone, Tz::UTC);
    }

    #[test]
    fn absolute_links_join_url_and_base_path() {
        let config = Config::parse("url: https://example.com/\nbaseurl: blog/\n").unwrap();
        assert_eq!(config.absolute("/a/"), "https://example.com/blog/a/");
    }

    #[test]
    fn errors_carry_line_and_column() {
        let err = Config::parse("title: x\npaginate: lots\n").unwrap_err();
        assert!(err.to_string().starts_with("2:11: "), "{err}");
        let err = Config::parse("timezone: Mars/Olympus\n").unwrap_err();
        assert!(err.to_string().starts_with("1:1: "), "{err}");
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

    #[test]
    fn now_carries_the_site_offset_from_the_time_zone_database() {
        let config = Config::parse("timezone: Asia/Kolkata\n").unwrap();
        assert_eq!(config.site_now().site_offset_seconds, 5 * 3600 + 1800);
    }
}
