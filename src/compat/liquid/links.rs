//! `{% post_url %}` and `{% link %}`: permalinks of the site's posts and
//! pages, with the site's `baseurl` in front as Jekyll does.

use super::super::{PageRef, SiteContext};

/// The URL of the post named `name` (`2010-07-21-name`, maybe in a folder,
/// maybe with an unpadded date).
pub(super) fn post_url(site: &SiteContext, name: &str) -> Option<String> {
    let wanted = name.trim().trim_matches(|c| c == '"' || c == '\'');
    let wanted = wanted.rsplit('/').next().unwrap_or(wanted);
    let wanted = split_date(wanted);
    site.posts
        .iter()
        .find(|post| {
            let file = post.path.rsplit('/').next().unwrap_or(&post.path);
            let stem = file.rsplit_once('.').map_or(file, |(stem, _)| stem);
            split_date(stem) == wanted
        })
        .map(|post| with_base(site, &post.url))
}

/// `2010-7-21-name` -> `(Some((2010, 7, 21)), "name")`.
fn split_date(stem: &str) -> (Option<(u32, u32, u32)>, &str) {
    let mut parts = stem.splitn(4, '-');
    let mut number = || parts.next().and_then(|p| p.parse::<u32>().ok());
    if let (Some(y), Some(m), Some(d)) = (number(), number(), number())
        && let Some(rest) = stem.splitn(4, '-').nth(3)
    {
        return (Some((y, m, d)), rest);
    }
    (None, stem)
}

/// The URL of the post or page at `path` (`_posts/x.md`, `pages/about.md`,
/// `about.md`): Jekyll's `_posts/` is Quire's `posts/`, and a collection's
/// `_docs/x.md` is a page at `docs/x.md` (Quire has no collections); the
/// path may be a suffix of the site path.
pub(super) fn link(site: &SiteContext, path: &str) -> Option<String> {
    let path = path.trim().trim_matches(|c| c == '"' || c == '\'');
    let path = path.trim_start_matches("./").trim_start_matches('/');
    let path = match path.strip_prefix("_posts/") {
        Some(rest) => format!("posts/{rest}"),
        None => path.strip_prefix('_').unwrap_or(path).to_string(),
    };
    if path.is_empty() {
        return None;
    }
    let all = || site.posts.iter().chain(&site.pages);
    let exact = all().find(|p: &&PageRef| p.path == path);
    let found = exact.or_else(|| {
        all().find(|p| {
            p.path
                .strip_suffix(path.as_str())
                .is_some_and(|before| before.is_empty() || before.ends_with('/'))
        })
    });
    found.map(|p| with_base(site, &p.url))
}

fn with_base(site: &SiteContext, url: &str) -> String {
    let base = site
        .config
        .get("baseurl")
        .and_then(|v| v.as_str())
        .unwrap_or("")
        .trim_end_matches('/');
    if base.is_empty() {
        url.to_string()
    } else {
        super::filters::relative_url(url, base)
    }
}
