//! The attribute-list stage before heading ids: drops attribute-list and
//! abbreviation-definition lines, moves each list's attributes to the
//! element it names, and marks where `{:toc}` goes.

use super::abbreviations::abbreviation_definition;
use super::ial::{Braces, Ial, parse_braces};
use super::spans::spans;
use super::{Note, Notes};
use crate::markdown::Spanned;
use pulldown_cmark::{CowStr, Event, Tag, TagEnd};
use std::collections::VecDeque;
use std::ops::Range;
use std::rc::Rc;

/// One top-level block held by [`Blocks`].
pub(super) struct Held<'a> {
    pub(super) events: Vec<Spanned<'a>>,
    /// Attributes for the events at these indexes.
    ials: Vec<(usize, Ial)>,
    /// The block is the `{:toc}` placeholder.
    toc: bool,
}

impl Held<'_> {
    fn end(&self) -> usize {
        self.events.iter().map(|(_, r)| r.end).max().unwrap_or(0)
    }

    pub(super) fn add(&mut self, at: usize, ial: Ial) {
        match self.ials.iter_mut().find(|(i, _)| *i == at) {
            Some((_, all)) => all.merge(ial),
            None => self.ials.push((at, ial)),
        }
    }
}

/// The attribute-list stage before heading ids (see the module docs).
pub(crate) struct Blocks<'a, I> {
    inner: I,
    body: &'a str,
    active: bool,
    abbreviations: bool,
    /// The last block, held until the next shows whether an attribute list
    /// right after it applies to it.
    previous: Option<Held<'a>>,
    /// A standalone attribute list waiting for the block right after it
    /// (and where it ended).
    waiting: Option<(Ial, usize)>,
    out: VecDeque<Spanned<'a>>,
    emitted: usize,
    notes: Notes,
    /// Something was taken for kramdown (the editor then renders whole).
    touched: Rc<std::cell::Cell<bool>>,
}

