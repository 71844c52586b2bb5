//! Whole posts from `tests/fixtures/`, parsed the way the blog and the CLI
//! parse them.

use quire::{Format, Options, Post, Severity, parse_post};
use std::path::Path;

fn fixture(name: &str) -> Post {
    fixture_as(name, &format!("posts/{name}"))
}

/// Parses fixture `name` as if it were the file `post_path`.
fn fixture_as(name: &str, post_path: &str) -> Post {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    let source =
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut options = Options::default();
    options.path = Some(post_path.to_string());
    parse_post(&source, &options)
}

const SAMPLE: &str = "2024-01-15-transitioning-to-technical-program-management.md";

#[test]
fn the_sample_post_parses_completely() {
    let post = fixture(SAMPLE);
    assert_eq!(
        post.meta.title.as_deref(),
        Some("Transitioning to Technical Program Management: Lessons from 8 Years in Operations")
    );
    assert_eq!(post.meta.date.as_deref(), Some("2024-01-15"));
    assert_eq!(post.meta.layout.as_deref(), Some("layout"));
    assert_eq!(
        post.meta.slug,
        "transitioning-to-technical-program-management"
    );
    assert_eq!(post.meta.front_matter_format, Some(Format::Yaml));
    assert!(
        post.excerpt_html
            .starts_with("<p>After eight years leading operations")
    );
    assert_eq!(post.excerpt_html.matches("<p>").count(), 1);
    assert!(post.has_more);
    assert_eq!(post.toc[0].text, "The Operations Foundation");
    assert_eq!(post.toc[0].id, "the-operations-foundation");
    assert_eq!(post.toc[0].level, 2);
    assert!(
        post.html
            .contains("<h2 data-line=\"11\" id=\"the-operations-foundation\">")
    );
    assert!(
        post.html
            .contains("<h3 data-line=\"34\" id=\"strategic-vision\">")
    );
    assert!(
        post.meta.diagnostics.is_empty(),
        "{:?}",
        post.meta.diagnostics
    );
    assert!(
        post.meta.word_count > 400 && post.meta.word_count < 600,
        "{}",
        post.meta.word_count
    );
    assert_eq!(
        post.meta.reading_minutes,
        post.meta.word_count.div_ceil(200)
    );
    // Smart punctuation and the closing thematic break.
    assert!(post.html.contains("I’ve learned"));
    assert!(post.html.contains("<hr data-line=\"49\" />"));
}

#[test]
fn crlf_and_bom_copies_of_the_sample_give_the_same_post() {
    let plain = fixture(SAMPLE);
    for name in [format!("crlf-{SAMPLE}"), format!("bom-{SAMPLE}")] {
        assert_eq!(
            fixture_as(&name, &format!("posts/{SAMPLE}")),
            plain,
            "{name}"
        );
    }
}

#[test]
fn a_file_without_front_matter_is_a_valid_post() {
    let post = fixture("no-front-matter.md");
    assert_eq!(post.meta.front_matter_format, None);
    assert!(post.meta.front_matter.is_empty());
    assert_eq!(post.meta.title.as_deref(), Some("No Front Matter"));
    assert!(post.meta.diagnostics.is_empty());
    assert!(
        post.html
            .starts_with("<h1 data-line=\"1\" id=\"just-markdown\">")
    );
}

#[test]
fn toml_front_matter_is_read() {
    let post = fixture("toml-front-matter.md");
    assert_eq!(post.meta.front_matter_format, Some(Format::Toml));
    assert_eq!(post.meta.title.as_deref(), Some("Written in TOML"));
    assert_eq!(post.meta.date.as_deref(), Some("2023-11-05T08:00:00-05:00"));
    assert_eq!(post.meta.tags, ["hugo", "zola"]);
    assert!(post.meta.draft);
    assert_eq!(post.meta.front_matter["extra"]["mood"], "happy");
    assert!(
        post.html
            .contains("<p data-line=\"10\">Body from a <em>TOML</em> post.</p>")
    );
}

#[test]
fn json_front_matter_is_read() {
    let post = fixture("json-front-matter.md");
    assert_eq!(post.meta.front_matter_format, Some(Format::Json));
    assert_eq!(post.meta.title.as_deref(), Some("Written in JSON"));
    assert_eq!(post.meta.date.as_deref(), Some("2022-03-04"));
    assert_eq!(post.meta.categories, ["news", "updates"]);
    assert!(post.meta.draft, "published: false makes a draft");
    assert!(
        post.html
            .contains("<p data-line=\"8\">Body from a JSON post.</p>")
    );
}

#[test]
fn an_empty_block_is_valid_and_empty() {
    let post = fixture("empty-front-matter.md");
    assert_eq!(post.meta.front_matter_format, Some(Format::Yaml));
    assert!(post.meta.front_matter.is_empty());
    assert!(post.meta.diagnostics.is_empty());
    assert_eq!(post.html, "<p data-line=\"3\">Only a body.</p>\n");
}

