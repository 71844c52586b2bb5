use super::*;
use crate::compat::PageRef;
use serde_json::json;

fn site() -> SiteContext {
    let mut site = SiteContext::default();
    site.config
        .insert("url".into(), json!("https://example.com"));
    site.config.insert("baseurl".into(), json!(""));
    site.config
        .insert("params".into(), json!({"author": {"name": "Ferris"}}));
    site.posts.push(PageRef {
        path: "posts/2020-01-01-hello.md".into(),
        url: "/2020/01/01/hello/".into(),
        ..PageRef::default()
    });
    site.posts.push(PageRef {
        path: "posts/inside-rust/plan/index.md".into(),
        url: "/inside-rust/plan/".into(),
        ..PageRef::default()
    });
    site
}

/// Expands `body` (first line 5 of the file) and returns the text and the
/// diagnostics.
fn run_with(body: &str, page: &Page, site: &SiteContext) -> (String, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let input = Mapped::new(body, 5);
    let out = expand(&input, page, site, &mut diagnostics);
    let text = out.map_or_else(|| body.to_string(), |m| m.text.into_owned());
    (text, diagnostics)
}

fn run(body: &str) -> (String, Vec<Diagnostic>) {
    run_with(body, &Page::new(), &site())
}

fn expanded(body: &str) -> String {
    let (text, diagnostics) = run(body);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    text
}

#[test]
fn a_body_without_shortcodes_is_not_rewritten() {
    let mut diagnostics = Vec::new();
    let body = "Liquid {{ site.url }} and {% include toc %} and `{{closure}}`.\n";
    assert_eq!(
        expand(
            &Mapped::new(body, 1),
            &Page::new(),
            &site(),
            &mut diagnostics
        ),
        None
    );
    assert!(diagnostics.is_empty());
}

#[test]
fn hugo_highlight_becomes_a_fenced_block_longer_than_its_backticks_and_kept_from_liquid() {
    let out = expanded(
        "Before\n{{< highlight go \"linenos=table\" >}}\nfmt.Println(\"```{{x}}\")\n{{< /highlight >}}\nAfter\n",
    );
    assert_eq!(
        out,
        "Before\n{% raw %}````go\nfmt.Println(\"```{{x}}\")\n````{% endraw %}\nAfter\n"
    );
    let plain = expanded("{{< highlight rust >}}\nfn main() {}\n{{< /highlight >}}");
    assert_eq!(plain, "```rust\nfn main() {}\n```");
}

#[test]
fn an_escaped_shortcode_in_highlighted_code_comes_out_literally() {
    let out = expanded("{{< highlight md >}}\n{{</* youtube abc */>}}\n{{< /highlight >}}\n");
    assert_eq!(
        out,
        "{% raw %}```md\n{{< youtube abc >}}\n```{% endraw %}\n"
    );
}

#[test]
fn hugo_and_zola_escapes_come_out_literally_even_in_code() {
    let out = expanded(
        "Use {{%/* note */%}} or {{</* x y=\"1\" */>}}.\n\n```\n{{/* youtube(id=\"a\") */}} {%/* quote() */%}\n```\n",
    );
    assert_eq!(
        out,
        "Use {% raw %}{{% note %}}{% endraw %} or {% raw %}{{< x y=\"1\" >}}{% endraw %}.\n\n```\n{% raw %}{{ youtube(id=\"a\") }}{% endraw %} {% raw %}{% quote() %}{% endraw %}\n```\n"
    );
}

#[test]
fn escapes_are_not_wrapped_when_liquid_is_off() {
    let mut page = Page::new();
    page.insert("render_with_liquid".into(), json!(false));
    let (out, _) = run_with("{{</* x */>}}", &page, &site());
    assert_eq!(out, "{{< x >}}");
}

#[test]
fn an_endraw_inside_protected_text_does_not_end_the_raw_block() {
    let out = expanded("{{</* x {% endraw %} */>}}");
    assert_eq!(
        out,
        "{% raw %}{{< x {{% endraw %}{% raw %}% endraw %} >}}{% endraw %}"
    );
}

#[test]
fn hugo_figure_has_link_image_and_caption() {
    let out = expanded(
        "{{< figure src=\"/a.png\" alt=\"A\" caption=\"The *cat*\" link=\"https://example.com\" title=\"T\" class=\"wide\" width=\"300\" >}}",
    );
    assert_eq!(
        out,
        "<figure class=\"wide\"><a href=\"https://example.com\"><img src=\"/a.png\" alt=\"A\" width=\"300\"></a><figcaption><h4>T</h4><p>The <em>cat</em></p></figcaption></figure>"
    );
}

