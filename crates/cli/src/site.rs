//! Reading a site directory: its config, posts and pages (each parsed, with
//! where it lives and when it is published), and the problems found; then
//! [`outputs`], what `quire build` writes and `quire serve` serves from memory,
//! composed from `pages.rs` (prerendered pages), `index.rs` (the site index),
//! `feed.rs`, `sitemap.rs` and `search.rs`.

use crate::config::Config;
use crate::context::SiteFiles;
use crate::entry::Entry;
use crate::html::{Head, Template};
use crate::runtime::Runtime;
use crate::walk::files_under;
use anyhow::{Result, anyhow};
use quire::{Post, Severity, SiteContext};
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::io::IsTerminal;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

/// Where `quire build` writes, under the site directory, unless told otherwise.
pub const DEFAULT_OUT: &str = "public";
/// Generated files, by path relative to the site directory.
pub type Outputs = BTreeMap<String, Vec<u8>>;

/// Which posts a site shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mode {
    /// Keep drafts (marked as such).
    pub drafts: bool,
    /// Keep posts dated in the future, whatever the config's `future` says.
    pub future: bool,
    /// The EventSource URL the shell listens to, under `quire serve`.
    pub live: bool,
}

impl Mode {
    /// `quire serve`: drafts shown, live reload.
    pub const SERVE: Mode = Mode {
        drafts: true,
        future: false,
        live: true,
    };

    /// `quire build [--drafts] [--future]`.
    pub fn build(drafts: bool, future: bool) -> Mode {
        Mode {
            drafts,
            future,
            live: false,
        }
    }
}

/// One problem in one file, printed `path:line:column: message`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub severity: Severity,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (path, line, column) = (&self.path, self.line.max(1), self.column.max(1));
        match self.severity {
            Severity::Error => write!(f, "{path}:{line}:{column}: {}", self.message),
            Severity::Warning => write!(f, "{path}:{line}:{column}: warning: {}", self.message),
        }
    }
}

/// Everything read from a site directory.
pub struct Site {
    pub config: Config,
    /// Shown posts, newest first.
    pub posts: Vec<Entry>,
    pub pages: Vec<Entry>,
    /// Every error and warning, in file order.
    pub problems: Vec<Problem>,
    /// Posts left out: (drafts, dated in the future).
    pub hidden: (usize, usize),
    pub template: Template,
    /// What Liquid and shortcodes saw.
    pub context: Arc<SiteContext>,
    /// What the published posts name of it (what readers get of it).
    pub uses: quire::Uses,
}

impl Site {
    /// The page the shell boots from on the routes only it knows (`/edit/…`):
    /// the template with the site's base and a loading status in `<main>`.
    pub fn shell_page(&self) -> String {
        let head = Head {
            title: String::new(),
            description: None,
            path: "/".into(),
            og_type: "website",
            engine: crate::html::Engine::None,
            fetches: vec![crate::index::INDEX_FILE.to_string()],
        };
        let main = "<p class=\"status\" role=\"status\">Loading…</p>\n";
        self.template.page(&self.config, &head, "", main)
    }

    pub fn errors(&self) -> impl Iterator<Item = &Problem> {
        self.problems
            .iter()
            .filter(|p| p.severity == Severity::Error)
    }
}

/// Whether a file name is a post or page source (what `build` reads and
/// `serve` watches).
pub fn is_markdown(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    !name.starts_with('.')
        && [".md", ".markdown", ".mdown", ".mkd"]
            .iter()
            .any(|ext| name.ends_with(ext))
}

/// `path` relative to `root` (which it is under), `/`-separated.
pub fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).expect("under root");
    let parts: Vec<_> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect();
    parts.join("/")
}

