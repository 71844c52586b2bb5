//! The YAML that front matter is written in, read without libyaml: block mappings of plain keys,
//! block sequences (also of mappings, Minimal Mistakes' `gallery:`), one-line flow lists of
//! scalars, and one-line plain, single- and double-quoted scalars, with comments and blank lines
//! anywhere. Plain scalars resolve as serde_yaml resolves them (null, booleans, integers,
//! floats, else text), so what this reads equals what serde_yaml reads.
//!
//! Anything else (block scalars `|` `>`, anchors, tags, flow maps, nested flow lists, lines
//! continued, tabs, unusual keys, ...) is `None`: the caller hands it to serde_yaml, which reads it or
//! says where it is wrong. The reader's wasm module has no serde_yaml: a post this reader
//! refuses goes to the full module (`crate::needs_engines`).

use serde_json::{Map, Value};

/// Nesting deeper than this is left to serde_yaml (no real front matter comes close).
const MAX_DEPTH: usize = 32;

/// The block as a JSON value (an object), or `None` if it uses YAML beyond this reader's forms.
pub fn read(raw: &str) -> Option<Value> {
    if !raw.chars().all(printable) {
        return None;
    }
    let mut lines = Vec::new();
    for line in raw.split('\n') {
        let text = line.trim_start_matches(' ');
        if text.is_empty() || text.starts_with('#') {
            continue;
        }
        lines.push(Line {
            indent: line.len() - text.len(),
            text,
        });
    }
    if lines.is_empty() || lines[0].indent != 0 {
        return None;
    }
    let mut reader = Reader { lines, at: 0 };
    let map = reader.mapping(0, 0)?;
    (reader.at == reader.lines.len()).then_some(Value::Object(map))
}

/// What this reader accepts in a block: YAML's printable characters without tabs, carriage
/// returns or the characters libyaml also breaks lines at (U+0085, U+2028, U+2029).
fn printable(c: char) -> bool {
    matches!(c, '\n' | ' '..='~' | '\u{a0}'..='\u{2027}' | '\u{202a}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
        && c != '\u{feff}'
}

/// A line that holds something: its indentation in spaces and the rest.
struct Line<'a> {
    indent: usize,
    text: &'a str,
}

struct Reader<'a> {
    lines: Vec<Line<'a>>,
    at: usize,
}

impl<'a> Reader<'a> {
    fn line(&self) -> Option<&Line<'a>> {
        self.lines.get(self.at)
    }

    /// The `key: value` lines at `indent`, from the current line on.
    fn mapping(&mut self, indent: usize, depth: usize) -> Option<Map<String, Value>> {
        if depth > MAX_DEPTH {
            return None;
        }
        let mut map = Map::new();
        while let Some(line) = self.line() {
            if line.indent < indent {
                break;
            }
            if line.indent > indent || is_item(line.text) {
                return None;
            }
            let (key, rest) = key(line.text)?;
            self.at += 1;
            let value = if rest.is_empty() {
                self.nested(indent, depth)?
            } else {
                inline(rest)?
            };
            map.insert(key.to_string(), value);
        }
        Some(map)
    }

    /// The value of a `key:` with nothing after it: the lines below, or null.
    fn nested(&mut self, indent: usize, depth: usize) -> Option<Value> {
        let Some(next) = self.line() else {
            return Some(Value::Null);
        };
        let next_indent = next.indent;
        if is_item(next.text) && next_indent >= indent {
            self.sequence(next_indent, depth + 1).map(Value::Array)
        } else if next_indent > indent {
            self.mapping(next_indent, depth + 1).map(Value::Object)
        } else {
            Some(Value::Null)
        }
    }

    /// The `- item` lines at `indent`, from the current line on.
    fn sequence(&mut self, indent: usize, depth: usize) -> Option<Vec<Value>> {
        if depth > MAX_DEPTH {
            return None;
        }
        let mut items = Vec::new();
        while let Some(line) = self.line() {
            if line.indent < indent || (line.indent == indent && !is_item(line.text)) {
                break;
            }
            if line.indent > indent {
                return None;
            }
            // `- ` then the item, which may open a mapping indented as far as its first key.
            let after_dash = &line.text[1..];
            let item = after_dash.trim_start_matches(' ');
            if item.is_empty() || is_item(item) {
                return None;
            }
            if key(item).is_some() {
                let item_indent = indent + 1 + (after_dash.len() - item.len());
                self.lines[self.at] = Line {
                    indent: item_indent,
                    text: item,
                };
                items.push(Value::Object(self.mapping(item_indent, depth + 1)?));
            } else {
                self.at += 1;
                items.push(inline(item)?);
            }
        }
        Some(items)
    }
}