#[test]
fn a_javascript_figure_link_is_never_clickable() {
    for link in [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "java&#115;cript:alert(1)",
        " javascript:x",
    ] {
        let body = format!("{{{{< figure src=\"a.png\" link=\"{link}\" >}}}}");
        let (out, diagnostics) = run(&body);
        let html = crate::clean_html(&out).to_ascii_lowercase();
        // What is left may only be a harmless relative URL (`java&#115;…`
        // escaped once more reads as text, not as a scheme).
        assert!(
            !html.contains("href=\"javascript") && !html.contains("href=\" javascript"),
            "{html}"
        );
        assert!(!html.contains("href=\"java&#"), "{html}");
        assert!(html.contains("<img"), "{html}");
        assert!(
            diagnostics.iter().all(|d| d.severity == Severity::Warning),
            "{diagnostics:?}"
        );
    }
}

#[test]
fn hugo_youtube_and_vimeo_are_private_sandboxed_frames() {
    let out = expanded(
        "{{< youtube w7Ft2ymGmfc >}}\n\n{{< youtube id=\"w7Ft2ymGmfc\" title=\"A talk\" >}}\n\n{{< vimeo 146022717 >}}",
    );
    assert!(out.starts_with("<div class=\"quire-embed quire-embed--youtube\"><iframe src=\"https://www.youtube-nocookie.com/embed/w7Ft2ymGmfc\" title=\"YouTube video\" loading=\"lazy\""));
    assert!(out.contains("title=\"A talk\""));
    assert!(out.contains("<div class=\"quire-embed quire-embed--vimeo\"><iframe src=\"https://player.vimeo.com/video/146022717?dnt=1\""));
    let cleaned = crate::clean_html(&out);
    assert_eq!(cleaned.matches("<iframe").count(), 3);
    assert_eq!(cleaned.matches("sandbox=").count(), 3);
}

#[test]
fn a_youtube_id_with_markup_is_an_error_and_no_frame() {
    let (out, diagnostics) = run("Text\n{{< youtube \"\\\"><script>alert(1)</script>\" >}}");
    assert!(
        !out.contains("<iframe") && !out.contains("<script"),
        "{out}"
    );
    assert_eq!(diagnostics.len(), 1);
    assert_eq!(diagnostics[0].severity, Severity::Error);
    assert_eq!((diagnostics[0].line, diagnostics[0].column), (6, 1));
    let (out, diagnostics) = run("{{ youtube(id='\"><script>') }}");
    assert!(
        !out.contains("<iframe") && !out.contains("<script"),
        "{out}"
    );
    assert_eq!(diagnostics[0].severity, Severity::Error);
}

#[test]
fn gists_and_posts_on_x_are_links_without_scripts() {
    let out = expanded(
        "{{< gist spf13 7896402 \"img.html\" >}}\n\n{{< x user=\"SanDiegoZoo\" id=\"1453110110599868418\" >}}\n\n{{< tweet 877500564405444608 >}}",
    );
    assert!(out.contains("<p class=\"quire-embed quire-embed--gist\"><a href=\"https://gist.github.com/spf13/7896402#file-img-html\">"));
    assert!(out.contains("<a href=\"https://x.com/SanDiegoZoo/status/1453110110599868418\">"));
    assert!(out.contains("<a href=\"https://x.com/i/status/877500564405444608\">"));
    assert!(!out.contains("<script"));
}

#[test]
fn ref_and_relref_resolve_through_the_post_list() {
    let out = expanded(
        "[a]({{< ref \"content/posts/2020-01-01-hello.md\" >}}) [b]({{< relref \"inside-rust/plan#goals\" >}})",
    );
    assert_eq!(
        out,
        "[a](https://example.com/2020/01/01/hello/) [b](/inside-rust/plan/#goals)"
    );
    let (out, diagnostics) = run("[c]({{< relref \"nope.md\" >}})");
    assert_eq!(out, "[c](#)");
    assert_eq!(diagnostics[0].severity, Severity::Error);
}

#[test]
fn param_reads_the_front_matter_then_the_site_s_params() {
    let mut page = Page::new();
    page.insert("mood".into(), json!("<happy>"));
    let (out, diagnostics) = run_with(
        "{{< param mood >}} by {{% param \"author.name\" %}}",
        &page,
        &site(),
    );
    assert_eq!(out, "&lt;happy&gt; by Ferris");
    assert!(diagnostics.is_empty());
}

