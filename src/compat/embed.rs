//! The HTML of embedded media, shared by Hugo's and Zola's shortcodes and
//! the built-in theme includes, so a video looks the same whichever way a
//! post asks for it.
//!
//! Embeds are privacy-friendly: YouTube through `youtube-nocookie.com`,
//! Vimeo with `dnt=1`, each in a lazy, sandboxed `<iframe>` (the sandbox is
//! the one [`crate::clean_html`] forces on every frame, written here too so
//! the output reads the same before and after cleaning). Gists and tweets
//! need their site's script to embed, which Quire never runs: they become
//! links.

/// The sandbox `clean_html` puts on every `<iframe>` (keep in step with
/// `src/sanitize.rs`).
pub(crate) const SANDBOX: &str = "allow-scripts allow-same-origin allow-popups allow-presentation";

// `text` with `& < > " '` escaped, for HTML text and attribute values: the
// core's one rule, under the name the shortcodes and includes use.
pub(crate) use crate::escape::escape_html as escape;

/// Whether `id` is a plausible media id: 1 to 128 of `[A-Za-z0-9_-]`.
pub(crate) fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 128
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// An embed's options beyond its id.
#[derive(Default)]
pub(crate) struct Options<'a> {
    pub title: Option<&'a str>,
    pub class: Option<&'a str>,
    pub autoplay: bool,
}

fn frame(provider: &str, src: &str, default_title: &str, options: &Options<'_>) -> String {
    let title = options
        .title
        .filter(|t| !t.trim().is_empty())
        .unwrap_or(default_title);
    let mut class = format!("quire-embed quire-embed--{provider}");
    if let Some(extra) = options.class.filter(|c| !c.trim().is_empty()) {
        class.push(' ');
        class.push_str(extra.trim());
    }
    format!(
        "<div class=\"{}\"><iframe src=\"{}\" title=\"{}\" loading=\"lazy\" allow=\"fullscreen; picture-in-picture\" allowfullscreen sandbox=\"{SANDBOX}\"></iframe></div>",
        escape(&class),
        escape(src),
        escape(title)
    )
}

/// A YouTube video, or why not.
pub(crate) fn youtube(id: &str, options: &Options<'_>) -> Result<String, String> {
    if !valid_id(id) {
        return Err(format!(
            "YouTube id {id:?} is not valid (only letters, digits, _ and -)"
        ));
    }
    let mut src = format!("https://www.youtube-nocookie.com/embed/{id}");
    if options.autoplay {
        src.push_str("?autoplay=1");
    }
    Ok(frame("youtube", &src, "YouTube video", options))
}

/// A Vimeo video, or why not.
pub(crate) fn vimeo(id: &str, options: &Options<'_>) -> Result<String, String> {
    if !valid_id(id) {
        return Err(format!(
            "Vimeo id {id:?} is not valid (only letters, digits, _ and -)"
        ));
    }
    let mut src = format!("https://player.vimeo.com/video/{id}?dnt=1");
    if options.autoplay {
        src.push_str("&autoplay=1");
    }
    Ok(frame("vimeo", &src, "Vimeo video", options))
}

/// A Streamable video, or why not.
pub(crate) fn streamable(id: &str, options: &Options<'_>) -> Result<String, String> {
    if !valid_id(id) {
        return Err(format!(
            "Streamable id {id:?} is not valid (only letters, digits, _ and -)"
        ));
    }
    let src = format!("https://streamable.com/o/{id}");
    Ok(frame("streamable", &src, "Streamable video", options))
}

fn link(provider: &str, href: &str, text: &str) -> String {
    format!(
        "<p class=\"quire-embed quire-embed--{provider}\"><a href=\"{}\">{}</a></p>",
        escape(href),
        escape(text)
    )
}

/// A gist, as a link to it (embedding it needs GitHub's script).
pub(crate) fn gist(user: &str, id: &str, file: Option<&str>) -> Result<String, String> {
    if !valid_id(user) || !valid_id(id) {
        return Err(format!("gist {user:?}/{id:?} is not a valid user and id"));
    }
    let file = file.filter(|f| !f.is_empty());
    let href = match file {
        Some(file) => format!("https://gist.github.com/{user}/{id}#file-{}", anchor(file)),
        None => format!("https://gist.github.com/{user}/{id}"),
    };
    let text = match file {
        Some(file) => format!("View {file} of gist {user}/{id} on GitHub"),
        None => format!("View gist {user}/{id} on GitHub"),
    };
    Ok(link("gist", &href, &text))
}

