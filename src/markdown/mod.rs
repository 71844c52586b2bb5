//! Markdown to HTML: options, heading ids and table of contents, the source
//! line of every top-level block, the excerpt cut, and safe HTML.

use crate::compat::kramdown;
use crate::sanitize;
use pulldown_cmark::{
    BrokenLink, BrokenLinkCallback, CowStr, Event, OffsetIter, Options as CmarkOptions, Parser,
    Tag, TagEnd,
};
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::rc::Rc;
use unicase::UniCase;

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

/// Counts the words of a text as `Post::word_count` does (see
/// [`WordCounter`]): Unicode letters and digits, `can't` and `3.14` as one
/// word, each Han ideograph as one.
pub fn count_words(text: &str) -> usize {
    WordCounter::default().count(text)
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

impl Preset {
    /// The pulldown-cmark extensions this preset turns on (benchmarks compare Quire with bare
    /// pulldown-cmark under the same ones).
    pub fn pulldown_options(self) -> CmarkOptions {
        cmark_options(self)
    }
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
    let parser = parser(body, options.preset, Links(None)).into_offset_iter();
    let blog = options.preset == Preset::Blog;
    let seed = HeadingSeed {
        used: blog.then(|| custom_heading_ids(body)),
        counts: HashMap::new(),
    };
    render_events(body, parser, first_line, options, excerpt, seed, false).rendered
}

/// One top-level block of a rendered body (what the editor's incremental
/// renderer in `draft.rs` keeps).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct BlockSpan {
    /// The block's bytes in the body.
    pub src: Range<usize>,
    /// Where its HTML starts in the output.
    pub out: usize,
    /// 1-based file line of its first byte.
    pub line: usize,
    /// Words counted before it.
    pub words_before: usize,
    /// Headings before it.
    pub headings_before: usize,
    /// It is raw HTML (written as is, with no newline of the writer's before it).
    pub html_block: bool,
}

/// The state of heading ids before a stretch of body: ids taken (every
/// `{#custom}` id of the whole body, then each id given so far) and how far
/// each base's `-N` counter got. `used: None` gives no ids (commonmark).
#[derive(Clone, Debug, Default)]
pub(crate) struct HeadingSeed {
    pub used: Option<HashSet<String>>,
    pub counts: HashMap<String, usize>,
}

impl HeadingSeed {
    /// Replays giving an id to a heading whose slug is `base` (`None`: it
    /// has a custom id, which is already taken), as the renderer does.
    pub fn give(&mut self, base: Option<&str>) {
        if let Some(base) = base {
            unique_id(self.used.as_mut(), &mut self.counts, base);
        }
    }
}

/// A body rendered for the editor: the HTML without `data-line`, cut into
/// top-level blocks.
pub(crate) struct BlockRender {
    pub rendered: Rendered,
    pub blocks: Vec<BlockSpan>,
    /// Per heading (as `rendered.toc`): its slug before numbering, or `None`
    /// for a `{#custom}` id.
    pub bases: Vec<Option<String>>,
    /// A footnote reference or definition was seen.
    pub footnotes: bool,
    /// kramdown's attribute lists, abbreviations or `{:toc}` were used.
    pub kramdown: bool,
}

/// Link reference definitions from outside the text being parsed: label ->
/// (URL, title). The editor's windows resolve through the whole post's.
pub(crate) type RefMap = HashMap<UniCase<String>, (String, String)>;

/// Resolves a reference link the text does not define from a [`RefMap`].
pub(crate) struct Links<'r>(pub Option<&'r RefMap>);

impl<'a> BrokenLinkCallback<'a> for Links<'_> {
    fn handle_broken_link(&mut self, link: BrokenLink<'a>) -> Option<(CowStr<'a>, CowStr<'a>)> {
        let (url, title) = self.0?.get(&UniCase::new(link.reference.into_string()))?;
        Some((url.clone().into(), title.clone().into()))
    }
}

/// The parser for `preset`: one type for every caller, so the renderer is
/// compiled once.
pub(crate) fn parser<'a, 'r>(
    text: &'a str,
    preset: Preset,
    links: Links<'r>,
) -> Parser<'a, Links<'r>> {
    Parser::new_with_broken_link_callback(text, cmark_options(preset), Some(links))
}

