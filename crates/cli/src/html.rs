//! The prerendered pages: the shell's markup (docs/site-contract.md) written
//! into the site's own `index.html`, so readers without JavaScript and
//! crawlers get the content, and the shell renders the same route over it.

use crate::config::Config;
use crate::entry::Entry;
use anyhow::{Result, bail};
use std::fmt::Write as _;

/// Escapes text for an HTML text node or a quoted attribute: the core's one
/// escaping rule (`& < > " '`).
pub use quire::escape_html as escape;

/// Tag slug: the core's one slug rule (lowercase, every run of characters
/// that are not letters or digits becomes one `-`, trimmed), the same the
/// browser gets through the wasm `tagSlug`.
pub use quire::slugify as tag_slug;

/// What `encodeURIComponent` leaves alone, so the shell writes the same hrefs.
const COMPONENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'!')
    .remove(b'~')
    .remove(b'*')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')');

/// A href relative to `<base>` (the site root) for a site path: each
/// segment percent-encoded, so a permalink such as `javascript:x` stays a
/// path and never becomes a scheme.
pub fn href(site_path: &str) -> String {
    let rest = site_path.trim_start_matches('/');
    if rest.is_empty() {
        return "./".into();
    }
    let encoded: Vec<String> = rest
        .split('/')
        .map(|s| percent_encoding::utf8_percent_encode(s, COMPONENT).to_string())
        .collect();
    escape(&encoded.join("/"))
}

