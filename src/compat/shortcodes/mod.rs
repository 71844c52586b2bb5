//! Hugo's and Zola's shortcodes, expanded on a post's body before Liquid and
//! Markdown.
//!
//! [`scan`] finds every tag in one bounded pass; opening and closing tags
//! are paired with a stack; then the body is written out again with each
//! shortcode replaced: the built-ins ([`hugo`], [`zola`], sharing
//! [`crate::compat::embed`]), the site's own templates ([`templates`]), or,
//! for anything else, a visible notice and a warning. Zola's `@/` links and
//! Hugo's `ref`/`relref` resolve through the site's post list ([`links`]).
//!
//! Output that Liquid would read as its own (`{{`, `{%`: escaped shortcodes,
//! code) is wrapped in `{% raw %}…{% endraw %}`, which the Liquid pass
//! removes. Nesting is at most [`MAX_DEPTH`] deep and the output at most
//! max(4 MB, 16 × the input); past either, an error and the rest as text.

mod hugo;
mod links;
mod scan;
mod tag;
mod templates;
mod zola;

use super::embed::escape;
use super::{Mapped, Page, SiteContext, Writer};
use crate::post::{Diagnostic, Severity};
use scan::{Kind, Token};
use serde_json::Value;
use std::collections::HashMap;
use std::ops::Range;

/// How deep shortcodes may nest inside paired shortcodes.
const MAX_DEPTH: usize = 10;

/// How many problems one post reports at most (a hostile post could have
/// one per few bytes).
const MAX_REPORTS: usize = 100;

/// What a built-in made of a call.
pub(super) enum Outcome {
    /// Its output.
    Html(String),
    /// Its output, and something the author should fix.
    Warned(String, String),
    /// Nothing, and why (an error: part of the post is lost).
    Error(String),
    /// A link target that does not resolve: `#`, and why.
    Broken(String),
    /// Not a built-in.
    Unknown,
}

impl From<Result<String, String>> for Outcome {
    fn from(result: Result<String, String>) -> Self {
        match result {
            Ok(html) => Outcome::Html(html),
            Err(why) => Outcome::Error(why),
        }
    }
}

/// Expands the shortcodes in `input`. `None`: there were none.
pub(crate) fn expand(
    input: &Mapped<'_>,
    page: &Page,
    site: &SiteContext,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Mapped<'static>> {
    let text: &str = &input.text;
    let (tokens, warnings) = scan::scan(text);
    let mut ctx = Ctx {
        text,
        input,
        pairs: Vec::new(),
        tokens: Vec::new(),
        page,
        site,
        diagnostics,
        liquid: page.get("render_with_liquid") != Some(&Value::Bool(false)),
        produced: 0,
        limit: (4 << 20).max(text.len().saturating_mul(16)),
        stopped: false,
        reported: 0,
        last_position: (0, 0, 0),
    };
    for (at, why) in warnings {
        ctx.report(Severity::Warning, at, format!("{why}; left as text"));
    }
    if tokens.is_empty() {
        return None;
    }
    ctx.pairs = pair(&tokens);
    ctx.tokens = tokens;
    let mut out = Writer::new(input);
    ctx.render(&mut out, 0..ctx.tokens.len(), 0..text.len(), 0);
    Some(out.finish())
}

/// For each opening tag, the index of its closing tag, if it has one:
/// closing tags match the nearest open one of their name; the ones they
/// skip are not paired.
fn pair(tokens: &[Token]) -> Vec<Option<usize>> {
    const ZOLA: &str = "(zola body)";
    let mut pairs = vec![None; tokens.len()];
    let mut stack: Vec<(usize, &str)> = Vec::new();
    let mut open: HashMap<&str, usize> = HashMap::new();
    for (index, token) in tokens.iter().enumerate() {
        let (key, opens) = match &token.kind {
            Kind::Hugo {
                name,
                close,
                self_closing: false,
                ..
            } => (name.as_str(), !close),
            Kind::Zola { body: true, .. } => (ZOLA, true),
            Kind::ZolaEnd => (ZOLA, false),
            _ => continue,
        };
        if opens {
            stack.push((index, key));
            *open.entry(key).or_default() += 1;
            continue;
        }
        if open.get(key).copied().unwrap_or(0) == 0 {
            continue;
        }
        while let Some((top, top_key)) = stack.pop() {
            if let Some(count) = open.get_mut(top_key) {
                *count -= 1;
            }
            if top_key == key {
                pairs[top] = Some(index);
                break;
            }
        }
    }
    pairs
}