/// Zola's `gist(url=…)`: the url must be a gist's.
pub(crate) fn gist_url(url: &str, file: Option<&str>) -> Result<String, String> {
    let rest = url
        .strip_prefix("https://gist.github.com/")
        .ok_or_else(|| format!("gist url {url:?} is not https://gist.github.com/USER/ID"))?;
    let mut parts = rest.trim_end_matches('/').split('/');
    match (parts.next(), parts.next(), parts.next()) {
        (Some(user), Some(id), None) => gist(user, id, file),
        (Some(id), None, None) if valid_id(id) => {
            let href = format!("https://gist.github.com/{id}");
            Ok(link("gist", &href, &format!("View gist {id} on GitHub")))
        }
        _ => Err(format!(
            "gist url {url:?} is not https://gist.github.com/USER/ID"
        )),
    }
}

/// GitHub's anchor for a gist's file: lowercase, `.` and other punctuation
/// as `-`.
fn anchor(file: &str) -> String {
    file.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect()
}

/// A post on X (Twitter), as a link (embedding it needs X's script).
pub(crate) fn tweet(user: Option<&str>, id: &str) -> Result<String, String> {
    if !id.bytes().all(|b| b.is_ascii_digit()) || id.is_empty() || id.len() > 32 {
        return Err(format!("post id {id:?} is not a number"));
    }
    match user {
        Some(user) if !user.is_empty() => {
            if !valid_id(user) {
                return Err(format!("user {user:?} is not a valid X user name"));
            }
            Ok(link(
                "x",
                &format!("https://x.com/{user}/status/{id}"),
                &format!("View @{user}'s post on X"),
            ))
        }
        _ => Ok(link(
            "x",
            &format!("https://x.com/i/status/{id}"),
            "View the post on X",
        )),
    }
}

/// `text` as inline Markdown HTML (a caption): rendered by pulldown-cmark,
/// without the paragraph around it. The result is cleaned with the rest of
/// the post.
pub(crate) fn markdown_inline(text: &str) -> String {
    let html = crate::markdown::plain_html(text);
    let trimmed = html.trim();
    let inner = trimmed
        .strip_prefix("<p>")
        .and_then(|rest| rest.strip_suffix("</p>"))
        .filter(|inner| !inner.contains("<p>"))
        .unwrap_or(trimmed);
    inner.replace('\n', " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_youtube_embed_is_a_lazy_sandboxed_nocookie_frame() {
        let html = youtube("dQw4w9WgXcQ", &Options::default()).unwrap();
        assert_eq!(
            html,
            "<div class=\"quire-embed quire-embed--youtube\"><iframe src=\"https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ\" title=\"YouTube video\" loading=\"lazy\" allow=\"fullscreen; picture-in-picture\" allowfullscreen sandbox=\"allow-scripts allow-same-origin allow-popups allow-presentation\"></iframe></div>"
        );
        let cleaned = crate::clean_html(&html);
        assert!(cleaned.contains("src=\"https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ\""));
        assert_eq!(cleaned.matches("sandbox=").count(), 1);
    }

    #[test]
    fn text_in_an_embed_has_all_five_characters_escaped() {
        let title = r#"A "b" & 'c' <d> é"#;
        let escaped = "A &quot;b&quot; &amp; &#39;c&#39; &lt;d&gt; é";
        assert_eq!(escape(title), escaped);
        let html = vimeo(
            "146022717",
            &Options {
                title: Some(title),
                ..Options::default()
            },
        )
        .unwrap();
        assert!(html.contains(&format!("title=\"{escaped}\"")), "{html}");
    }

    #[test]
    fn an_id_with_markup_is_refused() {
        assert!(youtube("\"><script>alert(1)</script>", &Options::default()).is_err());
        assert!(vimeo("1/../x", &Options::default()).is_err());
        assert!(gist("a", "b\"c", None).is_err());
        assert!(tweet(Some("jack"), "20x").is_err());
    }

    #[test]
    fn vimeo_asks_not_to_track_and_gists_and_posts_are_links() {
        let html = vimeo(
            "146022717",
            &Options {
                title: Some("A <talk>"),
                ..Options::default()
            },
        )
        .unwrap();
        assert!(html.contains("src=\"https://player.vimeo.com/video/146022717?dnt=1\""));
        assert!(html.contains("title=\"A &lt;talk&gt;\""));
        assert_eq!(
            gist("spf13", "7896402", None).unwrap(),
            "<p class=\"quire-embed quire-embed--gist\"><a href=\"https://gist.github.com/spf13/7896402\">View gist spf13/7896402 on GitHub</a></p>"
        );
        assert!(
            gist_url(
                "https://gist.github.com/Keats/e5fb6aad409f28721c0ba14161644c57",
                Some("a.rs")
            )
            .unwrap()
            .contains("#file-a-rs")
        );
        assert!(
            tweet(Some("SanDiegoZoo"), "1453110110599868418")
                .unwrap()
                .contains("https://x.com/SanDiegoZoo/status/1453110110599868418")
        );
    }
}
