//! `quire new "Title"`: a new post file with its front matter filled in.

use crate::config::Config;
use anyhow::{Context, Result, bail};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Creates `DIR/posts/YYYY-MM-DD-slug.md` dated today in the site's time
/// zone, named and filled in by the core (a draft until published); never
/// overwrites a file. Returns its path.
pub fn create(dir: &Path, title: &str) -> Result<PathBuf> {
    let title = title.trim();
    if title.is_empty() {
        bail!("the title is empty: quire new \"My first post\"");
    }
    let config = Config::load(dir)?;
    let date = config.site_now().today();
    let name = quire::new_post_file_name(title, &date).expect("today is a date");
    let text = quire::new_post_source(title, &date).expect("today is a date");
    let posts = dir.join("posts");
    std::fs::create_dir_all(&posts)
        .with_context(|| format!("cannot create {}", posts.display()))?;
    let path = posts.join(name);
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
    file.write_all(text.as_bytes())
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(path)
}

pub fn new_command(dir: &Path, title: &str) -> Result<()> {
    let path = create(dir, title)?;
    println!("{}", path.display());
    Ok(())
}
