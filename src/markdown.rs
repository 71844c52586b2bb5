//! Markdown to HTML: options, heading ids and table of contents, the source
//! line of every top-level block, the excerpt cut, and safe HTML.

use crate::sanitize;
use pulldown_cmark::{CowStr, Event, Options as CmarkOptions, Parser, Tag, TagEnd};
use serde::{Deserialize, Serialize};
use std::cell::{Cell, RefCell};
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::rc::Rc;
use unicode_segmentation::UnicodeSegmentation;

/// The default excerpt marker, matched case-insensitively and with any
/// spaces inside: `<!--more-->`, `<!-- more -->`, `<!--MORE-->`.
pub const DEFAULT_EXCERPT_MARKER: &str = "<!--more-->";

/// Which Markdown dialect to render.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Preset {
    /// CommonMark plus tables, footnotes, strikethrough, task lists, smart
    /// punctuation, heading attributes, GFM alerts, math and definition
    /// lists; heading ids, `data-line` on top-level blocks, safe HTML.
    #[default]
    Blog,
    /// Strict CommonMark 0.31.2: no extensions, raw HTML passed through, no
    /// heading ids, no `data-line`, no sanitizing.
    #[serde(rename = "commonmark")]
    CommonMark,
}

/// How to render. `Options::default()` is the blog preset, sanitized.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Options {
    /// Markdown dialect (default: [`Preset::Blog`]).
    pub preset: Preset,
    /// Pass raw HTML and every URL through untouched. Only for trusted
    /// content: a post could then run script in the reader's browser.
    /// Default `false`: raw HTML is sanitized, unsafe URLs are dropped.
    pub unsafe_html: bool,
    /// Text that ends the excerpt instead of `<!--more-->` (Jekyll's
    /// `excerpt_separator`). A post's own `excerpt_separator` key wins.
    pub excerpt_separator: Option<String>,
    /// The post's file name or path (`posts/2024-01-15-hello.md`), for the
    /// date, slug and title when the front matter has none. Only
    /// [`crate::parse_post`] reads it.
    pub path: Option<String>,
}

/// One entry of a post's table of contents.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TocEntry {
    /// 1 to 6.
    pub level: u8,
    /// The heading's `id` attribute in the HTML.
    pub id: String,
    /// The heading as plain text.
    pub text: String,
}

/// Everything rendering a body produces.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Rendered {
    pub html: String,
    pub excerpt_html: String,
    pub has_more: bool,
    pub toc: Vec<TocEntry>,
    pub word_count: usize,
    /// Plain text of the first heading (a title of last resort).
    pub first_heading: Option<String>,
}

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

/// Renders a Markdown body to HTML with `options` (line numbers start at 1).
///
/// ```
/// let html = quire::render_markdown("# Hi\n\nThere", &quire::Options::default());
/// assert_eq!(html, "<h1 data-line=\"1\" id=\"hi\">Hi</h1>\n<p data-line=\"3\">There</p>\n");
/// ```
pub fn render_markdown(markdown: &str, options: &Options) -> String {
    let markdown = crate::normalize_source(markdown);
    render_body(&markdown, Some(1), options, ExcerptRule::None).html
}

fn cmark_options(preset: Preset) -> CmarkOptions {
    match preset {
        Preset::CommonMark => CmarkOptions::empty(),
        Preset::Blog => {
            CmarkOptions::ENABLE_TABLES
                | CmarkOptions::ENABLE_FOOTNOTES
                | CmarkOptions::ENABLE_STRIKETHROUGH
                | CmarkOptions::ENABLE_TASKLISTS
                | CmarkOptions::ENABLE_SMART_PUNCTUATION
                | CmarkOptions::ENABLE_HEADING_ATTRIBUTES
                | CmarkOptions::ENABLE_GFM
                | CmarkOptions::ENABLE_MATH
                | CmarkOptions::ENABLE_DEFINITION_LIST
        }
    }
}

type Spanned<'a> = (Event<'a>, Range<usize>);

