//! Finding the shared corpus (real-world posts nobody on the team wrote),
//! for the tests of every crate: this one file is the rule, included by
//! `tests/common/mod.rs` and `crates/cli/tests/common/mod.rs`.
//!
//! The corpus is `QUIRE_CORPUS=/path/to/posts`, else `../shared/corpus/posts`
//! beside the repository. The tests that read it are `#[ignore]`d, so
//! `cargo test` reports them as ignored, never as passed without checking;
//! `make test-corpus` (part of `make test` wherever the corpus is) runs them,
//! and there a missing corpus fails them.

use std::path::{Path, PathBuf};

/// The corpus's posts folder, one folder per blog. Panics when it is missing.
pub fn corpus_posts(repo: &Path) -> PathBuf {
    let given = std::env::var_os("QUIRE_CORPUS").map(PathBuf::from);
    let dir = given.unwrap_or_else(|| repo.join("../shared/corpus/posts"));
    assert!(
        dir.is_dir(),
        "the shared corpus is not at {}: put it there, or set QUIRE_CORPUS=/path/to/posts",
        dir.display()
    );
    dir
}
