//! The editor's incremental renderer (`quire::Draft`) shows exactly what
//! `parse_post` gives for the whole text, after any edit: random edits
//! (typing, Markdown syntax, deletions, pastes) replayed on the fixtures, the
//! sample blog, the shared corpus and the pathological inputs, each checked
//! against a render of the whole text from scratch.

mod common;
use common::*;
use quire::{Draft, Options, parse_post};
use std::path::Path;

/// A small deterministic generator (xorshift64*), so failures replay.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

const SNIPPETS: &[&str] = &[
    "a",
    "e",
    " ",
    "\n",
    "\n\n",
    "#",
    "# ",
    "*",
    "_",
    "`",
    "```\n",
    "~~~",
    "-",
    "- ",
    "- item\n",
    "=",
    "===\n",
    "---\n",
    ">",
    "> ",
    "|",
    "| a | b |\n|---|---|\n",
    "[",
    "]",
    "(",
    ")",
    "!",
    "<",
    "<div>\n",
    "</div>\n",
    "<!--",
    "-->",
    "<!--more-->",
    "{",
    "{#custom}",
    "^",
    "[^1]",
    "[^1]: note\n",
    "[ref]: https://example.com/ref\n",
    "[ref]",
    ":",
    "\\",
    "1. ",
    "2) ",
    "    ",
    "    code\n",
    "$",
    "$$\n",
    "é",
    "😀",
    "&amp;",
    "**bold**",
    "[link](https://example.com)",
    "<script>alert(1)</script>",
    "Title\n",
    "*   *   *\n",
];

fn char_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// A random edit of `text`: (byte range, inserted text).
fn random_edit(rng: &mut Rng, text: &str) -> (std::ops::Range<usize>, String) {
    let len = text.len();
    let at = char_boundary(text, rng.below(len + 1));
    match rng.below(10) {
        // Typing: one snippet at a point.
        0..=5 => (at..at, SNIPPETS[rng.below(SNIPPETS.len())].to_string()),
        // Backspace or a small deletion.
        6 | 7 => {
            let end = char_boundary(text, (at + 1 + rng.below(12)).min(len));
            (at..end.max(at), String::new())
        }
        // Cut a large part.
        8 => {
            let end = char_boundary(text, (at + rng.below(len / 4 + 1)).min(len));
            (at..end.max(at), String::new())
        }
        // Paste a copy of another part.
        _ => {
            let from = char_boundary(text, rng.below(len + 1));
            let to = char_boundary(text, (from + rng.below(400)).min(len));
            (at..at, text[from..to.max(from)].to_string())
        }
    }
}

