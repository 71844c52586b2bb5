//! Reads one tag the scan found: a Hugo tag (`{{< name a="b" >}}`) or a
//! Zola call (`{{ name(a=1) }}`), and its arguments, each within
//! [`MAX_TAG`] bytes.

use super::scan::{Kind, MAX_TAG, Token, floor_boundary, is_ident, is_ident_start};
use serde_json::Value;

/// A shortcode's arguments: Hugo's positional and `key=value` ones, Zola's
/// named typed ones.
#[derive(Clone, Debug, Default, PartialEq)]
pub(super) struct Args {
    pub positional: Vec<Value>,
    pub named: Vec<(String, Value)>,
}

impl Args {
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.named.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// The named argument `key` as text (empty values count as missing).
    pub fn text(&self, key: &str) -> Option<String> {
        self.get(key).map(value_text).filter(|t| !t.is_empty())
    }

    /// The named argument `key`, else the positional one `index`.
    pub fn either(&self, key: &str, index: usize) -> Option<String> {
        self.text(key).or_else(|| {
            self.positional
                .get(index)
                .map(value_text)
                .filter(|t| !t.is_empty())
        })
    }

    pub fn flag(&self, key: &str) -> bool {
        match self.get(key) {
            Some(Value::Bool(b)) => *b,
            Some(Value::String(s)) => s == "true" || s == "1",
            Some(Value::Number(n)) => n.as_f64() != Some(0.0),
            _ => false,
        }
    }
}

/// A value written out as text (strings as they are).
pub(super) fn value_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// A cursor over a tag's text, bounded by [`MAX_TAG`].
struct Cursor<'t> {
    bytes: &'t [u8],
    text: &'t str,
    at: usize,
    limit: usize,
}

impl<'t> Cursor<'t> {
    fn new(text: &'t str, at: usize) -> Self {
        Cursor {
            bytes: text.as_bytes(),
            text,
            at,
            limit: floor_boundary(text, at + MAX_TAG),
        }
    }

    fn peek(&self) -> Option<u8> {
        (self.at < self.limit).then(|| self.bytes[self.at])
    }

    /// The bytes left (bytes: the cursor may be inside a character).
    fn rest(&self) -> &'t [u8] {
        &self.bytes[self.at..self.limit]
    }

    fn blanks(&mut self) -> Result<(), String> {
        while let Some(b) = self.peek() {
            if b == b'\n'
                && self.bytes[self.at + 1..self.limit]
                    .iter()
                    .take_while(|&&b| b != b'\n')
                    .all(|b| b.is_ascii_whitespace())
            {
                return Err("a blank line inside the tag".into());
            }
            if !b.is_ascii_whitespace() {
                break;
            }
            self.at += 1;
        }
        Ok(())
    }

    /// A string quoted by the byte under the cursor, with `\` escapes when
    /// `escapes`.
    fn quoted(&mut self, escapes: bool) -> Result<String, String> {
        let quote = self.bytes[self.at];
        self.at += 1;
        let mut out = String::new();
        let mut from = self.at;
        while let Some(b) = self.peek() {
            if b == quote {
                out.push_str(&self.text[from..self.at]);
                self.at += 1;
                return Ok(out);
            }
            if escapes && b == b'\\' && self.at + 1 < self.limit {
                out.push_str(&self.text[from..self.at]);
                let next = self.bytes[self.at + 1];
                if next.is_ascii() {
                    out.push(next as char);
                    self.at += 2;
                    from = self.at;
                    continue;
                }
                self.at += 1;
                from = self.at;
                continue;
            }
            self.at += 1;
        }
        Err("a string that does not end".into())
    }
}