#[test]
fn an_unknown_shortcode_is_a_visible_notice_and_a_warning_where_it_is() {
    let (out, diagnostics) = run("Line one\nSee {{< instagram BWNjjyYFxVx >}} here.");
    assert_eq!(
        out,
        "Line one\nSee <span class=\"quire-unsupported\" title=\"Hugo shortcode instagram is not supported\">instagram</span> here."
    );
    assert_eq!(diagnostics.len(), 1);
    assert_eq!(diagnostics[0].severity, Severity::Warning);
    assert_eq!((diagnostics[0].line, diagnostics[0].column), (6, 5));
}

#[test]
fn a_paired_unknown_shortcode_keeps_its_markdown_inside() {
    let (out, diagnostics) =
        run("{{% notice tip %}}\nSome **bold** {{< youtube abc >}}\n{{% /notice %}}\nafter");
    assert!(out.starts_with(
        "<span class=\"quire-unsupported\" title=\"Hugo shortcode notice is not supported\">notice</span>\nSome **bold** <div class=\"quire-embed quire-embed--youtube\">"
    ), "{out}");
    assert!(out.ends_with("</div>\n\nafter"), "{out}");
    assert_eq!(diagnostics.len(), 1);
}

#[test]
fn self_closing_and_mismatched_tags() {
    let (out, diagnostics) = run("{{< youtube abc />}} {{< /nothing >}}");
    assert!(out.contains("youtube-nocookie.com/embed/abc"));
    assert!(
        out.ends_with("{% raw %}{{< /nothing >}}{% endraw %}"),
        "{out}"
    );
    assert_eq!(diagnostics.len(), 1);
    assert_eq!(diagnostics[0].severity, Severity::Warning);
}

#[test]
fn an_unterminated_hugo_tag_is_left_as_text_with_a_warning() {
    let (out, diagnostics) = run("Intro\n\nSee {{< youtube abc\n\nmore text");
    assert_eq!(out, "Intro\n\nSee {{< youtube abc\n\nmore text");
    assert_eq!(diagnostics.len(), 1);
    assert_eq!(diagnostics[0].severity, Severity::Warning);
    assert_eq!((diagnostics[0].line, diagnostics[0].column), (7, 5));
}

#[test]
fn deep_nesting_stops_with_an_error() {
    let body = format!("{}x{}", "{{< box >}}".repeat(50), "{{< /box >}}".repeat(50));
    let (out, diagnostics) = run(&body);
    assert!(
        diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error && d.message.contains("nest"))
    );
    assert!(out.len() < body.len() * 20);
    let hostile = "{{< a >}}".repeat(20_000) + &"{{< /b >}}".repeat(20_000);
    let (_, diagnostics) = run(&hostile);
    assert!(!diagnostics.is_empty());
}

#[test]
fn output_is_bounded() {
    let mut site = site();
    site.shortcodes
        .insert("big".into(), "{{ .Inner }}".repeat(64));
    let mut body = "x".repeat(1000);
    for _ in 0..6 {
        body = format!("{{{{< big >}}}}{body}{{{{< /big >}}}}");
    }
    let (out, diagnostics) = run_with(&body, &Page::new(), &site);
    assert!(out.len() <= (4 << 20).max(body.len() * 16), "{}", out.len());
    assert!(
        diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error || d.severity == Severity::Warning)
    );
}

#[test]
fn zola_inline_shortcodes_embed() {
    let out = expanded(
        "{{ youtube(id=\"dQw4w9WgXcQ\", class=\"wide\", autoplay=true) }}\n\n{{ vimeo(id=\"124313553\") }}\n\n{{ gist(url=\"https://gist.github.com/Keats/e5fb6aad409f28721c0ba14161644c57\") }}\n\n{{ streamable(id=\"92ok4\") }}",
    );
    assert!(out.contains("<div class=\"quire-embed quire-embed--youtube wide\"><iframe src=\"https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1\""));
    assert!(out.contains("https://player.vimeo.com/video/124313553?dnt=1"));
    assert!(
        out.contains("<a href=\"https://gist.github.com/Keats/e5fb6aad409f28721c0ba14161644c57\">")
    );
    assert!(out.contains("https://streamable.com/o/92ok4"));
}

#[test]
fn zola_body_shortcodes_get_their_body() {
    let mut site = site();
    site.shortcodes.insert(
        "quote".into(),
        "<blockquote>{{ body | markdown | safe }}<cite>{{ author }}</cite></blockquote>".into(),
    );
    let (out, diagnostics) = run_with(
        "{% quote(author=\"Vincent\") %}\nA **bold** claim.\n{% end %}\n",
        &Page::new(),
        &site,
    );
    assert_eq!(
        out,
        "<blockquote><strong>bold</strong> claim.<cite>Vincent</cite></blockquote>\n"
            .replace("<strong>", "A <strong>")
    );
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
}

