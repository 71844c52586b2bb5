//! `sitemap.xml`: every published post and page a search engine may list.

use crate::entry::Entry;
use crate::html;
use crate::site::Site;
use serde_json::Value;

pub fn sitemap(site: &Site) -> String {
    let config = &site.config;
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let mut url = |path: &str, lastmod: Option<String>| {
        xml.push_str("  <url><loc>");
        xml.push_str(&html::escape(&config.absolute(path)));
        xml.push_str("</loc>");
        if let Some(lastmod) = lastmod {
            xml.push_str("<lastmod>");
            xml.push_str(&lastmod);
            xml.push_str("</lastmod>");
        }
        xml.push_str("</url>\n");
    };
    url(
        "/",
        site.posts
            .iter()
            .filter_map(|e| e.instant)
            .max()
            .map(|t| t.to_rfc3339()),
    );
    // `sitemap: false` keeps a post or page out, as jekyll-sitemap does.
    let listed = |e: &&Entry| {
        !matches!(
            e.post.meta.front_matter.get("sitemap"),
            Some(Value::Bool(false))
        )
    };
    for entry in site
        .posts
        .iter()
        .filter(|e| !e.post.meta.draft)
        .filter(listed)
    {
        url(&entry.permalink, entry.instant.map(|t| t.to_rfc3339()));
    }
    for entry in site.pages.iter().filter(listed) {
        url(&entry.permalink, None);
    }
    xml.push_str("</urlset>\n");
    xml
}