/// Reads the Hugo tag at `at` (`{{<` or `{{%`).
pub(super) fn hugo_tag(text: &str, at: usize) -> Result<Token, String> {
    let markdown = text.as_bytes()[at + 2] == b'%';
    let closer = if markdown { "%}}" } else { ">}}" };
    let mut c = Cursor::new(text, at + 3);
    c.blanks()?;
    let close = c.peek() == Some(b'/');
    if close {
        c.at += 1;
        c.blanks()?;
    }
    let name_start = c.at;
    while c
        .peek()
        .is_some_and(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.' | b'/'))
    {
        if c.rest().starts_with(b"/>}}") || c.rest().starts_with(b"/%}}") {
            break;
        }
        c.at += 1;
    }
    let name = text[name_start..c.at].to_string();
    if name.is_empty() {
        return Err(format!(
            "a Hugo shortcode without a name (no `{closer}` after a name)"
        ));
    }
    let unterminated = || format!("Hugo shortcode {name} is not closed with `{closer}`");
    let mut args = Args::default();
    let mut self_closing = false;
    loop {
        c.blanks()
            .map_err(|why| format!("{}: {why}", unterminated()))?;
        let rest = c.rest();
        if rest.starts_with(closer.as_bytes()) {
            c.at += closer.len();
            break;
        }
        if rest.len() > closer.len() && rest[0] == b'/' && rest[1..].starts_with(closer.as_bytes())
        {
            self_closing = true;
            c.at += 1 + closer.len();
            break;
        }
        if rest.is_empty()
            || rest.starts_with(b"{{")
            || rest.starts_with(b">}}")
            || rest.starts_with(b"%}}")
        {
            return Err(unterminated());
        }
        let first =
            hugo_value(&mut c, closer).map_err(|why| format!("{}: {why}", unterminated()))?;
        if c.peek() == Some(b'=')
            && let (Value::String(key), false) = &first
        {
            c.at += 1;
            let (value, _) =
                hugo_value(&mut c, closer).map_err(|why| format!("{}: {why}", unterminated()))?;
            args.named.push((key.clone(), value));
            continue;
        }
        args.positional.push(first.0);
    }
    Ok(Token {
        kind: Kind::Hugo {
            name,
            args,
            markdown,
            close,
            self_closing,
        },
        start: at,
        end: c.at,
    })
}

/// One Hugo argument value: quoted, raw (backticks) or a bare word; and
/// whether it was quoted.
fn hugo_value(c: &mut Cursor<'_>, closer: &str) -> Result<(Value, bool), String> {
    match c.peek() {
        Some(b'"') => Ok((Value::String(c.quoted(true)?), true)),
        Some(b'`') => Ok((Value::String(c.quoted(false)?), true)),
        Some(_) => {
            let start = c.at;
            while let Some(b) = c.peek() {
                let rest = c.rest();
                if b.is_ascii_whitespace() || b == b'=' || rest.starts_with(closer.as_bytes()) {
                    break;
                }
                if b == b'/' && rest[1..].starts_with(closer.as_bytes()) {
                    break;
                }
                c.at += 1;
            }
            if c.at == start {
                return Err("an empty argument".into());
            }
            let word = &c.text[start..c.at];
            Ok((Value::String(word.to_string()), false))
        }
        None => Err("the tag does not end".into()),
    }
}

/// Reads the Zola call at `at` whose `(` is at `at + paren`.
pub(super) fn zola_call(text: &str, at: usize, paren: usize) -> Result<Token, String> {
    let body = text.as_bytes()[at + 1] == b'%';
    let name = text[at + 2..at + paren].trim().to_string();
    let mut c = Cursor::new(text, at + paren + 1);
    let unreadable = |why: String| format!("cannot read Zola shortcode {name}'s arguments: {why}");
    let mut args = Args::default();
    loop {
        c.blanks().map_err(unreadable)?;
        match c.peek() {
            Some(b')') => {
                c.at += 1;
                break;
            }
            Some(b) if is_ident_start(b) => {}
            _ => return Err(unreadable("expected `name=value` or `)`".into())),
        }
        let key_start = c.at;
        while c.peek().is_some_and(is_ident) {
            c.at += 1;
        }
        let key = text[key_start..c.at].to_string();
        c.blanks().map_err(unreadable)?;
        if c.peek() != Some(b'=') {
            return Err(unreadable(format!("`{key}` has no `=value`")));
        }
        c.at += 1;
        c.blanks().map_err(unreadable)?;
        let value = zola_value(&mut c, 0).map_err(unreadable)?;
        args.named.push((key, value));
        c.blanks().map_err(unreadable)?;
        match c.peek() {
            Some(b',') => c.at += 1,
            Some(b')') => {}
            _ => return Err(unreadable("expected `,` or `)`".into())),
        }
    }
    c.blanks().map_err(unreadable)?;
    let closer = if body { "%}" } else { "}}" };
    if !c.rest().starts_with(closer.as_bytes()) {
        return Err(format!(
            "Zola shortcode {name} is not closed with `{closer}`"
        ));
    }
    Ok(Token {
        kind: Kind::Zola { name, args, body },
        start: at,
        end: c.at + closer.len(),
    })
}

/// A Zola argument: a string (`"`, `'` or backticks), a number, a boolean
/// or an array of those.
fn zola_value(c: &mut Cursor<'_>, depth: usize) -> Result<Value, String> {
    match c.peek() {
        Some(b'"' | b'\'' | b'`') => Ok(Value::String(c.quoted(false)?)),
        Some(b'[') => {
            if depth > 8 {
                return Err("arrays nested too deep".into());
            }
            c.at += 1;
            let mut items = Vec::new();
            loop {
                c.blanks()?;
                if c.peek() == Some(b']') {
                    c.at += 1;
                    return Ok(Value::Array(items));
                }
                items.push(zola_value(c, depth + 1)?);
                c.blanks()?;
                match c.peek() {
                    Some(b',') => c.at += 1,
                    Some(b']') => {}
                    _ => return Err("expected `,` or `]` in an array".into()),
                }
            }
        }
        Some(b) if b == b'-' || b.is_ascii_digit() => {
            let start = c.at;
            c.at += 1;
            while c.peek().is_some_and(|b| b.is_ascii_digit() || b == b'.') {
                c.at += 1;
            }
            let word = &c.text[start..c.at];
            if let Ok(n) = word.parse::<i64>() {
                return Ok(Value::from(n));
            }
            word.parse::<f64>()
                .ok()
                .and_then(serde_json::Number::from_f64)
                .map(Value::Number)
                .ok_or_else(|| format!("`{word}` is not a number"))
        }
        Some(_) => {
            let start = c.at;
            while c.peek().is_some_and(is_ident) {
                c.at += 1;
            }
            match &c.text[start..c.at] {
                "true" => Ok(Value::Bool(true)),
                "false" => Ok(Value::Bool(false)),
                other => Err(format!(
                    "`{other}` is not a string, number, boolean or array"
                )),
            }
        }
        None => Err("the call does not end".into()),
    }
}
