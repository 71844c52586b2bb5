//! The site index the reader's browser reads, split by route so that each
//! page downloads what it shows, whatever the size of the blog:
//!
//! - `posts/index.json`: the site settings, the pages, every tag and archive
//!   year with its post count, and how many home pages and route shards there are;
//! - `posts/index/home-N.json`: the posts of home page N, with their excerpts;
//! - `posts/index/tag-I.json`, `posts/index/year-I.json`: the posts of the
//!   I-th tag or year of the index's lists (date, title, link);
//! - `posts/index/route-N.json`: the posts whose permalink is in route shard
//!   N ([`quire::route_shard`]), each with its older and newer neighbours;
//! - `posts/index/all.json`: every post's path, permalink, title, date, tags
//!   and categories: the editor, and posts whose Liquid or shortcodes read the
//!   post list (`site.posts`, links to a post by its file), read it.
//!
//! docs/site-contract.md is the reference. The list pages the CLI prerenders
//! come from the same [`Lists`].

use crate::entry::Entry;
use crate::site::{Mode, Outputs, Site};
use anyhow::Result;
use chrono::Utc;
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;

/// The index the shell reads first on every page.
pub const INDEX_FILE: &str = "posts/index.json";

/// The folder of the index's parts, next to `posts/index.json`.
pub const INDEX_DIR: &str = "posts/index";

/// The part of the index a home page shows: `home-N.json` (N from 1).
pub fn home_part(page: usize) -> String {
    format!("home-{page}.json")
}

/// The part of the index that lists the posts of the `i`-th tag of the index.
pub fn tag_part(i: usize) -> String {
    format!("tag-{i}.json")
}

/// The part of the index that lists the posts of the `i`-th archive year.
pub fn year_part(i: usize) -> String {
    format!("year-{i}.json")
}

/// The part of the index that lists the posts of route shard `shard`.
pub fn route_part(shard: u32) -> String {
    format!("route-{shard}.json")
}

/// The post list (`site.posts`, links to a post by its file).
pub const ALL_PART: &str = "all.json";

/// A part's file in the output (`posts/index/home-1.json`).
pub fn part_file(name: &str) -> String {
    format!("{INDEX_DIR}/{name}")
}

/// The site's posts grouped as its list pages show them.
pub struct Lists<'s> {
    /// The posts of each home page, newest first (`site.paginate` each).
    pub home: Vec<&'s [Entry]>,
    /// Every tag with a slug, by slug; each post once per slug.
    pub tags: Vec<Tagged<'s>>,
    /// Posts by archive year, newest year first; undated posts last (`year: None`).
    pub years: Vec<Year<'s>>,
}

pub struct Tagged<'s> {
    /// The first spelling of the slug, in post order.
    pub tag: String,
    pub slug: String,
    pub posts: Vec<&'s Entry>,
}

pub struct Year<'s> {
    pub year: Option<String>,
    pub posts: Vec<&'s Entry>,
}

