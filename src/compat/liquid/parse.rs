//! From tokens to a tree of nodes: blocks (`if`, `for`, `capture`, …) hold
//! their bodies; problems become warnings at the tag's offset.

use super::expr::{self, Condition, Expr, Parser, Primary, T};
use super::lexer::{self, Tok};
use crate::post::Severity;
use std::ops::Range;

/// Blocks nested deeper than this stop the parse (no stack overflow from a
/// hostile post).
pub(super) const MAX_NESTING: usize = 100;

#[derive(Clone, Debug)]
pub(super) enum Node {
    Text(Range<usize>),
    Output(Expr, usize),
    Assign(String, Expr, usize),
    Capture(String, Vec<Node>),
    /// Branches tried in order; `else` is a branch with no condition.
    If(Vec<(Option<Condition>, Vec<Node>)>, usize),
    /// `unless`: its body when the condition is false, else the `elsif`
    /// and `else` branches as `if` tries them.
    Unless(
        Condition,
        Vec<Node>,
        Vec<(Option<Condition>, Vec<Node>)>,
        usize,
    ),
    Case(Expr, Vec<(Vec<Primary>, Vec<Node>)>, Vec<Node>, usize),
    For(Box<ForLoop>),
    Break,
    Continue,
    Highlight {
        lang: String,
        body: Vec<Node>,
        fence: usize,
        at: usize,
        end: usize,
        /// The source's newline after the opening tag and before the
        /// closing one, when there are.
        newlines: (Option<Range<usize>>, Option<Range<usize>>),
    },
    Include {
        name: IncludeName,
        params: Vec<(String, Primary)>,
        relative: bool,
        at: usize,
    },
    PostUrl(String, usize),
    Link(String, usize),
    /// An unsupported tag or a malformed one: shown as a notice (label,
    /// tooltip, offset).
    Notice(String, String, usize),
    Increment(String, bool, usize),
}

#[derive(Clone, Debug)]
pub(super) enum IncludeName {
    Literal(String),
    Dynamic(Expr),
}

#[derive(Clone, Debug)]
pub(super) struct ForLoop {
    pub var: String,
    pub collection: Primary,
    pub limit: Option<Primary>,
    pub offset: Option<Primary>,
    pub reversed: bool,
    pub body: Vec<Node>,
    pub empty: Vec<Node>,
    pub at: usize,
}

/// A parsed template and what went wrong parsing it.
#[derive(Debug, Default)]
pub(super) struct Template {
    pub nodes: Vec<Node>,
    pub problems: Vec<(Severity, usize, String)>,
    /// The nesting limit was hit: the rest of the text was dropped.
    pub truncated: bool,
}

pub(super) fn parse(text: &str) -> Template {
    let (toks, warnings) = lexer::lex(text);
    let mut parser = TreeParser {
        text,
        toks,
        at: 0,
        problems: warnings
            .into_iter()
            .map(|(at, message)| (Severity::Warning, at, message))
            .collect(),
        truncated: false,
        loops: 0,
    };
    let (nodes, _) = parser.block(&[], 0);
    Template {
        nodes,
        problems: parser.problems,
        truncated: parser.truncated,
    }
}

/// The end tag a block stopped at: name, args, offset.
type Stop = Option<(String, Range<usize>, usize)>;

struct TreeParser<'t> {
    text: &'t str,
    toks: Vec<Tok>,
    at: usize,
    problems: Vec<(Severity, usize, String)>,
    truncated: bool,
    /// How many `for` bodies are being parsed.
    loops: usize,
}

/// Tags Quire knows (others get a notice).
const KNOWN: &[&str] = &[
    "assign",
    "capture",
    "if",
    "unless",
    "case",
    "for",
    "break",
    "continue",
    "highlight",
    "include",
    "include_cached",
    "include_relative",
    "post_url",
    "link",
    "increment",
    "decrement",
];

