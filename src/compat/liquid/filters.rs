//! Liquid's standard filters and Jekyll's, on JSON values.

use super::date;
use super::value::{Num, equal, sort_order, to_number, to_text, truthy};
use serde_json::{Map, Value};

/// What filters read of the site.
pub(super) struct Ctx<'a> {
    pub config: &'a Map<String, Value>,
}

/// Every filter [`apply`] knows.
const KNOWN: &[&str] = &[
    "relative_url",
    "absolute_url",
    "date",
    "date_to_string",
    "date_to_long_string",
    "date_to_xmlschema",
    "date_to_rfc822",
    "escape",
    "escape_once",
    "xml_escape",
    "cgi_escape",
    "uri_escape",
    "url_encode",
    "url_decode",
    "markdownify",
    "slugify",
    "upcase",
    "downcase",
    "capitalize",
    "default",
    "append",
    "prepend",
    "remove",
    "remove_first",
    "replace",
    "replace_first",
    "size",
    "first",
    "last",
    "join",
    "split",
    "strip",
    "lstrip",
    "rstrip",
    "strip_html",
    "strip_newlines",
    "newline_to_br",
    "truncate",
    "truncatewords",
    "where",
    "find",
    "group_by",
    "sort",
    "sort_natural",
    "uniq",
    "reverse",
    "map",
    "compact",
    "concat",
    "push",
    "plus",
    "minus",
    "times",
    "divided_by",
    "modulo",
    "abs",
    "round",
    "ceil",
    "floor",
    "at_least",
    "at_most",
    "number_of_words",
    "jsonify",
    "array_to_sentence_string",
    "normalize_whitespace",
    "smartify",
    "slice",
    "inspect",
    "to_integer",
];

pub(super) fn known(name: &str) -> bool {
    KNOWN.contains(&name)
}

fn arg(args: &[Value], n: usize) -> Value {
    args.get(n).cloned().unwrap_or(Value::Null)
}

fn text_arg(args: &[Value], n: usize) -> String {
    to_text(&arg(args, n))
}

fn config_text(ctx: &Ctx, key: &str) -> String {
    ctx.config.get(key).map(to_text).unwrap_or_default()
}

