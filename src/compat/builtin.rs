//! Includes Quire knows without the site's `_includes/`: the ones Jekyll
//! themes (Minimal Mistakes and its kin) ship and posts call, such as
//! `figure`, `video`, `gallery` and `toc`, so imported posts render without
//! copying the theme.
//!
//! Each returns its HTML on one line with no blank line inside, so Markdown
//! keeps it as one HTML block (or inline HTML mid-paragraph).

use super::embed::{self, escape, markdown_inline};
use super::{Page, SiteContext};
use serde_json::{Map, Value};

/// What `{% include toc %}` becomes: kramdown's own table of contents
/// marker, which the kramdown `{:toc}` stage replaces.
pub(crate) const TOC: &str = "\n* TOC\n{:toc}\n\n";

/// The HTML (or Markdown) of the built-in include `name` called with
/// `params` from `page`; `None` when Quire has no such include.
pub(crate) fn include(
    name: &str,
    params: &Map<String, Value>,
    page: &Page,
    site: &SiteContext,
) -> Option<String> {
    let name = name.trim();
    let name = name.strip_suffix(".html").unwrap_or(name);
    match name {
        "toc" => Some(TOC.to_string()),
        "figure" => Some(figure(params, site)),
        "video" | "responsive_video" | "responsive-video" => Some(video(params)),
        "gallery" => Some(gallery(params, page, site)),
        "feature_row" => Some(feature_row(params, page, site)),
        _ => None,
    }
}

/// A parameter as text: strings as they are, numbers and booleans written
/// out; missing, `null`, `false` and empty strings are `None`.
fn text<'a>(map: &'a Map<String, Value>, key: &str) -> Option<std::borrow::Cow<'a, str>> {
    match map.get(key)? {
        Value::String(s) if !s.is_empty() => Some(std::borrow::Cow::Borrowed(s)),
        Value::Number(n) => Some(std::borrow::Cow::Owned(n.to_string())),
        Value::Bool(true) => Some(std::borrow::Cow::Borrowed("true")),
        _ => None,
    }
}

/// Jekyll's `relative_url`: a path from the site root gets the base URL.
pub(crate) fn relative_url(url: &str, site: &SiteContext) -> String {
    if url.starts_with('/') && !url.starts_with("//") {
        let base = site
            .config
            .get("baseurl")
            .and_then(Value::as_str)
            .unwrap_or("");
        format!("{}{url}", base.trim_end_matches('/'))
    } else {
        url.to_string()
    }
}

fn unsupported(what: &str) -> String {
    format!(
        "<span class=\"quire-unsupported\" title=\"{}\">{}</span>",
        escape(what),
        escape(what)
    )
}

fn figure(params: &Map<String, Value>, site: &SiteContext) -> String {
    let mut out = String::from("<figure");
    if let Some(class) = text(params, "class") {
        out.push_str(&format!(" class=\"{}\"", escape(&class)));
    }
    out.push('>');
    let src = text(params, "image_path")
        .map(|p| relative_url(&p, site))
        .unwrap_or_default();
    let link = text(params, "url")
        .map(|u| relative_url(&u, site))
        .or_else(|| text(params, "popup").map(|_| src.clone()));
    if let Some(link) = &link {
        out.push_str(&format!("<a href=\"{}\">", escape(link)));
    }
    out.push_str(&format!(
        "<img src=\"{}\" alt=\"{}\">",
        escape(&src),
        escape(&text(params, "alt").unwrap_or_default())
    ));
    if link.is_some() {
        out.push_str("</a>");
    }
    if let Some(caption) = text(params, "caption") {
        out.push_str(&format!(
            "<figcaption>{}</figcaption>",
            markdown_inline(&caption)
        ));
    }
    out.push_str("</figure>");
    out
}

fn video(params: &Map<String, Value>) -> String {
    let id = text(params, "id").unwrap_or_default();
    let provider = text(params, "provider").unwrap_or(std::borrow::Cow::Borrowed("youtube"));
    let title = text(params, "title");
    let options = embed::Options {
        title: title.as_deref(),
        ..embed::Options::default()
    };
    let result = match provider.as_ref() {
        "youtube" => embed::youtube(&id, &options),
        "vimeo" => embed::vimeo(&id, &options),
        "streamable" => embed::streamable(&id, &options),
        other => Err(format!("video provider {other} is not supported")),
    };
    result.unwrap_or_else(|why| unsupported(&why))
}

