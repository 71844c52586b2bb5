//! The HTML writer: every rendering writes its events through [`write_events`],
//! into one buffer shared with the stages before it ([`Html`]). It writes
//! what pulldown-cmark's own HTML writer writes, byte for byte (the
//! CommonMark spec tests and the corpus's output hashes pin it), but into
//! the buffer directly: no `fmt::Write` and no borrow per piece, text
//! escaped a run at a time. The commonmark preset's quotes are written as
//! the reference implementations write them ([`quote_text`]).

use super::Spanned;
use super::lines::LineAttributes;
use super::parser::Links;
use crate::escape::{Escape, escape_href_into, escape_into};
use pulldown_cmark::{
    Alignment, BlockQuoteKind, CodeBlockKind, CowStr, Event, HeadingLevel, LinkType,
    Options as CmarkOptions, Parser, Tag, TagEnd,
};
use std::cell::RefCell;
use std::ops::Range;
use std::rc::Rc;

/// The HTML written so far, shared: the stages before the writer see how
/// much is out when a block starts, and mark where `data-line` goes.
#[derive(Default)]
pub(crate) struct Html {
    text: String,
    lines: LineAttributes,
}

impl Html {
    pub(crate) fn with_capacity(capacity: usize) -> Rc<RefCell<Html>> {
        Rc::new(RefCell::new(Html {
            text: String::with_capacity(capacity),
            lines: LineAttributes::default(),
        }))
    }

    /// Bytes written so far.
    pub(crate) fn len(&self) -> usize {
        self.text.len()
    }

    /// The element written next gets ` data-line="line"`.
    pub(crate) fn mark_line(&mut self, line: usize) {
        self.lines.mark(self.text.len(), line);
    }

    /// (output offset, line) of each mark that found no element to take it.
    pub(crate) fn unused_marks(&mut self) -> Vec<(usize, usize)> {
        std::mem::take(&mut self.lines.unused)
    }

    /// The HTML, every `data-line` in place.
    pub(crate) fn finish(&mut self) -> String {
        self.lines.finish(&mut self.text);
        std::mem::take(&mut self.text)
    }

    #[inline(always)]
    fn push(&mut self, text: &str) {
        self.lines.write(&mut self.text, text);
    }

    /// What `write` appends: straight into the buffer unless a `data-line`
    /// mark is still looking for its element, which must see it written.
    #[inline(always)]
    fn push_with(&mut self, write: impl FnOnce(&mut String)) {
        if self.lines.is_idle() {
            write(&mut self.text);
        } else {
            let mut piece = String::new();
            write(&mut piece);
            self.push(&piece);
        }
    }

    fn push_escaped(&mut self, text: &str, set: Escape) {
        self.push_with(|out| escape_into(out, text, set));
    }

    fn push_href(&mut self, url: &str) {
        self.push_with(|out| escape_href_into(out, url));
    }

    fn push_number(&mut self, n: u64) {
        self.push_with(|out| push_decimal(out, n));
    }
}

/// Every rendering goes through this one call with one iterator type, so
/// the writer is compiled once (each extra instance is another copy of it in
/// the wasm). The buffer is borrowed for one event at a time: the stages
/// before the writer read it while the next event is made.
pub(super) fn write_events<'a>(
    events: &mut dyn Iterator<Item = Event<'a>>,
    out: &Rc<RefCell<Html>>,
) {
    let mut writer = Writer::default();
    for event in events {
        writer.event(&mut out.borrow_mut(), event);
    }
    writer.end(&mut out.borrow_mut());
}

/// [`write_events`] for the renderer's common case, straight from the stage
/// before the writer: each event is shown to `observe` with its bytes in the
/// body, then written, moved once rather than through one more iterator.
pub(super) fn write_observed<'a>(
    events: impl Iterator<Item = Spanned<'a>>,
    out: &Rc<RefCell<Html>>,
    mut observe: impl FnMut(&Event<'a>, &Range<usize>),
) {
    let mut writer = Writer::default();
    for (event, range) in events {
        observe(&event, &range);
        writer.event(&mut out.borrow_mut(), event);
    }
    writer.end(&mut out.borrow_mut());
}

pub(crate) fn write_html<'a>(
    events: &mut dyn Iterator<Item = Event<'a>>,
    capacity: usize,
) -> String {
    let out = Html::with_capacity(capacity * 3 / 2);
    write_events(events, &out);
    out.borrow_mut().finish()
}

