//! The sanitizing stage: what a post's raw HTML, URLs and heading attributes
//! may carry into the page (the HTML rules themselves are `crate::sanitize`).

use super::Spanned;
use crate::sanitize;
use pulldown_cmark::{CowStr, Event, Tag};

/// Sanitizes raw HTML (an HTML block is cleaned as one piece, since its tags
/// may span lines), drops unsafe link and image URLs, and keeps only the id
/// and classes of heading attributes. Ranges stay those of the source.
pub(super) struct Sanitized<'a, I> {
    inner: I,
    safe: bool,
    pending: Option<Spanned<'a>>,
}

impl<'a, I: Iterator<Item = Spanned<'a>>> Sanitized<'a, I> {
    pub(super) fn new(inner: I, safe: bool) -> Self {
        Sanitized {
            inner,
            safe,
            pending: None,
        }
    }
}

impl<'a, I: Iterator<Item = Spanned<'a>>> Iterator for Sanitized<'a, I> {
    type Item = Spanned<'a>;

    // Inlined into the stage after it: most events pass untouched, and
    // only the few that need cleaning leave the loop (`clean`).
    #[inline]
    fn next(&mut self) -> Option<Spanned<'a>> {
        // Tested before it is taken: `take` would move the whole event out
        // and back for every event of the body.
        if self.pending.is_some() {
            return self.pending.take();
        }
        // The item is returned as it came (no move out of the Option and
        // back) unless it needs cleaning.
        let item = self.inner.next();
        if self.safe
            && let Some((
                Event::Html(_)
                | Event::InlineHtml(_)
                | Event::Start(Tag::Link { .. } | Tag::Image { .. } | Tag::Heading { .. }),
                _,
            )) = &item
        {
            let (event, range) = item?;
            return Some(self.clean(event, range));
        }
        item
    }
}

impl<'a, I: Iterator<Item = Spanned<'a>>> Sanitized<'a, I> {
    /// `event` (raw HTML, a link, an image or a heading) made safe.
    #[inline(never)]
    fn clean(&mut self, event: Event<'a>, range: std::ops::Range<usize>) -> Spanned<'a> {
        let event = match event {
            Event::Html(html) => {
                // Lines of one HTML block arrive one by one: clean them together.
                let start = range.start;
                let mut end = range.end;
                let mut buffer = html.into_string();
                for (next, next_range) in self.inner.by_ref() {
                    match next {
                        Event::Html(more) => {
                            buffer.push_str(&more);
                            end = next_range.end;
                        }
                        other => {
                            self.pending = Some((other, next_range));
                            break;
                        }
                    }
                }
                return (
                    Event::Html(sanitize::clean_html(&buffer).into()),
                    start..end,
                );
            }
            Event::InlineHtml(html) => Event::InlineHtml(sanitize::clean_html(&html).into()),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => Event::Start(Tag::Link {
                link_type,
                dest_url: safe_url(dest_url, false),
                title,
                id,
            }),
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => Event::Start(Tag::Image {
                link_type,
                dest_url: safe_url(dest_url, true),
                title,
                id,
            }),
            // `# Title {onclick=...}`: custom heading attributes could carry
            // event handlers; keep only the id and classes.
            Event::Start(Tag::Heading {
                level, id, classes, ..
            }) => Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs: Vec::new(),
            }),
            other => other,
        };
        (event, range)
    }
}

fn safe_url(url: CowStr<'_>, image: bool) -> CowStr<'_> {
    if sanitize::is_safe_url(&url, image) {
        url
    } else if image {
        CowStr::Borrowed("")
    } else {
        CowStr::Borrowed("#")
    }
}

#[cfg(test)]
mod tests {
    use crate::markdown::test_util::blog;
    use crate::markdown::{Options, render_markdown};

    #[test]
    fn script_tags_and_event_handlers_are_removed() {
        let html = blog("<script>alert(1)</script>\n\nHi <img src=x onerror=alert(1)> there\n");
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("onerror"), "{html}");
        assert!(html.contains("<img src=\"x\">"), "{html}");
    }

    #[test]
    fn javascript_links_are_dropped() {
        let html =
            blog("[x](javascript:alert(1)) [y](JaVaScRiPt:alert(1)) <javascript:alert(1)>\n");
        assert!(!html.to_lowercase().contains("href=\"javascript"), "{html}");
        assert_eq!(html.matches("href=\"#\"").count(), 3, "{html}");
    }

    #[test]
    fn heading_attributes_cannot_add_event_handlers() {
        let html = blog("# Hi {#top .big onclick=alert(1) data-x=y}\n");
        assert_eq!(
            html,
            "<h1 data-line=\"1\" id=\"top\" class=\"big\">Hi</h1>\n"
        );
    }

    #[test]
    fn unsafe_html_passes_raw_html_through() {
        let options = Options {
            unsafe_html: true,
            ..Options::default()
        };
        let html = render_markdown("<script>alert(1)</script>\n", &options);
        assert!(html.contains("<script>alert(1)</script>"), "{html}");
    }
}
