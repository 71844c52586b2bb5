//! Liquid expressions: literals, variables with dotted and bracket lookups,
//! ranges, filter chains and the conditions of `if`/`unless`.

use serde_json::Value;

/// A value before filters.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Primary {
    Literal(Value),
    /// `empty` / `blank`: compare equal to empty strings, arrays and hashes.
    Empty,
    /// `root.key[index].key`.
    Path(String, Vec<Segment>),
    /// `(from..to)`.
    Range(Box<Primary>, Box<Primary>),
}

#[derive(Clone, Debug, PartialEq)]
pub(super) enum Segment {
    Key(String),
    Index(Primary),
}

/// A value and its filters.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Expr {
    pub base: Primary,
    pub filters: Vec<Filter>,
}

#[derive(Clone, Debug, PartialEq)]
pub(super) struct Filter {
    pub name: String,
    pub args: Vec<Primary>,
    /// `key: value` arguments (accepted, mostly unused).
    pub named: Vec<(String, Primary)>,
}

/// `a == b`, or a lone value tested for truth.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Comparison {
    pub left: Primary,
    pub op: Option<(String, Primary)>,
}

/// Comparisons joined by `and`/`or`, evaluated right to left as Liquid does.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Condition {
    pub first: Comparison,
    pub rest: Vec<(bool, Comparison)>, // (is_and, comparison)
}

#[derive(Clone, Debug, PartialEq)]
pub(super) enum T {
    Ident(String),
    Str(String),
    Num(Value),
    Dot,
    DotDot,
    LBracket,
    RBracket,
    LParen,
    RParen,
    Pipe,
    Colon,
    Comma,
    Op(String),
    Assign,
}

/// Splits an expression into tokens.
pub(super) fn tokens(text: &str) -> Result<Vec<T>, String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            c if c.is_whitespace() => i += 1,
            '\'' | '"' => {
                let end = chars[i + 1..]
                    .iter()
                    .position(|&d| d == c)
                    .ok_or("a string is not closed")?;
                out.push(T::Str(chars[i + 1..i + 1 + end].iter().collect()));
                i += end + 2;
            }
            '.' if chars.get(i + 1) == Some(&'.') => {
                out.push(T::DotDot);
                i += 2;
            }
            '.' => {
                out.push(T::Dot);
                i += 1;
            }
            '[' => {
                out.push(T::LBracket);
                i += 1;
            }
            ']' => {
                out.push(T::RBracket);
                i += 1;
            }
            '(' => {
                out.push(T::LParen);
                i += 1;
            }
            ')' => {
                out.push(T::RParen);
                i += 1;
            }
            '|' => {
                out.push(T::Pipe);
                i += 1;
            }
            ':' => {
                out.push(T::Colon);
                i += 1;
            }
            ',' => {
                out.push(T::Comma);
                i += 1;
            }
            '=' | '!' | '<' | '>' => {
                let two: String = chars[i..(i + 2).min(chars.len())].iter().collect();
                if matches!(two.as_str(), "==" | "!=" | "<=" | ">=" | "<>") {
                    out.push(T::Op(if two == "<>" { "!=".into() } else { two }));
                    i += 2;
                } else if c == '=' {
                    out.push(T::Assign);
                    i += 1;
                } else if c == '<' || c == '>' {
                    out.push(T::Op(c.to_string()));
                    i += 1;
                } else {
                    return Err(format!("unexpected `{c}`"));
                }
            }
            c if c.is_ascii_digit()
                || (c == '-' && chars.get(i + 1).is_some_and(|d| d.is_ascii_digit())) =>
            {
                let start = i;
                i += 1;
                while i < chars.len() && chars[i].is_ascii_digit() {
                    i += 1;
                }
                let mut float = false;
                if chars.get(i) == Some(&'.')
                    && chars.get(i + 1).is_some_and(|d| d.is_ascii_digit())
                {
                    float = true;
                    i += 1;
                    while i < chars.len() && chars[i].is_ascii_digit() {
                        i += 1;
                    }
                }
                let text: String = chars[start..i].iter().collect();
                let value = if float {
                    text.parse::<f64>()
                        .ok()
                        .and_then(serde_json::Number::from_f64)
                        .map(Value::Number)
                } else {
                    text.parse::<i64>().ok().map(Value::from)
                };
                out.push(T::Num(value.ok_or_else(|| format!("bad number `{text}`"))?));
            }
            c if c.is_alphanumeric() || c == '_' || c == '-' => {
                let start = i;
                while i < chars.len()
                    && (chars[i].is_alphanumeric() || matches!(chars[i], '_' | '-' | '?'))
                {
                    i += 1;
                }
                out.push(T::Ident(chars[start..i].iter().collect()));
            }
            other => return Err(format!("unexpected `{other}`")),
        }
    }
    Ok(out)
}

