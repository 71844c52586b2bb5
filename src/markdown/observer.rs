//! The observer: one look at each event on its way to the writer, for
//! everything that is counted or recorded rather than rewritten (words,
//! where top-level blocks start, headings and footnotes seen, the excerpt).

use super::excerpt::{Excerpt, ExcerptRule};
use super::lines::{LineIndex, Lines};
use super::words::WordCounter;
use crate::compat::kramdown::InCode;
use pulldown_cmark::{Event, Tag, TagEnd};
use std::ops::Range;

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

/// Where an event is in the tree of the body.
#[derive(Clone, Copy, Default)]
pub(super) struct Position {
    /// Elements open around it.
    pub depth: usize,
    /// Top-level blocks started so far.
    pub top_level_blocks: usize,
    /// Code blocks open around it.
    pub in_code: usize,
}

/// Watches the event stream on its way to the writer: counts words outside
/// code blocks, marks where top-level blocks start (for `data-line`, or as
/// the editor's blocks), and hands the excerpt the events it needs.
pub(super) struct Observer<'a, 's> {
    at: Position,
    word_counter: WordCounter,
    pub words: usize,
    /// 1-based line of the body's start, when `data-line` is wanted.
    pub lines: Option<LineIndex<'a>>,
    mark_html_blocks: bool,
    /// Every top-level block, when the editor asks for them.
    pub blocks: Option<Vec<BlockSpan>>,
    pub headings: usize,
    pub footnotes: bool,
    /// `None` when no excerpt is cut from the body.
    excerpt: Option<Excerpt<'a, 's>>,
    /// The excerpt needs no more events (see [`Excerpt::settled`]).
    excerpt_settled: bool,
    /// The `{:` kramdown was left out for, checked to be in code.
    pub braces_in_code: Option<InCode<'a>>,
}

impl<'a, 's> Observer<'a, 's> {
    /// An observer for a page: marks where top-level blocks start, for
    /// `data-line` (when `lines` is known; raw HTML blocks only with
    /// `mark_html_blocks`), and keeps what the excerpt `rule` needs.
    pub(super) fn page(
        body: &'a str,
        lines: Option<Lines<'a>>,
        rule: ExcerptRule<'s>,
        mark_html_blocks: bool,
    ) -> Self {
        Observer {
            mark_html_blocks,
            blocks: None,
            excerpt: (rule != ExcerptRule::None).then(|| Excerpt::new(body, rule)),
            ..Observer::blocks(body, lines)
        }
    }

    /// An observer for the editor: lists every top-level block, and keeps no
    /// excerpt.
    pub(super) fn blocks(body: &'a str, lines: Option<Lines<'a>>) -> Self {
        Observer {
            at: Position::default(),
            word_counter: WordCounter::default(),
            words: 0,
            lines: lines.map(|lines| LineIndex::new(body, lines)),
            mark_html_blocks: false,
            blocks: Some(Vec::new()),
            headings: 0,
            footnotes: false,
            excerpt: None,
            excerpt_settled: false,
            braces_in_code: None,
        }
    }

    /// Looks at `event` (its bytes in the body: `range`) when `written()`
    /// bytes of HTML are out (asked only for the editor's blocks); on a
    /// page, the line the element written next gets as `data-line`, when it
    /// starts a top-level block.
    #[inline]
    pub(super) fn observe(
        &mut self,
        event: &Event<'a>,
        range: &Range<usize>,
        written: impl FnOnce() -> usize,
    ) -> Option<usize> {
        let top_level = self.at.depth == 0 && !matches!(event, Event::End(_));
        let mut mark = None;
        if top_level {
            self.at.top_level_blocks += 1;
            let html_block = matches!(event, Event::Start(Tag::HtmlBlock));
            if let Some(blocks) = &mut self.blocks {
                let line = self.lines.as_mut().map_or(0, |l| l.line_of(range.start));
                blocks.push(BlockSpan {
                    src: range.clone(),
                    out: written(),
                    line,
                    words_before: self.words,
                    headings_before: self.headings,
                    html_block,
                });
            } else if let Some(lines) = &mut self.lines
                && (self.mark_html_blocks || !html_block)
            {
                mark = Some(lines.line_of(range.start));
            }
        }
        if !self.excerpt_settled
            && let Some(excerpt) = &mut self.excerpt
        {
            excerpt.keep(event, range, self.at);
            self.excerpt_settled = excerpt.settled();
        }
        if let Some(check) = &mut self.braces_in_code {
            match event {
                Event::Code(_) => check.see(range, false),
                Event::Text(_) if self.at.in_code > 0 => check.see(range, self.at.depth == 1),
                _ => {}
            }
        }
        // One match on the event for what it counts and where it leaves
        // the tree (text is most events).
        match event {
            Event::Text(text) | Event::Code(text) => {
                if self.at.in_code == 0 {
                    self.words += self.word_counter.count(text);
                } else {
                    self.word_counter.end_word();
                }
            }
            // A code block's start and end leave the word as it is (its
            // text ends it).
            Event::Start(Tag::CodeBlock(_)) => {
                self.at.in_code += 1;
                self.at.depth += 1;
            }
            Event::Start(tag) => {
                match tag {
                    Tag::Heading { .. } => self.headings += 1,
                    Tag::FootnoteDefinition(_) => self.footnotes = true,
                    _ => {}
                }
                self.word_counter.end_word();
                self.at.depth += 1;
            }
            Event::End(TagEnd::CodeBlock) => {
                self.at.in_code = self.at.in_code.saturating_sub(1);
                self.at.depth = self.at.depth.saturating_sub(1);
            }
            Event::End(_) => {
                self.word_counter.end_word();
                self.at.depth = self.at.depth.saturating_sub(1);
            }
            Event::FootnoteReference(_) => {
                self.footnotes = true;
                self.word_counter.end_word();
            }
            _ => self.word_counter.end_word(),
        }
        mark
    }

    /// The excerpt's HTML and whether the post goes on after it (nothing when
    /// no excerpt is cut from the body).
    pub(super) fn excerpt(self) -> (String, bool) {
        match self.excerpt {
            Some(excerpt) => excerpt.finish(self.at.top_level_blocks),
            None => (String::new(), false),
        }
    }
}