impl TreeParser<'_> {
    fn warn(&mut self, at: usize, message: String) {
        self.problems.push((Severity::Warning, at, message));
    }

    /// Nodes until one of `ends` (returned) or the end of the tokens.
    fn block(&mut self, ends: &[&str], depth: usize) -> (Vec<Node>, Stop) {
        let mut nodes = Vec::new();
        while let Some(tok) = self.toks.get(self.at).cloned() {
            if self.truncated {
                break;
            }
            self.at += 1;
            match tok {
                Tok::Text(range) => nodes.push(Node::Text(range)),
                Tok::Unterminated { span } => {
                    let opener = &self.text[span.clone()];
                    let closer = if opener == "{{" { "}}" } else { "%}" };
                    self.warn(
                        span.start,
                        format!("Liquid `{opener}` is never closed by `{closer}`"),
                    );
                    nodes.push(Node::Notice(
                        opener.to_string(),
                        format!("Liquid {opener} is never closed by {closer}"),
                        span.start,
                    ));
                }
                Tok::Output { inner, span } => match expr::parse_output(&self.text[inner]) {
                    Ok(expr) => nodes.push(Node::Output(expr, span.start)),
                    Err(error) => self.warn(
                        span.start,
                        format!(
                            "Liquid output `{}` is not understood: {error}",
                            self.snippet(&span)
                        ),
                    ),
                },
                Tok::Tag { name, args, span } => {
                    if ends.contains(&name.as_str()) {
                        return (nodes, Some((name, args, span.start)));
                    }
                    if depth >= MAX_NESTING {
                        self.problems.push((
                            Severity::Error,
                            span.start,
                            format!(
                                "Liquid blocks are nested more than {MAX_NESTING} deep: rendering stopped here and the rest of the post is dropped"
                            ),
                        ));
                        self.truncated = true;
                        break;
                    }
                    if let Some(node) = self.tag(&name, args, span, depth) {
                        nodes.push(node);
                    }
                }
            }
        }
        (nodes, None)
    }

    fn snippet(&self, span: &Range<usize>) -> String {
        let text = &self.text[span.clone()];
        match text.char_indices().nth(60) {
            Some((cut, _)) => format!("{}…", &text[..cut]),
            None => text.to_string(),
        }
    }

    /// The body of a block opened by `name` at `at`, up to one of `ends`.
    fn body(&mut self, name: &str, at: usize, ends: &[&str], depth: usize) -> (Vec<Node>, Stop) {
        let (nodes, stop) = self.block(ends, depth + 1);
        if stop.is_none() && !self.truncated {
            let end = ends.last().copied().unwrap_or("end");
            self.warn(
                at,
                format!("Liquid `{{% {name} %}}` is never closed by `{{% {end} %}}`: it is rendered as if closed at the end of the post"),
            );
        }
        (nodes, stop)
    }

    fn args(&self, args: &Range<usize>) -> &str {
        self.text.get(args.clone()).unwrap_or("").trim()
    }

    fn tag(
        &mut self,
        name: &str,
        args: Range<usize>,
        span: Range<usize>,
        depth: usize,
    ) -> Option<Node> {
        let at = span.start;
        let text = self.args(&args).to_string();
        let result = match name {
            "assign" => assign(&text).map(|(var, expr)| Some(Node::Assign(var, expr, at))),
            "capture" => {
                let var = text.trim_matches(|c| c == '"' || c == '\'').to_string();
                let (body, _) = self.body(name, at, &["endcapture"], depth);
                if var.is_empty() {
                    Err("`capture` needs a variable name".to_string())
                } else {
                    Ok(Some(Node::Capture(var, body)))
                }
            }
            "if" | "unless" => self.if_block(name, &text, at, depth),
            "case" => self.case_block(&text, at, depth),
            "for" => self.for_block(&text, at, depth),
            "break" | "continue" if self.loops == 0 => {
                self.warn(
                    at,
                    format!("Liquid `{{% {name} %}}` is not inside a `for` loop: it is ignored"),
                );
                return None;
            }
            "break" => Ok(Some(Node::Break)),
            "continue" => Ok(Some(Node::Continue)),
            "highlight" => {
                let lang: String = text
                    .split_whitespace()
                    .next()
                    .unwrap_or("")
                    .chars()
                    .filter(|c| c.is_alphanumeric() || matches!(c, '.' | '+' | '#' | '_' | '-'))
                    .collect();
                let (mut body, stop) = self.body(name, at, &["endhighlight"], depth);
                let newlines = trim_newlines(self.text, &mut body);
                let end = stop.map_or(self.text.len(), |(_, _, end)| end);
                let inside = self.text.get(span.end..end).unwrap_or("");
                let fence = longest_backtick_run(inside).max(2) + 1;
                Ok(Some(Node::Highlight {
                    lang,
                    body,
                    fence,
                    at,
                    end,
                    newlines,
                }))
            }
            // jekyll-include-cache's tag renders as `include` does.
            "include" | "include_cached" | "include_relative" => {
                include(&text, name == "include_relative", at).map(Some)
            }
            "post_url" => Ok(Some(Node::PostUrl(text, at))),
            "link" => Ok(Some(Node::Link(text, at))),
            "increment" | "decrement" => Ok(Some(Node::Increment(text, name == "increment", at))),
            "else" | "elsif" | "when" | "endif" | "endunless" | "endfor" | "endcase"
            | "endcapture" | "endhighlight" | "endraw" | "endcomment" => {
                self.warn(
                    at,
                    format!("Liquid `{{% {name} %}}` has no block to close or continue here"),
                );
                return None;
            }
            _ => {
                self.warn(at, format!("Liquid tag `{name}` is not supported by Quire"));
                return Some(Node::Notice(
                    name.to_string(),
                    format!("Liquid tag {name} is not supported"),
                    at,
                ));
            }
        };
        debug_assert!(KNOWN.contains(&name));
        match result {
            Ok(node) => node,
            Err(error) => {
                self.warn(
                    at,
                    format!("Liquid tag `{name}` is not understood: {error}"),
                );
                Some(Node::Notice(
                    name.to_string(),
                    format!("Liquid tag {name} is not understood"),
                    at,
                ))
            }
        }
    }

    fn if_block(
        &mut self,
        name: &str,
        text: &str,
        at: usize,
        depth: usize,
    ) -> Result<Option<Node>, String> {
        let end = if name == "if" { "endif" } else { "endunless" };
        let first = Parser::new(text).and_then(|mut p| p.condition());
        let mut branches = Vec::new();
        let mut condition = Some(first);
        loop {
            let (body, stop) = self.body(name, at, &["elsif", "else", end], depth);
            branches.push((condition.take(), body));
            match stop {
                Some((tag, args, tag_at)) if tag == "elsif" => {
                    let text = self.args(&args).to_string();
                    match Parser::new(&text).and_then(|mut p| p.condition()) {
                        Ok(c) => condition = Some(Ok(c)),
                        Err(error) => {
                            self.warn(tag_at, format!("Liquid `elsif` is not understood: {error}"));
                            condition = Some(Ok(never()));
                        }
                    }
                }
                Some((tag, _, _)) if tag == "else" => {
                    let (body, _) = self.body(name, at, &[end], depth);
                    branches.push((None, body));
                    break;
                }
                _ => break,
            }
        }
        let mut out = Vec::new();
        for (cond, body) in branches {
            match cond {
                Some(Ok(c)) => out.push((Some(c), body)),
                Some(Err(error)) => return Err(error),
                None => out.push((None, body)),
            }
        }
        if name == "unless" {
            let mut it = out.into_iter();
            let (cond, body) = it.next().ok_or("empty unless")?;
            let rest: Vec<_> = it.collect();
            return Ok(Some(Node::Unless(
                cond.unwrap_or_else(never),
                body,
                rest,
                at,
            )));
        }
        Ok(Some(Node::If(out, at)))
    }

    fn case_block(&mut self, text: &str, at: usize, depth: usize) -> Result<Option<Node>, String> {
        let subject = expr::parse_output(text);
        // Text before the first `when` is ignored, as in Liquid.
        let (_, mut stop) = self.body("case", at, &["when", "else", "endcase"], depth);
        let mut whens = Vec::new();
        let mut otherwise = Vec::new();
        while let Some((tag, args, tag_at)) = stop.take() {
            match tag.as_str() {
                "when" => {
                    let values = when_values(self.args(&args));
                    let (body, next) = self.body("case", at, &["when", "else", "endcase"], depth);
                    match values {
                        Ok(values) => whens.push((values, body)),
                        Err(error) => {
                            self.warn(tag_at, format!("Liquid `when` is not understood: {error}"))
                        }
                    }
                    stop = next;
                }
                "else" => {
                    let (body, next) = self.body("case", at, &["when", "else", "endcase"], depth);
                    otherwise = body;
                    stop = next;
                }
                _ => break,
            }
        }
        Ok(Some(Node::Case(subject?, whens, otherwise, at)))
    }

    fn for_block(&mut self, text: &str, at: usize, depth: usize) -> Result<Option<Node>, String> {
        let header = for_header(text);
        self.loops += 1;
        let (body, stop) = self.body("for", at, &["else", "endfor"], depth);
        self.loops -= 1;
        let empty = match stop {
            Some((tag, _, _)) if tag == "else" => self.body("for", at, &["endfor"], depth).0,
            _ => Vec::new(),
        };
        let mut header = header?;
        header.body = body;
        header.empty = empty;
        header.at = at;
        Ok(Some(Node::For(Box::new(header))))
    }
}

