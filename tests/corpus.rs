//! Real-world posts nobody on the team wrote (`../shared/corpus/posts/`, or
//! `QUIRE_CORPUS=/path/to/posts`): every file parses without a panic, a post
//! whose front matter sets a title gets that title, a post with a date in
//! its front matter, file name or URL path gets a date, and only the files
//! that really are broken get diagnostics. CRLF files behave like the rest.

mod common;
use common::*;
use quire::{Options, PageRef, Severity, SiteContext, count_words, parse_post};
use std::path::Path;
use std::sync::Arc;
use unicode_segmentation::UnicodeSegmentation;

/// The last line of the front matter block (0 when there is none): warnings
/// there are about the post's own metadata.
fn front_matter_end(source: &str) -> usize {
    let source = source.trim_start_matches('\u{feff}');
    let mut lines = source.lines().map(str::trim_end);
    let Some(open) = lines.next() else {
        return 0;
    };
    if open != "---" && open != "+++" {
        return 0;
    }
    lines.position(|l| l == open).map_or(0, |n| n + 2)
}

/// The title line of the raw front matter block, found without any parser:
/// `title: ...` (YAML) or `title = ...` (TOML) before the closing delimiter.
fn raw_title_line(source: &str) -> bool {
    let source = source.trim_start_matches('\u{feff}');
    let mut lines = source.lines();
    let Some(open) = lines.next().map(str::trim_end) else {
        return false;
    };
    if open != "---" && open != "+++" {
        return false;
    }
    lines
        .take_while(|l| l.trim_end() != open)
        .any(|l| l.starts_with("title:") || l.starts_with("title =") || l.starts_with("title="))
}

/// The files that really are broken (see the corpus's SOURCES.md), each
/// read anyway and reported as a warning.
const KNOWN_BROKEN: &[&str] = &[
    // Front matter without its opening `---`.
    "2020-09-17-stabilizing-intra-doc-links.md",
    // A blank line before the opening `---`.
    "2023-09-25-Increasing-Apple-Version-Requirements.md",
    // `date: 2023-01-29 18:30:22 2023 -0800`: the file name's date is used.
    "2023-01-29-jekyll-3-9-3-released.markdown",
    // `{% link _docs/history.md %}`: a page of Jekyll's docs, not in the corpus.
    "2023-12-28-jekyll-3-9-4-released.markdown",
    "2024-06-23-jekyll-3-10-0-released.markdown",
];

/// A date in the file name, a `date` key, or a dated URL `path`.
fn raw_has_date(path: &Path, source: &str) -> bool {
    let name = path.file_name().unwrap().to_string_lossy();
    let dated_name = name.len() > 10
        && name.as_bytes()[..10].iter().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                *b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    let header: Vec<&str> = source.lines().take(30).collect();
    dated_name
        || header
            .iter()
            .any(|l| l.starts_with("date:") || l.starts_with("date ="))
        || header.iter().any(|l| {
            l.starts_with("path = ")
                && l.split('/').collect::<Vec<_>>().windows(3).any(|w| {
                    w[0].trim_matches('"').len() == 4
                        && w[0].trim_matches('"').bytes().all(|b| b.is_ascii_digit())
                        && w[1].len() == 2
                        && w[2].len() == 2
                })
        })
}

