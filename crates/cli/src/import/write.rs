//! Putting the planned files into the new site: each written aside and
//! renamed into place, never over an existing file.

use super::Report;
use super::plan::{Bytes, Finding, Level, Plan};
use anyhow::{Context, Result};
use std::path::Path;

/// Writes the planned files; an existing file is kept and reported.
pub fn write(site: &Path, plan: Plan, report: &mut Report) -> Result<()> {
    report.findings.extend(plan.findings);
    std::fs::create_dir_all(site).with_context(|| format!("cannot create {}", site.display()))?;
    for item in plan.items {
        let path = site.join(&item.dest);
        if path.exists() {
            report.findings.push(Finding {
                level: Level::Skipped,
                kind: "kept: the site already has this file (--force never overwrites)".into(),
                path: item.dest.clone(),
                line: 0,
                column: 0,
                message: "kept: the site already has this file (--force never overwrites)".into(),
            });
            continue;
        }
        match &item.bytes {
            Bytes::File(from) => write_aside(&path, |temp| {
                std::fs::copy(from, temp)
                    .map(|_| ())
                    .with_context(|| format!("cannot copy {}", from.display()))
            })?,
            Bytes::Text(text) => write_aside(&path, |temp| {
                std::fs::write(temp, text)
                    .with_context(|| format!("cannot write {}", temp.display()))
            })?,
        }
        report.count(item.role, &item.dest);
    }
    Ok(())
}

/// Writes `path` through a temporary name beside it (skipped by `quire
/// build`, which ignores `.quire-tmp` names), then renames it into place:
/// an interrupted import never leaves a half-written file under the real name.
pub fn write_aside(path: &Path, fill: impl FnOnce(&Path) -> Result<()>) -> Result<()> {
    let parent = path.parent().context("a file without a folder")?;
    std::fs::create_dir_all(parent)
        .with_context(|| format!("cannot create {}", parent.display()))?;
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let temp = parent.join(format!(".{name}.quire-tmp-{}", std::process::id()));
    let result = fill(&temp).and_then(|()| {
        std::fs::rename(&temp, path).with_context(|| format!("cannot write {}", path.display()))
    });
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}
