//! The reader and author runtime (`www/`: the shell's HTML, JS and CSS, the
//! wasm package, highlight.js, KaTeX and CodeMirror), embedded in the binary
//! at compile time, with the site's `theme/` folder laid over it.
//!
//! A theme file takes the place of the embedded file at the same path
//! (`theme/css/site.css` replaces the stylesheet, `theme/index.html` the
//! page template) or adds one (`theme/fonts/x.woff2`). Three more names
//! change every page without copying the template:
//! - `theme/header.html` replaces the template's `<header class="site-header">`,
//! - `theme/footer.html` replaces its `<footer class="site-footer">`,
//! - `theme/css/custom.css` is linked after the stylesheet.

use anyhow::{Context, Result, bail};
use std::borrow::Cow;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The site's theme folder.
pub const THEME_DIR: &str = "theme";
/// The extra stylesheet a theme may add (linked after `css/site.css`).
pub const CUSTOM_CSS: &str = "css/custom.css";

#[derive(rust_embed::Embed)]
#[folder = "../../www/"]
#[include = "index.html"]
#[include = "edit.html"]
#[include = "css/**"]
#[include = "js/**"]
#[include = "pkg/quire.js"]
#[include = "pkg/quire_bg.wasm"]
#[include = "pkg-full/quire.js"]
#[include = "pkg-full/quire_bg.wasm"]
#[include = "pkg-search/quire.js"]
#[include = "pkg-search/quire_bg.wasm"]
#[include = "vendor/**"]
struct Embedded;

/// The embedded runtime, with a site's theme over it.
#[derive(Debug, Clone)]
pub struct Runtime {
    theme: Option<PathBuf>,
}

impl Runtime {
    /// The runtime for the site in `site_dir` (its `theme/`, if any).
    pub fn for_site(site_dir: &Path) -> Runtime {
        let theme = site_dir.join(THEME_DIR);
        Runtime {
            theme: theme.is_dir().then_some(theme),
        }
    }

    /// The embedded runtime alone.
    #[cfg(test)]
    pub fn embedded() -> Runtime {
        Runtime { theme: None }
    }

    /// The theme's file for `rel`, if it has one (and it stays in the theme).
    fn theme_file(&self, rel: &str) -> Option<PathBuf> {
        let theme = self.theme.as_ref()?;
        if rel
            .split('/')
            .any(|s| s.is_empty() || s == "." || s == "..")
            || rel.contains('\\')
        {
            return None;
        }
        let path = theme.join(rel);
        let real = path.canonicalize().ok()?;
        (real.is_file() && real.starts_with(theme.canonicalize().ok()?)).then_some(real)
    }

    /// A runtime file (`js/app.js`), the theme's if it has one.
    pub fn get(&self, rel: &str) -> Result<Option<Cow<'static, [u8]>>> {
        if let Some(path) = self.theme_file(rel) {
            let bytes =
                std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
            return Ok(Some(Cow::Owned(bytes)));
        }
        Ok(Embedded::get(rel).map(|file| file.data))
    }

    /// Every runtime file, embedded and theme, as `/`-separated paths. The
    /// theme's partials are part of the template, not files of their own.
    pub fn files(&self) -> Result<BTreeSet<String>> {
        let mut files: BTreeSet<String> = Embedded::iter().map(Cow::into_owned).collect();
        if let Some(theme) = &self.theme {
            walk(theme, theme, &mut files)?;
        }
        files.remove("header.html");
        files.remove("footer.html");
        Ok(files)
    }

    /// The page template: `index.html` with the theme's header, footer and
    /// extra stylesheet put in.
    pub fn template(&self) -> Result<String> {
        let text = self.text("index.html")?;
        let mut text = text;
        for (partial, tag) in [("header.html", "header"), ("footer.html", "footer")] {
            if let Some(path) = self.theme_file(partial) {
                let with = std::fs::read_to_string(&path)
                    .with_context(|| format!("cannot read {}", path.display()))?;
                text = replace_element(&text, tag, &format!("site-{tag}"), with.trim_end())
                    .with_context(|| {
                        format!(
                            "{}: the page template has no <{tag} class=\"site-{tag}\"> … </{tag}> to replace",
                            path.display()
                        )
                    })?;
            }
        }
        if self.theme_file(CUSTOM_CSS).is_some() {
            let link = "<link rel=\"stylesheet\" href=\"css/site.css\">";
            let extra = format!("{link}\n  <link rel=\"stylesheet\" href=\"{CUSTOM_CSS}\">");
            text = match text.find(link) {
                Some(_) => text.replacen(link, &extra, 1),
                None => match text.find("</head>") {
                    Some(at) => format!(
                        "{}  <link rel=\"stylesheet\" href=\"{CUSTOM_CSS}\">\n{}",
                        &text[..at],
                        &text[at..]
                    ),
                    None => text,
                },
            };
        }
        Ok(text)
    }

    fn text(&self, rel: &str) -> Result<String> {
        let Some(bytes) = self.get(rel)? else {
            bail!("the runtime has no {rel}");
        };
        String::from_utf8(bytes.into_owned()).with_context(|| format!("{rel} is not UTF-8"))
    }
}