/// Where expanded text goes: the pass's [`Writer`], or a string (a paired
/// shortcode's inner content, given to its template).
trait Out {
    fn copy(&mut self, text: &str, range: Range<usize>);
    fn emit(&mut self, text: &str, at: usize);
}

impl Out for Writer<'_, '_> {
    fn copy(&mut self, _: &str, range: Range<usize>) {
        Writer::copy(self, range);
    }

    fn emit(&mut self, text: &str, at: usize) {
        Writer::emit(self, text, at);
    }
}

impl Out for String {
    fn copy(&mut self, text: &str, range: Range<usize>) {
        self.push_str(&text[range]);
    }

    fn emit(&mut self, text: &str, _: usize) {
        self.push_str(text);
    }
}

struct Ctx<'c> {
    text: &'c str,
    input: &'c Mapped<'c>,
    tokens: Vec<Token>,
    pairs: Vec<Option<usize>>,
    page: &'c Page,
    site: &'c SiteContext,
    diagnostics: &'c mut Vec<Diagnostic>,
    /// Whether Liquid runs after this pass (so `{{` needs protecting).
    liquid: bool,
    produced: usize,
    limit: usize,
    /// The output limit was hit: the rest is copied as it is.
    stopped: bool,
    /// Diagnostics reported so far.
    reported: usize,
    /// The last position asked: offset, newlines before it, its column - 1.
    last_position: (usize, usize, usize),
}

