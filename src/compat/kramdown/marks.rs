//! The stage right before the HTML writer: where each element with
//! attributes starts in the output, and abbreviations wrapped.

use super::abbreviations::with_abbreviations;
use super::{Note, Notes};
use crate::markdown::Html;
use pulldown_cmark::{Event, Tag, TagEnd};
use std::cell::RefCell;
use std::rc::Rc;

/// The stage right before the HTML writer: notes where each element with
/// attributes starts in the output, and wraps abbreviations in text.
pub(crate) struct Marks<'a, I> {
    inner: I,
    notes: Notes,
    seen: usize,
    out: Rc<RefCell<Html>>,
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
        out: Rc<RefCell<Html>>,
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
