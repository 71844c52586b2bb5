//! Heading ids and the table of contents: GitHub-style slugs, `{#custom}`
//! ids kept, repeats numbered `-1`, `-2`, ...

use super::parser::Links;
use super::writer::push_decimal;
use super::{Spanned, TocEntry};
use foldhash::fast::FixedState;
use hashbrown::hash_table::{Entry, HashTable};
use pulldown_cmark::{CowStr, Event, Options as CmarkOptions, Parser, Tag, TagEnd};
use std::collections::{HashMap, HashSet, VecDeque};
use std::hash::BuildHasher;

/// Heading ids taken: their text one after the other in one string, and a
/// table of where each is. Taking an id hashes it once and allocates
/// nothing of its own. Hashed with foldhash's fixed seed, several times
/// cheaper than SipHash on short ids; nothing iterates the table, so its
/// order never reaches the output.
#[derive(Clone, Debug, Default)]
pub(crate) struct IdSet {
    text: String,
    /// Per id: its hash (the table grows without hashing again), where it
    /// starts and ends in `text`.
    ids: HashTable<(u64, usize, usize)>,
}

impl IdSet {
    /// Takes `id`: false if it was taken already.
    pub fn insert(&mut self, id: &str) -> bool {
        let hash = FixedState::default().hash_one(id);
        let text = &self.text;
        let entry = self.ids.entry(
            hash,
            |&(h, start, end)| h == hash && &text[start..end] == id,
            |&(h, ..)| h,
        );
        match entry {
            Entry::Occupied(_) => false,
            Entry::Vacant(slot) => {
                let start = self.text.len();
                self.text.push_str(id);
                slot.insert((hash, start, self.text.len()));
                true
            }
        }
    }
}

/// How far each base's `-N` counter got.
pub(crate) type IdCounts = HashMap<String, usize, FixedState>;

/// GitHub-style heading slug: lowercase, letters, digits, `-` and `_` kept,
/// spaces become `-`, everything else dropped.
pub fn slugify_heading(text: &str) -> String {
    let text = text.trim();
    let mut slug = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii() {
            // What the general path below does with an ASCII character,
            // without Unicode's tables.
            match c {
                'a'..='z' | '0'..='9' | '-' | '_' => slug.push(c),
                'A'..='Z' => slug.push(c.to_ascii_lowercase()),
                ' ' | '\t' | '\n' | '\x0B' | '\x0C' | '\r' => slug.push('-'),
                _ => {}
            }
            continue;
        }
        // A lowercase may be several characters, some ASCII (`İ`: `i` and a
        // combining dot).
        for c in c.to_lowercase() {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                slug.push(c);
            } else if c.is_whitespace() {
                slug.push('-');
            }
        }
    }
    slug
}

/// The state of heading ids before a stretch of body: ids taken (every
/// `{#custom}` id of the whole body, then each id given so far) and how far
/// each base's `-N` counter got. `used: None` gives no ids (commonmark).
#[derive(Clone, Debug, Default)]
pub(crate) struct HeadingSeed {
    pub used: Option<IdSet>,
    pub counts: IdCounts,
}

impl HeadingSeed {
    /// Replays giving an id to a heading whose slug is `base` (`None`: it
    /// has a custom id, which is already taken), as the renderer does.
    pub fn give(&mut self, base: Option<&str>) {
        if let (Some(base), Some(used)) = (base, self.used.as_mut()) {
            unique_id(used, &mut self.counts, base, &mut String::new());
        }
    }
}

/// Custom heading ids (`{#id}`, `{ #id }`, `{.class #id}`) anywhere in the
/// post, so generated ids never take them. A second parse, only for posts
/// that may have one.
pub(crate) fn custom_heading_ids(body: &str) -> IdSet {
    if !may_have_heading_id(body.as_bytes()) {
        return IdSet::default();
    }
    // The renderer's parser type, so pulldown-cmark's parser is compiled
    // once (`Parser::new_ext` would put a second copy in the wasm).
    let mut ids = IdSet::default();
    let parser = Parser::new_with_broken_link_callback(
        body,
        CmarkOptions::ENABLE_HEADING_ATTRIBUTES,
        Some(Links(None)),
    );
    for event in parser {
        if let Event::Start(Tag::Heading { id: Some(id), .. }) = event {
            ids.insert(&id);
        }
    }
    ids
}

/// Whether some `{`, closed by a `}` that ends its line, has a `#` between:
/// what every heading attribute block naming an id has.
fn may_have_heading_id(body: &[u8]) -> bool {
    brace_groups(body).any(|group| memchr::memchr(b'#', group).is_some())
}