/// Whether a line's text is a block sequence item (`-` then a space or nothing).
fn is_item(text: &str) -> bool {
    text == "-" || text.starts_with("- ")
}

/// A `key:` line: the key (a plain word: a letter or `_`, then letters, digits, `_` and `-`;
/// not one that YAML reads as null or a boolean) and what follows the `: `, comment removed.
fn key(text: &str) -> Option<(&str, &str)> {
    let end = text.find(':')?;
    let (key, rest) = (&text[..end], &text[end + 1..]);
    let mut chars = key.chars();
    let first = chars.next()?;
    if !(first.is_ascii_alphabetic() || first == '_')
        || !chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        || plain_special(key).is_some()
    {
        return None;
    }
    if rest.is_empty() {
        return Some((key, rest));
    }
    let rest = rest.strip_prefix(' ')?.trim_start_matches(' ');
    Some((key, if rest.starts_with('#') { "" } else { rest }))
}

/// A value written on its own line after `key: ` or `- `.
fn inline(text: &str) -> Option<Value> {
    let (value, rest) = match text.as_bytes()[0] {
        b'"' => {
            let (text, rest) = double_quoted(text)?;
            (Value::String(text), rest)
        }
        b'\'' => {
            let (text, rest) = single_quoted(text)?;
            (Value::String(text), rest)
        }
        b'[' => flow_list(text)?,
        _ => return plain(strip_comment(text), false),
    };
    is_blank_or_comment(rest).then_some(value)
}

/// `text` up to a ` #` comment, without trailing spaces.
fn strip_comment(text: &str) -> &str {
    let end = text.find(" #").unwrap_or(text.len());
    text[..end].trim_end_matches(' ')
}

/// What may follow a quoted scalar or a flow list on its line: spaces, then a comment.
fn is_blank_or_comment(rest: &str) -> bool {
    let trimmed = rest.trim_start_matches(' ');
    trimmed.is_empty() || (trimmed.starts_with('#') && trimmed.len() < rest.len())
}

/// A plain scalar (already cut at its comment): refused where YAML would read an indicator or
/// something other than one scalar.
fn plain(text: &str, in_flow: bool) -> Option<Value> {
    let first = text.chars().next()?;
    let second = text[first.len_utf8()..].chars().next();
    let indicator = match first {
        '-' | '?' | ':' => second.is_none_or(|c| c == ' ') || first != '-',
        ',' | '[' | ']' | '{' | '}' | '#' | '&' | '*' | '!' | '|' | '>' | '\'' | '"' | '%'
        | '@' | '`' => true,
        _ => false,
    };
    if indicator
        || text.contains(": ")
        || text.ends_with(':')
        || text.contains(" #")
        || (in_flow && text.contains([',', '[', ']', '{', '}', ':', '#']))
    {
        return None;
    }
    Some(match plain_special(text) {
        Some(value) => value?,
        None => Value::String(text.to_string()),
    })
}

