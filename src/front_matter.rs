//! Finding the front matter block (split) and understanding it (parse).
//!
//! Splitting works on borrowed slices of a source whose line endings are
//! already `\n` (see [`crate::normalize_source`]); it never allocates.
//! Parsing turns the block into a JSON object, keeping every key, and
//! reports errors with line and column in the *file*.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::HashSet;
use std::fmt;

/// Largest front matter block Quire parses (bytes). Larger blocks are an
/// error: no real post needs more, and it bounds time and memory on hostile
/// input.
pub const MAX_FRONT_MATTER_BYTES: usize = 2 * 1024 * 1024;

/// Deepest nesting of YAML flow collections (`[`, `{`) Quire hands to the
/// YAML parser. libyaml slows down badly on very deep flow nesting (100,000
/// `[` took 20 s), long before serde_yaml's own recursion limit of 128 is
/// reported, so deeper input is refused up front.
pub const MAX_FLOW_DEPTH: usize = 100;

/// The syntax of a front matter block.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// `---` … `---` (or `...`), Jekyll and Hugo.
    Yaml,
    /// `+++` … `+++`, Hugo and Zola.
    Toml,
    /// A JSON object at the very start of the file, Hugo.
    Json,
}

/// A source cut into its front matter and its body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Split<'a> {
    /// Format of the block, `None` when the file has no front matter.
    pub format: Option<Format>,
    /// Text between the delimiters (for JSON: the whole object).
    pub raw: &'a str,
    /// 1-based line of the file on which `raw` starts.
    pub raw_line: usize,
    /// The Markdown body.
    pub body: &'a str,
    /// 1-based line of the file on which `body` starts.
    pub body_line: usize,
    /// Problems found while splitting (an unclosed block, a block that does
    /// not start on line 1, ...). The split is still usable.
    pub errors: Vec<FrontMatterError>,
}

/// Everything that can be wrong with front matter. Every variant knows where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FrontMatterError {
    /// An opening delimiter without its closing one. The whole file is body.
    Unclosed { format: Format, line: usize },
    /// The block does not parse.
    Syntax {
        format: Format,
        message: String,
        line: usize,
        column: usize,
    },
    /// The block parses, but to a list or a scalar instead of keys and values.
    NotAMapping { line: usize },
    /// The block is larger than [`MAX_FRONT_MATTER_BYTES`].
    TooLarge { line: usize, bytes: usize },
    /// Blank lines before the opening `---`: read as front matter anyway
    /// (Jekyll would not), with this warning.
    LeadingBlankLines { line: usize },
    /// YAML keys at the very start of the file and a closing `---`, but no
    /// opening `---` (seen in real posts). Read as front matter, with this
    /// warning; Jekyll would show those lines as a heading.
    MissingOpening { line: usize },
    /// A key set twice; the last value wins, as in Jekyll.
    DuplicateKey {
        key: String,
        line: usize,
        column: usize,
    },
}

/// A parsed front matter block.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Parsed {
    /// Every key, as plain JSON values, in the order written.
    pub map: Map<String, Value>,
    /// Problems that lost nothing important (duplicate keys).
    pub warnings: Vec<FrontMatterError>,
}

impl FrontMatterError {
    /// 1-based line and column in the file.
    pub fn position(&self) -> (usize, usize) {
        match self {
            FrontMatterError::Unclosed { line, .. }
            | FrontMatterError::NotAMapping { line }
            | FrontMatterError::TooLarge { line, .. }
            | FrontMatterError::LeadingBlankLines { line }
            | FrontMatterError::MissingOpening { line } => (*line, 1),
            FrontMatterError::Syntax { line, column, .. }
            | FrontMatterError::DuplicateKey { line, column, .. } => (*line, *column),
        }
    }

