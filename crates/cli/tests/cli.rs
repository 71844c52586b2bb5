//! The `quire` binary end to end: what `build` writes, how it fails, `new`,
//! and `serve` (files, refusals, headers, live reload).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

const QUIRE: &str = env!("CARGO_BIN_EXE_quire");

/// The repository root (this crate is crates/cli).
fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A site (content only: the runtime is in the binary) with the given files.
fn site(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        write(dir.path(), path, text);
    }
    dir
}

fn write(dir: &Path, path: &str, text: &str) {
    let path = dir.join(path);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn quire(args: &[&str]) -> Output {
    Command::new(QUIRE).args(args).output().unwrap()
}

fn build(dir: &Path) -> Output {
    quire(&["build", dir.to_str().unwrap()])
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Where `quire build DIR` writes.
fn public(dir: &Path) -> PathBuf {
    dir.join("public")
}

fn read(dir: &Path, path: &str) -> String {
    std::fs::read_to_string(dir.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn index(dir: &Path) -> serde_json::Value {
    serde_json::from_str(&read(&public(dir), "posts/index.json")).unwrap()
}

/// Every file under dir, relative, sorted.
fn tree(dir: &Path) -> Vec<String> {
    fn walk(root: &Path, at: &Path, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(at).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                out.push(
                    path.strip_prefix(root)
                        .unwrap()
                        .to_string_lossy()
                        .replace('\\', "/"),
                );
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

const CONFIG: &str = "title: Test blog\nurl: https://example.com\ntimezone: Europe/Paris\n";
const HELLO: &str = "---\ntitle: Hello <world>\ndate: 2024-01-15\ntags: [rust, Web Dev]\n---\nIntro with [a link](images/a.png).\n\n<!--more-->\n\n## One\n\n## Two\n\n## Three\n\nMore.\n";
const OLDER: &str = "---\ntitle: Older\n---\nFrom 2023.\n";
const DRAFT: &str = "---\ntitle: Secret\ndraft: true\ndate: 2024-02-01\n---\nNot yet.\n";
const FUTURE: &str = "---\ntitle: Tomorrow\ndate: 2999-01-01\n---\nLater.\n";
const ABOUT: &str = "---\ntitle: About\npermalink: /about/\n---\nWho we are.\n";

fn sample() -> tempfile::TempDir {
    site(&[
        ("_config.yml", CONFIG),
        ("posts/2024-01-15-hello.md", HELLO),
        ("posts/2023-06-01-older.md", OLDER),
        ("posts/2024-02-01-secret.md", DRAFT),
        ("posts/2999-01-01-tomorrow.md", FUTURE),
        ("pages/about.md", ABOUT),
    ])
}

#[test]
fn build_writes_the_index_feed_sitemap_404_and_a_page_per_permalink() {
    let dir = sample();
    let out = build(dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("built 2 post(s) and 1 page(s)"),
        "{}",
        stderr(&out)
    );

    let index = index(dir.path());
    let posts = index["posts"].as_array().unwrap();
    let titles: Vec<&str> = posts.iter().map(|p| p["title"].as_str().unwrap()).collect();
    assert_eq!(
        titles,
        ["Hello <world>", "Older"],
        "newest first, no draft, no future post"
    );
    let hello = &posts[0];
    assert_eq!(hello["permalink"], "/2024/01/15/hello/");
    assert_eq!(hello["path"], "posts/2024-01-15-hello.md");
    assert_eq!(hello["date"], "2024-01-15");
    assert_eq!(hello["tags"], serde_json::json!(["rust", "Web Dev"]));
    assert_eq!(hello["hasMore"], true);
    assert_eq!(hello["draft"], false);
    assert!(
        hello["excerptHtml"]
            .as_str()
            .unwrap()
            .starts_with("<p>Intro")
    );
    assert!(hello["readingMinutes"].as_u64().unwrap() >= 1);
    assert!(hello["wordCount"].as_u64().unwrap() > 3);
    assert_eq!(
        posts[1]["date"], "2023-06-01",
        "the date comes from the file name"
    );
    assert_eq!(index["pages"][0]["permalink"], "/about/");
    assert_eq!(index["site"]["title"], "Test blog");
    assert_eq!(index["site"]["timezone"], "Europe/Paris");
    assert_eq!(index["live"], serde_json::Value::Null);

    let page = read(&public(dir.path()), "2024/01/15/hello/index.html");
    assert!(page.contains("<main id=\"content\" data-prerendered=\"/2024/01/15/hello/\">"));
    assert!(
        page.contains("<h1 class=\"post-title p-name\">Hello &lt;world&gt;</h1>"),
        "titles are text"
    );
    assert!(page.contains("<title>Hello &lt;world&gt; · Test blog</title>"));
    assert!(
        page.contains("<link rel=\"canonical\" href=\"https://example.com/2024/01/15/hello/\">")
    );
    assert!(page.contains("<meta property=\"og:type\" content=\"article\">"));
    assert!(
        page.contains("<nav class=\"toc\""),
        "three headings get a table of contents"
    );
    assert!(page.contains("href=\"tags/web-dev/\""));
    assert!(page.contains("<a class=\"prev\" rel=\"prev\" href=\"2023/06/01/older/\">"));
    assert!(page.contains("href=\"edit/2024/01/15/hello/\""));
    assert!(page.contains("<base href=\"/\">"));
    assert!(read(&public(dir.path()), "about/index.html").contains("Who we are."));
    // The header as the shell fills it, for readers without script.
    for file in ["index.html", "about/index.html", "404.html"] {
        let page = read(&public(dir.path()), file);
        assert!(
            page.contains("<a class=\"site-title\" href=\"./\">Test blog</a>"),
            "{file}"
        );
        assert!(
            page.contains("<li><a href=\"about/\" data-route=\"/about\">About</a></li>"),
            "{file}"
        );
    }
    assert!(read(&public(dir.path()), "404.html").contains("<base href=\"/\">"));

    let tag = read(&public(dir.path()), "tags/web-dev/index.html");
    assert!(
        tag.contains("<a href=\"2024/01/15/hello/\">Hello &lt;world&gt;</a>"),
        "tag pages are prerendered"
    );
    assert!(read(&public(dir.path()), "tags/index.html").contains("href=\"tags/rust/\""));
    let archive = read(&public(dir.path()), "archive/index.html");
    assert!(archive.contains("<h2>2024</h2>") && archive.contains("<h2>2023</h2>"));
    assert!(
        page.contains("href=\"2024/01/15/hello/#three\""),
        "same-page links stay on the page"
    );

    let sitemap = read(&public(dir.path()), "sitemap.xml");
    assert!(sitemap.contains("<loc>https://example.com/2024/01/15/hello/</loc>"));
    assert!(sitemap.contains("<loc>https://example.com/about/</loc>"));
    assert!(!sitemap.contains("secret") && !sitemap.contains("tomorrow"));
}

#[test]
fn the_atom_feed_parses_with_absolute_urls_and_full_content() {
    let dir = sample();
    assert!(build(dir.path()).status.success());
    let xml = read(&public(dir.path()), "feed.xml");
    let feed = feed_rs::parser::parse(xml.as_bytes()).expect("feed.xml is a valid feed");
    assert_eq!(feed.feed_type, feed_rs::model::FeedType::Atom);
    assert_eq!(feed.title.unwrap().content, "Test blog");
    assert_eq!(feed.entries.len(), 2);
    let entry = &feed.entries[0];
    assert_eq!(entry.title.as_ref().unwrap().content, "Hello <world>");
    assert_eq!(entry.links[0].href, "https://example.com/2024/01/15/hello/");
    let body = entry.content.as_ref().unwrap().body.as_deref().unwrap();
    assert!(
        body.contains("id=\"three\">Three</h2>"),
        "the whole post, not the excerpt: {body}"
    );
    assert_eq!(
        entry.published.unwrap().to_rfc3339(),
        "2024-01-14T23:00:00+00:00",
        "midnight in Paris"
    );
    assert!(
        xml.contains("xml:base=\"https://example.com/\""),
        "relative links resolve against the site"
    );
    let tags: Vec<_> = entry.categories.iter().map(|c| c.term.as_str()).collect();
    assert_eq!(tags, ["rust", "Web Dev"]);
}

#[test]
fn every_broken_post_is_reported_as_path_line_column_and_nothing_is_written() {
    let dir = sample();
    write(
        dir.path(),
        "posts/2024-03-01-bad.md",
        "---\ntitle: ok\nauthor: Lessons: part 2\n---\nBody.\n",
    );
    write(
        dir.path(),
        "posts/2024-03-02-unclosed.md",
        "---\ntitle: never closed\n\nBody.\n",
    );
    let out = build(dir.path());
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("posts/2024-03-01-bad.md:3:16: "), "{err}");
    assert!(err.contains("posts/2024-03-02-unclosed.md:1:1: "), "{err}");
    assert!(err.contains("nothing was written"), "{err}");
    let files = tree(dir.path());
    assert!(
        !files
            .iter()
            .any(|f| f.ends_with("index.json") || f.ends_with(".xml") || f.contains("quire-tmp")),
        "{files:?}"
    );
}

#[test]
fn a_failed_build_leaves_the_previous_build_untouched() {
    let dir = sample();
    assert!(build(dir.path()).status.success());
    let bytes = |f: &String| std::fs::read(dir.path().join(f)).unwrap();
    let before: Vec<(String, Vec<u8>)> = tree(dir.path())
        .into_iter()
        .map(|f| (f.clone(), bytes(&f)))
        .collect();
    write(
        dir.path(),
        "posts/2024-03-01-bad.md",
        "---\ntitle: [unclosed\n---\nBody.\n",
    );
    assert!(!build(dir.path()).status.success());
    std::fs::remove_file(dir.path().join("posts/2024-03-01-bad.md")).unwrap();
    let after: Vec<(String, Vec<u8>)> = tree(dir.path())
        .into_iter()
        .map(|f| (f.clone(), bytes(&f)))
        .collect();
    assert_eq!(before, after);
}

#[test]
fn a_renamed_post_does_not_leave_its_old_page_behind() {
    let dir = sample();
    assert!(build(dir.path()).status.success());
    assert!(
        public(dir.path())
            .join("2023/06/01/older/index.html")
            .exists()
    );
    std::fs::rename(
        dir.path().join("posts/2023-06-01-older.md"),
        dir.path().join("posts/2023-06-02-renamed.md"),
    )
    .unwrap();
    assert!(build(dir.path()).status.success());
    assert!(
        public(dir.path())
            .join("2023/06/02/renamed/index.html")
            .exists()
    );
    assert!(
        !public(dir.path()).join("2023/06/01").exists(),
        "{:?}",
        tree(dir.path())
    );
    assert!(
        !public(dir.path())
            .join("posts/2023-06-01-older.md")
            .exists(),
        "nor its raw file"
    );
}

#[test]
fn a_build_inside_the_site_is_never_published_as_content_by_the_next() {
    let dir = sample();
    write(dir.path(), "images/a.svg", "<svg/>");
    let dist = dir.path().join("dist");
    assert!(
        quire(&[
            "build",
            dir.path().to_str().unwrap(),
            "--out",
            dist.to_str().unwrap()
        ])
        .status
        .success()
    );
    assert!(build(dir.path()).status.success());
    let files = tree(&public(dir.path()));
    assert!(files.contains(&"images/a.svg".to_string()), "{files:?}");
    assert!(!files.iter().any(|f| f.starts_with("dist/")), "{files:?}");
}

#[test]
fn drafts_are_built_only_when_asked() {
    let dir = sample();
    let out = quire(&["build", dir.path().to_str().unwrap(), "--drafts"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let index = index(dir.path());
    let secret = index["posts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["title"] == "Secret")
        .unwrap();
    assert_eq!(secret["draft"], true);
    assert!(read(&public(dir.path()), "2024/02/01/secret/index.html").contains("badge-draft"));
}

#[test]
fn a_site_under_a_base_path_links_within_it() {
    let dir = sample();
    write(
        dir.path(),
        "_config.yml",
        "title: T\nurl: https://example.com\nbaseurl: /blog/\nfuture: true\n",
    );
    assert!(build(dir.path()).status.success());
    let page = read(&public(dir.path()), "2024/01/15/hello/index.html");
    assert!(page.contains("<base href=\"/blog/\">"));
    assert!(page.contains("href=\"https://example.com/blog/2024/01/15/hello/\""));
    assert_eq!(index(dir.path())["site"]["baseurl"], "/blog");
    assert!(
        read(&public(dir.path()), "feed.xml")
            .contains("https://example.com/blog/2024/01/15/hello/")
    );
    assert_eq!(
        index(dir.path())["posts"][0]["title"],
        "Tomorrow",
        "future: true shows future posts"
    );
}

#[test]
fn two_posts_with_one_permalink_are_an_error() {
    let dir = site(&[
        ("posts/2024-01-15-a.md", "---\npermalink: /same/\n---\nA\n"),
        ("posts/2024-01-16-b.md", "---\npermalink: /same/\n---\nB\n"),
    ]);
    let out = build(dir.path());
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("is already used by posts/2024-01-15-a.md"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_permalink_that_looks_like_a_url_scheme_stays_a_path_in_links() {
    let dir = site(&[
        (
            "posts/2024-01-15-a.md",
            "---\npermalink: javascript:alert(1)\n---\nA\n",
        ),
        ("posts/2024-01-16-b.md", "---\ntags: [\"++\"]\n---\nB\n"),
    ]);
    let out = build(dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let page = read(&public(dir.path()), "2024/01/16/b/index.html");
    assert!(
        page.contains("href=\"javascript%3Aalert(1)\""),
        "the prev link is a path"
    );
    assert!(!page.contains("href=\"javascript:"));
    assert!(
        page.contains("<li><span>++</span></li>"),
        "a tag without letters is text"
    );
}

#[test]
fn a_permalink_cannot_write_outside_the_site_or_over_its_files() {
    for permalink in ["/../../escape/", "/index.html", "/js/app.js"] {
        let dir = site(&[(
            "posts/2024-01-15-a.md",
            &format!("---\npermalink: {permalink}\n---\nA\n"),
        )]);
        let out = build(dir.path());
        assert!(!out.status.success(), "{permalink}");
        assert!(
            stderr(&out).contains("posts/2024-01-15-a.md:1:1: permalink"),
            "{}",
            stderr(&out)
        );
    }
}

#[test]
fn a_config_error_is_reported_with_its_line_and_column() {
    let dir = site(&[("_config.yml", "title: x\npaginate: lots\n")]);
    let out = build(dir.path());
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("_config.yml:2:11: "),
        "{}",
        stderr(&out)
    );
}

#[test]
fn every_blog_of_the_real_corpus_builds() {
    let corpus = repo().join("../shared/corpus/posts");
    if !corpus.is_dir() {
        eprintln!("skipped: {} is not here", corpus.display());
        return;
    }
    let mut blogs = 0;
    for blog in std::fs::read_dir(&corpus).unwrap() {
        let blog = blog.unwrap().path();
        if !blog.is_dir() {
            continue;
        }
        let dir = site(&[("_config.yml", "url: https://example.com\n")]);
        let mut n = 0;
        for file in tree(&blog) {
            if file.ends_with(".md") || file.ends_with(".markdown") {
                let to = dir.path().join("posts").join(&file);
                std::fs::create_dir_all(to.parent().unwrap()).unwrap();
                std::fs::copy(blog.join(&file), to).unwrap();
                n += 1;
            }
        }
        let started = Instant::now();
        let out = build(dir.path());
        let took = started.elapsed();
        let err = stderr(&out);
        assert!(out.status.success(), "{}: {err}", blog.display());
        let summary = err.lines().last().unwrap_or_default();
        println!(
            "{}: {n} files in {took:.1?}: {summary}",
            blog.file_name().unwrap().to_string_lossy()
        );
        let warnings = err.lines().filter(|l| l.contains(": warning: ")).count();
        println!("  {warnings} warning(s)");
        let written = index(dir.path())["posts"].as_array().unwrap().len();
        assert!(written * 10 >= n * 9, "{written} of {n} posts built");
        blogs += 1;
    }
    assert!(blogs >= 3);
}

#[test]
fn new_creates_a_dated_post_and_never_overwrites_one() {
    let dir = site(&[("_config.yml", "timezone: UTC\n")]);
    let out = quire(&[
        "new",
        "Lessons: part 2",
        "--dir",
        dir.path().to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let created = String::from_utf8(out.stdout).unwrap();
    let created = Path::new(created.trim());
    let name = created.file_name().unwrap().to_str().unwrap();
    assert!(
        name.ends_with("-lessons-part-2.md") && name.len() == "2026-01-01-lessons-part-2.md".len(),
        "{name}"
    );
    let text = std::fs::read_to_string(created).unwrap();
    assert!(
        text.starts_with("---\ntitle: \"Lessons: part 2\"\ndate: "),
        "{text}"
    );
    let again = quire(&[
        "new",
        "Lessons: part 2",
        "--dir",
        dir.path().to_str().unwrap(),
    ]);
    assert!(!again.status.success());
    assert!(stderr(&again).contains("already exists"));
    assert_eq!(std::fs::read_to_string(created).unwrap(), text);
    assert!(build(dir.path()).status.success(), "a new post builds");
}

#[test]
fn help_lists_the_three_commands() {
    let out = quire(&["--help"]);
    let text = String::from_utf8(out.stdout).unwrap();
    for command in ["build", "serve", "new"] {
        assert!(text.contains(command), "{text}");
    }
}

// --- quire serve ------------------------------------------------------------

/// A running `quire serve` on a free port, stopped when dropped.
struct Server {
    child: Child,
    port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve(dir: &Path) -> Server {
    let mut child = Command::new(QUIRE)
        .args(["serve", dir.to_str().unwrap(), "--port", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let port = line
        .split("http://127.0.0.1:")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("no address in {line:?}"));
    Server { child, port }
}

struct Reply {
    status: u16,
    head: String,
    body: Vec<u8>,
}

impl Reply {
    fn header(&self, name: &str) -> Option<String> {
        self.head.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case(name).then(|| v.trim().to_string())
        })
    }
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// One raw HTTP/1.1 GET, the path sent exactly as given.
fn get(port: u16, path: &str) -> Reply {
    request(port, &format!("GET {path}"), "", "")
}

/// One raw HTTP/1.1 request: `line` is the method and path, `headers` more
/// header lines (each ending in `\r\n`).
fn request(port: u16, line: &str, headers: &str, body: &str) -> Reply {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "{line} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n{headers}Content-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a response head");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    Reply {
        status,
        head,
        body: raw[split + 4..].to_vec(),
    }
}

#[test]
fn the_editor_saves_only_markdown_under_posts_or_pages_and_only_from_this_server() {
    let dir = sample();
    let server = serve(dir.path());
    let port = server.port;
    let put = |path: &str, headers: &str| {
        request(
            port,
            &format!("PUT /_quire/save/{path}"),
            headers,
            "---\ntitle: Saved\n---\nBody.\n",
        )
    };
    let same = format!("Origin: http://127.0.0.1:{port}\r\n");

    assert_eq!(put("posts/2024-07-01-saved.md", &same).status, 200);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("posts/2024-07-01-saved.md")).unwrap(),
        "---\ntitle: Saved\n---\nBody.\n"
    );
    let again = put(
        "posts/2024-07-01-saved.md",
        &format!("{same}If-None-Match: *\r\n"),
    );
    assert_eq!(again.status, 412, "a new post never replaces a file");

    for refused in [
        "_config.yml",
        "posts/notes.txt",
        "posts/../_config.yml",
        "posts/%2e%2e/x.md",
        "posts/.hidden.md",
        "theme/index.html",
    ] {
        assert_eq!(put(refused, &same).status, 403, "{refused}");
    }
    let forged = put(
        "posts/2024-07-01-saved.md",
        "Origin: http://evil.example\r\n",
    );
    assert_eq!(forged.status, 403);
    let cross_site = put(
        "posts/2024-07-01-saved.md",
        "Sec-Fetch-Site: cross-site\r\n",
    );
    assert_eq!(cross_site.status, 403);
    assert!(dir.path().join("posts/2024-07-01-saved.md").is_file());
    assert!(!dir.path().join("posts/x.md").exists());
    assert_eq!(
        request(port, "POST /posts/2024-07-01-saved.md", &same, "x").status,
        405
    );
}

#[test]
fn serve_answers_files_generated_pages_and_a_404_page() {
    let dir = sample();
    let server = serve(dir.path());
    let port = server.port;

    let wasm = get(port, "/pkg/quire_bg.wasm");
    assert_eq!(wasm.status, 200);
    assert_eq!(
        wasm.header("content-type").as_deref(),
        Some("application/wasm")
    );

    let index = get(port, "/posts/index.json");
    assert_eq!(index.status, 200);
    let index: serde_json::Value = serde_json::from_slice(&index.body).unwrap();
    let secret = index["posts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["title"] == "Secret");
    assert_eq!(secret.unwrap()["draft"], true, "drafts are served, marked");
    assert_eq!(index["live"], "/_quire/events");

    let page = get(port, "/2024/01/15/hello/");
    assert_eq!(page.status, 200);
    assert!(
        page.text()
            .contains("data-prerendered=\"/2024/01/15/hello/\"")
    );
    assert_eq!(get(port, "/2024/01/15/hello").status, 301);

    assert_eq!(
        get(port, "/tags/rust/").status,
        200,
        "list pages are served too"
    );

    let missing = get(port, "/no/such/page/");
    assert_eq!(missing.status, 404);
    assert!(
        missing.text().contains("<base href=\"/\">"),
        "404.html boots the shell"
    );

    let template = read(&repo(), "www/index.html");
    let csp = page
        .header("content-security-policy")
        .expect("a CSP header");
    assert!(
        template.contains(&format!("content=\"{csp}\"")),
        "the header is the page's own policy: {csp}"
    );
    assert!(csp.contains("'wasm-unsafe-eval'") && !csp.contains("'unsafe-eval'"));
    assert!(
        tree(dir.path()).iter().all(|f| !f.ends_with("index.json")),
        "serve writes nothing"
    );
}

#[test]
fn serve_refuses_paths_outside_its_root() {
    let outer = tempfile::tempdir().unwrap();
    write(outer.path(), "secret.txt", "top secret");
    let dir = sample();
    std::os::unix::fs::symlink(outer.path().join("secret.txt"), dir.path().join("leak.txt"))
        .unwrap();
    std::os::unix::fs::symlink(outer.path(), dir.path().join("leakdir")).unwrap();
    let server = serve(dir.path());
    for path in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E%2Fsecret.txt",
        "/posts/..%2f..%2fsecret.txt",
        "/leak.txt",
        "/leakdir/secret.txt",
        "/..%5csecret.txt",
    ] {
        let reply = get(server.port, path);
        assert!(
            reply.status == 403 || reply.status == 404 || reply.status == 400,
            "{path}: {}",
            reply.status
        );
        assert!(!reply.text().contains("top secret"), "{path}");
    }
    assert_eq!(get(server.port, "/%2e%2e/secret.txt").status, 403);
    assert_eq!(get(server.port, "/leak.txt").status, 403);
}

#[test]
fn serve_pushes_a_change_event_and_stays_up_when_posts_change_or_vanish() {
    let dir = sample();
    let server = serve(dir.path());
    let mut events = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    events
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    write!(
        events,
        "GET /_quire/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    )
    .unwrap();
    let mut reader = BufReader::new(events);
    let mut line = String::new();
    while line.trim_end() != "" || line.is_empty() {
        line.clear();
        reader.read_line(&mut line).unwrap();
        if line.to_ascii_lowercase().starts_with("content-type") {
            assert!(line.contains("text/event-stream"), "{line}");
        }
    }
    std::thread::sleep(Duration::from_millis(300));
    write(
        dir.path(),
        "posts/2024-01-15-hello.md",
        &HELLO.replace("More.", "Edited while serving."),
    );
    let data = loop {
        line.clear();
        assert!(reader.read_line(&mut line).unwrap() > 0, "the stream ended");
        if let Some(data) = line.strip_prefix("data:") {
            break data.trim().to_string();
        }
    };
    assert_eq!(data, r#"{"paths":["posts/2024-01-15-hello.md"]}"#);
    // One edit, one event: the rebuild reads every post, and reads are not
    // changes (they once were, and the server rebuilt in a loop).
    reader
        .get_ref()
        .set_read_timeout(Some(Duration::from_millis(1500)))
        .unwrap();
    let quiet_until = Instant::now() + Duration::from_millis(1500);
    while Instant::now() < quiet_until {
        line.clear();
        match reader.read_line(&mut line) {
            Ok(0) | Err(_) => break,
            Ok(_) => assert!(!line.starts_with("data:"), "a second event: {line}"),
        }
    }
    reader
        .get_ref()
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    assert!(
        get(server.port, "/2024/01/15/hello/")
            .text()
            .contains("Edited while serving.")
    );

    // Deleted, then half-written: the server keeps answering.
    std::fs::remove_file(dir.path().join("posts/2023-06-01-older.md")).unwrap();
    write(dir.path(), "posts/2024-05-05-half.md", "---\ntitle: half");
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let index: serde_json::Value =
            serde_json::from_slice(&get(server.port, "/posts/index.json").body).unwrap();
        let titles: Vec<String> = index["posts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["title"].to_string())
            .collect();
        if !titles.iter().any(|t| t.contains("Older")) && titles.len() == 3 {
            break;
        }
        assert!(Instant::now() < deadline, "{titles:?}");
        std::thread::sleep(Duration::from_millis(100));
    }
    assert_eq!(get(server.port, "/2024/01/15/hello/").status, 200);
}
