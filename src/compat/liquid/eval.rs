//! Renders a parsed template into a [`Writer`], with the page, the site and
//! the limits that keep hostile Liquid bounded.

use super::super::{Mapped, Page, SiteContext, Writer, builtin};
use super::expr::{Comparison, Condition, Expr, Primary, Segment};
use super::filters::{self, Ctx};
use super::links;
use super::parse::{self, ForLoop, IncludeName, Node, Template};
use super::value::{self, to_number, to_text, truthy};
use crate::post::{Diagnostic, Severity};
use serde_json::{Map, Value};
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

/// Loop iterations a render may run, all loops together.
pub(super) const MAX_ITERATIONS: usize = 100_000;
/// Includes nested deeper than this stop the render.
pub(super) const MAX_INCLUDE_DEPTH: usize = 10;
/// Blocks and includes nested deeper than this, all together, stop the
/// render (a small stack, as in wasm, must not overflow).
const MAX_RENDER_DEPTH: usize = 200;
/// Diagnostics one render reports at most (each costs a scan for its line).
const MAX_DIAGNOSTICS: usize = 100;
/// The output may reach this, or 16 times the input if more.
pub(super) const MIN_OUTPUT_LIMIT: usize = 4 << 20;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Flow {
    Normal,
    Break,
    Continue,
    Stop,
}

/// An include being rendered.
struct Frame {
    name: String,
    text: Rc<str>,
}

pub(super) struct Renderer<'r, 'i, 'a> {
    input: &'i Mapped<'a>,
    out: Writer<'i, 'a>,
    page: &'r Page,
    site: &'r SiteContext,
    site_value: Option<Value>,
    page_value: Option<Value>,
    scopes: Vec<Map<String, Value>>,
    counters: Map<String, Value>,
    captures: Vec<String>,
    frames: Vec<Frame>,
    cache: HashMap<String, Rc<Template>>,
    /// The post offset of the outermost include being rendered.
    anchor: usize,
    iterations: usize,
    /// How deep `render` is nested.
    depth: usize,
    written: usize,
    output_limit: usize,
    stopped: bool,
    diagnostics: Vec<Diagnostic>,
    seen: HashSet<(usize, usize, String)>,
}

enum Key {
    Name(String),
    Index(i64),
}

impl<'r, 'i, 'a> Renderer<'r, 'i, 'a> {
    pub fn new(input: &'i Mapped<'a>, page: &'r Page, site: &'r SiteContext) -> Self {
        Renderer {
            input,
            out: Writer::new(input),
            page,
            site,
            site_value: None,
            page_value: None,
            scopes: vec![Map::new()],
            counters: Map::new(),
            captures: Vec::new(),
            frames: Vec::new(),
            cache: HashMap::new(),
            anchor: 0,
            iterations: 0,
            depth: 0,
            written: 0,
            output_limit: MIN_OUTPUT_LIMIT.max(input.text.len().saturating_mul(16)),
            stopped: false,
            diagnostics: Vec::new(),
            seen: HashSet::new(),
        }
    }

    /// Renders the post's template.
    pub fn run(&mut self, template: &Template) {
        self.report(template);
        self.render(&template.nodes);
        if template.truncated {
            self.stopped = true;
        }
    }