/// Where the writer is between two events.
struct Writer<'a> {
    /// The last piece written ended a line (a block then starts without
    /// one of its own).
    end_newline: bool,
    /// In a metadata block: its text is not written.
    in_metadata: bool,
    /// In a table's head row (cells are `th`).
    in_table_head: bool,
    alignments: Vec<Alignment>,
    /// The cell's index in its row.
    cell: usize,
    /// Footnote labels by number, in the order first seen.
    notes: Vec<CowStr<'a>>,
    /// In an image's description, written as its `alt`: how many tags deep
    /// inside it, and the image's title, written after it.
    alt: Option<(usize, CowStr<'a>)>,
}

impl Default for Writer<'_> {
    fn default() -> Self {
        Writer {
            end_newline: true,
            in_metadata: false,
            // As pulldown-cmark's writer: a table's cells are `th` until
            // its head ends.
            in_table_head: true,
            alignments: Vec::new(),
            cell: 0,
            notes: Vec::new(),
            alt: None,
        }
    }
}

impl<'a> Writer<'a> {
    /// Writes `text`, remembering whether it ended a line.
    #[inline(always)]
    fn write(&mut self, out: &mut Html, text: &str) {
        out.push(text);
        if let Some(&last) = text.as_bytes().last() {
            self.end_newline = last == b'\n';
        }
    }

    /// Writes a block's start tag, on a line of its own.
    #[inline(always)]
    fn block(&mut self, out: &mut Html, tag: &str) {
        if !self.end_newline {
            out.push("\n");
        }
        self.write(out, tag);
    }

    /// `text` escaped between `open` and `close`.
    fn wrapped(&mut self, out: &mut Html, open: &str, text: &str, set: Escape, close: &str) {
        self.write(out, open);
        out.push_escaped(text, set);
        self.write(out, close);
    }

    /// A footnote's label (escaped), `between`, its number, `close`.
    fn footnote(&mut self, out: &mut Html, label: CowStr<'a>, between: &str, close: &str) {
        out.push_escaped(&label, Escape::All);
        self.write(out, between);
        let number = self.note_number(label);
        out.push_number(number);
        self.write(out, close);
    }

    /// The number of the footnote `label`: a new one the next number.
    fn note_number(&mut self, label: CowStr<'a>) -> u64 {
        let at = match self.notes.iter().position(|note| *note == label) {
            Some(at) => at,
            None => {
                self.notes.push(label);
                self.notes.len() - 1
            }
        };
        at as u64 + 1
    }

    fn event(&mut self, out: &mut Html, event: Event<'a>) {
        if self.alt.is_some() {
            return self.alt_event(out, event);
        }
        match event {
            Event::Start(tag) => self.start(out, tag),
            Event::End(tag) => self.end_tag(out, tag),
            Event::Text(text) => {
                if !self.in_metadata {
                    let text: &str = &text;
                    out.push_escaped(text, Escape::Text);
                    self.end_newline = text.ends_with('\n');
                }
            }
            Event::Code(code) => {
                self.wrapped(out, "<code>", &code, Escape::Text, "</code>");
            }
            Event::InlineMath(math) => {
                let open = "<span class=\"math math-inline\">";
                self.wrapped(out, open, &math, Escape::All, "</span>");
            }
            Event::DisplayMath(math) => {
                let open = "<span class=\"math math-display\">";
                self.wrapped(out, open, &math, Escape::All, "</span>");
            }
            Event::Html(html) | Event::InlineHtml(html) => self.write(out, &html),
            Event::SoftBreak => self.write(out, "\n"),
            Event::HardBreak => self.write(out, "<br />\n"),
            Event::Rule => self.block(out, "<hr />\n"),
            Event::FootnoteReference(label) => {
                self.write(out, "<sup class=\"footnote-reference\"><a href=\"#");
                self.footnote(out, label, "\">", "</a></sup>");
            }
            Event::TaskListMarker(true) => {
                self.write(
                    out,
                    "<input disabled=\"\" type=\"checkbox\" checked=\"\"/>\n",
                );
            }
            Event::TaskListMarker(false) => {
                self.write(out, "<input disabled=\"\" type=\"checkbox\"/>\n");
            }
        }
    }