/// The renderer's one pass over `events` (see [`render_body`]); with
/// `collect`, the HTML has no `data-line` and the top-level blocks are listed
/// instead.
pub(crate) fn render_events<'a>(
    body: &'a str,
    events: OffsetIter<'a, Links<'_>>,
    first_line: Option<Lines<'a>>,
    options: &Options,
    excerpt: ExcerptRule<'_>,
    seed: HeadingSeed,
    collect: bool,
) -> BlockRender {
    let blog = options.preset == Preset::Blog;
    let safe = blog && !options.unsafe_html;
    let events = Sanitized::new(events, safe);
    // kramdown's attribute lists, `{:toc}` and abbreviations: only when the
    // body has `{:` or `*[`; otherwise the stage passes events through.
    let kramdown_on = blog && kramdown::wanted(body);
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
    let mut observer = Observer::new(
        body,
        first_line.filter(|_| blog),
        excerpt,
        !options.unsafe_html,
    );
    observer.blocks = collect.then(Vec::new);
    let out = Rc::new(RefCell::new(String::with_capacity(body.len() * 3 / 2)));
    let (edits, section) = {
        let observed = (&mut headings).map(|(event, range)| {
            observer.observe(&event, &range, out.borrow().len());
            event
        });
        // The kramdown marks and the footnotes stage only where they can act
        // (each layer costs every event a move): a note needs `[^`.
        if kramdown_on || (blog && memchr::memmem::find(body.as_bytes(), b"[^").is_some()) {
            let mut marks = kramdown::Marks::new(observed, notes, Rc::clone(&out), abbreviations);
            let mut footnotes = crate::footnotes::Footnotes::new(&mut marks);
            write_events(&mut footnotes, &out);
            let section = footnotes.section();
            (std::mem::take(&mut marks.edits), section)
        } else {
            let mut observed = observed;
            if blog {
                write_events(&mut observed, &out);
            } else {
                write_events(&mut quote_text(&mut observed), &out);
            }
            (Vec::new(), String::new())
        }
    };
    let mut html = out.take();
    if !edits.is_empty() {
        let (toc, skip) = (&headings.toc, &headings.skip);
        let mut offsets: Vec<&mut usize> = observer
            .marks
            .iter_mut()
            .map(|mark| &mut mark.0)
            .chain(
                observer
                    .blocks
                    .iter_mut()
                    .flatten()
                    .map(|block| &mut block.out),
            )
            .collect();
        html = kramdown::patch(html, &edits, || kramdown::toc_html(toc, skip), &mut offsets);
    }
    let mut html = match &observer.lines {
        Some(_) if !collect => insert_line_attributes(html, &observer.marks),
        _ => html,
    };
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
    let (excerpt_html, has_more) = match excerpt {
        ExcerptRule::None => (String::new(), false),
        _ => observer.excerpt(),
    };
    let first_heading = headings.toc.first().map(|entry| entry.text.clone());
    BlockRender {
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
/// may span lines), drops unsafe link and image URLs, and keeps only the id
/// and classes of heading attributes. Ranges stay those of the source.
struct Sanitized<'a, I> {
    inner: I,
    safe: bool,
    pending: Option<Spanned<'a>>,
}

impl<'a, I: Iterator<Item = Spanned<'a>>> Sanitized<'a, I> {
    fn new(inner: I, safe: bool) -> Self {
        Sanitized {
            inner,
            safe,
            pending: None,
        }
    }
}

impl<'a, I: Iterator<Item = Spanned<'a>>> Iterator for Sanitized<'a, I> {
    type Item = Spanned<'a>;

    fn next(&mut self) -> Option<Spanned<'a>> {
        if let Some(pending) = self.pending.take() {
            return Some(pending);
        }
        let (event, range) = self.inner.next()?;
        if !self.safe {
            return Some((event, range));
        }
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
                return Some((
                    Event::Html(sanitize::clean_html(&buffer).into()),
                    start..end,
                ));
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
        Some((event, range))
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

/// Plain CommonMark HTML of `text` (no extensions: captions and Hugo's
/// `markdownify` in the compatibility stage), through the renderer's own
/// parser and writer types. A `Parser::new_ext` + `push_html` pair there
/// compiled pulldown-cmark's parser and HTML writer a second time: about
/// 45 KB of raw wasm. `Links(None)` resolves no broken link, as `new_ext`.
pub(crate) fn plain_html(text: &str) -> String {
    let mut events =
        Parser::new_with_broken_link_callback(text, CmarkOptions::empty(), Some(Links(None)));
    let out = Rc::new(RefCell::new(String::with_capacity(text.len() * 3 / 2)));
    write_events(&mut events, &out);
    out.take()
}