/// Renders `body`, whose first line is line `first_line` of the file
/// (`None`: no `data-line` attributes, for text that is not in the file's
/// body, such as a front matter excerpt).
pub(crate) fn render_body(
    body: &str,
    first_line: Option<usize>,
    options: &Options,
    excerpt: ExcerptRule<'_>,
) -> Rendered {
    let blog = options.preset == Preset::Blog;
    let mut events: Vec<Spanned<'_>> = Parser::new_ext(body, cmark_options(options.preset))
        .into_offset_iter()
        .collect();

    // Found before sanitizing, which drops the `<!--more-->` comment.
    let separator = find_separator(body, &events, excerpt);
    if blog && !options.unsafe_html {
        events = make_safe(events);
    }
    let (toc, first_heading) = heading_ids(&mut events, blog);
    let word_count = count_words(&events);

    let (excerpt_html, has_more) = match excerpt {
        ExcerptRule::None => (String::new(), false),
        ExcerptRule::DefaultMarker | ExcerptRule::Separator(_) => {
            cut_excerpt(body, &events, separator)
        }
    };

    let html = if let (true, Some(first_line)) = (blog, first_line) {
        // Raw HTML passed through untouched gets no attribute either.
        write_with_lines(body, first_line, events, !options.unsafe_html)
    } else if blog {
        write_html(&mut events.into_iter().map(|(e, _)| e), body.len())
    } else {
        write_html(
            &mut quote_text(events.into_iter().map(|(e, _)| e)),
            body.len(),
        )
    };

    Rendered {
        html,
        excerpt_html,
        has_more,
        toc,
        word_count,
        first_heading,
    }
}

/// Writes `"` in text as `&quot;`, as the CommonMark reference
/// implementations do (pulldown-cmark leaves it literal, which is the same
/// HTML but not the same bytes as the spec's examples). Text inside image
/// descriptions is left to the writer, which escapes it for the `alt`
/// attribute itself.
fn quote_text<'a>(events: impl Iterator<Item = Event<'a>>) -> impl Iterator<Item = Event<'a>> {
    let mut in_image = 0usize;
    events.map(move |event| match event {
        Event::Start(Tag::Image { .. }) => {
            in_image += 1;
            event
        }
        Event::End(TagEnd::Image) => {
            in_image = in_image.saturating_sub(1);
            event
        }
        Event::Text(text) if in_image == 0 && text.contains('"') => {
            Event::Html(escape_text(&text).into())
        }
        Event::Code(code) if in_image == 0 && code.contains('"') => {
            Event::InlineHtml(format!("<code>{}</code>", escape_text(&code)).into())
        }
        other => other,
    })
}

fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

/// Sanitizes raw HTML (an HTML block is cleaned as one piece, since its tags
/// may span lines) and drops unsafe link and image URLs.
fn make_safe(events: Vec<Spanned<'_>>) -> Vec<Spanned<'_>> {
    let mut out = Vec::with_capacity(events.len());
    let mut block: Option<(String, Range<usize>)> = None;
    for (event, range) in events {
        match event {
            Event::Html(html) => match &mut block {
                Some((buffer, _)) => buffer.push_str(&html),
                None => out.push((Event::Html(sanitize::clean_html(&html).into()), range)),
            },
            Event::Start(Tag::HtmlBlock) => {
                block = Some((String::new(), range.clone()));
                out.push((Event::Start(Tag::HtmlBlock), range));
            }
            Event::End(TagEnd::HtmlBlock) => {
                if let Some((buffer, inner)) = block.take() {
                    out.push((Event::Html(sanitize::clean_html(&buffer).into()), inner));
                }
                out.push((Event::End(TagEnd::HtmlBlock), range));
            }
            Event::InlineHtml(html) => {
                out.push((Event::InlineHtml(sanitize::clean_html(&html).into()), range));
            }
            // `# Title {onclick=...}`: custom heading attributes could carry
            // event handlers; keep only the id and classes.
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs: _,
            }) => {
                let tag = Tag::Heading {
                    level,
                    id,
                    classes,
                    attrs: Vec::new(),
                };
                out.push((Event::Start(tag), range));
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = safe_url(dest_url, false);
                let tag = Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                };
                out.push((Event::Start(tag), range));
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = safe_url(dest_url, true);
                let tag = Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                };
                out.push((Event::Start(tag), range));
            }
            other => out.push((other, range)),
        }
    }
    out
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

