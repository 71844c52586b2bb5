//! A post kept open in the editor: after an edit, only the top-level blocks
//! the edit can reach are rendered again, so a keystroke in a 1 MB post costs
//! about what it costs in a 4 KB one.
//!
//! The result is always what [`crate::parse_post`] gives for the whole text
//! (pinned by tests that replay random edits on real posts). An edit is
//! rendered as a *window* of whole blocks: from the block before the edit
//! (typing `===` under a paragraph changes that paragraph) to an *anchor*,
//! the first block after the edit. The window is parsed alone; when its last
//! block comes out exactly as the anchor did, with the same bytes, nothing
//! after it can have changed, and the blocks after it are kept (their lines
//! shifted). When it does not (an opened code fence swallows the rest), the
//! window grows, and at last the whole post is rendered. Whatever the window
//! cannot know is handled apart:
//!
//! - reference links resolve through the definitions of the whole post;
//!   an edit that touches a definition renders everything;
//! - heading ids continue the numbering of the headings before the window,
//!   and a change of heading that could renumber a later one renders
//!   everything; so does any `{#custom}` id in the window;
//! - footnotes are numbered across the post and written at its end (one
//!   more block, which a window never takes): a window that holds a note's
//!   reference or definition, before or after the edit, is no window;
//! - so is a post with kramdown's attribute lists or abbreviations (`{:`,
//!   `*[`: a list applies to the block before it, `{:toc}` lists every
//!   heading, an abbreviation counts anywhere), and a post whose body the
//!   compatibility stage rewrote (`markdown="1"`, Liquid, shortcodes).

use crate::markdown::{
    self, BlockRender, HeadingSeed, IdCounts, IdSet, Lines, Links, Options, Output, Preset, RefMap,
};
use crate::post::{Front, PostMeta, normalize_source};
use pulldown_cmark::RefDefs;
use serde::Serialize;
use std::borrow::Cow;
use std::collections::HashSet;
use std::ops::Range;
use unicase::UniCase;

/// One top-level block as the editor shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Block {
    /// Its bytes in the body.
    src: Range<usize>,
    /// 1-based line of the file where it starts.
    line: usize,
    /// Its HTML, without `data-line`.
    html: String,
    words: usize,
    headings: Vec<Heading>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Heading {
    text: String,
    /// The slug before numbering; `None` for a `{#custom}` id.
    base: Option<String>,
}

/// What changed in the preview after a load or an edit.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Update {
    /// The post's meta (the blocks carry the body; the editor shows no
    /// excerpt).
    pub post: PostMeta,
    /// The first `prefix` and last `suffix` blocks are unchanged ...
    pub prefix: usize,
    pub suffix: usize,
    /// ... and these are the HTML (without `data-line`) of the blocks
    /// between them.
    pub middle: Vec<String>,
    /// Whether only a window of blocks was rendered.
    pub incremental: bool,
}

/// A post being edited. See the module documentation.
#[derive(Debug)]
pub struct Draft {
    options: Options,
    /// The text as the editor has it (edits' offsets refer to it).
    source: String,
    /// Edits may be rendered by window: the blog preset, and the text is
    /// its own normalized form (no byte order mark, no CR).
    windowed: bool,
    /// Where the body starts in the text, and its first line (the front
    /// matter itself is read again for each update's post).
    body_start: usize,
    body_line: usize,
    blocks: Vec<Block>,
    words: usize,
    /// Spans of the link reference definitions in the body (disjoint, in no
    /// particular order: sorting them cost 5 KB of wasm).
    defs: Vec<Range<usize>>,
    refs: RefMap,
    /// kramdown's marks or abbreviations: every edit renders the whole post.
    kramdown: bool,
    /// Whether the last block is the footnotes section (it stays last: a window
    /// never holds a note, so the section and the numbering stay as they are).
    section: bool,
    /// Every `{#custom}` heading id of the body (None: no ids at all).
    custom_ids: Option<IdSet>,
    /// Renders of the whole post and of windows, for tests and benchmarks.
    pub full_renders: usize,
    pub window_renders: usize,
}

