//! The excerpt: where it ends (`<!--more-->` in any spelling, a custom
//! separator, else the first paragraph) and its HTML, kept from the event
//! stream as it passes.

use super::observer::Position;
use super::writer::write_html;
use pulldown_cmark::{CowStr, Event, Tag, TagEnd};
use std::ops::Range;

/// The default excerpt marker, matched case-insensitively and with any
/// spaces inside: `<!--more-->`, `<!-- more -->`, `<!--MORE-->`.
pub const DEFAULT_EXCERPT_MARKER: &str = "<!--more-->";

/// How the excerpt is chosen, after the front matter `excerpt` (which the
/// caller handles).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ExcerptRule<'s> {
    /// `<!--more-->` and its spellings, else the first paragraph.
    DefaultMarker,
    /// This exact text, else the first paragraph.
    Separator(&'s str),
    /// No excerpt is cut from the body.
    None,
}

fn is_default_marker(html: &str) -> bool {
    let html = html.trim();
    let Some(inner) = html
        .strip_prefix("<!--")
        .and_then(|rest| rest.strip_suffix("-->"))
    else {
        return false;
    };
    inner.trim().eq_ignore_ascii_case("more")
}

/// Offsets in the body where the excerpt may end, and the separator's
/// length: every `<!--more-->` spelling (checked against the parsed HTML
/// later, so one inside code does not count), or every occurrence of a
/// custom separator.
fn separator_candidates(body: &str, rule: ExcerptRule<'_>) -> (Vec<usize>, usize) {
    match rule {
        ExcerptRule::None | ExcerptRule::Separator("") => (Vec::new(), 0),
        ExcerptRule::Separator(separator) => (
            body.match_indices(separator).map(|(at, _)| at).collect(),
            separator.len(),
        ),
        ExcerptRule::DefaultMarker => {
            // The next `-->` is found once per stretch, not once per `<!--`:
            // a post of 300,000 unclosed `<!--` stays linear.
            let mut close: Option<usize> = Some(0);
            let candidates = memchr::memmem::find_iter(body.as_bytes(), b"<!--")
                .filter(|&at| {
                    if close.is_some_and(|c| c < at + 4) {
                        close = body[at + 4..].find("-->").map(|i| at + 4 + i);
                    }
                    close.is_some_and(|c| is_default_marker(&body[at..c + 3]))
                })
                .collect();
            (candidates, 0)
        }
    }
}

/// The automatic excerpt (the first paragraph) keeps at most this many
/// events — a paragraph of roughly 50 KB. Beyond that it is cut (and its
/// tags closed): no reader wants a longer excerpt, and it keeps time and
/// memory linear on a post that is one giant paragraph.
const MAX_AUTO_EXCERPT_EVENTS: usize = 10_000;