/// Custom heading ids (`{#id}`) anywhere in the post, so generated ids
/// never take them. A second parse, only for posts that have `{#`.
pub(crate) fn custom_heading_ids(body: &str) -> HashSet<String> {
    if memchr::memmem::find(body.as_bytes(), b"{#").is_none() {
        return HashSet::new();
    }
    // The renderer's parser type, so pulldown-cmark's parser is compiled
    // once (a `Parser::new_ext` here was a second copy: 16 KB of wasm).
    Parser::new_with_broken_link_callback(
        body,
        CmarkOptions::ENABLE_HEADING_ATTRIBUTES,
        Some(Links(None)),
    )
    .filter_map(|event| match event {
        Event::Start(Tag::Heading { id: Some(id), .. }) => Some(id.into_string()),
        _ => None,
    })
    .collect()
}

/// Gives every heading a unique id (`{#custom}` wins, repeats get `-1`,
/// `-2`, ...) and lists them, holding back only the events of one heading
/// at a time. Without ids (`None`: the commonmark preset) the table of
/// contents has empty ids, like the HTML.
struct Headings<'a, I> {
    inner: I,
    used: Option<HashSet<String>>,
    counts: HashMap<String, usize>,
    held: std::collections::VecDeque<Spanned<'a>>,
    toc: Vec<TocEntry>,
    /// Per heading: its slug before numbering (`None`: custom id).
    bases: Vec<Option<String>>,
    /// Per heading: marked `no_toc` (left out of `{:toc}`).
    skip: Vec<bool>,
}

impl<'a, I: Iterator<Item = Spanned<'a>>> Headings<'a, I> {
    fn new(inner: I, seed: HeadingSeed) -> Self {
        Headings {
            inner,
            used: seed.used,
            counts: seed.counts,
            held: std::collections::VecDeque::new(),
            toc: Vec::new(),
            bases: Vec::new(),
            skip: Vec::new(),
        }
    }
}

/// A heading's slug before numbering: `section` when it has none.
fn heading_base(text: &str) -> String {
    match slugify_heading(text) {
        s if s.is_empty() => "section".to_string(),
        s => s,
    }
}

/// The first of `base`, `base-1`, `base-2`, ... not yet used, now used.
fn unique_id(
    used: Option<&mut HashSet<String>>,
    counts: &mut HashMap<String, usize>,
    base: &str,
) -> Option<String> {
    let used = used?;
    let mut candidate = base.to_string();
    while used.contains(&candidate) {
        let n = counts.entry(base.to_string()).or_insert(0);
        *n += 1;
        candidate = format!("{base}-{n}");
    }
    used.insert(candidate.clone());
    Some(candidate)
}

impl<'a, I: Iterator<Item = Spanned<'a>>> Iterator for Headings<'a, I> {
    type Item = Spanned<'a>;

    fn next(&mut self) -> Option<Spanned<'a>> {
        if let Some(held) = self.held.pop_front() {
            return Some(held);
        }
        let (event, range) = self.inner.next()?;
        let Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) = event
        else {
            return Some((event, range));
        };
        let mut text = String::new();
        for (inner, inner_range) in self.inner.by_ref() {
            match &inner {
                Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                    text.push_str(t)
                }
                Event::SoftBreak | Event::HardBreak => text.push(' '),
                _ => {}
            }
            let end = matches!(inner, Event::End(TagEnd::Heading(_)));
            self.held.push_back((inner, inner_range));
            if end {
                break;
            }
        }
        let text = text.trim().to_string();
        let id = match id {
            Some(custom) => {
                self.bases.push(None);
                Some(custom)
            }
            None => {
                let base = heading_base(&text);
                let id = unique_id(self.used.as_mut(), &mut self.counts, &base);
                self.bases.push(Some(base));
                id.map(CowStr::from)
            }
        };
        self.skip.push(classes.iter().any(|c| &**c == "no_toc"));
        self.toc.push(TocEntry {
            level: level as u8,
            id: id.as_deref().unwrap_or("").to_string(),
            text,
        });
        let start = Tag::Heading {
            level,
            id,
            classes,
            attrs,
        };
        Some((Event::Start(start), range))
    }
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