    fn start(&mut self, out: &mut Html, tag: Tag<'a>) {
        match tag {
            Tag::HtmlBlock => {}
            Tag::Paragraph => self.block(out, "<p>"),
            Tag::Heading {
                level,
                id,
                classes,
                attrs,
            } => {
                self.block(out, "<");
                self.write(out, heading_name(level));
                if let Some(id) = id {
                    self.write(out, " id=\"");
                    out.push_escaped(&id, Escape::All);
                    self.write(out, "\"");
                }
                for (n, class) in classes.iter().enumerate() {
                    self.write(out, if n == 0 { " class=\"" } else { " " });
                    out.push_escaped(class, Escape::All);
                }
                if !classes.is_empty() {
                    self.write(out, "\"");
                }
                for (name, value) in attrs {
                    self.write(out, " ");
                    out.push_escaped(&name, Escape::All);
                    self.write(out, "=\"");
                    if let Some(value) = value {
                        out.push_escaped(&value, Escape::All);
                    }
                    self.write(out, "\"");
                }
                self.write(out, ">");
            }
            Tag::Table(alignments) => {
                self.alignments = alignments;
                self.write(out, "<table>");
            }
            Tag::TableHead => {
                self.in_table_head = true;
                self.cell = 0;
                self.write(out, "<thead><tr>");
            }
            Tag::TableRow => {
                self.cell = 0;
                self.write(out, "<tr>");
            }
            Tag::TableCell => {
                self.write(out, if self.in_table_head { "<th" } else { "<td" });
                let align = match self.alignments.get(self.cell) {
                    Some(Alignment::Left) => " style=\"text-align: left\">",
                    Some(Alignment::Center) => " style=\"text-align: center\">",
                    Some(Alignment::Right) => " style=\"text-align: right\">",
                    _ => ">",
                };
                self.write(out, align);
            }
            Tag::BlockQuote(kind) => {
                self.block(out, "<blockquote");
                let class = match kind {
                    None => "",
                    Some(BlockQuoteKind::Note) => " class=\"markdown-alert-note\"",
                    Some(BlockQuoteKind::Tip) => " class=\"markdown-alert-tip\"",
                    Some(BlockQuoteKind::Important) => " class=\"markdown-alert-important\"",
                    Some(BlockQuoteKind::Warning) => " class=\"markdown-alert-warning\"",
                    Some(BlockQuoteKind::Caution) => " class=\"markdown-alert-caution\"",
                };
                out.push(class);
                self.write(out, ">\n");
            }
            Tag::CodeBlock(kind) => {
                let language = match &kind {
                    CodeBlockKind::Fenced(info) => info.split(' ').next().unwrap_or(""),
                    CodeBlockKind::Indented => "",
                };
                if language.is_empty() {
                    self.block(out, "<pre><code>");
                } else {
                    self.block(out, "<pre><code class=\"language-");
                    out.push_escaped(language, Escape::All);
                    self.write(out, "\">");
                }
            }
            Tag::List(Some(1)) => self.block(out, "<ol>\n"),
            Tag::List(Some(start)) => {
                self.block(out, "<ol start=\"");
                out.push_number(start);
                self.write(out, "\">\n");
            }
            Tag::List(None) => self.block(out, "<ul>\n"),
            Tag::Item => self.block(out, "<li>"),
            Tag::DefinitionList => self.block(out, "<dl>\n"),
            Tag::DefinitionListTitle => self.block(out, "<dt>"),
            Tag::DefinitionListDefinition => self.block(out, "<dd>"),
            Tag::Subscript => self.write(out, "<sub>"),
            Tag::Superscript => self.write(out, "<sup>"),
            Tag::Emphasis => self.write(out, "<em>"),
            Tag::Strong => self.write(out, "<strong>"),
            Tag::Strikethrough => self.write(out, "<del>"),
            Tag::Link {
                link_type,
                dest_url,
                title,
                ..
            } => {
                self.write(
                    out,
                    if link_type == LinkType::Email {
                        "<a href=\"mailto:"
                    } else {
                        "<a href=\""
                    },
                );
                out.push_href(&dest_url);
                if !title.is_empty() {
                    self.write(out, "\" title=\"");
                    out.push_escaped(&title, Escape::All);
                }
                self.write(out, "\">");
            }
            Tag::Image {
                dest_url, title, ..
            } => {
                self.write(out, "<img src=\"");
                out.push_href(&dest_url);
                self.write(out, "\" alt=\"");
                self.alt = Some((0, title));
            }
            Tag::FootnoteDefinition(label) => {
                self.block(out, "<div class=\"footnote-definition\" id=\"");
                let between = "\"><sup class=\"footnote-definition-label\">";
                self.footnote(out, label, between, "</sup>");
            }
            Tag::MetadataBlock(_) => self.in_metadata = true,
        }
    }

