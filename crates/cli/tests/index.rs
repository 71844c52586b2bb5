//! The site index split by route (`posts/index.json` and `posts/index/`):
//! each page of the blog downloads what it shows, and nothing hidden is in any part.

mod common;
use common::*;
use serde_json::Value;

/// A site of `n` dated posts (`post-K`, one a day from 2023-12-20, so the
/// newest are in 2024), `paginate: 2`, tags `all` and (every third) `third`.
fn numbered(n: usize) -> tempfile::TempDir {
    let dir = site(&[(
        "_config.yml",
        "title: T\nurl: https://example.com\npaginate: 2\n",
    )]);
    for k in 0..n {
        let day =
            chrono::NaiveDate::from_ymd_opt(2023, 12, 20).unwrap() + chrono::Days::new(k as u64);
        let tags = if k % 3 == 0 { "[all, third]" } else { "[all]" };
        write(
            dir.path(),
            &format!("posts/{day}-post-{k}.md"),
            &format!(
                "---\ntitle: Post {k}\ntags: {tags}\n---\nBody of post {k}.\n\n<!--more-->\n\nMore.\n"
            ),
        );
    }
    dir
}

fn titles(posts: &[Value]) -> Vec<&str> {
    posts.iter().map(|p| p["title"].as_str().unwrap()).collect()
}

#[test]
fn each_home_page_has_its_own_file_of_posts_with_their_excerpts() {
    let dir = numbered(5);
    assert!(build(dir.path()).status.success());
    let index = index(dir.path());
    assert_eq!(index["version"], 2);
    assert_eq!(index["postCount"], 5);
    assert_eq!(index["homePages"], 3);
    assert_eq!(
        titles(&index_part(dir.path(), "home-1.json")),
        ["Post 4", "Post 3"]
    );
    assert_eq!(titles(&index_part(dir.path(), "home-3.json")), ["Post 0"]);
    let first = &index_part(dir.path(), "home-1.json")[0];
    assert!(
        first["excerptHtml"]
            .as_str()
            .unwrap()
            .contains("Body of post 4")
    );
    assert_eq!(first["hasMore"], true);
    assert!(
        index.get("posts").is_none(),
        "the post list is not in the index every page reads"
    );
}

#[test]
fn tags_and_years_list_their_posts_in_their_own_files() {
    let dir = numbered(15);
    assert!(build(dir.path()).status.success());
    let index = index(dir.path());
    assert_eq!(
        index["tags"],
        serde_json::json!([
            { "tag": "all", "slug": "all", "count": 15 },
            { "tag": "third", "slug": "third", "count": 5 },
        ])
    );
    assert_eq!(
        titles(&index_part(dir.path(), "tag-1.json")),
        ["Post 12", "Post 9", "Post 6", "Post 3", "Post 0"]
    );
    assert_eq!(
        index["years"],
        serde_json::json!([{ "year": "2024", "count": 3 }, { "year": "2023", "count": 12 }])
    );
    assert_eq!(
        titles(&index_part(dir.path(), "year-0.json")),
        ["Post 14", "Post 13", "Post 12"]
    );
    let page = read(&public(dir.path()), "archive/2024/index.html");
    assert!(
        page.contains("Posts of 2024") && page.contains("Post 13"),
        "{page}"
    );
    let archive = read(&public(dir.path()), "archive/index.html");
    assert!(archive.contains("<h2 id=\"year-2023\"><a href=\"archive/2023/\">2023</a></h2>"));
}

#[test]
fn every_post_is_in_the_route_shard_the_core_names_with_its_neighbours() {
    let dir = numbered(150);
    assert!(build(dir.path()).status.success());
    let index = index(dir.path());
    let shards = index["routeShards"].as_u64().unwrap() as u32;
    assert_eq!(shards, 3, "150 posts, 64 per shard on average");
    let mut seen = 0;
    for n in 0..shards {
        for post in index_part(dir.path(), &format!("route-{n}.json")) {
            let permalink = post["permalink"].as_str().unwrap();
            assert_eq!(quire::route_shard(permalink, shards), n, "{permalink}");
            seen += 1;
            if post["title"] == "Post 75" {
                assert_eq!(post["newer"]["title"], "Post 76");
                assert_eq!(post["older"]["title"], "Post 74");
                assert_eq!(post["path"], "posts/2024-03-04-post-75.md");
            }
            if post["title"] == "Post 149" {
                assert_eq!(post["newer"], Value::Null);
            }
        }
    }
    assert_eq!(seen, 150);
}

#[test]
fn drafts_and_future_posts_are_in_no_part_of_the_index() {
    let dir = sample();
    assert!(build(dir.path()).status.success());
    let parts = public(dir.path()).join("posts/index");
    let mut files = 0;
    for file in std::fs::read_dir(&parts).unwrap() {
        let text = std::fs::read_to_string(file.unwrap().path()).unwrap();
        assert!(
            !text.contains("Secret") && !text.contains("Tomorrow"),
            "{text}"
        );
        files += 1;
    }
    let index = read(&public(dir.path()), "posts/index.json");
    assert!(!index.contains("Secret") && !index.contains("Tomorrow"));
    assert!(files >= 5, "home, tags, years, route, all: {files}");
}

#[test]
fn a_list_route_a_post_took_is_named_so_the_shell_looks_the_post_up() {
    let dir = sample();
    write(
        dir.path(),
        "posts/2024-03-01-archive.md",
        "---\ntitle: My archive\npermalink: /archive/\n---\nMine.\n",
    );
    assert!(build(dir.path()).status.success());
    assert_eq!(
        index(dir.path())["claimed"],
        serde_json::json!(["/archive/"])
    );
    assert!(read(&public(dir.path()), "archive/index.html").contains("My archive"));
}

#[test]
fn the_post_list_is_loaded_for_posts_only_when_their_liquid_links_to_posts() {
    let dir = sample();
    assert!(build(dir.path()).status.success());
    assert_eq!(index(dir.path())["postList"], false);
    write(
        dir.path(),
        "posts/2024-03-01-links.md",
        "---\ntitle: Links\n---\nSee [hello]({% post_url 2024-01-15-hello %}).\n",
    );
    assert!(build(dir.path()).status.success());
    assert_eq!(index(dir.path())["postList"], true);
    let all = index_part(dir.path(), "all.json");
    assert_eq!(
        titles(&all),
        ["Links", "Hello <world>", "Older"],
        "every published post, newest first"
    );
}