/// What serde_yaml makes of a plain scalar other than text: `Some(Some(value))` for null, a
/// boolean or a number; `Some(None)` for a number this reader leaves to serde_yaml (wider than
/// 64 bits, `.inf`, a float off the exact fast path); `None` for text.
fn plain_special(text: &str) -> Option<Option<Value>> {
    match text {
        "~" | "null" | "Null" | "NULL" => return Some(Some(Value::Null)),
        "true" | "True" | "TRUE" => return Some(Some(Value::Bool(true))),
        "false" | "False" | "FALSE" => return Some(Some(Value::Bool(false))),
        _ => {}
    }
    if let Some(n) = unsigned_int(text) {
        return Some(Some(Value::from(n)));
    }
    if let Some(n) = negative_int(text) {
        return Some(Some(Value::from(n)));
    }
    if digits_but_not_number(text) {
        return None;
    }
    if wide_int(text) {
        return Some(None);
    }
    let unsigned = match text.strip_prefix('+') {
        Some(rest) if rest.starts_with(['+', '-']) => return None,
        Some(rest) => rest,
        None => text,
    };
    let named = [".inf", ".Inf", ".INF", ".nan", ".NaN", ".NAN"];
    if named.contains(&unsigned) || named[..3].iter().any(|n| text.strip_prefix('-') == Some(n)) {
        return Some(None);
    }
    decimal_float(unsigned).map(|float| float.map(Value::from))
}

/// serde_yaml's unsigned integers: decimal, `0x`, `0o`, `0b`, an optional `+`.
fn unsigned_int(text: &str) -> Option<u64> {
    let unsigned = text.strip_prefix('+').unwrap_or(text);
    for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] {
        if let Some(rest) = unsigned.strip_prefix(prefix) {
            if rest.starts_with(['+', '-']) {
                return None;
            }
            if let Ok(n) = u64::from_str_radix(rest, radix) {
                return Some(n);
            }
        }
    }
    if unsigned.starts_with(['+', '-']) || digits_but_not_number(text) {
        return None;
    }
    unsigned.parse().ok()
}

/// serde_yaml's negative integers: decimal, `-0x`, `-0o`, `-0b`.
fn negative_int(text: &str) -> Option<i64> {
    let magnitude = text.strip_prefix('-')?;
    let (digits, radix) = [("0x", 16), ("0o", 8), ("0b", 2)]
        .into_iter()
        .find_map(|(prefix, radix)| magnitude.strip_prefix(prefix).map(|rest| (rest, radix)))
        .unwrap_or((magnitude, 10));
    if digits.starts_with(['+', '-']) || digits_but_not_number(text) {
        return None;
    }
    0i64.checked_sub_unsigned(u64::from_str_radix(digits, radix).ok()?)
}

/// Whether serde_yaml might read `text` as an integer wider than 64 bits: digits of its radix
/// after an optional sign and `0x`/`0o`/`0b` (generous: such text is left to serde_yaml).
fn wide_int(text: &str) -> bool {
    let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
    let (digits, radix) = [("0x", 16), ("0o", 8), ("0b", 2)]
        .into_iter()
        .find_map(|(prefix, radix)| digits.strip_prefix(prefix).map(|rest| (rest, radix)))
        .unwrap_or((digits, 10));
    let digits = digits.strip_prefix(['+', '-']).unwrap_or(digits);
    !digits.is_empty() && digits.chars().all(|c| c.is_digit(radix))
}

/// A decimal float as Rust's `str::parse::<f64>` (serde_yaml's) reads it: `None` if `text` is not
/// one, `Some(Some(x))` when at most 15 significant digits and a power of ten up to 22 make one
/// exact division or product (correctly rounded, so equal to Rust's), else `Some(None)`.
/// Rust's own parser costs kilobytes of wasm the reader's module does not otherwise carry.
fn decimal_float(text: &str) -> Option<Option<f64>> {
    let (negative, text) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let (number, exponent) = match text.find(['e', 'E']) {
        Some(at) => (&text[..at], Some(&text[at + 1..])),
        None => (text, None),
    };
    let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if (whole.is_empty() && fraction.is_empty()) || !digits(whole) || !digits(fraction) {
        return None;
    }
    let exponent = match exponent {
        None => 0,
        Some(e) => {
            let unsigned = e.strip_prefix(['+', '-']).unwrap_or(e);
            if unsigned.is_empty() || !digits(unsigned) {
                return None;
            }
            match e.parse::<i32>() {
                Ok(e) => e,
                Err(_) => return Some(None),
            }
        }
    };
    let significant = format!("{whole}{fraction}");
    let significant = significant.trim_start_matches('0');
    if significant.len() > 15 {
        return Some(None);
    }
    let mantissa = significant.parse::<u64>().unwrap_or(0) as f64;
    let power = exponent - fraction.len() as i32;
    if power.unsigned_abs() > 22 {
        return Some(if mantissa == 0.0 {
            Some(if negative { -0.0 } else { 0.0 })
        } else {
            None
        });
    }
    let scale = POWERS_OF_TEN[power.unsigned_abs() as usize];
    let value = if power < 0 {
        mantissa / scale
    } else {
        mantissa * scale
    };
    Some(Some(if negative { -value } else { value }))
}

