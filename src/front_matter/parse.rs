//! Understanding the front matter block: it becomes a JSON object, keeping
//! every key, with errors at their line and column in the *file*.

use super::*;
use serde_json::{Map, Value};
use std::collections::HashSet;

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
    // The forms real front matter uses are read without libyaml, the same in every build; the
    // rest goes to serde_yaml where the build has it.
    let value = match yaml_subset::read(raw) {
        Some(value) => value,
        None => parse_full_yaml(raw, raw_line)?,
    };
    warnings.extend(duplicate_top_level_keys(raw, raw_line));
    Ok(value)
}

/// YAML beyond the common forms, with libyaml (through serde_yaml).
#[cfg(feature = "yaml")]
fn parse_full_yaml(raw: &str, raw_line: usize) -> Result<Value, FrontMatterError> {
    // Straight into JSON values: one YAML deserializer in the wasm module
    // (going through serde_yaml::Value as well costs 15 KB brotli). A JSON
    // map keeps the last of duplicate keys, as Jekyll does; they are
    // reported by the caller.
    serde_yaml::from_str::<Value>(raw).map_err(|e| {
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
    })
}

/// Without the `yaml` feature (the reader's wasm module, which never gets such a post: see
/// `crate::needs_engines`) YAML beyond the common forms is an error that says so.
#[cfg(not(feature = "yaml"))]
fn parse_full_yaml(_raw: &str, raw_line: usize) -> Result<Value, FrontMatterError> {
    Err(syntax(
        Format::Yaml,
        "this build of Quire reads only the common YAML forms".into(),
        raw_line,
        1,
        1,
    ))
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
fn line_column(text: &str, offset: usize) -> (usize, usize) {
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
