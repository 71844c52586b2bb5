//! Bringing a Jekyll, Hugo or Zola blog: what `quire build` does with their
//! Liquid, shortcodes, includes and data, and what of the site it ships.

mod common;

use common::*;

const JEKYLL_CONFIG: &str = "title: Test blog\nurl: https://example.com\n\
    author_note: Written on a train\n\
    comments:\n  staticman:\n    secret: do-not-ship\n";

#[test]
fn readers_get_only_the_config_keys_quire_reads_and_those_posts_name() {
    let dir = site(&[
        ("_config.yml", JEKYLL_CONFIG),
        (
            "posts/2024-01-15-hello.md",
            "---\ntitle: Hello\n---\n{{ site.author_note }} {% include note.html %}\n",
        ),
        (
            "_includes/note.html",
            "<aside>{{ site.data.people.me }}</aside>",
        ),
        ("_includes/unused.html", "never named"),
        ("_data/people.yml", "me: Ann\n"),
        ("_data/private.yml", "phone: 555\n"),
    ]);
    let out = build(dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let index = index(dir.path());
    assert_eq!(index["site"]["title"], "Test blog");
    assert_eq!(index["site"]["author_note"], "Written on a train");
    assert!(index["site"].get("comments").is_none(), "{}", index["site"]);
    let context = &index["context"];
    assert_eq!(
        context["includes"]["note.html"],
        "<aside>{{ site.data.people.me }}</aside>"
    );
    assert!(context["includes"].get("unused.html").is_none());
    assert_eq!(context["data"]["people"]["me"], "Ann");
    assert!(context["data"].get("private").is_none());
    let everything = tree(&public(dir.path()))
        .iter()
        .map(|file| std::fs::read(public(dir.path()).join(file)).unwrap())
        .any(|bytes| bytes.windows(11).any(|w| w == b"do-not-ship"));
    assert!(!everything, "the secret was published");
}
