//! The prerendered pages `quire build` writes (and `quire serve` serves):
//! one per post and page, the list pages (home pages, tags, archive and its
//! years, search) and `404.html`, each the template around the article
//! `html.rs` writes. Under `quire serve` the shell renders its own view over
//! each (diagnostics, drafts, live reload); the pages of `quire build` are
//! final but for search and `404.html`: the shell keeps them as they are,
//! downloads no engine for a post and no part of the index for a list.

use crate::entry::Entry;
use crate::html::{self, Engine, Head};
use crate::index::{self, Lists};
use crate::site::{Outputs, Site, output_file};

/// A page at every post's and page's permalink. `live` (`quire serve`): the
/// shell renders the post over it (the author's diagnostics, live reload),
/// so the page preloads the engine and the files it parses; else the page is
/// final (`<main data-final>`): the shell keeps it as it is and fetches only
/// the index, to route the reader's next click.
pub fn entry_pages(site: &Site, live: bool, out: &mut Outputs) {
    let config = &site.config;
    let shards = quire::route_shard_count(site.posts.len());
    let numbered: Vec<(usize, &Entry)> = site.posts.iter().enumerate().collect();
    let pages = crate::parallel::map(&numbered, |&(i, entry)| {
        let newer = i.checked_sub(1).map(|j| &site.posts[j]);
        let older = site.posts.get(i + 1);
        // The route shard that lists it, so the shell on this page fetches it at once.
        let shard = quire::route_shard(&entry.permalink, shards);
        let head = Head {
            title: entry.title(),
            description: entry.summary(),
            path: entry.permalink.clone(),
            og_type: "article",
            engine: engine_for(entry, live),
            fetches: entry_fetches(site, entry, Some(&index::route_part(shard)), live),
        };
        let attr = format!(
            " data-prerendered=\"{}\" data-route-shard=\"{shard}\"{}",
            html::escape(&entry.permalink),
            main_attribute(head.engine, live)
        );
        let page = site.template.page(
            config,
            &head,
            &attr,
            &html::post_article(entry, older, newer, shards),
        );
        let file = output_file(&entry.permalink).expect("claimed in load");
        (file, page.into_bytes())
    });
    out.extend(pages);
    for entry in &site.pages {
        let head = Head {
            title: entry.title(),
            description: entry.summary(),
            path: entry.permalink.clone(),
            og_type: "website",
            engine: engine_for(entry, live),
            fetches: entry_fetches(site, entry, None, live),
        };
        let attr = format!(
            " data-prerendered=\"{}\"{}",
            html::escape(&entry.permalink),
            main_attribute(head.engine, live)
        );
        let page = site
            .template
            .page(config, &head, &attr, &html::page_article(entry));
        let file = output_file(&entry.permalink).expect("claimed in load");
        out.insert(file, page.into_bytes());
    }
}

/// The module the shell on a post's or page's page starts with: none on a
/// final page (`quire build`), which it keeps as it is.
fn engine_for(entry: &Entry, live: bool) -> Engine {
    if live {
        Engine::for_entry(entry.engines)
    } else {
        Engine::None
    }
}

/// `<main>`'s attribute for the shell: `data-final` on a page it keeps, else
/// the engine to start with.
fn main_attribute(engine: Engine, live: bool) -> &'static str {
    if live {
        engine.main_attribute()
    } else {
        " data-final"
    }
}

/// What the shell on a post's or page's page fetches before it shows it
/// (js/blog/site.js `resolveRoute`, js/blog/views.js `parseFile`): the
/// index, the part of it that lists the post (`part`: its route shard), the
/// post list when the file's templates read it, and the file. On a final
/// page (not `live`), the index alone.
fn entry_fetches(site: &Site, entry: &Entry, part: Option<&str>, live: bool) -> Vec<String> {
    let mut files = vec![index::INDEX_FILE.to_string()];
    if !live {
        return files;
    }
    files.extend(part.map(index::part_file));
    if entry.engines && site.uses.post_list {
        files.push(index::part_file(index::ALL_PART));
    }
    files.push(entry.path.clone());
    files
}

/// What the shell on a list page fetches before it shows it (js/blog/site.js
/// `resolveRoute`): the index and the parts of it the page lists.
fn list_fetches(parts: &[String]) -> Vec<String> {
    let mut files = vec![index::INDEX_FILE.to_string()];
    files.extend(parts.iter().map(|name| index::part_file(name)));
    files
}

