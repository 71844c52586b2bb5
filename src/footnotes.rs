//! The footnotes stage of the Markdown renderer (`crate::markdown`): notes
//! numbered by first reference, written once at the end of the body.

use crate::markdown::write_html;
use pulldown_cmark::{Event, Tag, TagEnd};
use std::collections::HashMap;

/// Footnotes at the end, numbered by first reference: each reference
/// becomes `<sup class="footnote-ref" id="fnref:N"><a href="#fn:N">N</a></sup>`
/// (kramdown's ids, so links into Jekyll posts keep working; a generated
/// heading id never holds `:`), a later reference to the same note
/// `fnref:N:K`; definitions are taken out of the stream and written by
/// [`Footnotes::section`] in the order of their numbers, each with a link
/// back to every reference. Definitions nothing refers to follow, in the
/// order they were written, numbered on but with no id and no link back
/// (GitHub drops them; keeping them loses no text of the post).
pub(crate) struct Footnotes<'a, I> {
    inner: I,
    /// Definitions in the order written, as events, and their index by
    /// label (lowercase); the first of a label wins.
    definitions: Vec<Vec<Event<'a>>>,
    labels: HashMap<String, usize>,
    numbers: HashMap<String, usize>,
    /// Labels by number (1-based index).
    order: Vec<String>,
    /// References so far, by number.
    references: Vec<usize>,
}

impl<'a, I: Iterator<Item = Event<'a>>> Footnotes<'a, I> {
    pub(crate) fn new(inner: I) -> Self {
        Footnotes {
            inner,
            definitions: Vec::new(),
            labels: HashMap::new(),
            numbers: HashMap::new(),
            order: Vec::new(),
            references: Vec::new(),
        }
    }

    fn reference(&mut self, label: &str) -> Event<'a> {
        let key = label.to_lowercase();
        let n = match self.numbers.get(&key) {
            Some(&n) => n,
            None => {
                self.order.push(key.clone());
                self.references.push(0);
                self.numbers.insert(key, self.order.len());
                self.order.len()
            }
        };
        self.references[n - 1] += 1;
        let id = match self.references[n - 1] {
            1 => format!("fnref:{n}"),
            k => format!("fnref:{n}:{k}"),
        };
        Event::InlineHtml(
            format!("<sup class=\"footnote-ref\" id=\"{id}\"><a href=\"#fn:{n}\">{n}</a></sup>")
                .into(),
        )
    }

    /// The footnotes section (empty when nothing was referenced).
    pub(crate) fn section(&mut self) -> String {
        // Numbers first: a note may refer to a later one.
        let mut notes: Vec<Vec<Event<'a>>> = Vec::new();
        while notes.len() < self.order.len() {
            let events = self
                .labels
                .get(&self.order[notes.len()])
                .map(|&at| std::mem::take(&mut self.definitions[at]))
                .unwrap_or_default();
            let mut converted = Vec::with_capacity(events.len() + 1);
            for event in events {
                converted.push(match event {
                    Event::FootnoteReference(label) => self.reference(&label),
                    other => other,
                });
            }
            notes.push(converted);
        }
        let numbered = notes.len();
        let mut unreferenced: Vec<usize> = self
            .labels
            .iter()
            .filter(|(label, _)| !self.numbers.contains_key(*label))
            .map(|(_, &at)| at)
            .collect();
        // The compatibility stage's one sort (distinct indices: stable or not
        // is the same order), not another `sort_unstable` instance.
        crate::sort::stable_sort_by(&mut unreferenced, |a, b| a.cmp(b));
        for at in unreferenced {
            let events = std::mem::take(&mut self.definitions[at]);
            notes.push(
                events
                    .into_iter()
                    .filter(|e| !matches!(e, Event::FootnoteReference(_)))
                    .collect(),
            );
        }
        if notes.is_empty() {
            return String::new();
        }
        let mut out = String::from("<section class=\"footnotes\">\n<ol>\n");
        for (index, mut events) in notes.into_iter().enumerate() {
            let n = index + 1;
            if index >= numbered {
                out.push_str("<li class=\"footnote-unreferenced\">\n");
                out.push_str(&write_html(&mut events.into_iter(), 64));
                if !out.ends_with('\n') {
                    out.push('\n');
                }
                out.push_str("</li>\n");
                continue;
            }
            let mut back = String::new();
            for k in 1..=self.references[index] {
                let (href, label, mark) = match k {
                    1 => (format!("fnref:{n}"), n.to_string(), String::new()),
                    k => (
                        format!("fnref:{n}:{k}"),
                        format!("{n}-{k}"),
                        format!("<sup>{k}</sup>"),
                    ),
                };
                back.push_str(&format!(
                    " <a href=\"#{href}\" class=\"footnote-backref\" aria-label=\"Back to reference {label}\">↩{mark}</a>"
                ));
            }
            // Inside the last paragraph, as GitHub does.
            match events.last() {
                Some(Event::End(TagEnd::Paragraph)) => {
                    let at = events.len() - 1;
                    events.insert(at, Event::InlineHtml(back.into()));
                }
                _ => events.push(Event::Html(back.trim_start().to_string().into())),
            }
            out.push_str(&format!("<li id=\"fn:{n}\">\n"));
            let html = write_html(&mut events.into_iter(), 64);
            out.push_str(&html);
            if !out.ends_with('\n') {
                out.push('\n');
            }
            out.push_str("</li>\n");
        }
        out.push_str("</ol>\n</section>\n");
        out
    }
}

impl<'a, I: Iterator<Item = Event<'a>>> Iterator for Footnotes<'a, I> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        loop {
            match self.inner.next()? {
                Event::Start(Tag::FootnoteDefinition(label)) => {
                    let mut events = Vec::new();
                    let mut depth = 0usize;
                    for event in self.inner.by_ref() {
                        match &event {
                            Event::Start(Tag::FootnoteDefinition(_)) => depth += 1,
                            Event::End(TagEnd::FootnoteDefinition) if depth == 0 => break,
                            Event::End(TagEnd::FootnoteDefinition) => depth -= 1,
                            _ => {}
                        }
                        events.push(event);
                    }
                    let key = label.to_lowercase();
                    if !self.labels.contains_key(&key) {
                        self.labels.insert(key, self.definitions.len());
                        self.definitions.push(events);
                    }
                }
                Event::FootnoteReference(label) => return Some(self.reference(&label)),
                other => return Some(other),
            }
        }
    }
}
