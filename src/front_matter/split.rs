//! Finding the front matter block. Splitting works on borrowed slices of a
//! source whose line endings are already `\n` (see
//! [`crate::normalize_source`]); it never allocates.

use super::*;
use serde_json::Value;

fn lines_with_offsets(s: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut offset = 0;
    s.split_inclusive('\n').map(move |line| {
        let start = offset;
        offset += line.len();
        (start, line.strip_suffix('\n').unwrap_or(line))
    })
}

/// A delimiter line: the delimiter, then only spaces or tabs.
fn is_delimiter(line: &str, delim: &str) -> bool {
    line.strip_prefix(delim)
        .is_some_and(|rest| rest.chars().all(|c| c == ' ' || c == '\t'))
}

fn no_front_matter(source: &str) -> Split<'_> {
    Split {
        format: None,
        raw: "",
        raw_line: 1,
        body: source,
        body_line: 1,
        errors: Vec::new(),
    }
}

/// Cuts `source` (with `\n` line endings, no BOM) into front matter and body.
///
/// Rules (after pulldown-cmark's `metadata_blocks` spec and Jekyll):
/// * YAML: the first line is `---`, the block ends at the next `---` or
///   `...` line. Trailing spaces are allowed on both.
/// * TOML: between `+++` lines.
/// * JSON: an object that starts the file (`{` on the first line).
/// * An opening `---` followed by a blank line and never closed is a
///   thematic break, not front matter.
/// * Any other opening delimiter that is never closed is an
///   [`FrontMatterError::Unclosed`] error and the whole file is body.
pub fn split(source: &str) -> Split<'_> {
    // Blank lines before `---`: accepted with a warning (a real-world
    // mistake Jekyll silently turns into body text).
    let leading = source
        .bytes()
        .take_while(|b| matches!(b, b'\n' | b' ' | b'\t'))
        .count();
    let leading = source[..leading].rfind('\n').map_or(0, |i| i + 1);
    if leading > 0 {
        let skipped_lines = source[..leading].matches('\n').count();
        let rest = &source[leading..];
        let mut inner = split(rest);
        if inner.format == Some(Format::Yaml) {
            inner.raw_line += skipped_lines;
            inner.body_line += skipped_lines;
            for error in &mut inner.errors {
                shift_error(error, skipped_lines);
            }
            inner.errors.insert(
                0,
                FrontMatterError::LeadingBlankLines {
                    line: skipped_lines + 1,
                },
            );
            return inner;
        }
        return no_front_matter(source);
    }

    let first_line = source.split('\n').next().unwrap_or("");
    if is_delimiter(first_line, "---") {
        split_delimited(source, Format::Yaml, &["---", "..."])
    } else if is_delimiter(first_line, "+++") {
        split_delimited(source, Format::Toml, &["+++"])
    } else if is_json_start(first_line) {
        split_json(source)
    } else if let Some(split) = split_missing_opening(source) {
        split
    } else {
        no_front_matter(source)
    }
}

/// Lines of YAML keys from line 1 up to a `---` line, without the opening
/// `---`: taken as front matter only when every line looks like YAML (no
/// blank line), there are at most 100 of them, and one sets `title`,
/// `layout` or `date` — so a paragraph followed by a rule, or a setext
/// heading, stays Markdown.
fn split_missing_opening(source: &str) -> Option<Split<'_>> {
    let is_key_line = |line: &str| {
        let key_len = line
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
            .unwrap_or(line.len());
        key_len > 0
            && line[key_len..].starts_with(':')
            && (line[key_len + 1..].is_empty() || line[key_len + 1..].starts_with([' ', '\t']))
    };
    let mut known_key = false;
    for (index, (start, line)) in lines_with_offsets(source).enumerate().take(101) {
        if index > 0 && is_delimiter(line, "---") {
            if !known_key {
                return None;
            }
            let body_start = (start + line.len() + 1).min(source.len());
            return Some(Split {
                format: Some(Format::Yaml),
                raw: &source[..start],
                raw_line: 1,
                body: &source[body_start..],
                body_line: if source[start..].contains('\n') {
                    index + 2
                } else {
                    index + 1
                },
                errors: vec![FrontMatterError::MissingOpening { line: 1 }],
            });
        }
        if is_key_line(line) {
            known_key |= ["title:", "layout:", "date:"]
                .iter()
                .any(|k| line.starts_with(k));
        } else if index == 0 || line.trim().is_empty() || !line.starts_with([' ', '\t', '-', '#']) {
            return None;
        }
    }
    None
}

