//! Finding the shared corpus (real-world posts nobody on the team wrote),
//! for the tests of every crate: this one file is the rule, included by
//! `tests/common/mod.rs` and `crates/cli/tests/common/mod.rs`.
//!
//! The corpus is `QUIRE_CORPUS=/path/to/posts`, else `../shared/corpus/posts`
//! beside the repository. A missing corpus fails the test, so a machine
//! without it (CI included) can never pass a corpus test without checking
//! it. Only `QUIRE_NO_CORPUS=1`, set on purpose, lets a test without the
//! corpus return early; a corpus that is there is always checked.

use std::path::{Path, PathBuf};

/// The corpus's posts folder, one folder per blog; `None` only when it is
/// missing and `QUIRE_NO_CORPUS=1` says to do without it. Panics otherwise.
pub fn corpus_posts(repo: &Path) -> Option<PathBuf> {
    let given = std::env::var_os("QUIRE_CORPUS").map(PathBuf::from);
    let dir = given
        .clone()
        .unwrap_or_else(|| repo.join("../shared/corpus/posts"));
    if dir.is_dir() {
        return Some(dir);
    }
    let opted_out = std::env::var_os("QUIRE_NO_CORPUS").is_some_and(|v| v == "1");
    if opted_out && given.is_none() {
        eprintln!(
            "QUIRE_NO_CORPUS=1: this test did not check the corpus ({} is missing)",
            dir.display()
        );
        return None;
    }
    panic!(
        "the shared corpus is not at {}: put it there, or set QUIRE_CORPUS=/path/to/posts{}",
        dir.display(),
        if given.is_some() {
            ""
        } else {
            " (QUIRE_NO_CORPUS=1 runs the tests without it, on purpose)"
        }
    );
}