/// GitHub-style heading slug: lowercase, letters, digits, `-` and `_` kept,
/// spaces become `-`, everything else dropped.
pub fn slugify_heading(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.trim().chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() || c == '-' || c == '_' {
            slug.push(c);
        } else if c.is_whitespace() {
            slug.push('-');
        }
    }
    slug
}

/// Gives every heading a unique id (`{#custom}` wins, repeats get `-1`,
/// `-2`, ...) and lists them. Without ids (commonmark preset) the table of
/// contents has empty ids, like the HTML.
fn heading_ids(events: &mut [Spanned<'_>], assign: bool) -> (Vec<TocEntry>, Option<String>) {
    let mut used: HashSet<String> = HashSet::new();
    if assign {
        for (event, _) in events.iter() {
            if let Event::Start(Tag::Heading { id: Some(id), .. }) = event {
                used.insert(id.to_string());
            }
        }
    }
    let mut counts: HashMap<String, usize> = HashMap::new();
    let mut toc = Vec::new();
    let mut i = 0;
    while i < events.len() {
        let Event::Start(Tag::Heading { level, .. }) = &events[i].0 else {
            i += 1;
            continue;
        };
        let level = *level as u8;
        let mut text = String::new();
        let mut j = i + 1;
        while j < events.len() {
            match &events[j].0 {
                Event::End(TagEnd::Heading(_)) => break,
                Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                    text.push_str(t)
                }
                Event::SoftBreak | Event::HardBreak => text.push(' '),
                _ => {}
            }
            j += 1;
        }
        let text = text.trim().to_string();
        let id = if let Event::Start(Tag::Heading { id, .. }) = &mut events[i].0 {
            match id {
                Some(custom) => custom.to_string(),
                None if assign => {
                    let base = match slugify_heading(&text) {
                        s if s.is_empty() => "section".to_string(),
                        s => s,
                    };
                    let mut candidate = base.clone();
                    while used.contains(&candidate) {
                        let n = counts.entry(base.clone()).or_insert(0);
                        *n += 1;
                        candidate = format!("{base}-{n}");
                    }
                    used.insert(candidate.clone());
                    *id = Some(candidate.clone().into());
                    candidate
                }
                None => String::new(),
            }
        } else {
            String::new()
        };
        toc.push(TocEntry { level, id, text });
        i = j;
    }
    let first = toc.first().map(|entry| entry.text.clone());
    (toc, first)
}

