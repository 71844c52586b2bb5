//! `quire serve` over HTTP: files, the runtime, refusals, headers, the
//! editor's save and live reload.

mod common;

use common::*;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

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

    // The reader's module, the full one (engines, editor) and the search one, which pages load
    // when needed.
    for module in [
        "/pkg/quire_bg.wasm",
        "/pkg-full/quire_bg.wasm",
        "/pkg-search/quire_bg.wasm",
    ] {
        let wasm = get(port, module);
        assert_eq!(wasm.status, 200, "{module}");
        assert_eq!(
            wasm.header("content-type").as_deref(),
            Some("application/wasm"),
            "{module}"
        );
    }

    let index = get(port, "/posts/index.json");
    assert_eq!(index.status, 200);
    let index: serde_json::Value = serde_json::from_slice(&index.body).unwrap();
    let home: serde_json::Value =
        serde_json::from_slice(&get(port, "/posts/index/home-1.json").body).unwrap();
    let secret = home["posts"]
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

/// The `<link rel="preload">` of a site file, as the shell's `fetch` takes it.
fn preload(file: &str) -> String {
    format!("<link rel=\"preload\" href=\"{file}\" as=\"fetch\" crossorigin>")
}

#[test]
fn under_serve_every_page_preloads_what_the_shell_renders_it_with_and_none_is_final() {
    let dir = site(&[
        (
            "posts/2024-01-15-liquid.md",
            "---\ntitle: Liquid\n---\nHello from {{ site.title }}.\n",
        ),
        (
            "posts/2024-01-16-plain.md",
            "---\ntitle: Plain\n---\nJust *Markdown*.\n",
        ),
        (
            "posts/2024-01-17-links.md",
            "---\ntitle: Links\n---\n{% for p in site.posts %}{{ p.title }} {% endfor %}\n",
        ),
    ]);
    let server = serve(dir.path());
    let port = server.port;

    // The shell renders the author's post over the page (diagnostics, live reload).
    let plain = get(port, "/2024/01/16/plain/").text();
    assert!(plain.contains("<link rel=\"preload\" href=\"pkg/quire_bg.wasm\" as=\"fetch\""));
    for file in [
        "posts/index.json",
        "posts/index/route-0.json",
        "posts/2024-01-16-plain.md",
    ] {
        assert!(plain.contains(&preload(file)), "it preloads {file}");
    }
    assert!(!plain.contains("data-final") && !plain.contains("pkg-full/"));
    assert!(
        !plain.contains("posts/index/all.json"),
        "the post list only for a post whose templates read it"
    );

    // A post with templates: the full module alone, and the shell is told.
    let liquid = get(port, "/2024/01/15/liquid/").text();
    assert!(liquid.contains("<link rel=\"preload\" href=\"pkg-full/quire_bg.wasm\" as=\"fetch\""));
    assert!(liquid.contains("<link rel=\"modulepreload\" href=\"pkg-full/quire.js\">"));
    assert!(
        !liquid.contains("href=\"pkg/quire_bg.wasm\""),
        "the reader's module is not fetched as well"
    );
    assert!(liquid.contains(" data-engine=\"full\">"));
    let links = get(port, "/2024/01/17/links/").text();
    assert!(links.contains(&preload("posts/index/all.json")));

    // The home page too: the shell renders its view over it (drafts, live reload).
    let home = get(port, "/").text();
    assert!(home.contains(&preload("posts/index/home-1.json")) && !home.contains("data-final"));
    // And the lists: a year's page, the archive.
    let year = get(port, "/archive/2024/").text();
    assert!(year.contains(&preload("posts/index/year-0.json")) && !year.contains("data-final"));
    let archive = get(port, "/archive/").text();
    assert!(
        archive.contains(&preload("posts/index/year-0.json")) && !archive.contains("data-final")
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
        let all: serde_json::Value =
            serde_json::from_slice(&get(server.port, "/posts/index/all.json").body).unwrap();
        let titles: Vec<String> = all["posts"]
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

/// Waits until `path` answers with a body for which `done` holds.
fn wait_for(port: u16, path: &str, done: impl Fn(&str) -> bool) -> String {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let text = get(port, path).text();
        if done(&text) {
            return text;
        }
        assert!(Instant::now() < deadline, "{path} never changed: {text}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn a_rebuild_under_serve_shows_new_settings_in_posts_that_did_not_change() {
    let dir = site(&[
        ("_config.yml", "title: Before\n"),
        (
            "posts/2024-01-01-cut.md",
            "---\ntitle: Cut\n---\nFirst part.\n\nSecond part.\n\n<!--cut-->\n\nThe rest.\n",
        ),
        (
            "posts/2024-01-02-liquid.md",
            "---\ntitle: Liquid\n---\nThis is {{ site.title }}.\n",
        ),
        (
            "posts/2024-01-03-other.md",
            "---\ntitle: Other\n---\nOther.\n",
        ),
    ]);
    let server = serve(dir.path());
    let home = "/posts/index/home-1.json";
    // No separator set: the excerpt is the first paragraph.
    assert!(!get(server.port, home).text().contains("Second part."));
    assert!(
        get(server.port, "/2024/01/02/liquid/")
            .text()
            .contains("This is Before.")
    );

    // Another post changes: the unchanged ones keep their parse, the one
    // reading the site is rendered again.
    write(
        dir.path(),
        "posts/2024-01-03-other.md",
        "---\ntitle: Other edited\n---\nOther.\n",
    );
    wait_for(server.port, home, |text| text.contains("Other edited"));
    assert!(!get(server.port, home).text().contains("Second part."));

    // New settings change how the unchanged post is cut and what the other says.
    write(
        dir.path(),
        "_config.yml",
        "title: After\nexcerpt_separator: <!--cut-->\n",
    );
    let cut = wait_for(server.port, home, |text| text.contains("Second part."));
    assert!(!cut.contains("The rest."), "{cut}");
    assert!(
        get(server.port, "/2024/01/02/liquid/")
            .text()
            .contains("This is After.")
    );
}

/// The titles in the search index `quire serve` answers with now.
fn searchable_titles(port: u16) -> String {
    let meta = get(port, "/search/meta.json");
    assert_eq!(meta.status, 200, "{}", meta.text());
    let meta: serde_json::Value = serde_json::from_slice(&meta.body).unwrap();
    meta["docFiles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|file| get(port, &format!("/search/{}", file.as_str().unwrap())).text())
        .collect()
}

#[test]
fn the_search_index_under_serve_follows_each_rebuild() {
    let dir = site(&[(
        "posts/2024-01-01-first.md",
        "---\ntitle: First light\n---\nHello.\n",
    )]);
    let server = serve(dir.path());
    assert!(searchable_titles(server.port).contains("First light"));

    write(
        dir.path(),
        "posts/2024-01-02-second.md",
        "---\ntitle: Zeppelin notes\n---\nAirships.\n",
    );
    wait_for(server.port, "/posts/index/home-1.json", |text| {
        text.contains("Zeppelin notes")
    });
    // Right after the pages show the new post, its search entry is there too:
    // a request for the index waits for the one of this build.
    let titles = searchable_titles(server.port);
    assert!(titles.contains("Zeppelin notes"), "{titles}");
    assert!(titles.contains("First light"), "{titles}");
}
