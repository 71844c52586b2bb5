//! Markdown to HTML. [`render_events`] is the whole renderer, one streaming
//! pass in which each stage wraps the one before:
//!
//! 1. pulldown-cmark's events, with the preset's extensions ([`parser`](mod@parser));
//! 2. [`sanitize`]: raw HTML cleaned, unsafe URLs and heading attributes
//!    dropped;
//! 3. kramdown's block attributes and `{:toc}` (`crate::compat::kramdown`);
//! 4. [`headings`]: unique heading ids and the table of contents;
//! 5. the [`observer`], which looks without changing anything: the word
//!    count ([`words`]), the line each top-level block starts on
//!    ([`lines`]), the events the [`excerpt`] needs;
//! 6. kramdown's inline marks and abbreviations, then the footnotes
//!    (`crate::footnotes`);
//! 7. the HTML [`writer`], which gives the first element of each top-level
//!    block its `data-line` as it writes it ([`lines`]).
//!
//! After the pass: kramdown's patches, and the footnotes section at the end.

mod excerpt;
mod headings;
mod lines;
mod observer;
mod parser;
mod sanitize;
mod words;
mod writer;

pub use excerpt::DEFAULT_EXCERPT_MARKER;
pub(crate) use excerpt::ExcerptRule;
pub use headings::slugify_heading;
pub(crate) use headings::{HeadingSeed, IdCounts, IdSet, custom_heading_ids};
pub(crate) use lines::Lines;
pub(crate) use observer::BlockSpan;
pub(crate) use parser::{Links, RefMap, parser};
pub use words::count_words;
pub(crate) use writer::{Html, plain_html, write_html};

use crate::compat::kramdown;
use headings::{Headings, may_take_a_custom_id};
use lines::with_line;
use observer::Observer;
use pulldown_cmark::{Event, OffsetIter};
use sanitize::Sanitized;
use serde::{Deserialize, Serialize};
use std::ops::Range;
use std::rc::Rc;
use writer::{quote_text, write_events, write_observed};

/// Which Markdown dialect to render.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
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
#[derive(Clone, Debug, Default, PartialEq)]
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
    /// The site Liquid and shortcodes see (config, data, posts, includes);
    /// `None` renders them against an empty site. Only
    /// [`crate::parse_post`] and the editor's [`crate::Draft`] read it.
    pub site: Option<std::sync::Arc<crate::SiteContext>>,
}

/// One entry of a post's table of contents.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
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

/// Renders a Markdown body to HTML with `options` (line numbers start at 1).
///
/// ```
/// let html = quire::render_markdown("# Hi\n\nThere", &quire::Options::default());
/// assert_eq!(html, "<h1 data-line=\"1\" id=\"hi\">Hi</h1>\n<p data-line=\"3\">There</p>\n");
/// ```
pub fn render_markdown(markdown: &str, options: &Options) -> String {
    let markdown = crate::normalize_source(markdown);
    render_body(&markdown, Some(Lines::from(1)), options, ExcerptRule::None).html
}

pub(crate) type Spanned<'a> = (Event<'a>, Range<usize>);

/// Renders `body`, whose first line is line `first_line` of the file
/// (`None`: no `data-line` attributes, for text that is not in the file's
/// body, such as a front matter excerpt).
///
/// One streaming pass: pulldown-cmark's events flow through the sanitizer
/// and the heading-id stage into the HTML writer, while an observer counts
/// words, records where top-level blocks start and keeps the few events the
/// excerpt needs. Nothing holds the whole event list, so time stays linear
/// and memory small on huge posts.
pub(crate) fn render_body(
    body: &str,
    first_line: Option<Lines<'_>>,
    options: &Options,
    excerpt: ExcerptRule<'_>,
) -> Rendered {
    let render = |custom_ids: IdSet| {
        let events = parser(body, options.preset, Links(None)).into_offset_iter();
        let page = Output::Page {
            lines: first_line,
            excerpt,
            ids: HeadingSeed {
                used: (options.preset == Preset::Blog).then_some(custom_ids),
                counts: IdCounts::default(),
            },
        };
        let reparse = || parser(body, options.preset, Links(None)).into_offset_iter();
        render_events(body, events, reparse, options, page)
    };
    // Generated heading ids must not take a `{#custom}` id, even one further
    // on: they are given as the pass goes, and only when one may have taken
    // a custom id is the body rendered again, every custom id known first.
    let page = render(IdSet::default());
    if options.preset == Preset::Blog && may_take_a_custom_id(body, &page.rendered.toc, &page.bases)
    {
        return render(custom_heading_ids(body)).rendered;
    }
    page.rendered
}

