//! The site's search index (`search/` in the output): the core writes the files, this
//! chooses what goes in. Posts and pages, except those marked `search: false` (or
//! `sitemap: false`, as Jekyll themes mark pages kept out of indexes). Drafts are in only
//! when the site shows them (`quire serve`, `quire build --drafts`).

use serde_json::Value;

use crate::entry::Entry;
use crate::site::{Outputs, Site};

/// Whether readers can find `entry` through search.
pub fn searchable(entry: &Entry) -> bool {
    ["search", "sitemap"].iter().all(|key| {
        !matches!(
            entry.post.meta.front_matter.get(*key),
            Some(Value::Bool(false))
        )
    })
}

/// Adds `search/meta.json` and its chunks to `out`.
pub fn outputs(site: &Site, out: &mut Outputs) {
    let entries: Vec<&Entry> = site
        .posts
        .iter()
        .chain(&site.pages)
        .filter(|e| searchable(e))
        .collect();
    let titles: Vec<String> = entries.iter().map(|e| e.title()).collect();
    let texts = crate::parallel::map(&entries, |e| quire::search::text_of_html(&e.post.html));
    let docs: Vec<quire::search::Doc> = entries
        .iter()
        .zip(&titles)
        .zip(&texts)
        .map(|((e, title), text)| quire::search::Doc {
            url: &e.permalink,
            path: &e.path,
            title,
            date: e.post.meta.date.as_deref(),
            tags: &e.post.meta.tags,
            text,
        })
        .collect();
    for (name, bytes) in quire::search::build_index(&docs) {
        out.insert(format!("search/{name}"), bytes);
    }
}
