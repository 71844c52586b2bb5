//! What a reader and a writer notice of Liquid: the text that comes out, the
//! diagnostics and where they point.

use super::super::{Mapped, Page, PageRef, SiteContext};
use super::render;
use crate::post::{Diagnostic, Severity};
use serde_json::{Value, json};
use std::time::{Duration, Instant};

fn site() -> SiteContext {
    let mut site = SiteContext::default();
    let config = json!({
        "title": "My Blog",
        "url": "https://example.com",
        "baseurl": "/blog",
        "repository": "jekyll/jekyll",
        "author": {"name": "Ann"},
    });
    site.config = config.as_object().cloned().unwrap_or_default();
    site.data =
        json!({"nav": [{"title": "Home", "url": "/"}, {"title": "About", "url": "/about/"}]})
            .as_object()
            .cloned()
            .unwrap_or_default();
    site.posts = vec![
        PageRef {
            path: "posts/2010-07-21-name.md".into(),
            url: "/2010/07/21/name/".into(),
            title: Some("Name".into()),
            date: Some("2010-07-21".into()),
            tags: vec!["a".into()],
            categories: vec![],
        },
        PageRef {
            path: "posts/2017-03-02-jekyll-3-4-1-released.markdown".into(),
            url: "/news/2017/03/02/jekyll-3-4-1-released/".into(),
            title: Some("Jekyll 3.4.1".into()),
            date: Some("2017-03-02".into()),
            ..PageRef::default()
        },
    ];
    site.pages = vec![PageRef {
        path: "pages/about.md".into(),
        url: "/about/".into(),
        title: Some("About".into()),
        ..PageRef::default()
    }];
    site
}

fn page() -> Page {
    json!({
        "title": "Hello",
        "date": "2024-01-15T10:30:00+01:00",
        "tags": ["rust", "web"],
        "path": "posts/2024-01-15-hello.md",
        "url": "/2024/01/15/hello/",
    })
    .as_object()
    .cloned()
    .unwrap_or_default()
}

fn render_in(
    body: &str,
    first_line: usize,
    site: &SiteContext,
) -> (Mapped<'static>, Vec<Diagnostic>) {
    let input = Mapped::new(body, first_line);
    let mut diagnostics = Vec::new();
    let out = render(&input, &page(), site, &mut diagnostics)
        .unwrap_or_else(|| Mapped::new(body, first_line).into_owned());
    (out, diagnostics)
}

fn run(body: &str) -> (String, Vec<Diagnostic>) {
    let (out, diagnostics) = render_in(body, 1, &site());
    (out.text.into_owned(), diagnostics)
}

fn text(body: &str) -> String {
    let (out, diagnostics) = run(body);
    assert!(
        diagnostics.is_empty(),
        "unexpected diagnostics for {body:?}: {diagnostics:?}"
    );
    out
}

fn with_includes(includes: &[(&str, &str)]) -> SiteContext {
    let mut site = site();
    for (name, text) in includes {
        site.includes.insert((*name).into(), (*text).into());
    }
    site
}

#[test]
fn a_body_without_liquid_is_left_to_the_renderer() {
    let input = Mapped::new("Plain {text} and 50% off.\n", 1);
    assert!(render(&input, &page(), &site(), &mut Vec::new()).is_none());
}

#[test]
fn outputs_print_site_page_and_data_values() {
    assert_eq!(
        text(
            "{{ site.title }} by {{ site.author.name }}: {{ page.title }} {{ site.data.nav[1].title }} {{ page[\"title\"] }}"
        ),
        "My Blog by Ann: Hello About Hello"
    );
    assert_eq!(
        text("{{ page.tags.size }} {{ page.tags.first }} {{ page.tags.last }} {{ page.tags }}"),
        "2 rust web rustweb"
    );
    assert_eq!(
        text("{{ site.posts.size }} {{ site.posts[0].url }} {{ site.pages.first.title }}"),
        "2 /2010/07/21/name/ About"
    );
}

#[test]
fn undefined_variables_print_nothing_and_say_nothing() {
    assert_eq!(
        text("a{{ nothing.here }}b{{ page.missing | upcase }}c"),
        "abc"
    );
}

#[test]
fn url_filters_join_the_base_url_with_one_slash() {
    assert_eq!(text("{{ \"/docs/\" | relative_url }}"), "/blog/docs/");
    assert_eq!(text("{{ \"docs\" | relative_url }}"), "/blog/docs");
    assert_eq!(
        text("{{ \"/docs/\" | absolute_url }}"),
        "https://example.com/blog/docs/"
    );
    assert_eq!(
        text("{{ site.baseurl }}{{ site.url }}"),
        "/bloghttps://example.com"
    );
}