impl Draft {
    /// An empty post rendered with `options`.
    pub fn new(options: Options) -> Draft {
        let mut draft = Draft {
            options,
            body_start: 0,
            body_line: 1,
            source: String::new(),
            windowed: false,
            blocks: Vec::new(),
            words: 0,
            defs: Vec::new(),
            refs: RefMap::new(),
            kramdown: false,
            section: false,
            custom_ids: None,
            full_renders: 0,
            window_renders: 0,
        };
        draft.full();
        draft
    }

    /// Replaces the whole text and renders it.
    pub fn load(&mut self, source: &str) -> Update {
        self.source.clear();
        self.source.push_str(source);
        self.full()
    }

    /// The text as it is now.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The 1-based line of every block, in order.
    pub fn lines(&self) -> Vec<u32> {
        self.blocks.iter().map(|b| b.line as u32).collect()
    }

    /// The HTML (without `data-line`) of every block, in order; joined, with a
    /// newline before a block where the one before did not end with one,
    /// they are `parse_post`'s `html` without `data-line`.
    pub fn blocks(&self) -> Vec<&str> {
        self.blocks.iter().map(|b| b.html.as_str()).collect()
    }

    /// Replaces `from..to` of the text, in UTF-16 code units as a browser
    /// counts them (offsets past the end are clamped), with `insert`.
    pub fn edit_utf16(&mut self, from: usize, to: usize, insert: &str) -> Update {
        let (from, to) = (from.min(to), from.max(to));
        let start = utf16_to_byte(&self.source, 0, 0, from);
        let end = utf16_to_byte(&self.source, start, from, to);
        self.edit(start..end, insert)
    }

    /// Replaces the bytes `range` of the text (clamped to it and to
    /// character boundaries) with `insert`.
    pub fn edit(&mut self, range: Range<usize>, insert: &str) -> Update {
        let len = self.source.len();
        let mut from = range.start.min(len);
        let mut to = range.end.clamp(from, len);
        while !self.source.is_char_boundary(from) {
            from -= 1;
        }
        while !self.source.is_char_boundary(to) {
            to += 1;
        }
        let old_start = self.body_start;
        let old_line = self.body_line;
        let removed = self.source[from..to].to_string();
        let removed_lines = count_lines(&removed);
        let old_body_len = len - old_start;
        self.source.replace_range(from..to, insert);
        if !self.windowed || insert.contains('\r') || self.source.starts_with('\u{feff}') {
            return self.full();
        }
        let front = Front::read(&self.source, &self.options);
        let grown = self.source.len() as isize - len as isize;
        if from >= old_start && front.body_start == old_start && front.body_line == old_line {
            let edit = BodyEdit {
                from: from - old_start,
                to: to - old_start,
                delta: grown,
                lines: count_lines(insert) as isize - removed_lines as isize,
                old_len: old_body_len,
                removed,
                inserted: insert.len(),
            };
            if let Some(update) = self.window(front, &edit) {
                return update;
            }
        } else if to <= old_start && front.body_start as isize == old_start as isize + grown {
            // Only the front matter changed: the body is the same text, maybe
            // on other lines.
            let shift = front.body_line as isize - old_line as isize;
            for block in &mut self.blocks {
                block.line = (block.line as isize + shift) as usize;
            }
            self.body_start = front.body_start;
            self.body_line = front.body_line;
            return Update {
                post: self.post(front),
                prefix: self.blocks.len(),
                suffix: 0,
                middle: Vec::new(),
                incremental: true,
            };
        }
        self.full()
    }

