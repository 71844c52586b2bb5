//! `quire build DIR --out OUT`: the folder to upload.
//!
//! OUT holds the runtime (with the site's theme over it), the raw files of
//! the published posts and pages, the site's other static files and what
//! `site::outputs` generates. It is written aside and then put in place of
//! the previous OUT as a whole, so a rebuild drops what no longer exists,
//! and a failed build leaves the previous one untouched. Nothing is written
//! into the site directory but OUT itself when OUT is inside it.

use crate::runtime::{Runtime, THEME_DIR};
use crate::site::{self, Mode, is_markdown};
use anyhow::{Context, Result, bail};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Marks a folder as a Quire build, which the next build may replace.
pub const MARKER: &str = ".quire-build";

/// Where one output file comes from.
enum Source<'a> {
    Bytes(std::borrow::Cow<'a, [u8]>),
    File(PathBuf),
}

/// Folders and files of the site that are never copied to the output as
/// they are: hidden and `_` entries (configuration, includes, data), the
/// theme (laid over the runtime instead) and build outputs.
fn is_private(rel: &str, out_rel: Option<&str>) -> bool {
    let top = rel.split('/').next().unwrap_or_default();
    rel.split('/')
        .any(|s| s.starts_with('.') || s.starts_with('_') || s.ends_with('~'))
        || top == THEME_DIR
        || top == site::DEFAULT_OUT
        || out_rel.is_some_and(|out| rel == out || rel.starts_with(&format!("{out}/")))
}

/// Site files that are never copied to the output as static files.
fn is_excluded(rel: &str, out_rel: Option<&str>) -> bool {
    let name = rel.rsplit('/').next().unwrap_or_default();
    // Markdown is content: posts and pages go out only when published, and
    // any other Markdown (a README, notes) not at all.
    is_private(rel, out_rel) || is_markdown(name) || name.contains(".quire-tmp")
}

/// The site's static files (images and anything else that is not content
/// or configuration), as relative paths. Symlinks that leave the site are skipped.
fn static_files(dir: &Path, out_rel: Option<&str>) -> Result<Vec<(String, PathBuf)>> {
    fn walk(
        root: &Path,
        at: &Path,
        out_rel: Option<&str>,
        found: &mut Vec<(String, PathBuf)>,
    ) -> Result<()> {
        let entries =
            std::fs::read_dir(at).with_context(|| format!("cannot list {}", at.display()))?;
        for entry in entries {
            let entry = entry.with_context(|| format!("cannot list {}", at.display()))?;
            let path = entry.path();
            let rel = site::relative(root, &path);
            if is_private(&rel, out_rel) {
                continue;
            }
            let Ok(real) = path.canonicalize() else {
                continue;
            };
            if !real.starts_with(root) {
                continue;
            }
            if real.is_dir() {
                // Another build's output (an earlier `--out` inside the site) is not content.
                if real.join(MARKER).is_file() {
                    continue;
                }
                walk(root, &path, out_rel, found)?;
            } else if real.is_file() && !is_excluded(&rel, out_rel) {
                found.push((rel, real));
            }
        }
        Ok(())
    }
    let mut found = Vec::new();
    walk(dir, dir, out_rel, &mut found)?;
    found.sort();
    Ok(found)
}

/// Refuses an output folder that would overwrite the site or something
/// that is not a previous build.
fn check_out(dir: &Path, out: &Path) -> Result<()> {
    let out_abs = absolute(out)?;
    if dir.starts_with(&out_abs) {
        bail!(
            "the output folder {} contains the site; pick another (--out public)",
            out.display()
        );
    }
    if out_abs.exists() {
        if !out_abs.is_dir() {
            bail!("{} exists and is not a folder", out.display());
        }
        let empty = std::fs::read_dir(&out_abs)?.next().is_none();
        if !empty && !out_abs.join(MARKER).is_file() {
            bail!(
                "{} is not empty and was not written by quire build: it would be replaced; pick another folder with --out",
                out.display()
            );
        }
    }
    Ok(())
}

/// `path` made absolute, through its existing parent.
fn absolute(path: &Path) -> Result<PathBuf> {
    let path =
        std::path::absolute(path).with_context(|| format!("cannot resolve {}", path.display()))?;
    match (path.parent(), path.file_name()) {
        (Some(parent), Some(name)) if parent.exists() => Ok(parent.canonicalize()?.join(name)),
        _ => Ok(path),
    }
}