/// What one pass over a body makes.
#[derive(Clone)]
pub(crate) enum Output<'a, 's> {
    /// A page: each top-level block's first element carries `data-line`
    /// (`lines: None`: none do), the excerpt is cut by its rule, and heading
    /// ids taken are `ids`.
    Page {
        lines: Option<Lines<'a>>,
        excerpt: ExcerptRule<'s>,
        ids: HeadingSeed,
    },
    /// The editor's blocks: the HTML without `data-line`, cut into top-level
    /// blocks, with no excerpt; heading ids continue from `ids` (the editor
    /// renders a window of the body on its own).
    Blocks { lines: Lines<'a>, ids: HeadingSeed },
}

/// What one pass makes: the rendered body, and what the editor keeps of it.
pub(crate) struct BlockRender {
    pub rendered: Rendered,
    /// Empty for [`Output::Page`].
    pub blocks: Vec<BlockSpan>,
    /// Per heading (as `rendered.toc`): its slug before numbering, or `None`
    /// for a `{#custom}` id.
    pub bases: Vec<Option<String>>,
    /// A footnote reference or definition was seen.
    pub footnotes: bool,
    /// kramdown's attribute lists, abbreviations or `{:toc}` were used.
    pub kramdown: bool,
}

/// The renderer's one pass over `events`, the parse of `body` (see
/// [`render_body`]), making what `output` asks for. `reparse` parses `body`
/// again, for the rare body rendered twice: one whose every `{:` looked to
/// be in code (kramdown's stages are left out for it) but was not.
pub(crate) fn render_events<'a, 'r>(
    body: &'a str,
    events: OffsetIter<'a, Links<'r>>,
    reparse: impl FnOnce() -> OffsetIter<'a, Links<'r>>,
    options: &Options,
    output: Output<'a, '_>,
) -> BlockRender {
    let wanted = if options.preset == Preset::Blog {
        kramdown::wanted(body)
    } else {
        kramdown::Wanted::No
    };
    match wanted {
        kramdown::Wanted::InCode(offsets) => {
            let again = output.clone();
            let check = kramdown::in_code(body, offsets);
            let (render, observer) = render_pass(body, events, options, output, false, Some(check));
            if observer.is_some_and(|check| check.all_seen()) {
                render
            } else {
                render_pass(body, reparse(), options, again, true, None).0
            }
        }
        wanted => {
            let kramdown_on = wanted == kramdown::Wanted::Yes;
            render_pass(body, events, options, output, kramdown_on, None).0
        }
    }
}

/// One pass (see [`render_events`]), with kramdown's stages or without;
/// also the check of the `{:` left to code, when there is one.
fn render_pass<'a>(
    body: &'a str,
    events: OffsetIter<'a, Links<'_>>,
    options: &Options,
    output: Output<'a, '_>,
    kramdown_on: bool,
    braces_in_code: Option<kramdown::InCode<'a>>,
) -> (BlockRender, Option<kramdown::InCode<'a>>) {
    let blog = options.preset == Preset::Blog;
    // The commonmark preset has no `data-line` and no heading ids.
    let (seed, mut observer) = match output {
        Output::Page {
            lines,
            excerpt,
            ids,
        } => {
            let lines = lines.filter(|_| blog);
            let observer = Observer::page(body, lines, excerpt, !options.unsafe_html);
            (ids, observer)
        }
        Output::Blocks { lines, ids } => {
            (ids, Observer::blocks(body, Some(lines).filter(|_| blog)))
        }
    };
    observer.braces_in_code = braces_in_code;
    let safe = blog && !options.unsafe_html;
    let events = Sanitized::new(events, safe);
    // kramdown's attribute lists, `{:toc}` and abbreviations: only when the
    // body has `{:` or `*[` outside code; otherwise the stage passes events
    // through.
    let blocks = kramdown::Blocks::new(events, body, kramdown_on);
    let notes = blocks.notes();
    let touched = blocks.touched();
    let abbreviations = if kramdown_on {
        kramdown::abbreviations(body)
    } else {
        Vec::new()
    };
    let abbreviations_empty = abbreviations.is_empty();
    let mut headings = Headings::new(blocks, seed);
    let out = Html::with_capacity(body.len() * 3 / 2);
    let (edits, section) = {
        let observe = |event: &Event<'a>, range: &Range<usize>| {
            if let Some(line) = observer.observe(event, range, || out.borrow().len()) {
                out.borrow_mut().mark_line(line);
            }
        };
        // The kramdown marks and the footnotes stage only where they can act
        // (each layer costs every event a move): a note needs `[^`.
        if kramdown_on || (blog && memchr::memmem::find(body.as_bytes(), b"[^").is_some()) {
            let observed = observed(&mut headings, observe);
            let mut marks = kramdown::Marks::new(observed, notes, Rc::clone(&out), abbreviations);
            let mut footnotes = crate::footnotes::Footnotes::new(&mut marks);
            write_events(&mut footnotes, &out);
            let section = footnotes.section();
            (std::mem::take(&mut marks.edits), section)
        } else if blog {
            // Most posts: each event moved once, from the heading stage to the writer.
            write_observed(&mut headings, &out, observe);
            (Vec::new(), String::new())
        } else {
            write_events(&mut quote_text(&mut observed(&mut headings, observe)), &out);
            (Vec::new(), String::new())
        }
    };
    let (mut html, unused) = {
        let mut out = out.borrow_mut();
        (out.finish(), out.unused_marks())
    };
    if !edits.is_empty() {
        let (toc, skip) = (&headings.toc, &headings.skip);
        // A table of contents takes the line of the block it stands for.
        let toc = |at: usize| {
            let html = kramdown::toc_html(toc, skip);
            match unused.iter().rev().find(|mark| mark.0 == at) {
                Some(&(_, line)) => with_line(html, line),
                None => html,
            }
        };
        let mut offsets: Vec<&mut usize> = observer
            .blocks
            .iter_mut()
            .flatten()
            .map(|block| &mut block.out)
            .collect();
        html = kramdown::patch(html, &edits, toc, &mut offsets);
    }
    // The footnotes, once, at the end (in the editor, a block of their own).
    if !section.is_empty() {
        if !html.is_empty() && !html.ends_with('\n') {
            html.push('\n');
        }
        let line = observer.lines.as_mut().map_or(0, |l| l.line_of(body.len()));
        if let Some(blocks) = &mut observer.blocks {
            blocks.push(BlockSpan {
                src: body.len()..body.len(),
                out: html.len(),
                line,
                words_before: observer.words,
                headings_before: observer.headings,
                html_block: false,
            });
        }
        html.push_str(&section);
    }
    let word_count = observer.words;
    let footnotes = observer.footnotes;
    let blocks = observer.blocks.take().unwrap_or_default();
    let braces_in_code = observer.braces_in_code.take();
    let (excerpt_html, has_more) = observer.excerpt();
    let first_heading = headings.toc.first().map(|entry| entry.text.clone());
    let render = BlockRender {
        rendered: Rendered {
            html,
            excerpt_html,
            has_more,
            toc: headings.toc,
            word_count,
            first_heading,
        },
        blocks,
        bases: headings.bases,
        footnotes,
        kramdown: touched.get() || !abbreviations_empty,
    };
    (render, braces_in_code)
}