#[test]
fn an_unknown_zola_body_shortcode_shows_its_body() {
    let (out, diagnostics) = run("{% note(kind=\"info\") %}\n*Careful*\n{% end %}");
    assert_eq!(
        out,
        "<span class=\"quire-unsupported\" title=\"Zola shortcode note is not supported\">note</span>\n*Careful*\n"
    );
    assert_eq!(diagnostics.len(), 1);
}

#[test]
fn hugo_site_shortcodes_use_get_inner_and_the_page_title() {
    let mut site = site();
    site.shortcodes.insert("note".into(), "<aside class=\"{{ .Get \"kind\" }}\">\n\n<b>{{ .Get 0 }}</b> {{ .Inner | markdownify }} ({{ .Page.Title }})\n\n</aside>".into());
    site.shortcodes
        .insert("fancy".into(), "{{ if .Get 0 }}x{{ end }}".into());
    let mut page = Page::new();
    page.insert("title".into(), json!("My post"));
    let (out, diagnostics) = run_with(
        "{{< note First kind=\"tip\" >}}*inner*{{< /note >}}\n\n{{< fancy 1 >}}",
        &page,
        &site,
    );
    assert_eq!(
        out,
        "<aside class=\"tip\">\n<b>First</b> <em>inner</em> (My post)\n</aside>\n\n<span class=\"quire-unsupported\" title=\"Hugo shortcode fancy is not supported\">fancy</span>"
    );
    assert_eq!(diagnostics.len(), 1);
    assert!(diagnostics[0].message.contains("fancy"));
}

#[test]
fn zola_internal_links_resolve_and_missing_ones_are_errors() {
    let (out, diagnostics) = run(
        "See [the plan](@/inside-rust/plan/index.md#q4) and [x](@/gone.md).\n\n[ref]: @/2020-01-01-hello.md\n",
    );
    assert_eq!(
        out,
        "See [the plan](/inside-rust/plan/#q4) and [x](#).\n\n[ref]: /2020/01/01/hello/\n"
    );
    assert_eq!(diagnostics.len(), 1);
    assert_eq!(diagnostics[0].severity, Severity::Error);
    assert_eq!((diagnostics[0].line, diagnostics[0].column), (5, 56));
}

#[test]
fn liquid_and_code_are_left_for_later() {
    let body = "{{ site.url }} {% include figure image_path=\"a\" %} {% if x %}y{% endif %}\n\n```rust\nlet s = format!(\"{{ {}(\", x);\n{{< youtube abc >}}\n```\n\n    std::rt::lang_start::{{closure}}\n";
    let mut diagnostics = Vec::new();
    assert_eq!(
        expand(
            &Mapped::new(body, 1),
            &Page::new(),
            &site(),
            &mut diagnostics
        ),
        None
    );
    assert!(diagnostics.is_empty());
}

#[test]
fn lines_of_the_output_still_point_into_the_file() {
    let body = "a\n{{< youtube abc >}}\nb\n{{< highlight rust >}}\nx\n{{< /highlight >}}\nc\n";
    let mut diagnostics = Vec::new();
    let out = expand(
        &Mapped::new(body, 10),
        &Page::new(),
        &site(),
        &mut diagnostics,
    )
    .unwrap();
    let lines = out.line_map();
    let c = out.text.lines().position(|l| l == "c").unwrap();
    assert_eq!(lines[c], 16);
    let b = out.text.lines().position(|l| l == "b").unwrap();
    assert_eq!(lines[b], 12);
}