/// A tag as a link to its page, or as text if it has no letters or digits.
fn tag_link(tag: &str) -> String {
    let slug = tag_slug(tag);
    if slug.is_empty() {
        format!("<span>{}</span>", escape(tag))
    } else {
        format!(
            "<a rel=\"tag\" href=\"tags/{}/\">{}</a>",
            href(&slug),
            escape(tag)
        )
    }
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// "Jan 15, 2024" from a date as the core normalizes it; the shell replaces
/// it with the reader's locale.
pub fn display_date(date: &str) -> String {
    let parts: Option<(i32, usize, u32)> = (|| {
        let year = date.get(0..4)?.parse().ok()?;
        let month: usize = date.get(5..7)?.parse().ok()?;
        let day = date.get(8..10)?.parse().ok()?;
        Some((year, month, day))
    })();
    match parts {
        Some((year, month @ 1..=12, day)) => format!("{} {day}, {year}", MONTHS[month - 1]),
        _ => date.to_string(),
    }
}

/// The site's page template (`index.html`), checked once per build.
pub struct Template {
    text: String,
}

impl Template {
    /// Fills the site header as the shell does (`fillSiteHeader` in
    /// `js/app.js`), so readers without script see the site's own title and
    /// links: the text of `<a class="site-title">`, and in `<ul id="site-nav">`
    /// the archive, the tags and every standalone page.
    pub fn fill_header(&mut self, config: &Config, pages: &[Entry]) {
        let text = &mut self.text;
        if let Some(start) = text.find("class=\"site-title\"")
            && let Some(open_end) = text[start..].find('>').map(|i| start + i + 1)
            && let Some(close) = text[open_end..].find("</a>").map(|i| open_end + i)
            && !config.title.trim().is_empty()
        {
            text.replace_range(open_end..close, &escape(&config.title));
        }
        if let Some(start) = text.find("<ul id=\"site-nav\"")
            && let Some(open_end) = text[start..].find('>').map(|i| start + i + 1)
            && let Some(close) = text[open_end..].find("</ul>").map(|i| open_end + i)
        {
            let mut links = vec![
                ("/archive/".to_string(), "Archive".to_string()),
                ("/tags/".to_string(), "Tags".to_string()),
            ];
            links.extend(pages.iter().map(|p| (p.permalink.clone(), p.title())));
            let mut nav = String::from("\n");
            for (path, title) in links {
                let route = format!(
                    "/{}",
                    path.split('/')
                        .filter(|s| !s.is_empty())
                        .collect::<Vec<_>>()
                        .join("/")
                );
                let _ = writeln!(
                    nav,
                    "        <li><a href=\"{}\" data-route=\"{}\">{}</a></li>",
                    href(&path),
                    escape(&route),
                    escape(&title)
                );
            }
            nav.push_str("      ");
            text.replace_range(open_end..close, &nav);
        }
    }

    pub fn new(text: String) -> Result<Template> {
        if !text.contains("<main id=\"content\"") || !text.contains("</main>") {
            bail!("index.html has no <main id=\"content\"> … </main> for the page content");
        }
        if !text.contains("</head>") || !text.contains("<title>") {
            bail!("index.html has no <title> or </head>");
        }
        Ok(Template { text })
    }

    /// The template with a site-root `<base>`, a title, head tags and the
    /// content of `<main>` replaced.
    pub fn page(&self, config: &Config, head: &Head, main_attr: &str, main: &str) -> String {
        let mut page = self.text.clone();
        let base = format!("<base href=\"{}/\">", escape(&config.baseurl));
        page = match page.find("<base href=\"./\">") {
            Some(at) => replace_range(&page, at, at + "<base href=\"./\">".len(), &base),
            None => match page.find("<head>") {
                Some(at) => replace_range(&page, at + 6, at + 6, &format!("\n  {base}")),
                None => page,
            },
        };
        if let (Some(start), Some(end)) = (page.find("<title>"), page.find("</title>"))
            && start < end
        {
            let full = if head.title.is_empty() {
                config.title.clone()
            } else {
                format!("{} · {}", head.title, config.title)
            };
            let title = format!("<title>{}</title>", escape(&full));
            page = replace_range(&page, start, end + "</title>".len(), &title);
        }
        if let Some(at) = page.find("</head>") {
            page = replace_range(&page, at, at, &head.tags(config));
        }
        let start = page.find("<main id=\"content\"").expect("checked in new");
        let open_end = start + page[start..].find('>').expect("a tag ends");
        let close = page.rfind("</main>").expect("checked in new");
        let open = format!("<main id=\"content\"{main_attr}>");
        let mut out = String::with_capacity(page.len() + main.len());
        out.push_str(&page[..start]);
        out.push_str(&open);
        out.push('\n');
        out.push_str(main);
        out.push_str(&page[close.max(open_end + 1)..]);
        out
    }
}

fn replace_range(text: &str, start: usize, end: usize, with: &str) -> String {
    format!("{}{with}{}", &text[..start], &text[end..])
}

/// What goes into `<head>` for one page.
pub struct Head {
    /// The page's own title; `<title>` adds the site's.
    pub title: String,
    pub description: Option<String>,
    /// Site path of the page (for canonical and og:url).
    pub path: String,
    pub og_type: &'static str,
    /// The page shows a post or page file, which the shell parses: its engine
    /// (the wasm module and its glue) is fetched from the start, not after
    /// the scripts that load it.
    pub engine: Engine,
    /// The site's files (relative to the site root) the shell fetches first
    /// on this page, preloaded with the engine so they arrive beside it
    /// rather than after the scripts: the index and the part of it the route
    /// shows, and the file of a post or page.
    pub fetches: Vec<String>,
}

/// Which wasm module a page's shell starts with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    /// A list page: none until a view needs one.
    None,
    /// A post or page without templates: the reader's module (`pkg/`).
    Reader,
    /// A post or page that needs the template engines: the full module
    /// (`pkg-full/`) alone; `<main data-engine="full">` tells the shell.
    Full,
}

impl Engine {
    /// For a post or page: `needs_engines` is the core's rule, asked when the file was read.
    pub fn for_entry(needs_engines: bool) -> Engine {
        if needs_engines {
            Engine::Full
        } else {
            Engine::Reader
        }
    }

    /// The `<main>` attribute the shell reads (empty but for the full module).
    pub fn main_attribute(self) -> &'static str {
        match self {
            Engine::Full => " data-engine=\"full\"",
            Engine::None | Engine::Reader => "",
        }
    }
}

