//! The site context from `posts/index.json` (what `quire build` and `quire
//! serve` write): how the browser gets the same [`SiteContext`] the CLI
//! rendered with.

use super::{PageRef, SiteContext};
use serde::Deserialize;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

#[derive(Deserialize, Default)]
#[serde(default)]
struct Index {
    site: Map<String, Value>,
    posts: Vec<Entry>,
    pages: Vec<Entry>,
    context: Extra,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Entry {
    path: String,
    permalink: String,
    title: Option<String>,
    date: Option<String>,
    tags: Vec<String>,
    categories: Vec<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Extra {
    data: Map<String, Value>,
    includes: BTreeMap<String, String>,
    files: BTreeMap<String, String>,
    shortcodes: BTreeMap<String, String>,
}

impl From<Entry> for PageRef {
    fn from(entry: Entry) -> PageRef {
        PageRef {
            path: entry.path,
            url: entry.permalink,
            title: entry.title,
            date: entry.date,
            tags: entry.tags,
            categories: entry.categories,
        }
    }
}

impl SiteContext {
    /// Reads the JSON text of a `posts/index.json`: `site` is the config,
    /// `posts` and `pages` the lists, `context` the data, includes, files
    /// and shortcodes. Missing parts are empty.
    pub fn from_index_json(text: &str) -> Result<SiteContext, String> {
        let index: Index = serde_json::from_str(text)
            .map_err(|e| format!("posts/index.json is not a Quire index: {e}"))?;
        Ok(SiteContext {
            config: index.site,
            data: index.context.data,
            posts: index.posts.into_iter().map(PageRef::from).collect(),
            pages: index.pages.into_iter().map(PageRef::from).collect(),
            includes: index.context.includes,
            files: index.context.files,
            shortcodes: index.context.shortcodes,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_index_gives_the_config_the_post_list_and_the_includes() {
        let site = SiteContext::from_index_json(
            r#"{"site":{"title":"T","baseurl":"/b"},
                "posts":[{"path":"posts/2024-01-15-a.md","permalink":"/2024/01/15/a/","title":"A","tags":["x"],"excerptHtml":"<p>…</p>"}],
                "pages":[{"path":"pages/about.md","permalink":"/about/","title":"About"}],
                "context":{"includes":{"note.html":"{{ include.text }}"},"data":{"nav":[1]}}}"#,
        )
        .unwrap();
        assert_eq!(site.config["baseurl"], "/b");
        assert_eq!(site.posts[0].url, "/2024/01/15/a/");
        assert_eq!(site.posts[0].tags, ["x"]);
        assert_eq!(site.pages[0].path, "pages/about.md");
        assert_eq!(site.includes["note.html"], "{{ include.text }}");
        assert_eq!(site.data["nav"][0], 1);
    }

    #[test]
    fn an_index_that_is_not_json_is_a_readable_error() {
        let error = SiteContext::from_index_json("nope").unwrap_err();
        assert!(error.contains("posts/index.json"), "{error}");
    }
}