/// Counts words the way Unicode's word boundaries (UAX #29) do for prose,
/// in one pass over the characters: a word is a run of letters, digits and
/// `_`; `.`, `'` and `’` join two letters or two digits, `:` two letters,
/// `,` and `;` two digits (`can't`, `e.g`, `3.14`, `1,000`, but `20:14` is
/// two words); every Han ideograph and Hiragana character is a word of its
/// own. It carries over from one text event to the next (smart quotes split
/// text), and a test checks it against the `unicode-segmentation` crate on
/// every real post. About 4x faster than that crate, and 8 KB less wasm.
#[derive(Default)]
struct WordCounter {
    /// Class of the previous character, if it was part of a word.
    last: Option<WordClass>,
    /// A joiner after a word, and the class before it.
    joiner: Option<(Joiner, WordClass)>,
    /// The current run has been counted.
    counted: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum WordClass {
    Letter,
    Digit,
    Underscore,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Joiner {
    /// `:` (MidLetter).
    Letters,
    /// `,` `;` (MidNum).
    Digits,
    /// `.` `'` `’` (MidNumLet).
    Both,
}

impl WordCounter {
    fn count(&mut self, text: &str) -> usize {
        let mut words = 0;
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            // ASCII that is no part of a word and joins none (spaces, most
            // punctuation): the run ends any word and joiner, as the general
            // path below would, byte by byte.
            if is_ascii_separator(bytes[i]) {
                i += 1;
                while i < bytes.len() && is_ascii_separator(bytes[i]) {
                    i += 1;
                }
                self.end_word();
                continue;
            }
            // Inside a counted word, a run of ASCII letters and digits only
            // extends it: skip it in one go (most of the bytes of a post).
            if self.counted && self.last.is_some() && bytes[i].is_ascii_alphanumeric() {
                while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
                    i += 1;
                }
                let class = if bytes[i - 1].is_ascii_digit() {
                    WordClass::Digit
                } else {
                    WordClass::Letter
                };
                self.last = Some(class);
                self.joiner = None;
                continue;
            }
            // ASCII without decoding; other characters decoded.
            let c = if bytes[i] < 0x80 {
                i += 1;
                bytes[i - 1] as char
            } else {
                let c = text[i..].chars().next().unwrap_or(' ');
                i += c.len_utf8();
                c
            };
            let class = if c.is_ascii() {
                match c {
                    'a'..='z' | 'A'..='Z' => Some(WordClass::Letter),
                    '0'..='9' => Some(WordClass::Digit),
                    '_' => Some(WordClass::Underscore),
                    _ => None,
                }
            } else if is_ideographic(c) {
                None
            } else if c.is_alphabetic() {
                Some(WordClass::Letter)
            } else if c.is_numeric() {
                Some(WordClass::Digit)
            } else if c == '_' {
                Some(WordClass::Underscore)
            } else {
                None
            };
            match class {
                Some(class) => {
                    let continues = match (self.last, self.joiner) {
                        (Some(_), _) => true,
                        (None, Some((joiner, before))) => {
                            before == class
                                && match joiner {
                                    Joiner::Letters => class == WordClass::Letter,
                                    Joiner::Digits => class == WordClass::Digit,
                                    Joiner::Both => class != WordClass::Underscore,
                                }
                        }
                        (None, None) => false,
                    };
                    // A run of only `_` is not a word; it counts once it
                    // holds a letter or digit.
                    if !continues {
                        self.counted = false;
                    }
                    if !self.counted && class != WordClass::Underscore {
                        words += 1;
                        self.counted = true;
                    }
                    self.last = Some(class);
                    self.joiner = None;
                }
                None if is_ideographic(c) => {
                    words += 1;
                    self.end_word();
                }
                None => {
                    let joiner = match c {
                        ':' | '·' => Some(Joiner::Letters),
                        ',' | ';' => Some(Joiner::Digits),
                        '.' | '\'' | '’' => Some(Joiner::Both),
                        _ => None,
                    };
                    self.joiner = self
                        .last
                        .zip(joiner)
                        .map(|(before, joiner)| (joiner, before));
                    self.last = None;
                }
            }
        }
        words
    }