#[test]
fn string_and_list_filters_chain() {
    assert_eq!(
        text("{{ 'hello' | upcase | append: '!' | prepend: '> ' }}"),
        "> HELLO!"
    );
    assert_eq!(
        text("{{ \"a|b|c\" | split: \"|\" | reverse | join: \", \" }}"),
        "c, b, a"
    );
    assert_eq!(
        text("{{ 'Hello World' | slugify }} {{ 'x' | default: 'y' }} {{ nil | default: 'y' }}"),
        "hello-world x y"
    );
    assert_eq!(
        text("{{ '<b>hi</b> & you' | escape }}"),
        "&lt;b&gt;hi&lt;/b&gt; &amp; you"
    );
    assert_eq!(
        text("{{ '<p>one</p>' | strip_html }} {{ 'a b c d' | truncatewords: 2 }}"),
        "one a b..."
    );
    assert_eq!(
        text("{{ 'abcdefghij' | truncate: 6 }} {{ 'a  b\n c' | normalize_whitespace }}"),
        "abc... a b c"
    );
    assert_eq!(
        text("{{ 'example :page' | uri_escape }} {{ 'a b&c' | cgi_escape }}"),
        "example%20:page a+b%26c"
    );
    assert_eq!(
        text("{{ page.tags | array_to_sentence_string }} {{ page.tags | jsonify }}"),
        "rust and web [\"rust\",\"web\"]"
    );
    assert_eq!(
        text(
            "{{ site.data.nav | map: 'title' | join: '/' }} {{ site.data.nav | where: 'url', '/about/' | map: 'title' | first }}"
        ),
        "Home/About About"
    );
    assert_eq!(
        text("{{ site.posts | sort: 'title' | map: 'title' | join: ',' }}"),
        "Jekyll 3.4.1,Name"
    );
}

#[test]
fn number_filters_do_integer_and_float_arithmetic() {
    assert_eq!(
        text(
            "{{ 4 | plus: 2 }} {{ 4 | minus: 6 }} {{ 3 | times: 1.5 }} {{ 7 | divided_by: 2 }} {{ 7.0 | divided_by: 2 }} {{ 7 | modulo: 3 }} {{ -3 | abs }} {{ 2.6 | round }} {{ 2.1 | ceil }} {{ 2.9 | floor }}"
        ),
        "6 -2 4.5 3 3.5 1 3 3 3 2"
    );
    let (out, diagnostics) = run("{{ 1 | divided_by: 0 }}");
    assert_eq!(out, "1");
    assert_eq!(diagnostics.len(), 1);
}

#[test]
fn date_filters_format_the_page_date() {
    assert_eq!(
        text("{{ page.date | date: \"%B %-d, %Y\" }}"),
        "January 15, 2024"
    );
    assert_eq!(text("{{ page.date | date_to_string }}"), "15 Jan 2024");
    assert_eq!(
        text("{{ page.date | date_to_long_string: 'ordinal', 'US' }}"),
        "January 15th, 2024"
    );
    assert_eq!(
        text("{{ page.date | date_to_xmlschema }}"),
        "2024-01-15T10:30:00+01:00"
    );
    assert_eq!(
        text("{{ page.date | date_to_rfc822 }}"),
        "Mon, 15 Jan 2024 10:30:00 +0100"
    );
    assert_eq!(
        text("{{ '2010-10-25' | date: '%c' }}"),
        "Mon Oct 25 00:00:00 2010"
    );
}

#[test]
fn date_of_now_needs_the_site_time_and_says_so_without_it() {
    let (out, diagnostics) = run("{{ 'now' | date: '%Y' }}");
    assert_eq!(out, "now");
    assert_eq!(diagnostics.len(), 1);
    assert!(diagnostics[0].message.contains("clock"));
    let mut timed = site();
    timed
        .config
        .insert("time".into(), Value::from("2025-06-01T12:00:00Z"));
    let (out, diagnostics) = render_in("{{ 'now' | date: '%Y' }}", 1, &timed);
    assert_eq!((out.text.as_ref(), diagnostics.len()), ("2025", 0));
}

#[test]
fn markdownify_renders_markdown_to_html() {
    let out = text("{% capture x %}**bold** text{% endcapture %}{{ x | markdownify }}");
    assert_eq!(out, "<p><strong>bold</strong> text</p>\n");
    assert_eq!(
        text("{{ 'a *b*' | markdownify | remove: '<p>' | remove: '</p>' | strip }}"),
        "a <em>b</em>"
    );
}

#[test]
fn assign_and_capture_set_variables() {
    assert_eq!(
        text(
            "{% assign n = 'Ann' | upcase %}{% capture greeting %}Hi {{ n }}{% endcapture %}[{{ greeting }}]"
        ),
        "[Hi ANN]"
    );
}