/// The powers of ten a double holds exactly.
const POWERS_OF_TEN: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// Leading zeros then digits: text in YAML 1.2, as serde_yaml reads it.
fn digits_but_not_number(text: &str) -> bool {
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    digits.len() > 1 && digits.starts_with('0') && digits[1..].bytes().all(|b| b.is_ascii_digit())
}

/// `'…'` on one line (`''` is a quote): the text and what follows the closing quote.
fn single_quoted(text: &str) -> Option<(String, &str)> {
    let mut out = String::new();
    let mut rest = &text[1..];
    loop {
        let end = rest.find('\'')?;
        out.push_str(&rest[..end]);
        rest = &rest[end + 1..];
        match rest.strip_prefix('\'') {
            Some(after) => {
                out.push('\'');
                rest = after;
            }
            None => return Some((out, rest)),
        }
    }
}

/// `"…"` on one line with the common escapes: the text and what follows the closing quote.
fn double_quoted(text: &str) -> Option<(String, &str)> {
    let mut out = String::new();
    let mut chars = text[1..].char_indices();
    while let Some((at, c)) = chars.next() {
        match c {
            '"' => return Some((out, &text[1 + at + 1..])),
            '\\' => {
                let escaped = match chars.next()?.1 {
                    '\\' => '\\',
                    '"' => '"',
                    '/' => '/',
                    'n' => '\n',
                    't' => '\t',
                    'r' => '\r',
                    digits @ ('x' | 'u' | 'U') => {
                        let count = match digits {
                            'x' => 2,
                            'u' => 4,
                            _ => 8,
                        };
                        let mut code = 0u32;
                        for _ in 0..count {
                            code = code * 16 + chars.next()?.1.to_digit(16)?;
                        }
                        char::from_u32(code)?
                    }
                    _ => return None,
                };
                out.push(escaped);
            }
            c => out.push(c),
        }
    }
    None
}

/// `[a, "b", 3]` on one line, of scalars: the list and what follows the `]`.
fn flow_list(text: &str) -> Option<(Value, &str)> {
    let mut items = Vec::new();
    let mut rest = text[1..].trim_start_matches(' ');
    if let Some(after) = rest.strip_prefix(']') {
        return Some((Value::Array(items), after));
    }
    loop {
        let (item, after) = match rest.as_bytes().first()? {
            b'"' => double_quoted(rest).map(|(s, after)| (Value::String(s), after))?,
            b'\'' => single_quoted(rest).map(|(s, after)| (Value::String(s), after))?,
            _ => {
                let end = rest.find([',', ']'])?;
                (
                    plain(rest[..end].trim_end_matches(' '), true)?,
                    &rest[end..],
                )
            }
        };
        items.push(item);
        let after = after.trim_start_matches(' ');
        match after.as_bytes().first()? {
            b',' => rest = after[1..].trim_start_matches(' '),
            b']' => return Some((Value::Array(items), &after[1..])),
            _ => return None,
        }
    }
}

#[cfg(all(test, feature = "yaml"))]
mod tests {
    use super::*;

    fn libyaml(raw: &str) -> Option<Value> {
        serde_yaml::from_str::<Value>(raw).ok()
    }

    /// `read` either refuses `raw` or reads exactly what serde_yaml reads.
    fn agrees(raw: &str) -> bool {
        read(raw).is_none_or(|value| libyaml(raw) == Some(value))
    }

    /// Fails unless [`agrees`]; whether `read` read `raw`.
    fn assert_agrees(raw: &str) -> bool {
        let value = read(raw);
        assert!(agrees(raw), "{raw:?}: {value:?} vs {:?}", libyaml(raw));
        value.is_some()
    }