fn never() -> Condition {
    Condition {
        first: expr::Comparison {
            left: Primary::Literal(serde_json::Value::Bool(false)),
            op: None,
        },
        rest: Vec::new(),
    }
}

fn assign(text: &str) -> Result<(String, Expr), String> {
    let mut parser = Parser::new(text)?;
    let var = parser.ident()?;
    if !parser.eat(&T::Assign) {
        return Err("expected `=`".into());
    }
    let expr = parser.expr()?;
    parser.expect_end()?;
    Ok((var, expr))
}

fn when_values(text: &str) -> Result<Vec<Primary>, String> {
    let mut parser = Parser::new(text)?;
    let mut values = vec![parser.primary()?];
    while parser.eat(&T::Comma) || parser.eat_ident("or") {
        values.push(parser.primary()?);
    }
    parser.expect_end()?;
    Ok(values)
}

fn for_header(text: &str) -> Result<ForLoop, String> {
    let mut parser = Parser::new(text)?;
    let var = parser.ident()?;
    if !parser.eat_ident("in") {
        return Err("expected `in`".into());
    }
    let collection = parser.primary()?;
    let mut header = ForLoop {
        var,
        collection,
        limit: None,
        offset: None,
        reversed: false,
        body: Vec::new(),
        empty: Vec::new(),
        at: 0,
    };
    while !parser.done() {
        let word = parser.ident()?;
        match word.as_str() {
            "reversed" => header.reversed = true,
            "limit" | "offset" => {
                if !parser.eat(&T::Colon) {
                    return Err(format!("expected `:` after `{word}`"));
                }
                let value = parser.primary()?;
                if word == "limit" {
                    header.limit = Some(value);
                } else {
                    header.offset = Some(value);
                }
            }
            other => return Err(format!("unexpected `{other}`")),
        }
        parser.eat(&T::Comma);
    }
    Ok(header)
}

