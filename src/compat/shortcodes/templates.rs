//! The site's own shortcodes (`shortcodes/NAME.html`): the simple Hugo and
//! Zola (Tera) templates most sites write. Hugo: `{{ .Get "name" }}`,
//! `{{ .Get 0 }}`, `{{ .Inner }}`, `{{ .Page.Title }}`, `{{ .Page.Params.x }}`
//! with `markdownify`, `safeHTML` and `htmlEscape`; Tera: `{{ name }}`,
//! `{{ body }}`, `{{ page.title }}` with `safe`, `markdown` and `escape`.
//! Anything else (conditions, loops, variables) is refused with the reason,
//! and the caller shows its notice.

use super::tag::{Args, value_text};
use crate::compat::Page;
use crate::compat::embed::{escape, markdown_inline};
use serde_json::Value;

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Engine {
    Hugo,
    Zola,
}

/// A value as the template writes it, before filters.
struct Piece {
    text: String,
    /// Already HTML (or Markdown the template meant as is): not escaped.
    safe: bool,
}

/// Renders `template` for a call with `args` and `inner` (the body); the
/// output may be at most `budget` bytes.
pub(super) fn render(
    engine: Engine,
    template: &str,
    args: &Args,
    inner: Option<&str>,
    page: &Page,
    budget: usize,
) -> Result<String, String> {
    let mut out = String::new();
    let mut rest = template;
    let mut trim_next = false;
    loop {
        let next = [rest.find("{{"), rest.find("{%"), rest.find("{#")]
            .into_iter()
            .flatten()
            .min();
        let Some(at) = next else {
            push_text(&mut out, rest, trim_next);
            break;
        };
        push_text(&mut out, &rest[..at], trim_next);
        let opener = &rest[at..at + 2];
        let closer = match opener {
            "{{" => "}}",
            "{%" => "%}",
            _ => "#}",
        };
        let Some(len) = rest[at + 2..].find(closer) else {
            return Err(format!("`{opener}` without `{closer}`"));
        };
        let action = &rest[at + 2..at + 2 + len];
        rest = &rest[at + 2 + len + 2..];
        if opener == "{#" {
            trim_next = false;
            continue;
        }
        if opener == "{%" {
            return Err(format!("`{{%{action}%}}` is not supported"));
        }
        let mut action = action;
        if let Some(stripped) = action.strip_prefix('-') {
            out.truncate(out.trim_end().len());
            action = stripped;
        }
        trim_next = false;
        if let Some(stripped) = action.strip_suffix('-') {
            trim_next = true;
            action = stripped;
        }
        let action = action.trim();
        if action.starts_with("/*") && action.ends_with("*/") {
            continue;
        }
        let value = evaluate(engine, action, args, inner, page)
            .ok_or_else(|| format!("`{{{{ {action} }}}}` is not supported"))?;
        out.push_str(&value);
        if out.len() > budget {
            return Err("its output is too large".into());
        }
    }
    if out.len() > budget {
        return Err("its output is too large".into());
    }
    Ok(out)
}

fn push_text(out: &mut String, text: &str, trim_start: bool) {
    out.push_str(if trim_start { text.trim_start() } else { text });
}

/// One `{{ … }}` action, or `None` when it is beyond what is supported.
fn evaluate(
    engine: Engine,
    action: &str,
    args: &Args,
    inner: Option<&str>,
    page: &Page,
) -> Option<String> {
    let mut stages = action.split('|').map(str::trim);
    let head = stages.next()?;
    let mut piece = match engine {
        Engine::Hugo => hugo_value(head, args, inner, page)?,
        Engine::Zola => zola_value(head, args, inner, page)?,
    };
    for filter in stages {
        match (engine, filter) {
            (Engine::Hugo, "markdownify") | (Engine::Zola, "markdown") => {
                piece = Piece {
                    text: markdown(&piece.text),
                    safe: true,
                }
            }
            (Engine::Hugo, "safeHTML") | (Engine::Zola, "safe") => piece.safe = true,
            (Engine::Hugo, "htmlEscape") | (Engine::Zola, "escape") => {
                piece = Piece {
                    text: escape(&piece.text),
                    safe: true,
                }
            }
            _ => return None,
        }
    }
    Some(if piece.safe {
        piece.text
    } else {
        escape(&piece.text)
    })
}

/// Markdown as HTML: inline when it is one paragraph (Hugo's
/// `markdownify`), else blocks.
fn markdown(text: &str) -> String {
    if !text.trim().contains("\n\n") {
        return markdown_inline(text);
    }
    crate::markdown::plain_html(text)
}

