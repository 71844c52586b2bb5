//! Where a post or page lives: Jekyll permalink patterns expanded.

use super::config::SiteConfig;
use crate::calendar::{DAYS, DateParts, MONTHS};
use crate::{PostMeta, slugify};
use serde_json::{Map, Value};

/// What a post's permalink is made of (borrowed from a [`PostMeta`], or from the
/// fields of one the browser holds).
#[derive(Debug, Clone, Copy)]
pub struct PermalinkParts<'a> {
    pub slug: &'a str,
    pub categories: &'a [String],
    /// The post's date as the core normalizes it.
    pub date: Option<&'a str>,
    /// Front matter `permalink`: a pattern of its own, wins over the site's.
    pub permalink: Option<&'a str>,
}

impl<'a> PermalinkParts<'a> {
    pub fn of(post: &'a PostMeta) -> PermalinkParts<'a> {
        PermalinkParts {
            slug: &post.slug,
            categories: &post.categories,
            date: post.date.as_deref(),
            permalink: front_matter_permalink(&post.front_matter),
        }
    }
}

/// Front matter `permalink`, if it is a non-blank string.
pub fn front_matter_permalink(front_matter: &Map<String, Value>) -> Option<&str> {
    match front_matter.get("permalink") {
        Some(Value::String(p)) if !p.trim().is_empty() => Some(p.trim()),
        _ => None,
    }
}

/// A post's site path: its own `permalink` pattern, else the site's.
pub fn post_permalink(post: PermalinkParts<'_>, config: &SiteConfig) -> String {
    expand_permalink(post.permalink.unwrap_or(&config.permalink), post)
}

/// A standalone page's site path: its own `permalink`, else `/slug/`.
pub fn page_permalink(post: PermalinkParts<'_>) -> String {
    match post.permalink {
        Some(p) => clean_site_path(p),
        None => clean_site_path(&format!("/{}/", post.slug)),
    }
}

/// Jekyll's named permalink styles; any other text is a pattern.
pub fn expand_style(permalink: &str) -> &str {
    match permalink {
        "date" => "/:categories/:year/:month/:day/:title:output_ext",
        "pretty" => "/:categories/:year/:month/:day/:title/",
        "ordinal" => "/:categories/:year/:y_day/:title:output_ext",
        "weekdate" => "/:categories/:year/W:week/:short_day/:title:output_ext",
        "none" => "/:categories/:title:output_ext",
        other => other,
    }
}

/// The placeholders of a pattern, longest first, so `:i_month` is never
/// read as `:i` + `_month` nor `:short_year` as `:short` + `_year`.
const PLACEHOLDERS: [&str; 21] = [
    ":short_month",
    ":long_month",
    ":categories",
    ":output_ext",
    ":short_year",
    ":short_day",
    ":long_day",
    ":i_month",
    ":minute",
    ":second",
    ":w_year",
    ":i_day",
    ":y_day",
    ":w_day",
    ":month",
    ":title",
    ":year",
    ":week",
    ":slug",
    ":hour",
    ":day",
];

/// Expands a Jekyll permalink pattern for a post, in one pass (a value is
/// never read as a placeholder). Date parts are the date as written (a
/// date without an offset is already wall-clock time in the site's zone);
/// an undated post has them empty. The result is a clean site path.
pub fn expand_permalink(pattern: &str, post: PermalinkParts<'_>) -> String {
    let slug = if post.slug.is_empty() {
        "post"
    } else {
        post.slug
    };
    let date = post.date.and_then(DateParts::parse);
    let value = |key: &str| -> String {
        let two = |n: u32| format!("{n:02}");
        match (key, date) {
            (":categories", _) => post
                .categories
                .iter()
                .map(|c| slugify(c))
                .filter(|c| !c.is_empty())
                .collect::<Vec<_>>()
                .join("/"),
            (":output_ext", _) => ".html".into(),
            (":title" | ":slug", _) => slug.into(),
            (_, None) => String::new(),
            (":year", Some(d)) => d.year.to_string(),
            (":short_year", Some(d)) => two(d.year.rem_euclid(100) as u32),
            (":month", Some(d)) => two(d.month),
            (":i_month", Some(d)) => d.month.to_string(),
            (":short_month", Some(d)) => MONTHS[d.month as usize - 1][..3].into(),
            (":long_month", Some(d)) => MONTHS[d.month as usize - 1].into(),
            (":day", Some(d)) => two(d.day),
            (":i_day", Some(d)) => d.day.to_string(),
            (":y_day", Some(d)) => format!("{:03}", d.ordinal()),
            (":short_day", Some(d)) => DAYS[d.weekday() as usize - 1][..3].into(),
            (":long_day", Some(d)) => DAYS[d.weekday() as usize - 1].into(),
            (":w_day", Some(d)) => d.weekday().to_string(),
            (":week", Some(d)) => two(d.iso_week().1),
            (":w_year", Some(d)) => d.iso_week().0.to_string(),
            (":hour", Some(d)) => two(d.hour),
            (":minute", Some(d)) => two(d.minute),
            (":second", Some(d)) => two(d.second),
            _ => unreachable!("every placeholder has a value"),
        }
    };
    let mut out = String::with_capacity(pattern.len() + slug.len());
    let mut rest = pattern;
    while let Some(at) = rest.find(':') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        match PLACEHOLDERS.iter().find(|p| rest.starts_with(*p)) {
            Some(p) => {
                out.push_str(&value(p));
                rest = &rest[p.len()..];
            }
            None => {
                out.push(':');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    clean_site_path(&out)
}

/// One leading `/`, no empty segments, a trailing `/` kept.
pub fn clean_site_path(path: &str) -> String {
    let trailing = path.ends_with('/');
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let mut out = format!("/{}", segments.join("/"));
    if trailing && out != "/" {
        out.push('/');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts<'a>(slug: &'a str, categories: &'a [String], date: &'a str) -> PermalinkParts<'a> {
        PermalinkParts {
            slug,
            categories,
            date: Some(date),
            permalink: None,
        }
    }

    #[test]
    fn the_default_permalink_is_jekylls() {
        let config = SiteConfig::default();
        let got = post_permalink(parts("hello-world", &[], "2024-01-05"), &config);
        assert_eq!(got, "/2024/01/05/hello-world/");
    }

    #[test]
    fn placeholders_do_not_eat_each_other() {
        let categories = ["Dev Notes".to_string()];
        let got = expand_permalink(
            "/:categories/:short_year/:i_month/:i_day/:title:output_ext",
            parts("a", &categories, "2024-03-07"),
        );
        assert_eq!(got, "/dev-notes/24/3/7/a.html");
    }

    #[test]
    fn the_date_parts_are_the_date_as_written_whatever_its_offset() {
        let got = expand_permalink(
            "/:year/:month/:day/:hour:minute/",
            parts("a", &[], "2024-12-31T23:30:00-05:00"),
        );
        assert_eq!(got, "/2024/12/31/2330/");
    }

    #[test]
    fn the_weekdate_style_names_the_iso_week_and_day() {
        let got = expand_permalink(expand_style("weekdate"), parts("a", &[], "2024-03-07"));
        assert_eq!(got, "/2024/W10/Thu/a.html");
    }

    #[test]
    fn an_undated_post_has_empty_date_parts_and_an_unknown_placeholder_stays() {
        let undated = PermalinkParts {
            slug: "",
            categories: &[],
            date: None,
            permalink: None,
        };
        assert_eq!(
            expand_permalink("/:year/:nope/:slug/", undated),
            "/:nope/post/"
        );
    }

    #[test]
    fn a_page_lives_at_its_slug_unless_it_names_a_permalink() {
        let mut page = parts("about", &[], "2024-01-01");
        assert_eq!(page_permalink(page), "/about/");
        page.permalink = Some("//me//");
        assert_eq!(page_permalink(page), "/me/");
    }
}