    fn end_word(&mut self) {
        self.last = None;
        self.joiner = None;
    }
}

/// ASCII outside words that joins nothing (not a letter, digit, `_`, or one
/// of the joiners `:` `,` `;` `.` `'`).
fn is_ascii_separator(b: u8) -> bool {
    b < 0x80 && !b.is_ascii_alphanumeric() && !matches!(b, b'_' | b':' | b',' | b';' | b'.' | b'\'')
}

/// Characters UAX #29 never joins into longer words: Han and Hiragana.
fn is_ideographic(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x309F        // Hiragana
        | 0x3400..=0x4DBF      // CJK Extension A
        | 0x4E00..=0x9FFF      // CJK Unified Ideographs
        | 0xF900..=0xFAFF      // CJK Compatibility Ideographs
        | 0x20000..=0x3134F) // CJK Extensions B to G
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

/// Watches the event stream on its way to the writer: counts words outside
/// code blocks, marks where top-level blocks start (for `data-line`), and
/// keeps the events the excerpt needs.
struct Observer<'a, 's> {
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
    top_level_blocks: usize,
    depth: usize,
    in_code: usize,
    word_counter: WordCounter,
    pub words: usize,
    /// 1-based line of the body's start, when `data-line` is wanted.
    lines: Option<LineIndex<'a>>,
    mark_html_blocks: bool,
    /// (output offset, line) of each top-level block.
    marks: Vec<(usize, usize)>,
    /// Every top-level block, when the editor asks for them.
    blocks: Option<Vec<BlockSpan>>,
    headings: usize,
    footnotes: bool,
}

impl<'a, 's> Observer<'a, 's> {
    fn new(
        body: &'a str,
        first_line: Option<Lines<'a>>,
        rule: ExcerptRule<'s>,
        mark_html_blocks: bool,
    ) -> Self {
        let (candidates, separator_len) = separator_candidates(body, rule);
        let mut candidates = candidates.into_iter();
        let next_candidate = candidates.next();
        Observer {
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
            top_level_blocks: 0,
            depth: 0,
            in_code: 0,
            word_counter: WordCounter::default(),
            words: 0,
            lines: first_line.map(|lines| LineIndex::new(body, lines)),
            mark_html_blocks,
            marks: Vec::new(),
            blocks: None,
            headings: 0,
            footnotes: false,
        }
    }

    fn observe(&mut self, event: &Event<'a>, range: &Range<usize>, written: usize) {
        let top_level = self.depth == 0 && !matches!(event, Event::End(_));
        if top_level {
            self.top_level_blocks += 1;
            let html_block = matches!(event, Event::Start(Tag::HtmlBlock));
            if let Some(blocks) = &mut self.blocks {
                let line = self.lines.as_mut().map_or(0, |l| l.line_of(range.start));
                blocks.push(BlockSpan {
                    src: range.clone(),
                    out: written,
                    line,
                    words_before: self.words,
                    headings_before: self.headings,
                    html_block,
                });
            } else if let Some(lines) = &mut self.lines
                && (self.mark_html_blocks || !html_block)
            {
                self.marks.push((written, lines.line_of(range.start)));
            }
        }
        match event {
            Event::Start(Tag::Heading { .. }) => self.headings += 1,
            Event::Start(Tag::FootnoteDefinition(_)) | Event::FootnoteReference(_) => {
                self.footnotes = true
            }
            _ => {}
        }
        if self.rule != ExcerptRule::None {
            self.keep_for_excerpt(event, range);
        }
        match event {
            Event::Start(Tag::CodeBlock(_)) => self.in_code += 1,
            Event::End(TagEnd::CodeBlock) => self.in_code = self.in_code.saturating_sub(1),
            Event::Text(text) | Event::Code(text) if self.in_code == 0 => {
                self.words += self.word_counter.count(text);
            }
            _ => self.word_counter.end_word(),
        }
        match event {
            Event::Start(_) => self.depth += 1,
            Event::End(_) => self.depth = self.depth.saturating_sub(1),
            _ => {}
        }
    }

