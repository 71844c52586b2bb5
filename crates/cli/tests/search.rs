//! The search index `quire build` writes: what readers can find in it, and what they never can.

mod common;

use common::*;
use quire::search::Index;
use std::path::Path;

/// Runs `query` over the index in `out/search/` the way the browser does; the permalinks found.
fn find(out: &Path, query: &str) -> Vec<String> {
    let dir = out.join("search");
    let mut index =
        Index::from_meta(&std::fs::read_to_string(dir.join("meta.json")).unwrap()).unwrap();
    for n in index.chunks_for(query) {
        let bytes = std::fs::read(dir.join(index.chunk_file(n).unwrap())).unwrap();
        index.add_chunk(n, &bytes).unwrap();
    }
    let results = index.search(query, 100);
    results
        .hits
        .iter()
        .map(|hit| {
            let (file, at) = index.doc_file(hit.doc).unwrap();
            let docs: serde_json::Value = serde_json::from_str(&read(&dir, file)).unwrap();
            docs[at as usize][0].as_str().unwrap().to_string()
        })
        .collect()
}

fn hidden_site() -> tempfile::TempDir {
    site(&[
        ("_config.yml", CONFIG),
        ("posts/2024-01-15-hello.md", HELLO),
        (
            "posts/2024-02-01-secret.md",
            "---\ntitle: Secret\ndraft: true\n---\nUnicorn plans.\n",
        ),
        (
            "posts/2999-01-01-tomorrow.md",
            "---\ntitle: Tomorrow\n---\nUnicorn future.\n",
        ),
        (
            "posts/2024-03-01-unlisted.md",
            "---\ntitle: Unlisted\nsearch: false\n---\nUnicorn unlisted.\n",
        ),
        (
            "posts/2024-03-02-nomap.md",
            "---\ntitle: No map\nsitemap: false\n---\nUnicorn nomap.\n",
        ),
        (
            "posts/2024-03-03-shown.md",
            "---\ntitle: Shown\ntags: [zoology]\n---\nUnicorn facts, `unicorn_count()` in code.\n",
        ),
        ("pages/about.md", ABOUT),
    ])
}

#[test]
fn drafts_future_posts_and_search_false_posts_are_never_found_in_a_built_site() {
    let dir = hidden_site();
    let out = build(dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let public = public(dir.path());
    assert_eq!(find(&public, "unicorn"), ["/2024/03/03/shown/"]);
    for word in ["secret", "plans", "tomorrow", "future", "unlisted", "nomap"] {
        assert_eq!(find(&public, word), Vec::<String>::new(), "{word}");
    }
    let files = tree(&public);
    for file in files.iter().filter(|f| f.starts_with("search/")) {
        let bytes = std::fs::read(public.join(file)).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("Secret") && !text.contains("plans"),
            "{file} holds the draft"
        );
    }
    assert!(
        !read(&public, "sitemap.xml").contains("nomap"),
        "sitemap: false leaves the sitemap too"
    );
}

#[test]
fn posts_pages_tags_and_code_are_found() {
    let dir = hidden_site();
    let out = build(dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let public = public(dir.path());
    assert_eq!(find(&public, "zoology"), ["/2024/03/03/shown/"], "by tag");
    assert_eq!(
        find(&public, "unicorn_count"),
        ["/2024/03/03/shown/"],
        "by code"
    );
    assert_eq!(find(&public, "who we are"), ["/about/"], "pages too");
    assert_eq!(find(&public, "hello world"), ["/2024/01/15/hello/"]);
}

#[test]
fn drafts_are_found_when_the_site_shows_them() {
    let dir = hidden_site();
    let out = quire(&["build", dir.path().to_str().unwrap(), "--drafts"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(find(&public(dir.path()), "plans"), ["/2024/02/01/secret/"]);
}
