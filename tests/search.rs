//! Search end to end in the core: posts indexed with `build_index`, then queried the way the
//! reader's browser does (meta first, then only the chunks a query asks for).

mod common;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use quire::search::{Doc, Index, build_index, text_of_html};
use quire::{Options, parse_post};

struct Post {
    title: String,
    tags: Vec<String>,
    text: String,
    url: String,
}

fn post(title: &str, body: &str) -> Post {
    let parsed = parse_post(
        &format!("---\ntitle: {title:?}\n---\n{body}"),
        &Options::default(),
    );
    Post {
        title: title.into(),
        tags: Vec::new(),
        text: text_of_html(&parsed.html),
        url: format!("/{}/", quire::slugify(title)),
    }
}

/// The files of an index over `posts`, by name.
fn index_files(posts: &[Post]) -> HashMap<String, Vec<u8>> {
    let docs: Vec<Doc> = posts
        .iter()
        .map(|p| Doc {
            url: &p.url,
            path: &p.url,
            title: &p.title,
            date: None,
            tags: &p.tags,
            text: &p.text,
        })
        .collect();
    build_index(&docs).into_iter().collect()
}

/// Runs `query` as the browser does: loads the chunks it names, then searches. Returns the
/// posts found (ids) and how many chunks it loaded.
fn search(files: &HashMap<String, Vec<u8>>, query: &str) -> (Vec<u32>, usize) {
    let mut index = Index::from_meta(std::str::from_utf8(&files["meta.json"]).unwrap()).unwrap();
    let need = index.chunks_for(query);
    for &n in &need {
        let name = index.chunk_file(n).unwrap().to_string();
        index.add_chunk(n, &files[&name]).unwrap();
    }
    assert!(
        index.chunks_for(query).is_empty(),
        "everything {query:?} needs is loaded"
    );
    let results = index.search(query, usize::MAX);
    (results.hits.iter().map(|h| h.doc).collect(), need.len())
}

fn fixture_posts() -> Vec<Post> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/compat");
    let mut files: Vec<PathBuf> = Vec::new();
    common::markdown_files(&root, &mut files);
    files.sort();
    assert!(
        files.len() >= 20,
        "the fixture corpus is there: {} posts",
        files.len()
    );
    files
        .iter()
        .map(|path| {
            let source = std::fs::read_to_string(path).unwrap();
            let mut options = Options::default();
            options.path = Some(path.display().to_string());
            let parsed = parse_post(&source, &options);
            Post {
                title: parsed
                    .meta
                    .title
                    .clone()
                    .unwrap_or_else(|| parsed.meta.slug.clone()),
                tags: parsed.meta.tags.clone(),
                text: text_of_html(&parsed.html),
                url: path.display().to_string(),
            }
        })
        .collect()
}

#[test]
fn every_post_of_the_real_corpus_is_found_by_the_words_of_its_title() {
    let posts = fixture_posts();
    let files = index_files(&posts);
    for (id, post) in posts.iter().enumerate() {
        let (found, _) = search(&files, &post.title);
        assert!(
            found.contains(&(id as u32)),
            "{:?} ({}) not found by its title",
            post.title,
            post.url
        );
    }
}

#[test]
fn a_post_is_found_by_a_word_of_its_code_blocks() {
    let posts = [
        post("Plain", "Nothing to see.\n"),
        post(
            "Code",
            "Some prose.\n\n```rust\nfn frobnicate_widgets() {}\n```\n",
        ),
    ];
    let files = index_files(&posts);
    assert_eq!(search(&files, "frobnicate").0, [1]);
    assert_eq!(
        search(&files, "frobnicate_widgets").0,
        [1],
        "as written in the code"
    );
}

#[test]
fn accented_and_unaccented_queries_find_the_same_posts() {
    let posts = [
        post("Un café à Paris", "Crème brûlée.\n"),
        post("Other", "Nothing.\n"),
    ];
    let files = index_files(&posts);
    for query in ["café", "cafe", "CAFÉ", "creme brulee", "Crème"] {
        assert_eq!(search(&files, query).0, [0], "{query}");
    }
}

#[test]
fn cjk_queries_find_their_posts_without_spaces_between_words() {
    let posts = [
        post("旅行", "東京都に行きました。とても楽しかったです。\n"),
        post("Trip", "A trip to Kyoto.\n"),
        post("한국어", "한국어를 배우고 있어요.\n"),
    ];
    let files = index_files(&posts);
    assert_eq!(search(&files, "東京").0, [0]);
    assert_eq!(search(&files, "東京都").0, [0]);
    assert_eq!(search(&files, "楽しかった").0, [0]);
    assert_eq!(search(&files, "배우고").0, [2]);
}

#[test]
fn a_title_match_ranks_above_a_body_only_match() {
    let posts = [
        post(
            "Error handling",
            "Lifetimes come up here, lifetimes and lifetimes again.\n",
        ),
        post("Lifetimes", "A short post.\n"),
        post("Other", "Nothing.\n"),
    ];
    let files = index_files(&posts);
    assert_eq!(search(&files, "lifetimes").0, [1, 0]);
}

#[test]
fn every_word_must_match_and_otherwise_the_posts_holding_the_most_come_back() {
    let posts = [
        post("Async closures", "Closures that are async.\n"),
        post("Async", "Only async here.\n"),
        post("Closures", "Only closures here.\n"),
    ];
    let files = index_files(&posts);
    assert_eq!(search(&files, "async closures").0, [0]);
    let (found, _) = search(&files, "async zebra");
    assert_eq!(found.len(), 2, "nothing holds both: those holding one");
    assert!(found.contains(&0) && found.contains(&1));
}

#[test]
fn the_last_word_matches_as_a_prefix_once_it_has_three_characters() {
    let posts = [
        post("Asynchronous Rust", "Futures.\n"),
        post("Other", "As is.\n"),
    ];
    let files = index_files(&posts);
    assert_eq!(search(&files, "asynch").0, [0]);
    assert_eq!(search(&files, "rust asy").0, [0]);
    assert_eq!(
        search(&files, "asy ").0,
        Vec::<u32>::new(),
        "a finished word is whole"
    );
    assert_eq!(search(&files, "as").0, [1], "two letters are a whole word");
}

#[test]
fn a_query_loads_only_the_chunks_its_words_need() {
    let posts = fixture_posts();
    let files = index_files(&posts);
    let chunks = files.keys().filter(|k| k.starts_with("terms-")).count();
    assert!(chunks >= 3, "the fixture index is split: {chunks} chunks");
    let (found, loaded) = search(&files, "rust compiler");
    assert!(!found.is_empty());
    assert!(
        loaded <= 2,
        "two words, at most two chunks: {loaded} of {chunks}"
    );
}