#[test]
fn if_elsif_else_and_unless_pick_the_right_branch() {
    let t =
        "{% if page.title == 'Nope' %}a{% elsif page.tags contains 'web' %}b{% else %}c{% endif %}";
    assert_eq!(text(t), "b");
    assert_eq!(
        text("{% unless page.missing %}shown{% else %}hidden{% endunless %}"),
        "shown"
    );
    assert_eq!(
        text("{% if 0 %}zero is true{% endif %}{% if '' %}, so is ''{% endif %}"),
        "zero is true, so is ''"
    );
    assert_eq!(
        text("{% if 2 > 1 and 'b' >= 'a' %}y{% endif %}{% if 1 != 1 %}n{% endif %}"),
        "y"
    );
    assert_eq!(
        text("{% if page.tags == empty %}e{% else %}full{% endif %}"),
        "full"
    );
}

#[test]
fn and_or_are_evaluated_right_to_left_as_liquid_does() {
    // Left to right this would be (false and true) or true = true.
    assert_eq!(
        text("{% if false and true or true %}yes{% else %}no{% endif %}"),
        "no"
    );
    assert_eq!(
        text("{% if true or false and false %}yes{% else %}no{% endif %}"),
        "yes"
    );
}

#[test]
fn for_loops_walk_arrays_ranges_and_hashes_with_their_options() {
    assert_eq!(
        text(
            "{% for t in page.tags %}{{ forloop.index }}:{{ t }}{% unless forloop.last %},{% endunless %}{% endfor %}"
        ),
        "1:rust,2:web"
    );
    assert_eq!(
        text("{% for i in (1..10) limit: 3 offset: 2 %}{{ i }}{% endfor %}"),
        "345"
    );
    assert_eq!(
        text("{% for i in (1..4) reversed %}{{ i }}{% endfor %}"),
        "4321"
    );
    assert_eq!(
        text(
            "{% for i in (1..6) %}{% if i == 2 %}{% continue %}{% endif %}{% if i == 5 %}{% break %}{% endif %}{{ i }}{% endfor %}"
        ),
        "134"
    );
    assert_eq!(
        text("{% for x in page.nothing %}x{% else %}empty{% endfor %}"),
        "empty"
    );
    assert_eq!(
        text("{% for pair in site.author %}{{ pair[0] }}={{ pair[1] }}{% endfor %}"),
        "name=Ann"
    );
    assert_eq!(
        text(
            "{% for i in (1..3) %}{{ forloop.index0 }}{{ forloop.rindex }}{{ forloop.rindex0 }}{{ forloop.length }}{{ forloop.first }} {% endfor %}"
        ),
        "0323true 1213false 2103false "
    );
}

#[test]
fn case_when_renders_the_matching_branch() {
    let t =
        "{% case page.title %}{% when 'Bye' %}b{% when 'Hello', 'Hi' %}h{% else %}e{% endcase %}";
    assert_eq!(text(t), "h");
    assert_eq!(
        text("{% case 3 %}{% when 1 %}one{% else %}other{% endcase %}"),
        "other"
    );
}

#[test]
fn whitespace_control_removes_the_blank_lines_around_tags() {
    assert_eq!(text("a\n{%- assign x = 1 -%}\nb {{- x -}} c"), "ab1c");
}

#[test]
fn raw_keeps_liquid_as_written_and_comment_hides_it() {
    assert_eq!(
        text("{% raw %}{{ site.title }} {% if %}{% endraw %}!"),
        "{{ site.title }} {% if %}!"
    );
    assert_eq!(
        text("a{% comment %}{{ secret }} {% bogus %}{% endcomment %}b"),
        "ab"
    );
    assert_eq!(text("a{%- raw -%}  {{ x }}  {%- endraw -%} b"), "a{{ x }}b");
}

#[test]
fn liquid_inside_fenced_code_and_code_spans_stays_literal() {
    let rust = "Backtrace:\n\n```text\n   4: foo::{{closure}}\n   5: {% weird %}\n```\n\nUse `{{rust-src-base}}/x` here, and ``{{ a }}`` too. {{ site.title }}\n";
    let (out, diagnostics) = run(rust);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    assert_eq!(
        out,
        "Backtrace:\n\n```text\n   4: foo::{{closure}}\n   5: {% weird %}\n```\n\nUse `{{rust-src-base}}/x` here, and ``{{ a }}`` too. My Blog\n"
    );
    let tildes = "~~~~\n{{ x }}\n~~~\n{{ y }}\n~~~~\n{{ site.title }}";
    assert_eq!(text(tildes), "~~~~\n{{ x }}\n~~~\n{{ y }}\n~~~~\nMy Blog");
}