    /// Whether the post is still complete despite the problem.
    pub fn is_warning(&self) -> bool {
        matches!(
            self,
            FrontMatterError::LeadingBlankLines { .. }
                | FrontMatterError::MissingOpening { .. }
                | FrontMatterError::NotAMapping { .. }
                | FrontMatterError::DuplicateKey { .. }
        )
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Format::Yaml => "YAML",
            Format::Toml => "TOML",
            Format::Json => "JSON",
        })
    }
}

impl fmt::Display for FrontMatterError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FrontMatterError::Unclosed { format, .. } => {
                let delim = match format {
                    Format::Yaml => "`---`",
                    Format::Toml => "`+++`",
                    Format::Json => "`}`",
                };
                write!(
                    f,
                    "{format} front matter is never closed: add a {delim} line after it; \
                     the whole file is shown as body"
                )
            }
            FrontMatterError::Syntax {
                format, message, ..
            } => write!(f, "invalid {format} front matter: {message}"),
            FrontMatterError::NotAMapping { .. } => f.write_str(
                "front matter must be keys and values (like `title: Hello`), not a list or a single value",
            ),
            FrontMatterError::TooLarge { bytes, .. } => write!(
                f,
                "front matter is {bytes} bytes, more than the {MAX_FRONT_MATTER_BYTES} Quire reads; it was ignored"
            ),
            FrontMatterError::MissingOpening { .. } => f.write_str(
                "front matter without its opening `---` line: Quire reads it as front matter, \
                 but Jekyll and Hugo would show it as text; add `---` as the first line",
            ),
            FrontMatterError::DuplicateKey { key, .. } => write!(
                f,
                "`{key}` is set more than once; the last value is used (as Jekyll does)"
            ),
            FrontMatterError::LeadingBlankLines { .. } => f.write_str(
                "blank lines before the opening `---`: Quire reads the front matter anyway, \
                 but Jekyll and Hugo would show it as text; remove the blank lines",
            ),
        }
    }
}

impl std::error::Error for FrontMatterError {}

/// Iterates over lines as `(start_offset, line_without_newline)`.
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

/// Parses a block found by [`split`] into a JSON object.
///
/// Dates stay the strings they were written as (YAML) or their RFC 3339
/// text (TOML), so no time zone ever shifts them.
pub fn parse(format: Format, raw: &str, raw_line: usize) -> Result<Parsed, FrontMatterError> {
    if raw.len() > MAX_FRONT_MATTER_BYTES {
        return Err(FrontMatterError::TooLarge {
            line: raw_line,
            bytes: raw.len(),
        });
    }
    let mut warnings = Vec::new();
    let value = match format {
        Format::Yaml => parse_yaml(raw, raw_line, &mut warnings)?,
        Format::Toml => parse_toml(raw, raw_line)?,
        Format::Json => parse_json(raw, raw_line)?,
    };
    let map = match value {
        Value::Object(map) => map,
        Value::Null => Map::new(),
        _ => return Err(FrontMatterError::NotAMapping { line: raw_line }),
    };
    Ok(Parsed { map, warnings })
}

fn syntax(
    format: Format,
    message: String,
    raw_line: usize,
    line: usize,
    column: usize,
) -> FrontMatterError {
    FrontMatterError::Syntax {
        format,
        message,
        line: raw_line + line.saturating_sub(1),
        column: column.max(1),
    }
}

