//! kramdown's `markdown="1"`: an HTML element whose content is Markdown,
//! opened up on the source before the renderer sees it.

use crate::compat::{Mapped, Writer};
use std::ops::Range;

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
    use crate::compat::kramdown::test_util::html;

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
}
