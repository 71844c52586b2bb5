//! The browser boundary, run in headless Chromium by
//! `wasm-pack test --headless --chrome`.
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Object, Reflect};
use quire_wasm::{JsDraft, parse_post, render_markdown, set_site};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const SAMPLE: &str = include_str!(
    "../../../tests/fixtures/2024-01-15-transitioning-to-technical-program-management.md"
);

fn get(object: &JsValue, key: &str) -> JsValue {
    Reflect::get(object, &JsValue::from_str(key)).expect("readable property")
}

fn options(pairs: &[(&str, JsValue)]) -> JsValue {
    let object = Object::new();
    for (key, value) in pairs {
        Reflect::set(&object, &JsValue::from_str(key), value).unwrap();
    }
    object.into()
}

fn is_plain_object(value: &JsValue) -> bool {
    value.is_object()
        && !Array::is_array(value)
        && Object::get_prototype_of(value) == Object::get_prototype_of(&Object::new())
}

#[wasm_bindgen_test]
fn parse_post_returns_plain_objects_not_maps() {
    let post = parse_post(
        JsValue::from_str(SAMPLE),
        options(&[(
            "path",
            "posts/2024-01-15-transitioning-to-technical-program-management.md".into(),
        )]),
    )
    .unwrap();
    assert!(is_plain_object(&post));
    assert!(is_plain_object(&get(&post, "frontMatter")));
    assert_eq!(
        get(&get(&post, "frontMatter"), "date")
            .as_string()
            .as_deref(),
        Some("2024-01-15")
    );
    assert!(Array::is_array(&get(&post, "toc")));
    assert!(is_plain_object(&Array::from(&get(&post, "toc")).get(0)));
    assert_eq!(
        get(&post, "title").as_string().as_deref(),
        Some("Transitioning to Technical Program Management: Lessons from 8 Years in Operations")
    );
    assert_eq!(get(&post, "hasMore").as_bool(), Some(true));
    assert_eq!(
        get(&post, "frontMatterFormat").as_string().as_deref(),
        Some("yaml")
    );
}

#[wasm_bindgen_test]
fn missing_values_are_null_not_undefined() {
    let post = parse_post(JsValue::from_str("just text"), JsValue::UNDEFINED).unwrap();
    assert!(get(&post, "date").is_null());
    assert!(get(&post, "layout").is_null());
    assert!(get(&post, "frontMatterFormat").is_null());
}

#[wasm_bindgen_test]
fn diagnostics_arrive_with_lines_and_columns() {
    let post = parse_post(
        JsValue::from_str("---\nlayout: post\ntitle: Lessons: part 2\n---\nBody\n"),
        JsValue::UNDEFINED,
    )
    .unwrap();
    let diagnostics = Array::from(&get(&post, "diagnostics"));
    assert_eq!(diagnostics.length(), 1);
    let first = diagnostics.get(0);
    assert!(is_plain_object(&first));
    assert_eq!(
        get(&first, "severity").as_string().as_deref(),
        Some("error")
    );
    assert_eq!(get(&first, "line").as_f64(), Some(3.0));
    assert!(get(&first, "column").as_f64().unwrap() > 1.0);
    assert!(get(&post, "html").as_string().unwrap().contains("Body"));
}

#[wasm_bindgen_test]
fn a_wrong_argument_throws_an_error_with_a_message() {
    let error = parse_post(JsValue::from_f64(42.0), JsValue::UNDEFINED).unwrap_err();
    let error: js_sys::Error = error.dyn_into().expect("an Error");
    let message = String::from(error.message());
    assert!(message.contains("must be a string"), "{message}");
    assert!(message.contains("number"), "{message}");

    let error =
        render_markdown(JsValue::from_str("x"), options(&[("preset", "gfm".into())])).unwrap_err();
    assert!(error.is_instance_of::<js_sys::Error>());
    let error = render_markdown(
        JsValue::from_str("x"),
        options(&[("unsafeHTML", true.into())]),
    )
    .unwrap_err();
    let message = String::from(error.dyn_into::<js_sys::Error>().unwrap().message());
    assert!(message.contains("unsafeHTML"), "{message}");
}

#[wasm_bindgen_test]
fn render_markdown_honours_the_options() {
    let render = |markdown: &str, options: JsValue| {
        render_markdown(JsValue::from_str(markdown), options)
            .unwrap()
            .as_string()
            .expect("a string")
    };
    let blog = render("# Hi\n", JsValue::UNDEFINED);
    assert_eq!(blog, "<h1 data-line=\"1\" id=\"hi\">Hi</h1>\n");
    let strict = render("# Hi\n", options(&[("preset", "commonmark".into())]));
    assert_eq!(strict, "<h1>Hi</h1>\n");
    let safe = render("<script>x</script>\n", JsValue::NULL);
    assert!(!safe.contains("<script"));
    let raw = render(
        "<script>x</script>\n",
        options(&[("unsafeHtml", true.into())]),
    );
    assert!(raw.contains("<script>x</script>"));
}