    #[test]
    fn the_forms_real_front_matter_uses_read_as_serde_yaml_reads_them() {
        for raw in [
            "title: Hello\n",
            "layout: post\ntitle:  \"Welcome to Jekyll!\"\ndate:   2015-11-10 12:02:56 +0100\ncategories: jekyll update\n",
            "title: 'Jekyll turns 3.5, oh my!'\nauthor: parkr\nversion: 3.5.0\n",
            "title: \"Markup: Title with Special&nbsp;---&nbsp;Characters\"\nexcerpt_separator: \"<!--more-->\"\n",
            "title: \"Escapes: \\\"q\\\" \\\\ \\u00e9 \\x41 \\/ \\t\"\n",
            "title: 'It''s ''quoted'''\n",
            "tags: [rust, wasm, \"a, b\", 'c', 3, 1.5, true, null]\nempty: []\n",
            "tags:\n  - rust\n  - Post Formats\n  - 2024\ncategories:\n- Edge Case\n- c# and f#\n",
            "header:\n  overlay_image: /assets/images/unsplash-image-1.jpg\n  caption: \"Photo credit: [**Unsplash**](https://unsplash.com)\"\n  actions:\n    - label: \"Learn more\"\n      url: \"https://unsplash.com\"\n",
            "gallery:\n  - url: /assets/images/unsplash-gallery-image-1.jpg\n    image_path: assets/images/unsplash-gallery-image-1-th.jpg\n    alt: \"placeholder image 1\"\n  - url: /a.jpg\n",
            "draft: false\npublished: True\nsidebar: FALSE\nnothing:\ntilde: ~\nweight: -3\nhex: 0x1F\noctal: 0o17\nbits: 0b101\nleading: 007\nplus: +5\nfloat: 6.5e3\nhalf: .5\nzip: 02134\n",
            "title: C# and F# # a comment\nurl: https://example.com/a#b\nrelease: v1.2.3-beta\n",
            "# A comment line\n\ntitle: Blank lines and comments\n  # indented comment\nauthor: x # trailing\n",
            "title: Unicode ünïcödé ✓ 🦀\nlang: 日本語\n",
            "title: first\ntitle: last wins\nother: kept in place\n",
            "- a\n",
            "a:\n  b:\n    c:\n      - d: 1\n        e: [x]\n",
            "title: 12:30\ntime: 2024-01-15T10:00:00Z\n",
            "big: 18446744073709551615\nsmall: -9223372036854775808\n",
            "hex: -0x1F\noct: -0o17\nbin: -0b101\nmin: -0x8000000000000000\nodd: -0x\nodder: -0b12\n",
        ] {
            assert!(
                agrees(raw),
                "{raw:?}: {:?} vs {:?}",
                read(raw),
                libyaml(raw)
            );
        }
        // Everything above but the top-level list is read here, not left to libyaml.
        let read_here = [
            "title: Hello\n",
            "tags:\n  - rust\n  - 2024\ncategories:\n- Edge Case\n",
            "gallery:\n  - url: /a.jpg\n    alt: \"x\"\n  - url: /b.jpg\n",
            "draft: false\nweight: -3\nleading: 007\nfloat: 6.5e3\n",
        ];
        for raw in read_here {
            assert!(read(raw).is_some(), "{raw:?}");
        }
    }

    #[test]
    fn yaml_beyond_the_common_forms_is_left_to_serde_yaml() {
        for raw in [
            "summary: |\n  Two\n  lines\n",
            "summary: >-\n  Folded\n",
            "base: &base x\nother: *base\n",
            "object: !ruby/object:Foo x\n",
            "map: {a: 1}\n",
            "nested: [[a], b]\n",
            "title: A title\n  that goes on\n",
            "tags: [a,\n  b]\n",
            "\ttitle: tab\n",
            "title:\ttab\n",
            "\"quoted key\": x\n",
            "og:image: x\n",
            "title : spaced\n",
            "1: numeric key\n",
            "true: boolean key\n",
            "title: a: b\n",
            "title: \"unterminated\n",
            "title: \"bad escape \\q\"\n",
            "title: \"x\" trailing\n",
            "inf: .inf\n",
            "huge: 123456789012345678901234567890\n",
            "? complex\n: key\n",
            "list:\n-\n  - nested\n",
            "  indented: top\n",
            "title: x\r\n",
            "line: a\u{2028}b\n",
            "%YAML 1.2\n",
        ] {
            assert_eq!(read(raw), None, "{raw:?}");
        }
    }