    /// The post of the text, whose front matter is `front`.
    fn post(&self, front: Front) -> PostMeta {
        let first_heading = self
            .blocks
            .iter()
            .find_map(|b| b.headings.first())
            .map(|h| h.text.as_str());
        front.finish(first_heading, self.words)
    }

    /// Renders the whole text.
    fn full(&mut self) -> Update {
        self.full_renders += 1;
        let text = normalize_source(&self.source);
        self.windowed = matches!(text, Cow::Borrowed(_)) && self.options.preset == Preset::Blog;
        let mut front = Front::read(&text, &self.options);
        let raw_body = &text[front.body_start..];
        // What parse_post renders: the body after the compatibility stage,
        // with its lines mapped to the file's (then never by window).
        let expanded = front.expand(raw_body, &self.options);
        let line_map = expanded.as_ref().map(|e| e.line_map());
        let (body, lines) = match (&expanded, &line_map) {
            (Some(expanded), Some(map)) => (&*expanded.text, Lines::mapped(map)),
            _ => (raw_body, Lines::from(front.body_line)),
        };
        self.windowed &= expanded.is_none();
        self.custom_ids =
            (self.options.preset == Preset::Blog).then(|| markdown::custom_heading_ids(body));
        let seed = HeadingSeed {
            used: self.custom_ids.clone(),
            counts: IdCounts::default(),
        };
        let parser = markdown::parser(body, self.options.preset, Links(None));
        let (defs, refs) = definitions(parser.reference_definitions());
        let output = Output::Blocks { lines, ids: seed };
        let reparse =
            || markdown::parser(body, self.options.preset, Links(None)).into_offset_iter();
        let rendered = markdown::render_events(
            body,
            parser.into_offset_iter(),
            reparse,
            &self.options,
            output,
        );
        let blocks = blocks_of(&rendered, 0);
        drop(expanded);
        drop(text);
        let old = std::mem::replace(&mut self.blocks, blocks);
        self.words = rendered.rendered.word_count;
        self.kramdown = rendered.kramdown;
        self.section = self.blocks.last().is_some_and(|b| {
            b.src.is_empty() && b.html.starts_with("<section class=\"footnotes\">")
        });
        self.defs = defs;
        self.refs = refs;
        self.body_start = front.body_start;
        self.body_line = front.body_line;
        let (prefix, suffix) = common_ends(&old, &self.blocks);
        Update {
            post: self.post(front),
            prefix,
            suffix,
            middle: self.blocks[prefix..self.blocks.len() - suffix]
                .iter()
                .map(|b| b.html.clone())
                .collect(),
            incremental: false,
        }
    }