/// Unicode words in text outside code blocks.
fn count_words(events: &[Spanned<'_>]) -> usize {
    let mut in_code = 0usize;
    let mut words = 0;
    for (event, _) in events {
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code += 1,
            Event::End(TagEnd::CodeBlock) => in_code = in_code.saturating_sub(1),
            Event::Text(text) | Event::Code(text) if in_code == 0 => {
                words += text.unicode_words().count();
            }
            _ => {}
        }
    }
    words
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

/// Byte ranges of code (blocks and spans) where a separator does not count.
fn code_ranges(events: &[Spanned<'_>]) -> Vec<Range<usize>> {
    events
        .iter()
        .filter(|(event, _)| matches!(event, Event::Start(Tag::CodeBlock(_)) | Event::Code(_)))
        .map(|(_, range)| range.clone())
        .collect()
}

/// Where the excerpt ends: (byte offset of the separator, its length).
fn find_separator(
    body: &str,
    events: &[Spanned<'_>],
    rule: ExcerptRule<'_>,
) -> Option<(usize, usize)> {
    match rule {
        ExcerptRule::None => None,
        ExcerptRule::DefaultMarker => events.iter().find_map(|(event, range)| match event {
            Event::Html(html) | Event::InlineHtml(html) if is_default_marker(html) => {
                Some((range.start, range.len()))
            }
            _ => None,
        }),
        ExcerptRule::Separator("") => None,
        ExcerptRule::Separator(separator) => {
            let code = code_ranges(events);
            body.match_indices(separator)
                .map(|(at, _)| at)
                .find(|at| !code.iter().any(|r| r.contains(at)))
                .map(|at| (at, separator.len()))
        }
    }
}

/// Renders the excerpt: everything before the separator, or the first
/// paragraph. Footnote references and definitions are left out; reference
/// links resolve because the whole post was parsed.
fn cut_excerpt(
    body: &str,
    events: &[Spanned<'_>],
    separator: Option<(usize, usize)>,
) -> (String, bool) {
    let (selected, has_more): (Vec<Event<'_>>, bool) = match separator {
        Some((at, len)) => {
            let cut = events
                .iter()
                .position(|(_, range)| range.start >= at)
                .unwrap_or(events.len());
            let mut open: Vec<TagEnd> = Vec::new();
            let mut selected = Vec::with_capacity(cut + 4);
            for (event, range) in &events[..cut] {
                match event {
                    Event::Start(tag) => open.push(tag.to_end()),
                    Event::End(_) => {
                        open.pop();
                    }
                    // A separator in the middle of text: keep the text before it
                    // (when the text maps one to one onto the source).
                    Event::Text(text) if range.contains(&at) && range.len() == text.len() => {
                        let keep = &text[..at - range.start];
                        selected.push(Event::Text(CowStr::Boxed(keep.into())));
                        continue;
                    }
                    _ => {}
                }
                selected.push(event.clone());
            }
            selected.extend(open.into_iter().rev().map(Event::End));
            let rest = body.get(at + len..).unwrap_or("");
            (selected, !rest.trim().is_empty())
        }
        None => first_paragraph(events),
    };
    (write_html(&mut without_footnotes(selected), 0), has_more)
}

/// The first top-level paragraph (or, failing that, the first block), and
/// whether anything else follows.
fn first_paragraph<'a>(events: &[Spanned<'a>]) -> (Vec<Event<'a>>, bool) {
    let mut blocks: Vec<Range<usize>> = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (i, (event, _)) in events.iter().enumerate() {
        match event {
            Event::Start(_) => {
                if depth == 0 {
                    start = i;
                }
                depth += 1;
            }
            Event::End(_) => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    blocks.push(start..i + 1);
                }
            }
            _ if depth == 0 => blocks.push(i..i + 1),
            _ => {}
        }
    }
    let chosen = blocks
        .iter()
        .position(|b| matches!(events[b.start].0, Event::Start(Tag::Paragraph)))
        .or(if blocks.is_empty() { None } else { Some(0) });
    match chosen {
        Some(index) => {
            let range = blocks[index].clone();
            let selected = events[range].iter().map(|(e, _)| e.clone()).collect();
            (selected, blocks.len() > 1)
        }
        None => (Vec::new(), false),
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

/// A `fmt::Write` that appends to a shared string, so the event iterator can
/// see how much HTML has been written when a block starts.
struct SharedWriter(Rc<RefCell<String>>);

/// Every rendering goes through this one call with one iterator type and one
/// writer type, so pulldown-cmark's HTML writer is compiled once (each extra
/// instance cost about 20 KB of wasm).
fn write_events<'a>(events: &mut dyn Iterator<Item = Event<'a>>, out: &Rc<RefCell<String>>) {
    // Writing to a String cannot fail.
    let _ = pulldown_cmark::html::write_html_fmt(SharedWriter(Rc::clone(out)), events);
}

fn write_html<'a>(events: &mut dyn Iterator<Item = Event<'a>>, capacity: usize) -> String {
    let out = Rc::new(RefCell::new(String::with_capacity(capacity * 3 / 2)));
    write_events(events, &out);
    out.take()
}

impl std::fmt::Write for SharedWriter {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0.borrow_mut().push_str(s);
        Ok(())
    }
}