impl<'a, I: Iterator<Item = Spanned<'a>>> Blocks<'a, I> {
    /// `active: false` passes every event through as it comes.
    pub fn new(inner: I, body: &'a str, active: bool) -> Self {
        Blocks {
            inner,
            body,
            active,
            abbreviations: active && body.contains("*["),
            previous: None,
            waiting: None,
            out: VecDeque::new(),
            emitted: 0,
            notes: Rc::default(),
            touched: Rc::default(),
        }
    }

    /// Set once the stage took anything as kramdown's.
    pub fn touched(&self) -> Rc<std::cell::Cell<bool>> {
        Rc::clone(&self.touched)
    }

    /// The notes for [`super::Marks`].
    pub fn notes(&self) -> Notes {
        Rc::clone(&self.notes)
    }

    /// The next top-level block from the parser.
    fn read_block(&mut self) -> Option<Vec<Spanned<'a>>> {
        let first = self.inner.next()?;
        let open = matches!(first.0, Event::Start(_));
        let mut events = vec![first];
        if open {
            let mut depth = 1usize;
            for (event, range) in self.inner.by_ref() {
                match event {
                    Event::Start(_) => depth += 1,
                    Event::End(_) => depth -= 1,
                    _ => {}
                }
                events.push((event, range));
                if depth == 0 {
                    break;
                }
            }
        }
        Some(events)
    }

    fn release(&mut self, held: Held<'a>) {
        let Held {
            events, mut ials, ..
        } = held;
        if held.toc {
            self.note(Note::Toc);
        }
        for (index, (event, range)) in events.into_iter().enumerate() {
            let ial = ials
                .iter()
                .position(|(i, _)| *i == index)
                .map(|k| ials.swap_remove(k).1);
            let event = match (ial, event) {
                (
                    Some(ial),
                    Event::Start(Tag::Heading {
                        level,
                        id,
                        mut classes,
                        mut attrs,
                    }),
                ) => {
                    let id = ial.id.clone().map(CowStr::from).or(id);
                    classes.extend(ial.safe_classes().map(|c| CowStr::from(c.to_string())));
                    for (key, value) in &ial.pairs {
                        if matches!(key.as_str(), "title" | "lang" | "dir") {
                            attrs.push((key.clone().into(), Some(value.clone().into())));
                        }
                    }
                    Event::Start(Tag::Heading {
                        level,
                        id,
                        classes,
                        attrs,
                    })
                }
                (Some(ial), event) => {
                    if let Some(tag) = tag_name(&event) {
                        let html = ial.html(tag);
                        if !html.is_empty() {
                            self.note(Note::Attributes(html));
                        }
                    }
                    event
                }
                (None, event) => event,
            };
            self.out.push_back((event, range));
            self.emitted += 1;
        }
    }

    fn note(&mut self, note: Note) {
        self.notes.borrow_mut().push_back((self.emitted, note));
    }

    /// Whether no blank line separates what ends at `end` from what starts
    /// at `start`.
    fn adjacent(&self, end: usize, start: usize) -> bool {
        let body = self.body;
        let end = end.clamp(1, body.len().max(1));
        let last_line_end = body
            .get(end - 1..)
            .and_then(|rest| rest.find('\n'))
            .map_or(body.len(), |i| end - 1 + i);
        let start_line = body[..start.min(body.len())]
            .rfind('\n')
            .map_or(0, |i| i + 1);
        start_line <= last_line_end + 1
    }

    /// Handles one block from the parser: what it carries of attribute
    /// lists, abbreviation definitions and `{:toc}`.
    fn take(&mut self, events: Vec<Spanned<'a>>) {
        let range = events[0].1.clone();
        let mut block = Held {
            events,
            ials: Vec::new(),
            toc: false,
        };
        spans(&mut block, self.body);
        if let Some((ial, end)) = self.waiting.take()
            && self.adjacent(end, range.start)
        {
            block.add(0, ial);
        }
        let mut lines_cut = false;
        match &block.events[0].0 {
            Event::Start(Tag::Paragraph) => {
                let lines = self.line_kinds(range.clone());
                if lines.iter().all(|(_, kind)| *kind != Line::Content) {
                    self.touched.set(true);
                    // Only attribute lists and definitions: the attributes
                    // apply to the block before (no blank line between) or
                    // else to the one right after.
                    let mut ial: Option<Ial> = None;
                    for (_, kind) in lines {
                        if let Line::Ial(one) = kind {
                            merge_into(&mut ial, one);
                        }
                    }
                    if let Some(ial) = ial {
                        let adjacent = self
                            .previous
                            .as_ref()
                            .is_some_and(|p| !p.toc && self.adjacent(p.end(), range.start));
                        match &mut self.previous {
                            Some(previous) if adjacent => previous.add(0, ial),
                            _ => self.waiting = Some((ial, range.end)),
                        }
                    }
                    return;
                }
                // Attribute lists at the start and the end, and every
                // definition, are not text.
                let n = lines.len();
                let leading = lines
                    .iter()
                    .take_while(|(_, k)| *k != Line::Content)
                    .count();
                let trailing = lines
                    .iter()
                    .rev()
                    .take_while(|(_, k)| *k != Line::Content)
                    .count();
                let mut cut: Vec<Range<usize>> = Vec::new();
                let mut ial: Option<Ial> = None;
                for (i, (line, kind)) in lines.into_iter().enumerate() {
                    match kind {
                        Line::Dropped => cut.push(line),
                        Line::Ial(one) if i < leading || i >= n - trailing => {
                            merge_into(&mut ial, one);
                            cut.push(line);
                        }
                        _ => {}
                    }
                }
                if !cut.is_empty() && strip_lines(&mut block.events, &cut) {
                    lines_cut = true;
                    if let Some(ial) = ial {
                        block.add(0, ial);
                    }
                }
            }
            Event::Start(Tag::List(_) | Tag::BlockQuote(_) | Tag::Table(_)) => {
                self.last_line_ial(&mut block, range);
            }
            _ => {}
        }
        if !block.ials.is_empty() || block.toc || lines_cut {
            self.touched.set(true);
        }
        if let Some(previous) = self.previous.replace(block) {
            self.release(previous);
        }
    }

    /// An attribute list on the last line of a list, quote or table: on
    /// the container when the line is not indented or quoted (kramdown),
    /// else on the paragraph it ends; `{:toc}` after a list makes it the
    /// table of contents.
    fn last_line_ial(&mut self, block: &mut Held<'a>, range: Range<usize>) {
        let body = self.body;
        let Some(text) = body.get(range.clone()) else {
            return;
        };
        let trimmed = text.trim_end();
        let line_start = trimmed.rfind('\n').map_or(0, |i| i + 1);
        let line = &trimmed[line_start..];
        // `> {: .x}`: the list of the quote's last paragraph.
        let unquoted = line.trim().trim_start_matches(['>', ' ', '\t']);
        let Some(Braces::Ial(ial)) = parse_braces(unquoted) else {
            return;
        };
        let from = range.start + line_start;
        let to = range.start + trimmed.len();
        let container = line.starts_with('{');
        if let Event::Start(Tag::Table(_)) = block.events[0].0 {
            // The line is the table's last row: drop that row.
            let Some(row) = block
                .events
                .iter()
                .rposition(|(e, r)| matches!(e, Event::Start(Tag::TableRow)) && r.start >= from)
            else {
                return;
            };
            let Some(end) = block.events[row..]
                .iter()
                .position(|(e, _)| matches!(e, Event::End(TagEnd::TableRow)))
            else {
                return;
            };
            block.events.drain(row..=row + end);
            block.add(0, ial);
            return;
        }
        let last = from..to;
        if !strip_lines(&mut block.events, std::slice::from_ref(&last)) {
            return;
        }
        if ial.refs.iter().any(|r| r == "toc") {
            if container && matches!(block.events[0].0, Event::Start(Tag::List(_))) {
                block.events = vec![(Event::Html("\n".into()), range)];
                block.ials.clear();
                block.toc = true;
            }
            return;
        }
        let paragraph = if container {
            None
        } else {
            block
                .events
                .iter()
                .rposition(|(e, r)| matches!(e, Event::Start(Tag::Paragraph)) && r.start <= from)
        };
        block.add(paragraph.unwrap_or(0), ial);
    }

    fn line_kinds(&self, range: Range<usize>) -> Vec<(Range<usize>, Line)> {
        let text = self.body.get(range.clone()).unwrap_or("");
        let mut at = range.start;
        let mut lines = Vec::new();
        for line in text.split_inclusive('\n') {
            let trimmed = line.trim();
            let kind = if self.abbreviations && abbreviation_definition(trimmed).is_some() {
                Line::Dropped
            } else {
                match parse_braces(trimmed) {
                    Some(Braces::Ial(ial)) => Line::Ial(ial),
                    Some(Braces::Definition) => Line::Dropped,
                    None => Line::Content,
                }
            };
            lines.push((at..at + line.len(), kind));
            at += line.len();
        }
        lines
    }
}

