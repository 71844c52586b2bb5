//! Listing the files below a folder of the site.

use anyhow::{Context, Result};
use std::path::{Path, PathBuf};

/// Every file below `root`, sorted. Entries whose name starts with `.`, and
/// those `skip` names, are left out, folders with all they hold. A folder
/// that does not exist holds no files. Symbolic links are listed as files,
/// not followed.
pub fn files_under(root: &Path, skip: &dyn Fn(&str) -> bool) -> Result<Vec<PathBuf>> {
    fn walk(at: &Path, skip: &dyn Fn(&str) -> bool, out: &mut Vec<PathBuf>) -> Result<()> {
        let entries = match std::fs::read_dir(at) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(e).with_context(|| format!("cannot list {}", at.display())),
        };
        for entry in entries {
            let entry = entry.with_context(|| format!("cannot list {}", at.display()))?;
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if name.starts_with('.') || skip(&name) {
                continue;
            }
            let path = entry.path();
            if entry.file_type()?.is_dir() {
                walk(&path, skip, out)?;
            } else {
                out.push(path);
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    walk(root, skip, &mut out)?;
    out.sort();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_and_skipped_entries_are_left_out_with_what_they_hold_and_a_missing_folder_is_empty() {
        let dir = std::env::temp_dir().join(format!("quire-walk-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        for file in ["b.md", "a/c.md", ".git/x.md", "_drafts/d.md", "a/e.md~"] {
            let path = dir.join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "x").unwrap();
        }
        let skip = |name: &str| name.starts_with('_') || name.ends_with('~');
        let found: Vec<_> = files_under(&dir, &skip)
            .unwrap()
            .iter()
            .map(|p| p.strip_prefix(&dir).unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(found, ["a/c.md", "b.md"]);
        assert!(
            files_under(&dir.join("none"), &|_| false)
                .unwrap()
                .is_empty()
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
