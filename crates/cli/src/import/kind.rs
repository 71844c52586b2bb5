//! The three generators a site can be imported from, and telling which one
//! a folder is.

use super::{hugo, jekyll};
use quire::front_matter::{self, Format};
use std::path::Path;

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

    pub fn command(self) -> &'static str {
        match self {
            Kind::Jekyll => "jekyll",
            Kind::Hugo => "hugo",
            Kind::Zola => "zola",
        }
    }

    /// What a source of this kind must have, for error messages.
    pub fn layout(self) -> &'static str {
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
