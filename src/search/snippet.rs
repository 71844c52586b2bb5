//! What a result shows of its post: a short piece of the text around the words found, and
//! where those words are (for the snippet and for highlighting them on the post page).

use std::ops::Range;

use serde::Serialize;

use super::query::Query;
use super::tokens::for_each_token;

/// A piece of a snippet: plain text, or a matched word (`hit`). Text, never HTML.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(
    feature = "typescript",
    derive(tsify::Tsify),
    tsify(rename = "SearchSegment")
)]
pub struct Segment {
    pub text: String,
    pub hit: bool,
}

/// The byte ranges of `text` holding the query's words (overlapping CJK pairs merged).
pub fn highlights(text: &str, query: &str) -> Vec<Range<usize>> {
    let query = Query::parse(query);
    let mut out: Vec<Range<usize>> = Vec::new();
    if query.words.is_empty() {
        return out;
    }
    for_each_token(text, |term, range| {
        if query.matches(term) {
            match out.last_mut() {
                Some(last) if range.start < last.end => last.end = last.end.max(range.end),
                _ => out.push(range),
            }
        }
    });
    out
}

/// About `max` bytes of `text` around the most matches, cut at spaces, with `…` where text
/// was left out, as segments.
pub fn snippet(text: &str, query: &str, max: usize) -> Vec<Segment> {
    let hits = highlights(text, query);
    let max = max.max(16);
    // The window starting a little before a hit that holds the most hits, the first such.
    let lead = max / 4;
    let mut best = (0usize, 0usize); // (hits in window, window start)
    for (i, hit) in hits.iter().enumerate() {
        let start = hit.start.saturating_sub(lead);
        let count = hits[i..]
            .iter()
            .take_while(|h| h.end <= start + max)
            .count();
        if count > best.0 {
            best = (count, start);
        }
    }
    let mut start = floor_boundary(text, best.1);
    if start > 0 {
        // Begin at a word: after the first space, unless that skips a match.
        let first_hit = hits
            .iter()
            .find(|h| h.start >= start)
            .map_or(text.len(), |h| h.start);
        if let Some(space) = text[start..first_hit].find(' ') {
            start += space + 1;
        }
    }
    let mut end = floor_boundary(text, (start + max).min(text.len()));
    if end < text.len()
        && let Some(space) = text[start..end].rfind(' ')
    {
        let last_hit_end = hits
            .iter()
            .filter(|h| h.start < end)
            .map(|h| h.end)
            .max()
            .unwrap_or(0);
        if start + space >= last_hit_end {
            end = start + space;
        }
    }

    let mut out = Vec::new();
    let mut at = start;
    let mut plain = String::new();
    if start > 0 {
        plain.push('…');
    }
    for hit in hits.iter().filter(|h| h.start >= start && h.end <= end) {
        plain.push_str(&text[at..hit.start]);
        if !plain.is_empty() {
            out.push(Segment {
                text: std::mem::take(&mut plain),
                hit: false,
            });
        }
        out.push(Segment {
            text: text[hit.clone()].to_string(),
            hit: true,
        });
        at = hit.end;
    }
    plain.push_str(&text[at..end]);
    if end < text.len() {
        plain.push('…');
    }
    if !plain.is_empty() {
        out.push(Segment {
            text: plain,
            hit: false,
        });
    }
    out
}

fn floor_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(segments: &[Segment]) -> String {
        segments
            .iter()
            .map(|s| {
                if s.hit {
                    format!("[{}]", s.text)
                } else {
                    s.text.clone()
                }
            })
            .collect()
    }

    #[test]
    fn a_snippet_marks_the_words_found_as_written_in_the_text() {
        let text = "Quire renders Markdown. Café owners and CAFE lovers meet here.";
        assert_eq!(
            shown(&snippet(text, "cafe", 200)),
            "Quire renders Markdown. [Café] owners and [CAFE] lovers meet here."
        );
    }

    #[test]
    fn a_long_text_is_cut_around_the_match_at_spaces() {
        let text = format!(
            "{} the needle is here {}",
            "hay ".repeat(100),
            "straw ".repeat(100)
        );
        let s = shown(&snippet(&text, "needle", 60));
        assert!(s.starts_with('…') && s.ends_with('…'), "{s}");
        assert!(s.contains("[needle]"), "{s}");
        assert!(s.len() < 80, "{s}");
        assert!(
            !s.contains("ha…") && !s.contains("…ay"),
            "cut inside a word: {s}"
        );
    }

    #[test]
    fn the_last_word_of_the_query_highlights_as_a_prefix() {
        assert_eq!(
            shown(&snippet("Asynchronous Rust", "asy", 100)),
            "[Asynchronous] Rust"
        );
        assert_eq!(
            shown(&snippet("東京都に行く", "京都", 100)),
            "東[京都]に行く"
        );
    }

    #[test]
    fn no_match_gives_the_start_of_the_text() {
        assert_eq!(
            shown(&snippet("One two three four five six", "zzz", 16)),
            "One two three…"
        );
    }
}
