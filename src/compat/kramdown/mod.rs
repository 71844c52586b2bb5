//! kramdown's additions to Markdown, as Jekyll renders them: attribute lists
//! (`{: .notice--info}`), `{:toc}` and abbreviations, as stages of the
//! Markdown renderer (see `crate::markdown`), and the `markdown="1"` pass on
//! the source.
//!
//! The renderer's event stream goes through [`Blocks`] before heading ids
//! are given (it strips attribute-list lines, moves their attributes to the
//! element they name, drops abbreviation definitions and puts a placeholder
//! where `{:toc}` asks for the table of contents) and through [`Marks`] on
//! its way to the HTML writer (it notes where each of those elements starts
//! in the output and wraps abbreviations). [`patch`] then writes the
//! attributes and the table of contents into the HTML. A body without `{:`
//! and `*[` goes through both untouched, with nothing held.

use super::{Mapped, Writer};
use crate::escape::{Escape, escape_into};
use crate::markdown::{Spanned, TocEntry};
use crate::sanitize;
use pulldown_cmark::{CowStr, Event, Tag, TagEnd};
use std::cell::RefCell;
use std::collections::VecDeque;
use std::ops::Range;
use std::rc::Rc;

/// Whether a body may hold kramdown attribute lists or abbreviations.
pub(crate) fn wanted(body: &str) -> bool {
    let bytes = body.as_bytes();
    memchr::memmem::find(bytes, b"{:").is_some() || memchr::memmem::find(bytes, b"*[").is_some()
}

/// A parsed inline attribute list: `{: #id .a .b key="v" ref}`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Ial {
    pub id: Option<String>,
    pub classes: Vec<String>,
    pub pairs: Vec<(String, String)>,
    /// Bare names: references to attribute list definitions (`toc`).
    pub refs: Vec<String>,
}

/// What a `{:…}` line is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Braces {
    /// An inline attribute list.
    Ial(Ial),
    /// An attribute list definition, `{:name: …}`: dropped (see the
    /// report: references to definitions are not resolved).
    Definition,
}

/// Parses `text` (a whole trimmed line, or what follows a span) as
/// `{:…}`; `None` when it is not one (it then stays text).
pub(crate) fn parse_braces(text: &str) -> Option<Braces> {
    let inner = text.strip_prefix("{:")?.strip_suffix('}')?;
    if inner.starts_with(':') || inner.contains(['{', '}', '\n']) {
        return None;
    }
    // `{:name: …}` defines attributes for later reference.
    let name_len = inner
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-'))
        .count();
    if name_len > 0 && inner.as_bytes().get(name_len) == Some(&b':') {
        return Some(Braces::Definition);
    }
    parse_ial(inner).map(Braces::Ial)
}

fn parse_ial(mut rest: &str) -> Option<Ial> {
    let mut ial = Ial::default();
    loop {
        rest = rest.trim_start();
        let Some(first) = rest.chars().next() else {
            return Some(ial);
        };
        let word_end = |s: &str| {
            s.find(|c: char| c.is_whitespace() || c == '"' || c == '\'' || c == '=')
                .unwrap_or(s.len())
        };
        match first {
            '.' | '#' => {
                let end = word_end(&rest[1..]) + 1;
                let word = &rest[1..end];
                if word.is_empty() {
                    rest = skip_token(rest);
                    continue;
                }
                if first == '.' {
                    ial.classes.push(word.to_string());
                } else {
                    ial.id = Some(word.to_string());
                }
                rest = &rest[end..];
            }
            _ => {
                let end = word_end(rest);
                let key = &rest[..end];
                if key.is_empty() {
                    rest = skip_token(rest);
                    continue;
                }
                rest = &rest[end..];
                if let Some(after) = rest.strip_prefix('=') {
                    // A value must be quoted; anything else is skipped.
                    let Some(quote) = after.chars().next().filter(|c| *c == '"' || *c == '\'')
                    else {
                        rest = skip_token(after);
                        continue;
                    };
                    let Some(close) = after[1..].find(quote).map(|c| c + 1) else {
                        return Some(ial);
                    };
                    ial.pairs
                        .push((key.to_ascii_lowercase(), after[1..close].to_string()));
                    rest = &after[close + 1..];
                } else {
                    ial.refs.push(key.to_string());
                }
            }
        }
    }
}