/// The engine's files, fetched ahead on a post's or page's page (the page
/// template preloads `js/quire.js` with the rest of the shell's modules).
const READER_PRELOAD: &str = concat!(
    "  <link rel=\"modulepreload\" href=\"pkg/quire.js\">\n",
    "  <link rel=\"preload\" href=\"pkg/quire_bg.wasm\" as=\"fetch\" type=\"application/wasm\" crossorigin>\n",
);
const FULL_PRELOAD: &str = concat!(
    "  <link rel=\"modulepreload\" href=\"pkg-full/quire.js\">\n",
    "  <link rel=\"preload\" href=\"pkg-full/quire_bg.wasm\" as=\"fetch\" type=\"application/wasm\" crossorigin>\n",
);

impl Head {
    fn tags(&self, config: &Config) -> String {
        let mut tags = String::new();
        let url = escape(&config.absolute(&self.path));
        let title = escape(&self.title);
        if let Some(description) = &self.description {
            let d = escape(description);
            let _ = writeln!(tags, "  <meta name=\"description\" content=\"{d}\">");
            let _ = writeln!(tags, "  <meta property=\"og:description\" content=\"{d}\">");
        }
        let _ = writeln!(tags, "  <link rel=\"canonical\" href=\"{url}\">");
        let _ = writeln!(tags, "  <meta property=\"og:title\" content=\"{title}\">");
        let _ = writeln!(
            tags,
            "  <meta property=\"og:type\" content=\"{}\">",
            self.og_type
        );
        let _ = writeln!(tags, "  <meta property=\"og:url\" content=\"{url}\">");
        let feed = escape(&format!("{}/feed.xml", config.baseurl));
        let site = escape(&config.title);
        let _ = writeln!(
            tags,
            "  <link rel=\"alternate\" type=\"application/atom+xml\" title=\"{site}\" href=\"{feed}\">"
        );
        match self.engine {
            Engine::None => {}
            Engine::Reader => tags.push_str(READER_PRELOAD),
            Engine::Full => tags.push_str(FULL_PRELOAD),
        }
        // `crossorigin`: the request mode and credentials of the shell's
        // `fetch`, so it takes the preloaded response instead of asking again.
        // The path goes in as it is (escaped): the browser resolves it against
        // <base> exactly as the shell's `new URL(path, SITE_ROOT)`.
        for file in &self.fetches {
            let _ = writeln!(
                tags,
                "  <link rel=\"preload\" href=\"{}\" as=\"fetch\" crossorigin>",
                escape(file)
            );
        }
        tags
    }
}

/// A post's date as the shell's `dateElement` writes it (js/blog/views.js),
/// its text in English until the shell shows it in the reader's locale.
fn date_element(date: &str) -> String {
    format!(
        "<time class=\"dt-published\" datetime=\"{}\">{}</time>",
        escape(date),
        escape(&display_date(date))
    )
}

/// A post's date, reading time, draft badge and tags, as the shell's
/// `postMeta` and `tagList` write them (js/blog/views.js), each line indented.
fn meta_and_tags(a: &mut String, meta: &quire::PostMeta, indent: &str) {
    let _ = writeln!(a, "{indent}<p class=\"post-meta\">");
    if let Some(date) = &meta.date {
        let _ = writeln!(a, "{indent}  {}", date_element(date));
    }
    let _ = writeln!(
        a,
        "{indent}  <span class=\"reading-time\">{} min read</span>",
        meta.reading_minutes.max(1)
    );
    if meta.draft {
        let _ = writeln!(
            a,
            "{indent}  <span class=\"badge badge-draft\">draft</span>"
        );
    }
    let _ = writeln!(a, "{indent}</p>");
    if !meta.tags.is_empty() {
        let _ = write!(a, "{indent}<ul class=\"tags\" aria-label=\"Tags\">");
        for tag in &meta.tags {
            let _ = write!(a, "<li>{}</li>", tag_link(tag));
        }
        a.push_str("</ul>\n");
    }
}

