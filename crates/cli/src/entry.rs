//! A post or page of the site: its file, its permalink, the core's parse of
//! it and when it is published; what every output (pages, index, feed,
//! sitemap, search) is made from.

use chrono::{DateTime, FixedOffset};
use quire::Post;
use serde_json::Value;
use std::sync::Arc;

/// A post or page with where it lives.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Relative to the site directory, `/`-separated: `posts/2024-01-15-a.md`.
    pub path: String,
    /// Site path (without the base path): `/2024/01/15/a/`.
    pub permalink: String,
    /// Shared with the parses `quire serve` keeps for its next rebuild.
    pub post: Arc<Post>,
    /// When it is published, in the site's time zone.
    pub instant: Option<DateTime<FixedOffset>>,
    /// It needs the template engines (`quire::needs_engines`), so the shell
    /// renders it with the full wasm module.
    pub engines: bool,
}

impl Entry {
    pub fn title(&self) -> String {
        self.post
            .meta
            .title
            .clone()
            .filter(|t| !t.trim().is_empty())
            .unwrap_or_else(|| self.post.meta.slug.clone())
    }

    /// Front matter `description` (or `summary`) as text.
    pub fn description(&self) -> Option<String> {
        ["description", "summary"].iter().find_map(|key| {
            match self.post.meta.front_matter.get(*key) {
                Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_string()),
                _ => None,
            }
        })
    }

    /// For `<meta name="description">`: the description, else the excerpt as text.
    pub fn summary(&self) -> Option<String> {
        self.description().or_else(|| {
            let text = quire::search::text_of_html(&self.post.excerpt_html);
            (!text.is_empty()).then(|| truncate_words(&text, 300))
        })
    }
}

fn truncate_words(text: &str, max: usize) -> String {
    if text.len() <= max {
        return text.to_string();
    }
    let mut cut = max;
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let cut = text[..cut].rfind(' ').unwrap_or(cut);
    format!("{}…", text[..cut].trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_description_falls_back_to_the_excerpt_text() {
        assert_eq!(
            quire::search::text_of_html("<p>A &amp; <em>b</em></p>\n"),
            "A & b"
        );
        assert_eq!(truncate_words("one two three", 8), "one two…");
    }
}