#[test]
fn raw_inside_a_fence_is_removed_as_minimal_mistakes_expects() {
    let body = "```html\n{% raw %}<nav>\n  {% if page.previous %}\n    <a href=\"{{ site.url }}{{ page.previous.url }}\">Prev</a>\n  {% endif %}\n</nav>{% endraw %}\n```\n\n```markdown\n{%- raw -%}![alt]({{ site.url }}{{ site.baseurl }}/a.jpg){%- endraw -%}\n```\n\nPrepend `{%- raw -%}{{ site.url }}{%- endraw -%}` and `{% raw %}{% raw %}{% endraw %}`.";
    let expected = "```html\n<nav>\n  {% if page.previous %}\n    <a href=\"{{ site.url }}{{ page.previous.url }}\">Prev</a>\n  {% endif %}\n</nav>\n```\n\n```markdown\n![alt]({{ site.url }}{{ site.baseurl }}/a.jpg)\n```\n\nPrepend `{{ site.url }}` and `{% raw %}`.";
    assert_eq!(text(body), expected);
}

#[test]
fn highlight_becomes_a_fenced_block_with_its_language() {
    let body = "Code:\n\n{% highlight scss %}\n.a { b: c; }\n{% endhighlight %}\n\nAfter";
    assert_eq!(text(body), "Code:\n\n```scss\n.a { b: c; }\n```\n\nAfter");
    let ticks = "{% highlight md linenos %}\n```rust\n{{ site.title }}\n```\n{% endhighlight %}";
    assert_eq!(text(ticks), "````md\n```rust\nMy Blog\n```\n````");
    assert_eq!(
        text("x {% highlight ruby %}\nputs 1\n{% endhighlight %}"),
        "x \n```ruby\nputs 1\n```"
    );
}

#[test]
fn post_url_and_link_give_permalinks_under_the_base_url() {
    assert_eq!(
        text("[a]({% post_url 2010-07-21-name %})"),
        "[a](/blog/2010/07/21/name/)"
    );
    assert_eq!(
        text("[a]({% post_url 2010-7-21-name %})"),
        "[a](/blog/2010/07/21/name/)"
    );
    assert_eq!(
        text("[a]({% post_url /folder/2010-07-21-name %})"),
        "[a](/blog/2010/07/21/name/)"
    );
    assert_eq!(
        text("[a]({% link _posts/2017-03-02-jekyll-3-4-1-released.markdown %})"),
        "[a](/blog/news/2017/03/02/jekyll-3-4-1-released/)"
    );
    assert_eq!(
        text("{% link pages/about.md %} {% link about.md %}"),
        "/blog/about/ /blog/about/"
    );
    assert_eq!(
        text("{% assign p = 'about.md' %}{% link {{ p }} %}"),
        "/blog/about/"
    );
    assert_eq!(
        text("[a]({% link\n_posts/2017-03-02-jekyll-3-4-1-released.markdown %})"),
        "[a](/blog/news/2017/03/02/jekyll-3-4-1-released/)"
    );
}

#[test]
fn a_link_into_a_jekyll_collection_finds_the_page_of_that_folder() {
    assert_eq!(text("{% link _about.md %}"), "/blog/about/");
}

#[test]
fn a_link_to_nothing_is_an_error_and_points_to_a_hash() {
    let (out, diagnostics) = render_in("Intro\n\n[a]({% post_url 2001-01-01-gone %})", 7, &site());
    assert_eq!(out.text, "Intro\n\n[a](#)");
    assert_eq!(diagnostics.len(), 1);
    assert_eq!(diagnostics[0].severity, Severity::Error);
    assert_eq!((diagnostics[0].line, diagnostics[0].column), (9, 5));
    assert!(diagnostics[0].message.contains("2001-01-01-gone"));
}

#[test]
fn includes_get_their_parameters_and_may_nest() {
    let site = with_includes(&[
        (
            "note.html",
            "<div class=\"note\">{{ include.text | upcase }} {% include sign.html who=include.by %}</div>",
        ),
        ("sign.html", "— {{ include.who }}"),
    ]);
    let (out, diagnostics) = render_in(
        "{% assign me = 'Ann' %}{% include note.html text=\"hi\" by=me %}",
        1,
        &site,
    );
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    assert_eq!(out.text, "<div class=\"note\">HI — Ann</div>");
    // The name without `.html` finds the file too.
    let (out, _) = render_in("{% include sign who='Bo' %}", 1, &site);
    assert_eq!(out.text, "— Bo");
}

