//! Front matter and settings as text: whether a file has front matter, the
//! line a key is written on, and setting a key while keeping the rest of
//! the text as written.

use quire::front_matter::{self, Format};
use serde_json::Value;

/// Whether a file starts with a front matter block (`---`, `+++` or a JSON
/// object), as a Jekyll page or a template does.
pub fn has_front_matter(text: &str) -> bool {
    let text = quire::normalize_source(text);
    front_matter::split(&text).format.is_some()
}

/// The 1-based line of `key` written at the start of a line (`key:`,
/// `key =`, `[key]` or `[key.…]`) in a settings or front matter text; 0 if
/// it is not found.
pub fn key_line(text: &str, key: &str) -> usize {
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_start();
        if let Some(rest) = line.strip_prefix(key) {
            let rest = rest.trim_start();
            if rest.starts_with(':') || rest.starts_with('=') {
                return n + 1;
            }
        }
        for quote in ['"', '\''] {
            if let Some(rest) = line.strip_prefix(&format!("{quote}{key}{quote}")) {
                let rest = rest.trim_start();
                if rest.starts_with(':') || rest.starts_with('=') {
                    return n + 1;
                }
            }
        }
        if let Some(rest) = line.strip_prefix('[').map(|l| l.trim_start_matches('['))
            && let Some(after) = rest.strip_prefix(key)
            && (after.starts_with(']') || after.starts_with('.'))
        {
            return n + 1;
        }
    }
    0
}

/// Sets `key` to `value` (a JSON scalar or list, which YAML and TOML read
/// the same) at the top of the front matter of `text`, adding a YAML
/// block if there is none. A key already there is replaced if `replace`,
/// else the text is returned as is. Line endings become `\n`.
pub fn set_front_matter_key(text: &str, key: &str, value: &Value, replace: bool) -> String {
    let text = quire::normalize_source(text).into_owned();
    let split = front_matter::split(&text);
    let written = serde_json::to_string(value).unwrap_or_default();
    let Some(format) = split.format else {
        return format!("---\n{key}: {written}\n---\n{text}");
    };
    let existing = front_matter::parse(format, split.raw, split.raw_line)
        .ok()
        .and_then(|p| p.map.get(key).cloned());
    if existing.as_ref() == Some(value) {
        return text;
    }
    let raw_start = split.raw.as_ptr() as usize - text.as_ptr() as usize;
    match format {
        Format::Json => {
            let inside = text[raw_start..]
                .find('{')
                .map_or(raw_start, |at| raw_start + at + 1);
            if existing.is_some() {
                // Rewriting JSON by hand is not worth it: an existing key stays.
                return text;
            }
            let empty = text[inside..].trim_start().starts_with('}');
            let comma = if empty { "" } else { "," };
            format!(
                "{}\"{key}\": {written}{comma}{}",
                &text[..inside],
                &text[inside..]
            )
        }
        Format::Yaml | Format::Toml => {
            let line = match format {
                Format::Toml => format!("{key} = {written}"),
                _ => format!("{key}: {written}"),
            };
            if existing.is_some() {
                if !replace {
                    return text;
                }
                let at = key_line(split.raw, key);
                if at > 0 {
                    let mut lines: Vec<&str> = split.raw.split_inclusive('\n').collect();
                    let old = lines[at - 1];
                    let indent = old.len() - old.trim_start().len();
                    if indent == 0 {
                        let new = format!("{line}\n");
                        lines[at - 1] = &new;
                        let raw: String = lines.concat();
                        let end = raw_start + split.raw.len();
                        return format!("{}{raw}{}", &text[..raw_start], &text[end..]);
                    }
                }
            }
            format!("{}{line}\n{}", &text[..raw_start], &text[raw_start..])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_draft_flag_is_added_to_yaml_toml_json_or_missing_front_matter() {
        let t = json!(true);
        assert_eq!(
            set_front_matter_key("---\ntitle: A\n---\nBody\n", "draft", &t, true),
            "---\ndraft: true\ntitle: A\n---\nBody\n"
        );
        assert_eq!(
            set_front_matter_key("Body\n", "draft", &t, true),
            "---\ndraft: true\n---\nBody\n"
        );
        assert_eq!(
            set_front_matter_key("+++\ntitle = \"A\"\n+++\nB\n", "draft", &t, true),
            "+++\ndraft = true\ntitle = \"A\"\n+++\nB\n"
        );
        assert_eq!(
            set_front_matter_key("{\"title\": \"A\"}\nB\n", "draft", &t, true),
            "{\"draft\": true,\"title\": \"A\"}\nB\n"
        );
        assert_eq!(
            set_front_matter_key("---\ndraft: false\ntitle: A\n---\nB\n", "draft", &t, true),
            "---\ndraft: true\ntitle: A\n---\nB\n"
        );
        assert_eq!(
            set_front_matter_key("---\ndraft: true\n---\nB\n", "draft", &t, true),
            "---\ndraft: true\n---\nB\n"
        );
        let cats = json!(["a", "b"]);
        assert_eq!(
            set_front_matter_key("---\ncategories: x\n---\nB\n", "categories", &cats, false),
            "---\ncategories: x\n---\nB\n"
        );
    }

    #[test]
    fn keys_are_found_in_yaml_and_toml() {
        assert_eq!(key_line("a: 1\nplugins:\n  - x\n", "plugins"), 2);
        assert_eq!(key_line("a = 1\n[extra]\nb = 2\n", "extra"), 2);
        assert_eq!(key_line("a = 1\n", "b"), 0);
    }
}