/// A post as the home page lists it, the shell's `summary` (js/blog/views.js):
/// title, date, tags, excerpt and a link to the rest; `shards`: the site's
/// route shard count, for the post's `data-shard`.
fn summary(entry: &Entry, shards: u32) -> String {
    let post = &entry.post;
    let link = href(&entry.permalink);
    let title = escape(&entry.title());
    let mut a = format!(
        "<li><article class=\"post-summary h-entry\" data-path=\"{}\" data-shard=\"{}\">\n",
        escape(&entry.path),
        quire::route_shard(&entry.permalink, shards)
    );
    let _ = writeln!(
        a,
        "  <h2 class=\"post-title p-name\"><a class=\"u-url\" href=\"{link}\">{title}</a></h2>"
    );
    meta_and_tags(&mut a, &post.meta, "  ");
    if !post.excerpt_html.is_empty() {
        let _ = writeln!(
            a,
            "  <div class=\"excerpt p-summary\">{}</div>",
            post.excerpt_html
        );
    }
    if post.has_more {
        let _ = writeln!(
            a,
            "  <p class=\"more\"><a href=\"{link}\" class=\"more-link\">Continue reading<span class=\"visually-hidden\">: {title}</span></a></p>"
        );
    }
    a.push_str("</article></li>\n");
    a
}

/// The post markup of docs/site-contract.md; `shards`: the site's route shard
/// count, for the `data-shard` of the links to the older and newer posts.
pub fn post_article(
    entry: &Entry,
    older: Option<&Entry>,
    newer: Option<&Entry>,
    shards: u32,
) -> String {
    let post = &entry.post;
    let mut a = String::new();
    let _ = writeln!(
        a,
        "<article class=\"post h-entry\" data-path=\"{}\">",
        escape(&entry.path)
    );
    a.push_str("  <header class=\"post-header\">\n");
    let _ = writeln!(
        a,
        "    <h1 class=\"post-title p-name\">{}</h1>",
        escape(&entry.title())
    );
    meta_and_tags(&mut a, &post.meta, "    ");
    a.push_str("  </header>\n");
    if post.toc.len() >= 3 {
        a.push_str("  <nav class=\"toc\" aria-labelledby=\"toc-title\">\n");
        a.push_str("    <h2 id=\"toc-title\">Contents</h2>\n    <ol>");
        for heading in &post.toc {
            let _ = write!(
                a,
                "<li class=\"toc-level-{}\"><a href=\"{}#{}\">{}</a></li>",
                heading.level,
                href(&entry.permalink),
                escape(&heading.id),
                escape(&heading.text)
            );
        }
        a.push_str("</ol>\n  </nav>\n");
    }
    let _ = writeln!(
        a,
        "  <div class=\"post-body e-content\">{}</div>",
        post.html
    );
    a.push_str("  <footer class=\"post-footer\">\n");
    if older.is_some() || newer.is_some() {
        a.push_str("    <nav class=\"post-nav\" aria-label=\"More posts\">\n");
        if let Some(older) = older {
            let _ = writeln!(
                a,
                "      <a class=\"prev\" rel=\"prev\" href=\"{}\" data-shard=\"{}\">← {}</a>",
                href(&older.permalink),
                quire::route_shard(&older.permalink, shards),
                escape(&older.title())
            );
        }
        if let Some(newer) = newer {
            let _ = writeln!(
                a,
                "      <a class=\"next\" rel=\"next\" href=\"{}\" data-shard=\"{}\">{} →</a>",
                href(&newer.permalink),
                quire::route_shard(&newer.permalink, shards),
                escape(&newer.title())
            );
        }
        a.push_str("    </nav>\n");
    }
    let _ = writeln!(
        a,
        "    <a class=\"edit-link\" href=\"edit/{}\">Edit this post</a>",
        href(&entry.permalink)
    );
    a.push_str("  </footer>\n</article>\n");
    a
}

/// A standalone page (`pages/*.md`): title and body.
pub fn page_article(entry: &Entry) -> String {
    format!(
        "<article class=\"post page\" data-path=\"{}\">\n  <header class=\"post-header\">\n    <h1 class=\"post-title\">{}</h1>\n  </header>\n  <div class=\"post-body\">{}</div>\n</article>\n",
        escape(&entry.path),
        escape(&entry.title()),
        same_page_links(&entry.post.html, &entry.permalink)
    )
}