    pub fn finish(self, diagnostics: &mut Vec<Diagnostic>) -> Mapped<'static> {
        diagnostics.extend(self.diagnostics);
        self.out.finish()
    }

    fn report(&mut self, template: &Template) {
        for (severity, at, message) in &template.problems {
            self.diagnose(*severity, *at, message.clone());
        }
    }

    // ----- diagnostics and output -----

    /// A diagnostic at offset `at` of the text being rendered (inside an
    /// include: at the include tag in the post, naming the file and the
    /// place inside it).
    fn diagnose(&mut self, severity: Severity, at: usize, message: String) {
        if self.diagnostics.len() >= MAX_DIAGNOSTICS {
            return;
        }
        if self.diagnostics.len() + 1 == MAX_DIAGNOSTICS && severity == Severity::Warning {
            let (line, column) = self.input.position(if self.frames.is_empty() {
                at
            } else {
                self.anchor
            });
            self.diagnostics.push(Diagnostic {
                severity,
                message: format!(
                    "More than {MAX_DIAGNOSTICS} Liquid problems: the rest are not listed"
                ),
                line,
                column,
            });
            return;
        }
        let (line, column, message) = match self.frames.last() {
            None => {
                let (line, column) = self.input.position(at);
                (line, column, message)
            }
            Some(frame) => {
                let (inner_line, inner_column) = Mapped::new(&frame.text, 1).position(at);
                let (line, column) = self.input.position(self.anchor);
                let message = format!(
                    "{message} (in include `{}`, line {inner_line}, column {inner_column})",
                    frame.name
                );
                (line, column, message)
            }
        };
        if self.seen.insert((line, column, message.clone())) {
            self.diagnostics.push(Diagnostic {
                severity,
                message,
                line,
                column,
            });
        }
    }

    fn warn(&mut self, at: usize, message: String) {
        self.diagnose(Severity::Warning, at, message);
    }

    /// An Error that stops the render: what was written stays, the rest of
    /// the post is dropped.
    fn stop(&mut self, at: usize, message: String) {
        if !self.stopped {
            self.diagnose(Severity::Error, at, message);
            self.stopped = true;
        }
    }

    fn grow(&mut self, at: usize, bytes: usize) -> bool {
        self.written = self.written.saturating_add(bytes);
        if self.written > self.output_limit {
            let limit = self.output_limit;
            self.stop(
                at,
                format!("Liquid output passed {limit} bytes: rendering stopped here and the rest of the post is dropped"),
            );
            return false;
        }
        true
    }

    /// Source text at `range` of the text being rendered.
    fn write_source(&mut self, range: std::ops::Range<usize>) {
        if !self.grow(range.start, range.len()) {
            return;
        }
        if let Some(frame) = self.frames.last() {
            let text = frame.text.get(range).unwrap_or("").to_string();
            match self.captures.last_mut() {
                Some(capture) => capture.push_str(&text),
                None => self.out.emit(&text, self.anchor),
            }
        } else {
            match self.captures.last_mut() {
                Some(capture) => capture.push_str(self.input.text.get(range).unwrap_or("")),
                None => self.out.copy(range),
            }
        }
    }

    /// Generated text in place of the construct at `at`.
    fn write(&mut self, text: &str, at: usize) {
        if text.is_empty() || !self.grow(at, text.len()) {
            return;
        }
        let at = if self.frames.is_empty() {
            at
        } else {
            self.anchor
        };
        match self.captures.last_mut() {
            Some(capture) => capture.push_str(text),
            None => self.out.emit(text, at),
        }
    }

    fn at_line_start(&self) -> bool {
        let written = match self.captures.last() {
            Some(capture) => capture.as_str(),
            None => self.out.written(),
        };
        written.is_empty() || written.ends_with('\n')
    }

    // ----- nodes -----

    fn render(&mut self, nodes: &[Node]) -> Flow {
        if self.depth >= MAX_RENDER_DEPTH {
            let at = match nodes.first() {
                Some(Node::Output(_, at) | Node::Assign(_, _, at) | Node::If(_, at)) => *at,
                _ => 0,
            };
            self.stop(
                at,
                format!("Liquid blocks and includes are nested more than {MAX_RENDER_DEPTH} deep: rendering stopped here and the rest of the post is dropped"),
            );
            return Flow::Stop;
        }
        self.depth += 1;
        let flow = self.render_nodes(nodes);
        self.depth -= 1;
        flow
    }

    fn render_nodes(&mut self, nodes: &[Node]) -> Flow {
        for node in nodes {
            if self.stopped {
                return Flow::Stop;
            }
            let flow = self.node(node);
            if flow != Flow::Normal {
                return flow;
            }
        }
        if self.stopped {
            Flow::Stop
        } else {
            Flow::Normal
        }
    }

    fn node(&mut self, node: &Node) -> Flow {
        match node {
            Node::Text(range) => self.write_source(range.clone()),
            Node::Output(expr, at) => {
                let value = self.eval(expr, *at);
                self.write(&to_text(&value), *at);
            }
            Node::Assign(name, expr, at) => {
                let value = self.eval(expr, *at);
                self.scopes[0].insert(name.clone(), value);
            }
            Node::Capture(name, body) => {
                self.captures.push(String::new());
                let flow = self.render(body);
                let text = self.captures.pop().unwrap_or_default();
                self.scopes[0].insert(name.clone(), Value::String(text));
                if flow != Flow::Normal {
                    return flow;
                }
            }
            Node::If(branches, at) => {
                for (condition, body) in branches {
                    let taken = match condition {
                        Some(condition) => self.condition(condition, *at),
                        None => true,
                    };
                    if taken {
                        return self.render(body);
                    }
                }
            }
            Node::Unless(condition, body, otherwise, at) => {
                if !self.condition(condition, *at) {
                    return self.render(body);
                }
                for (condition, body) in otherwise {
                    let taken = match condition {
                        Some(condition) => self.condition(condition, *at),
                        None => true,
                    };
                    if taken {
                        return self.render(body);
                    }
                }
            }
            Node::Case(subject, whens, otherwise, at) => {
                let subject = self.eval(subject, *at);
                let mut matched = false;
                for (values, body) in whens {
                    let mut hit = false;
                    for value in values {
                        let value = self.primary(value, *at);
                        hit |= value::equal(&subject, &value);
                    }
                    if hit {
                        matched = true;
                        let flow = self.render(body);
                        if flow != Flow::Normal {
                            return flow;
                        }
                    }
                }
                if !matched {
                    return self.render(otherwise);
                }
            }
            Node::For(for_loop) => return self.for_loop(for_loop),
            Node::Break => return Flow::Break,
            Node::Continue => return Flow::Continue,
            Node::Highlight {
                lang,
                body,
                fence,
                at,
                end,
                newlines,
            } => {
                if !self.at_line_start() {
                    self.write("\n", *at);
                }
                let fence = "`".repeat(*fence);
                self.write(&format!("{fence}{lang}"), *at);
                // The newlines around the code are the source's, so the
                // code's lines keep their file lines.
                match &newlines.0 {
                    Some(range) => self.write_source(range.clone()),
                    None => self.write("\n", *at),
                }
                let flow = self.render(body);
                match &newlines.1 {
                    Some(range) => self.write_source(range.clone()),
                    None => self.write("\n", *end),
                }
                self.write(&fence, *end);
                if flow != Flow::Normal {
                    return flow;
                }
            }
            Node::Include {
                name,
                params,
                relative,
                at,
            } => return self.include(name, params, *relative, *at),
            Node::PostUrl(name, at) => {
                match links::post_url(self.site, &self.interpolate(name, *at)) {
                    Some(url) => self.write(&url, *at),
                    None => {
                        self.diagnose(
                            Severity::Error,
                            *at,
                            format!(
                                "Liquid `post_url`: no post named `{}` (the link points to `#`)",
                                name.trim()
                            ),
                        );
                        self.write("#", *at);
                    }
                }
            }
            Node::Link(path, at) => match links::link(self.site, &self.interpolate(path, *at)) {
                Some(url) => self.write(&url, *at),
                None => {
                    self.diagnose(
                        Severity::Error,
                        *at,
                        format!(
                            "Liquid `link`: no post or page at `{}` (the link points to `#`)",
                            path.trim()
                        ),
                    );
                    self.write("#", *at);
                }
            },
            Node::Notice(label, title, at) => {
                let html = format!(
                    "<span class=\"quire-unsupported\" title=\"{}\">{}</span>",
                    notice_escape(title),
                    notice_escape(label)
                );
                self.write(&html, *at);
            }
            Node::Increment(name, up, at) => {
                let name = name.trim().to_string();
                let current = self
                    .counters
                    .get(&name)
                    .and_then(Value::as_i64)
                    .unwrap_or(0);
                let (shown, next) = if *up {
                    (current, current + 1)
                } else {
                    (current - 1, current - 1)
                };
                self.counters.insert(name, Value::from(next));
                self.write(&shown.to_string(), *at);
            }
        }
        if self.stopped {
            Flow::Stop
        } else {
            Flow::Normal
        }
    }

    fn for_loop(&mut self, l: &ForLoop) -> Flow {
        let at = l.at;
        // A range is walked without being built.
        let (range, list) = match &l.collection {
            Primary::Range(from, to) => {
                let from = self.integer(from, at);
                let to = self.integer(to, at);
                (Some((from, to)), Vec::new())
            }
            other => {
                let value = self.primary(other, at);
                let list = match value {
                    Value::String(s) if s.is_empty() => Vec::new(),
                    other => filters::items(&other),
                };
                (None, list)
            }
        };
        let total: i64 = match range {
            Some((from, to)) => {
                (i128::from(to) - i128::from(from) + 1).clamp(0, i128::from(i64::MAX)) as i64
            }
            None => list.len() as i64,
        };
        let offset = l
            .offset
            .as_ref()
            .map_or(0, |o| self.integer(o, at).max(0))
            .min(total);
        let mut count = total - offset;
        if let Some(limit) = &l.limit {
            count = count.min(self.integer(limit, at).max(0));
        }
        if count <= 0 {
            return self.render(&l.empty);
        }
        let mut scope = Map::new();
        self.scopes.push(Map::new());
        let mut flow = Flow::Normal;
        for i in 0..count {
            self.iterations += 1;
            if self.iterations > MAX_ITERATIONS {
                self.stop(
                    at,
                    format!("Liquid loops ran more than {MAX_ITERATIONS} times: rendering stopped at this loop and the rest of the post is dropped"),
                );
                flow = Flow::Stop;
                break;
            }
            let index = if l.reversed { count - 1 - i } else { i };
            let item = match range {
                Some((from, _)) => Value::from(from.saturating_add(offset + index)),
                None => list
                    .get((offset + index) as usize)
                    .cloned()
                    .unwrap_or(Value::Null),
            };
            let mut forloop = Map::new();
            forloop.insert("index".into(), Value::from(i + 1));
            forloop.insert("index0".into(), Value::from(i));
            forloop.insert("rindex".into(), Value::from(count - i));
            forloop.insert("rindex0".into(), Value::from(count - i - 1));
            forloop.insert("first".into(), Value::Bool(i == 0));
            forloop.insert("last".into(), Value::Bool(i == count - 1));
            forloop.insert("length".into(), Value::from(count));
            scope.insert("forloop".into(), Value::Object(forloop));
            scope.insert(l.var.clone(), item);
            if let Some(top) = self.scopes.last_mut() {
                top.clone_from(&scope);
            }
            match self.render(&l.body) {
                Flow::Break => break,
                Flow::Stop => {
                    flow = Flow::Stop;
                    break;
                }
                Flow::Normal | Flow::Continue => {}
            }
        }
        self.scopes.pop();
        flow
    }

    fn include(
        &mut self,
        name: &IncludeName,
        params: &[(String, Primary)],
        relative: bool,
        at: usize,
    ) -> Flow {
        if self.frames.len() >= MAX_INCLUDE_DEPTH {
            self.stop(
                at,
                format!("Liquid includes are nested more than {MAX_INCLUDE_DEPTH} deep (does an include include itself?): rendering stopped here and the rest of the post is dropped"),
            );
            return Flow::Stop;
        }
        let name = match name {
            IncludeName::Literal(name) => name.clone(),
            IncludeName::Dynamic(expr) => to_text(&self.eval(expr, at)).trim().to_string(),
        };
        let mut values = Map::new();
        for (key, value) in params {
            let value = self.primary(value, at);
            values.insert(key.clone(), value);
        }
        let found = if relative {
            let path = self.relative_path(&name);
            self.site
                .files
                .get(&path)
                .map(|text| (format!("rel:{path}"), text.clone()))
        } else {
            self.site
                .includes
                .get(&name)
                .or_else(|| self.site.includes.get(&format!("{name}.html")))
                .map(|text| (format!("inc:{name}"), text.clone()))
        };
        let Some((key, text)) = found else {
            if !relative && let Some(html) = builtin::include(&name, &values, self.page, self.site)
            {
                self.write(&html, at);
                return if self.stopped {
                    Flow::Stop
                } else {
                    Flow::Normal
                };
            }
            let what = if relative {
                "include_relative"
            } else {
                "include"
            };
            self.warn(
                at,
                format!(
                    "Liquid `{what}`: `{name}` was not found, so nothing is shown in its place"
                ),
            );
            return Flow::Normal;
        };
        let (template, fresh) = match self.cache.get(&key) {
            Some(template) => (template.clone(), false),
            None => {
                let template = Rc::new(parse::parse(&text));
                self.cache.insert(key, template.clone());
                (template, true)
            }
        };
        if self.frames.is_empty() {
            self.anchor = at;
        }
        self.frames.push(Frame {
            name: name.clone(),
            text: Rc::from(text.as_str()),
        });
        if fresh {
            self.report(&template);
        }
        let mut scope = Map::new();
        if !relative {
            scope.insert("include".into(), Value::Object(values));
        }
        self.scopes.push(scope);
        let flow = self.render(&template.nodes);
        if template.truncated {
            self.stopped = true;
        }
        self.scopes.pop();
        self.frames.pop();
        if flow == Flow::Stop || self.stopped {
            Flow::Stop
        } else {
            Flow::Normal
        }
    }

    /// `path` against the folder of the page's path (`posts/x.md` ->
    /// `posts/path`), `..` and `.` resolved.
    fn relative_path(&self, path: &str) -> String {
        let base = self
            .page
            .get("path")
            .and_then(Value::as_str)
            .and_then(|p| p.rsplit_once('/').map(|(dir, _)| dir))
            .unwrap_or("");
        let mut parts: Vec<&str> = base.split('/').filter(|p| !p.is_empty()).collect();
        for part in path.split('/') {
            match part {
                "" | "." => {}
                ".." => {
                    parts.pop();
                }
                other => parts.push(other),
            }
        }
        parts.join("/")
    }

    // ----- expressions -----

    /// `text` with each `{{ expr }}` in it replaced by its value (Jekyll's
    /// `{% link {{ page.other }} %}`).
    fn interpolate(&mut self, text: &str, at: usize) -> String {
        let mut out = String::new();
        let mut rest = text;
        while let Some(open) = rest.find("{{") {
            out.push_str(&rest[..open]);
            let after = &rest[open + 2..];
            let Some(close) = after.find("}}") else {
                out.push_str(&rest[open..]);
                return out;
            };
            match super::expr::parse_output(&after[..close]) {
                Ok(expr) => {
                    let value = self.eval(&expr, at);
                    out.push_str(&to_text(&value));
                }
                Err(error) => self.warn(
                    at,
                    format!("Liquid `{{{{ … }}}}` in a tag is not understood: {error}"),
                ),
            }
            rest = &after[close + 2..];
        }
        out.push_str(rest);
        out
    }

    fn eval(&mut self, expr: &Expr, at: usize) -> Value {
        let mut value = self.primary(&expr.base, at);
        for filter in &expr.filters {
            if self.stopped {
                return Value::Null;
            }
            if matches!(filter.name.as_str(), "where_exp" | "find_exp") {
                value = self.where_exp(&filter.name, &value, &filter.args, at);
                continue;
            }
            if !filters::known(&filter.name) {
                self.warn(
                    at,
                    format!("Liquid filter `{}` is not supported by Quire (the value is shown unfiltered)", filter.name),
                );
                continue;
            }
            let args: Vec<Value> = filter.args.iter().map(|a| self.primary(a, at)).collect();
            let ctx = Ctx {
                config: &self.site.config,
            };
            match filters::apply(&filter.name, value.clone(), &args, &ctx) {
                Ok(next) => value = next,
                Err(message) => self.warn(at, message),
            }
            if value::weight(&value) > self.output_limit {
                let limit = self.output_limit;
                self.stop(
                    at,
                    format!("Liquid filter `{}` made a value larger than {limit} bytes: rendering stopped here and the rest of the post is dropped", filter.name),
                );
                return Value::Null;
            }
        }
        value
    }

    /// `where_exp: "item", "item.x == 1"` (and `find_exp`, the first
    /// match): the condition is evaluated with each item as `item`.
    fn where_exp(&mut self, name: &str, input: &Value, args: &[Primary], at: usize) -> Value {
        let var = args
            .first()
            .map(|a| to_text(&self.primary(a, at)))
            .unwrap_or_default();
        let text = args
            .get(1)
            .map(|a| to_text(&self.primary(a, at)))
            .unwrap_or_default();
        let condition = match super::expr::Parser::new(&text).and_then(|mut p| p.condition()) {
            Ok(condition) => condition,
            Err(error) => {
                self.warn(
                    at,
                    format!("Liquid `{name}` condition `{text}` is not understood: {error}"),
                );
                return input.clone();
            }
        };
        let mut kept = Vec::new();
        self.scopes.push(Map::new());
        for item in filters::items(input) {
            self.iterations += 1;
            if self.iterations > MAX_ITERATIONS {
                self.stop(
                    at,
                    format!("Liquid loops ran more than {MAX_ITERATIONS} times: rendering stopped here and the rest of the post is dropped"),
                );
                break;
            }
            if let Some(scope) = self.scopes.last_mut() {
                scope.insert(var.clone(), item.clone());
            }
            if self.condition(&condition, at) {
                if name == "find_exp" {
                    self.scopes.pop();
                    return item;
                }
                kept.push(item);
            }
        }
        self.scopes.pop();
        if name == "find_exp" {
            Value::Null
        } else {
            Value::Array(kept)
        }
    }

    fn integer(&mut self, primary: &Primary, at: usize) -> i64 {
        let value = self.primary(primary, at);
        to_number(&value).map_or(0, |n| {
            let f = n.as_f64();
            if f.is_finite() {
                f.clamp(-9.0e18, 9.0e18) as i64
            } else {
                0
            }
        })
    }

    fn primary(&mut self, primary: &Primary, at: usize) -> Value {
        match primary {
            Primary::Literal(value) => value.clone(),
            Primary::Empty => Value::String(String::new()),
            Primary::Range(from, to) => {
                let from = self.integer(from, at);
                let to = self.integer(to, at);
                let len = (i128::from(to) - i128::from(from) + 1).max(0);
                if len > MAX_ITERATIONS as i128 {
                    self.stop(
                        at,
                        format!("Liquid range ({from}..{to}) has more than {MAX_ITERATIONS} items: rendering stopped here and the rest of the post is dropped"),
                    );
                    return Value::Null;
                }
                Value::Array((from..=to).map(Value::from).collect())
            }
            Primary::Path(root, segments) => self.lookup(root, segments, at),
        }
    }

    fn lookup(&mut self, root: &str, segments: &[Segment], at: usize) -> Value {
        let mut keys = Vec::with_capacity(segments.len());
        for segment in segments {
            keys.push(match segment {
                Segment::Key(name) => Key::Name(name.clone()),
                Segment::Index(primary) => match self.primary(primary, at) {
                    Value::Number(n) => Key::Index(n.as_i64().unwrap_or(i64::MAX)),
                    Value::String(s) => Key::Name(s),
                    _ => return Value::Null,
                },
            });
        }
        let (root, keys) = if root.is_empty() {
            match keys.split_first() {
                Some((Key::Name(name), rest)) => (name.clone(), rest),
                _ => return Value::Null,
            }
        } else {
            (root.to_string(), &keys[..])
        };
        let (start, keys) = self.start(&root, keys);
        let Some(start) = start else {
            return Value::Null;
        };
        let mut current = start;
        for (n, key) in keys.iter().enumerate() {
            match step(current, key) {
                Ok(next) => current = next,
                Err(computed) => {
                    let mut value = computed;
                    for key in &keys[n + 1..] {
                        value = match step(&value, key) {
                            Ok(next) => next.clone(),
                            Err(computed) => computed,
                        };
                    }
                    return value;
                }
            }
        }
        current.clone()
    }

    /// Where a lookup starts and the keys left: `site.KEY` and `page.KEY`
    /// are read in place (no copy of the site's data per post); only
    /// `site.posts`/`site.pages` and a bare `site`/`page` are built, once.
    fn start<'k>(&mut self, root: &str, keys: &'k [Key]) -> (Option<&Value>, &'k [Key]) {
        let in_scope = self.scopes.iter().any(|scope| scope.contains_key(root));
        let site: &'r SiteContext = self.site;
        let page: &'r Page = self.page;
        if !in_scope && let Some((Key::Name(first), rest)) = keys.split_first() {
            match root {
                "site" => match first.as_str() {
                    "data" if !site.config.contains_key("data") => {
                        return match rest.split_first() {
                            Some((Key::Name(name), rest)) => (site.data.get(name), rest),
                            Some(_) => (None, rest),
                            None => (self.root(root), keys),
                        };
                    }
                    "posts" | "pages" if !site.config.contains_key(first) => {}
                    name => return (site.config.get(name), rest),
                },
                "page" => return (page.get(first), rest),
                _ => {}
            }
        }
        (self.root(root), keys)
    }

    /// The value a variable name starts from.
    fn root(&mut self, name: &str) -> Option<&Value> {
        if let Some(at) = self
            .scopes
            .iter()
            .rposition(|scope| scope.contains_key(name))
        {
            return self.scopes[at].get(name);
        }
        match name {
            "page" => {
                if self.page_value.is_none() {
                    self.page_value = Some(Value::Object(self.page.clone()));
                }
                self.page_value.as_ref()
            }
            "site" => {
                if self.site_value.is_none() {
                    self.site_value = Some(site_value(self.site));
                }
                self.site_value.as_ref()
            }
            _ => None,
        }
    }

    fn condition(&mut self, condition: &Condition, at: usize) -> bool {
        // Right to left: `a and b or c` is `a and (b or c)`.
        let last = condition.rest.last().map_or(&condition.first, |(_, c)| c);
        let mut result = self.comparison(last, at);
        for i in (0..condition.rest.len()).rev() {
            let left = if i == 0 {
                &condition.first
            } else {
                &condition.rest[i - 1].1
            };
            let this = self.comparison(left, at);
            result = if condition.rest[i].0 {
                this && result
            } else {
                this || result
            };
        }
        result
    }

    fn comparison(&mut self, comparison: &Comparison, at: usize) -> bool {
        let left = self.primary(&comparison.left, at);
        let Some((op, right)) = &comparison.op else {
            return truthy(&left);
        };
        let left_empty = matches!(comparison.left, Primary::Empty);
        let right_empty = matches!(right, Primary::Empty);
        let right = self.primary(right, at);
        if (left_empty || right_empty) && matches!(op.as_str(), "==" | "!=") {
            let other = if right_empty { &left } else { &right };
            let empty = value::is_empty(other);
            return if op == "==" { empty } else { !empty };
        }
        match op.as_str() {
            "==" => value::equal(&left, &right),
            "!=" => !value::equal(&left, &right),
            "contains" => value::contains(&left, &right),
            op => match value::compare(&left, &right) {
                Some(order) => match op {
                    "<" => order.is_lt(),
                    ">" => order.is_gt(),
                    "<=" => order.is_le(),
                    ">=" => order.is_ge(),
                    _ => false,
                },
                None => false,
            },
        }
    }
}

