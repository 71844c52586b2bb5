//! Reading the source site: its folders and files, listed in a stable order,
//! and their text.

use anyhow::{Context, Result};
use std::path::Path;

/// `a` + `/` + `b`, either possibly empty.
pub fn join(a: &str, b: &str) -> String {
    match (a.is_empty(), b.is_empty()) {
        (true, _) => b.to_string(),
        (_, true) => a.to_string(),
        _ => format!("{a}/{b}"),
    }
}

/// Entries of `source/rel`, sorted by name: (name, is a folder). Symlinked
/// folders are not followed (they could loop, or leave SOURCE).
pub fn entries(source: &Path, rel: &str) -> Result<Vec<(String, bool)>> {
    let at = source.join(rel);
    let mut out = Vec::new();
    for entry in std::fs::read_dir(&at).with_context(|| format!("cannot list {}", at.display()))? {
        let entry = entry.with_context(|| format!("cannot list {}", at.display()))?;
        let kind = entry.file_type()?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if kind.is_dir() {
            out.push((name, true));
        } else if kind.is_file() || (kind.is_symlink() && entry.path().is_file()) {
            out.push((name, false));
        }
    }
    out.sort();
    Ok(out)
}

/// Every file under `source/rel`, as source-relative paths, sorted.
pub fn files_under(source: &Path, rel: &str) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for (name, dir) in entries(source, rel)? {
        let path = join(rel, &name);
        if dir {
            out.extend(files_under(source, &path)?);
        } else {
            out.push(path);
        }
    }
    Ok(out)
}

pub fn read_text(source: &Path, rel: &str) -> Result<String> {
    let path = source.join(rel);
    let bytes = std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}