#[wasm_bindgen_test]
fn a_long_post_with_characters_beyond_ascii_arrives_whole_and_in_the_same_shape() {
    // Over 16 KB of HTML with curly quotes, CJK and emoji (four bytes of UTF-8, two UTF-16
    // units), so it leaves the module in pieces (`js_string`), joined again in JS.
    let mut source = String::from("---\ntitle: Long\n---\n");
    for i in 0..700 {
        source.push_str(&"x".repeat(i % 7));
        source.push_str("Don\u{2019}t stop: 字 and 🎉 in paragraph ");
        source.push_str(&i.to_string());
        source.push_str(".\n\n");
    }
    let native = quire::parse_post(&source, &quire::Options::default());
    assert!(native.html.len() > 32 * 1024);
    let post = parse_post(JsValue::from_str(&source), JsValue::UNDEFINED).unwrap();
    assert_eq!(get(&post, "html").as_string(), Some(native.html.clone()));
    assert_eq!(
        get(&post, "excerptHtml").as_string(),
        Some(native.excerpt_html.clone())
    );
    let markdown = render_markdown(JsValue::from_str(&source), JsValue::UNDEFINED).unwrap();
    assert_eq!(
        markdown.as_string(),
        Some(quire::render_markdown(&source, &quire::Options::default()))
    );
    // The keys in the order of the native JSON (the browser API's order), `html` in its place.
    let keys: Vec<String> = Object::keys(post.unchecked_ref::<Object>())
        .iter()
        .filter_map(|key| key.as_string())
        .collect();
    let json = serde_json::to_value(&native).unwrap();
    let native_keys: Vec<&String> = json.as_object().unwrap().keys().collect();
    assert_eq!(keys.iter().collect::<Vec<_>>(), native_keys);
}

#[wasm_bindgen_test]
fn a_draft_takes_edits_at_javascript_string_offsets() {
    let mut draft = JsDraft::new(JsValue::UNDEFINED).unwrap();
    let first = draft
        .load(JsValue::from_str("# 😀 Title\n\nOne.\n\nTwo.\n\nThree.\n"))
        .unwrap();
    assert!(is_plain_object(&first));
    assert_eq!(get(&first, "middle").unchecked_into::<Array>().length(), 4);
    // "# 😀 Title\n\n" is 12 UTF-16 units (the emoji is two): "One" starts at 12.
    let update = draft.edit(12, 15, JsValue::from_str("Uno")).unwrap();
    assert_eq!(get(&update, "incremental"), JsValue::TRUE);
    assert_eq!(get(&update, "prefix").as_f64(), Some(1.0));
    assert_eq!(get(&update, "suffix").as_f64(), Some(2.0));
    let middle = get(&update, "middle").unchecked_into::<Array>();
    assert_eq!(middle.get(0).as_string().as_deref(), Some("<p>Uno.</p>\n"));
    assert_eq!(
        get(&get(&update, "post"), "title").as_string().as_deref(),
        Some("😀 Title")
    );
    assert_eq!(draft.lines(), vec![1, 3, 5, 7]);
    assert!(
        draft.edit(0, 1, JsValue::from_f64(1.0)).is_err(),
        "text must be a string"
    );
}

#[wasm_bindgen_test]
fn a_front_matter_integer_beyond_two_to_the_53_arrives_as_the_nearest_number() {
    // A tweet's or a toot's id, as Jekyll themes keep them: the post shows, in the reader's
    // page and in the editor, and the id is the number `JSON.parse` reads from `index.json`.
    let source = "---\ntitle: Big\ntweet_id: 1234567890123456789\n---\nText.\n";
    let post = parse_post(JsValue::from_str(source), JsValue::UNDEFINED).unwrap();
    let id = get(&get(&post, "frontMatter"), "tweet_id");
    assert_eq!(id.as_f64(), Some(1234567890123456789_f64));
    assert_eq!(
        get(&post, "html").as_string().as_deref(),
        Some("<p data-line=\"5\">Text.</p>\n")
    );
    let update = JsDraft::new(JsValue::UNDEFINED)
        .unwrap()
        .load(JsValue::from_str(source))
        .unwrap();
    assert_eq!(
        get(&get(&update, "post"), "title").as_string().as_deref(),
        Some("Big")
    );
}