/// `events` without their ranges, each shown to `observe` on its way (the
/// stages after the observer take events alone).
fn observed<'a>(
    events: impl Iterator<Item = Spanned<'a>>,
    mut observe: impl FnMut(&Event<'a>, &Range<usize>),
) -> impl Iterator<Item = Event<'a>> {
    events.map(move |(event, range)| {
        observe(&event, &range);
        event
    })
}

#[cfg(test)]
mod test_util {
    use super::*;

    /// `md` rendered with the default options.
    pub(super) fn blog(md: &str) -> String {
        render_markdown(md, &Options::default())
    }

    /// `md` rendered as a post's body, with the default excerpt rule.
    pub(super) fn rendered(md: &str) -> Rendered {
        render_body(
            md,
            Some(Lines::from(1)),
            &Options::default(),
            ExcerptRule::DefaultMarker,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::test_util::{blog, rendered};

    #[test]
    fn footnotes_are_numbered_by_first_reference_and_written_once_at_the_end() {
        let r = rendered(
            "Text[^b] and[^a] again[^b].\n\n[^a]: Note a.\n[^b]: Note b[^c].\n\n[^c]: Note c.\n\nLast.\n",
        );
        assert_eq!(
            r.html,
            "<p data-line=\"1\">Text<sup class=\"footnote-ref\" id=\"fnref:1\"><a href=\"#fn:1\">1</a></sup> and<sup class=\"footnote-ref\" id=\"fnref:2\"><a href=\"#fn:2\">2</a></sup> again<sup class=\"footnote-ref\" id=\"fnref:1:2\"><a href=\"#fn:1\">1</a></sup>.</p>\n\
             <p data-line=\"8\">Last.</p>\n\
             <section class=\"footnotes\">\n<ol>\n\
             <li id=\"fn:1\">\n<p>Note b<sup class=\"footnote-ref\" id=\"fnref:3\"><a href=\"#fn:3\">3</a></sup>. <a href=\"#fnref:1\" class=\"footnote-backref\" aria-label=\"Back to reference 1\">↩</a> <a href=\"#fnref:1:2\" class=\"footnote-backref\" aria-label=\"Back to reference 1-2\">↩<sup>2</sup></a></p>\n</li>\n\
             <li id=\"fn:2\">\n<p>Note a. <a href=\"#fnref:2\" class=\"footnote-backref\" aria-label=\"Back to reference 2\">↩</a></p>\n</li>\n\
             <li id=\"fn:3\">\n<p>Note c. <a href=\"#fnref:3\" class=\"footnote-backref\" aria-label=\"Back to reference 3\">↩</a></p>\n</li>\n\
             </ol>\n</section>\n"
        );
        assert_eq!(r.excerpt_html, "<p>Text and again.</p>\n");
    }

    #[test]
    fn a_note_nothing_refers_to_is_kept_after_the_others_without_a_link() {
        let r = rendered("A[^1].\n\n[^x]: Unused.\n\n[^1]: Used.\n");
        assert!(
            r.html.ends_with(
                "<li class=\"footnote-unreferenced\">\n<p>Unused.</p>\n</li>\n</ol>\n</section>\n"
            ),
            "{}",
            r.html
        );
        assert!(
            r.html
                .contains("<li id=\"fn:1\">\n<p>Used. <a href=\"#fnref:1\"")
        );
    }

    #[test]
    fn a_note_ending_in_code_gets_its_back_link_after_it() {
        let r = rendered("A[^1].\n\n[^1]: Text.\n\n    ```\n    code\n    ```\n");
        assert!(
            r.html
                .contains("</code></pre>\n<a href=\"#fnref:1\" class=\"footnote-backref\""),
            "{}",
            r.html
        );
    }

    #[test]
    fn weird_footnote_labels_never_reach_the_html() {
        let r = rendered(
            "A[^\"><img src=x onerror=alert(1)>].\n\n[^\"><img src=x onerror=alert(1)>]: Note.\n",
        );
        assert!(!r.html.contains("onerror"), "{}", r.html);
        assert!(!r.html.contains("<img"), "{}", r.html);
        assert!(r.html.contains("id=\"fn:1\""), "{}", r.html);
    }

    #[test]
    fn an_undefined_note_stays_text() {
        assert_eq!(blog("A[^nope].\n"), "<p data-line=\"1\">A[^nope].</p>\n");
    }

    #[test]
    fn footnote_ids_never_collide_with_heading_ids() {
        let r = rendered("# fn 1\n\n# fnref 1\n\nA[^1].\n\n[^1]: B.\n");
        let ids: Vec<_> = r.toc.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids, ["fn-1", "fnref-1"]);
        assert!(r.html.contains("id=\"fn:1\"") && r.html.contains("id=\"fnref:1\""));
    }

    #[test]
    fn a_later_dash_line_is_a_thematic_break() {
        assert_eq!(
            blog("a\n\n---\n\nb\n"),
            "<p data-line=\"1\">a</p>\n<hr data-line=\"3\" />\n<p data-line=\"5\">b</p>\n"
        );
    }
}
