//! What an import will write, and what it found on the way: each kind's
//! module fills a [`Plan`] from the source without touching the new site.

use super::source::{files_under, join};
use anyhow::Result;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// A problem or a skipped part, at a place in the source or the new site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub level: Level,
    /// What groups findings in the report (a message without its details).
    pub kind: String,
    /// Path of the file or folder (source-relative for what was not
    /// imported, site-relative for what was).
    pub path: String,
    /// 1-based; 0 when the finding is about a whole file or folder.
    pub line: usize,
    pub column: usize,
    /// The full message (the same as `kind` when it has no details).
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Error,
    Warning,
    /// Not imported, on purpose.
    Skipped,
}

impl Level {
    pub fn label(self) -> &'static str {
        match self {
            Level::Error => "error",
            Level::Warning => "warning",
            Level::Skipped => "skipped",
        }
    }
}

/// What an imported file is, for the counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Config,
    Post,
    Page,
    Include,
    Data,
    Shortcode,
    Static,
}

/// Where a planned file's bytes come from.
#[derive(Debug, Clone)]
pub enum Bytes {
    File(PathBuf),
    Text(String),
}

#[derive(Debug, Clone)]
pub struct Item {
    /// `/`-separated path in the site.
    pub dest: String,
    pub bytes: Bytes,
    pub role: Role,
}

/// Everything an import writes, and what it found on the way.
#[derive(Debug, Default)]
pub struct Plan {
    pub items: Vec<Item>,
    pub findings: Vec<Finding>,
    taken: BTreeSet<String>,
}

impl Plan {
    /// Adds a file to write; a second file for the same place is reported
    /// and left out.
    pub fn add(&mut self, dest: String, bytes: Bytes, role: Role, from: &str) {
        if !self.taken.insert(dest.clone()) {
            self.skip(
                from,
                "not imported: another file of the source already goes to the same place in the site",
                format!("not imported: {dest} already comes from another file of the source"),
            );
            return;
        }
        self.items.push(Item { dest, bytes, role });
    }

    pub fn copy(&mut self, dest: String, source: &Path, rel: &str, role: Role) {
        self.add(dest, Bytes::File(source.join(rel)), role, rel);
    }

    /// Copies every file under `source/rel` to `dest/…`.
    pub fn copy_tree(&mut self, source: &Path, rel: &str, dest: &str, role: Role) -> Result<()> {
        for file in files_under(source, rel)? {
            let inner = file[rel.len()..].trim_start_matches('/');
            let to = join(dest, inner);
            self.copy(to, source, &file, role);
        }
        Ok(())
    }

    /// Something left out of the site on purpose (a whole file or folder).
    pub fn skip(&mut self, path: &str, kind: &str, message: String) {
        self.findings.push(Finding {
            level: Level::Skipped,
            kind: kind.to_string(),
            path: path.to_string(),
            line: 0,
            column: 0,
            message,
        });
    }

    /// A skipped folder or file whose reason is the whole message.
    pub fn skip_because(&mut self, path: &str, reason: &str) {
        self.skip(path, reason, reason.to_string());
    }

    pub fn warn(&mut self, path: &str, line: usize, kind: &str, message: String) {
        self.findings.push(Finding {
            level: Level::Warning,
            kind: kind.to_string(),
            path: path.to_string(),
            line,
            column: usize::from(line > 0),
            message,
        });
    }
}