/// What follows the malformed token at the start of `rest`.
fn skip_token(rest: &str) -> &str {
    let mut chars = rest.char_indices();
    chars.next();
    let end = chars
        .find(|(_, c)| c.is_whitespace())
        .map_or(rest.len(), |(i, _)| i);
    &rest[end..]
}

impl Ial {
    fn merge(&mut self, other: Ial) {
        if other.id.is_some() {
            self.id = other.id;
        }
        self.classes.extend(other.classes);
        self.pairs.extend(other.pairs);
        self.refs.extend(other.refs);
    }

    /// Class names that may be written: `[A-Za-z0-9_-]` only.
    fn safe_classes(&self) -> impl Iterator<Item = &str> {
        self.classes.iter().map(String::as_str).filter(|c| {
            !c.is_empty()
                && c.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
    }

    /// The attributes as HTML (` id="x" class="a b"`), for an element
    /// `tag`: what the sanitizer keeps on that tag (so the same allowlist
    /// decides: never an event handler, `style`, or a URL attribute), and
    /// `target` on links, with `rel="noopener noreferrer"` for `_blank`.
    pub(crate) fn html(&self, tag: &str) -> String {
        let mut raw = String::from("<");
        raw.push_str(tag);
        let mut push = |key: &str, value: &str| {
            raw.push(' ');
            raw.push_str(key);
            raw.push_str("=\"");
            escape_into(&mut raw, value, Escape::DoubleQuoted);
            raw.push('"');
        };
        if let Some(id) = &self.id {
            push("id", id);
        }
        let classes: Vec<&str> = self.safe_classes().collect();
        if !classes.is_empty() {
            push("class", &classes.join(" "));
        }
        let mut target = None;
        for (key, value) in &self.pairs {
            match key.as_str() {
                // Set by the Markdown, never by an attribute list.
                "href" | "src" | "id" | "class" | "style" => {}
                "target" if tag == "a" => target = Some(value.as_str()),
                key if key.bytes().all(|b| b.is_ascii_lowercase() || b == b'-') => push(key, value),
                _ => {}
            }
        }
        raw.push('>');
        let cleaned = sanitize::clean_html(&raw);
        // The sanitizer escapes `>` in values: the first one ends the tag.
        let mut out = cleaned
            .strip_prefix('<')
            .and_then(|c| c.strip_prefix(tag))
            .and_then(|c| c.find('>').map(|end| c[..end].to_string()))
            .unwrap_or_default();
        if let Some(target) = target
            && matches!(target, "_blank" | "_self" | "_parent" | "_top")
        {
            out.push_str(" target=\"");
            out.push_str(target);
            out.push('"');
            if target == "_blank" && !out.contains(" rel=\"") {
                out.push_str(" rel=\"noopener noreferrer\"");
            }
        }
        out
    }
}

/// `*[HTML]: HyperText Markup Language`: the abbreviation and its title.
fn abbreviation_definition(line: &str) -> Option<(&str, &str)> {
    let line = line.trim();
    let rest = line.strip_prefix("*[")?;
    let close = rest.find("]:")?;
    let name = rest[..close].trim();
    if name.is_empty() || name.contains(['[', ']']) {
        return None;
    }
    Some((name, rest[close + 2..].trim()))
}

/// Every abbreviation the body defines (a later definition of the same one
/// wins), longest first so `HTML5` is found before `HTML`.
pub(crate) fn abbreviations(body: &str) -> Vec<(String, String)> {
    if !body.contains("*[") {
        return Vec::new();
    }
    let mut found: Vec<(String, String)> = Vec::new();
    for line in body.lines() {
        if let Some((name, title)) = abbreviation_definition(line) {
            found.retain(|(n, _)| n != name);
            found.push((name.to_string(), title.to_string()));
        }
    }
    super::text::stable_sort_by(&mut found, |a, b| b.0.len().cmp(&a.0.len()));
    found
}

/// What [`Marks`] does when the event numbered so reaches it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Note {
    /// Write these attributes (HTML) into the element's start tag.
    Attributes(String),
    /// The table of contents goes here.
    Toc,
}

/// Notes from [`Blocks`] to [`Marks`], by the number of the event (the
/// stages between them pass events one for one).
pub(crate) type Notes = Rc<RefCell<VecDeque<(usize, Note)>>>;

/// One top-level block held by [`Blocks`].
struct Held<'a> {
    events: Vec<Spanned<'a>>,
    /// Attributes for the events at these indexes.
    ials: Vec<(usize, Ial)>,
    /// The block is the `{:toc}` placeholder.
    toc: bool,
}