impl<'a, I: Iterator<Item = Spanned<'a>>> Iterator for Blocks<'a, I> {
    type Item = Spanned<'a>;

    // Inlined into the stage after it: when inactive, the stage is the
    // stage before it.
    #[inline]
    fn next(&mut self) -> Option<Spanned<'a>> {
        if !self.active {
            return self.inner.next();
        }
        self.next_active()
    }
}

impl<'a, I: Iterator<Item = Spanned<'a>>> Blocks<'a, I> {
    #[inline(never)]
    fn next_active(&mut self) -> Option<Spanned<'a>> {
        loop {
            if let Some(event) = self.out.pop_front() {
                return Some(event);
            }
            match self.read_block() {
                Some(events) => self.take(events),
                None => {
                    let previous = self.previous.take()?;
                    self.release(previous);
                }
            }
        }
    }
}

fn merge_into(slot: &mut Option<Ial>, ial: Ial) {
    match slot {
        Some(all) => all.merge(ial),
        None => *slot = Some(ial),
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Line {
    Content,
    Ial(Ial),
    /// An abbreviation or attribute-list definition: dropped.
    Dropped,
}

/// Drops the inline events that lie on `lines` (byte ranges of whole
/// lines), and the line breaks left dangling. `false`, and nothing dropped,
/// when an element starts or ends on one of them (the text is then part of
/// something else, such as emphasis that spans lines).
fn strip_lines(events: &mut Vec<Spanned<'_>>, lines: &[Range<usize>]) -> bool {
    let on = |r: &Range<usize>| lines.iter().any(|l| r.start >= l.start && r.start < l.end);
    let n = events.len();
    if n < 2
        || events[1..n - 1]
            .iter()
            .any(|(e, r)| matches!(e, Event::Start(_) | Event::End(_)) && on(r))
    {
        return false;
    }
    events.retain(|(event, range)| matches!(event, Event::Start(_) | Event::End(_)) || !on(range));
    // A break is only between two pieces of text.
    let mut kept: Vec<Spanned<'_>> = Vec::with_capacity(events.len());
    for event in events.drain(..) {
        let is_break = matches!(event.0, Event::SoftBreak | Event::HardBreak);
        let after_break_or_start = kept.last().is_none_or(|(e, _)| {
            matches!(e, Event::SoftBreak | Event::HardBreak | Event::Start(_))
        });
        if is_break && after_break_or_start {
            continue;
        }
        if matches!(event.0, Event::End(_))
            && kept
                .last()
                .is_some_and(|(e, _)| matches!(e, Event::SoftBreak | Event::HardBreak))
        {
            kept.pop();
        }
        kept.push(event);
    }
    *events = kept;
    true
}

/// The HTML tag an event's element starts with.
fn tag_name(event: &Event<'_>) -> Option<&'static str> {
    Some(match event {
        Event::Start(tag) => match tag {
            Tag::Paragraph => "p",
            Tag::BlockQuote(_) => "blockquote",
            Tag::CodeBlock(_) => "pre",
            Tag::List(None) => "ul",
            Tag::List(Some(_)) => "ol",
            Tag::Item => "li",
            Tag::Table(_) => "table",
            Tag::Emphasis => "em",
            Tag::Strong => "strong",
            Tag::Strikethrough => "del",
            Tag::Link { .. } => "a",
            Tag::Image { .. } => "img",
            Tag::DefinitionList => "dl",
            _ => return None,
        },
        Event::Code(_) => "code",
        Event::Rule => "hr",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use crate::compat::kramdown::test_util::html;
    use crate::{Options, parse_post};

    #[test]
    fn a_list_on_the_line_after_a_paragraph_sets_its_class() {
        assert_eq!(
            html("A notice.\n{: .notice--info}\n"),
            "<p data-line=\"1\" class=\"notice--info\">A notice.</p>\n"
        );
        assert_eq!(
            html("Two\nlines\n{:.a .b}\n"),
            "<p data-line=\"1\" class=\"a b\">Two\nlines</p>\n"
        );
    }

    #[test]
    fn a_list_after_a_heading_sets_its_id_and_classes() {
        let post = parse_post("## Intro\n{: #start .big}\n\nText\n", &Options::default());
        assert_eq!(
            post.html,
            "<h2 data-line=\"1\" id=\"start\" class=\"big\">Intro</h2>\n<p data-line=\"4\">Text</p>\n"
        );
        assert_eq!(post.toc[0].id, "start");
    }

    #[test]
    fn lists_after_lists_quotes_tables_and_code_blocks_apply_to_them() {
        assert_eq!(
            html("- a\n- b\n{: .list}\n"),
            "<ul data-line=\"1\" class=\"list\">\n<li>a</li>\n<li>b</li>\n</ul>\n"
        );
        assert_eq!(
            html("> q\n{: .quote}\n"),
            "<blockquote data-line=\"1\" class=\"quote\">\n<p>q</p>\n</blockquote>\n"
        );
        assert_eq!(
            html("> q\n> {: .inner}\n"),
            "<blockquote data-line=\"1\">\n<p class=\"inner\">q</p>\n</blockquote>\n"
        );
        assert_eq!(
            html("| a |\n|---|\n| 1 |\n{: .t rules=\"groups\"}\n"),
            "<table data-line=\"1\" class=\"t\"><thead><tr><th>a</th></tr></thead><tbody>\n<tr><td>1</td></tr>\n</tbody></table>\n"
        );
        assert_eq!(
            html("```rust\nfn x() {}\n```\n{: .code}\n"),
            "<pre data-line=\"1\" class=\"code\"><code class=\"language-rust\">fn x() {}\n</code></pre>\n"
        );
    }

    #[test]
    fn a_list_on_the_line_before_a_block_applies_to_it() {
        assert_eq!(
            html("{: .before}\nPara\n"),
            "<p data-line=\"1\" class=\"before\">Para</p>\n"
        );
        assert_eq!(
            html("Para\n\n{: .next}\n# Head\n"),
            "<p data-line=\"1\">Para</p>\n<h1 data-line=\"4\" id=\"head\" class=\"next\">Head</h1>\n"
        );
    }

    #[test]
    fn a_list_between_blank_lines_names_nothing_and_is_dropped() {
        assert_eq!(
            html("Para\n\n{: .lonely}\n\nNext\n"),
            "<p data-line=\"1\">Para</p>\n<p data-line=\"5\">Next</p>\n"
        );
    }

    #[test]
    fn the_words_of_a_list_never_count() {
        let post = parse_post(
            "One two.\n{: .a title=\"three four\"}\n",
            &Options::default(),
        );
        assert_eq!(post.meta.word_count, 2);
    }

    /// Every minimal-mistakes post (Jekyll + kramdown) through parse_post:
    /// no `{:` is left in the HTML outside code.
    #[test]
    fn the_minimal_mistakes_posts_show_no_attribute_list() {
        // Real posts kept in the repository; `make bench-compat` renders them all.
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/compat/minimal-mistakes/_posts");
        let entries = std::fs::read_dir(&dir).expect("tests/fixtures/compat is in the repository");
        let mut posts = 0;
        let mut lists = 0;
        for entry in entries.flatten() {
            let path = entry.path();
            let Ok(source) = std::fs::read_to_string(&path) else {
                continue;
            };
            posts += 1;
            lists += source
                .lines()
                .filter(|l| l.contains("{:") && !l.contains("println"))
                .count();
            let options = Options {
                path: Some(path.display().to_string()),
                ..Options::default()
            };
            let post = parse_post(&source, &options);
            // Outside <pre> and <code>.
            let mut rest = post.html.as_str();
            let mut outside = String::new();
            while let Some(at) = rest.find(['<']) {
                outside.push_str(&rest[..at]);
                rest = &rest[at..];
                let close = if rest.starts_with("<pre") {
                    "</pre>"
                } else if rest.starts_with("<code") {
                    "</code>"
                } else {
                    outside.push('<');
                    rest = &rest[1..];
                    continue;
                };
                rest = rest
                    .find(close)
                    .map_or("", |end| &rest[end + close.len()..]);
            }
            outside.push_str(rest);
            if let Some(line) = outside.lines().find(|l| l.contains("{:")) {
                panic!("{}: {line}", path.display());
            }
        }
        eprintln!("{posts} minimal-mistakes posts, {lists} lines with {{: in the source");
        assert!(posts > 0);
    }
}
