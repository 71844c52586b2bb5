//! A Hugo or Zola `content/` folder: where its posts, pages and the files of
//! their bundles go in the new site.

use super::front_matter::has_front_matter;
use super::plan::{Plan, Role};
use super::source::{files_under, join, read_text};
use crate::site::is_markdown;
use anyhow::Result;
use std::collections::BTreeMap;
use std::path::Path;

/// The markdown files and bundles of a `content/` folder (Hugo, Zola):
/// posts go to `posts/`, pages to `pages/`, the files beside them are
/// copied beside them; `_index.md` (a section's list page) is skipped.
pub struct Content<'a> {
    pub source: &'a Path,
    /// Whether a file goes to posts/: (source-relative path under
    /// content/, its text).
    pub is_post: &'a dyn Fn(&str, &str) -> bool,
    /// Where a post's path under content/ goes under posts/.
    pub post_dest: &'a dyn Fn(&str) -> String,
    pub generator: &'a str,
}

impl Content<'_> {
    pub fn plan(&self, plan: &mut Plan) -> Result<()> {
        let files = files_under(self.source, "content")?;
        // A bundle's folder goes where its index.md goes.
        let mut bundles: BTreeMap<String, String> = BTreeMap::new();
        let mut markdown = Vec::new();
        for file in &files {
            let inner = file.trim_start_matches("content/");
            let name = inner.rsplit('/').next().unwrap_or_default();
            if name.starts_with('.') {
                continue;
            }
            if is_markdown(name) && !name.starts_with("_index.") {
                markdown.push(inner.to_string());
            }
        }
        let mut placed: BTreeMap<String, String> = BTreeMap::new();
        for inner in &markdown {
            let text = read_text(self.source, &format!("content/{inner}"))?;
            let dest = if (self.is_post)(inner, &text) {
                format!("posts/{}", (self.post_dest)(inner))
            } else {
                format!("pages/{inner}")
            };
            let name = inner.rsplit('/').next().unwrap_or_default();
            if name.starts_with("index.")
                && let Some((folder, _)) = inner.rsplit_once('/')
            {
                let to = dest.rsplit_once('/').map_or("", |(f, _)| f).to_string();
                bundles.insert(folder.to_string(), to);
            }
            placed.insert(inner.clone(), dest);
        }
        for file in files {
            let inner = file.trim_start_matches("content/").to_string();
            let name = inner.rsplit('/').next().unwrap_or_default().to_string();
            if name.starts_with('.') {
                plan.skip_because(&file, "hidden file not imported");
                continue;
            }
            if name.starts_with("_index.") {
                plan.skip(
                    &file,
                    "section list page (_index.md) not imported: Quire's home and archive list the posts",
                    format!(
                        "{} section page not imported: Quire's home and archive list the posts",
                        self.generator
                    ),
                );
                continue;
            }
            if let Some(dest) = placed.get(&inner) {
                let role = if dest.starts_with("posts/") {
                    Role::Post
                } else {
                    Role::Page
                };
                plan.copy(dest.clone(), self.source, &file, role);
                continue;
            }
            let lower = name.to_ascii_lowercase();
            if (lower.ends_with(".html") || lower.ends_with(".htm"))
                && read_text(self.source, &file).is_ok_and(|t| has_front_matter(&t))
            {
                plan.skip_because(
                    &file,
                    "HTML content page not imported: Quire pages are Markdown",
                );
                continue;
            }
            // A resource: beside its bundle's index.md, else at its path
            // under the section (where the generator published it).
            let bundle = bundles
                .iter()
                .rev()
                .find(|(folder, _)| inner.starts_with(&format!("{folder}/")));
            let dest = match bundle {
                Some((folder, to)) => join(to, &inner[folder.len() + 1..]),
                None => inner.clone(),
            };
            plan.copy(dest, self.source, &file, Role::Static);
        }
        self.bundle_links(&placed, &bundles, plan)?;
        Ok(())
    }

    /// A bundle's post linking to its files by a relative name: Quire
    /// resolves it against the site root (`<base href="/">`), not the folder.
    fn bundle_links(
        &self,
        placed: &BTreeMap<String, String>,
        bundles: &BTreeMap<String, String>,
        plan: &mut Plan,
    ) -> Result<()> {
        for (inner, dest) in placed {
            let Some((folder, name)) = inner.rsplit_once('/') else {
                continue;
            };
            if !name.starts_with("index.") || !bundles.contains_key(folder) {
                continue;
            }
            let resources: Vec<String> = files_under(self.source, &format!("content/{folder}"))?
                .into_iter()
                .map(|f| f[format!("content/{folder}/").len()..].to_string())
                .filter(|r| !is_markdown(r.rsplit('/').next().unwrap_or_default()))
                .collect();
            if resources.is_empty() {
                continue;
            }
            let text = read_text(self.source, &format!("content/{inner}"))?;
            let text = quire::normalize_source(&text);
            let to = dest.rsplit_once('/').map_or("", |(f, _)| f);
            for (n, line) in text.lines().enumerate() {
                for resource in &resources {
                    let linked = ["(", "(./", "\"", "\"./", "'", "'./"]
                        .iter()
                        .any(|open| line.contains(&format!("{open}{resource}")));
                    if linked {
                        plan.warn(
                            dest,
                            n + 1,
                            "a link to a file of the page bundle resolves against the site root in Quire, not the bundle's folder",
                            format!("`{resource}` resolves to /{resource} in Quire: write `{}` (where the file was copied)", join(to, resource)),
                        );
                    }
                }
            }
        }
        Ok(())
    }
}
