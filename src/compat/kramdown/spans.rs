//! Span attribute lists: `{:…}` right after an image, link, emphasis or code
//! span, for that element.

use super::blocks::Held;
use super::ial::{Braces, Ial, parse_braces};
use crate::markdown::Spanned;
use pulldown_cmark::{CowStr, Event, TagEnd};

/// Span attribute lists right after an image, link, emphasis or code span:
/// `![x](a.png){: .align-center}`, `[a](b){:target="_blank"}`.
pub(super) fn spans(block: &mut Held<'_>, body: &str) {
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

#[cfg(test)]
mod tests {
    use crate::compat::kramdown::test_util::html;

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
}