/// `input | name: args`.
pub(super) fn apply(name: &str, input: Value, args: &[Value], ctx: &Ctx) -> Result<Value, String> {
    let s = || to_text(&input);
    let out = match name {
        "relative_url" => Value::String(relative_url(&s(), &config_text(ctx, "baseurl"))),
        "absolute_url" => {
            let input = s();
            if input.contains("://") || input.starts_with("//") {
                Value::String(input)
            } else {
                let url = config_text(ctx, "url");
                let relative = relative_url(&input, &config_text(ctx, "baseurl"));
                Value::String(format!("{}{}", url.trim_end_matches('/'), relative))
            }
        }
        "date" => return date_filter(&input, &text_arg(args, 0), ctx),
        "date_to_string" | "date_to_long_string" => {
            let Some(d) = to_date(&input, ctx) else {
                return Ok(input);
            };
            let month = if name == "date_to_string" { "%b" } else { "%B" };
            let ordinal = text_arg(args, 0) == "ordinal";
            let us = text_arg(args, 1) == "US";
            let day = if ordinal {
                let n = d.day;
                let suffix = match (n % 10, n % 100) {
                    (_, 11..=13) => "th",
                    (1, _) => "st",
                    (2, _) => "nd",
                    (3, _) => "rd",
                    _ => "th",
                };
                format!("{n}{suffix}")
            } else {
                format!("{:02}", d.day)
            };
            let pattern = if us && ordinal {
                format!("{month} {day}, %Y")
            } else if us {
                format!("{month} %d, %Y")
            } else {
                format!("{day} {month} %Y")
            };
            Value::String(d.format(&pattern))
        }
        "date_to_xmlschema" => match to_date(&input, ctx) {
            Some(d) => Value::String(d.xmlschema()),
            None => input,
        },
        "date_to_rfc822" => match to_date(&input, ctx) {
            Some(d) => Value::String(d.rfc822()),
            None => input,
        },
        "escape" | "xml_escape" => Value::String(escape(&s(), false)),
        "escape_once" => Value::String(escape(&s(), true)),
        "cgi_escape" | "url_encode" => Value::String(percent(&s(), true)),
        "uri_escape" => Value::String(percent(&s(), false)),
        "url_decode" => Value::String(url_decode(&s())),
        "markdownify" => Value::String(markdownify(&s())),
        "slugify" => Value::String(slugify(&s(), &text_arg(args, 0))),
        "upcase" => Value::String(s().to_uppercase()),
        "downcase" => Value::String(s().to_lowercase()),
        "capitalize" => {
            let text = s();
            let mut chars = text.chars();
            Value::String(match chars.next() {
                Some(first) => first
                    .to_uppercase()
                    .chain(chars.flat_map(char::to_lowercase))
                    .collect(),
                None => String::new(),
            })
        }
        "default" => {
            let empty = match &input {
                Value::String(s) => s.is_empty(),
                Value::Array(a) => a.is_empty(),
                Value::Object(o) => o.is_empty(),
                other => !truthy(other),
            };
            if empty { arg(args, 0) } else { input }
        }
        "append" => Value::String(s() + &text_arg(args, 0)),
        "prepend" => Value::String(text_arg(args, 0) + &s()),
        "remove" => Value::String(s().replace(&text_arg(args, 0), "")),
        "remove_first" => Value::String(s().replacen(&text_arg(args, 0), "", 1)),
        "replace" => {
            let from = text_arg(args, 0);
            let to = text_arg(args, 1);
            if from.is_empty() {
                input
            } else {
                Value::String(s().replace(&from, &to))
            }
        }
        "replace_first" => Value::String(s().replacen(&text_arg(args, 0), &text_arg(args, 1), 1)),
        "size" => Value::from(match &input {
            Value::String(s) => s.chars().count(),
            Value::Array(a) => a.len(),
            Value::Object(o) => o.len(),
            _ => 0,
        }),
        "first" => match &input {
            Value::Array(a) => a.first().cloned().unwrap_or(Value::Null),
            Value::String(s) => s
                .chars()
                .next()
                .map_or(Value::Null, |c| Value::String(c.into())),
            _ => Value::Null,
        },
        "last" => match &input {
            Value::Array(a) => a.last().cloned().unwrap_or(Value::Null),
            Value::String(s) => s
                .chars()
                .last()
                .map_or(Value::Null, |c| Value::String(c.into())),
            _ => Value::Null,
        },
        "join" => {
            let glue = if args.is_empty() {
                " ".to_string()
            } else {
                text_arg(args, 0)
            };
            match &input {
                Value::Array(a) => {
                    Value::String(a.iter().map(to_text).collect::<Vec<_>>().join(&glue))
                }
                other => Value::String(to_text(other)),
            }
        }
        "split" => {
            let text = s();
            let on = text_arg(args, 0);
            let parts: Vec<Value> = if on.is_empty() {
                text.chars().map(|c| Value::String(c.into())).collect()
            } else if on == " " {
                text.split_whitespace().map(Value::from).collect()
            } else {
                let mut parts: Vec<&str> = text.split(on.as_str()).collect();
                while parts.last() == Some(&"") {
                    parts.pop();
                }
                parts.into_iter().map(Value::from).collect()
            };
            Value::Array(parts)
        }
        "strip" => Value::String(s().trim().to_string()),
        "lstrip" => Value::String(s().trim_start().to_string()),
        "rstrip" => Value::String(s().trim_end().to_string()),
        "strip_html" => Value::String(strip_html(&s())),
        "strip_newlines" => Value::String(s().replace(['\r', '\n'], "")),
        "newline_to_br" => Value::String(s().replace("\r\n", "\n").replace('\n', "<br />\n")),
        "truncate" => {
            let n = to_number(&arg(args, 0)).map_or(50, |n| n.as_f64().max(0.0) as usize);
            let ellipsis = if args.len() > 1 {
                text_arg(args, 1)
            } else {
                "...".into()
            };
            let text = s();
            if text.chars().count() <= n {
                Value::String(text)
            } else {
                let keep = n.saturating_sub(ellipsis.chars().count());
                Value::String(text.chars().take(keep).collect::<String>() + &ellipsis)
            }
        }
        "truncatewords" => {
            let n = to_number(&arg(args, 0)).map_or(15, |n| n.as_f64().max(1.0) as usize);
            let ellipsis = if args.len() > 1 {
                text_arg(args, 1)
            } else {
                "...".into()
            };
            let text = s();
            let words: Vec<&str> = text.split_whitespace().collect();
            if words.len() <= n {
                Value::String(text)
            } else {
                Value::String(words[..n].join(" ") + &ellipsis)
            }
        }
        "where" => {
            let key = text_arg(args, 0);
            let wanted = args.get(1).cloned();
            Value::Array(
                items(&input)
                    .into_iter()
                    .filter(|item| {
                        let field = property(item, &key);
                        match &wanted {
                            None => truthy(&field),
                            Some(w) => {
                                equal(&field, w)
                                    || to_text(&field) == to_text(w)
                                    || matches!(&field, Value::Array(a) if a.iter().any(|x| equal(x, w)))
                            }
                        }
                    })
                    .collect(),
            )
        }
        "find" => {
            let key = text_arg(args, 0);
            let wanted = arg(args, 1);
            items(&input)
                .into_iter()
                .find(|item| {
                    let field = property(item, &key);
                    equal(&field, &wanted) || to_text(&field) == to_text(&wanted)
                })
                .unwrap_or(Value::Null)
        }
        "group_by" => {
            let key = text_arg(args, 0);
            let mut groups: Vec<(String, Vec<Value>)> = Vec::new();
            for item in items(&input) {
                let name = to_text(&property(&item, &key));
                match groups.iter_mut().find(|(n, _)| *n == name) {
                    Some((_, list)) => list.push(item),
                    None => groups.push((name, vec![item])),
                }
            }
            Value::Array(
                groups
                    .into_iter()
                    .map(|(name, list)| {
                        let mut group = Map::new();
                        group.insert("name".into(), Value::String(name));
                        group.insert("size".into(), Value::from(list.len()));
                        group.insert("items".into(), Value::Array(list));
                        Value::Object(group)
                    })
                    .collect(),
            )
        }
        "sort" | "sort_natural" => {
            let mut list = items(&input);
            let key = args.first().map(to_text);
            let natural = name == "sort_natural";
            crate::sort::stable_sort_by(&mut list, |a, b| {
                let (a, b) = match &key {
                    Some(k) => (property(a, k), property(b, k)),
                    None => (a.clone(), b.clone()),
                };
                if natural {
                    match (&a, &b) {
                        (Value::String(x), Value::String(y)) => {
                            x.to_lowercase().cmp(&y.to_lowercase())
                        }
                        _ => sort_order(&a, &b),
                    }
                } else {
                    sort_order(&a, &b)
                }
            });
            Value::Array(list)
        }
        "uniq" => {
            let mut seen: Vec<Value> = Vec::new();
            for item in items(&input) {
                if !seen.iter().any(|x| x == &item) {
                    seen.push(item);
                }
            }
            Value::Array(seen)
        }
        "reverse" => {
            let mut list = items(&input);
            list.reverse();
            Value::Array(list)
        }
        "map" => {
            let key = text_arg(args, 0);
            Value::Array(
                items(&input)
                    .iter()
                    .map(|item| property(item, &key))
                    .collect(),
            )
        }
        "compact" => Value::Array(items(&input).into_iter().filter(|v| !v.is_null()).collect()),
        "concat" => {
            let mut list = items(&input);
            list.extend(items(&arg(args, 0)));
            Value::Array(list)
        }
        "push" => {
            let mut list = items(&input);
            list.push(arg(args, 0));
            Value::Array(list)
        }
        "plus" | "minus" | "times" | "divided_by" | "modulo" | "at_least" | "at_most" => {
            return arithmetic(name, &input, &arg(args, 0));
        }
        "abs" => match to_number(&input) {
            Some(Num::Int(i)) => Value::from(i.saturating_abs()),
            Some(Num::Float(f)) => Num::Float(f.abs()).value(),
            None => Value::from(0),
        },
        "round" | "ceil" | "floor" => {
            let f = to_number(&input).map_or(0.0, Num::as_f64);
            let digits = to_number(&arg(args, 0))
                .map_or(0, |n| n.as_f64() as i32)
                .clamp(0, 15);
            match name {
                "round" if digits > 0 => {
                    let scale = 10f64.powi(digits);
                    Num::Float((f * scale).round() / scale).value()
                }
                "round" => int_value(f.round()),
                "ceil" => int_value(f.ceil()),
                _ => int_value(f.floor()),
            }
        }
        "to_integer" => int_value(to_number(&input).map_or(0.0, Num::as_f64).trunc()),
        "number_of_words" => Value::from(s().split_whitespace().count()),
        "jsonify" => Value::String(input.to_string()),
        "inspect" => Value::String(input.to_string()),
        "array_to_sentence_string" => {
            let connector = if args.is_empty() {
                "and".to_string()
            } else {
                text_arg(args, 0)
            };
            let list: Vec<String> = items(&input).iter().map(to_text).collect();
            Value::String(match list.len() {
                0 => String::new(),
                1 => list[0].clone(),
                2 => format!("{} {connector} {}", list[0], list[1]),
                n => format!("{}, {connector} {}", list[..n - 1].join(", "), list[n - 1]),
            })
        }
        "normalize_whitespace" => {
            Value::String(s().split_whitespace().collect::<Vec<_>>().join(" "))
        }
        "smartify" => input,
        "slice" => {
            let start = to_number(&arg(args, 0)).map_or(0, |n| n.as_f64() as i64);
            let len = to_number(&arg(args, 1))
                .map_or(1, |n| n.as_f64() as i64)
                .max(0) as usize;
            match &input {
                Value::Array(a) => {
                    let from = offset_index(start, a.len());
                    Value::Array(a.iter().skip(from).take(len).cloned().collect())
                }
                other => {
                    let chars: Vec<char> = to_text(other).chars().collect();
                    let from = offset_index(start, chars.len());
                    Value::String(chars.iter().skip(from).take(len).collect())
                }
            }
        }
        other => return Err(format!("Liquid filter `{other}` is not supported by Quire")),
    };
    Ok(out)
}