/// Home pages after the first, the tag index, one page per tag, the
/// archive, one page per archive year and the search page, so these routes
/// answer 200 with their content on a static host too. A post or page that
/// claimed one of these URLs keeps it: their site paths are returned. Under
/// `quire build` (not `live`) every one but the search page is final, written
/// with the shell's own view markup: the shell keeps it and fetches the index
/// alone.
pub fn list_pages(site: &Site, lists: &Lists<'_>, live: bool, out: &mut Outputs) -> Vec<String> {
    let config = &site.config;
    let pages = lists.home.len();
    let shards = quire::route_shard_count(site.posts.len());
    // Every list page, in order; each one's article is written below, on every core.
    let mut lists_pages: Vec<(String, ListPage)> = Vec::new();
    for n in 2..=pages {
        lists_pages.push((format!("/page/{n}/"), ListPage::Home(n)));
    }
    lists_pages.push(("/tags/".into(), ListPage::Tags));
    for (i, tagged) in lists.tags.iter().enumerate() {
        lists_pages.push((format!("/tags/{}/", tagged.slug), ListPage::Tag(i)));
    }
    lists_pages.push(("/archive/".into(), ListPage::Archive));
    for (i, year) in lists.years.iter().enumerate() {
        if let Some(name) = &year.year {
            lists_pages.push((format!("/archive/{name}/"), ListPage::Year(i)));
        }
    }
    // The search page (next to the index files in `search/`): the shell finds posts
    // there with `?q=`; a static host answers it with this page.
    lists_pages.push(("/search/".into(), ListPage::Search));

    // A post or page that took one of these URLs keeps it.
    let mut claimed = Vec::new();
    let mut todo = Vec::new();
    for (path, page) in lists_pages {
        let Some(file) = output_file(&path) else {
            continue;
        };
        if out.contains_key(&file) {
            claimed.push(path);
        } else {
            todo.push((file, path, page));
        }
    }
    let written = crate::parallel::map(&todo, |(_, path, page)| {
        // `parts`: the parts of the index the shell shows the page with (preloaded), when
        // it renders its own view over the page.
        let (title, main, parts) = match *page {
            ListPage::Home(n) => {
                let entries: Vec<&Entry> = lists.home[n - 1].iter().collect();
                let main = html::home_article(config, &entries, (n, pages), shards);
                (format!("Page {n}"), main, vec![index::home_part(n)])
            }
            ListPage::Tags => {
                let index: Vec<(String, String, usize)> = lists
                    .tags
                    .iter()
                    .map(|t| (t.tag.clone(), t.slug.clone(), t.posts.len()))
                    .collect();
                ("Tags".into(), html::tags_article(&index), Vec::new())
            }
            ListPage::Tag(i) => {
                let tagged = &lists.tags[i];
                let main = html::tag_article(&tagged.tag, &tagged.posts, shards);
                let title = format!("Tagged “{}”", tagged.tag);
                (title, main, vec![index::tag_part(i)])
            }
            ListPage::Archive => {
                let years: Vec<(Option<&str>, Vec<&Entry>)> = lists
                    .years
                    .iter()
                    .map(|y| (y.year.as_deref(), y.posts.clone()))
                    .collect();
                let every_year = (0..lists.years.len()).map(index::year_part).collect();
                let main = html::archive_article(&years, shards);
                ("Archive".into(), main, every_year)
            }
            ListPage::Year(i) => {
                let year = &lists.years[i];
                let name = year.year.as_deref().unwrap_or_default();
                let main = html::year_article(name, &year.posts, shards);
                (format!("Posts of {name}"), main, vec![index::year_part(i)])
            }
            ListPage::Search => ("Search".into(), html::search_article(), Vec::new()),
        };
        let kept = !live && !matches!(page, ListPage::Search);
        let head = Head {
            title,
            description: None,
            path: path.clone(),
            og_type: "website",
            engine: Engine::None,
            fetches: list_fetches(if kept { &[] } else { &parts }),
        };
        let attr = format!(
            " data-prerendered=\"{}\"{}",
            html::escape(path),
            if kept { " data-final" } else { "" }
        );
        site.template.page(config, &head, &attr, &main).into_bytes()
    });
    for ((file, _, _), page) in todo.into_iter().zip(written) {
        out.insert(file, page);
    }
    // The home page has the site's own title; its file is the one
    // `output_file` keeps for it.
    let first: Vec<&Entry> = lists
        .home
        .first()
        .map_or(Vec::new(), |c| c.iter().collect());
    let home = html::home_article(config, &first, (1, pages.max(1)), shards);
    let head = Head {
        title: String::new(),
        description: config.description.clone(),
        path: "/".into(),
        og_type: "website",
        engine: Engine::None,
        fetches: list_fetches(&if live {
            vec![index::home_part(1)]
        } else {
            Vec::new()
        }),
    };
    let attr = if live {
        " data-prerendered=\"/\""
    } else {
        " data-prerendered=\"/\" data-final"
    };
    let page = site.template.page(config, &head, attr, &home);
    out.insert("index.html".into(), page.into_bytes());
    claimed
}

/// A list page of [`list_pages`], by what it lists.
enum ListPage {
    /// Home page N (from 2: the first is the site's `index.html`).
    Home(usize),
    /// Every tag.
    Tags,
    /// The posts of the I-th tag of the index.
    Tag(usize),
    /// Every year's posts.
    Archive,
    /// The posts of the I-th year of the index (one with a year).
    Year(usize),
    Search,
}

/// `404.html`: what a static host answers for a path with no file; the shell
/// then renders the route (a post may still be there for it).
pub fn not_found_page(site: &Site, out: &mut Outputs) {
    let head = Head {
        title: "Page not found".into(),
        description: None,
        path: "/404.html".into(),
        og_type: "website",
        engine: Engine::None,
        fetches: list_fetches(&[]),
    };
    let page = site
        .template
        .page(&site.config, &head, "", &html::not_found_article());
    out.insert("404.html".into(), page.into_bytes());
}