fn text_piece(value: Option<&Value>) -> Piece {
    Piece {
        text: value.map(value_text).unwrap_or_default(),
        safe: false,
    }
}

fn hugo_value(head: &str, args: &Args, inner: Option<&str>, page: &Page) -> Option<Piece> {
    if head == ".Inner" || head == ".InnerDeindent" {
        return Some(Piece {
            text: inner.unwrap_or("").to_string(),
            safe: true,
        });
    }
    if let Some(what) = head.strip_prefix(".Get") {
        let what = what.trim();
        if let Ok(index) = what.parse::<usize>() {
            return Some(text_piece(args.positional.get(index)));
        }
        let key = what
            .strip_prefix('"')
            .and_then(|w| w.strip_suffix('"'))
            .or_else(|| what.strip_prefix('`').and_then(|w| w.strip_suffix('`')))?;
        return Some(text_piece(args.get(key)));
    }
    let path = head
        .strip_prefix(".Page.Params.")
        .or_else(|| head.strip_prefix(".Params."));
    if let Some(key) = path {
        return Some(text_piece(field(page, key)));
    }
    let field_name = head.strip_prefix(".Page.")?;
    match field_name {
        "Title" | "Date" | "Slug" | "Description" | "Summary" => {
            Some(text_piece(field(page, &field_name.to_ascii_lowercase())))
        }
        "Permalink" | "RelPermalink" => Some(text_piece(page.get("url"))),
        _ => None,
    }
}

/// `key` (dotted) in the page, matching case-insensitively.
fn field<'p>(page: &'p Page, key: &str) -> Option<&'p Value> {
    let mut value: Option<&Value> = None;
    for part in key.split('.') {
        let map = match value {
            None => page,
            Some(v) => v.as_object()?,
        };
        value = Some(map.get(part).or_else(|| {
            map.iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(part))
                .map(|(_, v)| v)
        })?);
    }
    value
}

fn zola_value(head: &str, args: &Args, inner: Option<&str>, page: &Page) -> Option<Piece> {
    if head == "body" {
        return Some(Piece {
            text: inner.unwrap_or("").to_string(),
            safe: false,
        });
    }
    if let Some(key) = head.strip_prefix("page.") {
        return Some(text_piece(field(page, key)));
    }
    let ident = !head.is_empty() && head.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    if !ident {
        return None;
    }
    Some(text_piece(args.get(head)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn args() -> Args {
        Args {
            positional: vec![json!("first")],
            named: vec![("name".into(), json!("<b>x</b>"))],
        }
    }

    #[test]
    fn hugo_templates_get_arguments_inner_and_the_page_title() {
        let mut page = Page::new();
        page.insert("title".into(), json!("Post"));
        let out = render(
            Engine::Hugo,
            "<div class=\"note\">\n  {{- .Get 0 -}} {{ .Get \"name\" }} {{ .Inner | markdownify }} {{ .Page.Title }}{{/* c */}}</div>",
            &args(),
            Some("*hi*"),
            &page,
            1000,
        )
        .unwrap();
        assert_eq!(
            out,
            "<div class=\"note\">first&lt;b&gt;x&lt;/b&gt; <em>hi</em> Post</div>"
        );
    }

    #[test]
    fn zola_templates_get_arguments_and_the_body() {
        let out = render(
            Engine::Zola,
            "<p>{{ name | safe }} {{ body | markdown | safe }}{# note #}</p>",
            &args(),
            Some("**b**"),
            &Page::new(),
            1000,
        )
        .unwrap();
        assert_eq!(out, "<p><b>x</b> <strong>b</strong></p>");
    }

    #[test]
    fn anything_else_is_refused() {
        for (engine, template) in [
            (Engine::Hugo, "{{ with .Get \"x\" }}{{ . }}{{ end }}"),
            (Engine::Hugo, "{{ $x := 1 }}"),
            (Engine::Zola, "{% if x %}y{% endif %}"),
            (Engine::Zola, "{{ x | upper }}"),
            (Engine::Zola, "{{ unclosed"),
        ] {
            assert!(
                render(engine, template, &args(), None, &Page::new(), 1000).is_err(),
                "{template}"
            );
        }
        assert!(
            render(
                Engine::Hugo,
                "{{ .Inner }}{{ .Inner }}",
                &args(),
                Some("xxxx"),
                &Page::new(),
                6
            )
            .is_err()
        );
    }
}