impl<'s> Lists<'s> {
    pub fn of(site: &'s Site) -> Lists<'s> {
        let home = site
            .posts
            .chunks(site.config.site.paginate.max(1))
            .collect();
        let mut tags: BTreeMap<String, Tagged<'s>> = BTreeMap::new();
        for entry in &site.posts {
            for tag in &entry.post.meta.tags {
                let slug = quire::slugify(tag);
                if slug.is_empty() {
                    continue;
                }
                let tagged = tags.entry(slug.clone()).or_insert_with(|| Tagged {
                    tag: tag.clone(),
                    slug,
                    posts: Vec::new(),
                });
                if tagged.posts.last().is_none_or(|e| e.path != entry.path) {
                    tagged.posts.push(entry);
                }
            }
        }
        // Posts are newest first with undated ones last, so a year's posts are together.
        let mut years: Vec<Year<'s>> = Vec::new();
        for entry in &site.posts {
            let year = quire::archive_year(entry.post.meta.date.as_deref()).map(str::to_string);
            match years.last_mut() {
                Some(last) if last.year == year => last.posts.push(entry),
                _ => years.push(Year {
                    year,
                    posts: vec![entry],
                }),
            }
        }
        Lists {
            home,
            tags: tags.into_values().collect(),
            years,
        }
    }
}

/// `posts/index.json` and the files of `posts/index/`, into `out`.
/// `claimed`: the list routes a post or page took (their prerendered file is
/// the post's), which the shell must then look up as posts.
pub fn outputs(
    site: &Site,
    lists: &Lists<'_>,
    claimed: &[String],
    mode: Mode,
    out: &mut Outputs,
) -> Result<()> {
    let (readers_site, readers_context) =
        crate::context::for_readers(&site.context, site.uses.clone());
    let shards = quire::route_shard_count(site.posts.len());
    let index = json!({
        "version": 2,
        "generated": Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        // Only the settings the shell reads and those posts name: a secret
        // in _config.yml that nothing uses stays on the author's disk.
        "site": Value::Object(readers_site),
        // What posts' Liquid and shortcodes read besides `site` and the
        // post list (data, includes, files, shortcodes), when they read any.
        "context": readers_context,
        "postCount": site.posts.len(),
        "homePages": lists.home.len().max(1),
        "routeShards": shards,
        "postList": site.uses.post_list,
        "tags": lists.tags.iter().map(|t| json!({
            "tag": t.tag,
            "slug": t.slug,
            "count": t.posts.len(),
        })).collect::<Vec<_>>(),
        "years": lists.years.iter().map(|y| json!({
            "year": y.year,
            "count": y.posts.len(),
        })).collect::<Vec<_>>(),
        "claimed": claimed,
        "pages": site.pages.iter().map(|e| json!({
            "path": e.path,
            "permalink": e.permalink,
            "title": e.title(),
        })).collect::<Vec<_>>(),
        "live": if mode.live { Value::from("/_quire/events") } else { Value::Null },
        // Where the editor saves a post file back into the site (`quire serve` only).
        "save": if mode.live { Value::from("/_quire/save/") } else { Value::Null },
    });
    out.insert(INDEX_FILE.into(), serde_json::to_vec(&index)?);

    let mut file = |name: String, posts: Vec<Value>| -> Result<()> {
        let body = serde_json::to_vec(&json!({ "posts": posts }))?;
        out.insert(part_file(&name), body);
        Ok(())
    };
    for (i, page) in lists.home.iter().enumerate() {
        file(
            home_part(i + 1),
            page.iter().map(|e| summary(e, shards)).collect(),
        )?;
    }
    if lists.home.is_empty() {
        file(home_part(1), Vec::new())?;
    }
    for (i, tagged) in lists.tags.iter().enumerate() {
        file(
            tag_part(i),
            tagged.posts.iter().map(|e| listed(e, shards)).collect(),
        )?;
    }
    for (i, year) in lists.years.iter().enumerate() {
        file(
            year_part(i),
            year.posts.iter().map(|e| listed(e, shards)).collect(),
        )?;
    }
    let mut routes: Vec<Vec<Value>> = vec![Vec::new(); shards as usize];
    for (i, entry) in site.posts.iter().enumerate() {
        let newer = i.checked_sub(1).map(|j| &site.posts[j]);
        let older = site.posts.get(i + 1);
        let shard = quire::route_shard(&entry.permalink, shards) as usize;
        routes[shard].push(route(entry, older, newer, shards));
    }
    for (i, posts) in routes.into_iter().enumerate() {
        file(route_part(i as u32), posts)?;
    }
    file(ALL_PART.into(), site.posts.iter().map(reference).collect())?;
    Ok(())
}

/// A post as a home page shows it: title, date, tags and excerpt.
fn summary(entry: &Entry, shards: u32) -> Value {
    let mut value = listed(entry, shards);
    let post = &entry.post;
    let map = value.as_object_mut().expect("an object");
    map.insert("tags".into(), json!(post.meta.tags));
    map.insert("tagSlugs".into(), tag_slugs(entry));
    map.insert("excerptHtml".into(), json!(post.excerpt_html));
    map.insert("hasMore".into(), json!(post.has_more));
    map.insert("readingMinutes".into(), json!(post.meta.reading_minutes));
    value
}

/// A post in a list of links (a tag's, a year's): date, title, where it is,
/// and its route shard, so following the link needs no lookup.
fn listed(entry: &Entry, shards: u32) -> Value {
    json!({
        "path": entry.path,
        "permalink": entry.permalink,
        "shard": quire::route_shard(&entry.permalink, shards),
        "title": entry.title(),
        "slug": entry.post.meta.slug,
        "date": entry.post.meta.date,
        "draft": entry.post.meta.draft,
    })
}

/// A post as its own page needs it before its file is parsed, with its
/// neighbours' links.
fn route(entry: &Entry, older: Option<&Entry>, newer: Option<&Entry>, shards: u32) -> Value {
    let post = &entry.post;
    let neighbour = |e: Option<&Entry>| {
        e.map_or(Value::Null, |e| {
            let shard = quire::route_shard(&e.permalink, shards);
            json!({ "permalink": e.permalink, "title": e.title(), "shard": shard })
        })
    };
    json!({
        "path": entry.path,
        "permalink": entry.permalink,
        "title": entry.title(),
        "date": post.meta.date,
        "slug": post.meta.slug,
        "tags": post.meta.tags,
        "tagSlugs": tag_slugs(entry),
        "year": quire::archive_year(post.meta.date.as_deref()),
        "categories": post.meta.categories,
        "draft": post.meta.draft,
        "description": entry.description(),
        "readingMinutes": post.meta.reading_minutes,
        "wordCount": post.meta.word_count,
        "older": neighbour(older),
        "newer": neighbour(newer),
    })
}

/// A post as Liquid's `site.posts` and links by file see it.
fn reference(entry: &Entry) -> Value {
    let post = &entry.post;
    let mut map = Map::new();
    map.insert("path".into(), json!(entry.path));
    map.insert("permalink".into(), json!(entry.permalink));
    map.insert("title".into(), json!(entry.title()));
    map.insert("date".into(), json!(post.meta.date));
    map.insert("tags".into(), json!(post.meta.tags));
    map.insert("categories".into(), json!(post.meta.categories));
    Value::Object(map)
}

fn tag_slugs(entry: &Entry) -> Value {
    json!(
        entry
            .post
            .meta
            .tags
            .iter()
            .map(|t| quire::slugify(t))
            .collect::<Vec<_>>()
    )
}