#[test]
fn a_missing_include_shows_nothing_and_warns_with_its_name() {
    let (out, diagnostics) = render_in("a\n{% include nowhere.html %}b", 4, &site());
    assert_eq!(out.text, "a\nb");
    assert_eq!(diagnostics.len(), 1);
    assert_eq!(diagnostics[0].severity, Severity::Warning);
    assert_eq!((diagnostics[0].line, diagnostics[0].column), (5, 1));
    assert!(diagnostics[0].message.contains("nowhere.html"));
}

#[test]
fn a_problem_inside_an_include_points_at_the_include_tag_and_names_the_file() {
    let site = with_includes(&[("bad.html", "line one\n  {% frobnicate %}\n")]);
    let (out, diagnostics) = render_in("Text\n\nSee {% include bad.html %}", 10, &site);
    assert!(out.text.contains("quire-unsupported"));
    assert_eq!(diagnostics.len(), 1);
    let d = &diagnostics[0];
    assert_eq!((d.line, d.column), (12, 5));
    assert!(
        d.message.contains("frobnicate")
            && d.message.contains("`bad.html`")
            && d.message.contains("line 2, column 3"),
        "{}",
        d.message
    );
}

#[test]
fn an_include_that_includes_itself_stops_with_an_error() {
    let site = with_includes(&[("a.html", "x{% include a.html %}")]);
    let (out, diagnostics) = render_in("start {% include a.html %} end", 1, &site);
    assert_eq!(out.text, format!("start {}", "x".repeat(10)));
    assert_eq!(diagnostics.len(), 1);
    assert_eq!(diagnostics[0].severity, Severity::Error);
    assert!(diagnostics[0].message.contains("nested"));
}

#[test]
fn include_relative_reads_a_file_next_to_the_post() {
    let mut site = site();
    site.files
        .insert("posts/snippets/x.md".into(), "from {{ page.title }}".into());
    let (out, diagnostics) = render_in("{% include_relative snippets/x.md %}", 1, &site);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    assert_eq!(out.text, "from Hello");
}

#[test]
fn an_unsupported_tag_warns_at_its_line_and_column_and_shows_a_notice() {
    let (out, diagnostics) = render_in("First\n\nSome {% seo title=x %} text", 20, &site());
    assert_eq!(
        out.text,
        "First\n\nSome <span class=\"quire-unsupported\" title=\"Liquid tag seo is not supported\">seo</span> text"
    );
    assert_eq!(diagnostics.len(), 1);
    assert_eq!(diagnostics[0].severity, Severity::Warning);
    assert_eq!((diagnostics[0].line, diagnostics[0].column), (22, 6));
    assert_eq!(
        diagnostics[0].message,
        "Liquid tag `seo` is not supported by Quire"
    );
}

#[test]
fn an_unknown_filter_warns_and_passes_the_value_through() {
    let (out, diagnostics) = render_in("x\n{{ 'a' | frob | upcase }}", 3, &site());
    assert_eq!(out.text, "x\nA");
    assert_eq!(diagnostics.len(), 1);
    assert_eq!((diagnostics[0].line, diagnostics[0].column), (4, 1));
    assert!(diagnostics[0].message.contains("`frob`"));
}

#[test]
fn an_unclosed_block_renders_as_if_closed_and_warns() {
    let (out, diagnostics) = render_in("{% if true %}kept\nmore", 2, &site());
    assert_eq!(out.text, "kept\nmore");
    assert_eq!(diagnostics.len(), 1);
    assert_eq!((diagnostics[0].line, diagnostics[0].column), (2, 1));
    assert!(diagnostics[0].message.contains("endif"));
}

#[test]
fn an_unterminated_output_is_a_notice_not_raw_liquid() {
    let (out, diagnostics) = render_in("a {{ b\n", 5, &site());
    assert!(!out.text.contains("{{"), "{}", out.text);
    assert!(out.text.starts_with("a <span class=\"quire-unsupported\""));
    assert_eq!(diagnostics.len(), 1);
    assert_eq!((diagnostics[0].line, diagnostics[0].column), (5, 3));
}

#[test]
fn a_stray_end_tag_warns_and_disappears() {
    let (out, diagnostics) = run("a{% endif %}b");
    assert_eq!(out, "ab");
    assert_eq!(diagnostics.len(), 1);
}

#[test]
fn a_variable_holding_html_is_output_as_is_for_the_sanitizer() {
    let mut site = site();
    site.config
        .insert("evil".into(), Value::from("<script>alert(1)</script>"));
    let (out, _) = render_in("{{ site.evil }}", 1, &site);
    assert_eq!(out.text, "<script>alert(1)</script>");
}