    /// A tiny deterministic generator (xorshift), so every run checks the same inputs.
    struct Rng(u64);
    impl Rng {
        fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % n as u64) as usize
        }
    }

    #[test]
    fn generated_near_misses_read_as_serde_yaml_reads_them_or_not_at_all() {
        // Pieces chosen where YAML's rules are easy to get wrong.
        const PIECES: &[&str] = &[
            "title",
            "a",
            "_k",
            "x-y",
            ": ",
            ":",
            " ",
            "  ",
            "\n",
            "\n  ",
            "\n- ",
            "- ",
            "-",
            "#",
            " #",
            "'",
            "''",
            "\"",
            "\\",
            "\\n",
            "\\u00e9",
            "[",
            "]",
            ",",
            ", ",
            "{",
            "}",
            "&",
            "*",
            "!",
            "|",
            ">",
            "?",
            "%",
            "@",
            "`",
            "~",
            "null",
            "True",
            "0",
            "007",
            "1.5",
            "-2",
            "+3",
            "0x1F",
            "1e3",
            ".5",
            ".inf",
            "é",
            "🦀",
            "2024-01-15",
            "http://a.b/c",
        ];
        const INDENTS: &[&str] = &["", "", "", "  ", "  ", "    ", " ", "   "];
        const STARTS: &[&str] = &["", "", "- ", "- ", "-  ", "-"];
        const KEYS: &[&str] = &["", "title: ", "tags:", "a: ", "a:", "x-y: ", "_k:  ", "t:"];
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        let (mut read_here, mut total) = (0, 0);
        for _ in 0..60_000 {
            // Lines shaped like front matter (an indent, maybe an item, maybe a key, a value
            // made of pieces), so that most inputs get past the first refusal.
            let mut raw = String::from("title: x\n");
            for _ in 0..rng.below(5) + 1 {
                raw.push_str(INDENTS[rng.below(INDENTS.len())]);
                raw.push_str(STARTS[rng.below(STARTS.len())]);
                raw.push_str(KEYS[rng.below(KEYS.len())]);
                for _ in 0..rng.below(4) {
                    raw.push_str(PIECES[rng.below(PIECES.len())]);
                }
                raw.push('\n');
            }
            let read = assert_agrees(&raw);
            if libyaml(&raw).is_some() {
                total += 1;
                read_here += usize::from(read);
            }
        }
        // The generator is worth its time only if it gets past the first refusals: of the
        // inputs serde_yaml reads, a good share must be read here too.
        assert!(read_here * 10 > total, "{read_here} of {total} read");
    }

    #[test]
    fn numbers_read_as_serde_yaml_reads_them_or_not_at_all() {
        let mut rng = Rng(0x2545_f491_4f6c_dd1d);
        let digits = |rng: &mut Rng, most: usize| -> String {
            let n = rng.below(most);
            (0..n)
                .map(|_| char::from(b'0' + rng.below(10) as u8))
                .collect()
        };
        let mut read_here = 0;
        for _ in 0..50_000 {
            let mut number = String::from(["", "-", "+"][rng.below(3)]);
            number += &digits(&mut rng, 20);
            if rng.below(3) > 0 {
                number.push('.');
                number += &digits(&mut rng, 20);
            }
            if rng.below(3) == 0 {
                number.push(['e', 'E'][rng.below(2)]);
                number.push_str(["", "-", "+"][rng.below(3)]);
                number += &digits(&mut rng, 3);
            }
            read_here += usize::from(assert_agrees(&format!("n: {number}\nlist: [{number}]\n")));
        }
        assert!(read_here > 10_000, "{read_here} read");
    }
}