    /// Renders an edit of the body by window, or says it cannot.
    fn window(&mut self, front: Front, edit: &BodyEdit) -> Option<Update> {
        // The blocks a window may take: all but the footnotes section.
        let n = self.blocks.len() - usize::from(self.section);
        if n == 0 || self.kramdown {
            return None;
        }
        // The first block the edit reaches (or the one after it) and the one
        // before that; the last block starting at or before the edit's end.
        let reached = self.blocks[..n].partition_point(|b| b.src.end < edit.from);
        let first = reached.saturating_sub(1);
        let last_touched = self.blocks[..n].partition_point(|b| b.src.start <= edit.to);
        let body = &self.source[front.body_start..];
        // From the start of the block's line: its range leaves out indentation.
        let window_start = if first == 0 {
            0
        } else {
            let start = self.blocks[first].src.start;
            let line_start = body[..start].rfind('\n').map_or(0, |i| i + 1);
            if !body[line_start..start]
                .bytes()
                .all(|b| b == b' ' || b == b'\t')
            {
                return None;
            }
            // A paragraph right after a link definition began with it ("2." on
            // the next line is text, not a list): such a block is no start.
            let def_end = self
                .defs
                .iter()
                .map(|d| d.end)
                .filter(|&end| end <= start)
                .max();
            if let Some(def_end) = def_end
                && body[def_end..start].bytes().filter(|&b| b == b'\n').count() <= 1
            {
                return None;
            }
            line_start
        };
        for extra in [0, 3, 15] {
            let anchor = Some(last_touched + extra).filter(|&k| k < n);
            let old_end = anchor.map_or(edit.old_len, |k| self.blocks[k].src.end);
            let last = anchor.unwrap_or(n - 1);
            if self
                .defs
                .iter()
                .any(|d| d.start < old_end && d.end > window_start)
            {
                return None;
            }
            let new_end = (old_end as isize + edit.delta) as usize;
            let text = body.get(window_start..new_end)?;
            if text.contains("{#") || text.contains("[^") || crate::compat::wanted(text) {
                return None;
            }
            // Nor did it hold a note before the edit (deleting `^` of `[^1]` renumbers).
            if self.section || !edit.removed.is_empty() {
                let at = edit.from - window_start;
                let old = [&text[..at], &edit.removed, &text[at + edit.inserted..]].concat();
                if old.contains("[^") || old.contains("{#") {
                    return None;
                }
            }
            let first_line = if first == 0 {
                front.body_line
            } else {
                self.blocks[first].line
            };
            let mut seed = HeadingSeed {
                used: self.custom_ids.clone(),
                counts: IdCounts::default(),
            };
            for heading in self.blocks[..first].iter().flat_map(|b| &b.headings) {
                seed.give(heading.base.as_deref());
            }
            let parser = markdown::parser(text, self.options.preset, Links(Some(&self.refs)));
            if parser.reference_definitions().iter().next().is_some() {
                return None;
            }
            let output = Output::Blocks {
                lines: Lines::from(first_line),
                ids: seed,
            };
            let reparse = || {
                markdown::parser(text, self.options.preset, Links(Some(&self.refs)))
                    .into_offset_iter()
            };
            let rendered = markdown::render_events(
                text,
                parser.into_offset_iter(),
                reparse,
                &self.options,
                output,
            );
            if rendered.footnotes || rendered.kramdown {
                return None;
            }
            let mut fresh = blocks_of(&rendered, window_start);
            // Up to the footnotes section: the whole render ends the text before it with a
            // newline (see `markdown::render_events`), and so must the window's last block.
            if self.section && anchor.is_none() {
                match fresh.last_mut() {
                    Some(b) if !b.html.is_empty() => {
                        if !b.html.ends_with('\n') {
                            b.html.push('\n');
                        }
                    }
                    _ => return None,
                }
            }
            // The window's first block must come out as it was: parsed alone it
            // could read otherwise (a paragraph that continues one begun by a
            // link definition: "2." is text there, a list here).
            if first > 0 {
                let old = &self.blocks[first];
                if !fresh
                    .first()
                    .is_some_and(|b| b.src == old.src && b.html == old.html)
                {
                    return None;
                }
            }
            if let Some(k) = anchor {
                let old = &self.blocks[k];
                let matches = fresh.last().is_some_and(|b| {
                    b.src.end == new_end && b.src.len() == old.src.len() && b.html == old.html
                });
                if !matches {
                    continue;
                }
            }
            if !self.headings_keep_later_ids(first, last, &fresh) {
                return None;
            }
            self.window_renders += 1;
            return Some(self.splice(front, first, last, fresh, edit));
        }
        None
    }

    /// Whether the headings after block `last` keep their ids when blocks
    /// `first..=last` are replaced by `fresh`.
    fn headings_keep_later_ids(&self, first: usize, last: usize, fresh: &[Block]) -> bool {
        let old: Vec<Option<&str>> = self.blocks[first..=last]
            .iter()
            .flat_map(|b| &b.headings)
            .map(|h| h.base.as_deref())
            .collect();
        let new: Vec<Option<&str>> = fresh
            .iter()
            .flat_map(|b| &b.headings)
            .map(|h| h.base.as_deref())
            .collect();
        if old.iter().chain(&new).any(Option::is_none) {
            return false; // a custom id
        }
        if old == new {
            return true;
        }
        let changed: HashSet<&str> = old.iter().chain(&new).flatten().copied().collect();
        !self.blocks[last + 1..]
            .iter()
            .flat_map(|b| &b.headings)
            .any(|h| match h.base.as_deref() {
                None => false,
                Some(base) => changed
                    .iter()
                    .any(|c| *c == base || numbered(base, c) || numbered(c, base)),
            })
    }