impl Ctx<'_> {
    fn report(&mut self, severity: Severity, at: usize, message: String) {
        self.reported += 1;
        if self.reported > MAX_REPORTS {
            if self.reported == MAX_REPORTS + 1 {
                let (line, column) = self.position(at);
                self.diagnostics.push(Diagnostic {
                    severity: Severity::Warning,
                    message: format!(
                        "more than {MAX_REPORTS} shortcode problems; the rest are not listed"
                    ),
                    line,
                    column,
                });
            }
            return;
        }
        let (line, column) = self.position(at);
        self.diagnostics.push(Diagnostic {
            severity,
            message,
            line,
            column,
        });
    }

    /// The file line and column of byte `at` (as [`Mapped::position`],
    /// but counting on from the last position asked, so reporting many
    /// problems stays linear).
    fn position(&mut self, at: usize) -> (usize, usize) {
        let at = at.min(self.text.len());
        let (from, mut newlines, mut column) = self.last_position;
        if at < from {
            self.last_position = (0, 0, 0);
            return self.position(at);
        }
        for byte in &self.text.as_bytes()[from..at] {
            if *byte == b'\n' {
                newlines += 1;
                column = 0;
            } else if byte & 0xC0 != 0x80 {
                column += 1;
            }
        }
        self.last_position = (at, newlines, column);
        (self.input.file_line(newlines), column + 1)
    }

    fn copy(&mut self, out: &mut dyn Out, range: Range<usize>) {
        if range.start < range.end {
            self.produced += range.end - range.start;
            out.copy(self.text, range);
        }
    }

    fn emit(&mut self, out: &mut dyn Out, text: &str, at: usize) {
        if self.stopped {
            return;
        }
        if self.produced + text.len() > self.limit {
            self.stopped = true;
            self.report(
                Severity::Error,
                at,
                format!(
                    "shortcodes would make this post longer than {} bytes; the rest is not expanded",
                    self.limit
                ),
            );
            return;
        }
        self.produced += text.len();
        out.emit(text, at);
    }

    /// `text`, wrapped so Liquid leaves it alone when it looks like Liquid.
    fn protect(&self, text: &str) -> String {
        if !self.liquid || !(text.contains("{{") || text.contains("{%")) {
            return text.to_string();
        }
        let mut out = String::with_capacity(text.len() + 32);
        out.push_str("{% raw %}");
        let mut rest = text;
        while let Some(at) = rest.find("{%") {
            out.push_str(&rest[..at]);
            let after = rest[at + 2..].trim_start_matches(|c: char| c == '-' || c.is_whitespace());
            if after.starts_with("endraw") {
                // `{%` of an `endraw` in the text: its `{` ends one raw
                // block, its `%` starts the next.
                out.push_str("{{% endraw %}{% raw %}%");
            } else {
                out.push_str("{%");
            }
            rest = &rest[at + 2..];
        }
        out.push_str(rest);
        out.push_str("{% endraw %}");
        out
    }

    /// Writes `span` of the body, expanding `tokens` (the ones inside it).
    fn render(
        &mut self,
        out: &mut dyn Out,
        tokens: Range<usize>,
        span: Range<usize>,
        depth: usize,
    ) {
        let mut position = span.start;
        let mut index = tokens.start;
        while index < tokens.end {
            let start = self.tokens[index].start;
            let (next, end) = match self.pairs[index] {
                Some(close) if close < tokens.end => (close + 1, self.tokens[close].end),
                _ => (index + 1, self.tokens[index].end),
            };
            self.copy(out, position..start);
            if self.stopped {
                self.copy(out, start..end);
            } else {
                self.node(out, index, depth);
            }
            position = end;
            index = next;
        }
        self.copy(out, position..span.end);
    }

    /// The body's source of the shortcode at `index`, to its closing tag.
    fn source(&self, index: usize) -> Range<usize> {
        let end = match self.pairs[index] {
            Some(close) => self.tokens[close].end,
            None => self.tokens[index].end,
        };
        self.tokens[index].start..end
    }

    /// The inner content of the paired shortcode at `index`: its tokens and
    /// its span.
    fn inner(&self, index: usize) -> Option<(Range<usize>, Range<usize>)> {
        let close = self.pairs[index]?;
        Some((
            index + 1..close,
            self.tokens[index].end..self.tokens[close].start,
        ))
    }

    /// Writes the source at `range` as text (with Liquid kept off it).
    fn as_text(&mut self, out: &mut dyn Out, range: Range<usize>) {
        let text = self.protect(&self.text[range.clone()]);
        self.emit(out, &text, range.start);
    }

    fn node(&mut self, out: &mut dyn Out, index: usize, depth: usize) {
        let token = self.tokens[index].clone();
        match &token.kind {
            Kind::Escape(literal) => {
                let text = self.protect(literal);
                self.emit(out, &text, token.start);
            }
            Kind::Link(target) => {
                let url = match links::resolve(target, false, self.site) {
                    Ok(url) => url,
                    Err(why) => {
                        self.report(
                            Severity::Error,
                            token.start,
                            format!("internal link @/{target}: {why}"),
                        );
                        "#".to_string()
                    }
                };
                self.emit(out, &url, token.start);
            }
            Kind::ZolaEnd => {
                self.report(
                    Severity::Warning,
                    token.start,
                    "`{% end %}` closes no body shortcode; left as text".into(),
                );
                self.as_text(out, token.start..token.end);
            }
            Kind::Hugo {
                name, close: true, ..
            } => {
                self.report(
                    Severity::Warning,
                    token.start,
                    format!("closing Hugo shortcode /{name} has no opening tag; left as text"),
                );
                self.as_text(out, token.start..token.end);
            }
            Kind::Hugo { .. } | Kind::Zola { .. } if depth >= MAX_DEPTH => {
                self.report(
                    Severity::Error,
                    token.start,
                    format!("shortcodes nest deeper than {MAX_DEPTH}; the rest is left as text"),
                );
                let source = self.source(index);
                self.as_text(out, source);
            }
            Kind::Hugo {
                name,
                args,
                markdown,
                ..
            } => {
                self.call(
                    out,
                    index,
                    depth,
                    Call {
                        hugo: true,
                        markdown: *markdown,
                        name,
                        args,
                    },
                );
            }
            Kind::Zola { name, args, body } => {
                if *body && self.pairs[index].is_none() {
                    self.report(
                        Severity::Warning,
                        token.start,
                        format!(
                            "Zola shortcode {name} has no `{{% end %}}`; expanded without a body"
                        ),
                    );
                }
                self.call(
                    out,
                    index,
                    depth,
                    Call {
                        hugo: false,
                        markdown: false,
                        name,
                        args,
                    },
                );
            }
        }
    }

    fn call(&mut self, out: &mut dyn Out, index: usize, depth: usize, call: Call<'_>) {
        let start = self.tokens[index].start;
        let engine = if call.hugo { "Hugo" } else { "Zola" };
        if let Some(template) = self.site.shortcodes.get(call.name) {
            let inner = self.inner(index).map(|(tokens, span)| {
                let mut text = String::new();
                self.render(&mut text, tokens, span, depth + 1);
                text
            });
            let budget = self.limit.saturating_sub(self.produced);
            let which = if call.hugo {
                templates::Engine::Hugo
            } else {
                templates::Engine::Zola
            };
            match templates::render(
                which,
                template,
                call.args,
                inner.as_deref(),
                self.page,
                budget,
            ) {
                Ok(html) => {
                    let html = if call.markdown {
                        html
                    } else {
                        without_blank_lines(&html)
                    };
                    let html = self.protect(&html);
                    self.emit(out, &html, start);
                }
                Err(why) => {
                    self.report(
                        Severity::Warning,
                        start,
                        format!("the site's {engine} shortcode {}: {why}", call.name),
                    );
                    self.unsupported(out, index, depth, engine, call.name);
                }
            }
            return;
        }
        if call.hugo && call.name == "details" {
            // Hugo's `details`: a disclosure around Markdown.
            let summary = call
                .args
                .text("summary")
                .unwrap_or_else(|| "Details".into());
            let mut open = String::from("<details");
            if let Some(class) = call.args.text("class") {
                open.push_str(&format!(" class=\"{}\"", escape(&class)));
            }
            if call.args.flag("open") {
                open.push_str(" open");
            }
            open.push_str(&format!("><summary>{}</summary>\n\n", escape(&summary)));
            let open = self.protect(&open);
            self.emit(out, &open, start);
            if let Some((tokens, span)) = self.inner(index) {
                self.render(out, tokens, span, depth + 1);
                let close_at = self.source(index).end;
                self.emit(out, "\n\n</details>", close_at);
            } else {
                self.emit(out, "</details>", start);
            }
            return;
        }
        if call.hugo && call.name == "highlight" {
            let Some((tokens, span)) = self.inner(index) else {
                self.report(
                    Severity::Warning,
                    start,
                    "highlight has no closing `{{< /highlight >}}`; left out".into(),
                );
                return;
            };
            let code = self.code(tokens, span);
            let mut block = hugo::highlight(call.args, &code);
            if !self.at_line_start(start) {
                block.insert(0, '\n');
            }
            let end = self.source(index).end;
            if !matches!(self.text.as_bytes().get(end), None | Some(b'\n' | b'\r')) {
                block.push('\n');
            }
            let block = self.protect(&block);
            self.emit(out, &block, start);
            return;
        }
        let outcome = if call.hugo {
            hugo::builtin(call.name, call.args, self.page, self.site)
        } else {
            zola::builtin(call.name, call.args)
        };
        match outcome {
            Outcome::Html(html) => {
                let html = self.protect(&html);
                self.emit(out, &html, start);
            }
            Outcome::Warned(html, why) => {
                self.report(
                    Severity::Warning,
                    start,
                    format!("{engine} shortcode {}: {why}", call.name),
                );
                let html = self.protect(&html);
                self.emit(out, &html, start);
            }
            Outcome::Error(why) => {
                self.report(
                    Severity::Error,
                    start,
                    format!("{engine} shortcode {}: {why}", call.name),
                );
            }
            Outcome::Broken(why) => {
                self.report(Severity::Error, start, format!("{engine} shortcode {why}"));
                self.emit(out, "#", start);
            }
            Outcome::Unknown => {
                self.report(
                    Severity::Warning,
                    start,
                    format!("{engine} shortcode {} is not supported", call.name),
                );
                self.unsupported(out, index, depth, engine, call.name);
            }
        }
    }

    /// The notice of an unsupported shortcode, then its inner content.
    fn unsupported(
        &mut self,
        out: &mut dyn Out,
        index: usize,
        depth: usize,
        engine: &str,
        name: &str,
    ) {
        let notice = format!(
            "<span class=\"quire-unsupported\" title=\"{engine} shortcode {} is not supported\">{}</span>",
            escape(name),
            escape(name)
        );
        let notice = self.protect(&notice);
        self.emit(out, &notice, self.tokens[index].start);
        if let Some((tokens, span)) = self.inner(index) {
            self.render(out, tokens, span, depth + 1);
        }
    }

    /// The code inside a `highlight`: the source with only escapes undone.
    fn code(&self, tokens: Range<usize>, span: Range<usize>) -> String {
        let mut code = String::new();
        let mut position = span.start;
        for token in &self.tokens[tokens] {
            if let Kind::Escape(literal) = &token.kind
                && token.start >= position
            {
                code.push_str(&self.text[position..token.start]);
                code.push_str(literal);
                position = token.end;
            }
        }
        code.push_str(&self.text[position..span.end]);
        code
    }

    fn at_line_start(&self, at: usize) -> bool {
        self.text[..at]
            .bytes()
            .rev()
            .take_while(|&b| b != b'\n')
            .all(|b| b == b' ' || b == b'\t')
    }
}

/// A shortcode call, whichever engine's.
struct Call<'a> {
    hugo: bool,
    markdown: bool,
    name: &'a str,
    args: &'a tag::Args,
}

/// HTML without its blank lines, so Markdown keeps it one HTML block.
fn without_blank_lines(html: &str) -> String {
    let lines: Vec<&str> = html
        .lines()
        .filter(|line| !line.trim().is_empty())
        .collect();
    lines.join("\n")
}

#[cfg(test)]
mod tests;