#[test]
#[ignore = "reads the shared corpus: make test-corpus"]
fn every_real_post_parses_and_keeps_its_title() {
    let dir = corpus_dir();
    let mut files = Vec::new();
    markdown_files(&dir, &mut files);
    assert!(
        files.len() > 100,
        "expected the real posts, found {}",
        files.len()
    );
    // Each folder is a site whose posts link to each other (`@/…`, `post_url`).
    let site_of = |folder: &Path| {
        let site = SiteContext {
            posts: files
                .iter()
                .filter_map(|f| f.strip_prefix(folder).ok())
                .map(|rel| PageRef {
                    path: format!("posts/{}", rel.to_string_lossy()),
                    url: format!("/{}/", rel.with_extension("").to_string_lossy()),
                    ..PageRef::default()
                })
                .collect(),
            ..SiteContext::default()
        };
        Arc::new(site)
    };
    let mut sites = std::collections::HashMap::new();
    let (mut titled, mut dated, mut errors, mut warnings) = (0, 0, 0, 0);
    for path in &files {
        let source = String::from_utf8_lossy(&std::fs::read(path).unwrap()).into_owned();
        let folder = path
            .strip_prefix(&dir)
            .unwrap()
            .components()
            .next()
            .map(|c| dir.join(c))
            .unwrap();
        let mut options = Options::default();
        options.site = Some(
            sites
                .entry(folder.clone())
                .or_insert_with(|| site_of(&folder))
                .clone(),
        );
        options.path = Some(path.to_string_lossy().into_owned());
        let post = std::panic::catch_unwind(|| parse_post(&source, &options))
            .unwrap_or_else(|_| panic!("{}: parse_post panicked", path.display()));
        if raw_title_line(&source)
            && !post
                .meta
                .diagnostics
                .iter()
                .any(|d| d.severity == Severity::Error)
        {
            let expected = post.meta.front_matter.get("title").and_then(|t| t.as_str());
            assert!(expected.is_some(), "{}: title key lost", path.display());
            assert_eq!(post.meta.title.as_deref(), expected, "{}", path.display());
            titled += 1;
        }
        if raw_has_date(path, &source) {
            assert!(post.meta.date.is_some(), "{}: date lost", path.display());
        }
        dated += usize::from(post.meta.date.is_some());
        // Warnings also name what Jekyll, Hugo or Zola had that Quire renders
        // otherwise (make bench-compat counts them); errors only broken files.
        let problems: Vec<_> = post
            .meta
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error || d.line <= front_matter_end(&source))
            .collect();
        if !problems.is_empty() {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            assert!(
                KNOWN_BROKEN.contains(&name.as_str()),
                "{}: unexpected diagnostics {:?}",
                path.display(),
                problems
            );
        }
        for d in &post.meta.diagnostics {
            println!(
                "{}:{}:{}: {:?}: {}",
                path.display(),
                d.line,
                d.column,
                d.severity,
                d.message
            );
            match d.severity {
                Severity::Error => errors += 1,
                Severity::Warning => warnings += 1,
            }
        }
    }
    println!(
        "corpus: {} posts parsed, {titled} with their front matter title, {dated} dated, \
         {errors} errors, {warnings} warnings",
        files.len()
    );
}

/// Quire's one-pass word counter against the `unicode-segmentation` crate
/// (UAX #29 word boundaries) on the text of every real post: within 2% on
/// each post, within 0.5% overall.
#[test]
#[ignore = "reads the shared corpus: make test-corpus"]
fn the_word_counter_agrees_with_unicode_word_boundaries_on_real_posts() {
    let dir = corpus_dir();
    let mut files = Vec::new();
    markdown_files(&dir, &mut files);
    let (mut ours, mut reference) = (0usize, 0usize);
    for path in &files {
        let text = String::from_utf8_lossy(&std::fs::read(path).unwrap()).into_owned();
        let (a, b) = (count_words(&text), text.unicode_words().count());
        let off = a.abs_diff(b) as f64 / b.max(1) as f64;
        assert!(
            off <= 0.02 || a.abs_diff(b) <= 3,
            "{}: {a} words, UAX #29 says {b}",
            path.display()
        );
        ours += a;
        reference += b;
    }
    let off = ours.abs_diff(reference) as f64 / reference as f64;
    println!(
        "words: {ours} counted, {reference} by UAX #29 ({:.3}% apart)",
        off * 100.0
    );
    assert!(off <= 0.005);
}

/// The front matter of real posts is read without libyaml (`quire::front_matter::yaml_subset`,
/// the reader's wasm module has no other YAML reader) exactly as serde_yaml reads it, and
/// nearly every block is: a block it leaves to serde_yaml sends its post to the full module.
#[test]
#[ignore = "reads the shared corpus: make test-corpus"]
fn real_yaml_front_matter_reads_without_libyaml_as_serde_yaml_reads_it() {
    use quire::front_matter::{Format, split, yaml_subset};
    let dir = corpus_dir();
    let mut files = Vec::new();
    markdown_files(&dir, &mut files);
    let (mut blocks, mut read_here) = (0, 0);
    let mut left = Vec::new();
    for path in &files {
        let text = String::from_utf8_lossy(&std::fs::read(path).unwrap()).into_owned();
        let source = quire::normalize_source(&text);
        let found = split(&source);
        if found.format != Some(Format::Yaml) || found.raw.trim().is_empty() {
            continue;
        }
        blocks += 1;
        match yaml_subset::read(found.raw) {
            Some(value) => {
                read_here += 1;
                let libyaml = serde_yaml::from_str::<serde_json::Value>(found.raw).ok();
                assert_eq!(libyaml, Some(value), "{}", path.display());
            }
            None => left.push(path.display().to_string()),
        }
    }
    println!("YAML front matter read without libyaml: {read_here} of {blocks}; left: {left:?}");
    assert!(
        blocks > 100,
        "expected the real posts' front matter, found {blocks}"
    );
    assert!(
        read_here * 100 >= blocks * 97,
        "{read_here} of {blocks}: {left:?}"
    );
}
