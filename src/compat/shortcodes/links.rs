//! Links to other posts and pages by their file: Hugo's `ref`/`relref` and
//! Zola's `@/` links, resolved through the site's post and page lists.

use crate::compat::{PageRef, SiteContext};
use serde_json::Value;

/// The page `path` names (Hugo's or Zola's path of a content file, with or
/// without `content/`, `.md`, or a bundle's `index.md`), or `None`.
pub(super) fn find<'s>(path: &str, site: &'s SiteContext) -> Option<&'s PageRef> {
    let path = path.trim().trim_start_matches("./").trim_start_matches('/');
    let path = path.strip_prefix("content/").unwrap_or(path);
    if path.is_empty() {
        return None;
    }
    let mut candidates = vec![path.to_string()];
    if let Some(stem) = path.strip_suffix(".md") {
        if let Some(dir) = stem
            .strip_suffix("/index")
            .or_else(|| stem.strip_suffix("/_index"))
        {
            candidates.push(format!("{dir}.md"));
        } else {
            candidates.push(format!("{stem}/index.md"));
        }
    } else {
        let bare = path.trim_end_matches('/');
        candidates.push(format!("{bare}.md"));
        candidates.push(format!("{bare}/index.md"));
        candidates.push(format!("{bare}/_index.md"));
    }
    let all = || site.posts.iter().chain(site.pages.iter());
    for candidate in &candidates {
        if let Some(exact) = all().find(|page| page.path == *candidate) {
            return Some(exact);
        }
    }
    candidates
        .iter()
        .flat_map(|candidate| {
            let suffix = format!("/{candidate}");
            all().filter(move |page| page.path.ends_with(&suffix))
        })
        .min_by_key(|page| page.path.len())
}

/// `page`'s URL from the site root, with the base URL (`/blog/2020/x/`).
pub(super) fn relative(page: &PageRef, site: &SiteContext) -> String {
    let base = site
        .config
        .get("baseurl")
        .and_then(Value::as_str)
        .unwrap_or("")
        .trim_end_matches('/');
    let url = &page.url;
    if url.starts_with('/') {
        format!("{base}{url}")
    } else {
        format!("{base}/{url}")
    }
}

/// `page`'s absolute URL, with the site's `url`.
pub(super) fn absolute(page: &PageRef, site: &SiteContext) -> String {
    let host = site
        .config
        .get("url")
        .and_then(Value::as_str)
        .unwrap_or("")
        .trim_end_matches('/');
    format!("{host}{}", relative(page, site))
}

/// Resolves `target` (`path#anchor`) to a URL, or why not.
pub(super) fn resolve(
    target: &str,
    absolute_url: bool,
    site: &SiteContext,
) -> Result<String, String> {
    let (path, anchor) = match target.find('#') {
        Some(at) => target.split_at(at),
        None => (target, ""),
    };
    if path.is_empty() {
        return Ok(anchor.to_string());
    }
    let page = find(path, site).ok_or_else(|| format!("no post or page is {path:?}"))?;
    let url = if absolute_url {
        absolute(page, site)
    } else {
        relative(page, site)
    };
    Ok(format!("{url}{anchor}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn site() -> SiteContext {
        let mut site = SiteContext::default();
        site.config
            .insert("url".into(), json!("https://example.com"));
        site.config.insert("baseurl".into(), json!("/blog"));
        for (path, url) in [
            ("posts/x.md", "/2020/01/01/x/"),
            ("posts/inside-rust/y/index.md", "/inside-rust/y/"),
            ("posts/inside-rust/z.md", "/inside-rust/z/"),
            ("pages/about.md", "/about/"),
        ] {
            site.posts.push(PageRef {
                path: path.into(),
                url: url.into(),
                ..PageRef::default()
            });
        }
        site
    }

    #[test]
    fn hugo_and_zola_paths_find_quire_s_posts_by_suffix() {
        let site = site();
        assert_eq!(
            find("content/posts/x.md", &site).unwrap().url,
            "/2020/01/01/x/"
        );
        assert_eq!(find("posts/x", &site).unwrap().url, "/2020/01/01/x/");
        assert_eq!(find("x.md", &site).unwrap().url, "/2020/01/01/x/");
        assert_eq!(
            find("inside-rust/y/index.md", &site).unwrap().url,
            "/inside-rust/y/"
        );
        assert_eq!(
            find("inside-rust/y.md", &site).unwrap().url,
            "/inside-rust/y/"
        );
        assert_eq!(find("/about", &site).unwrap().url, "/about/");
        assert!(find("nowhere.md", &site).is_none());
        assert!(find("", &site).is_none());
    }

    #[test]
    fn ref_is_absolute_and_relref_relative_and_anchors_stay() {
        let site = site();
        assert_eq!(
            resolve("inside-rust/z.md#plans", true, &site).unwrap(),
            "https://example.com/blog/inside-rust/z/#plans"
        );
        assert_eq!(
            resolve("inside-rust/z.md#plans", false, &site).unwrap(),
            "/blog/inside-rust/z/#plans"
        );
        assert_eq!(resolve("#here", false, &site).unwrap(), "#here");
        assert!(resolve("missing.md", false, &site).is_err());
    }
}