#[wasm_bindgen_test]
fn a_front_matter_key_named_proto_is_an_own_key_and_leaves_the_prototype_alone() {
    let source = "---\ntitle: Proto\n__proto__:\n  polluted: true\n---\nText.\n";
    let post = parse_post(JsValue::from_str(source), JsValue::UNDEFINED).unwrap();
    let front_matter = get(&post, "frontMatter");
    assert!(is_plain_object(&front_matter));
    assert!(get(&front_matter, "polluted").is_undefined());
    let own = Object::get_own_property_descriptor(
        front_matter.unchecked_ref::<Object>(),
        &JsValue::from_str("__proto__"),
    );
    assert_eq!(
        get(&get(&own, "value"), "polluted").as_bool(),
        Some(true),
        "the key is kept, as an own key"
    );
}

#[wasm_bindgen_test]
fn posts_render_their_liquid_against_the_site_handed_over_once() {
    let index = js_sys::JSON::parse(
        r#"{"site":{"title":"My blog","baseurl":"/blog"},
            "posts":[{"path":"posts/2024-01-15-hello.md","permalink":"/2024/01/15/hello/","title":"Hello"}],
            "pages":[],
            "context":{"includes":{"note.html":"<aside class=\"note\">{{ include.text }}</aside>"}}}"#,
    )
    .unwrap();
    set_site(index).unwrap();
    let source = "---\ntitle: Later\n---\nOn {{ site.title }}: [the first]({% post_url 2024-01-15-hello %}).\n\n{% include note.html text=\"kept\" %}\n";
    let post = parse_post(JsValue::from_str(source), JsValue::UNDEFINED).unwrap();
    let html = get(&post, "html").as_string().unwrap();
    assert!(html.contains("On My blog"), "{html}");
    assert!(html.contains("href=\"/blog/2024/01/15/hello/\""), "{html}");
    assert!(html.contains("class=\"note\">kept</aside>"), "{html}");
    set_site(JsValue::NULL).unwrap();
    let post = parse_post(JsValue::from_str(source), JsValue::UNDEFINED).unwrap();
    assert!(!get(&post, "html").as_string().unwrap().contains("My blog"));
}

#[wasm_bindgen_test]
fn set_site_refuses_what_is_not_an_index_object() {
    let error = set_site(JsValue::from_str("posts/index.json")).unwrap_err();
    let message = Reflect::get(&error, &"message".into())
        .unwrap()
        .as_string()
        .unwrap();
    assert!(message.contains("setSite"), "{message}");
}

#[wasm_bindgen_test]
fn search_highlights_are_js_string_offsets_past_emoji_and_cjk() {
    let text = "😀 Café 東京都";
    let ranges = quire_wasm::search_highlights(text, "cafe 京都");
    let js = JsValue::from_str(text);
    let slice = |start: u32, end: u32| {
        js_sys::JsString::from(js.clone())
            .slice(start, end)
            .as_string()
            .unwrap()
    };
    assert_eq!(ranges.len(), 4);
    assert_eq!(slice(ranges[0], ranges[1]), "Café");
    assert_eq!(slice(ranges[2], ranges[3]), "京都");
}

#[wasm_bindgen_test]
fn a_search_index_finds_posts_from_the_chunks_it_asked_for_and_refuses_damaged_ones() {
    let tags = vec!["rust".to_string()];
    let docs = [quire::search::Doc {
        url: "/hello/",
        path: "posts/2024-01-15-hello.md",
        title: "Hello search",
        date: Some("2024-01-15"),
        tags: &tags,
        text: "Findable words.",
    }];
    let files = quire::search::build_index(&docs);
    let meta = std::str::from_utf8(&files[0].1).unwrap();
    let mut index = quire_wasm::SearchIndex::new(JsValue::from_str(meta)).unwrap();
    let need = index.chunks_for("findable");
    assert_eq!(need.len(), 1);
    assert!(
        index.add_chunk(need[0], &[9, 9, 9]).is_err(),
        "damaged bytes are an error"
    );
    let name = index.chunk_file(need[0]).unwrap();
    let bytes = &files.iter().find(|(n, _)| *n == name).unwrap().1;
    index.add_chunk(need[0], bytes).unwrap();
    let results = index.search("findable", 10).unwrap();
    assert_eq!(get(&results, "total").as_f64(), Some(1.0));
    let hit = Array::from(&get(&results, "hits")).get(0);
    assert_eq!(get(&hit, "doc").as_f64(), Some(0.0));
    assert!(is_plain_object(&results));
    assert!(quire_wasm::SearchIndex::new(JsValue::from_str("{}")).is_err());
}
