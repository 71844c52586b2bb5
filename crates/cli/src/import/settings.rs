//! The old generator's settings as Quire's `_config.yml`: the base URL split
//! into `url` and `baseurl`, the values Quire refuses left out and
//! reported, the text written with where it came from.

use super::permalink::reserved_folder;
use super::plan::Plan;
use crate::config::Config;
use anyhow::{Context, Result};
use serde_json::{Map, Value};

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

#[cfg(test)]
mod tests {
    use super::*;

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
}