impl Held<'_> {
    fn end(&self) -> usize {
        self.events.iter().map(|(_, r)| r.end).max().unwrap_or(0)
    }

    fn add(&mut self, at: usize, ial: Ial) {
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

    /// The notes for [`Marks`].
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

    fn next(&mut self) -> Option<Spanned<'a>> {
        if !self.active {
            return self.inner.next();
        }
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

/// Span attribute lists right after an image, link, emphasis or code span:
/// `![x](a.png){: .align-center}`, `[a](b){:target="_blank"}`.
fn spans(block: &mut Held<'_>, body: &str) {
    if !block.events.iter().any(|(e, r)| {
        matches!(e, Event::End(_) | Event::Code(_))
            && body.get(r.end..).is_some_and(|rest| rest.starts_with("{:"))
    }) {
        return;
    }
    let events = std::mem::take(&mut block.events);
    let mut kept: Vec<Spanned<'_>> = Vec::with_capacity(events.len());
    let mut starts: Vec<usize> = Vec::new();
    let mut ials: Vec<(usize, Ial)> = Vec::new();
    let mut i = 0;
    while i < events.len() {
        let (event, range) = &events[i];
        i += 1;
        let target = match event {
            Event::Start(_) => {
                starts.push(kept.len());
                None
            }
            Event::End(
                TagEnd::Image
                | TagEnd::Link
                | TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough,
            ) => starts.pop(),
            Event::End(_) => {
                starts.pop();
                None
            }
            Event::Code(_) => Some(kept.len()),
            _ => None,
        };
        let end = range.end;
        kept.push((event.clone(), range.clone()));
        let Some(target) = target else { continue };
        let Some(rest) = body.get(end..).filter(|rest| rest.starts_with("{:")) else {
            continue;
        };
        let Some(close) = rest
            .find(['}', '\n'])
            .filter(|&c| rest.as_bytes()[c] == b'}')
        else {
            continue;
        };
        let Some(Braces::Ial(ial)) = parse_braces(&rest[..=close]) else {
            continue;
        };
        let span_end = end + close + 1;
        // The list's text must be text events, to drop or cut.
        let mut j = i;
        let mut ok = true;
        while let Some((e, r)) = events
            .get(j)
            .filter(|(e, r)| r.start < span_end && !matches!(e, Event::Start(_) | Event::End(_)))
        {
            let Event::Text(text) = e else {
                ok = false;
                break;
            };
            if r.end > span_end && body.get(r.clone()) != Some(&**text) {
                ok = false;
                break;
            }
            j += 1;
        }
        if !ok || j == i {
            continue;
        }
        let (_, last) = &events[j - 1];
        if last.end > span_end {
            let cut = CowStr::from(body[span_end..last.end].to_string());
            kept.push((Event::Text(cut), span_end..last.end));
        }
        i = j;
        ials.push((target, ial));
    }
    block.events = kept;
    for (at, ial) in ials {
        block.add(at, ial);
    }
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

/// The stage right before the HTML writer: notes where each element with
/// attributes starts in the output, and wraps abbreviations in text.
pub(crate) struct Marks<'a, I> {
    inner: I,
    notes: Notes,
    seen: usize,
    out: Rc<RefCell<String>>,
    /// (output offset, note), in order.
    pub edits: Vec<(usize, Note)>,
    abbreviations: Vec<(String, String)>,
    in_code: usize,
    in_image: usize,
    in_footnote: usize,
    _events: std::marker::PhantomData<&'a ()>,
}

impl<'a, I: Iterator<Item = Event<'a>>> Marks<'a, I> {
    pub fn new(
        inner: I,
        notes: Notes,
        out: Rc<RefCell<String>>,
        abbreviations: Vec<(String, String)>,
    ) -> Self {
        Marks {
            inner,
            notes,
            seen: 0,
            out,
            edits: Vec::new(),
            abbreviations,
            in_code: 0,
            in_image: 0,
            in_footnote: 0,
            _events: std::marker::PhantomData,
        }
    }
}

