//! The import report: what was imported (counts), then every construct that
//! will not render the same, grouped by kind of message and counted, each
//! with `file:line`.

use super::kind::Kind;
use super::plan::{Finding, Level, Role};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Locations listed per group before "and N more".
pub const LOCATIONS_PER_GROUP: usize = 10;

#[derive(Debug)]
pub struct Report {
    pub kind: Kind,
    pub source: PathBuf,
    pub site: PathBuf,
    pub posts: usize,
    pub pages: usize,
    /// Posts and pages written with `draft: true` (or `published: false`).
    pub drafts: usize,
    pub includes: usize,
    pub data: usize,
    pub shortcodes: usize,
    pub statics: usize,
    pub config: bool,
    /// The imported posts and pages, site-relative.
    pub content: Vec<String>,
    pub findings: Vec<Finding>,
}

impl Report {
    pub fn new(kind: Kind, source: &Path, site: &Path) -> Report {
        Report {
            kind,
            source: source.to_path_buf(),
            site: site.to_path_buf(),
            posts: 0,
            pages: 0,
            drafts: 0,
            includes: 0,
            data: 0,
            shortcodes: 0,
            statics: 0,
            config: false,
            content: Vec::new(),
            findings: Vec::new(),
        }
    }

    pub fn count(&mut self, role: Role, dest: &str) {
        match role {
            Role::Config => self.config = true,
            Role::Post => {
                self.posts += 1;
                self.content.push(dest.to_string());
            }
            Role::Page => {
                self.pages += 1;
                self.content.push(dest.to_string());
            }
            Role::Include => self.includes += 1,
            Role::Data => self.data += 1,
            Role::Shortcode => self.shortcodes += 1,
            Role::Static => self.statics += 1,
        }
    }

    pub fn skipped(&self) -> usize {
        self.level_count(Level::Skipped)
    }

    pub fn level_count(&self, level: Level) -> usize {
        self.findings.iter().filter(|f| f.level == level).count()
    }

    /// The findings grouped: (level, kind) -> findings, errors first, then
    /// warnings, then what was skipped; within a level, biggest groups first.
    pub fn groups(&self) -> Vec<((Level, &str), Vec<&Finding>)> {
        let mut groups: BTreeMap<(Level, &str), Vec<&Finding>> = BTreeMap::new();
        for f in &self.findings {
            groups
                .entry((f.level, f.kind.as_str()))
                .or_default()
                .push(f);
        }
        let mut groups: Vec<_> = groups.into_iter().collect();
        groups.sort_by(|a, b| a.0.0.cmp(&b.0.0).then(b.1.len().cmp(&a.1.len())));
        groups
    }

    pub fn render(&self) -> String {
        let mut out = String::new();
        out.push_str(&format!(
            "# Import of {} ({}) into {}\n\n",
            self.source.display(),
            self.kind.name(),
            self.site.display()
        ));
        let rows = [
            ("posts", self.posts),
            ("pages", self.pages),
            ("drafts (among the posts and pages)", self.drafts),
            ("includes", self.includes),
            ("data files", self.data),
            ("shortcodes", self.shortcodes),
            ("static files", self.statics),
            ("skipped", self.skipped()),
        ];
        for (name, n) in rows {
            out.push_str(&format!("- {name}: {n}\n"));
        }
        out.push_str(&format!(
            "- _config.yml: {}\n",
            if self.config {
                "written"
            } else {
                "not written"
            }
        ));
        let groups = self.groups();
        let errors = self.level_count(Level::Error);
        let warnings = self.level_count(Level::Warning);
        out.push_str(&format!(
            "\n## What will not render the same: {errors} errors, {warnings} warnings, {} skipped, in {} kinds\n",
            self.skipped(),
            groups.len()
        ));
        if errors > 0 {
            out.push_str(&format!(
                "\n`quire build` will stop on the {errors} errors below until they are fixed.\n"
            ));
        }
        if groups.is_empty() {
            out.push_str("\nNothing: every post and page parsed cleanly.\n");
        }
        for ((level, kind), findings) in groups {
            out.push_str(&format!(
                "\n{}: {kind} ({})\n",
                level.label(),
                findings.len()
            ));
            for f in findings.iter().take(LOCATIONS_PER_GROUP) {
                let at = if f.line == 0 {
                    f.path.clone()
                } else if f.column == 0 {
                    format!("{}:{}", f.path, f.line)
                } else {
                    format!("{}:{}:{}", f.path, f.line, f.column)
                };
                if f.message == *kind {
                    out.push_str(&format!("  {at}\n"));
                } else {
                    out.push_str(&format!("  {at}: {}\n", f.message));
                }
            }
            if findings.len() > LOCATIONS_PER_GROUP {
                out.push_str(&format!(
                    "  … and {} more\n",
                    findings.len() - LOCATIONS_PER_GROUP
                ));
            }
        }
        out
    }
}

/// A diagnostic's message without its details (what is quoted),
/// so the same problem in many posts is one group.
pub fn message_kind(message: &str) -> String {
    let mut out = String::new();
    let mut chars = message.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' | '`' => {
                let close = c;
                let mut inner = String::new();
                let mut closed = false;
                for d in chars.by_ref() {
                    if d == close {
                        closed = true;
                        break;
                    }
                    inner.push(d);
                }
                out.push(c);
                out.push('…');
                if closed {
                    out.push(close);
                }
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn details_are_left_out_of_a_message_kind() {
        assert_eq!(
            message_kind("unknown Liquid tag `gallery` at 3"),
            "unknown Liquid tag `…` at 3"
        );
        assert_eq!(message_kind("date \"x\" is bad"), "date \"…\" is bad");
    }
}