fn shift_error(error: &mut FrontMatterError, by: usize) {
    match error {
        FrontMatterError::Unclosed { line, .. }
        | FrontMatterError::NotAMapping { line }
        | FrontMatterError::TooLarge { line, .. }
        | FrontMatterError::LeadingBlankLines { line }
        | FrontMatterError::MissingOpening { line }
        | FrontMatterError::DuplicateKey { line, .. }
        | FrontMatterError::Syntax { line, .. } => *line += by,
    }
}

/// `{` alone, or `{` followed by a quoted key or `}`: a JSON object, not a
/// Liquid tag (`{% raw %}`) or a paragraph that starts with a brace.
fn is_json_start(line: &str) -> bool {
    let Some(rest) = line.strip_prefix('{') else {
        return false;
    };
    let rest = rest.trim_start();
    rest.is_empty() || rest.starts_with('"') || rest.starts_with('}')
}

fn split_delimited<'a>(source: &'a str, format: Format, closers: &[&str]) -> Split<'a> {
    let mut lines = lines_with_offsets(source);
    let Some((_, _opening)) = lines.next() else {
        return no_front_matter(source);
    };
    let raw_start = source.find('\n').map_or(source.len(), |i| i + 1);
    for (index, (start, line)) in lines.enumerate() {
        if closers.iter().any(|d| is_delimiter(line, d)) {
            let body_start = (start + line.len() + 1).min(source.len());
            // A closing line that ends the file has no line after it.
            let ends_file = !source[start..].contains('\n');
            return Split {
                format: Some(format),
                raw: &source[raw_start..start],
                raw_line: 2,
                body: &source[body_start..],
                body_line: if ends_file { index + 2 } else { index + 3 },
                errors: Vec::new(),
            };
        }
    }
    // Never closed. `---` then a blank line (or nothing) is a thematic break.
    let next_line = source[raw_start..].split('\n').next().unwrap_or("");
    let mut split = no_front_matter(source);
    if !(format == Format::Yaml && next_line.trim().is_empty()) {
        split
            .errors
            .push(FrontMatterError::Unclosed { format, line: 1 });
    }
    split
}

fn split_json(source: &str) -> Split<'_> {
    let mut stream = serde_json::Deserializer::from_str(source).into_iter::<Value>();
    let (end, error) = match stream.next() {
        Some(Ok(_)) => (Some(stream.byte_offset()), None),
        Some(Err(e)) => (None, Some(e)),
        None => (None, None),
    };
    // The object must end its line; otherwise look for a `}` line, so that a
    // syntax error still leaves the body alone.
    let end = end
        .filter(|&end| {
            source[end..]
                .split('\n')
                .next()
                .is_some_and(|rest| rest.trim().is_empty())
        })
        .or_else(|| {
            lines_with_offsets(source)
                .find(|(_, line)| line.trim_end() == "}")
                .map(|(start, line)| start + line.len())
        });
    let Some(end) = end else {
        // No end in sight: the whole file is body, with the JSON error if
        // there is one (more useful than "never closed").
        let mut split = no_front_matter(source);
        split.errors.push(match error {
            Some(e) if !e.is_eof() => FrontMatterError::Syntax {
                format: Format::Json,
                message: e
                    .to_string()
                    .split(" at line ")
                    .next()
                    .unwrap_or_default()
                    .to_string(),
                line: e.line(),
                column: e.column().max(1),
            },
            _ => FrontMatterError::Unclosed {
                format: Format::Json,
                line: 1,
            },
        });
        return split;
    };
    let body_start = source[end..]
        .find('\n')
        .map_or(source.len(), |i| end + i + 1);
    Split {
        format: Some(Format::Json),
        raw: &source[..end],
        raw_line: 1,
        body: &source[body_start..],
        body_line: source[..body_start].matches('\n').count() + 1,
        errors: Vec::new(),
    }
}