/// The front matter list `key` of `page` (a gallery or a feature row).
fn items<'a>(page: &'a Page, key: &str) -> &'a [Value] {
    page.get(key)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

fn gallery(params: &Map<String, Value>, page: &Page, site: &SiteContext) -> String {
    let key = text(params, "id").unwrap_or(std::borrow::Cow::Borrowed("gallery"));
    let images = items(page, &key);
    let layout = match text(params, "layout") {
        Some(layout) => layout.into_owned(),
        None if images.len() == 2 => "half".into(),
        None if images.len() >= 3 => "third".into(),
        None => String::new(),
    };
    let mut class = String::from("gallery");
    for extra in [Some(layout.as_str()), text(params, "class").as_deref()]
        .into_iter()
        .flatten()
    {
        if !extra.trim().is_empty() {
            class.push(' ');
            class.push_str(extra.trim());
        }
    }
    let mut out = format!("<figure class=\"{}\">", escape(&class));
    for image in images {
        let Some(image) = image.as_object() else {
            continue;
        };
        let src = text(image, "image_path")
            .map(|p| relative_url(&p, site))
            .unwrap_or_default();
        let img = format!(
            "<img src=\"{}\" alt=\"{}\">",
            escape(&src),
            escape(&text(image, "alt").unwrap_or_default())
        );
        match text(image, "url") {
            Some(url) => out.push_str(&format!(
                "<a href=\"{}\" title=\"{}\">{img}</a>",
                escape(&relative_url(&url, site)),
                escape(&text(image, "title").unwrap_or_default())
            )),
            None => out.push_str(&img),
        }
    }
    if let Some(caption) = text(params, "caption") {
        out.push_str(&format!(
            "<figcaption>{}</figcaption>",
            markdown_inline(&caption)
        ));
    }
    out.push_str("</figure>");
    out
}