/// Every post of the Rust blog (a Zola site) expands without leaving
/// shortcode syntax outside code.
#[test]
fn the_rust_blog_corpus_leaves_no_shortcode_outside_code() {
    // Real Rust blog posts with `@/` links (and their targets), kept in the
    // repository; `make bench-compat` runs the whole corpus.
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/compat/rust-blog-toml");
    let mut files = Vec::new();
    let mut dirs = vec![root];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "md") {
                files.push(path);
            }
        }
    }
    let mut site = site();
    for file in &files {
        let relative = file
            .strip_prefix(
                file.ancestors()
                    .find(|a| a.ends_with("rust-blog-toml"))
                    .unwrap(),
            )
            .unwrap();
        let path = format!("posts/{}", relative.display());
        let url = format!(
            "/{}/",
            path.trim_start_matches("posts/")
                .trim_end_matches(".md")
                .trim_end_matches("/index")
        );
        site.posts.push(PageRef {
            path,
            url,
            ..PageRef::default()
        });
    }
    let (mut expanded_posts, mut links, mut errors, mut warnings) = (0, 0, 0, 0);
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        let body = match text
            .strip_prefix("+++\n")
            .and_then(|rest| rest.find("\n+++\n").map(|at| &rest[at + 5..]))
        {
            Some(body) => body,
            None => text.as_str(),
        };
        links += body.matches("](@/").count();
        let mut diagnostics = Vec::new();
        let out = expand(&Mapped::new(body, 1), &Page::new(), &site, &mut diagnostics);
        for d in &diagnostics {
            match d.severity {
                Severity::Error => errors += 1,
                Severity::Warning => warnings += 1,
            }
        }
        assert!(
            diagnostics.is_empty(),
            "{}: {diagnostics:?}",
            file.display()
        );
        let Some(out) = out else { continue };
        expanded_posts += 1;
        let (tokens, _) = scan::scan(&out.text);
        let left: Vec<_> = tokens
            .iter()
            .filter(|t| !matches!(t.kind, Kind::Escape(_)))
            .collect();
        assert!(left.is_empty(), "{}: {left:?}", file.display());
    }
    eprintln!(
        "rust-blog-toml: {} posts, {expanded_posts} rewritten, {links} @/ links, {errors} errors, {warnings} warnings",
        files.len()
    );
    assert!(files.len() >= 10);
    assert!(
        links >= 5 && expanded_posts >= 3,
        "{links} links, {expanded_posts} rewritten"
    );
}

#[test]
fn no_input_made_of_shortcode_pieces_panics() {
    const PIECES: &[&str] = &[
        "{{<",
        ">}}",
        "{{%",
        "%}}",
        "{{",
        "}}",
        "{%",
        "%}",
        "/*",
        "*/",
        "/",
        "\"",
        "'",
        "`",
        "```",
        "\n",
        "\n\n",
        " ",
        "=",
        "(",
        ")",
        "[",
        "]",
        ",",
        "é",
        "日本",
        "youtube",
        "highlight",
        "figure",
        "x",
        "end",
        "raw",
        "endraw",
        "@/",
        "](@/",
        "#",
        "-",
        "1",
        "true",
        "id=",
        "src=",
        "box",
        "\\",
    ];
    let mut site = site();
    site.shortcodes
        .insert("box".into(), "<b>{{ .Inner }}</b>{{ body }}".into());
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    for _ in 0..3000 {
        let mut body = String::new();
        for _ in 0..40 {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            body.push_str(PIECES[(seed >> 33) as usize % PIECES.len()]);
        }
        let mut diagnostics = Vec::new();
        let input = Mapped::new(&body, 3);
        if let Some(out) = expand(&input, &Page::new(), &site, &mut diagnostics) {
            let _ = out.line_map();
        }
        for d in &diagnostics {
            assert!(d.line >= 3 && d.column >= 1, "{body:?}: {d:?}");
        }
    }
}

#[test]
fn highlighted_code_is_verbatim_even_with_fences_and_tags_inside() {
    let out = expanded(
        "{{< highlight markdown >}}\n```rust\nlet x = 1;\n```\n{{< youtube abc >}}\n{{< /highlight >}}\nafter {{< youtube abc >}}",
    );
    assert!(out.starts_with("{% raw %}````markdown\n```rust\nlet x = 1;\n```\n{{< youtube abc >}}\n````{% endraw %}\nafter <div"), "{out}");
}

#[test]
fn hugo_details_wraps_its_markdown() {
    let out = expanded(
        "{{< details summary=\"More <info>\" open=true >}}\n*hidden*\n{{< /details >}}\nend",
    );
    assert_eq!(
        out,
        "<details open><summary>More &lt;info&gt;</summary>\n\n\n*hidden*\n\n\n</details>\nend"
    );
}

/// The Jekyll corpora hold Liquid, never shortcodes: nothing of theirs is
/// taken for one.
#[test]
fn the_jekyll_corpora_are_left_to_liquid() {
    let posts = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/compat");
    let mut checked = 0;
    for corpus in ["jekyll-docs", "minimal-mistakes", "rust-blog-yaml"] {
        let mut dirs = vec![posts.join(corpus)];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                    continue;
                }
                let Ok(text) = std::fs::read_to_string(&path) else {
                    continue;
                };
                checked += 1;
                let mut diagnostics = Vec::new();
                let out = expand(
                    &Mapped::new(&text, 1),
                    &Page::new(),
                    &site(),
                    &mut diagnostics,
                );
                assert!(
                    diagnostics.is_empty(),
                    "{}: {diagnostics:?}",
                    path.display()
                );
                assert!(out.is_none(), "{} was rewritten", path.display());
            }
        }
    }
    assert!(checked >= 19, "{checked}");
}