/// Markdown files under `dir/sub`, sorted, as `/`-separated paths relative
/// to `dir`. Names starting with `_` (Jekyll's private folders) and editor
/// backups (`~`) are not content.
fn markdown_files(dir: &Path, sub: &str) -> Result<Vec<String>> {
    let skip = |name: &str| name.starts_with('_') || name.ends_with('~');
    Ok(files_under(&dir.join(sub), &skip)?
        .iter()
        .filter(|path| is_markdown(&path.file_name().unwrap_or_default().to_string_lossy()))
        .map(|path| relative(dir, path))
        .collect())
}

/// The parses of the last [`load`], by file: `quire serve` keeps one, so a
/// rebuild parses again only the files whose text or options changed.
/// Files whose Liquid or shortcodes read the site are never kept: the site
/// they see changes with every other file.
#[derive(Default)]
pub struct Parsed {
    files: HashMap<String, Kept>,
}

struct Kept {
    /// The file's size and modification time, taken before it was read.
    stamp: Option<Stamp>,
    /// The text's [`Fingerprint`], and the options it was parsed with.
    text: Fingerprint,
    options: quire::Options,
    /// Shared with the site built from it: a rebuild takes it without a copy.
    post: Arc<Post>,
    /// The file needs the template engines.
    engines: bool,
}

impl Kept {
    fn new(
        stamp: Option<Stamp>,
        text: Fingerprint,
        options: quire::Options,
        post: &Arc<Post>,
        engines: bool,
    ) -> Kept {
        Kept {
            stamp,
            text,
            options,
            post: Arc::clone(post),
            engines,
        }
    }
}

/// A file's size and modification time.
type Stamp = (u64, std::time::SystemTime);

/// A file modified less than this before it is looked at has no stamp: it
/// is read again each time (the file system's clock is coarse: a second
/// write of the same length could otherwise keep the first one's time).
const RECENT: std::time::Duration = std::time::Duration::from_secs(2);

/// The file's stamp, or `None` if it cannot be read or changed recently.
fn stamp_of(path: &Path) -> Option<Stamp> {
    let meta = std::fs::metadata(path).ok()?;
    let modified = meta.modified().ok()?;
    let age = std::time::SystemTime::now().duration_since(modified).ok()?;
    (age >= RECENT).then_some((meta.len(), modified))
}

impl Parsed {
    /// The kept parse of a file whose size and modification time are still
    /// `stamp`, with the same options: it need not be read again. (The
    /// stamp is taken before a file is read, so a write while it was read
    /// shows as a change the next time.)
    fn unchanged(
        &self,
        rel: &str,
        stamp: Option<Stamp>,
        options: &quire::Options,
    ) -> Option<&Kept> {
        let kept = self.files.get(rel)?;
        (stamp.is_some() && kept.stamp == stamp && kept.options == *options).then_some(kept)
    }

    fn get(&self, rel: &str, text: Fingerprint, options: &quire::Options) -> Option<&Arc<Post>> {
        let kept = self.files.get(rel)?;
        (kept.text == text && kept.options == *options).then_some(&kept.post)
    }
}

/// A text's length and hash: what tells a file's new text from its last one.
type Fingerprint = (usize, u64);

fn fingerprint(text: &str) -> Fingerprint {
    use std::hash::{DefaultHasher, Hash, Hasher};
    let mut hasher = DefaultHasher::new();
    text.hash(&mut hasher);
    (text.len(), hasher.finish())
}