fn offset_index(start: i64, len: usize) -> usize {
    if start < 0 {
        len.saturating_sub(start.unsigned_abs() as usize)
    } else {
        (start as usize).min(len)
    }
}

fn int_value(f: f64) -> Value {
    if f.is_finite() && f.abs() < 9.0e18 {
        Value::from(f as i64)
    } else {
        Value::from(0)
    }
}

/// A list from an array, a hash's values as `[key, value]`, or one value.
pub(super) fn items(value: &Value) -> Vec<Value> {
    match value {
        Value::Array(a) => a.clone(),
        Value::Null => Vec::new(),
        Value::Object(o) => o
            .iter()
            .map(|(k, v)| Value::Array(vec![Value::String(k.clone()), v.clone()]))
            .collect(),
        other => vec![other.clone()],
    }
}

/// `item.key` (dotted keys reach into nested hashes).
fn property(item: &Value, key: &str) -> Value {
    let mut current = item;
    for part in key.split('.') {
        match current.get(part) {
            Some(next) => current = next,
            None => return Value::Null,
        }
    }
    current.clone()
}

fn arithmetic(name: &str, a: &Value, b: &Value) -> Result<Value, String> {
    let x = to_number(a).unwrap_or(Num::Int(0));
    let y = to_number(b).unwrap_or(Num::Int(0));
    Ok(match (x, y) {
        (Num::Int(x), Num::Int(y)) => match name {
            "plus" => Value::from(x.wrapping_add(y)),
            "minus" => Value::from(x.wrapping_sub(y)),
            "times" => Value::from(x.wrapping_mul(y)),
            "divided_by" | "modulo" if y == 0 => {
                return Err(format!("Liquid `{name}: 0` divides by zero"));
            }
            "divided_by" => Value::from(x.checked_div_euclid(y).unwrap_or(i64::MAX)),
            "modulo" => Value::from(x.checked_rem_euclid(y).unwrap_or(0)),
            "at_least" => Value::from(x.max(y)),
            _ => Value::from(x.min(y)),
        },
        (x, y) => {
            let (x, y) = (x.as_f64(), y.as_f64());
            let result = match name {
                "plus" => x + y,
                "minus" => x - y,
                "times" => x * y,
                "divided_by" | "modulo" if y == 0.0 => {
                    return Err(format!("Liquid `{name}: 0` divides by zero"));
                }
                "divided_by" => x / y,
                "modulo" => x % y,
                "at_least" => x.max(y),
                _ => x.min(y),
            };
            Num::Float(result).value()
        }
    })
}

