//! `feed.xml`: the Atom feed of the newest posts, with their full content.

use crate::site::Site;
use anyhow::{Context, Result};

/// Posts in the feed (newest first).
pub const FEED_ENTRIES: usize = 20;

/// The Atom feed: the newest posts with their full content.
pub fn feed(site: &Site) -> Result<String> {
    use atom_syndication::{Category, Content, Entry as AtomEntry, Feed, Link, Person, Text};
    let config = &site.config;
    let root = config.absolute("/");
    let author = config.author.as_ref().map(|a| match a {
        crate::config::Author::Name(name) => Person {
            name: name.clone(),
            ..Default::default()
        },
        crate::config::Author::Full { name, email, uri } => Person {
            name: name.clone(),
            email: email.clone(),
            uri: uri.clone(),
            ..Default::default()
        },
    });
    let now = config.now();
    let updated = site
        .posts
        .iter()
        .filter_map(|e| e.instant)
        .max()
        .unwrap_or(now);
    let link = |href: String, rel: &str, mime: Option<&str>| Link {
        href,
        rel: rel.into(),
        mime_type: mime.map(Into::into),
        ..Default::default()
    };
    let entries = site
        .posts
        .iter()
        .filter(|e| !e.post.meta.draft)
        .take(FEED_ENTRIES)
        .map(|e| {
            let url = config.absolute(&e.permalink);
            let published = e.instant.unwrap_or(updated);
            AtomEntry {
                title: Text::plain(e.title()),
                id: url.clone(),
                updated: published,
                published: Some(published),
                authors: author.iter().cloned().collect(),
                links: vec![link(url, "alternate", Some("text/html"))],
                categories: e
                    .post
                    .meta
                    .tags
                    .iter()
                    .map(|t| Category {
                        term: t.clone(),
                        ..Default::default()
                    })
                    .collect(),
                summary: e.summary().map(Text::plain),
                content: Some(Content {
                    base: Some(root.clone()),
                    value: Some(e.post.html.clone()),
                    content_type: Some("html".into()),
                    ..Default::default()
                }),
                ..Default::default()
            }
        })
        .collect();
    let feed = Feed {
        title: Text::plain(config.title.clone()),
        id: root.clone(),
        updated,
        authors: author.iter().cloned().collect(),
        links: vec![
            link(
                config.absolute("/feed.xml"),
                "self",
                Some("application/atom+xml"),
            ),
            link(root, "alternate", Some("text/html")),
        ],
        subtitle: config.description.clone().map(Text::plain),
        generator: Some(atom_syndication::Generator {
            value: "Quire".into(),
            uri: None,
            version: Some(env!("CARGO_PKG_VERSION").into()),
        }),
        entries,
        ..Default::default()
    };
    let bytes = feed.write_to(Vec::new()).context("cannot write feed.xml")?;
    String::from_utf8(bytes).context("feed.xml is not UTF-8")
}