fn parse_yaml(
    raw: &str,
    raw_line: usize,
    warnings: &mut Vec<FrontMatterError>,
) -> Result<Value, FrontMatterError> {
    if raw.trim().is_empty() {
        return Ok(Value::Null);
    }
    check_flow_depth(raw, raw_line)?;
    // Straight into JSON values: one YAML deserializer in the wasm module
    // (going through serde_yaml::Value as well costs 15 KB brotli). A JSON
    // map keeps the last of duplicate keys, as Jekyll does; they are
    // reported below.
    let value = serde_yaml::from_str::<Value>(raw).map_err(|e| {
        let message = e.to_string();
        // libyaml's reader errors say "at position N" (an offset) instead.
        // Both are byte offsets; libyaml's own line numbers are not used,
        // because it also breaks lines at U+0085, U+2028 and U+2029, which
        // editors (and Quire's line numbers) do not.
        let position = message
            .rsplit_once(" at position ")
            .and_then(|(_, n)| n.trim().parse::<usize>().ok());
        let (line, column) = match (position, e.location()) {
            (Some(offset), _) => line_column(raw, offset),
            (None, Some(l)) => line_column(raw, l.index()),
            (None, None) => (1, 1),
        };
        // serde_yaml appends " at line L column C" itself: keep the message
        // about what is wrong, the position goes to the diagnostic.
        let message = message.split(" at line ").next().unwrap_or(&message);
        let message = message.split(" at position ").next().unwrap_or(message);
        let message = if message.contains("enum") {
            // What serde_yaml says about a tag such as `!ruby/object:Foo`.
            format!("{message} (YAML tags such as `!ruby/object` are not supported)")
        } else {
            message.to_string()
        };
        syntax(Format::Yaml, message, raw_line, line, column)
    })?;
    warnings.extend(duplicate_top_level_keys(raw, raw_line));
    Ok(value)
}

/// Refuses YAML whose `[`/`{` nesting (outside quotes and comments) is
/// deeper than [`MAX_FLOW_DEPTH`], in one linear pass.
fn check_flow_depth(raw: &str, raw_line: usize) -> Result<(), FrontMatterError> {
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    let mut previous = '\n';
    let mut chars = raw.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        match (quote, c) {
            (Some('\''), '\'') if chars.peek().map(|&(_, n)| n) == Some('\'') => {
                chars.next();
            }
            (Some('"'), '\\') => {
                chars.next();
            }
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'')
                if depth > 0
                    || matches!(previous, ' ' | '\t' | '\n' | ':' | '-' | ',' | '[' | '{') =>
            {
                quote = Some(c)
            }
            (None, '#') if matches!(previous, ' ' | '\t' | '\n') => {
                while chars.next_if(|&(_, n)| n != '\n').is_some() {}
            }
            (None, '[' | '{') => {
                depth += 1;
                if depth > MAX_FLOW_DEPTH {
                    let (line, column) = line_column(raw, at);
                    return Err(syntax(
                        Format::Yaml,
                        format!("lists or maps nested more than {MAX_FLOW_DEPTH} levels deep"),
                        raw_line,
                        line,
                        column,
                    ));
                }
            }
            (None, ']' | '}') => depth = depth.saturating_sub(1),
            _ => {}
        }
        previous = c;
    }
    Ok(())
}

/// Top-level keys set twice (`title:` at the start of two lines): a
/// warning at the second, where the fix is.
fn duplicate_top_level_keys(raw: &str, raw_line: usize) -> Vec<FrontMatterError> {
    let mut seen: HashSet<&str> = HashSet::new();
    let mut reported: HashSet<&str> = HashSet::new();
    let mut found = Vec::new();
    for (index, line) in raw.lines().enumerate() {
        let key = match line.as_bytes().first() {
            Some(b'"') | Some(b'\'') => line[1..].split(&line[..1]).next(),
            Some(b) if b.is_ascii_alphanumeric() || *b == b'_' => line.split(':').next(),
            _ => None,
        };
        let Some(key) = key.map(str::trim_end) else {
            continue;
        };
        let rest = &line[line.find(':').unwrap_or(line.len())..];
        if !(rest.starts_with(": ") || rest == ":" || rest.starts_with(":\t")) {
            continue;
        }
        // One warning per key, at its second occurrence.
        if !seen.insert(key) && reported.insert(key) {
            found.push(FrontMatterError::DuplicateKey {
                key: key.to_string(),
                line: raw_line + index,
                column: 1,
            });
        }
    }
    found
}