/// Reads and parses one file, or takes its parse from `parsed` when neither
/// its text nor its options changed. A file that vanished or cannot be read
/// (deleted or being written while we rebuild) is a problem, not a crash.
/// Runs for many files at once: what it finds is in the returned [`Read`].
fn read_entry(dir: &Path, rel: &str, config: &Config, parsed: &Parsed) -> Read {
    let mut read = Read {
        post: None,
        engines: false,
        pending: None,
        keep: None,
        problems: Vec::new(),
    };
    let problem = |message: String| Problem {
        path: rel.to_string(),
        line: 1,
        column: 1,
        severity: Severity::Error,
        message,
    };
    let path = dir.join(rel);
    let options = config.options(rel);
    let stamp = stamp_of(&path);
    if let Some(kept) = parsed.unchanged(rel, stamp, &options) {
        report(rel, &kept.post, &mut read.problems);
        read.post = Some(Arc::clone(&kept.post));
        read.engines = kept.engines;
        return read;
    }
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(e) => {
            read.problems
                .push(problem(format!("cannot read the file: {e}")));
            return read;
        }
    };
    // A file read with a problem of its own (not UTF-8) is read again each time, to report it.
    let mut stamp = stamp;
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let before = &e.as_bytes()[..at];
            let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
            let column = at
                - before
                    .iter()
                    .rposition(|&b| b == b'\n')
                    .map_or(0, |p| p + 1)
                + 1;
            read.problems.push(Problem {
                line,
                column,
                ..problem("the file is not valid UTF-8; invalid bytes are shown as \u{FFFD}".into())
            });
            stamp = None;
            String::from_utf8_lossy(e.as_bytes()).into_owned()
        }
    };
    read.engines = quire::needs_engines(&text);
    let print = fingerprint(&text);
    if let Some(post) = parsed.get(rel, print, &options) {
        // Touched but not changed: kept again under its new stamp.
        report(rel, post, &mut read.problems);
        read.keep = Some(Kept::new(stamp, print, options, post, read.engines));
        read.post = Some(Arc::clone(post));
        return read;
    }
    let post = Arc::new(quire::parse_post(&text, &options));
    if quire::uses_site_context(&text) {
        // Rendered again once the site is known; its problems then.
        read.post = Some(post);
        read.pending = Some(text);
        return read;
    }
    report(rel, &post, &mut read.problems);
    read.keep = Some(Kept::new(stamp, print, options, &post, read.engines));
    read.post = Some(post);
    read
}

/// A file read: its post (none if it could not be read), its text when
/// Liquid or shortcodes need the whole site to render it (see [`load`]),
/// the parse to keep for the next load, and the problems found.
struct Read {
    post: Option<Arc<Post>>,
    /// The file needs the template engines (the core's rule): its page preloads the full module.
    engines: bool,
    pending: Option<String>,
    keep: Option<Kept>,
    problems: Vec<Problem>,
}

fn report(rel: &str, post: &Post, problems: &mut Vec<Problem>) {
    problems.extend(post.meta.diagnostics.iter().map(|d| Problem {
        path: rel.to_string(),
        line: d.line,
        column: d.column,
        severity: d.severity,
        message: d.message.clone(),
    }));
}

/// The folders of the output that Quire keeps for itself: the runtime (`pkg`, `pkg-full`,
/// `pkg-search`, `js`, `css`, `vendor`), the raw posts and pages, the server's `_quire`. No post
/// or page is published under them.
pub const RESERVED_FOLDERS: [&str; 9] = [
    "pkg",
    "pkg-full",
    "pkg-search",
    "js",
    "css",
    "vendor",
    "posts",
    "pages",
    "_quire",
];

/// The file a permalink is written to, relative to the site directory;
/// `None` if the permalink leaves the site or names a source file.
pub fn output_file(permalink: &str) -> Option<String> {
    let path = permalink.trim_start_matches('/');
    let bad = |s: &str| s == ".." || s == "." || s.contains('\\') || s.contains('\0');
    if path.split('/').any(bad) || permalink.contains("//") {
        return None;
    }
    let file = if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else if path
        .rsplit('/')
        .next()
        .is_some_and(|last| last.contains('.'))
    {
        path.to_string()
    } else {
        format!("{path}/index.html")
    };
    let reserved = [
        "index.html",
        "edit.html",
        "404.html",
        "feed.xml",
        "sitemap.xml",
        "_config.yml",
    ];
    let source = [".md", ".markdown", ".js", ".css", ".wasm", ".json"];
    let top = file.split('/').next().unwrap_or_default();
    if reserved.contains(&file.as_str())
        || source.iter().any(|ext| file.ends_with(ext))
        || RESERVED_FOLDERS.contains(&top)
    {
        return None;
    }
    Some(file)
}

