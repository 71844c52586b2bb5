//! What several integration tests share: finding Markdown files, and the shared corpus.
#![allow(dead_code)]

mod corpus;

use std::path::{Path, PathBuf};

/// The real-world posts nobody on the team wrote (see [`corpus::corpus_posts`]
/// for where they are looked for, and what happens when they are missing).
pub fn corpus_dir() -> PathBuf {
    corpus::corpus_posts(Path::new(env!("CARGO_MANIFEST_DIR")))
}

/// Every `.md` and `.markdown` file under `dir` (none if it cannot be read), sorted.
pub fn markdown_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            markdown_files(&path, out);
        } else if path
            .extension()
            .is_some_and(|e| e == "md" || e == "markdown")
        {
            out.push(path);
        }
    }
}