/// What is between each `{` and its `}` where the `}` ends its line (but
/// for spaces): where pulldown-cmark looks for a heading's attribute block,
/// at the end of the heading's line. Rust's `{:#?}` in code is no such
/// group, so a post with it is not parsed again for custom ids.
fn brace_groups(body: &[u8]) -> impl Iterator<Item = &[u8]> {
    memchr::memchr_iter(b'{', body).filter_map(move |open| {
        let rest = &body[open + 1..];
        let end = memchr::memchr3(b'}', b'\n', b'{', rest)?;
        let after = &rest[end + 1..];
        let line_end = memchr::memchr(b'\n', after).unwrap_or(after.len());
        (rest[end] == b'}'
            && after[..line_end]
                .iter()
                .all(|b| matches!(b, b' ' | b'\t' | b'\r')))
        .then(|| &rest[..end])
    })
}

/// Whether a generated id of `toc` (one whose heading has a base in
/// `bases`) may be a `{#custom}` id of `body`: it is some `#word` in braces
/// (every custom id is one; pulldown-cmark takes the id from the words of
/// the block split at ASCII whitespace).
pub(crate) fn may_take_a_custom_id(body: &str, toc: &[TocEntry], bases: &[Option<String>]) -> bool {
    if !may_have_heading_id(body.as_bytes()) {
        return false;
    }
    let words: HashSet<&[u8]> = brace_groups(body.as_bytes())
        .flat_map(|group| group.split(u8::is_ascii_whitespace))
        .filter_map(|word| word.strip_prefix(b"#"))
        .collect();
    toc.iter()
        .zip(bases)
        .any(|(entry, base)| base.is_some() && words.contains(entry.id.as_bytes()))
}

/// Gives every heading a unique id (`{#custom}` wins, repeats get `-1`,
/// `-2`, ...) and lists them, holding back only the events of one heading
/// at a time. Without ids (`None`: the commonmark preset) the table of
/// contents has empty ids, like the HTML.
pub(super) struct Headings<'a, I> {
    inner: I,
    used: Option<IdSet>,
    counts: IdCounts,
    held: VecDeque<Spanned<'a>>,
    pub toc: Vec<TocEntry>,
    /// Per heading: its slug before numbering (`None`: custom id).
    pub bases: Vec<Option<String>>,
    /// Per heading: marked `no_toc` (left out of `{:toc}`).
    pub skip: Vec<bool>,
    /// Reused by every heading: its text, then its id.
    text: String,
    id: String,
}

impl<'a, I: Iterator<Item = Spanned<'a>>> Headings<'a, I> {
    pub(super) fn new(inner: I, seed: HeadingSeed) -> Self {
        Headings {
            inner,
            used: seed.used,
            counts: seed.counts,
            held: VecDeque::new(),
            toc: Vec::new(),
            bases: Vec::new(),
            skip: Vec::new(),
            text: String::new(),
            id: String::new(),
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

/// The first of `base`, `base-1`, `base-2`, ... not yet used, now used:
/// written to `id` (its text before is dropped). Each candidate is hashed
/// once, to test and take it; the counter of `base` is looked up only when
/// `base` itself is taken.
fn unique_id<'i>(
    used: &mut IdSet,
    counts: &mut IdCounts,
    base: &str,
    id: &'i mut String,
) -> &'i str {
    id.clear();
    id.push_str(base);
    if !used.insert(base) {
        let mut n = counts.get(base).copied().unwrap_or(0);
        loop {
            n += 1;
            id.truncate(base.len());
            id.push('-');
            push_decimal(id, n as u64);
            if used.insert(id) {
                break;
            }
        }
        match counts.get_mut(base) {
            Some(count) => *count = n,
            None => {
                counts.insert(base.to_owned(), n);
            }
        }
    }
    id
}

impl<'a, I: Iterator<Item = Spanned<'a>>> Iterator for Headings<'a, I> {
    type Item = Spanned<'a>;

    // Inlined into the stage after it: events other than a heading's pass
    // untouched, a heading leaves the loop (`heading`).
    #[inline]
    fn next(&mut self) -> Option<Spanned<'a>> {
        if !self.held.is_empty() {
            return self.held.pop_front();
        }
        // The item is returned as it came (no move out of the Option and
        // back): this runs for every event of the body.
        let item = self.inner.next();
        if let Some((Event::Start(Tag::Heading { .. }), _)) = &item {
            let (event, range) = item?;
            return Some(self.heading(event, range));
        }
        item
    }
}