/// `href="#x"` (footnotes, headings) would resolve against `<base>`, the
/// site root: point them at the page itself, so they work without script.
fn same_page_links(body: &str, permalink: &str) -> String {
    body.replace("href=\"#", &format!("href=\"{}#", href(permalink)))
}

/// The compact list of the tag and archive pages, as the shell's `postIndex`
/// (js/blog/views.js) writes it: each post's date and linked title, the link
/// with the post's route shard (`shards`: the site's shard count).
fn post_index(a: &mut String, entries: &[&Entry], shards: u32) {
    a.push_str("<ul class=\"post-index\">\n");
    for entry in entries {
        let _ = write!(a, "<li data-path=\"{}\">", escape(&entry.path));
        if let Some(date) = entry.post.meta.date.as_deref() {
            a.push_str(&date_element(date));
        }
        let _ = writeln!(
            a,
            " <a href=\"{}\" data-shard=\"{}\">{}</a></li>",
            href(&entry.permalink),
            quire::route_shard(&entry.permalink, shards),
            escape(&entry.title())
        );
    }
    a.push_str("</ul>\n");
}

/// A tag's page (`/tags/<slug>/`) as the shell's `tagView` writes it.
pub fn tag_article(tag: &str, entries: &[&Entry], shards: u32) -> String {
    let mut a = format!(
        "<h1 class=\"page-title\">Posts tagged “{}”</h1>\n",
        escape(tag)
    );
    post_index(&mut a, entries, shards);
    a.push_str("<p class=\"all-tags\"><a href=\"tags/\">All tags</a></p>\n");
    a
}

/// A year's page (`/archive/<year>/`) as the shell's `yearView` writes it.
pub fn year_article(year: &str, entries: &[&Entry], shards: u32) -> String {
    let mut a = format!("<h1 class=\"page-title\">Posts of {}</h1>\n", escape(year));
    post_index(&mut a, entries, shards);
    a.push_str("<p class=\"all-years\"><a href=\"archive/\">All years</a></p>\n");
    a
}

/// The archive (`/archive/`) as the shell's `archiveView` writes it: each
/// year (`None`: the undated posts, last) with its posts.
pub fn archive_article(years: &[(Option<&str>, Vec<&Entry>)], shards: u32) -> String {
    let mut a = String::from("<h1 class=\"page-title\">Archive</h1>\n");
    if years.is_empty() {
        a.push_str("<p class=\"status\">No posts yet.</p>\n");
    }
    for (year, entries) in years {
        match year {
            Some(year) => {
                let _ = writeln!(
                    a,
                    "<section class=\"archive-year\" aria-labelledby=\"year-{0}\">\n<h2 id=\"year-{0}\"><a href=\"{1}\">{0}</a></h2>",
                    escape(year),
                    href(&format!("/archive/{year}/"))
                );
            }
            None => a.push_str(
                "<section class=\"archive-year\" aria-labelledby=\"undated\">\n<h2 id=\"undated\">Undated</h2>\n",
            ),
        }
        post_index(&mut a, entries, shards);
        a.push_str("</section>\n");
    }
    a
}