#[cfg(feature = "toml")]
fn parse_toml(raw: &str, raw_line: usize) -> Result<Value, FrontMatterError> {
    // Straight into JSON values, as for YAML (one value type in the module).
    let table: Value = toml::from_str(raw).map_err(|e| {
        let (line, column) = e.span().map_or((1, 1), |span| line_column(raw, span.start));
        syntax(
            Format::Toml,
            e.message().to_string(),
            raw_line,
            line,
            column,
        )
    })?;
    Ok(toml_dates_to_strings(table))
}

/// Without the `toml` feature (the reader's wasm module, which never gets a TOML post: see
/// `crate::needs_engines`) a TOML block is an error that says so, never read as something else.
#[cfg(not(feature = "toml"))]
fn parse_toml(_raw: &str, raw_line: usize) -> Result<Value, FrontMatterError> {
    Err(syntax(
        Format::Toml,
        "this build of Quire cannot read TOML front matter".into(),
        raw_line,
        1,
        1,
    ))
}

fn parse_json(raw: &str, raw_line: usize) -> Result<Value, FrontMatterError> {
    serde_json::from_str::<Value>(raw).map_err(|e| {
        let message = e.to_string();
        let message = message
            .split(" at line ")
            .next()
            .unwrap_or(&message)
            .to_string();
        syntax(Format::Json, message, raw_line, e.line(), e.column())
    })
}

/// 1-based line and column (in characters) of a byte offset.
pub(crate) fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

