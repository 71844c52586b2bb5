//! What the `quire` binary's tests share: a content-only site in a temporary
//! directory, running the binary, and reading what `build` wrote.
#![allow(dead_code)] // each test file uses its own part

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub const QUIRE: &str = env!("CARGO_BIN_EXE_quire");

/// The repository root (this crate is crates/cli).
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The shared corpus: the one rule of the repository's tests.
#[path = "../../../../tests/common/corpus.rs"]
mod corpus;

/// The real-world posts nobody on the team wrote (see [`corpus::corpus_posts`]
/// for where they are looked for, and what happens when they are missing).
pub fn corpus_dir() -> PathBuf {
    corpus::corpus_posts(&repo())
}

/// A site (content only: the runtime is in the binary) with the given files.
pub fn site(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        write(dir.path(), path, text);
    }
    dir
}

pub fn write(dir: &Path, path: &str, text: &str) {
    let path = dir.join(path);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

pub fn quire(args: &[&str]) -> Output {
    Command::new(QUIRE).args(args).output().unwrap()
}

pub fn build(dir: &Path) -> Output {
    quire(&["build", dir.to_str().unwrap()])
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Where `quire build DIR` writes.
pub fn public(dir: &Path) -> PathBuf {
    dir.join("public")
}

pub fn read(dir: &Path, path: &str) -> String {
    std::fs::read_to_string(dir.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

pub fn index(dir: &Path) -> serde_json::Value {
    serde_json::from_str(&read(&public(dir), "posts/index.json")).unwrap()
}

/// The `posts` list of a part of the built index: `posts/index/NAME`
/// (`all.json`, `home-1.json`, `route-0.json`…).
pub fn index_part(dir: &Path, name: &str) -> Vec<serde_json::Value> {
    let text = read(&public(dir), &format!("posts/index/{name}"));
    let part: serde_json::Value = serde_json::from_str(&text).unwrap();
    part["posts"].as_array().unwrap().clone()
}

/// Every file under dir, relative, sorted.
pub fn tree(dir: &Path) -> Vec<String> {
    fn walk(root: &Path, at: &Path, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(at).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                out.push(
                    path.strip_prefix(root)
                        .unwrap()
                        .to_string_lossy()
                        .replace('\\', "/"),
                );
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

pub const CONFIG: &str = "title: Test blog\nurl: https://example.com\ntimezone: Europe/Paris\n";
pub const HELLO: &str = "---\ntitle: Hello <world>\ndate: 2024-01-15\ntags: [rust, Web Dev]\n---\nIntro with [a link](images/a.png).\n\n<!--more-->\n\n## One\n\n## Two\n\n## Three\n\nMore.\n";
pub const OLDER: &str = "---\ntitle: Older\n---\nFrom 2023.\n";
pub const DRAFT: &str = "---\ntitle: Secret\ndraft: true\ndate: 2024-02-01\n---\nNot yet.\n";
pub const FUTURE: &str = "---\ntitle: Tomorrow\ndate: 2999-01-01\n---\nLater.\n";
pub const ABOUT: &str = "---\ntitle: About\npermalink: /about/\n---\nWho we are.\n";

pub fn sample() -> tempfile::TempDir {
    site(&[
        ("_config.yml", CONFIG),
        ("posts/2024-01-15-hello.md", HELLO),
        ("posts/2023-06-01-older.md", OLDER),
        ("posts/2024-02-01-secret.md", DRAFT),
        ("posts/2999-01-01-tomorrow.md", FUTURE),
        ("pages/about.md", ABOUT),
    ])
}