fn feature_row(params: &Map<String, Value>, page: &Page, site: &SiteContext) -> String {
    let key = text(params, "id").unwrap_or(std::borrow::Cow::Borrowed("feature_row"));
    let kind = text(params, "type")
        .map(|t| format!(" feature__item--{}", t))
        .unwrap_or_default();
    let mut out = String::from("<div class=\"feature__wrapper\">");
    for item in items(page, &key) {
        let Some(item) = item.as_object() else {
            continue;
        };
        out.push_str(&format!(
            "<div class=\"feature__item{}\"><div class=\"archive__item\">",
            escape(&kind)
        ));
        if let Some(image) = text(item, "image_path") {
            out.push_str(&format!(
                "<div class=\"archive__item-teaser\"><img src=\"{}\" alt=\"{}\"></div>",
                escape(&relative_url(&image, site)),
                escape(&text(item, "alt").unwrap_or_default())
            ));
        }
        out.push_str("<div class=\"archive__item-body\">");
        if let Some(title) = text(item, "title") {
            out.push_str(&format!(
                "<h2 class=\"archive__item-title\">{}</h2>",
                escape(&title)
            ));
        }
        if let Some(excerpt) = text(item, "excerpt") {
            out.push_str(&format!(
                "<div class=\"archive__item-excerpt\">{}</div>",
                markdown_inline(&excerpt)
            ));
        }
        if let Some(url) = text(item, "url") {
            out.push_str(&format!(
                "<p><a href=\"{}\" class=\"{}\">{}</a></p>",
                escape(&relative_url(&url, site)),
                escape(&text(item, "btn_class").unwrap_or(std::borrow::Cow::Borrowed("btn"))),
                escape(
                    &text(item, "btn_label").unwrap_or(std::borrow::Cow::Borrowed("Learn more"))
                )
            ));
        }
        out.push_str("</div></div></div>");
    }
    out.push_str("</div>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn params(value: Value) -> Map<String, Value> {
        value.as_object().cloned().unwrap()
    }

    #[test]
    fn unknown_includes_are_left_to_the_site() {
        assert_eq!(
            include(
                "author-profile.html",
                &Map::new(),
                &Page::new(),
                &SiteContext::default()
            ),
            None
        );
    }

    #[test]
    fn toc_is_kramdown_s_marker_for_the_toc_stage() {
        let out = include(
            "toc",
            &params(json!({"title": "Getting Started"})),
            &Page::new(),
            &SiteContext::default(),
        );
        assert_eq!(out.as_deref(), Some("\n* TOC\n{:toc}\n\n"));
        assert_eq!(
            include(
                "toc.html",
                &Map::new(),
                &Page::new(),
                &SiteContext::default()
            )
            .as_deref(),
            Some(TOC)
        );
    }

    #[test]
    fn figure_has_its_image_link_and_markdown_caption_under_the_base_url() {
        let mut site = SiteContext::default();
        site.config.insert("baseurl".into(), json!("/blog"));
        let out = include(
            "figure",
            &params(json!({"image_path": "/assets/a.jpg", "alt": "A \"cat\"", "caption": "A **bold** <cat>", "class": "half", "url": "https://example.com/"})),
            &Page::new(),
            &site,
        )
        .unwrap();
        assert_eq!(
            out,
            "<figure class=\"half\"><a href=\"https://example.com/\"><img src=\"/blog/assets/a.jpg\" alt=\"A &quot;cat&quot;\"></a><figcaption>A <strong>bold</strong> <cat></figcaption></figure>"
        );
        let cleaned = crate::clean_html(&out);
        assert!(cleaned.contains("<strong>bold</strong>"));
    }

    #[test]
    fn figure_with_a_javascript_url_is_not_a_clickable_javascript_link() {
        let out = include(
            "figure",
            &params(json!({"image_path": "a.jpg", "url": "javascript:alert(1)"})),
            &Page::new(),
            &SiteContext::default(),
        )
        .unwrap();
        assert!(
            !crate::clean_html(&out)
                .to_ascii_lowercase()
                .contains("javascript:")
        );
    }

    #[test]
    fn video_embeds_youtube_and_vimeo_and_refuses_bad_ids() {
        let out = include(
            "responsive_video",
            &params(json!({"id": "XsxDH4HcOWA", "provider": "youtube"})),
            &Page::new(),
            &SiteContext::default(),
        )
        .unwrap();
        assert!(out.contains("https://www.youtube-nocookie.com/embed/XsxDH4HcOWA"));
        let out = include(
            "video",
            &params(json!({"id": 97649261, "provider": "vimeo"})),
            &Page::new(),
            &SiteContext::default(),
        )
        .unwrap();
        assert!(out.contains("https://player.vimeo.com/video/97649261?dnt=1"));
        let out = include(
            "video",
            &params(json!({"id": "\"><script>", "provider": "youtube"})),
            &Page::new(),
            &SiteContext::default(),
        )
        .unwrap();
        assert!(
            !out.contains("<iframe")
                && !out.contains("<script")
                && out.contains("quire-unsupported")
        );
    }

    #[test]
    fn gallery_links_the_front_matter_images_and_picks_a_layout() {
        let mut page = Page::new();
        page.insert(
            "gallery2".into(),
            json!([
                {"url": "/a.jpg", "image_path": "/a-th.jpg", "alt": "one", "title": "One"},
                {"image_path": "https://example.com/b.jpg", "alt": "two"}
            ]),
        );
        let out = include(
            "gallery",
            &params(json!({"id": "gallery2", "caption": "Two *images*."})),
            &page,
            &SiteContext::default(),
        )
        .unwrap();
        assert_eq!(
            out,
            "<figure class=\"gallery half\"><a href=\"/a.jpg\" title=\"One\"><img src=\"/a-th.jpg\" alt=\"one\"></a><img src=\"https://example.com/b.jpg\" alt=\"two\"><figcaption>Two <em>images</em>.</figcaption></figure>"
        );
        let empty = include(
            "gallery",
            &Map::new(),
            &Page::new(),
            &SiteContext::default(),
        )
        .unwrap();
        assert_eq!(empty, "<figure class=\"gallery\"></figure>");
    }

    #[test]
    fn feature_row_lists_its_items() {
        let mut page = Page::new();
        page.insert("feature_row".into(), json!([{"image_path": "/f.png", "title": "Fast", "excerpt": "Very *fast*", "url": "/fast/"}]));
        let out = include("feature_row", &Map::new(), &page, &SiteContext::default()).unwrap();
        assert!(out.contains("<h2 class=\"archive__item-title\">Fast</h2>"));
        assert!(out.contains("Very <em>fast</em>"));
        assert!(out.contains("<a href=\"/fast/\" class=\"btn\">Learn more</a>"));
    }
}