#[cfg(feature = "toml")]
/// TOML dates reach a non-TOML value type as a one-key map (the `toml`
/// crate's private marker); they become their text, as written.
fn toml_dates_to_strings(value: Value) -> Value {
    const MARKER: &str = "$__toml_private_datetime";
    match value {
        Value::Object(map) if map.len() == 1 && map.contains_key(MARKER) => {
            map.into_iter().next().map_or(Value::Null, |(_, v)| v)
        }
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| (k, toml_dates_to_strings(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(toml_dates_to_strings).collect()),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_dates_stay_as_written_at_any_depth() {
        let parsed = parse(
            Format::Toml,
            "title = \"T\"\ndate = 2024-01-15\n[extra]\nseen = [1979-05-27T07:32:00Z, 07:32:00]\n",
            2,
        )
        .unwrap();
        let value = Value::Object(parsed.map);
        assert_eq!(value["date"], "2024-01-15");
        assert_eq!(
            value["extra"]["seen"],
            serde_json::json!(["1979-05-27T07:32:00Z", "07:32:00"])
        );
    }

    #[test]
    fn yaml_block_is_split_from_the_body() {
        let s = split("---\ntitle: Hi\n---\nBody\n");
        assert_eq!(s.format, Some(Format::Yaml));
        assert_eq!(s.raw, "title: Hi\n");
        assert_eq!(s.body, "Body\n");
        assert_eq!(s.body_line, 4);
        assert!(s.errors.is_empty());
    }

    #[test]
    fn yaml_block_may_close_with_dots_and_trailing_spaces() {
        let s = split("---  \ntitle: Hi\n...   \nBody");
        assert_eq!(s.raw, "title: Hi\n");
        assert_eq!(s.body, "Body");
    }

    #[test]
    fn empty_block_is_valid_and_empty() {
        let s = split("---\n---\nBody");
        assert_eq!(s.format, Some(Format::Yaml));
        assert_eq!(s.raw, "");
        assert_eq!(
            parse(Format::Yaml, s.raw, s.raw_line),
            Ok(Parsed::default())
        );
    }

    #[test]
    fn block_closing_at_end_of_file_leaves_an_empty_body() {
        let s = split("---\ntitle: Hi\n---");
        assert_eq!(s.raw, "title: Hi\n");
        assert_eq!(s.body, "");
    }

    #[test]
    fn the_body_of_a_file_ending_at_the_closing_line_starts_on_a_real_line() {
        // Found by fuzzing: body_line pointed past the last line.
        let s = split("---\ntitle: x\n---");
        assert_eq!((s.body, s.body_line), ("", 3));
        let s = split("+++\n+++");
        assert_eq!((s.body, s.body_line), ("", 2));
    }

    #[test]
    fn later_dashes_are_not_front_matter() {
        let s = split("Intro\n\n---\ntitle: x\n---\n");
        assert_eq!(s.format, None);
        assert_eq!(s.body, "Intro\n\n---\ntitle: x\n---\n");
    }

    #[test]
    fn unclosed_block_is_an_error_and_the_file_stays_body() {
        let src = "---\ntitle: Hi\n\nBody";
        let s = split(src);
        assert_eq!(s.format, None);
        assert_eq!(s.body, src);
        assert_eq!(
            s.errors,
            vec![FrontMatterError::Unclosed {
                format: Format::Yaml,
                line: 1
            }]
        );
    }

    #[test]
    fn a_leading_thematic_break_is_not_an_unclosed_block() {
        let s = split("---\n\nJust a rule above.");
        assert_eq!(s.format, None);
        assert!(s.errors.is_empty());
    }

    #[test]
    fn toml_block_is_split_between_plus_lines() {
        let s = split("+++\ntitle = \"Hi\"\n+++\nBody");
        assert_eq!(s.format, Some(Format::Toml));
        assert_eq!(s.raw, "title = \"Hi\"\n");
        assert_eq!(s.body, "Body");
    }

    #[test]
    fn json_object_at_the_start_is_front_matter() {
        let s = split("{\n  \"title\": \"Hi\"\n}\nBody\n");
        assert_eq!(s.format, Some(Format::Json));
        assert_eq!(s.raw, "{\n  \"title\": \"Hi\"\n}");
        assert_eq!(s.body, "Body\n");
        assert_eq!(s.body_line, 4);
    }

    #[test]
    fn liquid_tag_at_the_start_is_not_json() {
        let s = split("{% raw %}\nhello\n{% endraw %}\n");
        assert_eq!(s.format, None);
    }

    #[test]
    fn broken_json_still_leaves_the_body_after_the_closing_brace() {
        let s = split("{\n  \"title\": \"Hi\",\n}\nBody\n");
        assert_eq!(s.format, Some(Format::Json));
        assert_eq!(s.body, "Body\n");
        let err = parse(Format::Json, s.raw, s.raw_line).unwrap_err();
        assert_eq!(err.position().0, 3);
    }

    #[test]
    fn deep_toml_nesting_is_an_error_not_a_stack_overflow() {
        let raw = format!("x = {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
        assert!(matches!(
            parse(Format::Toml, &raw, 2),
            Err(FrontMatterError::Syntax { .. })
        ));
    }

    #[test]
    fn json_too_deep_to_parse_is_reported_as_such() {
        let source = format!(
            "{{\"x\": {}{}}}\nbody\n",
            "[".repeat(1000),
            "]".repeat(1000)
        );
        let s = split(&source);
        assert_eq!(s.format, None);
        assert_eq!(s.body, source);
        assert!(
            matches!(&s.errors[..], [FrontMatterError::Syntax { message, line: 1, .. }] if message.contains("recursion")),
            "{:?}",
            s.errors
        );
    }

    #[test]
    fn blank_lines_before_the_block_are_a_warning() {
        let s = split("\n\n---\ntitle: Hi\n---\nBody");
        assert_eq!(s.format, Some(Format::Yaml));
        assert_eq!(s.raw_line, 4);
        assert_eq!(s.body_line, 6);
        assert_eq!(
            s.errors,
            vec![FrontMatterError::LeadingBlankLines { line: 3 }]
        );
        assert!(s.errors[0].is_warning());
    }

    #[test]
    fn front_matter_missing_its_opening_line_is_read_with_a_warning() {
        let s = split("layout: post\ntitle: \"Hi\"\nauthor: A\n---\n\nBody\n");
        assert_eq!(s.format, Some(Format::Yaml));
        assert_eq!(s.raw, "layout: post\ntitle: \"Hi\"\nauthor: A\n");
        assert_eq!(s.body, "\nBody\n");
        assert_eq!(s.body_line, 5);
        assert_eq!(s.errors, vec![FrontMatterError::MissingOpening { line: 1 }]);
    }

    #[test]
    fn text_before_a_rule_is_not_mistaken_for_front_matter() {
        for source in [
            "Note: this matters\n---\n",
            "Note: one\nWarning: two\n---\n",
            "title: x\n\nA paragraph\n---\n",
            "Some text\ntitle: x\n---\n",
        ] {
            assert_eq!(split(source).format, None, "{source:?}");
        }
    }

    #[test]
    fn yaml_error_is_reported_at_the_file_line() {
        let src = "---\nlayout: post\ntitle: Lessons: part 2\n---\nBody";
        let s = split(src);
        let err = parse(Format::Yaml, s.raw, s.raw_line).unwrap_err();
        assert_eq!(err.position().0, 3, "{err}");
        assert!(err.to_string().contains("YAML"), "{err}");
    }

    #[test]
    fn yaml_dates_stay_as_written() {
        let map = parse(
            Format::Yaml,
            "date: 2024-01-15\nwhen: 2024-01-15 10:30:00 +0100\n",
            2,
        )
        .unwrap()
        .map;
        assert_eq!(map["date"], "2024-01-15");
        assert_eq!(map["when"], "2024-01-15 10:30:00 +0100");
    }

    #[test]
    fn toml_dates_become_their_rfc3339_text() {
        let map = parse(
            Format::Toml,
            "date = 2024-01-15\nat = 2024-01-15T10:30:00+01:00\n",
            2,
        )
        .unwrap()
        .map;
        assert_eq!(map["date"], "2024-01-15");
        assert_eq!(map["at"], "2024-01-15T10:30:00+01:00");
    }

    #[test]
    fn toml_error_is_reported_at_the_file_line() {
        let err = parse(Format::Toml, "title = \"ok\"\ndate = = 3\n", 2).unwrap_err();
        assert_eq!(err.position().0, 3, "{err}");
    }

    #[test]
    fn duplicate_keys_point_at_the_second_one() {
        let parsed = parse(Format::Yaml, "title: a\ndate: 2024-01-01\ntitle: b\n", 2).unwrap();
        assert_eq!(
            parsed.map["title"], "b",
            "the last value wins, as in Jekyll"
        );
        assert_eq!(parsed.warnings.len(), 1);
        assert_eq!(parsed.warnings[0].position(), (4, 1));
        assert!(parsed.warnings[0].is_warning());
    }

    #[test]
    fn deep_flow_nesting_is_refused_quickly() {
        let raw = format!("x: {}{}\n", "[".repeat(50_000), "]".repeat(50_000));
        let err = parse(Format::Yaml, &raw, 2).unwrap_err();
        assert!(err.to_string().contains("nested more than"), "{err}");
        assert_eq!(err.position(), (2, 4 + MAX_FLOW_DEPTH));
        // Brackets inside quotes and comments do not count.
        let quoted = format!("x: \"{}\" # {}\n", "[".repeat(500), "{".repeat(500));
        assert!(parse(Format::Yaml, &quoted, 2).is_ok());
    }

    #[test]
    fn a_list_is_not_front_matter() {
        let err = parse(Format::Yaml, "- a\n- b\n", 2).unwrap_err();
        assert_eq!(err, FrontMatterError::NotAMapping { line: 2 });
    }

    #[test]
    fn keys_keep_their_order() {
        let map = parse(Format::Yaml, "z: 1\na: 2\nm: 3\n", 2).unwrap().map;
        assert_eq!(map.keys().collect::<Vec<_>>(), ["z", "a", "m"]);
    }

    #[test]
    fn oversized_front_matter_is_refused() {
        let raw = "a: b\n".repeat(MAX_FRONT_MATTER_BYTES / 4);
        assert!(matches!(
            parse(Format::Yaml, &raw, 2),
            Err(FrontMatterError::TooLarge { .. })
        ));
    }
}