/// Reads every post and page of `dir`.
pub fn load(dir: &Path, runtime: &Runtime, mode: Mode) -> Result<Site> {
    load_again(dir, runtime, mode, &mut Parsed::default())
}

/// [`load`], parsing only the files whose text or options changed since the
/// load that filled `parsed` (which is then brought up to date).
pub fn load_again(dir: &Path, runtime: &Runtime, mode: Mode, parsed: &mut Parsed) -> Result<Site> {
    let config = Config::load(dir)?;
    let template = Template::new(runtime.template()?)
        .map_err(|e| anyhow!("the page template (theme/index.html or the built-in one): {e}"))?;

    let started = Instant::now();
    let post_files = markdown_files(dir, "posts")?;
    let page_files = markdown_files(dir, "pages")?;
    let total = post_files.len() + page_files.len();
    let progress = total >= 500 && std::io::stderr().is_terminal();
    let now = config.site_now();

    let mut problems = Vec::new();
    let mut posts = Vec::new();
    let mut pages = Vec::new();
    let mut hidden = (0, 0);
    let mut pending = Vec::new();
    let mut taken: HashMap<String, String> = HashMap::new();
    let mut claim = |entry: &Entry, problems: &mut Vec<Problem>| -> bool {
        let error = |message: String| Problem {
            path: entry.path.clone(),
            line: 1,
            column: 1,
            severity: Severity::Error,
            message,
        };
        let Some(file) = output_file(&entry.permalink) else {
            problems.push(error(format!(
                "permalink {:?} cannot be used: it leaves the site or names a file Quire needs",
                entry.permalink
            )));
            return false;
        };
        if let Some(other) = taken.insert(file, entry.path.clone()) {
            problems.push(error(format!(
                "permalink {:?} is already used by {other}",
                entry.permalink
            )));
            return false;
        }
        true
    };

    // Read and parse every file on every core, then take them in order.
    let done = AtomicUsize::new(0);
    let files: Vec<&String> = post_files.iter().chain(&page_files).collect();
    let mut reads = crate::parallel::map(&files, |rel| {
        let n = done.fetch_add(1, Ordering::Relaxed);
        if progress && n.is_multiple_of(250) {
            eprint!("\rparsing: {n}/{total}");
        }
        read_entry(dir, rel, &config, parsed)
    })
    .into_iter();
    if progress {
        eprintln!("\rparsing: {total}/{total}");
    }
    let mut take = |rel: &String, problems: &mut Vec<Problem>| {
        let read = reads.next().expect("one read per file");
        problems.extend(read.problems);
        if let Some(kept) = read.keep {
            parsed.files.insert(rel.clone(), kept);
        }
        Some((read.post?, read.pending, read.engines))
    };
    for rel in &post_files {
        let Some((post, text, engines)) = take(rel, &mut problems) else {
            continue;
        };
        let instant = post.meta.date.as_deref().and_then(|d| config.instant(d));
        // The core's rule: what readers see (drafts, future in the site's time zone).
        let visibility = quire::Visibility::of(
            post.meta.draft,
            post.meta.date.as_deref(),
            &config.site,
            now,
        );
        if visibility.draft && !mode.drafts {
            hidden.0 += 1;
            continue;
        }
        if visibility.future && !mode.future {
            hidden.1 += 1;
            continue;
        }
        let permalink = quire::post_permalink(quire::PermalinkParts::of(&post.meta), &config.site);
        let entry = Entry {
            path: rel.clone(),
            permalink,
            post,
            instant,
            engines,
        };
        if claim(&entry, &mut problems) {
            if let Some(text) = text {
                pending.push((true, posts.len(), text));
            }
            posts.push(entry);
        }
    }
    for rel in &page_files {
        let Some((post, text, engines)) = take(rel, &mut problems) else {
            continue;
        };
        if post.meta.draft && !mode.drafts {
            continue;
        }
        let permalink = quire::page_permalink(quire::PermalinkParts::of(&post.meta));
        let entry = Entry {
            path: rel.clone(),
            permalink,
            post,
            instant: None,
            engines,
        };
        if claim(&entry, &mut problems) {
            if let Some(text) = text {
                pending.push((false, pages.len(), text));
            }
            pages.push(entry);
        }
    }
    parsed.files.retain(|rel, _| {
        post_files.binary_search(rel).is_ok() || page_files.binary_search(rel).is_ok()
    });
    // Liquid and shortcodes see the whole site: render those files again.
    let files = SiteFiles::load(dir, &mut problems)?;
    let mut uses = quire::Uses::default();
    let mut relative_files = BTreeMap::new();
    for (_, _, text) in &pending {
        uses.scan(text);
    }
    for (is_post, index, _) in &pending {
        let entry = if *is_post {
            &posts[*index]
        } else {
            &pages[*index]
        };
        let folder = entry.path.rsplit_once('/').map_or("", |(folder, _)| folder);
        for name in &uses.relative {
            let rel = format!("{folder}/{name}");
            if let Ok(text) = std::fs::read_to_string(dir.join(&rel)) {
                relative_files.insert(rel, text);
            }
        }
    }
    let context = Arc::new(crate::context::site_context(
        &config.site.json,
        &files,
        &posts,
        &pages,
        relative_files,
    ));
    for (is_post, index, text) in pending {
        let entry = if is_post {
            &mut posts[index]
        } else {
            &mut pages[index]
        };
        let mut options = config.options(&entry.path);
        options.site = Some(context.clone());
        entry.post = Arc::new(quire::parse_post(&text, &options));
        report(&entry.path, &entry.post, &mut problems);
    }
    problems.sort_by(|a, b| (&a.path, a.line, a.column).cmp(&(&b.path, b.line, b.column)));
    // Newest first; undated posts last; then by path, later names first.
    posts.sort_by(|a, b| b.instant.cmp(&a.instant).then_with(|| b.path.cmp(&a.path)));
    if progress {
        eprintln!("parsed {total} files in {:.1?}", started.elapsed());
    }
    let mut template = template;
    template.fill_header(&config, &pages);
    Ok(Site {
        config,
        posts,
        pages,
        problems,
        hidden,
        template,
        context,
        uses,
    })
}