    fn splice(
        &mut self,
        front: Front,
        first: usize,
        last: usize,
        fresh: Vec<Block>,
        edit: &BodyEdit,
    ) -> Update {
        let old = &self.blocks[first..=last];
        let same = old.len().min(fresh.len());
        let head = old
            .iter()
            .zip(&fresh)
            .take_while(|(a, b)| a.html == b.html)
            .count();
        let tail = old
            .iter()
            .rev()
            .zip(fresh.iter().rev())
            .take(same - head)
            .take_while(|(a, b)| a.html == b.html)
            .count();
        let middle = fresh[head..fresh.len() - tail]
            .iter()
            .map(|b| b.html.clone())
            .collect();
        let old_words: usize = old.iter().map(|b| b.words).sum();
        let new_words: usize = fresh.iter().map(|b| b.words).sum();
        self.words = self.words - old_words + new_words;
        let after = self.blocks.len() - 1 - last;
        let count = fresh.len();
        // In place as far as the counts match (typing in a block: one for
        // one), then the blocks left over go or the new ones come in; not
        // `Vec::splice`, whose instance cost 2 KB of wasm.
        let removed = last + 1 - first;
        let mut fresh = fresh.into_iter();
        for (slot, block) in self.blocks[first..=last].iter_mut().zip(&mut fresh) {
            *slot = block;
        }
        if count < removed {
            self.blocks.drain(first + count..=last);
        } else if count > removed {
            let kept = self.blocks.split_off(last + 1);
            self.blocks.extend(fresh);
            self.blocks.extend(kept);
        }
        // Definitions are never inside the window: those after it move.
        for def in &mut self.defs {
            if def.start >= edit.to {
                def.start = (def.start as isize + edit.delta) as usize;
                def.end = (def.end as isize + edit.delta) as usize;
            }
        }
        for block in &mut self.blocks[first + count..] {
            block.src.start = (block.src.start as isize + edit.delta) as usize;
            block.src.end = (block.src.end as isize + edit.delta) as usize;
            block.line = (block.line as isize + edit.lines) as usize;
        }
        // The body starts where it did (see `edit`).
        Update {
            post: self.post(front),
            prefix: first + head,
            suffix: after + tail,
            middle,
            incremental: true,
        }
    }
}

/// An edit in body coordinates (old text), with how the length and the line
/// count changed.
struct BodyEdit {
    from: usize,
    to: usize,
    delta: isize,
    lines: isize,
    old_len: usize,
    /// The text the edit took out, and the length of what it put in.
    removed: String,
    inserted: usize,
}

/// The spans and targets of every link reference definition.
fn definitions(defs: &RefDefs<'_>) -> (Vec<Range<usize>>, RefMap) {
    let mut spans = Vec::new();
    let mut map = RefMap::new();
    for (label, def) in defs.iter() {
        spans.push(def.span.clone());
        map.insert(
            UniCase::new(label.to_string()),
            (
                String::from(&*def.dest),
                def.title.as_deref().unwrap_or("").to_string(),
            ),
        );
    }
    (spans, map)
}