    fn end_tag(&mut self, out: &mut Html, tag: TagEnd) {
        let close = match tag {
            TagEnd::HtmlBlock | TagEnd::Image => return,
            TagEnd::MetadataBlock(_) => {
                self.in_metadata = false;
                return;
            }
            TagEnd::Heading(level) => {
                self.write(out, "</");
                self.write(out, heading_name(level));
                ">\n"
            }
            TagEnd::TableHead => {
                self.in_table_head = false;
                "</tr></thead><tbody>\n"
            }
            TagEnd::TableCell => {
                self.cell += 1;
                if self.in_table_head { "</th>" } else { "</td>" }
            }
            TagEnd::Paragraph => "</p>\n",
            TagEnd::Table => "</tbody></table>\n",
            TagEnd::TableRow => "</tr>\n",
            TagEnd::BlockQuote(_) => "</blockquote>\n",
            TagEnd::CodeBlock => "</code></pre>\n",
            TagEnd::List(true) => "</ol>\n",
            TagEnd::List(false) => "</ul>\n",
            TagEnd::Item => "</li>\n",
            TagEnd::DefinitionList => "</dl>\n",
            TagEnd::DefinitionListTitle => "</dt>\n",
            TagEnd::DefinitionListDefinition => "</dd>\n",
            TagEnd::Emphasis => "</em>",
            TagEnd::Superscript => "</sup>",
            TagEnd::Subscript => "</sub>",
            TagEnd::Strong => "</strong>",
            TagEnd::Strikethrough => "</del>",
            TagEnd::Link => "</a>",
            TagEnd::FootnoteDefinition => "</div>\n",
        };
        self.write(out, close);
    }

    /// An event inside an image's description: its text, escaped for the
    /// `alt` attribute, without markup.
    #[inline(never)]
    fn alt_event(&mut self, out: &mut Html, event: Event<'a>) {
        let Some((depth, _)) = &mut self.alt else {
            return;
        };
        match event {
            Event::Start(_) => *depth += 1,
            Event::End(_) if *depth > 0 => *depth -= 1,
            Event::End(_) => self.end(out),
            Event::Html(_) => {}
            Event::InlineHtml(text) | Event::Code(text) | Event::Text(text) => {
                out.push_escaped(&text, Escape::All);
                self.end_newline = text.ends_with('\n');
            }
            Event::InlineMath(math) => {
                self.wrapped(out, "$", &math, Escape::All, "$");
            }
            Event::DisplayMath(math) => {
                self.wrapped(out, "$$", &math, Escape::All, "$$");
            }
            Event::SoftBreak | Event::HardBreak | Event::Rule => self.write(out, " "),
            Event::FootnoteReference(label) => {
                let number = self.note_number(label);
                out.push("[");
                out.push_number(number);
                out.push("]");
            }
            Event::TaskListMarker(true) => self.write(out, "[x]"),
            Event::TaskListMarker(false) => self.write(out, "[ ]"),
        }
    }

    /// The end of an image's description, or of the events: an image still
    /// open gets its title and the end of its tag.
    fn end(&mut self, out: &mut Html) {
        if let Some((_, title)) = self.alt.take() {
            if !title.is_empty() {
                self.write(out, "\" title=\"");
                out.push_escaped(&title, Escape::All);
            }
            self.write(out, "\" />");
        }
    }
}

fn heading_name(level: HeadingLevel) -> &'static str {
    match level {
        HeadingLevel::H1 => "h1",
        HeadingLevel::H2 => "h2",
        HeadingLevel::H3 => "h3",
        HeadingLevel::H4 => "h4",
        HeadingLevel::H5 => "h5",
        HeadingLevel::H6 => "h6",
    }
}

/// Plain CommonMark HTML of `text` (no extensions: captions and Hugo's
/// `markdownify` in the compatibility stage), through the renderer's own
/// parser type and writer (`Parser::new_ext` would compile pulldown-cmark's
/// parser a second time into the wasm).
/// `Links(None)` resolves no broken link, as `new_ext`.
pub(crate) fn plain_html(text: &str) -> String {
    let mut events =
        Parser::new_with_broken_link_callback(text, CmarkOptions::empty(), Some(Links(None)));
    let out = Html::with_capacity(text.len() * 3 / 2);
    write_events(&mut events, &out);
    out.borrow_mut().finish()
}

