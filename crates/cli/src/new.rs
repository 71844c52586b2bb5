//! `quire new "Title"`: a new post file with its front matter filled in.

use crate::config::Config;
use anyhow::{Context, Result, bail};
use std::io::Write;
use std::path::{Path, PathBuf};

/// The text of a new post.
pub fn template(title: &str, date: &str) -> String {
    // A JSON string is a valid YAML double-quoted scalar: any title survives.
    let title = serde_json::to_string(title).expect("a string serializes");
    format!(
        "---\ntitle: {title}\ndate: {date}\ntags: []\n---\n\nThe first paragraph is the excerpt on the home page.\n\n<!--more-->\n\nThe rest of the post.\n"
    )
}

/// Creates `DIR/posts/YYYY-MM-DD-slug.md` dated today in the site's time
/// zone; never overwrites a file. Returns its path.
pub fn create(dir: &Path, title: &str) -> Result<PathBuf> {
    let title = title.trim();
    if title.is_empty() {
        bail!("the title is empty: quire new \"My first post\"");
    }
    let config = Config::load(dir)?;
    let slug = quire::slugify(title);
    if slug.is_empty() {
        bail!("the title {title:?} has no letters or digits to name the file after");
    }
    let date = config.now().date_naive().format("%Y-%m-%d").to_string();
    let posts = dir.join("posts");
    std::fs::create_dir_all(&posts)
        .with_context(|| format!("cannot create {}", posts.display()))?;
    let path = posts.join(format!("{date}-{slug}.md"));
    let mut file = match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
    {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            bail!(
                "{} already exists; pick another title or edit that post",
                path.display()
            )
        }
        Err(e) => return Err(e).with_context(|| format!("cannot create {}", path.display())),
    };
    file.write_all(template(title, &date).as_bytes())
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(path)
}

pub fn new_command(dir: &Path, title: &str) -> Result<()> {
    let path = create(dir, title)?;
    println!("{}", path.display());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_post_parses_with_its_title_and_date() {
        let text = template("Lessons: part \"2\"", "2026-11-25");
        let post = quire::parse_post(&text, &quire::Options::default());
        assert_eq!(post.title.as_deref(), Some("Lessons: part \"2\""));
        assert_eq!(post.date.as_deref(), Some("2026-11-25"));
        assert!(post.diagnostics.is_empty(), "{:?}", post.diagnostics);
        assert!(post.has_more);
    }
}