/// Renders events with pulldown-cmark's HTML writer and adds
/// `data-line="N"` to the first tag of every top-level block.
///
/// The writer pulls events lazily and has written everything for earlier
/// events when it asks for the next one; so when a top-level block starts,
/// the output length is where that block's HTML begins.
fn write_with_lines(
    body: &str,
    first_line: usize,
    events: Vec<Spanned<'_>>,
    mark_html_blocks: bool,
) -> String {
    let out = Rc::new(RefCell::new(String::with_capacity(body.len() * 3 / 2)));
    let marks: Rc<RefCell<Vec<(usize, usize)>>> = Rc::new(RefCell::new(Vec::new()));
    let depth = Cell::new(0usize);
    let mut lines = LineIndex::new(body, first_line);
    let iter = events.into_iter().inspect(|(event, range)| {
        let top_level_start = depth.get() == 0
            && !matches!(event, Event::End(_))
            && (mark_html_blocks || !matches!(event, Event::Start(Tag::HtmlBlock)));
        if top_level_start {
            let at = out.borrow().len();
            marks.borrow_mut().push((at, lines.line_of(range.start)));
        }
        match event {
            Event::Start(_) => depth.set(depth.get() + 1),
            Event::End(_) => depth.set(depth.get().saturating_sub(1)),
            _ => {}
        }
    });
    write_events(&mut iter.map(|(event, _)| event), &out);
    let html = out.take();
    insert_line_attributes(html, &marks.borrow())
}

/// Inserts ` data-line="N"` after the tag name of the first element in each
/// marked stretch of output (searching only up to the next mark).
fn insert_line_attributes(html: String, marks: &[(usize, usize)]) -> String {
    let mut result = String::with_capacity(html.len() + marks.len() * 16);
    let mut copied = 0;
    for (index, &(at, line)) in marks.iter().enumerate() {
        let limit = marks.get(index + 1).map_or(html.len(), |m| m.0);
        let Some(segment) = html.get(at..limit) else {
            continue;
        };
        let Some(lt) = segment.find('<') else {
            continue;
        };
        let tag = &segment[lt + 1..];
        if !tag.starts_with(|c: char| c.is_ascii_alphabetic()) {
            continue;
        }
        let name_len = tag
            .find(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/')
            .unwrap_or(tag.len());
        let insert_at = at + lt + 1 + name_len;
        result.push_str(&html[copied..insert_at]);
        result.push_str(" data-line=\"");
        result.push_str(&line.to_string());
        result.push('"');
        copied = insert_at;
    }
    result.push_str(&html[copied..]);
    result
}

/// Maps byte offsets of a body to 1-based file lines; offsets arrive in
/// increasing order, so a forward scan is enough.
struct LineIndex<'a> {
    body: &'a [u8],
    offset: usize,
    line: usize,
}

impl<'a> LineIndex<'a> {
    fn new(body: &'a str, first_line: usize) -> Self {
        LineIndex {
            body: body.as_bytes(),
            offset: 0,
            line: first_line,
        }
    }

    fn line_of(&mut self, offset: usize) -> usize {
        let offset = offset.min(self.body.len());
        if offset < self.offset {
            // Not expected (top-level blocks come in order); recount.
            self.line -= self.body[offset..self.offset]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
        } else {
            self.line += self.body[self.offset..offset]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
        }
        self.offset = offset;
        self.line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blog(md: &str) -> String {
        render_markdown(md, &Options::default())
    }

    fn rendered(md: &str) -> Rendered {
        render_body(md, Some(1), &Options::default(), ExcerptRule::DefaultMarker)
    }

    #[test]
    fn top_level_blocks_carry_their_source_line() {
        let html =
            blog("Para one\ncontinues\n\n- a\n- b\n\n```rust\nfn x() {}\n```\n\n---\n\n> quote\n");
        assert!(html.contains("<p data-line=\"1\">Para one"), "{html}");
        assert!(html.contains("<ul data-line=\"4\">"), "{html}");
        assert!(
            html.contains("<pre data-line=\"7\"><code class=\"language-rust\">"),
            "{html}"
        );
        assert!(html.contains("<hr data-line=\"11\" />"), "{html}");
        assert!(html.contains("<blockquote data-line=\"13\">"), "{html}");
        assert_eq!(html.matches("data-line").count(), 5, "{html}");
    }

    #[test]
    fn lines_are_counted_from_the_start_of_the_body_in_the_file() {
        let r = render_body("# Title\n", Some(5), &Options::default(), ExcerptRule::None);
        assert!(r.html.starts_with("<h1 data-line=\"5\""), "{}", r.html);
    }

    #[test]
    fn duplicate_headings_get_numbered_ids() {
        let r = rendered("# Intro\n\n## Intro\n\n## Intro\n");
        let ids: Vec<_> = r.toc.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids, ["intro", "intro-1", "intro-2"]);
        assert!(r.html.contains("id=\"intro-2\""));
    }