/// The blocks of a render whose text started at byte `offset` of the body.
fn blocks_of(render: &BlockRender, offset: usize) -> Vec<Block> {
    let spans = &render.blocks;
    let html = &render.rendered.html;
    let toc = &render.rendered.toc;
    (0..spans.len())
        .map(|i| {
            let span = &spans[i];
            let next = spans.get(i + 1);
            let out_end = next.map_or(html.len(), |n| n.out);
            let words_end = next.map_or(render.rendered.word_count, |n| n.words_before);
            let headings_end = next.map_or(toc.len(), |n| n.headings_before);
            Block {
                src: span.src.start + offset..span.src.end + offset,
                line: span.line,
                // Without the newline the writer puts between blocks when the
                // one before did not end with one: it depends on that block.
                html: match html[span.out..out_end].strip_prefix('\n') {
                    Some(own) if !span.html_block => own,
                    _ => &html[span.out..out_end],
                }
                .to_string(),
                words: words_end - span.words_before,
                headings: (span.headings_before..headings_end)
                    .map(|k| Heading {
                        text: toc[k].text.clone(),
                        base: render.bases[k].clone(),
                    })
                    .collect(),
            }
        })
        .collect()
}

/// How many blocks at the start and at the end have the same HTML.
fn common_ends(old: &[Block], new: &[Block]) -> (usize, usize) {
    let same = old.len().min(new.len());
    let prefix = old
        .iter()
        .zip(new)
        .take_while(|(a, b)| a.html == b.html)
        .count();
    let suffix = old
        .iter()
        .rev()
        .zip(new.iter().rev())
        .take(same - prefix)
        .take_while(|(a, b)| a.html == b.html)
        .count();
    (prefix, suffix)
}