impl<'a, I: Iterator<Item = Event<'a>>> Iterator for Marks<'a, I> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        let event = self.inner.next()?;
        let n = self.seen;
        self.seen += 1;
        {
            let mut notes = self.notes.borrow_mut();
            while notes.front().is_some_and(|(at, _)| *at <= n) {
                if let Some((at, note)) = notes.pop_front()
                    && at == n
                    && self.in_footnote == 0
                {
                    self.edits.push((self.out.borrow().len(), note));
                }
            }
        }
        match &event {
            Event::Start(Tag::CodeBlock(_)) => self.in_code += 1,
            Event::End(TagEnd::CodeBlock) => self.in_code = self.in_code.saturating_sub(1),
            Event::Start(Tag::Image { .. }) => self.in_image += 1,
            Event::End(TagEnd::Image) => self.in_image = self.in_image.saturating_sub(1),
            Event::Start(Tag::FootnoteDefinition(_)) => self.in_footnote += 1,
            Event::End(TagEnd::FootnoteDefinition) => {
                self.in_footnote = self.in_footnote.saturating_sub(1)
            }
            Event::Text(text)
                if !self.abbreviations.is_empty() && self.in_code == 0 && self.in_image == 0 =>
            {
                if let Some(html) = with_abbreviations(text, &self.abbreviations) {
                    return Some(Event::InlineHtml(html.into()));
                }
            }
            _ => {}
        }
        Some(event)
    }
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80
}

/// `text` as HTML with each whole-word abbreviation wrapped in `<abbr>`;
/// `None` when there is none.
fn with_abbreviations(text: &str, abbreviations: &[(String, String)]) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = String::new();
    let mut copied = 0;
    let mut i = 0;
    while i < bytes.len() {
        if i > 0 && is_word_byte(bytes[i - 1]) && is_word_byte(bytes[i]) {
            i += 1;
            continue;
        }
        let found = abbreviations.iter().find(|(name, _)| {
            text[i..].starts_with(name.as_str())
                && bytes.get(i + name.len()).is_none_or(|&b| {
                    !(is_word_byte(b) && is_word_byte(name.as_bytes()[name.len() - 1]))
                })
        });
        match found {
            Some((name, title)) => {
                escape_into(&mut out, &text[copied..i], Escape::Text);
                out.push_str("<abbr title=\"");
                escape_into(&mut out, title, Escape::DoubleQuoted);
                out.push_str("\">");
                escape_into(&mut out, name, Escape::Text);
                out.push_str("</abbr>");
                i += name.len();
                copied = i;
            }
            None => i += 1,
        }
        while i < bytes.len() && !text.is_char_boundary(i) {
            i += 1;
        }
    }
    if copied == 0 {
        return None;
    }
    escape_into(&mut out, &text[copied..], Escape::Text);
    Some(out)
}

/// The table of contents: nested lists of links to the headings, without
/// those marked `no_toc`.
pub(crate) fn toc_html(toc: &[TocEntry], skip: &[bool]) -> String {
    let mut out = String::from("<ul class=\"toc\">");
    let mut stack: Vec<u8> = Vec::new();
    for (k, entry) in toc.iter().enumerate() {
        if skip.get(k).copied().unwrap_or(false) {
            continue;
        }
        match stack.last() {
            None => {
                out.push_str("<li>");
                stack.push(entry.level);
            }
            Some(&top) if entry.level > top => {
                out.push_str("<ul><li>");
                stack.push(entry.level);
            }
            Some(_) => {
                while stack.len() > 1 && stack.last().is_some_and(|&top| entry.level < top) {
                    out.push_str("</li></ul>");
                    stack.pop();
                }
                out.push_str("</li><li>");
            }
        }
        out.push_str("<a href=\"#");
        escape_into(&mut out, &entry.id, Escape::DoubleQuoted);
        out.push_str("\">");
        escape_into(&mut out, &entry.text, Escape::Text);
        out.push_str("</a>");
    }
    for k in 0..stack.len() {
        out.push_str(if k + 1 == stack.len() {
            "</li>"
        } else {
            "</li></ul>"
        });
    }
    out.push_str("</ul>");
    out
}