#[test]
fn a_billion_iteration_loop_stops_quickly_with_an_error() {
    let started = Instant::now();
    let (out, diagnostics) = run("before\n{% for i in (1..1000000000) %}x{% endfor %}\nafter");
    assert!(started.elapsed() < Duration::from_secs(5));
    assert!(out.starts_with("before\nxxx"));
    assert!(!out.contains("after"));
    assert_eq!(diagnostics.len(), 1);
    assert_eq!(diagnostics[0].severity, Severity::Error);
    assert_eq!(diagnostics[0].line, 2);
    assert!(
        diagnostics[0]
            .message
            .contains("rest of the post is dropped")
    );
    // Nested loops share the budget.
    let (_, diagnostics) =
        run("{% for i in (1..1000) %}{% for j in (1..1000) %}{% endfor %}{% endfor %}");
    assert_eq!(diagnostics.len(), 1);
}

#[test]
fn output_that_doubles_without_end_stops_at_the_size_limit() {
    let started = Instant::now();
    let body = "{% assign s = 'xxxxxxxxxxxxxxxx' %}{% for i in (1..100) %}{% assign s = s | append: s %}{% endfor %}{{ s }}";
    let (out, diagnostics) = run(body);
    assert!(started.elapsed() < Duration::from_secs(5));
    assert!(out.len() <= 8 << 20);
    assert_eq!(diagnostics.len(), 1);
    assert_eq!(diagnostics[0].severity, Severity::Error);
    let captures = "{% capture a %}xxxxxxxx{% endcapture %}{% for i in (1..40) %}{% capture a %}{{ a }}{{ a }}{% endcapture %}{% endfor %}";
    let (_, diagnostics) = run(captures);
    assert_eq!(diagnostics.len(), 1);
}

#[test]
fn blocks_nested_too_deep_stop_without_overflowing_the_stack() {
    let body = "{% if true %}".repeat(10_000) + "x";
    let (_, diagnostics) = run(&body);
    assert!(
        diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error && d.message.contains("nested"))
    );
}

#[test]
fn many_unclosed_openers_cost_one_scan() {
    let body = "{{ {% ".repeat(50_000);
    let started = Instant::now();
    let _ = run(&body);
    let body = "`` ` ``` ".repeat(30_000) + "{{ x }}";
    let _ = run(&body);
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[test]
fn output_lines_keep_the_file_lines_of_their_source() {
    let body = "one\n{% capture c %}\ncaptured\n{% endcapture %}\ntwo {{ site.title }}\n{% highlight rb %}\nputs 1\n{% endhighlight %}\nthree\n";
    let (out, diagnostics) = render_in(body, 5, &site());
    assert!(diagnostics.is_empty());
    assert_eq!(out.text, "one\n\ntwo My Blog\n```rb\nputs 1\n```\nthree\n");
    // The blank line is the capture's, line 6.
    assert_eq!(out.line_map(), [5, 6, 9, 10, 11, 12, 13, 14]);
}

// ----- the corpus -----

/// Real posts kept in the repository (a few of the shared corpus, laid out
/// as there; `make bench-compat` renders the whole corpus).
fn corpus() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/compat")
}

/// The post's body (after the front matter) and its front matter as a page.
fn split_post(text: &str) -> (String, Page, usize) {
    let Some(rest) = text.strip_prefix("---\n") else {
        return (text.to_string(), Page::new(), 1);
    };
    let Some(end) = rest.find("\n---\n") else {
        return (text.to_string(), Page::new(), 1);
    };
    let yaml = &rest[..end];
    let page = serde_yaml::from_str::<Value>(yaml)
        .ok()
        .and_then(|v| v.as_object().cloned())
        .unwrap_or_default();
    let body_line = yaml.lines().count() + 3;
    (rest[end + 5..].to_string(), page, body_line)
}

/// Lines outside fences with `{{`/`{%` outside backticks.
fn leftover_liquid(text: &str) -> Vec<String> {
    let mut fence: Option<(char, usize)> = None;
    let mut found = Vec::new();
    for line in text.lines() {
        let trimmed = line.trim_start_matches([' ', '>']);
        let ch = trimmed.chars().next().unwrap_or(' ');
        let run = trimmed.chars().take_while(|&c| c == ch).count();
        if (ch == '`' || ch == '~') && run >= 3 {
            match fence {
                None => fence = Some((ch, run)),
                Some((c, n)) if c == ch && run >= n && trimmed[run..].trim().is_empty() => {
                    fence = None
                }
                _ => {}
            }
            continue;
        }
        if fence.is_some() {
            continue;
        }
        let outside: String = line.split('`').step_by(2).collect();
        if outside.contains("{{") || outside.contains("{%") {
            found.push(line.to_string());
        }
    }
    found
}