/// Writes `files` into a new folder beside `out`, then swaps it in.
fn write_folder(out: &Path, files: &BTreeMap<String, Source>) -> Result<()> {
    let out = absolute(out)?;
    let parent = out.parent().context("the output folder has no parent")?;
    std::fs::create_dir_all(parent)
        .with_context(|| format!("cannot create {}", parent.display()))?;
    let name = out
        .file_name()
        .context("the output folder has no name")?
        .to_string_lossy()
        .into_owned();
    let pid = std::process::id();
    let temp = parent.join(format!(".{name}.quire-tmp-{pid}"));
    let old = parent.join(format!(".{name}.quire-old-{pid}"));
    let _ = std::fs::remove_dir_all(&temp);
    let result = (|| -> Result<()> {
        // On every core: at 10,000 posts the files are most of a build's time.
        let files: Vec<(&String, &Source)> = files.iter().collect();
        let written = crate::parallel::map(&files, |&(rel, source)| -> Result<()> {
            let path = temp.join(rel);
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir)
                    .with_context(|| format!("cannot create {}", dir.display()))?;
            }
            match source {
                Source::Bytes(bytes) => std::fs::write(&path, bytes),
                Source::File(from) => std::fs::copy(from, &path).map(drop),
            }
            .with_context(|| format!("cannot write {}", path.display()))
        });
        written.into_iter().collect::<Result<()>>()?;
        std::fs::write(
            temp.join(MARKER),
            "Written by `quire build`; the next build replaces this folder.\n",
        )?;
        Ok(())
    })();
    if let Err(err) = result {
        let _ = std::fs::remove_dir_all(&temp);
        return Err(err);
    }
    if out.exists() {
        std::fs::rename(&out, &old)
            .with_context(|| format!("cannot move the previous {} aside", out.display()))?;
    }
    if let Err(err) = std::fs::rename(&temp, &out) {
        let _ = std::fs::rename(&old, &out);
        return Err(err).with_context(|| format!("cannot move the build into {}", out.display()));
    }
    remove_folder(&old);
    Ok(())
}

/// Removes `folder` and everything in it, its entries on every core; what
/// cannot be removed stays.
fn remove_folder(folder: &Path) {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    let entries: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    crate::parallel::map(&entries, |path| match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.is_dir() => std::fs::remove_dir_all(path),
        _ => std::fs::remove_file(path),
    });
    let _ = std::fs::remove_dir_all(folder);
}

pub fn build_command(dir: &Path, out: &Path, mode: Mode) -> Result<()> {
    let started = Instant::now();
    if !dir.is_dir() {
        bail!(
            "{} is not a directory (quire build DIR: the site, made by quire init)",
            dir.display()
        );
    }
    let dir = dir
        .canonicalize()
        .with_context(|| format!("cannot resolve {}", dir.display()))?;
    check_out(&dir, out)?;
    let runtime = Runtime::for_site(&dir);
    let site = site::load(&dir, &runtime, mode)?;
    if site.config.url.is_none() {
        eprintln!(
            "warning: `url` is not set in {}: the feed, sitemap and canonical links use http://localhost:8080",
            dir.join("_config.yml").display()
        );
    }
    for problem in &site.problems {
        eprintln!("{problem}");
    }
    let errors = site.errors().count();
    if errors > 0 {
        let files: BTreeSet<&str> = site.errors().map(|p| p.path.as_str()).collect();
        bail!(
            "{errors} error(s) in {} file(s); nothing was written (fix them, or set `draft: true` to leave a post out)",
            files.len()
        );
    }

    // Lowest precedence first: a later insert replaces an earlier one.
    let mut files: BTreeMap<String, Source> = BTreeMap::new();
    let out_rel = absolute(out)?
        .strip_prefix(&dir)
        .ok()
        .map(|p| p.to_string_lossy().replace('\\', "/"));
    for (rel, path) in static_files(&dir, out_rel.as_deref())? {
        files.insert(rel, Source::File(path));
    }
    for rel in runtime.files()? {
        if files.contains_key(&rel) {
            eprintln!(
                "warning: {rel} in the site is a file of Quire's runtime; the runtime's is used (put it in {THEME_DIR}/{rel} to replace it)"
            );
        }
        let bytes = runtime.get(&rel)?.expect("listed");
        files.insert(rel, Source::Bytes(bytes));
    }
    for entry in site.posts.iter().chain(&site.pages) {
        files.insert(entry.path.clone(), Source::File(dir.join(&entry.path)));
    }
    let generated = site::outputs(&site, mode)?;
    for (rel, bytes) in &generated {
        files.insert(rel.clone(), Source::Bytes(bytes.as_slice().into()));
    }
    write_folder(out, &files)?;

    let (drafts_hidden, future_hidden) = site.hidden;
    let mut left_out = Vec::new();
    if drafts_hidden > 0 {
        left_out.push(format!("{drafts_hidden} draft(s)"));
    }
    if future_hidden > 0 {
        left_out.push(format!("{future_hidden} dated in the future"));
    }
    eprintln!(
        "built {} post(s) and {} page(s) into {} ({} files) in {:.0?}{}{}",
        site.posts.len(),
        site.pages.len(),
        out.display(),
        files.len() + 1,
        started.elapsed(),
        if left_out.is_empty() {
            ""
        } else {
            "; left out "
        },
        left_out.join(", ")
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_configuration_and_private_files_are_not_static_files() {
        for private in [
            "_config.yml",
            "_drafts/a.png",
            ".git/config",
            "notes.md",
            "drafts/README.markdown",
            "theme/css/site.css",
            "public/index.html",
            "posts/2024-01-01-a.md",
            "a.txt~",
        ] {
            assert!(is_excluded(private, None), "{private} would be published");
        }
        for public in [
            "images/a.png",
            "favicon.ico",
            "posts/2024/hello/diagram.svg",
        ] {
            assert!(!is_excluded(public, None), "{public} would be left out");
        }
        assert!(is_excluded("out/x.html", Some("out")));
    }
}