/// Writes the notes' attributes and table of contents into `html`, and
/// moves the `offsets` (of blocks, for `data-line`) by what was inserted
/// before them.
pub(crate) fn patch(
    html: String,
    edits: &[(usize, Note)],
    toc: impl Fn() -> String,
    offsets: &mut [&mut usize],
) -> String {
    let mut inserts: Vec<(usize, String)> = Vec::new();
    for (at, note) in edits {
        match note {
            Note::Toc => inserts.push((*at, toc())),
            Note::Attributes(attrs) => {
                let Some(lt) = html.get(*at..).and_then(|rest| rest.find('<')) else {
                    continue;
                };
                let tag_start = at + lt + 1;
                let tag = &html[tag_start..];
                if !tag.starts_with(|c: char| c.is_ascii_alphabetic()) {
                    continue;
                }
                let name_end = tag_start
                    + tag
                        .find(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/')
                        .unwrap_or(tag.len());
                let tag_end = html[name_end..]
                    .find('>')
                    .map_or(html.len(), |i| name_end + i);
                let own = &html[name_end..tag_end];
                // A class the element has already (an alert's): add to it.
                let mut attrs = attrs.clone();
                if let (Some(class_at), Some(new)) =
                    (own.find(" class=\""), attrs.find(" class=\""))
                {
                    let value_start = new + 8;
                    if let Some(len) = attrs[value_start..].find('"') {
                        let classes = attrs[value_start..value_start + len].to_string();
                        attrs.replace_range(new..value_start + len + 1, "");
                        inserts.push((name_end + class_at + 8, format!("{classes} ")));
                    }
                }
                inserts.push((name_end, attrs));
            }
        }
    }
    if inserts.is_empty() {
        return html;
    }
    super::text::stable_sort_by(&mut inserts, |a, b| a.0.cmp(&b.0));
    let mut out =
        String::with_capacity(html.len() + inserts.iter().map(|i| i.1.len()).sum::<usize>());
    let mut copied = 0;
    for (at, text) in &inserts {
        out.push_str(&html[copied..*at]);
        out.push_str(text);
        copied = *at;
    }
    out.push_str(&html[copied..]);
    // An offset moves by what was inserted strictly before it.
    let mut sums = Vec::with_capacity(inserts.len());
    let mut total = 0;
    for (at, text) in &inserts {
        total += text.len();
        sums.push((*at, total));
    }
    for offset in offsets.iter_mut() {
        let k = sums.partition_point(|(at, _)| *at < **offset);
        if k > 0 {
            **offset += sums[k - 1].1;
        }
    }
    out
}

/// An opening tag at `at` of `line` (`<name …>`, ending on the line): its
/// lowercase name and where it ends (after `>`).
fn opening_tag(line: &str, at: usize) -> Option<(String, usize)> {
    let rest = line.get(at..)?.strip_prefix('<')?;
    let name_len = rest
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'-')
        .count();
    if name_len == 0 || !rest.as_bytes()[0].is_ascii_alphabetic() {
        return None;
    }
    let mut quote: Option<u8> = None;
    for (i, b) in rest.bytes().enumerate().skip(name_len) {
        match (quote, b) {
            (Some(q), b) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(b),
            (None, b'>') => return Some((rest[..name_len].to_ascii_lowercase(), at + 2 + i)),
            _ => {}
        }
    }
    None
}