fn to_date(value: &Value, ctx: &Ctx) -> Option<date::DateTime> {
    let text = to_text(value);
    match text.trim() {
        "now" | "today" => ctx
            .config
            .get("time")
            .map(to_text)
            .and_then(|t| date::parse(&t)),
        other => date::parse(other),
    }
}

fn date_filter(input: &Value, pattern: &str, ctx: &Ctx) -> Result<Value, String> {
    let text = to_text(input);
    if text.is_empty() {
        return Ok(input.clone());
    }
    match to_date(input, ctx) {
        Some(d) if pattern.is_empty() => Ok(Value::String(d.format("%a, %b %d, %y"))),
        Some(d) => Ok(Value::String(d.format(pattern))),
        None if matches!(text.trim(), "now" | "today") => Err(format!(
            "Liquid `date` on \"{}\": Quire has no clock; set `time` in the site config to give it one (the text is shown as it is)",
            text.trim()
        )),
        None => Ok(input.clone()),
    }
}

/// `baseurl` + `path`, with exactly one slash between.
pub(super) fn relative_url(path: &str, baseurl: &str) -> String {
    if path.contains("://") || path.starts_with("//") {
        return path.to_string();
    }
    let base = baseurl.trim_end_matches('/');
    let base = if base.is_empty() || base.starts_with('/') {
        base.to_string()
    } else {
        format!("/{base}")
    };
    format!("{base}/{}", path.trim_start_matches('/'))
}

