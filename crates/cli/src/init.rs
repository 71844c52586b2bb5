//! `quire init [DIR]`: a new site that holds only content.

use crate::config::Config;
use anyhow::{Context, Result, bail};
use std::path::{Path, PathBuf};

const CONFIG: &str = include_str!("../templates/site/_config.yml");
const ABOUT: &str = include_str!("../templates/site/about.md");
const FIRST_POST: &str = include_str!("../templates/site/first-post.md");
const GITIGNORE: &str = include_str!("../templates/site/gitignore");

/// The files of a new site, by relative path, for a site created on `today`
/// (`YYYY-MM-DD`).
pub fn files(today: &str) -> Vec<(String, String)> {
    let post = format!("{today}-hello-world.md");
    let first = FIRST_POST.replace("{date}", today).replace("{file}", &post);
    vec![
        ("_config.yml".into(), CONFIG.into()),
        (format!("posts/{post}"), first),
        ("pages/about.md".into(), ABOUT.into()),
        ("images/.gitkeep".into(), String::new()),
        (".gitignore".into(), GITIGNORE.into()),
    ]
}

/// Writes a new site into `dir`. Refuses a directory that has anything in
/// it unless `force`; even then, never overwrites a file.
pub fn init(dir: &Path, force: bool) -> Result<Vec<PathBuf>> {
    if dir.exists() && !dir.is_dir() {
        bail!("{} exists and is not a directory", dir.display());
    }
    let non_empty = dir.is_dir()
        && std::fs::read_dir(dir)
            .with_context(|| format!("cannot list {}", dir.display()))?
            .next()
            .is_some();
    if non_empty && !force {
        bail!(
            "{} is not empty; pick a new directory, or pass --force to add the site's files to it (existing files are kept)",
            dir.display()
        );
    }
    let today = Config::parse(CONFIG)
        .map_err(|e| anyhow::anyhow!("the built-in _config.yml: {e}"))?
        .now()
        .date_naive()
        .format("%Y-%m-%d")
        .to_string();
    let mut written = Vec::new();
    for (rel, text) in files(&today) {
        let path = dir.join(&rel);
        if path.exists() {
            continue;
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
        written.push(path);
    }
    Ok(written)
}

pub fn init_command(dir: &Path, force: bool) -> Result<()> {
    let written = init(dir, force)?;
    for path in &written {
        println!("created {}", path.display());
    }
    let shown = dir.display();
    println!(
        "\nA new Quire site is in {shown}. Next:\n  quire serve {shown}     # preview at http://127.0.0.1:8080, editor at /edit/\n  quire new \"A title\" --dir {shown}\n  quire build {shown}     # writes {shown}/public/, the folder to upload"
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_site_holds_only_content_and_its_first_post_parses_cleanly() {
        let files = files("2026-11-30");
        let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "_config.yml",
                "posts/2026-11-30-hello-world.md",
                "pages/about.md",
                "images/.gitkeep",
                ".gitignore"
            ]
        );
        let (path, text) = &files[1];
        let post = quire::parse_post(text, &Config::default().options(path));
        assert!(
            post.meta.diagnostics.is_empty(),
            "{:?}",
            post.meta.diagnostics
        );
        assert_eq!(post.meta.date.as_deref(), Some("2026-11-30"));
        assert!(post.has_more);
    }

    #[test]
    fn the_config_of_a_new_site_sets_every_documented_key() {
        let config = Config::parse(CONFIG).unwrap();
        assert_eq!(config.title, "My blog");
        for key in [
            "title:",
            "description:",
            "author:",
            "url:",
            "baseurl:",
            "timezone:",
            "paginate:",
            "permalink:",
            "excerpt_separator:",
            "future:",
            "unsafe_html:",
        ] {
            assert!(CONFIG.contains(key), "{key} is not in the new _config.yml");
        }
    }

    #[test]
    fn init_refuses_a_non_empty_directory_unless_forced_and_never_overwrites() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("_config.yml"), "title: Mine\n").unwrap();
        assert!(init(dir.path(), false).is_err());
        init(dir.path(), true).unwrap();
        assert_eq!(
            std::fs::read_to_string(dir.path().join("_config.yml")).unwrap(),
            "title: Mine\n"
        );
        assert!(dir.path().join("pages/about.md").is_file());
    }
}