/// A cursor over tokens.
pub(super) struct Parser {
    toks: Vec<T>,
    at: usize,
    /// How deep `primary` is nested (`a[b[c]]`, `((1..2)..3)`).
    depth: usize,
}

/// Lookups and ranges nested deeper than this are an error, not a stack
/// overflow.
const MAX_DEPTH: usize = 32;

impl Parser {
    pub fn new(text: &str) -> Result<Self, String> {
        Ok(Parser {
            toks: tokens(text)?,
            at: 0,
            depth: 0,
        })
    }

    pub fn peek(&self) -> Option<&T> {
        self.toks.get(self.at)
    }

    pub fn next(&mut self) -> Option<T> {
        let tok = self.toks.get(self.at).cloned();
        self.at += 1;
        tok
    }

    pub fn done(&self) -> bool {
        self.at >= self.toks.len()
    }

    pub fn eat(&mut self, tok: &T) -> bool {
        if self.peek() == Some(tok) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    pub fn eat_ident(&mut self, word: &str) -> bool {
        if matches!(self.peek(), Some(T::Ident(w)) if w == word) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    pub fn ident(&mut self) -> Result<String, String> {
        match self.next() {
            Some(T::Ident(name)) => Ok(name),
            other => Err(format!(
                "expected a name, found {}",
                describe(other.as_ref())
            )),
        }
    }

    pub fn expect_end(&self) -> Result<(), String> {
        match self.peek() {
            None => Ok(()),
            other => Err(format!("unexpected {}", describe(other))),
        }
    }

    /// A literal, variable or range.
    pub fn primary(&mut self) -> Result<Primary, String> {
        if self.depth >= MAX_DEPTH {
            return Err(format!("values are nested more than {MAX_DEPTH} deep"));
        }
        self.depth += 1;
        let primary = self.primary_inner();
        self.depth -= 1;
        primary
    }

    fn primary_inner(&mut self) -> Result<Primary, String> {
        match self.next() {
            Some(T::Str(s)) => Ok(Primary::Literal(Value::String(s))),
            Some(T::Num(n)) => Ok(Primary::Literal(n)),
            Some(T::LParen) => {
                let from = self.primary()?;
                if !self.eat(&T::DotDot) {
                    return Err("expected `..` in a range".into());
                }
                let to = self.primary()?;
                if !self.eat(&T::RParen) {
                    return Err("expected `)` to close a range".into());
                }
                Ok(Primary::Range(Box::new(from), Box::new(to)))
            }
            Some(T::Ident(word)) => {
                match word.as_str() {
                    "true" => return Ok(Primary::Literal(Value::Bool(true))),
                    "false" => return Ok(Primary::Literal(Value::Bool(false))),
                    "nil" | "null" => return Ok(Primary::Literal(Value::Null)),
                    "empty" | "blank" => return Ok(Primary::Empty),
                    _ => {}
                }
                let segments = self.segments()?;
                Ok(Primary::Path(word, segments))
            }
            Some(T::LBracket) => {
                // `["key"]` at the root.
                let key = self.primary()?;
                if !self.eat(&T::RBracket) {
                    return Err("expected `]`".into());
                }
                let mut segments = vec![Segment::Index(key)];
                segments.extend(self.segments()?);
                Ok(Primary::Path(String::new(), segments))
            }
            other => Err(format!(
                "expected a value, found {}",
                describe(other.as_ref())
            )),
        }
    }

    fn segments(&mut self) -> Result<Vec<Segment>, String> {
        let mut segments = Vec::new();
        loop {
            if self.eat(&T::Dot) {
                match self.next() {
                    Some(T::Ident(key)) => segments.push(Segment::Key(key)),
                    Some(T::Num(n)) => segments.push(Segment::Key(n.to_string())),
                    other => {
                        return Err(format!(
                            "expected a key after `.`, found {}",
                            describe(other.as_ref())
                        ));
                    }
                }
            } else if self.eat(&T::LBracket) {
                let index = self.primary()?;
                if !self.eat(&T::RBracket) {
                    return Err("expected `]`".into());
                }
                segments.push(Segment::Index(index));
            } else {
                return Ok(segments);
            }
        }
    }

    /// A value and its filters, up to the end or a token the caller reads.
    pub fn expr(&mut self) -> Result<Expr, String> {
        let base = self.primary()?;
        let mut filters = Vec::new();
        while self.eat(&T::Pipe) {
            let name = self.ident()?;
            let mut filter = Filter {
                name,
                args: Vec::new(),
                named: Vec::new(),
            };
            if self.eat(&T::Colon) {
                loop {
                    // `key: value`?
                    if let (Some(T::Ident(key)), Some(T::Colon)) =
                        (self.toks.get(self.at), self.toks.get(self.at + 1))
                    {
                        let key = key.clone();
                        self.at += 2;
                        filter.named.push((key, self.primary()?));
                    } else {
                        filter.args.push(self.primary()?);
                    }
                    if !self.eat(&T::Comma) {
                        break;
                    }
                }
            }
            filters.push(filter);
        }
        Ok(Expr { base, filters })
    }

    /// `a == b and c or d`.
    pub fn condition(&mut self) -> Result<Condition, String> {
        let first = self.comparison()?;
        let mut rest = Vec::new();
        loop {
            if self.eat_ident("and") {
                rest.push((true, self.comparison()?));
            } else if self.eat_ident("or") {
                rest.push((false, self.comparison()?));
            } else {
                break;
            }
        }
        self.expect_end()?;
        Ok(Condition { first, rest })
    }

    fn comparison(&mut self) -> Result<Comparison, String> {
        let left = self.primary()?;
        let op = match self.peek() {
            Some(T::Op(op)) => Some(op.clone()),
            Some(T::Ident(word)) if word == "contains" => Some(word.clone()),
            _ => None,
        };
        let op = match op {
            Some(op) => {
                self.at += 1;
                Some((op, self.primary()?))
            }
            None => None,
        };
        Ok(Comparison { left, op })
    }
}

fn describe(tok: Option<&T>) -> String {
    match tok {
        None => "the end".into(),
        Some(T::Ident(w)) => format!("`{w}`"),
        Some(T::Str(s)) => format!("\"{s}\""),
        Some(T::Num(n)) => format!("`{n}`"),
        Some(T::Op(op)) => format!("`{op}`"),
        Some(other) => format!("{other:?}"),
    }
}

/// Parses a whole `{{ … }}`.
pub(super) fn parse_output(text: &str) -> Result<Expr, String> {
    let mut parser = Parser::new(text)?;
    let expr = parser.expr()?;
    parser.expect_end()?;
    Ok(expr)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dotted_and_bracketed_path_with_filters_parses() {
        let expr = parse_output(r#"site.data.nav[0]["title"] | append: "x", 2 | upcase"#).unwrap();
        assert_eq!(expr.filters.len(), 2);
        assert_eq!(expr.filters[0].args.len(), 2);
        match expr.base {
            Primary::Path(root, segs) => {
                assert_eq!(root, "site");
                assert_eq!(segs.len(), 4);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn names_with_dashes_are_variables() {
        assert!(
            matches!(parse_output("notice-2").unwrap().base, Primary::Path(r, _) if r == "notice-2")
        );
        assert!(matches!(
            parse_output("-2").unwrap().base,
            Primary::Literal(_)
        ));
    }

    #[test]
    fn an_unclosed_string_is_an_error() {
        assert!(parse_output("'abc").is_err());
    }
}
