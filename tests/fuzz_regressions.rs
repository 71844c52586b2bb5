//! Every input cargo-fuzz found (`fuzz/`, `make fuzz`), kept as a named
//! test. The raw crash files are in `tests/fixtures/fuzz/`.

use quire::{Options, front_matter, normalize_source, parse_post, render_markdown};
use std::path::Path;

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/fuzz")
            .join(name),
    )
    .unwrap()
}

/// libfuzzer-sys hands a `&str` target the valid UTF-8 prefix of the input.
fn utf8_prefix(bytes: &[u8]) -> &str {
    match std::str::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap(),
    }
}

#[test]
fn a_file_ending_on_its_closing_delimiter_has_its_body_on_a_real_line() {
    let bytes = fixture("split_front_matter-42fc8e36af95");
    let source = utf8_prefix(&bytes);
    assert!(source.ends_with("---"), "{source:?}");
    let split = front_matter::split(source);
    assert_eq!(split.body, "");
    assert!(split.body_line <= source.matches('\n').count() + 1);
    // It also holds a NUL byte inside a quoted YAML string, which YAML
    // forbids: an error on that line, and the post still renders.
    let post = parse_post(source, &Options::default());
    assert_eq!(
        post.meta.diagnostics.len(),
        1,
        "{:?}",
        post.meta.diagnostics
    );
    assert_eq!(post.meta.diagnostics[0].line, 4);
}

#[test]
fn lone_carriage_returns_are_line_breaks_for_diagnostics() {
    // The fuzzer's case: old Mac line endings only. Lines counted on the
    // normalized text must match what the diagnostics say.
    let source = "---\rtitle: [oops\r---\rBody\r";
    let post = parse_post(source, &Options::default());
    let lines = normalize_source(source).matches('\n').count() + 1;
    assert!(!post.meta.diagnostics.is_empty());
    for d in &post.meta.diagnostics {
        assert!(d.line >= 1 && d.line <= lines, "{d:?}");
    }
    assert!(post.html.contains("Body"));
    assert_eq!(
        fixture("parse_post-6106b2868c70")
            .iter()
            .filter(|&&b| b == b'\r')
            .count(),
        3
    );
}

#[test]
fn a_script_url_written_as_text_stays_text() {
    let bytes = fixture("render_markdown-4a0c11db3785");
    let markdown = utf8_prefix(&bytes[1..]);
    assert!(markdown.contains("href=\"javascript:"));
    let html = render_markdown(markdown, &Options::default());
    assert!(!html.contains("<a "), "{html}");
    assert!(html.contains("href=\"javascript:"), "shown as text: {html}");
}

#[test]
fn a_separator_inside_a_smart_dash_does_not_split_a_character() {
    // The fuzzer's case: `---` becomes `—` (also 3 bytes, but one
    // character), and a separator starting at its second dash pointed into
    // the middle of that character.
    assert!(
        fixture("parse_post-07e894a2f1ff")
            .windows(3)
            .any(|w| w == b"---")
    );
    let mut options = Options::default();
    options.excerpt_separator = Some("--x".into());
    let post = parse_post("a---x\n\nmore\n", &options);
    assert!(post.html.contains("a—x"), "{}", post.html);
    assert!(post.has_more);
}

#[test]
fn yaml_errors_after_a_next_line_character_stay_on_the_real_line() {
    // The fuzzer's case (parse_post-9babca3132f3, via its structured input):
    // libyaml counts U+0085 (NEL) as a line break, so its line numbers ran
    // past the end of the file. Lines are counted on `\n` only, as editors do.
    let source = "\u{feff}---\n'<p\u{85}’&{j;<p\u{85}\n---\n";
    let post = parse_post(source, &Options::default());
    let lines = normalize_source(source).matches('\n').count() + 1;
    assert_eq!(
        post.meta.diagnostics.len(),
        1,
        "{:?}",
        post.meta.diagnostics
    );
    let d = &post.meta.diagnostics[0];
    assert!(
        d.line >= 2 && d.line <= lines,
        "{d:?} outside {lines} lines"
    );
    let fixture = fixture("parse_post-9babca3132f3");
    assert!(!fixture.is_empty());
    for separator in ["\u{2028}", "\u{2029}"] {
        let source = format!("---\ntitle: a{separator}b: [\n---\nBody\n");
        let post = parse_post(&source, &Options::default());
        for d in &post.meta.diagnostics {
            assert!(d.line <= 5, "{d:?}");
        }
    }
}
