//! Hugo's built-in shortcodes.

use super::Outcome;
use super::links;
use super::tag::{Args, value_text};
use crate::compat::embed::{self, escape, markdown_inline};
use crate::compat::{Page, SiteContext};
use serde_json::Value;

/// Hugo's built-in `name` (all but `highlight`, which needs the code).
pub(super) fn builtin(name: &str, args: &Args, page: &Page, site: &SiteContext) -> Outcome {
    let options = |args: &Args| {
        (
            args.text("title"),
            args.text("class"),
            args.flag("autoplay"),
        )
    };
    match name {
        "figure" => figure(args),
        "youtube" | "vimeo" => {
            let Some(id) = args.either("id", 0) else {
                return Outcome::Error(format!("{name} needs a video id"));
            };
            let (title, class, autoplay) = options(args);
            let options = embed::Options {
                title: title.as_deref(),
                class: class.as_deref(),
                autoplay,
            };
            let result = if name == "youtube" {
                embed::youtube(&id, &options)
            } else {
                embed::vimeo(&id, &options)
            };
            result.into()
        }
        "gist" => match (args.either("user", 0), args.either("id", 1)) {
            (Some(user), Some(id)) => {
                embed::gist(&user, &id, args.either("file", 2).as_deref()).into()
            }
            _ => Outcome::Error("gist needs a user and a gist id".into()),
        },
        "x" | "tweet" | "twitter" => {
            let (user, id) = match (args.text("user"), args.text("id")) {
                (user, Some(id)) => (user, id),
                (None, None) => match (args.either("", 0), args.either("", 1)) {
                    (Some(user), Some(id)) => (Some(user), id),
                    (Some(id), None) => (None, id),
                    _ => return Outcome::Error(format!("{name} needs user= and id=")),
                },
                (Some(_), None) => return Outcome::Error(format!("{name} needs id=")),
            };
            embed::tweet(user.as_deref(), &id).into()
        }
        "ref" | "relref" => {
            let Some(path) = args.either("path", 0) else {
                return Outcome::Error(format!("{name} needs a path"));
            };
            match links::resolve(&path, name == "ref", site) {
                Ok(url) => Outcome::Html(url),
                Err(why) => Outcome::Broken(format!("{name} {path:?}: {why}")),
            }
        }
        "param" => {
            let Some(key) = args.either("", 0) else {
                return Outcome::Error("param needs a key".into());
            };
            let found = lookup(page, &key).or_else(|| {
                site.config
                    .get("params")
                    .and_then(Value::as_object)
                    .and_then(|params| lookup(params, &key))
            });
            match found {
                Some(value) => Outcome::Html(escape(&value_text(value))),
                None => Outcome::Error(format!(
                    "param {key:?} is neither in the front matter nor in the site's params"
                )),
            }
        }
        _ => Outcome::Unknown,
    }
}

/// `key` (dotted: `a.b`) in `map`, case-insensitively as Hugo's params are.
fn lookup<'m>(map: &'m serde_json::Map<String, Value>, key: &str) -> Option<&'m Value> {
    let mut parts = key.split('.');
    let first = parts.next()?;
    let mut value = map.get(first).or_else(|| {
        map.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(first))
            .map(|(_, v)| v)
    })?;
    for part in parts {
        let object = value.as_object()?;
        value = object.get(part).or_else(|| {
            object
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(part))
                .map(|(_, v)| v)
        })?;
    }
    Some(value)
}

/// Hugo's `figure`, as its template writes it, on one line.
fn figure(args: &Args) -> Outcome {
    let Some(src) = args.text("src") else {
        return Outcome::Error("figure needs src=".into());
    };
    let mut out = String::from("<figure");
    if let Some(class) = args.text("class") {
        out.push_str(&format!(" class=\"{}\"", escape(&class)));
    }
    out.push('>');
    let link = args.text("link");
    let mut warning = None;
    let link = match link {
        Some(link) if !crate::is_safe_url(&link, false) => {
            warning = Some(format!(
                "figure's link {link:?} is not a safe URL; left out"
            ));
            None
        }
        other => other,
    };
    if let Some(link) = &link {
        out.push_str(&format!("<a href=\"{}\">", escape(link)));
    }
    let alt = args
        .text("alt")
        .or_else(|| args.text("caption"))
        .unwrap_or_default();
    out.push_str(&format!(
        "<img src=\"{}\" alt=\"{}\"",
        escape(&src),
        escape(&alt)
    ));
    for key in ["width", "height", "loading"] {
        if let Some(value) = args.text(key) {
            out.push_str(&format!(" {key}=\"{}\"", escape(&value)));
        }
    }
    out.push('>');
    if link.is_some() {
        out.push_str("</a>");
    }
    let title = args.text("title");
    let caption = args.text("caption");
    let attr = args.text("attr");
    if title.is_some() || caption.is_some() || attr.is_some() {
        out.push_str("<figcaption>");
        if let Some(title) = title {
            out.push_str(&format!("<h4>{}</h4>", escape(&title)));
        }
        if caption.is_some() || attr.is_some() {
            out.push_str("<p>");
            if let Some(caption) = caption {
                out.push_str(&markdown_inline(&caption));
            }
            if let Some(attr) = attr {
                let attr = markdown_inline(&attr);
                match args
                    .text("attrlink")
                    .filter(|l| crate::is_safe_url(l, false))
                {
                    Some(href) => {
                        out.push_str(&format!("<a href=\"{}\">{attr}</a>", escape(&href)))
                    }
                    None => out.push_str(&attr),
                }
            }
            out.push_str("</p>");
        }
        out.push_str("</figcaption>");
    }
    out.push_str("</figure>");
    match warning {
        Some(why) => Outcome::Warned(out, why),
        None => Outcome::Html(out),
    }
}

/// Hugo's `highlight LANG ["options"]` around `code`: a fenced code block
/// whose fence is longer than any run of backticks in the code.
pub(super) fn highlight(args: &Args, code: &str) -> String {
    let lang = args.either("", 0).unwrap_or_default();
    let lang: String = lang
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '`')
        .collect();
    let code = code.trim_start_matches(['\r', '\n']).trim_end();
    let mut longest = 0;
    let mut run = 0;
    for b in code.bytes() {
        run = if b == b'`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat((longest + 1).max(3));
    format!("{fence}{lang}\n{code}\n{fence}")
}