#[test]
fn every_jekyll_corpus_post_renders_without_leftover_liquid() {
    let root = corpus();
    let config_text = std::fs::read_to_string(root.join("minimal-mistakes/_config.yml"))
        .expect("tests/fixtures/compat/minimal-mistakes/_config.yml");
    let config: Value =
        serde_yaml::from_str(&config_text).expect("minimal-mistakes _config.yml parses");
    let mut site = SiteContext {
        config: config.as_object().cloned().unwrap_or_default(),
        ..SiteContext::default()
    };
    let mut files = Vec::new();
    for folder in ["minimal-mistakes/_posts", "jekyll-docs"] {
        let dir = std::fs::read_dir(root.join(folder)).expect("a corpus folder is missing");
        for entry in dir.flatten() {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.ends_with(".md") || name.ends_with(".markdown") {
                let stem = name
                    .rsplit_once('.')
                    .map_or(name.as_str(), |(s, _)| s)
                    .to_string();
                site.posts.push(PageRef {
                    path: format!("posts/{name}"),
                    url: format!("/{}/", stem.replacen('-', "/", 3)),
                    ..PageRef::default()
                });
                files.push((format!("{folder}/{name}"), path));
            }
        }
    }
    files.sort();
    assert!(
        files.len() >= 10,
        "expected the Jekyll posts of the fixtures, found {}",
        files.len()
    );
    let (mut rendered, mut warnings, mut errors) = (0, 0, 0);
    let mut leftovers = Vec::new();
    for (name, path) in &files {
        let text = std::fs::read_to_string(path).expect("a corpus post reads");
        let (body, mut page, first_line) = split_post(&text);
        page.insert(
            "path".into(),
            Value::from(format!("posts/{}", name.rsplit('/').next().unwrap_or(""))),
        );
        let input = Mapped::new(&body, first_line);
        let mut diagnostics = Vec::new();
        let Some(out) = render(&input, &page, &site, &mut diagnostics) else {
            continue;
        };
        rendered += 1;
        if std::env::var("QUIRE_LIQUID_DUMP").is_ok_and(|w| !w.is_empty() && name.contains(&w)) {
            eprintln!("===== {name}\n{}", out.text);
        }
        for d in &diagnostics {
            match d.severity {
                Severity::Error => errors += 1,
                Severity::Warning => warnings += 1,
            }
            eprintln!(
                "{name}:{}:{}: {:?} {}",
                d.line, d.column, d.severity, d.message
            );
        }
        for line in leftover_liquid(&out.text) {
            leftovers.push(format!("{name}: {line}"));
        }
    }
    eprintln!(
        "corpus: {} posts, {rendered} with Liquid, {warnings} warnings, {errors} errors",
        files.len()
    );
    assert!(
        leftovers.is_empty(),
        "Liquid left in the output:\n{}",
        leftovers.join("\n")
    );
}

#[test]
fn the_rust_blog_corpus_keeps_its_braces_in_code() {
    let dir = corpus().join("rust-blog-yaml");
    let entries = std::fs::read_dir(&dir).expect("the rust-blog-yaml corpus is missing");
    let (mut checked, mut posts, mut changed) = (0, 0, 0);
    for entry in entries.flatten() {
        let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
        posts += 1;
        let (body, page, first_line) = split_post(&text);
        let input = Mapped::new(&body, first_line);
        let mut diagnostics = Vec::new();
        let out = render(&input, &page, &site(), &mut diagnostics);
        let out = out.map_or(body.clone(), |m| m.text.into_owned());
        if out != body {
            changed += 1;
            eprintln!("changed: {:?} {diagnostics:?}", entry.file_name());
        }
        if !(text.contains("{{closure}}") || text.contains("{{rust-src-base}}")) {
            continue;
        }
        for needle in ["{{closure}}", "{{rust-src-base}}"] {
            assert_eq!(
                out.matches(needle).count(),
                body.matches(needle).count(),
                "{:?} lost {needle}",
                entry.path()
            );
        }
        checked += 1;
    }
    eprintln!("rust-blog-yaml: {posts} posts, {changed} changed by Liquid");
    assert!(
        checked >= 1,
        "no rust-blog post with {{{{closure}}}} or {{{{rust-src-base}}}}"
    );
}

#[test]
fn deeply_nested_lookups_and_ranges_are_errors_not_stack_overflows() {
    let lookups = "{{ a".to_string() + &"[a".repeat(100_000) + &"]".repeat(100_000) + " }}";
    let (_, diagnostics) = run(&lookups);
    assert_eq!(diagnostics.len(), 1);
    let ranges = "{% for i in ".to_string()
        + &"(".repeat(50_000)
        + "1..2"
        + &")".repeat(50_000)
        + " %}{% endfor %}";
    let (_, diagnostics) = run(&ranges);
    assert!(!diagnostics.is_empty());
}