impl<'a, I: Iterator<Item = Spanned<'a>>> Headings<'a, I> {
    /// A heading's start with its id, its events held, its entry in the
    /// table of contents.
    #[inline(never)]
    fn heading(&mut self, event: Event<'a>, range: std::ops::Range<usize>) -> Spanned<'a> {
        let Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) = event
        else {
            return (event, range);
        };
        let text = &mut self.text;
        text.clear();
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
        let text = self.text.trim();
        let (id, toc_id) = match id {
            Some(custom) => {
                self.bases.push(None);
                let toc_id = (*custom).to_owned();
                (Some(custom), toc_id)
            }
            None => {
                let base = heading_base(text);
                let id = match self.used.as_mut() {
                    Some(used) => {
                        let id = unique_id(used, &mut self.counts, &base, &mut self.id);
                        // Boxed at its length: `CowStr::from(String)`
                        // shrinks the box (a realloc). An inline id
                        // (`CowStr::Inlined`, no allocation) measured
                        // slower: each read of it checks it as UTF-8.
                        (Some(CowStr::Boxed(id.into())), id.to_owned())
                    }
                    None => (None, String::new()),
                };
                self.bases.push(Some(base));
                id
            }
        };
        self.skip.push(classes.iter().any(|c| &**c == "no_toc"));
        self.toc.push(TocEntry {
            level: level as u8,
            id: toc_id,
            text: text.to_owned(),
        });
        let start = Tag::Heading {
            level,
            id,
            classes,
            attrs,
        };
        (Event::Start(start), range)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::test_util::rendered;

    #[test]
    fn heading_slugs_follow_github() {
        assert_eq!(
            slugify_heading("What's New in Rust 1.75?"),
            "whats-new-in-rust-175"
        );
        assert_eq!(slugify_heading("Über straße"), "über-straße");
        assert_eq!(slugify_heading("a -- b"), "a----b");
    }

    /// The slug as it was written before its ASCII fast path.
    fn slugify_by_unicode(text: &str) -> String {
        let mut slug = String::new();
        for c in text.trim().chars().flat_map(char::to_lowercase) {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                slug.push(c);
            } else if c.is_whitespace() {
                slug.push('-');
            }
        }
        slug
    }

    #[test]
    fn the_ascii_fast_path_of_slugs_gives_what_unicode_lowercasing_gives() {
        let tricky = [
            "What's New in Rust 1.75?",
            "  MiXeD_case-and--DASHES  ",
            "tabs\tnew\nlines\rform\x0cfeed\x0bvertical",
            "Über Straße ÄÖÜ",
            "İstanbul KELVIN \u{212a} sign",
            "emoji 🦀 crab 👩‍💻 and \u{200b}zero width\u{a0}nbsp",
            "ΣΊΣΥΦΟΣ Ǆ ǅ ǆ ﬁ",
            "punct !\"#$%&'()*+,./:;<=>?@[\\]^`{|}~ \x00\x1f\x7f",
            "١٢٣ digits ²³ ½ Ⅻ",
            "",
            "   ",
        ];
        for text in tricky {
            assert_eq!(slugify_heading(text), slugify_by_unicode(text), "{text:?}");
        }
        // Every character of the first planes, one at a time and between letters.
        for c in (0..0x3_0000).filter_map(char::from_u32) {
            let text = format!("a{c}B");
            assert_eq!(slugify_heading(&text), slugify_by_unicode(&text), "{c:?}");
        }
    }

    #[test]
    fn an_id_set_takes_each_id_once_and_keeps_its_ids_when_it_grows() {
        let mut used = IdSet::default();
        let ids: Vec<String> = (0..1000).map(|n| format!("id-{n}")).collect();
        assert!(ids.iter().all(|id| used.insert(id)));
        assert!(ids.iter().all(|id| !used.insert(id)));
        assert!(used.insert("id"));
        assert!(used.insert(""));
        assert!(!used.insert(""));
        let copy = used.clone();
        assert!(used.insert("id-1000"));
        assert!(!copy.clone().insert("id-999"));
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
    fn a_custom_id_written_with_spaces_or_after_a_class_is_not_reused_either() {
        for custom in ["{ #setup }", "{.note #setup}", "{  .a  #setup  .b }"] {
            let r = rendered(&format!("# Setup\n\n## Other {custom}\n"));
            let ids: Vec<_> = r.toc.iter().map(|t| t.id.as_str()).collect();
            assert_eq!(ids, ["setup-1", "setup"], "{custom}");
            assert_eq!(
                r.html.matches("id=\"setup\"").count(),
                1,
                "{custom}: {}",
                r.html
            );
        }
    }

    #[test]
    fn only_braces_that_end_their_line_may_hold_a_heading_id() {
        assert!(may_have_heading_id(b"# Setup {#setup}\n"));
        assert!(may_have_heading_id(b"> ## Setup { .a #setup }  \r\nText\n"));
        assert!(may_have_heading_id(b"Setup {#setup}\n=====\n"));
        // Rust's pretty debug format, in code: no second parse for ids.
        assert!(!may_have_heading_id(b"println!(\"{:#?}\", x);\n"));
        // pulldown-cmark takes the block only where it ends the line.
        assert!(!may_have_heading_id(b"# Setup {#setup} ##\n"));
        assert_eq!(
            rendered("# Setup {#setup} ##\n").toc[0].text,
            "Setup {#setup}"
        );
        let r = rendered("# Debug\n\n```\nprintln!(\"{:#?}\", x);\n```\n\n# Setup {#setup}\n");
        let ids: Vec<_> = r.toc.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids, ["debug", "setup"]);
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
}