/// Events with the tags they leave open closed at the end.
fn closed(mut events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    let mut open = Vec::new();
    for event in &events {
        match event {
            Event::Start(tag) => open.push(tag.to_end()),
            Event::End(_) => {
                open.pop();
            }
            _ => {}
        }
    }
    events.extend(open.into_iter().rev().map(Event::End));
    events
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Paragraph {
    NotYet,
    Open,
    Done,
}

/// The events the excerpt needs, kept as the stream passes (see
/// [`super::observer::Observer`]): those before the first separator that
/// holds, and the first paragraph for the fallback.
pub(super) struct Excerpt<'a, 's> {
    body: &'a str,
    rule: ExcerptRule<'s>,
    /// Where the excerpt may end, in order; the first that holds wins.
    candidates: std::vec::IntoIter<usize>,
    next_candidate: Option<usize>,
    separator_len: usize,
    /// Events before the separator, while it has not been reached.
    before: Vec<Event<'a>>,
    open: Vec<TagEnd>,
    /// Where the excerpt was cut (the separator's offset), once it is.
    cut: Option<usize>,
    /// The first top-level paragraph (or block), for the fallback excerpt.
    first_block: Vec<Event<'a>>,
    first_paragraph: Vec<Event<'a>>,
    paragraph: Paragraph,
}

impl<'a, 's> Excerpt<'a, 's> {
    pub(super) fn new(body: &'a str, rule: ExcerptRule<'s>) -> Self {
        let (candidates, separator_len) = separator_candidates(body, rule);
        let mut candidates = candidates.into_iter();
        let next_candidate = candidates.next();
        Excerpt {
            body,
            rule,
            candidates,
            next_candidate,
            separator_len,
            before: Vec::new(),
            open: Vec::new(),
            cut: None,
            first_block: Vec::new(),
            first_paragraph: Vec::new(),
            paragraph: Paragraph::NotYet,
        }
    }

    /// Keeps `event` if the excerpt may need it; `at` is where it is in the
    /// tree (its block already counted, its own depth and code not yet).
    pub(super) fn keep(&mut self, event: &Event<'a>, range: &Range<usize>, pos: Position) {
        // The first paragraph (or, if it comes first, another block), for the
        // fallback; at most MAX_AUTO_EXCERPT_EVENTS of it.
        match self.paragraph {
            Paragraph::NotYet
                if pos.depth == 0 && matches!(event, Event::Start(Tag::Paragraph)) =>
            {
                self.first_paragraph.push(event.clone());
                self.paragraph = Paragraph::Open;
            }
            Paragraph::NotYet
                if pos.top_level_blocks == 1
                    && self.first_block.len() < MAX_AUTO_EXCERPT_EVENTS =>
            {
                self.first_block.push(event.clone());
            }
            Paragraph::Open => {
                if self.first_paragraph.len() < MAX_AUTO_EXCERPT_EVENTS {
                    self.first_paragraph.push(event.clone());
                }
                if pos.depth == 1 && matches!(event, Event::End(TagEnd::Paragraph)) {
                    self.paragraph = Paragraph::Done;
                }
            }
            _ => {}
        }
        if self.cut.is_some() {
            return;
        }
        // Does this event reach the next place the excerpt may end?
        while let Some(at) = self.next_candidate {
            if range.end <= at {
                break; // wholly before it
            }
            let contains = range.start < at;
            let reached = match event {
                // A separator in the middle of text (not code): cut the text.
                Event::Text(text) if contains => {
                    // Only when the text is the source itself (no escapes,
                    // entities or smart quotes changed it), so the offset
                    // means the same in both; `get` never splits a character.
                    let same = self.body.get(range.clone()) == Some(&**text);
                    match text.get(..at - range.start) {
                        Some(keep)
                            if same
                                && self.rule != ExcerptRule::DefaultMarker
                                && pos.in_code == 0 =>
                        {
                            self.before.push(Event::Text(CowStr::Boxed(keep.into())));
                            true
                        }
                        _ => false,
                    }
                }
                // Inside a code span, raw HTML or math: it does not count.
                Event::Code(_)
                | Event::Html(_)
                | Event::InlineHtml(_)
                | Event::InlineMath(_)
                | Event::DisplayMath(_)
                    if contains =>
                {
                    false
                }
                // An element that contains it (a paragraph around it).
                _ if contains => break,
                _ => match self.rule {
                    ExcerptRule::DefaultMarker => {
                        range.start == at
                            && matches!(
                                event,
                                Event::Start(Tag::HtmlBlock)
                                    | Event::Html(_)
                                    | Event::InlineHtml(_)
                            )
                    }
                    _ => pos.in_code == 0,
                },
            };
            if reached {
                self.cut = Some(at);
                return;
            }
            self.next_candidate = self.candidates.next();
        }
        if self.next_candidate.is_none() {
            // Nowhere left to cut: the fallback excerpt will do.
            self.before = Vec::new();
            return;
        }
        match event {
            Event::Start(tag) => self.open.push(tag.to_end()),
            Event::End(_) => {
                self.open.pop();
            }
            _ => {}
        }
        self.before.push(event.clone());
    }

    /// Whether no later event can change the excerpt: the first paragraph
    /// is whole, and the excerpt was cut or has nowhere left to be. The
    /// observer then stops handing it events (most of a post's events come
    /// after its excerpt).
    pub(super) fn settled(&self) -> bool {
        self.paragraph == Paragraph::Done && (self.cut.is_some() || self.next_candidate.is_none())
    }

    /// The excerpt's HTML and whether the post goes on after it
    /// (`top_level_blocks`: how many the whole body has).
    pub(super) fn finish(self, top_level_blocks: usize) -> (String, bool) {
        let (selected, has_more) = match self.cut {
            Some(at) => {
                let mut selected = self.before;
                selected.extend(self.open.into_iter().rev().map(Event::End));
                let rest = self.body.get(at + self.separator_len..).unwrap_or("");
                let rest = match self.rule {
                    // The marker itself is not "more".
                    ExcerptRule::DefaultMarker => {
                        rest.find("-->").map_or(rest, |end| &rest[end + 3..])
                    }
                    _ => rest,
                };
                (selected, !rest.trim().is_empty())
            }
            None if !self.first_paragraph.is_empty() => {
                let more =
                    top_level_blocks > 1 || self.first_paragraph.len() >= MAX_AUTO_EXCERPT_EVENTS;
                (closed(self.first_paragraph), more)
            }
            None => {
                let more =
                    top_level_blocks > 1 || self.first_block.len() >= MAX_AUTO_EXCERPT_EVENTS;
                (closed(self.first_block), more)
            }
        };
        (write_html(&mut without_footnotes(selected), 0), has_more)
    }
}

fn without_footnotes<'a>(events: Vec<Event<'a>>) -> impl Iterator<Item = Event<'a>> {
    let mut in_definition = 0usize;
    events.into_iter().filter(move |event| match event {
        Event::Start(Tag::FootnoteDefinition(_)) => {
            in_definition += 1;
            false
        }
        Event::End(TagEnd::FootnoteDefinition) => {
            in_definition = in_definition.saturating_sub(1);
            false
        }
        Event::FootnoteReference(_) => false,
        _ => in_definition == 0,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::test_util::rendered;
    use crate::markdown::{Lines, Options, render_body};

    #[test]
    fn excerpt_ends_at_the_more_marker_in_any_spelling() {
        for marker in [
            "<!--more-->",
            "<!-- more -->",
            "<!--MORE-->",
            "<!--  More-->",
        ] {
            let md = format!("First\n\n{marker}\n\nSecond\n");
            let r = rendered(&md);
            assert_eq!(r.excerpt_html, "<p>First</p>\n", "{marker}");
            assert!(r.has_more, "{marker}");
        }
    }

    #[test]
    fn excerpt_defaults_to_the_first_paragraph() {
        let r = rendered("# Heading\n\nFirst para.\n\nSecond para.\n");
        assert_eq!(r.excerpt_html, "<p>First para.</p>\n");
        assert!(r.has_more);
    }

    #[test]
    fn a_giant_first_paragraph_gives_a_bounded_excerpt() {
        let md = "*word* ".repeat(20_000);
        let r = rendered(&md);
        assert!(r.excerpt_html.starts_with("<p><em>word</em>"));
        assert!(r.excerpt_html.ends_with("</p>\n"), "tags closed");
        assert!(r.excerpt_html.len() < r.html.len() / 2);
        assert!(r.has_more);
    }

    #[test]
    fn single_paragraph_post_has_no_more() {
        let r = rendered("Only this.\n");
        assert_eq!(r.excerpt_html, "<p>Only this.</p>\n");
        assert!(!r.has_more);
    }

    #[test]
    fn marker_inside_a_paragraph_cuts_it_and_closes_tags() {
        let r = rendered("Start *here <!--more--> there*\n");
        assert_eq!(r.excerpt_html, "<p>Start <em>here </em></p>\n");
        assert!(r.has_more);
    }

    #[test]
    fn custom_separator_replaces_the_marker() {
        let r = render_body(
            "One\n\n<!-- cut -->\n\nTwo <!--more-->\n",
            Some(Lines::from(1)),
            &Options::default(),
            ExcerptRule::Separator("<!-- cut -->"),
        );
        assert_eq!(r.excerpt_html, "<p>One</p>\n");
    }

    #[test]
    fn separator_inside_code_does_not_count() {
        let r = render_body(
            "```\nCUT\n```\n\nText CUT more\n",
            Some(Lines::from(1)),
            &Options::default(),
            ExcerptRule::Separator("CUT"),
        );
        assert!(
            r.excerpt_html.contains("<pre><code>CUT"),
            "{}",
            r.excerpt_html
        );
        assert!(
            r.excerpt_html.ends_with("<p>Text </p>\n"),
            "{}",
            r.excerpt_html
        );
    }

    #[test]
    fn footnote_references_never_appear_in_the_excerpt() {
        let r = rendered("A claim.[^1]\n\n<!--more-->\n\n[^1]: Source.\n");
        assert_eq!(r.excerpt_html, "<p>A claim.</p>\n");
        assert!(r.html.contains("class=\"footnote-ref\""));
    }

    #[test]
    fn reference_links_defined_later_resolve_in_the_excerpt() {
        let r = rendered("See [the docs][d].\n\nMore.\n\n[d]: https://example.com/docs\n");
        assert_eq!(
            r.excerpt_html,
            "<p>See <a href=\"https://example.com/docs\">the docs</a>.</p>\n"
        );
    }
}
