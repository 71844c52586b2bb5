//! `quire import jekyll|hugo|zola SOURCE SITE`: source trees are built in
//! temporary folders from real posts (a few of the shared corpus, kept in
//! `tests/fixtures/compat/` so these tests run wherever the repository is
//! cloned), imported with the binary, then built with it.

mod common;

use common::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;

/// The real posts these tests use, laid out as in the shared corpus.
fn corpus() -> PathBuf {
    repo().join("tests/fixtures/compat")
}

fn corpus_file(corpus: &Path, path: &str) -> String {
    std::fs::read_to_string(corpus.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Copies corpus files into `dir`, each `(from in the corpus, to in dir)`.
fn copy_in(corpus: &Path, dir: &Path, files: &[(&str, &str)]) {
    for (from, to) in files {
        write(dir, to, &corpus_file(corpus, from));
    }
}

fn import(kind: &str, source: &Path, site: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "import",
        kind,
        source.to_str().unwrap(),
        site.to_str().unwrap(),
    ];
    args.extend(extra);
    quire(&args)
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn succeeded(out: &Output) -> String {
    assert!(
        out.status.success(),
        "stdout: {}\nstderr: {}",
        stdout(out),
        stderr(out)
    );
    stdout(out)
}

/// Every file of a folder with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    tree(dir)
        .into_iter()
        .map(|rel| {
            let bytes = std::fs::read(dir.join(&rel)).unwrap();
            (rel, bytes)
        })
        .collect()
}

fn build_into(site: &Path, out: &Path) -> Output {
    quire(&[
        "build",
        site.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ])
}

fn yaml(site: &Path) -> serde_yaml::Value {
    serde_yaml::from_str(&read(site, "_config.yml")).unwrap()
}

/// A Jekyll blog: the minimal-mistakes posts and `_config.yml`, a draft,
/// an include, a data file, a page, static files, and what Jekyll has that
/// Quire does not (layouts, Sass, plugins, an HTML page, a Gemfile).
fn jekyll_source(corpus: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let mm = corpus.join("minimal-mistakes");
    for name in tree(&mm) {
        // The fixture is already a Jekyll source: _config.yml and _posts/.
        let to = name.clone();
        write(dir.path(), &to, &corpus_file(&mm, &name));
    }
    copy_in(
        corpus,
        dir.path(),
        &[
            (
                "jekyll-docs/2016-08-02-jekyll-3-2-1-released.markdown",
                "news/_posts/2016-08-02-jekyll-3-2-1-released.markdown",
            ),
            (
                "rust-blog-yaml/2015-08-06-Rust-1.2.md",
                "_drafts/rust-1-2-draft.md",
            ),
        ],
    );
    for (path, text) in [
        (
            "_drafts/no-front-matter.md",
            "Just an idea, no front matter.\n",
        ),
        ("_includes/note.html", "<aside>{{ include.text }}</aside>\n"),
        ("_data/authors.yml", "ada:\n  name: Ada\n"),
        (
            "about.md",
            "---\ntitle: About me\npermalink: /about/\n---\nHello.\n",
        ),
        ("docs/guide.md", "---\ntitle: Guide\n---\nHow to.\n"),
        // minimal-mistakes' `include: [_pages]`.
        (
            "_pages/archive.md",
            "---\ntitle: Archive\npermalink: /old-archive/\n---\nAll.\n",
        ),
        ("README.md", "# My Jekyll blog\n"),
        ("index.html", "---\nlayout: home\n---\n"),
        ("feed.xml", "---\n---\n<feed></feed>\n"),
        ("assets/images/logo.png", "not really a PNG"),
        ("CNAME", "blog.example.com\n"),
        ("_layouts/default.html", "<html>{{ content }}</html>\n"),
        ("_sass/main.scss", "body { color: red }\n"),
        ("_plugins/hello.rb", "# a Ruby plugin\n"),
        ("Gemfile", "source 'https://rubygems.org'\n"),
    ] {
        write(dir.path(), path, text);
    }
    dir
}

#[test]
fn a_jekyll_blog_becomes_a_quire_site_that_builds_without_its_drafts() {
    let corpus = corpus();
    let source = jekyll_source(&corpus);
    let work = tempfile::tempdir().unwrap();
    let site = work.path().join("site");
    let report = succeeded(&import("jekyll", source.path(), &site, &[]));

    assert!(report.contains("- posts: 11\n"), "{report}");
    assert!(report.contains("- pages: 3\n"), "{report}");
    assert!(
        report.contains("- drafts (among the posts and pages): 2\n"),
        "{report}"
    );
    assert!(report.contains("- includes: 1\n"), "{report}");
    assert!(report.contains("- data files: 1\n"), "{report}");
    assert!(report.contains("- static files: 2\n"), "{report}");
    assert!(site.join("posts/2010-01-07-post-standard.md").is_file());
    assert!(site.join("pages/about.md").is_file());
    assert!(site.join("pages/docs/guide.md").is_file());
    assert!(site.join("pages/archive.md").is_file());
    assert!(site.join("_includes/note.html").is_file());
    assert!(site.join("_data/authors.yml").is_file());
    assert_eq!(read(&site, "CNAME"), "blog.example.com\n");
    assert!(site.join("assets/images/logo.png").is_file());
    for gone in [
        "_layouts",
        "_sass",
        "_plugins",
        "Gemfile",
        "index.html",
        "feed.xml",
        "README.md",
    ] {
        assert!(!site.join(gone).exists(), "{gone} was imported");
    }
    // A post of a category folder keeps its category.
    let news = read(
        &site,
        "posts/news/2016-08-02-jekyll-3-2-1-released.markdown",
    );
    assert!(
        news.contains("categories: [\"news\",\"release\"]\n"),
        "{news}"
    );
    // The report is saved, under a name that is never published.
    assert_eq!(
        read(&site, "_import-report.md").trim(),
        report.split("\nThis report").next().unwrap().trim()
    );

    let out = work.path().join("out");
    let built = build_into(&site, &out);
    assert!(built.status.success(), "{}", stderr(&built));
    let all: serde_json::Value = serde_json::from_str(&read(&out, "posts/index/all.json")).unwrap();
    let titles: Vec<&str> = all["posts"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p["title"].as_str())
        .collect();
    assert_eq!(titles.len(), 9, "{titles:?}");
    assert!(titles.contains(&"Post: Standard"), "{titles:?}");
    assert!(
        !titles.iter().any(|t| t.contains("1.2")),
        "a draft was published: {titles:?}"
    );
    assert!(out.join("posts/2010-01-07-post-standard.md").is_file());
    assert!(!out.join("posts/rust-1-2-draft.md").exists());
    assert!(!out.join("_import-report.md").exists());
    assert!(out.join("old-archive/index.html").is_file());
}

#[test]
fn drafts_are_written_with_draft_true_and_the_source_keeps_its_bytes() {
    let corpus = corpus();
    let source = jekyll_source(&corpus);
    let before = snapshot(source.path());
    let work = tempfile::tempdir().unwrap();
    let site = work.path().join("site");
    succeeded(&import("jekyll", source.path(), &site, &[]));

    assert_eq!(snapshot(source.path()), before, "the source changed");
    let draft = read(&site, "posts/rust-1-2-draft.md");
    assert!(draft.starts_with("---\ndraft: true\n"), "{draft}");
    assert!(draft.contains("title: \"Announcing Rust 1.2\""), "{draft}");
    let bare = read(&site, "posts/no-front-matter.md");
    assert_eq!(
        bare,
        "---\ndraft: true\n---\nJust an idea, no front matter.\n"
    );
    // Posts are copied byte for byte.
    assert_eq!(
        std::fs::read(site.join("posts/2010-01-07-post-standard.md")).unwrap(),
        before["_posts/2010-01-07-post-standard.md"]
    );
}

#[test]
fn jekyll_settings_are_kept_and_what_quire_has_no_equivalent_of_is_reported() {
    let corpus = corpus();
    let source = jekyll_source(&corpus);
    let work = tempfile::tempdir().unwrap();
    let site = work.path().join("site");
    let report = succeeded(&import("jekyll", source.path(), &site, &[]));

    let config = yaml(&site);
    assert_eq!(config["title"].as_str(), Some("Minimal Mistakes"));
    assert_eq!(config["baseurl"].as_str(), Some("/minimal-mistakes"));
    assert_eq!(config["url"].as_str(), Some("https://mmistakes.github.io"));
    // A key only the theme reads stays for Liquid's `site.*`.
    assert_eq!(config["minimal_mistakes_skin"].as_str(), Some("default"));
    // The original comments are kept.
    assert!(read(&site, "_config.yml").contains("# Welcome to Jekyll!"));

    // `file:line` of the setting, with what will not happen.
    assert!(
        report.contains("_config.yml:8:1: `remote_theme`"),
        "{report}"
    );
    assert!(
        report.contains("plugin jekyll-gist will not run"),
        "{report}"
    );
    assert!(
        report.contains("plugin jekyll-feed: not needed"),
        "{report}"
    );
    assert!(
        report.contains("`defaults`: front matter defaults are not applied"),
        "{report}"
    );
    for skipped in [
        "_layouts",
        "_sass",
        "_plugins",
        "Gemfile",
        "index.html",
        "feed.xml",
        "README.md",
    ] {
        assert!(
            report.lines().any(|l| l.trim_start().starts_with(skipped)),
            "{skipped} is not reported: {report}"
        );
    }
    assert!(report.contains("skipped: layouts not imported"), "{report}");
}

#[test]
fn the_report_points_at_the_file_and_line_of_each_finding_in_a_post() {
    let corpus = corpus();
    let source = tempfile::tempdir().unwrap();
    write(source.path(), "_config.yml", "title: Jekyll news\n");
    // The page of Jekyll's docs collection the post links to (`{% link _docs/history.md %}`).
    write(
        source.path(),
        "docs/history.md",
        "---\ntitle: History\n---\nEvery release.\n",
    );
    copy_in(
        &corpus,
        source.path(),
        &[
            (
                "jekyll-docs/2023-01-29-jekyll-3-9-3-released.markdown",
                "_posts/2023-01-29-jekyll-3-9-3-released.markdown",
            ),
            (
                "jekyll-docs/2019-08-04-jekyll-4-0-0-pre-beta1-released.markdown",
                "_posts/2019-08-04-jekyll-4-0-0-pre-beta1-released.markdown",
            ),
        ],
    );
    let work = tempfile::tempdir().unwrap();
    let site = work.path().join("site");
    let report = succeeded(&import("jekyll", source.path(), &site, &[]));
    // The core's diagnostic, at the line of the post.
    assert!(
        report.contains("posts/2023-01-29-jekyll-3-9-3-released.markdown:3:1: date "),
        "{report}"
    );
    assert_eq!(yaml(&site)["permalink"].as_str(), Some("date"));
    let out = work.path().join("out");
    let built = build_into(&site, &out);
    assert!(built.status.success(), "{}", stderr(&built));
    assert!(
        out.join("release/2023/01/29/jekyll-3-9-3-released.html")
            .is_file(),
        "Jekyll's address is lost: {:?}",
        tree(&out)
    );
    // An import-time finding about the front matter, at its line.
    assert!(
        report.contains(
            "posts/2019-08-04-jekyll-4-0-0-pre-beta1-released.markdown:7:1: `redirect_from`"
        ),
        "{report}"
    );
}

/// A Hugo site: Rust blog posts in content/posts/, a bundle, a page, a
/// section page, static/, data/, a shortcode, and a theme.
fn hugo_source(corpus: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let posts = [
        "2015-08-06-Rust-1.2.md",
        "2022-01-13-Rust-1.58.0.md",
        "2019-11-07-Async-await-stable.md",
        "inside-rust/2020-09-17-stabilizing-intra-doc-links.md",
    ];
    for post in posts {
        copy_in(
            corpus,
            dir.path(),
            &[(
                &format!("rust-blog-yaml/{post}"),
                &format!("content/posts/{post}"),
            )],
        );
    }
    copy_in(
        corpus,
        dir.path(),
        &[(
            "rust-blog-yaml/2022-10-28-gats-stabilization.md",
            "content/posts/gats/index.md",
        )],
    );
    for (path, text) in [
        (
            "config.toml",
            "baseURL = \"https://example.org/blog/\"\ntitle = \"Rust Blog\"\ntheme = \"ananke\"\ntimeZone = \"Europe/Paris\"\nlanguageCode = \"en-us\"\n\n[pagination]\npagerSize = 5\n\n[permalinks]\nposts = \"/:year/:month/:day/:filename/\"\n\n[params]\ndescription = \"Empowering everyone\"\nauthor = \"The Rust Team\"\nmastodon = \"@rust\"\n",
        ),
        ("content/posts/gats/reactions.png", "not really a PNG"),
        ("content/posts/_index.md", "---\ntitle: Posts\n---\n"),
        (
            "content/posts/draft.md",
            "---\ntitle: Not yet\ndate: 2024-01-01\ndraft: true\n---\nSoon.\n",
        ),
        (
            "content/about.md",
            "+++\ntitle = \"About\"\n+++\nWho we are.\n",
        ),
        ("static/favicon.ico", "icon"),
        ("static/css/extra.css", "body {}\n"),
        ("data/team.yaml", "- name: Ada\n"),
        (
            "layouts/shortcodes/note.html",
            "<aside>{{ .Inner }}</aside>\n",
        ),
        ("layouts/_default/single.html", "{{ .Content }}\n"),
        ("themes/ananke/theme.toml", "name = \"Ananke\"\n"),
        ("archetypes/default.md", "---\n---\n"),
        ("public/index.html", "<html></html>\n"),
    ] {
        write(dir.path(), path, text);
    }
    dir
}

#[test]
fn a_hugo_site_becomes_a_quire_site_with_its_bundles_static_files_and_shortcodes() {
    let corpus = corpus();
    let source = hugo_source(&corpus);
    let before = snapshot(source.path());
    let work = tempfile::tempdir().unwrap();
    let site = work.path().join("site");
    let report = succeeded(&import("hugo", source.path(), &site, &[]));
    assert_eq!(snapshot(source.path()), before, "the source changed");

    assert!(report.contains("- posts: 6\n"), "{report}");
    assert!(report.contains("- pages: 1\n"), "{report}");
    assert!(
        report.contains("- drafts (among the posts and pages): 1\n"),
        "{report}"
    );
    assert!(report.contains("- shortcodes: 1\n"), "{report}");
    assert!(report.contains("- data files: 1\n"), "{report}");
    for file in [
        "posts/2015-08-06-Rust-1.2.md",
        "posts/inside-rust/2020-09-17-stabilizing-intra-doc-links.md",
        "posts/gats/index.md",
        "posts/gats/reactions.png",
        "posts/draft.md",
        "pages/about.md",
        "favicon.ico",
        "css/extra.css",
        "_data/team.yaml",
        "shortcodes/note.html",
    ] {
        assert!(site.join(file).is_file(), "{file} is missing");
    }
    assert_eq!(
        read(&site, "posts/draft.md"),
        before["content/posts/draft.md"]
            .iter()
            .map(|&b| b as char)
            .collect::<String>()
    );
    for gone in [
        "layouts",
        "themes",
        "archetypes",
        "public",
        "posts/_index.md",
    ] {
        assert!(!site.join(gone).exists(), "{gone} was imported");
    }
    for skipped in [
        "content/posts/_index.md",
        "layouts",
        "themes",
        "archetypes",
        "public",
    ] {
        assert!(
            report.lines().any(|l| l.trim_start().starts_with(skipped)),
            "{skipped} is not reported: {report}"
        );
    }
    assert!(report.contains("config.toml:3:1: `theme`"), "{report}");

    let config = yaml(&site);
    assert_eq!(config["url"].as_str(), Some("https://example.org"));
    assert_eq!(config["baseurl"].as_str(), Some("/blog"));
    assert_eq!(config["title"].as_str(), Some("Rust Blog"));
    assert_eq!(config["description"].as_str(), Some("Empowering everyone"));
    assert_eq!(config["author"].as_str(), Some("The Rust Team"));
    assert_eq!(config["timezone"].as_str(), Some("Europe/Paris"));
    assert_eq!(config["paginate"].as_u64(), Some(5));
    assert_eq!(
        config["permalink"].as_str(),
        Some("/:year/:month/:day/:slug/")
    );
    assert_eq!(config["params"]["mastodon"].as_str(), Some("@rust"));
    assert_eq!(config["hugo"]["languageCode"].as_str(), Some("en-us"));

    let out = work.path().join("out");
    let built = build_into(&site, &out);
    assert!(built.status.success(), "{}", stderr(&built));
    assert!(out.join("2015/08/06/Rust-1.2/index.html").is_file());
    assert!(out.join("about/index.html").is_file());
    assert!(out.join("favicon.ico").is_file());
    assert!(
        !out.join("posts/draft.md").exists(),
        "a draft was published"
    );
}

/// A Zola site: Rust blog posts with `+++` front matter, dated by `path`,
/// a bundle, a section, an undated page, and Zola's templates.
fn zola_source(corpus: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for post in [
        "Rust-1.88.0.md",
        "Stability.md",
        "_index.md",
        "GATs-stabilization-push/index.md",
        "inside-rust/_index.md",
        "inside-rust/polonius-update.md",
    ] {
        let from = format!("rust-blog-toml/{post}");
        if corpus.join(&from).is_file() {
            copy_in(corpus, dir.path(), &[(&from, &format!("content/{post}"))]);
        }
    }
    for (path, text) in [
        (
            "config.toml",
            "base_url = \"https://blog.rust-lang.org\"\ntitle = \"Rust Blog\"\ndescription = \"Empowering everyone\"\ncompile_sass = true\ntheme = \"even\"\n\n[markdown]\nhighlight_code = true\n\n[extra]\nmaintained_by = \"the Rust Teams\"\n",
        ),
        (
            "content/GATs-stabilization-push/gats-reactions.png",
            "not really a PNG",
        ),
        (
            "content/about.md",
            "+++\ntitle = \"About\"\n+++\nThe blog.\n",
        ),
        ("static/robots.txt", "User-agent: *\n"),
        (
            "templates/shortcodes/youtube.html",
            "<iframe src=\"{{ id }}\"></iframe>\n",
        ),
        ("templates/page.html", "{{ page.content }}\n"),
        ("sass/site.scss", "body {}\n"),
    ] {
        write(dir.path(), path, text);
    }
    dir
}

#[test]
fn a_zola_site_becomes_a_quire_site_and_its_posts_keep_their_addresses() {
    let corpus = corpus();
    let source = zola_source(&corpus);
    let before = snapshot(source.path());
    let work = tempfile::tempdir().unwrap();
    let site = work.path().join("site");
    let report = succeeded(&import("zola", source.path(), &site, &[]));
    assert_eq!(snapshot(source.path()), before, "the source changed");

    for file in [
        "posts/Rust-1.88.0.md",
        "posts/Stability.md",
        "posts/GATs-stabilization-push/index.md",
        "posts/GATs-stabilization-push/gats-reactions.png",
        "pages/about.md",
        "robots.txt",
        "shortcodes/youtube.html",
    ] {
        assert!(site.join(file).is_file(), "{file} is missing: {report}");
    }
    for gone in ["templates", "sass", "posts/_index.md", "pages/_index.md"] {
        assert!(!site.join(gone).exists(), "{gone} was imported");
    }
    for skipped in ["content/_index.md", "templates", "sass"] {
        assert!(
            report.lines().any(|l| l.trim_start().starts_with(skipped)),
            "{skipped} is not reported: {report}"
        );
    }
    assert!(report.contains("config.toml:5:1: `theme`"), "{report}");
    // The bundle's image is linked by a name Quire resolves from the site root.
    assert!(
        report.contains("posts/GATs-stabilization-push/index.md:17:1: `gats-reactions.png` resolves to /gats-reactions.png"),
        "{report}"
    );
    assert!(report.contains("`compile_sass`"), "{report}");

    let config = yaml(&site);
    assert_eq!(config["url"].as_str(), Some("https://blog.rust-lang.org"));
    assert_eq!(config["title"].as_str(), Some("Rust Blog"));
    assert_eq!(config["description"].as_str(), Some("Empowering everyone"));
    assert_eq!(
        config["extra"]["maintained_by"].as_str(),
        Some("the Rust Teams")
    );
    assert_eq!(config["zola"]["compile_sass"].as_bool(), Some(true));

    let out = work.path().join("out");
    let built = build_into(&site, &out);
    assert!(built.status.success(), "{}", stderr(&built));
    // The addresses of Zola's `path`.
    assert!(out.join("2025/06/26/Rust-1.88.0/index.html").is_file());
    assert!(out.join("2014/10/30/Stability/index.html").is_file());
    assert!(
        out.join("2021/08/03/GATs-stabilization-push/index.html")
            .is_file()
    );
    assert!(out.join("about/index.html").is_file());
    assert!(out.join("robots.txt").is_file());
}

#[test]
fn a_non_empty_site_is_refused_unless_forced_and_its_files_are_never_overwritten() {
    let source = site(&[
        ("_config.yml", "title: From Jekyll\n"),
        (
            "_posts/2024-01-15-hello.md",
            "---\ntitle: Hello\n---\nHi.\n",
        ),
    ]);
    let target = site(&[("_config.yml", "title: Mine\n")]);
    let out = import("jekyll", source.path(), target.path(), &[]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("is not empty"), "{}", stderr(&out));
    assert!(stderr(&out).contains("--force"), "{}", stderr(&out));
    assert!(!target.path().join("posts").exists());

    let report = succeeded(&import(
        "jekyll",
        source.path(),
        target.path(),
        &["--force"],
    ));
    assert_eq!(read(target.path(), "_config.yml"), "title: Mine\n");
    assert!(target.path().join("posts/2024-01-15-hello.md").is_file());
    assert!(report.contains("_config.yml"), "{report}");
    assert!(
        report.contains("kept: the site already has this file"),
        "{report}"
    );
}

#[test]
fn the_wrong_kind_of_source_is_refused_with_a_hint() {
    let zola = site(&[
        (
            "config.toml",
            "base_url = \"https://example.com\"\ntitle = \"Z\"\n",
        ),
        (
            "content/hello.md",
            "+++\ntitle = \"Hello\"\ndate = 2024-01-15\n+++\nHi.\n",
        ),
    ]);
    let work = tempfile::tempdir().unwrap();
    let target = work.path().join("site");
    let out = import("hugo", zola.path(), &target, &[]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(
        err.contains("looks like a Zola site, not a Hugo one"),
        "{err}"
    );
    assert!(err.contains("quire import zola"), "{err}");
    assert!(!target.exists(), "a refused import wrote the site");

    let out = import("jekyll", zola.path(), &target, &[]);
    assert!(
        stderr(&out).contains("quire import zola"),
        "{}",
        stderr(&out)
    );

    let empty = tempfile::tempdir().unwrap();
    let out = import("jekyll", empty.path(), &target, &[]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("is not a Jekyll site"),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("_posts"), "{}", stderr(&out));

    let out = import("zola", &empty.path().join("missing"), &target, &[]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("does not exist"), "{}", stderr(&out));
}

#[test]
fn a_site_inside_the_source_is_refused_so_the_source_is_never_written() {
    let source = site(&[
        ("_config.yml", "title: From Jekyll\n"),
        (
            "_posts/2024-01-15-hello.md",
            "---\ntitle: Hello\n---\nHi.\n",
        ),
    ]);
    let before = snapshot(source.path());
    let out = import("jekyll", source.path(), &source.path().join("quire"), &[]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("overlap"), "{}", stderr(&out));
    assert_eq!(snapshot(source.path()), before);
}

#[test]
fn settings_quire_cannot_use_are_left_out_and_reported_at_their_line() {
    let source = site(&[
        (
            "_config.yml",
            "title: Old blog\nurl: localhost:4000\ntimezone: Mars/Olympus\nplugins:\n  - jekyll-redirect-from\n",
        ),
        (
            "_posts/2024-01-15-hello.md",
            "---\ntitle: Hello\nredirect_from: /old/\n---\nHi.\n",
        ),
    ]);
    let work = tempfile::tempdir().unwrap();
    let target = work.path().join("site");
    let report = succeeded(&import("jekyll", source.path(), &target, &[]));
    assert!(
        report.contains("_config.yml:2:1: `url` left out"),
        "{report}"
    );
    assert!(
        report.contains("_config.yml:3:1: `timezone` left out"),
        "{report}"
    );
    assert!(
        report.contains("_config.yml:5:1: plugin jekyll-redirect-from will not run"),
        "{report}"
    );
    let config = yaml(&target);
    assert_eq!(config["title"].as_str(), Some("Old blog"));
    assert!(config.get("url").is_none());
    // Jekyll's default addresses, written out: they are not Quire's default.
    assert_eq!(config["permalink"].as_str(), Some("date"));
    let out = work.path().join("out");
    let built = build_into(&target, &out);
    assert!(built.status.success(), "{}", stderr(&built));
}

#[test]
fn posts_of_one_hugo_or_zola_section_keep_their_section_addresses() {
    let work = tempfile::tempdir().unwrap();
    let post = "---\ntitle: Hello\ndate: 2024-01-15\n---\nHi.\n";
    let hugo = site(&[
        (
            "hugo.toml",
            "baseURL = \"https://example.com/\"\ntitle = \"H\"\n",
        ),
        ("content/blog/hello.md", post),
    ]);
    let zola = site(&[
        (
            "config.toml",
            "base_url = \"https://example.com\"\ntitle = \"Z\"\n",
        ),
        ("content/blog/_index.md", "+++\ntitle = \"Blog\"\n+++\n"),
        (
            "content/blog/hello.md",
            "+++\ntitle = \"Hello\"\ndate = 2024-01-15\n+++\nHi.\n",
        ),
    ]);
    for (kind, source, address) in [
        ("hugo", &hugo, "blog/hello/index.html"),
        ("zola", &zola, "blog/hello/index.html"),
    ] {
        let target = work.path().join(kind);
        succeeded(&import(kind, source.path(), &target, &[]));
        let out = work.path().join(format!("{kind}-out"));
        let built = build_into(&target, &out);
        assert!(built.status.success(), "{kind}: {}", stderr(&built));
        assert!(out.join(address).is_file(), "{kind}: {:?}", tree(&out));
    }
}

#[test]
fn a_hugo_posts_section_cannot_keep_its_addresses_and_the_report_says_so() {
    let hugo = site(&[
        (
            "hugo.toml",
            "baseURL = \"https://example.com/\"\ntitle = \"H\"\n",
        ),
        (
            "content/posts/hello.md",
            "---\ntitle: Hello\ndate: 2024-01-15\n---\nHi.\n",
        ),
    ]);
    let work = tempfile::tempdir().unwrap();
    let target = work.path().join("site");
    let report = succeeded(&import("hugo", hugo.path(), &target, &[]));
    assert!(
        report.contains("permalink \"/posts/:slug/\" left out"),
        "{report}"
    );
    let out = work.path().join("out");
    let built = build_into(&target, &out);
    assert!(built.status.success(), "{}", stderr(&built));
    assert!(
        out.join("2024/01/15/hello/index.html").is_file(),
        "{:?}",
        tree(&out)
    );
}