/// The generated files, in memory.
pub fn outputs(site: &Site, mode: Mode) -> Result<Outputs> {
    let mut out = outputs_but_search(site, mode)?;
    crate::search::outputs(site, &mut out);
    Ok(out)
}

/// The generated files without the search index (`search/`), which
/// `quire serve` builds after the rest, in the background.
pub fn outputs_but_search(site: &Site, mode: Mode) -> Result<Outputs> {
    let mut out = Outputs::new();
    out.insert("feed.xml".into(), crate::feed::feed(site)?.into_bytes());
    out.insert(
        "sitemap.xml".into(),
        crate::sitemap::sitemap(site).into_bytes(),
    );
    crate::pages::entry_pages(site, mode.live, &mut out);
    let lists = crate::index::Lists::of(site);
    let claimed = crate::pages::list_pages(site, &lists, mode.live, &mut out);
    crate::index::outputs(site, &lists, &claimed, mode, &mut out)?;
    crate::pages::not_found_page(site, &mut out);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Loads `dir` again with the parses `parsed` kept: the post at `rel` and the problems.
    fn reload(dir: &Path, parsed: &mut Parsed, rel: &str) -> (Arc<Post>, Vec<String>) {
        let runtime = Runtime::for_site(dir);
        let site = load_again(dir, &runtime, Mode::SERVE, parsed).unwrap();
        let post = site.posts.iter().find(|e| e.path == rel).unwrap();
        let problems = site.problems.iter().map(|p| p.to_string()).collect();
        (Arc::clone(&post.post), problems)
    }

    fn write(dir: &Path, rel: &str, bytes: &[u8]) {
        std::fs::create_dir_all(dir.join(rel).parent().unwrap()).unwrap();
        std::fs::write(dir.join(rel), bytes).unwrap();
    }

    #[test]
    fn a_rebuild_parses_again_only_what_changed_and_sees_every_edit() {
        let site = tempfile::tempdir().unwrap();
        let dir = site.path();
        let (a, b) = ("posts/2024-01-01-a.md", "posts/2024-01-02-b.md");
        write(dir, a, b"---\ntitle: A\n---\nFirst.\n");
        write(dir, b, b"---\ntitle: B\n---\nOther.\n");
        let mut parsed = Parsed::default();
        let (a1, _) = reload(dir, &mut parsed, a);
        let (b1, _) = reload(dir, &mut parsed, b);
        // Same length, new text: seen, whatever the file system's clock.
        write(dir, a, b"---\ntitle: A\n---\nSecond\n");
        let (a2, _) = reload(dir, &mut parsed, a);
        let (b2, _) = reload(dir, &mut parsed, b);
        assert!(a2.html.contains("Second") && !Arc::ptr_eq(&a1, &a2));
        assert!(
            Arc::ptr_eq(&b1, &b2),
            "an unchanged file is not parsed again"
        );
        // Written again with the same text: its parse is kept.
        write(dir, b, b"---\ntitle: B\n---\nOther.\n");
        let (b3, _) = reload(dir, &mut parsed, b);
        assert!(Arc::ptr_eq(&b1, &b3));
    }

    #[test]
    fn a_file_whose_size_and_time_did_not_change_is_not_read_again() {
        let site = tempfile::tempdir().unwrap();
        let dir = site.path();
        let rel = "posts/2024-01-01-a.md";
        let long_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
        let write_at = |text: &[u8]| {
            write(dir, rel, text);
            let file = std::fs::File::options()
                .write(true)
                .open(dir.join(rel))
                .unwrap();
            file.set_modified(long_ago).unwrap();
        };
        write_at(b"---\ntitle: A\n---\nFirst.\n");
        let mut parsed = Parsed::default();
        let (first, _) = reload(dir, &mut parsed, rel);
        // Only a change that keeps both (which an editor's save does not) goes unseen.
        write_at(b"---\ntitle: A\n---\nOther.\n");
        let (again, _) = reload(dir, &mut parsed, rel);
        assert!(Arc::ptr_eq(&first, &again));
        // A new time is a change.
        write(dir, rel, b"---\ntitle: A\n---\nOther.\n");
        let (changed, _) = reload(dir, &mut parsed, rel);
        assert!(changed.html.contains("Other"), "{}", changed.html);
    }

    #[test]
    fn a_file_that_is_not_utf8_is_reported_at_every_rebuild() {
        let site = tempfile::tempdir().unwrap();
        let dir = site.path();
        let rel = "posts/2024-01-01-a.md";
        write(dir, rel, b"---\ntitle: A\n---\nCaf\xe9.\n");
        let mut parsed = Parsed::default();
        for _ in 0..2 {
            let (post, problems) = reload(dir, &mut parsed, rel);
            assert!(post.html.contains('\u{FFFD}'));
            assert!(
                problems.iter().any(|p| p.contains("not valid UTF-8")),
                "{problems:?}"
            );
        }
    }

    #[test]
    fn permalinks_that_leave_the_site_are_refused() {
        assert_eq!(output_file("/a/b/"), Some("a/b/index.html".into()));
        assert_eq!(output_file("/a.html"), Some("a.html".into()));
        assert_eq!(output_file("/about"), Some("about/index.html".into()));
        assert_eq!(output_file("/../etc/"), None);
        assert_eq!(output_file("/"), None);
        assert_eq!(output_file("/index.html"), None);
        assert_eq!(output_file("/posts/x/"), None);
    }
}