/// `id` is `base` numbered: `base-1`, `base-2`, ...
fn numbered(id: &str, base: &str) -> bool {
    id.strip_prefix(base)
        .and_then(|rest| rest.strip_prefix('-'))
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

fn count_lines(text: &str) -> usize {
    text.bytes().filter(|&b| b == b'\n').count()
}

/// The byte offset of UTF-16 offset `units`, scanning from a known pair
/// (`byte`, `unit`). An offset inside a character stays before it.
fn utf16_to_byte(text: &str, mut byte: usize, mut unit: usize, units: usize) -> usize {
    let bytes = text.as_bytes();
    while unit < units && byte < bytes.len() {
        if units - unit >= 8 && byte + 8 <= bytes.len() {
            let chunk = u64::from_le_bytes(bytes[byte..byte + 8].try_into().unwrap_or([0x80; 8]));
            if chunk & 0x8080_8080_8080_8080 == 0 {
                byte += 8;
                unit += 8;
                continue;
            }
        }
        let Some(c) = text[byte..].chars().next() else {
            break;
        };
        if unit + c.len_utf16() > units {
            break;
        }
        unit += c.len_utf16();
        byte += c.len_utf8();
    }
    byte
}

#[cfg(test)]
mod tests {
    use super::*;

    fn whole(source: &str) -> (PostMeta, Vec<String>, Vec<u32>) {
        let mut draft = Draft::new(Options::default());
        let update = draft.load(source);
        let blocks = draft.blocks().iter().map(|s| s.to_string()).collect();
        (update.post, blocks, draft.lines())
    }

    /// Loads `source`, inserts `insert` where `needle` starts, and checks the result.
    fn edited_at(source: &str, needle: &str, insert: &str) -> Draft {
        let mut draft = Draft::new(Options::default());
        draft.load(source);
        let at = source.find(needle).unwrap();
        draft.edit(at..at, insert);
        check(&draft);
        draft
    }

    fn check(draft: &Draft) {
        let (post, blocks, lines) = whole(draft.source());
        let got: Vec<String> = draft.blocks().iter().map(|s| s.to_string()).collect();
        assert_eq!(got, blocks, "blocks of {:?}", draft.source());
        assert_eq!(draft.lines(), lines, "lines of {:?}", draft.source());
        let text = normalize_source(draft.source());
        let kept = draft.post(Front::read(&text, &draft.options));
        assert_eq!(kept, post, "post of {:?}", draft.source());
    }

    #[test]
    fn utf16_offsets_become_byte_offsets() {
        let text = "aé😀b and some more ascii text";
        assert_eq!(utf16_to_byte(text, 0, 0, 0), 0);
        assert_eq!(utf16_to_byte(text, 0, 0, 1), 1);
        assert_eq!(utf16_to_byte(text, 0, 0, 2), 3);
        assert_eq!(utf16_to_byte(text, 0, 0, 3), 3, "inside the surrogate pair");
        assert_eq!(utf16_to_byte(text, 0, 0, 4), 7);
        assert_eq!(utf16_to_byte(text, 0, 0, 5), 8);
        assert_eq!(utf16_to_byte(text, 0, 0, 1000), text.len());
        assert_eq!(utf16_to_byte(text, 3, 2, 4), 7);
    }

    #[test]
    fn typing_in_a_paragraph_renders_only_a_window() {
        let mut source = String::from("---\ntitle: T\n---\n");
        for i in 0..50 {
            source.push_str(&format!("## Part {i}\n\nSome words in paragraph {i}.\n\n"));
        }
        let mut draft = Draft::new(Options::default());
        draft.load(&source);
        let at = source.find("paragraph 25").unwrap();
        let update = draft.edit(at..at, "new ");
        assert!(update.incremental);
        assert_eq!(update.middle.len(), 1, "{update:?}");
        assert!(update.middle[0].contains("new paragraph 25"));
        assert_eq!(draft.window_renders, 1);
        check(&draft);
    }

    #[test]
    fn opening_a_code_fence_re_renders_everything_after_it() {
        let source = "a\n\nb\n\nc\n\nd\n";
        let mut draft = Draft::new(Options::default());
        draft.load(source);
        draft.edit(3..3, "```\n");
        check(&draft);
        assert!(draft.blocks().last().unwrap().contains("<pre>"));
        draft.edit(3..7, "");
        check(&draft);
    }

    #[test]
    fn a_setext_underline_turns_the_paragraph_above_into_a_heading() {
        let mut draft = Draft::new(Options::default());
        draft.load("one\n\ntwo\n\nthree\n");
        draft.edit(9..9, "===\n");
        check(&draft);
        assert!(draft.blocks()[1].starts_with("<h1"), "{:?}", draft.blocks());
    }

    #[test]
    fn reference_links_resolve_from_definitions_outside_the_window() {
        let mut source = String::from("[top]: https://example.com/top\n\n");
        for i in 0..30 {
            source.push_str(&format!("Para {i} links [here][top] and [there].\n\n"));
        }
        source.push_str("[there]: https://example.com/there \"T\"\n");
        let mut draft = Draft::new(Options::default());
        draft.load(&source);
        let at = source.find("Para 15").unwrap();
        let update = draft.edit(at..at + 4, "Line");
        assert!(update.incremental);
        assert!(update.middle[0].contains("href=\"https://example.com/top\""));
        assert!(update.middle[0].contains("title=\"T\""));
        check(&draft);
    }

    #[test]
    fn renaming_a_heading_keeps_later_duplicate_ids_right() {
        let mut draft = Draft::new(Options::default());
        let source = "# Intro\n\ntext\n\n# Other\n\ntext\n\n# Intro\n";
        draft.load(source);
        // "Other" -> "Intro": the last heading becomes intro-2.
        let at = source.find("Other").unwrap();
        draft.edit(at..at + 5, "Intro");
        check(&draft);
        assert!(
            draft.blocks()[4].contains("id=\"intro-2\""),
            "{:?}",
            draft.blocks()
        );
    }

    #[test]
    fn front_matter_edits_keep_the_body_and_move_its_lines() {
        let mut draft = Draft::new(Options::default());
        draft.load("---\ntitle: A\n---\n# Head\n\nBody text.\n");
        let update = draft.edit(11..12, "B\ntags: [x]");
        assert!(update.incremental);
        assert!(update.middle.is_empty());
        assert_eq!(update.post.title.as_deref(), Some("B"));
        assert_eq!(update.post.tags, ["x"]);
        check(&draft);
    }

    #[test]
    fn typing_away_from_footnotes_renders_a_window_and_keeps_the_notes_at_the_end() {
        let mut draft = Draft::new(Options::default());
        draft.load("a[^1]\n\nb\n\nc\n\nd\n\n[^1]: note\n\ne\n\nf\n");
        let update = draft.edit(11..11, "x"); // "cx"
        assert!(update.incremental);
        assert_eq!(update.middle, ["<p>cx</p>\n"]);
        check(&draft);
        // At the very end, after the last note: the section stays last.
        let end = draft.source().len();
        let update = draft.edit(end..end, "\nd\n");
        assert!(update.incremental);
        check(&draft);
        assert!(
            draft
                .blocks()
                .last()
                .unwrap()
                .starts_with("<section class=\"footnotes\">")
        );
    }

    #[test]
    fn touching_a_note_reference_or_definition_renders_the_whole_post() {
        for (at, insert) in [(2, ""), (1, "x"), (10, "y"), (3, "[^2]")] {
            let mut draft = Draft::new(Options::default());
            let source = "a[^1]\n\nb\n\n[^1]: note\n\n[^2]: two\n";
            draft.load(source);
            // at 2 with "": delete the `^` of `[^1]`.
            let range = if insert.is_empty() {
                at..at + 1
            } else {
                at..at
            };
            let update = draft.edit(range, insert);
            assert!(!update.incremental, "{at} {insert:?}");
            check(&draft);
        }
    }

    #[test]
    fn crlf_text_is_rendered_whole_and_right() {
        let mut draft = Draft::new(Options::default());
        draft.load("a\r\n\r\nb\r\n");
        draft.edit(0..0, "x");
        check(&draft);
        assert_eq!(draft.blocks()[0], "<p>xa</p>\n");
    }

    // Regressions found by replaying random edits on the corpus (tests/draft.rs).

    #[test]
    fn a_paragraph_right_after_a_link_definition_is_not_taken_for_a_list() {
        let draft = edited_at("a\n\n[x]: /u\n2. text\n\nmore\n\nend\n", "more", "some ");
        assert!(
            draft.blocks()[1].starts_with("<p>2. text"),
            "{:?}",
            draft.blocks()
        );
    }

    #[test]
    fn an_indented_html_block_keeps_its_indentation() {
        edited_at("para\n\n  <figcaption>x\n\nend\n\nlast\n", "end", "the ");
    }

    #[test]
    fn a_block_after_html_the_sanitizer_emptied_renders_the_same() {
        edited_at("a\n\n<script>x()</script>\nb\n\nc\n\nd\n", "c\n", "more ");
    }

    #[test]
    fn definitions_after_an_edit_move_with_it() {
        let mut draft = Draft::new(Options::default());
        let source = "a [x]\n\nb\n\nc\n\n[x]: /u\n\nd\n";
        draft.load(source);
        draft.edit(0..0, "typed at the start, ");
        draft.edit(3..3, "more ");
        // Now an edit right after the definition must see it.
        let at = draft.source().find("\nd").unwrap();
        draft.edit(at..at, "\n2. x");
        check(&draft);
    }

    #[test]
    fn text_after_a_definition_inside_a_list_stays_a_paragraph() {
        edited_at(
            "* a\n* b\n[x]: /u\n    \"indented\",\n]\n\n[extra]\nmore\n\nend\n",
            "xtra",
            "[",
        );
    }

    #[test]
    fn text_after_a_repeated_definition_stays_a_paragraph() {
        edited_at(
            "[x]: /first\n\n* a\n\n[x]: /second\n    * not a list\n\nThere [x]\n\nend\n",
            "There",
            "*   *   *\n",
        );
    }
}
