//! The front matter block: its formats, what a split and a parse give, and
//! their errors. [`split`] finds the block (`split.rs`), [`parse`]
//! understands it (`parse.rs`), reading the common YAML forms itself
//! (`yaml_subset.rs`) and the rest with serde_yaml.

mod parse;
mod split;
pub mod yaml_subset;

pub use parse::parse;
pub use split::split;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
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