#[test]
fn includes_each_nesting_many_blocks_stop_at_the_render_depth() {
    let deep = "{% if true %}".repeat(90) + "{% include d.html %}" + &"{% endif %}".repeat(90);
    let site = with_includes(&[("d.html", deep.as_str())]);
    let (_, diagnostics) = render_in("{% include d.html %}", 1, &site);
    assert_eq!(diagnostics.len(), 1);
    assert_eq!(diagnostics[0].severity, Severity::Error);
}

#[test]
fn random_liquid_soup_never_panics_or_hangs() {
    const PIECES: &[&str] = &[
        "{{",
        "}}",
        "{%",
        "%}",
        "{%-",
        "-%}",
        "{{-",
        "-}}",
        " if ",
        " endif ",
        " for i in (1..3) ",
        " endfor ",
        " raw ",
        " endraw ",
        " comment ",
        " endcomment ",
        " highlight rb ",
        " endhighlight ",
        " include x.html ",
        " include_relative ../y ",
        " assign a = ",
        " capture c ",
        " endcapture ",
        " case a ",
        " when 1 ",
        " else ",
        " elsif ",
        " unless ",
        " break ",
        " continue ",
        "|",
        " upcase ",
        ": ",
        "'",
        "\"",
        "[",
        "]",
        "(",
        ")",
        "..",
        "é",
        "日本",
        "`",
        "```",
        "~~~",
        "\n",
        "\n\n",
        " ",
        "a",
        "page.title",
        "site.data.nav[0]",
        "-",
        "1.5",
        " date: '%c' ",
        " divided_by: 0 ",
        " post_url 2010-07-21-name ",
        " link about.md ",
        ">",
        "\\",
        "\r\n",
    ];
    let site = with_includes(&[
        ("x.html", "{{ include.a }}{% include x.html %}"),
        ("y", "{% for i in (1..9) %}"),
    ]);
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let started = Instant::now();
    for _ in 0..3000 {
        let len = (next() % 40) as usize;
        let body: String = (0..len)
            .map(|_| PIECES[(next() % PIECES.len() as u64) as usize])
            .collect();
        for first_line in [1, 9] {
            let (out, diagnostics) = render_in(&body, first_line, &site);
            assert!(out.text.len() <= 64 << 20);
            for d in &diagnostics {
                assert!(d.line >= first_line && d.column >= 1, "{body:?}: {d:?}");
            }
        }
    }
    assert!(started.elapsed() < Duration::from_secs(60));
}

#[test]
fn where_exp_find_and_group_by_select_from_lists() {
    assert_eq!(
        text(
            "{{ site.posts | where_exp: 'p', \"p.tags contains 'a'\" | map: 'title' | join: ',' }}"
        ),
        "Name"
    );
    assert_eq!(
        text("{% assign p = site.posts | find_exp: 'p', 'p.title == \"Name\"' %}{{ p.url }}"),
        "/2010/07/21/name/"
    );
    assert_eq!(
        text("{% assign n = site.data.nav | find: 'title', 'About' %}{{ n.url }}"),
        "/about/"
    );
    assert_eq!(
        text(
            "{% assign g = site.posts | group_by: 'title' %}{{ g.size }} {{ g[0].name }} {{ g[0].items.size }}"
        ),
        "2 Name 1"
    );
    // jekyll-include-cache's tag is an include.
    let (out, diagnostics) = run("{% include_cached missing.html %}|");
    assert_eq!((out.as_str(), diagnostics.len()), ("|", 1));
}

#[test]
fn unless_takes_elsif_branches_and_a_stray_break_is_ignored_with_a_warning() {
    assert_eq!(
        text("{% unless true %}a{% elsif false %}b{% elsif true %}c{% else %}d{% endunless %}"),
        "c"
    );
    let (out, diagnostics) = run("a{% break %}b");
    assert_eq!(out, "ab");
    assert_eq!(diagnostics.len(), 1);
}

#[test]
fn site_and_page_keys_are_found_whatever_the_scope() {
    assert_eq!(
        text(
            "{{ site.data.nav.size }} {{ site.data['nav'][0].url }} {{ site['title'] }} {{ page.tags[1] }} {{ site.nothing.x }}|{% assign site = 'mine' %}{{ site }}"
        ),
        "2 / My Blog web |mine"
    );
}

#[test]
fn a_body_whose_liquid_is_all_in_code_is_left_to_the_renderer() {
    let input = Mapped::new("```\n{{closure}}\n```\n\n`{{x}}`\n", 3);
    assert!(render(&input, &page(), &site(), &mut Vec::new()).is_none());
}