pub(super) fn escape(text: &str, once: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        match c {
            '&' if once && is_entity(&text[i..]) => out.push('&'),
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn is_entity(text: &str) -> bool {
    let rest = &text[1..];
    let Some(end) = rest.find(';') else {
        return false;
    };
    let name = &rest[..end];
    !name.is_empty()
        && name.len() < 32
        && (name.chars().all(|c| c.is_ascii_alphanumeric())
            || name.strip_prefix('#').is_some_and(|n| {
                !n.is_empty() && n.chars().all(|c| c.is_ascii_hexdigit() || c == 'x')
            }))
}

fn percent(text: &str, component: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        let keep = b.is_ascii_alphanumeric()
            || matches!(b, b'-' | b'_' | b'.' | b'~')
            || (!component && b"!*'();:@&=+$,/?#[]".contains(&b));
        if keep {
            out.push(b as char);
        } else if component && b == b' ' {
            out.push('+');
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn url_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
                match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    Some(v) => {
                        out.push(v);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn markdownify(text: &str) -> String {
    use crate::markdown::{ExcerptRule, Options, render_body};
    render_body(text, None, &Options::default(), ExcerptRule::None).html
}

/// Jekyll's `slugify` (modes `default`, `raw`, `pretty`, `ascii`, `latin`,
/// `none`).
fn slugify(text: &str, mode: &str) -> String {
    if mode == "none" {
        return text.to_lowercase();
    }
    let keep = |c: char| -> bool {
        match mode {
            "raw" => !c.is_whitespace(),
            "pretty" => c.is_alphanumeric() || "._~!$&'()+,;=@".contains(c),
            "ascii" | "latin" => c.is_ascii_alphanumeric(),
            _ => c.is_alphanumeric(),
        }
    };
    let mut slug = String::with_capacity(text.len());
    for c in text.chars() {
        if keep(c) {
            slug.extend(c.to_lowercase());
        } else if !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_matches('-').to_string()
}

fn strip_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}