    fn keep_for_excerpt(&mut self, event: &Event<'a>, range: &Range<usize>) {
        // The first paragraph (or, if it comes first, another block), for the
        // fallback; at most MAX_AUTO_EXCERPT_EVENTS of it.
        match self.paragraph {
            Paragraph::NotYet
                if self.depth == 0 && matches!(event, Event::Start(Tag::Paragraph)) =>
            {
                self.first_paragraph.push(event.clone());
                self.paragraph = Paragraph::Open;
            }
            Paragraph::NotYet
                if self.top_level_blocks == 1
                    && self.first_block.len() < MAX_AUTO_EXCERPT_EVENTS =>
            {
                self.first_block.push(event.clone());
            }
            Paragraph::Open => {
                if self.first_paragraph.len() < MAX_AUTO_EXCERPT_EVENTS {
                    self.first_paragraph.push(event.clone());
                }
                if self.depth == 1 && matches!(event, Event::End(TagEnd::Paragraph)) {
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
                                && self.in_code == 0 =>
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
                    _ => self.in_code == 0,
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

    /// The excerpt's HTML and whether the post goes on after it.
    fn excerpt(self) -> (String, bool) {
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
                let more = self.top_level_blocks > 1
                    || self.first_paragraph.len() >= MAX_AUTO_EXCERPT_EVENTS;
                (closed(self.first_paragraph), more)
            }
            None => {
                let more =
                    self.top_level_blocks > 1 || self.first_block.len() >= MAX_AUTO_EXCERPT_EVENTS;
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

pub(crate) fn write_html<'a>(
    events: &mut dyn Iterator<Item = Event<'a>>,
    capacity: usize,
) -> String {
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

/// Where a body's lines are in the file: from a first line on, or line by
/// line (a body the compatibility stage rewrote, see `crate::compat`).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Lines<'m> {
    first: usize,
    map: Option<&'m [usize]>,
}

impl<'m> Lines<'m> {
    /// The body's line `n` (0-based) is the file's line `first + n`.
    pub fn from(first: usize) -> Self {
        Lines { first, map: None }
    }

    /// The body's line `n` is the file's line `map[n]`.
    pub fn mapped(map: &'m [usize]) -> Self {
        Lines {
            first: map.first().copied().unwrap_or(1),
            map: Some(map),
        }
    }

    fn file_line(&self, n: usize) -> usize {
        match self.map {
            Some(map) => map.get(n).or(map.last()).copied().unwrap_or(self.first),
            None => self.first + n,
        }
    }
}

/// Maps byte offsets of a body to 1-based file lines; offsets arrive in
/// increasing order, so a forward scan is enough.
struct LineIndex<'a> {
    body: &'a [u8],
    offset: usize,
    /// 0-based line of `offset` in the body.
    line: usize,
    lines: Lines<'a>,
}

impl<'a> LineIndex<'a> {
    fn new(body: &'a str, lines: Lines<'a>) -> Self {
        LineIndex {
            body: body.as_bytes(),
            offset: 0,
            line: 0,
            lines,
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
        self.lines.file_line(self.line)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blog(md: &str) -> String {
        render_markdown(md, &Options::default())
    }

    fn rendered(md: &str) -> Rendered {
        render_body(
            md,
            Some(Lines::from(1)),
            &Options::default(),
            ExcerptRule::DefaultMarker,
        )
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
        let r = render_body(
            "# Title\n",
            Some(Lines::from(5)),
            &Options::default(),
            ExcerptRule::None,
        );
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

    #[test]
    fn words_are_counted_like_unicode_word_boundaries() {
        let count = |text: &str| WordCounter::default().count(text);
        assert_eq!(count("Hello, world! It's 3.14 o'clock, e.g. now."), 7);
        assert_eq!(count("well-known state_of_art"), 3);
        assert_eq!(count("Ünïcödé wörds — and ‘quotes’"), 4);
        assert_eq!(count("日本語のテキスト"), 5);
        assert_eq!(count("1,000,000 people"), 2);
        assert_eq!(count("version 1.3.0.rc1 at 20:14:39"), 7);
        assert_eq!(count("let _ = x_1; __"), 2);
        assert_eq!(count("  ... !!! "), 0);
    }

    #[test]
    fn a_word_split_by_a_smart_apostrophe_counts_once() {
        assert_eq!(rendered("Don't stop, it's fine.\n").word_count, 4);
    }

    #[test]
    fn words_in_code_blocks_are_not_counted() {
        let r = rendered("One two three.\n\n```\nnot counted here\n```\n\n    nor here\n");
        assert_eq!(r.word_count, 3);
    }

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