/// Replaces the first `<tag class="class" …>…</tag>` of `text` with `with`.
fn replace_element(text: &str, tag: &str, class: &str, with: &str) -> Option<String> {
    let open = format!("<{tag} class=\"{class}\"");
    let start = text.find(&open)?;
    let close = format!("</{tag}>");
    let end = start + text[start..].find(&close)? + close.len();
    Some(format!("{}{with}{}", &text[..start], &text[end..]))
}

fn walk(root: &Path, at: &Path, out: &mut BTreeSet<String>) -> Result<()> {
    for entry in std::fs::read_dir(at).with_context(|| format!("cannot list {}", at.display()))? {
        let entry = entry.with_context(|| format!("cannot list {}", at.display()))?;
        let name = entry.file_name();
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        let path = entry.path();
        if path.is_dir() {
            walk(root, &path, out)?;
        } else if path.is_file() {
            out.insert(crate::site::relative(root, &path));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_binary_carries_the_shell_the_three_wasm_modules_and_the_vendored_libraries() {
        let files = Runtime::embedded().files().unwrap();
        for needed in [
            "index.html",
            "edit.html",
            "js/app.js",
            "css/site.css",
            "pkg/quire.js",
            "pkg/quire_bg.wasm",
            "pkg-full/quire.js",
            "pkg-full/quire_bg.wasm",
            "pkg-search/quire.js",
            "pkg-search/quire_bg.wasm",
            "vendor/codemirror/codemirror.js",
        ] {
            assert!(files.contains(needed), "{needed} is not embedded");
        }
        assert!(
            !files
                .iter()
                .any(|f| f.starts_with("posts/") || f.ends_with(".md")),
            "content is embedded: {files:?}"
        );
    }

    #[test]
    fn a_theme_replaces_files_partials_and_adds_a_stylesheet() {
        let site = tempfile::tempdir().unwrap();
        let theme = site.path().join("theme/css");
        std::fs::create_dir_all(&theme).unwrap();
        std::fs::write(theme.join("custom.css"), "body { color: red }").unwrap();
        std::fs::write(
            site.path().join("theme/header.html"),
            "<header class=\"site-header\">My header</header>\n",
        )
        .unwrap();
        let runtime = Runtime::for_site(site.path());
        let template = runtime.template().unwrap();
        assert!(template.contains("My header"), "{template}");
        assert!(!template.contains("class=\"site-title\""), "{template}");
        assert!(template.contains("href=\"css/custom.css\""), "{template}");
        assert_eq!(
            runtime.get(CUSTOM_CSS).unwrap().unwrap().as_ref(),
            b"body { color: red }"
        );
        let files = runtime.files().unwrap();
        assert!(files.contains(CUSTOM_CSS) && !files.contains("header.html"));
    }

    #[test]
    fn theme_paths_cannot_leave_the_theme() {
        let site = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(site.path().join("theme")).unwrap();
        std::fs::write(site.path().join("secret.txt"), "x").unwrap();
        let runtime = Runtime::for_site(site.path());
        assert!(runtime.get("../secret.txt").unwrap().is_none());
    }
}