fn step<'v>(value: &'v Value, key: &Key) -> Result<&'v Value, Value> {
    match (value, key) {
        (Value::Object(map), Key::Name(name)) => match map.get(name) {
            Some(next) => Ok(next),
            None if name == "size" => Err(Value::from(map.len())),
            None => Err(Value::Null),
        },
        (Value::Object(map), Key::Index(i)) => map.get(&i.to_string()).ok_or(Value::Null),
        (Value::Array(items), Key::Index(i)) => {
            let index = if *i < 0 {
                items.len().checked_sub(i.unsigned_abs() as usize)
            } else {
                Some(*i as usize)
            };
            index.and_then(|at| items.get(at)).ok_or(Value::Null)
        }
        (Value::Array(items), Key::Name(name)) => match name.as_str() {
            "size" => Err(Value::from(items.len())),
            "first" => items.first().ok_or(Value::Null),
            "last" => items.last().ok_or(Value::Null),
            _ => Err(Value::Null),
        },
        (Value::String(s), Key::Name(name)) if name == "size" => {
            Err(Value::from(s.chars().count()))
        }
        _ => Err(Value::Null),
    }
}

/// `site`: the config's keys, `data`, `posts` and `pages`.
fn site_value(site: &SiteContext) -> Value {
    let mut map = site.config.clone();
    map.insert("data".into(), Value::Object(site.data.clone()));
    let refs = |list: &[super::super::PageRef]| {
        Value::Array(
            list.iter()
                .map(|p| {
                    let mut item = Map::new();
                    item.insert("url".into(), Value::from(p.url.as_str()));
                    item.insert(
                        "title".into(),
                        p.title.clone().map_or(Value::Null, Value::from),
                    );
                    item.insert(
                        "date".into(),
                        p.date.clone().map_or(Value::Null, Value::from),
                    );
                    item.insert("tags".into(), Value::from(p.tags.clone()));
                    item.insert("categories".into(), Value::from(p.categories.clone()));
                    item.insert("path".into(), Value::from(p.path.as_str()));
                    Value::Object(item)
                })
                .collect(),
        )
    };
    map.insert("posts".into(), refs(&site.posts));
    map.insert("pages".into(), refs(&site.pages));
    Value::Object(map)
}

/// Escapes a notice's text for HTML, and `{`/`}` so no Liquid is left.
fn notice_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '{' => out.push_str("&#123;"),
            '}' => out.push_str("&#125;"),
            '%' => out.push_str("&#37;"),
            c => out.push(c),
        }
    }
    out
}
