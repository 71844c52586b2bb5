//! The `quire` binary end to end: what `build` writes, how it fails, and `new`.

mod common;

use common::*;
use std::path::Path;
use std::time::Instant;

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
    let posts = index_part(dir.path(), "home-1.json");
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
    let route = index_part(dir.path(), "route-0.json");
    let hello_route = route
        .iter()
        .find(|p| p["title"] == "Hello <world>")
        .unwrap();
    assert!(hello_route["wordCount"].as_u64().unwrap() > 3);
    assert_eq!(
        posts[1]["date"], "2023-06-01",
        "the date comes from the file name"
    );
    assert_eq!(index["pages"][0]["permalink"], "/about/");
    assert_eq!(index["site"]["title"], "Test blog");
    assert_eq!(index["site"]["timezone"], "Europe/Paris");
    assert_eq!(index["live"], serde_json::Value::Null);

    let page = read(&public(dir.path()), "2024/01/15/hello/index.html");
    assert!(page.contains(
        "<main id=\"content\" data-prerendered=\"/2024/01/15/hello/\" data-route-shard=\"0\" data-final>"
    ));
    assert!(
        !page.contains("quire_bg.wasm") && !page.contains("pkg/quire.js"),
        "a post's page is final: the shell keeps it and needs no engine"
    );
    for module in [
        "pkg/quire_bg.wasm",
        "pkg-full/quire_bg.wasm",
        "pkg-full/quire.js",
        "pkg-search/quire_bg.wasm",
        "pkg-search/quire.js",
    ] {
        assert!(
            public(dir.path()).join(module).is_file(),
            "the output carries the reader's, the full and the search wasm module: {module}"
        );
    }
    assert!(
        !read(&public(dir.path()), "index.html").contains("quire_bg.wasm"),
        "the home needs no engine"
    );
    assert!(
        !read(&public(dir.path()), "search/index.html").contains("quire_bg.wasm"),
        "the search page preloads no module: a query loads the search module (pkg-search) alone"
    );
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
    assert!(
        page.contains(
            "<a class=\"prev\" rel=\"prev\" href=\"2023/06/01/older/\" data-shard=\"0\">"
        ),
        "the older post's link names its route shard"
    );
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
        tag.contains("<a href=\"2024/01/15/hello/\" data-shard=\"0\">Hello &lt;world&gt;</a>"),
        "tag pages are prerendered, each link with its post's route shard"
    );
    assert!(read(&public(dir.path()), "tags/index.html").contains("href=\"tags/rust/\""));
    let archive = read(&public(dir.path()), "archive/index.html");
    assert!(
        archive.contains("<h2 id=\"year-2024\"><a href=\"archive/2024/\">2024</a></h2>")
            && archive.contains("<h2 id=\"year-2023\"><a href=\"archive/2023/\">2023</a></h2>")
    );
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
    let posts = index_part(dir.path(), "home-1.json");
    let secret = posts.iter().find(|p| p["title"] == "Secret").unwrap();
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
        index_part(dir.path(), "all.json")[0]["title"],
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
#[ignore = "reads the shared corpus: make test-corpus"]
fn every_blog_of_the_real_corpus_builds() {
    let corpus = corpus_dir();
    let mut blogs = 0;
    for blog in std::fs::read_dir(&corpus).unwrap() {
        let blog = blog.unwrap().path();
        if !blog.is_dir() {
            continue;
        }
        let dir = site(&[
            ("_config.yml", "url: https://example.com\n"),
            // Jekyll's release posts link to a page of its docs collection.
            (
                "pages/docs/history.md",
                "---\ntitle: History\npermalink: /docs/history/\n---\nReleases.\n",
            ),
        ]);
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
        let written = index(dir.path())["postCount"].as_u64().unwrap() as usize;
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
fn help_lists_the_commands() {
    let out = quire(&["--help"]);
    let text = String::from_utf8(out.stdout).unwrap();
    for command in ["init", "new", "serve", "build"] {
        assert!(text.contains(command), "{text}");
    }
}

#[test]
fn a_post_with_templates_has_a_final_page_too_with_its_templates_expanded() {
    let dir = site(&[(
        "posts/2024-01-15-liquid.md",
        "---\ntitle: Liquid\n---\nHello from {{ site.title }}.\n",
    )]);
    let out = build(dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let liquid = read(&public(dir.path()), "2024/01/15/liquid/index.html");
    assert!(
        liquid.contains("<p data-line=\"4\">Hello from Quire.</p>"),
        "{liquid}"
    );
    assert!(liquid.contains(" data-final>"));
    assert!(!liquid.contains("pkg-full/") && !liquid.contains("data-engine"));
}

/// The `<link rel="preload">` of a site file, as the shell's `fetch` takes it.
fn preload(file: &str) -> String {
    format!("<link rel=\"preload\" href=\"{file}\" as=\"fetch\" crossorigin>")
}

#[test]
fn each_page_preloads_the_index_files_its_shell_fetches_first() {
    let dir = sample();
    let out = build(dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let site = public(dir.path());
    let index = preload("posts/index.json");

    // Final pages: the shell keeps them and fetches the index alone.
    let post = read(&site, "2024/01/15/hello/index.html");
    assert!(post.contains(&index), "a post's page preloads the index");
    assert!(
        !post.contains("posts/index/route-")
            && !post.contains(&preload("posts/2024-01-15-hello.md")),
        "neither its route shard nor its file"
    );
    let about = read(&site, "about/index.html");
    assert!(about.contains(&index) && !about.contains(&preload("pages/about.md")));

    let home = read(&site, "index.html");
    assert!(home.contains(&index) && !home.contains("posts/index/home-1.json"));
    assert!(
        home.contains("<main id=\"content\" data-prerendered=\"/\" data-final>"),
        "the home page is final too"
    );
    // The lists too: a tag, the archive, a year, the tag index.
    for file in [
        "tags/web-dev/index.html",
        "archive/index.html",
        "archive/2024/index.html",
        "tags/index.html",
    ] {
        let list = read(&site, file);
        assert!(list.contains(&index), "{file}");
        assert!(
            !list.contains("posts/index/tag-") && !list.contains("posts/index/year-"),
            "{file} preloads no part of the index"
        );
        assert!(list.contains(" data-final>"), "{file} is final");
    }
    assert!(
        !read(&site, "search/index.html").contains("data-final"),
        "the search page is the shell's"
    );
    assert!(read(&site, "404.html").contains(&index));
    assert!(
        !read(&site, "index.html").contains("secret"),
        "a draft is never named"
    );
}