#[test]
fn an_unclosed_block_is_an_error_and_everything_is_body() {
    let post = fixture("unclosed-front-matter.md");
    assert_eq!(post.meta.front_matter_format, None);
    assert_eq!(post.meta.diagnostics.len(), 1);
    assert_eq!(post.meta.diagnostics[0].severity, Severity::Error);
    assert_eq!(
        (
            post.meta.diagnostics[0].line,
            post.meta.diagnostics[0].column
        ),
        (1, 1)
    );
    assert!(post.meta.diagnostics[0].message.contains("never closed"));
    assert!(
        post.html.contains("title: Never closed"),
        "nothing swallowed: {}",
        post.html
    );
    assert!(post.html.contains("The body goes on."));
}

#[test]
fn an_unquoted_colon_is_reported_on_its_line_and_the_body_renders() {
    let post = fixture("unquoted-colon.md");
    assert_eq!(
        post.meta.diagnostics.len(),
        1,
        "{:?}",
        post.meta.diagnostics
    );
    let d = &post.meta.diagnostics[0];
    assert_eq!(d.severity, Severity::Error);
    assert_eq!(d.line, 3);
    assert!(d.column > 1, "{d:?}");
    assert!(d.message.contains("YAML"), "{d:?}");
    assert!(post.html.contains("The body still renders."));
    // The title falls back to the file name, the date too (there is none).
    assert_eq!(post.meta.title.as_deref(), Some("Unquoted Colon"));
}

#[test]
fn dashes_later_in_the_body_are_a_thematic_break() {
    let post = fixture("dashes-in-body.md");
    assert_eq!(post.meta.title.as_deref(), Some("Dashes"));
    assert!(
        post.html.contains("<hr data-line=\"7\" />"),
        "{}",
        post.html
    );
    assert!(post.html.contains("Below the rule."));
}

#[test]
fn the_more_marker_ends_the_excerpt() {
    let post = fixture("excerpt-marker.md");
    assert_eq!(
        post.excerpt_html,
        "<p>Before the fold.</p>\n<p>Still before.</p>\n"
    );
    assert!(post.has_more);
    assert!(!post.html.contains("more -->"));
}

#[test]
fn without_a_marker_the_first_paragraph_is_the_excerpt() {
    let post = fixture("excerpt-first-paragraph.md");
    assert_eq!(
        post.excerpt_html,
        "<p>The first paragraph is the excerpt.</p>\n"
    );
    assert!(post.has_more);
}

#[test]
fn a_front_matter_excerpt_wins() {
    let post = fixture("excerpt-front-matter.md");
    assert_eq!(
        post.excerpt_html,
        "<p>Written <strong>by hand</strong></p>\n"
    );
    assert!(post.has_more);
}

#[test]
fn a_post_excerpt_separator_replaces_the_marker() {
    let post = fixture("excerpt-separator-key.md");
    assert!(post.excerpt_html.contains("Part one."));
    assert!(post.excerpt_html.contains("Part two."));
    assert!(!post.excerpt_html.contains("Part three."));
    assert!(post.has_more);
}

#[test]
fn footnotes_stay_out_of_the_excerpt() {
    let post = fixture("footnotes.md");
    assert_eq!(post.excerpt_html, "<p>A bold claim. Another.</p>\n");
    assert!(post.html.contains("<sup class=\"footnote-ref\""));
    // The notes are written once, at the very end.
    let section = post.html.find("<section class=\"footnotes\">").unwrap();
    assert!(post.html.ends_with("</ol>\n</section>\n"));
    assert!(!post.html[section..].contains("data-line"));
}

#[test]
fn reference_links_resolve_inside_the_excerpt() {
    let post = fixture("reference-links.md");
    assert_eq!(
        post.excerpt_html,
        "<p>Read <a href=\"https://example.com/guide\" title=\"The Guide\">the guide</a> and <a href=\"https://www.rust-lang.org/\">Rust</a>.</p>\n"
    );
}

#[test]
fn the_date_comes_from_the_file_name() {
    let post = fixture("2021-07-04-date-from-file-name.md");
    assert_eq!(post.meta.date.as_deref(), Some("2021-07-04"));
    assert_eq!(post.meta.slug, "date-from-file-name");
    assert_eq!(post.meta.title.as_deref(), Some("Date From File Name"));
}

#[test]
fn tag_strings_are_split() {
    let post = fixture("tag-strings.md");
    assert_eq!(post.meta.tags, ["rust", "wasm", "blogging"]);
    assert_eq!(post.meta.categories, ["web dev", "tools"]);
}

#[test]
fn duplicate_headings_get_unique_ids() {
    let post = fixture("duplicate-headings.md");
    let ids: Vec<&str> = post.toc.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids, ["setup", "setup-1", "setup-3", "setup-2"]);
}
