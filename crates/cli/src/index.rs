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
use serde::Serialize;
use serde_json::{Value, json};
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
                    tag: tag.to_string(),
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

    // Which posts each route shard lists, in the order of the site.
    let mut routes: Vec<Vec<usize>> = vec![Vec::new(); shards as usize];
    for (i, entry) in site.posts.iter().enumerate() {
        routes[quire::route_shard(&entry.permalink, shards) as usize].push(i);
    }
    let mut parts: Vec<PartOf> = (0..lists.home.len().max(1)).map(PartOf::Home).collect();
    parts.extend((0..lists.tags.len()).map(PartOf::Tag));
    parts.extend((0..lists.years.len()).map(PartOf::Year));
    parts.extend((0..shards as usize).map(PartOf::Route));
    parts.push(PartOf::All);
    // Each part on its own, on every core.
    let written = crate::parallel::map(&parts, |part| -> Result<(String, Vec<u8>)> {
        fn json<T: Serialize>(name: String, posts: &[T]) -> Result<(String, Vec<u8>)> {
            Ok((part_file(&name), serde_json::to_vec(&Part { posts })?))
        }
        match *part {
            PartOf::Home(i) => {
                let page = lists.home.get(i).map_or(&[][..], |page| page);
                let posts: Vec<_> = page.iter().map(|e| Summary::of(e, shards)).collect();
                json(home_part(i + 1), &posts)
            }
            PartOf::Tag(i) => {
                let tagged = &lists.tags[i].posts;
                let posts: Vec<_> = tagged.iter().map(|e| Listed::of(e, shards)).collect();
                json(tag_part(i), &posts)
            }
            PartOf::Year(i) => {
                let year = &lists.years[i].posts;
                let posts: Vec<_> = year.iter().map(|e| Listed::of(e, shards)).collect();
                json(year_part(i), &posts)
            }
            PartOf::Route(shard) => {
                let posts: Vec<_> = routes[shard]
                    .iter()
                    .map(|&i| {
                        let newer = i.checked_sub(1).map(|j| &site.posts[j]);
                        let older = site.posts.get(i + 1);
                        Route::of(&site.posts[i], older, newer, shards)
                    })
                    .collect();
                json(route_part(shard as u32), &posts)
            }
            PartOf::All => {
                let all: Vec<_> = site.posts.iter().map(Reference::of).collect();
                json(ALL_PART.into(), &all)
            }
        }
    });
    for part in written {
        let (file, bytes) = part?;
        out.insert(file, bytes);
    }
    Ok(())
}

/// A file of `posts/index/`.
enum PartOf {
    /// The I-th home page's (from 0; an empty one when there is no post).
    Home(usize),
    /// The I-th tag's.
    Tag(usize),
    /// The I-th year's.
    Year(usize),
    /// Route shard N's.
    Route(usize),
    /// Every post's reference.
    All,
}

// The parts are written straight from the posts, with no `serde_json::Value`
// tree in between (at 10,000 posts, building one took most of a rebuild's
// index). Each struct's fields are in the order of its JSON object.

/// A part of the index: `{"posts": [...]}`.
#[derive(Serialize)]
struct Part<'p, T> {
    posts: &'p [T],
}

/// A post in a list of links (a tag's, a year's): date, title, where it is,
/// and its route shard, so following the link needs no lookup.
#[derive(Serialize)]
struct Listed<'a> {
    path: &'a str,
    permalink: &'a str,
    shard: u32,
    title: String,
    slug: &'a str,
    date: Option<&'a str>,
    draft: bool,
}

impl<'a> Listed<'a> {
    fn of(entry: &'a Entry, shards: u32) -> Listed<'a> {
        let meta = &entry.post.meta;
        Listed {
            path: &entry.path,
            permalink: &entry.permalink,
            shard: quire::route_shard(&entry.permalink, shards),
            title: entry.title(),
            slug: &meta.slug,
            date: meta.date.as_deref(),
            draft: meta.draft,
        }
    }
}

/// A post as a home page shows it: title, date, tags and excerpt.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Summary<'a> {
    #[serde(flatten)]
    listed: Listed<'a>,
    tags: &'a [String],
    tag_slugs: Vec<String>,
    excerpt_html: &'a str,
    has_more: bool,
    reading_minutes: usize,
}

impl<'a> Summary<'a> {
    fn of(entry: &'a Entry, shards: u32) -> Summary<'a> {
        let post = &entry.post;
        Summary {
            listed: Listed::of(entry, shards),
            tags: &post.meta.tags,
            tag_slugs: tag_slugs(entry),
            excerpt_html: &post.excerpt_html,
            has_more: post.has_more,
            reading_minutes: post.meta.reading_minutes,
        }
    }
}

/// A link to a post's neighbour.
#[derive(Serialize)]
struct Neighbour<'a> {
    permalink: &'a str,
    title: String,
    shard: u32,
}

/// A post as its own page needs it before its file is parsed, with its
/// neighbours' links.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Route<'a> {
    path: &'a str,
    permalink: &'a str,
    title: String,
    date: Option<&'a str>,
    slug: &'a str,
    tags: &'a [String],
    tag_slugs: Vec<String>,
    year: Option<&'a str>,
    categories: &'a [String],
    draft: bool,
    description: Option<String>,
    reading_minutes: usize,
    word_count: usize,
    older: Option<Neighbour<'a>>,
    newer: Option<Neighbour<'a>>,
}

impl<'a> Route<'a> {
    fn of(
        entry: &'a Entry,
        older: Option<&'a Entry>,
        newer: Option<&'a Entry>,
        shards: u32,
    ) -> Route<'a> {
        let meta = &entry.post.meta;
        let neighbour = |e: Option<&'a Entry>| {
            e.map(|e| Neighbour {
                permalink: &e.permalink,
                title: e.title(),
                shard: quire::route_shard(&e.permalink, shards),
            })
        };
        Route {
            path: &entry.path,
            permalink: &entry.permalink,
            title: entry.title(),
            date: meta.date.as_deref(),
            slug: &meta.slug,
            tags: &meta.tags,
            tag_slugs: tag_slugs(entry),
            year: quire::archive_year(meta.date.as_deref()),
            categories: &meta.categories,
            draft: meta.draft,
            description: entry.description(),
            reading_minutes: meta.reading_minutes,
            word_count: meta.word_count,
            older: neighbour(older),
            newer: neighbour(newer),
        }
    }
}

/// A post as Liquid's `site.posts` and links by file see it.
#[derive(Serialize)]
struct Reference<'a> {
    path: &'a str,
    permalink: &'a str,
    title: String,
    date: Option<&'a str>,
    tags: &'a [String],
    categories: &'a [String],
}

impl<'a> Reference<'a> {
    fn of(entry: &'a Entry) -> Reference<'a> {
        let meta = &entry.post.meta;
        Reference {
            path: &entry.path,
            permalink: &entry.permalink,
            title: entry.title(),
            date: meta.date.as_deref(),
            tags: &meta.tags,
            categories: &meta.categories,
        }
    }
}

fn tag_slugs(entry: &Entry) -> Vec<String> {
    entry
        .post
        .meta
        .tags
        .iter()
        .map(|t| quire::slugify(t))
        .collect()
}
