//! `quire import jekyll|hugo|zola SOURCE [SITE]`: a Quire site made from a
//! Jekyll, Hugo or Zola one, and a report of what will not render the same.
//!
//! SOURCE is only read. Each kind's module turns it into a
//! [`Plan`](plan::Plan): the files to write into SITE (copies, or texts
//! such as the new `_config.yml` and drafts with `draft: true` added) and
//! the findings met on the way (skipped folders, settings Quire has no
//! equivalent for). [`write::write`] then puts the files in place, each
//! written aside and renamed, never over an existing file; the report adds
//! what the core says of every imported post and page when parsed with the
//! site's context ([`review::site_context`]), and is printed and saved as
//! `SITE/_import-report.md` (a `_` name: never published, never read as
//! content).

mod content;
mod front_matter;
mod hugo;
mod jekyll;
mod kind;
mod permalink;
mod plan;
mod report;
mod review;
mod settings;
mod source;
mod write;
mod zola;

pub use kind::Kind;
pub use report::Report;

use anyhow::{Context, Result, bail};
use kind::detect;
use std::path::{Path, PathBuf};
use write::write_aside;

/// What the report is saved as in the new site.
pub const REPORT_FILE: &str = "_import-report.md";

/// Imports SOURCE into SITE. Refuses a SITE with anything in it unless
/// `force`; even then, never overwrites a file (the ones kept are reported).
pub fn import(kind: Kind, source: &Path, site: &Path, force: bool) -> Result<Report> {
    if !source.exists() {
        bail!("{} does not exist", source.display());
    }
    if !source.is_dir() {
        bail!(
            "{} is not a folder: give the folder of the {} site",
            source.display(),
            kind.name()
        );
    }
    match detect(source) {
        Some(found) if found == kind => {}
        Some(found) => bail!(
            "{} looks like a {} site, not a {} one (a {} site has {}); run `quire import {} {}`",
            source.display(),
            found.name(),
            kind.name(),
            kind.name(),
            kind.layout(),
            found.command(),
            source.display()
        ),
        None => bail!(
            "{} is not a {} site: it should have {}",
            source.display(),
            kind.name(),
            kind.layout()
        ),
    }
    if site.exists() && !site.is_dir() {
        bail!("{} exists and is not a directory", site.display());
    }
    let source_abs = source
        .canonicalize()
        .with_context(|| format!("cannot resolve {}", source.display()))?;
    let site_abs =
        std::path::absolute(site).with_context(|| format!("cannot resolve {}", site.display()))?;
    let site_abs = site_abs.canonicalize().unwrap_or(site_abs);
    if site_abs.starts_with(&source_abs) || source_abs.starts_with(&site_abs) {
        bail!(
            "{} and {} overlap: the new site must be outside the source (which is never modified), and the other way round",
            site.display(),
            source.display()
        );
    }
    let non_empty = site.is_dir()
        && std::fs::read_dir(site)
            .with_context(|| format!("cannot list {}", site.display()))?
            .next()
            .is_some();
    if non_empty && !force {
        bail!(
            "{} is not empty; pick a new directory, or pass --force to add the imported files to it (existing files are kept)",
            site.display()
        );
    }

    let plan = match kind {
        Kind::Jekyll => jekyll::plan(source)?,
        Kind::Hugo => hugo::plan(source)?,
        Kind::Zola => zola::plan(source)?,
    };
    let mut report = Report::new(kind, source, site);
    write::write(site, plan, &mut report)?;
    review::review(site, &mut report);
    Ok(report)
}

/// `quire import KIND SOURCE [SITE]`.
pub fn import_command(kind: Kind, source: &Path, site: Option<&Path>, force: bool) -> Result<()> {
    let site = match site {
        Some(site) => site.to_path_buf(),
        None => default_site(source)?,
    };
    let report = import(kind, source, &site, force)?;
    let text = report.render();
    print!("{text}");
    let file = site.join(REPORT_FILE);
    if file.exists() {
        println!(
            "\n{} already exists: this report was not saved there.",
            file.display()
        );
    } else {
        write_aside(&file, |temp| {
            std::fs::write(temp, &text).with_context(|| format!("cannot write {}", temp.display()))
        })?;
        println!(
            "\nThis report is saved as {} (never published).",
            file.display()
        );
    }
    let shown = site.display();
    println!(
        "Next:\n  quire serve {shown}     # preview at http://127.0.0.1:8080\n  quire build {shown}     # writes {shown}/public/"
    );
    Ok(())
}

/// `./<source folder name>-quire`.
fn default_site(source: &Path) -> Result<PathBuf> {
    let abs = std::path::absolute(source)
        .with_context(|| format!("cannot resolve {}", source.display()))?;
    let name = abs
        .components()
        .rev()
        .find_map(|c| match c {
            std::path::Component::Normal(n) => Some(n.to_string_lossy().into_owned()),
            _ => None,
        })
        .unwrap_or_else(|| "site".into());
    Ok(PathBuf::from(format!("{name}-quire")))
}