/// `{% include name key="value" key2=var %}`.
fn include(text: &str, relative: bool, at: usize) -> Result<Node, String> {
    let text = text.trim();
    let (name, rest) = if let Some(inner) = text.strip_prefix("{{") {
        let close = inner
            .find("}}")
            .ok_or("a `{{` in the include's name is not closed")?;
        let expr = expr::parse_output(&inner[..close])?;
        (IncludeName::Dynamic(expr), &inner[close + 2..])
    } else {
        let end = text.find(char::is_whitespace).unwrap_or(text.len());
        if end == 0 {
            return Err("the include has no file name".into());
        }
        (IncludeName::Literal(text[..end].to_string()), &text[end..])
    };
    let mut params = Vec::new();
    let mut parser = Parser::new(rest)?;
    while !parser.done() {
        let key = parser.ident()?;
        if !parser.eat(&T::Assign) && !parser.eat(&T::Colon) {
            return Err(format!("expected `=` after `{key}`"));
        }
        params.push((key, parser.primary()?));
        parser.eat(&T::Comma);
    }
    Ok(Node::Include {
        name,
        params,
        relative,
        at,
    })
}

/// Jekyll strips the newlines around a highlight's code; returns the last
/// newline stripped at the start and the first at the end.
fn trim_newlines(text: &str, body: &mut [Node]) -> (Option<Range<usize>>, Option<Range<usize>>) {
    let bytes = text.as_bytes();
    let is_nl = |b: u8| b == b'\n' || b == b'\r';
    let mut first = None;
    let mut last = None;
    if let Some(Node::Text(range)) = body.first_mut() {
        while range.start < range.end && is_nl(bytes[range.start]) {
            if bytes[range.start] == b'\n' {
                first = Some(range.start..range.start + 1);
            }
            range.start += 1;
        }
    }
    if let Some(Node::Text(range)) = body.last_mut() {
        while range.end > range.start && is_nl(bytes[range.end - 1]) {
            if bytes[range.end - 1] == b'\n' {
                last = Some(range.end - 1..range.end);
            }
            range.end -= 1;
        }
    }
    (first, last)
}

fn longest_backtick_run(text: &str) -> usize {
    let mut longest = 0;
    let mut run = 0;
    for b in text.bytes() {
        if b == b'`' {
            run += 1;
            longest = longest.max(run);
        } else {
            run = 0;
        }
    }
    longest
}
