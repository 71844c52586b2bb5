//! After the pass: the attributes and the table of contents written into
//! the HTML where [`super::Marks`] noted them.

use super::Note;
use crate::escape::{Escape, escape_into};
use crate::markdown::TocEntry;

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

/// Writes the notes' attributes (after the tag name and its `data-line`)
/// and the table of contents (`toc` of its offset) into `html`, and moves
/// the `offsets` (of the editor's blocks) by what was inserted before them.
pub(crate) fn patch(
    html: String,
    edits: &[(usize, Note)],
    toc: impl Fn(usize) -> String,
    offsets: &mut [&mut usize],
) -> String {
    let mut inserts: Vec<(usize, String)> = Vec::new();
    for (at, note) in edits {
        match note {
            Note::Toc => inserts.push((*at, toc(*at))),
            Note::Attributes(attrs) => {
                let Some(lt) = html.get(*at..).and_then(|rest| rest.find('<')) else {
                    continue;
                };
                let tag_start = at + lt + 1;
                let tag = &html[tag_start..];
                if !tag.starts_with(|c: char| c.is_ascii_alphabetic()) {
                    continue;
                }
                let mut name_end = tag_start
                    + tag
                        .find(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/')
                        .unwrap_or(tag.len());
                if let Some(line) = html[name_end..].strip_prefix(" data-line=\"")
                    && let Some(close) = line.find('"')
                {
                    name_end += " data-line=\"".len() + close + 1;
                }
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
    crate::sort::stable_sort_by(&mut inserts, |a, b| a.0.cmp(&b.0));
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

#[cfg(test)]
mod tests {
    use crate::compat::kramdown::test_util::html;

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
    fn an_alert_keeps_its_class_and_gains_the_list_s() {
        assert_eq!(
            html("> [!NOTE]\n> Heads up\n{: .extra}\n"),
            "<blockquote data-line=\"1\" class=\"extra markdown-alert-note\">\n<p>Heads up</p>\n</blockquote>\n"
        );
    }
}
