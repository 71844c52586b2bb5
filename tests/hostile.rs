//! Hostile inputs nobody on the team wrote (`tests/fixtures/hostile/`, copied
//! from the shared corpus): script injection vectors, pathological Markdown
//! and hostile front matter. Speed is measured by `make bench`; these tests
//! pin what a user would notice — no panic, a result, safe output, and a
//! diagnostic where the input is broken.

use quire::{Options, Post, Severity, parse_post, render_markdown};
use serde_json::Value;
use std::path::Path;

fn load(name: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/hostile")
        .join(name);
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// `''.join(text * count for text, count in parts)`, as the files describe.
fn build(case: &Value) -> String {
    case["parts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|part| {
            part[0]
                .as_str()
                .unwrap()
                .repeat(part[1].as_u64().unwrap() as usize)
        })
        .collect()
}

fn cases(file: &str) -> Vec<(String, Value)> {
    let data = load(file);
    let cases = if data.is_array() {
        data
    } else {
        data["cases"].clone()
    };
    cases
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["name"].as_str().unwrap().to_string(), c.clone()))
        .collect()
}

/// Everything the page would show from a post, as HTML.
fn shown(post: &Post) -> String {
    format!("{}\n{}", post.html, post.excerpt_html).to_ascii_lowercase()
}

/// The inside of every tag, with quoted attribute values reduced to their
/// start (`href="javascript:..."` keeps `href="javascript:`), so spaces in
/// a value do not look like attributes.
fn tags(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = html.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '<' {
            continue;
        }
        let mut tag = String::new();
        while let Some(c) = chars.next() {
            match c {
                '>' => break,
                '"' => {
                    tag.push('"');
                    let value: String = chars.by_ref().take_while(|&c| c != '"').collect();
                    tag.push_str(&value.replace(char::is_whitespace, "_"));
                    tag.push('"');
                }
                _ => tag.push(c),
            }
        }
        out.push(tag);
    }
    out
}

#[test]
fn no_xss_vector_survives_the_default_options() {
    let vectors = cases("xss.json");
    assert_eq!(vectors.len(), 40);
    for (name, case) in &vectors {
        let post = parse_post(case["markdown"].as_str().unwrap(), &Options::default());
        let html = shown(&post);
        for forbidden in [
            "<script",
            "<iframe srcdoc",
            "<object",
            "<embed",
            "<form",
            "<meta",
            "<base",
            "<style",
            "<svg",
            "<math",
            "<template",
            "<input",
        ] {
            assert!(!html.contains(forbidden), "{name}: {forbidden} in {html}");
        }
        // No event handler attribute on any tag, no script URL anywhere a URL goes.
        for tag in tags(&html) {
            let attributes: Vec<&str> = tag.split_whitespace().skip(1).collect();
            for attribute in attributes {
                assert!(
                    !attribute.starts_with("on"),
                    "{name}: handler {attribute} in <{tag}>"
                );
                for url in ["href=", "src=", "action=", "data=", "formaction="] {
                    if let Some(value) = attribute.strip_prefix(url) {
                        let value = value.trim_matches('"');
                        assert!(
                            !value.contains("javascript:")
                                && !value.contains("vbscript:")
                                && !value.starts_with("data:text"),
                            "{name}: {attribute}"
                        );
                    }
                }
            }
        }
    }
}

#[test]
fn pathological_markdown_completes_with_output() {
    for (name, case) in cases("pathological.json") {
        let input = build(&case);
        let html = render_markdown(&input, &Options::default());
        assert!(
            !html.is_empty() || input.trim().is_empty(),
            "{name}: no output"
        );
        let post = parse_post(&input, &Options::default());
        assert!(
            !post.html.is_empty() || input.trim().is_empty(),
            "{name}: no post output"
        );
    }
}

fn hostile(name: &str) -> Post {
    let case = cases("yaml-hostile.json")
        .into_iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("no case {name}"))
        .1;
    parse_post(&build(&case), &Options::default())
}

fn first_error(post: &Post) -> &quire::Diagnostic {
    post.meta
        .diagnostics
        .iter()
        .find(|d| d.severity == Severity::Error)
        .unwrap_or_else(|| panic!("expected an error, got {:?}", post.meta.diagnostics))
}

#[test]
fn every_hostile_front_matter_case_completes_and_the_body_renders() {
    for (name, case) in cases("yaml-hostile.json") {
        let post = parse_post(&build(&case), &Options::default());
        assert!(
            post.html.contains("body"),
            "{name}: body lost: {}",
            &post.html[..post.html.len().min(200)]
        );
    }
}

#[test]
fn an_alias_bomb_is_an_error_not_an_explosion() {
    let post = hostile("billion laughs (alias expansion)");
    let d = first_error(&post);
    assert!(d.message.contains("YAML"), "{d:?}");
    assert!(post.meta.front_matter.is_empty());
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    for name in [
        "deeply nested flow sequences",
        "deeply nested flow mappings",
        "deeply nested block sequences",
    ] {
        let post = hostile(name);
        first_error(&post);
    }
}

#[test]
fn huge_front_matter_is_refused_with_its_size() {
    let post = hostile("huge front matter");
    let d = first_error(&post);
    assert!(d.message.contains("bytes"), "{d:?}");
}

#[test]
fn duplicate_keys_are_a_warning_at_the_second_key_and_the_last_wins() {
    let post = hostile("duplicate keys");
    assert_eq!(post.meta.diagnostics.len(), 1);
    let d = &post.meta.diagnostics[0];
    assert_eq!((d.severity, d.line), (Severity::Warning, 3), "{d:?}");
    assert_eq!(post.meta.title.as_deref(), Some("b"));
}

#[test]
fn an_undefined_alias_is_reported_with_its_line() {
    let post = hostile("undefined alias");
    assert_eq!(first_error(&post).line, 2);
}

#[test]
fn tab_indentation_is_reported_with_line_and_column() {
    let post = hostile("tab indentation");
    let d = first_error(&post);
    assert_eq!(d.line, 3, "{d:?}");
    assert!(d.column >= 1);
}

#[test]
fn custom_tags_run_no_code_and_keep_a_value() {
    let post = hostile("custom tags");
    assert!(post.meta.front_matter.contains_key("title") || !post.meta.diagnostics.is_empty());
}

#[test]
fn a_scalar_front_matter_is_a_warning_and_the_body_renders() {
    let post = hostile("scalar instead of mapping");
    assert_eq!(post.meta.diagnostics.len(), 1);
    assert_eq!(post.meta.diagnostics[0].severity, Severity::Warning);
    assert!(post.html.contains("body"));
}

#[test]
fn many_keys_merge_bombs_and_long_lines_parse() {
    for name in ["many keys", "very long single line", "merge key bombs"] {
        let post = hostile(name);
        assert!(
            post.meta
                .diagnostics
                .iter()
                .all(|d| d.severity == Severity::Warning),
            "{name}: {:?}",
            post.meta.diagnostics
        );
        assert!(!post.meta.front_matter.is_empty(), "{name}");
    }
    // The "many keys" case repeats the literal key `k{i}`: one warning.
    assert_eq!(hostile("many keys").meta.diagnostics.len(), 1);
    assert_eq!(
        hostile("very long single line").meta.title.map(|t| t.len()),
        Some(2_000_000)
    );
}