/// Writes `"` in text as `&quot;`, as the CommonMark reference
/// implementations do (pulldown-cmark leaves it literal, which is the same
/// HTML but not the same bytes as the spec's examples). Text inside image
/// descriptions is left to the writer, which escapes it for the `alt`
/// attribute itself.
pub(super) fn quote_text<'a>(
    events: impl Iterator<Item = Event<'a>>,
) -> impl Iterator<Item = Event<'a>> {
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

/// `text` as the CommonMark reference implementations escape it.
fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    escape_into(&mut out, text, Escape::DoubleQuoted);
    out
}

/// `n` in decimal, as `format!("{n}")` writes it, without the formatter or an allocation
/// (a heading id's `-N`, a block's `data-line`).
pub(super) fn push_decimal(out: &mut String, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut start = digits.len();
    loop {
        start -= 1;
        digits[start] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    // Room once, then one byte per digit (`from_utf8` and a copy measured
    // slower on these few bytes).
    out.reserve(digits.len() - start);
    for &digit in &digits[start..] {
        out.push(char::from(digit));
    }
}

#[cfg(test)]
mod tests {
    use super::{push_decimal, write_html};
    use crate::markdown::{Options, Preset, render_markdown};
    use pulldown_cmark::{Options as CmarkOptions, Parser};

    /// Every construct pulldown-cmark has an event for, with every
    /// extension on, and what each event does to the next block's newline.
    const EVERY_EVENT: &str = "---\ntitle: metadata\n---\n\n\
        # Heading {#an-id .a .b data-x=1 flag}\n\n###### Six\n\n\
        Text *em* **strong** ~~del~~ ~sub~ ^sup^ `code <&>` $x<y$ and\\\nhard\nsoft \
        <span>inline</span> [link](</a b> \"t&\") [mail](mailto:a@b) <me@x.org> \
        [[Wiki]] ![alt *em* `c` $m$ <i>h</i> $$d$$\nnext\\\nhard](/i.png \"title\") \
        ![](/é?q='x'&y=%3C\"z\") ![a[^1]](x) [^1] [^other].\n\n\
        [^1]: A note with ![nested ![image](/n.png)](/o.png).\n\
        [^other]: Another.\n\n\
        | left | center | right | none |\n|:-----|:------:|------:|------|\n| 1 | 2 | 3 | 4 |\n\n\
        > [!WARNING]\n> careful\n\n> plain\n\n\
        - [x] done\n- [ ] open\n\n3. three\n4. four\n\n1. one\n\n\
        Term\n: Definition\n\n\
        ```rust ignore\nfn x() {}\n```\n\n    indented\n\n\
        ***\n\n<div>\nblock html\n</div>\n\n$$\nE = mc^2 & <x>\n$$\n\n\
        ![unclosed *image";

    fn pulldown(markdown: &str) -> String {
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, Parser::new_ext(markdown, CmarkOptions::all()));
        html
    }

    fn ours(markdown: &str) -> String {
        write_html(
            &mut Parser::new_ext(markdown, CmarkOptions::all()),
            markdown.len(),
        )
    }

    #[test]
    fn the_writer_writes_what_pulldown_cmarks_writer_writes_for_every_event() {
        assert_eq!(ours(EVERY_EVENT), pulldown(EVERY_EVENT));
        // Each line on its own too: a different event first and last.
        for line in EVERY_EVENT.lines() {
            assert_eq!(ours(line), pulldown(line), "{line:?}");
        }
    }

    #[test]
    fn the_writer_writes_what_pulldown_cmarks_writer_writes_for_every_spec_example() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/node_modules/commonmark-spec/spec.txt"
        );
        let spec = std::fs::read_to_string(path)
            .unwrap_or_else(|e| panic!("{path}: {e} (npm ci installs it)"));
        let fence = "`".repeat(32);
        let mut examples = 0;
        for block in spec.split(&format!("{fence} example\n")).skip(1) {
            let markdown = block.split("\n.\n").next().unwrap_or("").replace('→', "\t");
            assert_eq!(ours(&markdown), pulldown(&markdown), "{markdown:?}");
            examples += 1;
        }
        assert_eq!(examples, 652);
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
    fn a_number_is_written_as_format_writes_it() {
        for n in [0, 1, 9, 10, 99, 100, 12345, usize::MAX] {
            let mut s = String::from("x-");
            push_decimal(&mut s, n as u64);
            assert_eq!(s, format!("x-{n}"));
        }
    }
}