/// The `markdown=…` attribute of the tag `tag` (text from `<` to `>`): its
/// byte range (with the space before it) and whether its value asks for
/// Markdown (`1`, `block`, `span`).
fn markdown_attribute(tag: &str) -> Option<(Range<usize>, bool)> {
    let lower = tag.to_ascii_lowercase();
    let mut from = 0;
    while let Some(found) = lower[from..].find("markdown=") {
        let at = from + found;
        from = at + 9;
        if !lower[..at].ends_with(|c: char| c.is_ascii_whitespace()) {
            continue;
        }
        let value_at = at + 9;
        let rest = &lower[value_at..];
        let (value, len) = match rest.as_bytes().first() {
            Some(&q @ (b'"' | b'\'')) => {
                let close = rest[1..].find(q as char)?;
                (&rest[1..1 + close], close + 2)
            }
            _ => {
                let end = rest
                    .find(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/')
                    .unwrap_or(rest.len());
                (&rest[..end], end)
            }
        };
        let start = lower[..at].trim_end().len();
        return Some((
            start..value_at + len,
            matches!(value, "1" | "block" | "span"),
        ));
    }
    None
}

/// The `markdown="1"` pass (kramdown): an HTML element that says its
/// content is Markdown gets a blank line after its opening tag and before
/// its closing tag, so the content is parsed as Markdown blocks between two
/// HTML blocks, and loses the attribute. `markdown="span"` is treated as
/// `block`. Fenced code is left alone. `None` when nothing changed.
pub(crate) fn markdown_in_html(input: &Mapped<'_>) -> Option<Mapped<'static>> {
    let text: &str = &input.text;
    if !text.contains("markdown=") {
        return None;
    }
    let mut out = Writer::new(input);
    let mut copied = 0;
    let mut changed = false;
    // Open elements with Markdown content: name and nesting of that name.
    let mut open: Vec<(String, usize)> = Vec::new();
    let mut fence: Option<(u8, usize)> = None;
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let here = line_start;
        line_start += line.len();
        let trimmed = line.trim_start_matches(' ');
        let marker = trimmed.bytes().next().filter(|b| *b == b'`' || *b == b'~');
        if line.len() - trimmed.len() < 4
            && let Some(m) = marker
        {
            let run = trimmed.bytes().take_while(|b| *b == m).count();
            if run >= 3 {
                match fence {
                    Some((fm, flen)) if fm == m && run >= flen => fence = None,
                    None => fence = Some((m, run)),
                    _ => {}
                }
                continue;
            }
        }
        if fence.is_some() || !line.contains('<') {
            continue;
        }
        let mut i = 0;
        while let Some(lt) = line[i..].find('<') {
            let at = i + lt;
            i = at + 1;
            if let Some(name) = line[at..]
                .strip_prefix("</")
                .map(|rest| {
                    rest.bytes()
                        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'-')
                        .count()
                })
                .filter(|&n| n > 0)
                .map(|n| line[at + 2..at + 2 + n].to_ascii_lowercase())
            {
                if let Some((open_name, depth)) = open.last_mut()
                    && *open_name == name
                {
                    *depth -= 1;
                    if *depth == 0 {
                        open.pop();
                        out.copy(copied..here + at);
                        out.emit("\n\n", here + at);
                        copied = here + at;
                        changed = true;
                    }
                }
                continue;
            }
            let Some((name, end)) = opening_tag(line, at) else {
                continue;
            };
            if let Some((open_name, depth)) = open.last_mut()
                && *open_name == name
            {
                *depth += 1;
            }
            let tag = &line[at..end];
            let Some((attribute, markdown)) = markdown_attribute(tag) else {
                continue;
            };
            out.copy(copied..here + at + attribute.start);
            copied = here + at + attribute.end;
            changed = true;
            let self_closing = tag.ends_with("/>");
            if markdown && !self_closing {
                out.copy(copied..here + end);
                out.emit("\n\n", here + end);
                copied = here + end;
                match open.last_mut() {
                    // Counted above as a nested one of the same name.
                    Some((open_name, depth)) if *open_name == name => {
                        *depth -= 1;
                        open.push((name, 1));
                    }
                    _ => open.push((name, 1)),
                }
            }
            i = end;
        }
    }
    if !changed {
        return None;
    }
    out.copy(copied..text.len());
    Some(out.finish())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Options, parse_post};

    fn html(md: &str) -> String {
        parse_post(md, &Options::default()).html
    }

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
    fn an_alert_keeps_its_class_and_gains_the_list_s() {
        assert_eq!(
            html("> [!NOTE]\n> Heads up\n{: .extra}\n"),
            "<blockquote data-line=\"1\" class=\"extra markdown-alert-note\">\n<p>Heads up</p>\n</blockquote>\n"
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
    fn span_lists_follow_images_links_emphasis_and_code() {
        assert_eq!(
            html("![x](a.png){: .align-center}\n"),
            "<p data-line=\"1\"><img class=\"align-center\" src=\"a.png\" alt=\"x\" /></p>\n"
        );
        assert_eq!(
            html("[a](b){: .btn .btn--info} *e*{: .em} **s**{:.s} `c`{: .c} after\n"),
            "<p data-line=\"1\"><a class=\"btn btn--info\" href=\"b\">a</a> <em class=\"em\">e</em> <strong class=\"s\">s</strong> <code class=\"c\">c</code> after</p>\n"
        );
    }

    #[test]
    fn a_link_opened_in_a_new_tab_gets_noopener() {
        assert_eq!(
            html("[a](b){:target=\"_blank\"}\n"),
            "<p data-line=\"1\"><a target=\"_blank\" rel=\"noopener noreferrer\" href=\"b\">a</a></p>\n"
        );
        assert_eq!(
            html("[a](b){:target=\"javascript:x\"}\n"),
            "<p data-line=\"1\"><a href=\"b\">a</a></p>\n"
        );
    }

    #[test]
    fn a_hostile_list_yields_no_handler_no_style_and_no_markup() {
        let out = html("Para\n{: onclick=\"x\" style=\"color:red\" #\"><script>}\n");
        assert_eq!(out, "<p data-line=\"1\">Para</p>\n");
        let out = html("Para\n{: title='\"><script>alert(1)</script>' .\"><b>}\n");
        assert!(!out.contains("<script") && !out.contains("<b>"), "{out}");
        assert!(out.contains("title=\"&quot;&gt;&lt;script&gt;"), "{out}");
        let out = html("![x](a.png){: onerror=\"alert(1)\" style=\"x\"}\n");
        assert_eq!(
            out,
            "<p data-line=\"1\"><img src=\"a.png\" alt=\"x\" /></p>\n"
        );
    }

    #[test]
    fn a_list_cannot_set_href_or_src() {
        let out = html("[a](b){: href=\"javascript:alert(1)\"} ![i](c.png){: src=\"evil.png\"}\n");
        assert_eq!(
            out,
            "<p data-line=\"1\"><a href=\"b\">a</a> <img src=\"c.png\" alt=\"i\" /></p>\n"
        );
        let out = html("Para\n{: href=\"x\" src=\"y\" title=\"t&<>\" lang=\"en\"}\n");
        assert_eq!(
            out,
            "<p data-line=\"1\" title=\"t&amp;&lt;&gt;\" lang=\"en\">Para</p>\n"
        );
    }

    #[test]
    fn attribute_list_definitions_are_dropped() {
        assert_eq!(html("{:ald: .x}\nPara\n"), "<p data-line=\"1\">Para</p>\n");
    }

    #[test]
    fn braces_that_are_not_a_list_stay_text() {
        assert_eq!(
            html("Line {: not} at end\n"),
            "<p data-line=\"1\">Line {: not} at end</p>\n"
        );
        assert_eq!(
            html("Code `{: .notice}` stays.\n\n```\n{: .x}\n```\n"),
            "<p data-line=\"1\">Code <code>{: .notice}</code> stays.</p>\n<pre data-line=\"3\"><code>{: .x}\n</code></pre>\n"
        );
    }

    #[test]
    fn the_words_of_a_list_never_count() {
        let post = parse_post(
            "One two.\n{: .a title=\"three four\"}\n",
            &Options::default(),
        );
        assert_eq!(post.word_count, 2);
    }

    #[test]
    fn the_toc_list_becomes_the_table_of_contents() {
        let out = html(
            "* TOC\n{:toc}\n\n# One\n\n## Two\n\n### Deep\n\n## Not here\n{: .no_toc}\n\n# Three\n",
        );
        assert_eq!(
            out,
            "<ul data-line=\"1\" class=\"toc\"><li><a href=\"#one\">One</a><ul><li><a href=\"#two\">Two</a><ul><li><a href=\"#deep\">Deep</a></li></ul></li></ul></li><li><a href=\"#three\">Three</a></li></ul>\n\
             <h1 data-line=\"4\" id=\"one\">One</h1>\n<h2 data-line=\"6\" id=\"two\">Two</h2>\n\
             <h3 data-line=\"8\" id=\"deep\">Deep</h3>\n<h2 data-line=\"10\" id=\"not-here\" class=\"no_toc\">Not here</h2>\n\
             <h1 data-line=\"13\" id=\"three\">Three</h1>\n"
        );
    }

    #[test]
    fn a_toc_of_ten_thousand_headings_stays_linear() {
        let mut md = String::from("* TOC\n{:toc}\n\n");
        for i in 0..10_000 {
            md.push_str(&format!("{} H{i}\n\n", "#".repeat(1 + i % 6)));
        }
        let start = std::time::Instant::now();
        let out = html(&md);
        assert!(out.starts_with("<ul data-line=\"1\" class=\"toc\">"));
        assert_eq!(out.matches("<a href=\"#h").count(), 10_000);
        assert!(start.elapsed().as_secs() < 5, "{:?}", start.elapsed());
    }

    #[test]
    fn abbreviations_wrap_whole_words_outside_code() {
        assert_eq!(
            html("*[HTML]: HyperText Markup Language\n\nHTML is `HTML`, not HTMLish. [HTML](x)\n"),
            "<p data-line=\"3\"><abbr title=\"HyperText Markup Language\">HTML</abbr> is <code>HTML</code>, not HTMLish. <a href=\"x\"><abbr title=\"HyperText Markup Language\">HTML</abbr></a></p>\n"
        );
        let post = parse_post(
            "# About HTML\n\nText.\n*[HTML]: Hyper \"<b>\"\n",
            &Options::default(),
        );
        assert_eq!(post.toc[0].id, "about-html");
        assert!(
            post.html
                .contains("<abbr title=\"Hyper &quot;&lt;b&gt;&quot;\">HTML</abbr>"),
            "{}",
            post.html
        );
        assert!(
            post.html.contains("<p data-line=\"3\">Text.</p>"),
            "{}",
            post.html
        );
    }

    #[test]
    fn markdown_1_opens_an_html_element_to_markdown() {
        assert_eq!(
            html("<div markdown=\"1\" class=\"x\">\n**bold** text\n</div>\n\nAfter\n"),
            "<div data-line=\"1\" class=\"x\">\n<p data-line=\"2\"><strong>bold</strong> text</p>\n</div>\n<p data-line=\"5\">After</p>\n"
        );
        assert_eq!(
            html("<div class=\"notice\" markdown=\"1\">**x**</div>\n"),
            "<div data-line=\"1\" class=\"notice\">\n<p data-line=\"1\"><strong>x</strong></p>\n</div>\n"
        );
        // Nested, and a plain element inside stays raw.
        assert_eq!(
            html(
                "<section markdown=\"block\">\n<div markdown=\"1\">\n*in*\n</div>\n<div>raw *no*</div>\n</section>\n"
            ),
            "<section data-line=\"1\">\n<div data-line=\"2\">\n<p data-line=\"3\"><em>in</em></p>\n</div>\n<div>raw *no*</div>\n</section>\n"
        );
        // In fenced code, nothing happens.
        assert_eq!(
            html("```\n<div markdown=\"1\">\n```\n"),
            "<pre data-line=\"1\"><code>&lt;div markdown=\"1\"&gt;\n</code></pre>\n"
        );
    }

    #[test]
    fn attribute_lists_parse_ids_classes_pairs_and_references() {
        assert_eq!(
            parse_braces("{: #a .b .c key=\"v w\" k2='x' toc}"),
            Some(Braces::Ial(Ial {
                id: Some("a".into()),
                classes: vec!["b".into(), "c".into()],
                pairs: vec![("key".into(), "v w".into()), ("k2".into(), "x".into())],
                refs: vec!["toc".into()],
            }))
        );
        assert_eq!(parse_braces("{:name: .x}"), Some(Braces::Definition));
        assert_eq!(parse_braces("{::comment}"), None);
        assert_eq!(parse_braces("{: a } b}"), None);
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