    #[test]
    fn custom_heading_id_wins_and_is_not_reused() {
        let r = rendered("# Setup\n\n## Other {#setup}\n");
        let ids: Vec<_> = r.toc.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids, ["setup-1", "setup"]);
    }

    #[test]
    fn heading_slugs_follow_github() {
        assert_eq!(
            slugify_heading("What's New in Rust 1.75?"),
            "whats-new-in-rust-175"
        );
        assert_eq!(slugify_heading("Über straße"), "über-straße");
        assert_eq!(slugify_heading("a -- b"), "a----b");
    }

    #[test]
    fn toc_lists_plain_text_of_headings() {
        let r = rendered("## The `quire` *CLI*\n");
        assert_eq!(
            r.toc,
            vec![TocEntry {
                level: 2,
                id: "the-quire-cli".into(),
                text: "The quire CLI".into()
            }]
        );
    }

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

    #[test]
    fn commonmark_preset_has_no_extensions_ids_or_lines() {
        let options = Options {
            preset: Preset::CommonMark,
            ..Options::default()
        };
        let html = render_markdown("# Hi\n\n~~no~~ | a |\n", &options);
        assert_eq!(html, "<h1>Hi</h1>\n<p>~~no~~ | a |</p>\n");
    }

    #[test]
    fn commonmark_preset_writes_quotes_in_text_as_entities() {
        let options = Options {
            preset: Preset::CommonMark,
            ..Options::default()
        };
        let html = render_markdown("\"a\" `\"b\"` ![\"c\" `\"d\"`](x.png)\n", &options);
        assert_eq!(
            html,
            "<p>&quot;a&quot; <code>&quot;b&quot;</code> <img src=\"x.png\" alt=\"&quot;c&quot; &quot;d&quot;\" /></p>\n"
        );
    }

    #[test]
    fn blog_preset_renders_extensions() {
        let html = blog(
            "| a |\n|---|\n| 1 |\n\n~~gone~~ $x^2$\n\n$$\\int$$\n\n- [x] done\n\n> [!NOTE]\n> Heads up\n\nTerm\n: Definition\n",
        );
        for needle in [
            "<table",
            "<del>gone</del>",
            "math math-inline",
            "math math-display",
            "type=\"checkbox\"",
            "markdown-alert-note",
            "<dl",
            "<dd>",
        ] {
            assert!(html.contains(needle), "{needle} missing in {html}");
        }
    }

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
            Some(1),
            &Options::default(),
            ExcerptRule::Separator("<!-- cut -->"),
        );
        assert_eq!(r.excerpt_html, "<p>One</p>\n");
    }

    #[test]
    fn separator_inside_code_does_not_count() {
        let r = render_body(
            "```\nCUT\n```\n\nText CUT more\n",
            Some(1),
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
        assert!(r.html.contains("footnote-reference"));
    }

    #[test]
    fn reference_links_defined_later_resolve_in_the_excerpt() {
        let r = rendered("See [the docs][d].\n\nMore.\n\n[d]: https://example.com/docs\n");
        assert_eq!(
            r.excerpt_html,
            "<p>See <a href=\"https://example.com/docs\">the docs</a>.</p>\n"
        );
    }

    #[test]
    fn words_in_code_blocks_are_not_counted() {
        let r = rendered("One two three.\n\n```\nnot counted here\n```\n\n    nor here\n");
        assert_eq!(r.word_count, 3);
    }

    #[test]
    fn a_later_dash_line_is_a_thematic_break() {
        assert_eq!(
            blog("a\n\n---\n\nb\n"),
            "<p data-line=\"1\">a</p>\n<hr data-line=\"3\" />\n<p data-line=\"5\">b</p>\n"
        );
    }
}