fn without_line_attributes(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find(" data-line=\"") {
        out.push_str(&rest[..i]);
        let after = &rest[i + " data-line=\"".len()..];
        let close = after.find('"').expect("closed data-line");
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    out
}

/// `html` is the blocks one after another, each maybe after a newline (the
/// writer's, between a block that did not end with one and the next).
fn joined_with_newlines(blocks: &[&str], html: &str) -> bool {
    let mut rest = html;
    for block in blocks {
        rest = match rest.strip_prefix(block) {
            Some(after) => after,
            None => match rest.strip_prefix('\n').and_then(|r| r.strip_prefix(block)) {
                Some(after) => after,
                None => return false,
            },
        };
    }
    rest.is_empty()
}

/// The draft shows what a render of its whole text shows.
fn assert_like_whole(draft: &Draft, options: &Options, context: &str) {
    let source = draft.source();
    let expected = parse_post(source, options);
    let mut fresh = Draft::new(options.clone());
    let fresh_update = fresh.load(source);
    assert!(
        joined_with_newlines(&fresh.blocks(), &without_line_attributes(&expected.html)),
        "{context}: the blocks are not the post's HTML\n{:?}\n{}\n--- text ---\n{source}",
        fresh.blocks(),
        expected.html
    );
    assert_eq!(
        draft.blocks(),
        fresh.blocks(),
        "{context}: blocks differ\n{source}"
    );
    assert_eq!(
        draft.lines(),
        fresh.lines(),
        "{context}: lines differ\n{source}"
    );
    assert_eq!(
        fresh_update.post, expected.meta,
        "{context}: post differs from parse_post"
    );
}

/// Replays `edits` random edits on `source`; returns how many were rendered
/// by window.
fn replay(name: &str, source: &str, edits: usize, seed: u64) -> usize {
    let options = Options::default();
    // QUIRE_DRAFT_SEED=N replays other edits.
    let salt: u64 = std::env::var("QUIRE_DRAFT_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let mut rng = Rng((seed ^ salt.wrapping_mul(0x9E37_79B9_7F4A_7C15)) | 1);
    let mut draft = Draft::new(options.clone());
    draft.load(source);
    let mut windowed = 0;
    for step in 0..edits {
        let text = draft.source().to_string();
        let (range, insert) = random_edit(&mut rng, &text);
        let before = draft.source().to_string();
        let update = draft.edit(range.clone(), &insert);
        windowed += usize::from(update.incremental);
        let expected = parse_post(draft.source(), &options);
        assert_eq!(
            update.post, expected.meta,
            "{name} step {step} (by window: {}): {range:?} -> {insert:?} in\n{before}",
            update.incremental
        );
        assert_like_whole(
            &draft,
            &options,
            &format!("{name}, step {step}: {range:?} -> {insert:?} in\n{before}"),
        );
    }
    windowed
}

/// A seed from a file's name (FNV-1a), so one file replays the same alone.
fn seed_of(path: &Path) -> u64 {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    name.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    })
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn random_edits_of_the_fixtures_and_sample_posts_render_like_the_whole_post() {
    let mut files = Vec::new();
    markdown_files(&root().join("tests/fixtures"), &mut files);
    markdown_files(&root().join("examples/blog/posts"), &mut files);
    assert!(files.len() > 20, "fixtures missing: {}", files.len());
    for path in &files {
        let source = std::fs::read_to_string(path).unwrap();
        replay(&path.display().to_string(), &source, 60, seed_of(path));
    }
}

#[test]
#[ignore = "reads the shared corpus: make test-corpus"]
fn random_edits_of_the_shared_corpus_render_like_the_whole_post() {
    let dir = corpus_dir();
    let mut files = Vec::new();
    markdown_files(&dir, &mut files);
    // QUIRE_DRAFT_EDITS=200 for a longer hunt; 12 keeps `make test` quick.
    let per_post: usize = std::env::var("QUIRE_DRAFT_EDITS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(12);
    let mut edits = 0;
    let mut windowed = 0;
    for path in &files {
        let source = std::fs::read_to_string(path).unwrap();
        windowed += replay(
            &path.display().to_string(),
            &source,
            per_post,
            seed_of(path),
        );
        edits += per_post;
    }
    eprintln!(
        "{edits} edits of {} posts, {windowed} rendered by window",
        files.len()
    );
}

/// Types `text` at byte `at`, one key at a time, each key rendered by a window of at most
/// three blocks.
fn type_by_window(draft: &mut Draft, at: usize, text: &str) {
    for (i, c) in text.chars().enumerate() {
        let mut buf = [0; 4];
        let update = draft.edit(at + i..at + i, c.encode_utf8(&mut buf));
        assert!(update.incremental, "key {i} rendered the whole post");
        assert!(
            update.middle.len() <= 3,
            "key {i} changed {} blocks",
            update.middle.len()
        );
    }
}

/// Whether the draft's last block is the footnotes section.
fn ends_with_notes(draft: &Draft) -> bool {
    draft
        .blocks()
        .last()
        .is_some_and(|b| b.starts_with("<section class=\"footnotes\">"))
}

#[test]
fn typing_through_a_long_post_renders_by_window() {
    let source = std::fs::read_to_string(
        root().join("examples/blog/posts/2024-03-08-how-quire-renders-a-post.md"),
    )
    .unwrap_or_else(|_| "---\n---\n# A\n\nSome text.\n\n".repeat(50));
    // Its front matter, then its body twenty times: about 100 KB.
    let body_at = source[4..].find("\n---\n").map_or(0, |i| i + 9);
    let long = format!("{}{}", &source[..body_at], source[body_at..].repeat(20));
    let mut draft = Draft::new(Options::default());
    draft.load(&long);
    // At the end of a paragraph in the middle.
    let middle = long.len() / 2;
    let at = middle + long[middle..].find(".\n\n").expect("a paragraph end") + 1;
    type_by_window(
        &mut draft,
        at,
        "A new paragraph, typed *one* key at a time.",
    );
    assert_like_whole(&draft, &Options::default(), "typed text");
}

#[test]
fn typing_in_a_real_post_with_a_footnote_renders_by_window() {
    // A real post (Rust blog, inside-rust, TOML) with two notes in its middle.
    let source = std::fs::read_to_string(root().join(
        "tests/fixtures/compat/rust-blog-toml/inside-rust/infrastructure-team-2025-q3-recap-and-q4-plan.md",
    ))
    .unwrap();
    let mut draft = Draft::new(Options::default());
    draft.load(&source);
    assert!(ends_with_notes(&draft));
    // At the end of a paragraph after the notes (the one right after a definition would
    // take the definition into its window, and that renders whole).
    let middle = source.find("### Support optional CI jobs").unwrap();
    let at = middle + source[middle..].find(".\n\n").expect("a paragraph end") + 1;
    type_by_window(&mut draft, at, " Typed one key at a time.");
    assert_like_whole(&draft, &Options::default(), "typed text");
    assert!(ends_with_notes(&draft));
}

#[test]
fn random_edits_of_pathological_inputs_render_like_the_whole_post() {
    let json = std::fs::read_to_string(root().join("tests/fixtures/hostile/pathological.json"))
        .expect("pathological.json");
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    let cases = value["cases"].as_array().expect("cases");
    for (i, case) in cases.iter().enumerate() {
        let mut source = String::new();
        for part in case["parts"].as_array().unwrap() {
            let text = part[0].as_str().unwrap();
            let count = part[1].as_u64().unwrap() as usize;
            source.push_str(&text.repeat((count / 200).max(1)));
        }
        let name = case["name"].as_str().unwrap_or("case");
        replay(name, &source, 8, 99 + i as u64);
    }
}

#[test]
fn random_edits_of_footnote_and_kramdown_heavy_posts_render_like_the_whole_post() {
    let posts = [
        "---\ntitle: Notes\n---\nA claim[^a] and[^b] more[^a].\n\n[^b]: Bee[^c].\n[^a]: Ay.\n\n## Heading\n\nText[^c].\n\n[^c]: See.\n    Indented *more*.\n\n[^unused]: Nobody.\n",
        "* TOC\n{:toc}\n\n# One\n{: .no_toc}\n\nPara\n{: .notice--info}\n\n## Two[^1]\n\n- a\n- b\n{: .list}\n\n![x](a.png){: .align-center}\n\n*[HTML]: Markup\n\nHTML here.\n\n[^1]: Note in a heading.\n",
        "<div markdown=\"1\">\n**x**[^n]\n</div>\n\n> q\n{: .quote}\n\n{: .before}\nPara\n\n[^n]: In a div.\n",
    ];
    for (i, post) in posts.iter().enumerate() {
        replay(&format!("kramdown post {i}"), post, 80, 7 + i as u64);
    }
}