/// A page of the home list (`/`, `/page/2/`…) as the shell's `homeView`
/// writes it: the site's description on the first, the posts' summaries,
/// and links to the newer and older pages.
pub fn home_article(
    config: &Config,
    entries: &[&Entry],
    (page, pages): (usize, usize),
    shards: u32,
) -> String {
    let mut a = if page == 1 {
        let mut a = format!(
            "<h1 class=\"page-title visually-hidden\">{}</h1>\n",
            escape(&config.title)
        );
        if let Some(description) = config
            .description
            .as_deref()
            .filter(|d| !d.trim().is_empty())
        {
            let _ = writeln!(
                a,
                "<p class=\"site-description\">{}</p>",
                escape(description)
            );
        }
        a
    } else {
        format!("<h1 class=\"page-title\">Posts, page {page} of {pages}</h1>\n")
    };
    if entries.is_empty() {
        a.push_str("<p class=\"status\">No posts yet.</p>\n");
    } else {
        a.push_str("<ol class=\"post-list\" aria-label=\"Posts\">\n");
        for entry in entries {
            a.push_str(&summary(entry, shards));
        }
        a.push_str("</ol>\n");
    }
    if pages > 1 {
        a.push_str("<nav class=\"pagination\" aria-label=\"Pages\">");
        let page_path = |n: usize| {
            if n == 1 {
                "/".to_string()
            } else {
                format!("/page/{n}/")
            }
        };
        if page > 1 {
            let _ = write!(
                a,
                "<a class=\"newer\" rel=\"prev\" href=\"{}\">← Newer posts</a>",
                href(&page_path(page - 1))
            );
        }
        let _ = write!(
            a,
            "<span class=\"page-number\">Page {page} of {pages}</span>"
        );
        if page < pages {
            let _ = write!(
                a,
                "<a class=\"older\" rel=\"next\" href=\"{}\">Older posts →</a>",
                href(&page_path(page + 1))
            );
        }
        a.push_str("</nav>\n");
    }
    a
}

/// The tag index: each tag with its post count.
pub fn tags_article(tags: &[(String, String, usize)]) -> String {
    if tags.is_empty() {
        return "<h1 class=\"page-title\">Tags</h1>\n<p class=\"status\">No tags yet.</p>\n".into();
    }
    let mut a = String::from("<h1 class=\"page-title\">Tags</h1>\n<ul class=\"tag-index\">");
    for (tag, slug, count) in tags {
        let posts = if *count == 1 {
            "1 post".to_string()
        } else {
            format!("{count} posts")
        };
        let _ = write!(
            a,
            "<li><a rel=\"tag\" href=\"tags/{}/\">{}</a> <span class=\"count\">{posts}</span></li>",
            href(slug),
            escape(tag)
        );
    }
    a.push_str("</ul>\n");
    a
}

/// The content of `search/index.html`: the shell's search page (`js/blog/search.js`)
/// before it takes over, and for readers without script a form that says why it does
/// nothing more.
pub fn search_article() -> String {
    concat!(
        "<section class=\"search-page\">\n",
        "  <h1 class=\"page-title\">Search</h1>\n",
        "  <form class=\"search-page-form\" role=\"search\" action=\"search/\" method=\"get\">\n",
        "    <label for=\"search-page-q\">Search the posts</label>\n",
        "    <span class=\"search-page-row\"><input type=\"search\" name=\"q\" id=\"search-page-q\" autocomplete=\"off\" spellcheck=\"false\"> ",
        "<button type=\"submit\">Search</button></span>\n",
        "  </form>\n",
        "  <noscript><p class=\"status is-error\">Search runs in your browser: please enable JavaScript.</p></noscript>\n",
        "</section>\n",
    )
    .to_string()
}

/// The content of `404.html` before the shell takes over.
pub fn not_found_article() -> String {
    "<article class=\"not-found\">\n  <h1>Page not found</h1>\n  <p>Loading…</p>\n</article>\n"
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hrefs_are_encoded_like_encode_uri_component() {
        assert_eq!(href("/2024/01/15/a b/"), "2024/01/15/a%20b/");
        assert_eq!(href("/javascript:alert(1)"), "javascript%3Aalert(1)");
        assert_eq!(href("/café/"), "caf%C3%A9/");
        assert_eq!(href("/"), "./");
        assert_eq!(tag_link("++"), "<span>++</span>");
    }

    #[test]
    fn escape_covers_text_and_attributes() {
        assert_eq!(
            escape(r#"<a href="x">'&'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
    }

    #[test]
    fn dates_display_as_the_day_written() {
        assert_eq!(display_date("2024-01-15"), "Jan 15, 2024");
        assert_eq!(display_date("2024-12-31T23:30:00-08:00"), "Dec 31, 2024");
        assert_eq!(display_date("someday"), "someday");
    }
}
