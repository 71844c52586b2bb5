//! The site model natively against tests/fixtures/site-model.json, the
//! table tests/js/site-model.test.mjs checks through wasm: the CLI and the
//! browser give the same answers.

use quire::{Now, PermalinkParts, SiteConfig, Visibility};
use serde_json::{Map, Value};

fn table() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/site-model.json"
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn cases<'a>(table: &'a Value, name: &str) -> &'a Vec<Value> {
    let cases = table[name].as_array().unwrap();
    assert!(!cases.is_empty(), "{name} has cases");
    cases
}

fn site(case: &Value) -> Result<SiteConfig, quire::ConfigError> {
    let map: Map<String, Value> = case["site"].as_object().unwrap().clone();
    SiteConfig::from_json(map)
}

fn text<'a>(value: &'a Value, key: &str) -> &'a str {
    value[key].as_str().unwrap()
}

#[test]
fn permalinks_are_the_tables() {
    for case in cases(&table(), "permalinks") {
        let post = &case["post"];
        let categories: Vec<String> = post["categories"]
            .as_array()
            .map(|c| c.iter().map(|v| v.as_str().unwrap().to_string()).collect())
            .unwrap_or_default();
        let front_matter = post["frontMatter"].as_object().cloned().unwrap_or_default();
        let parts = PermalinkParts {
            slug: text(post, "slug"),
            categories: &categories,
            date: post["date"].as_str(),
            permalink: quire::front_matter_permalink(&front_matter),
        };
        let got = quire::post_permalink(parts, &site(case).unwrap());
        assert_eq!(got, text(case, "expected"), "{case}");
    }
}

#[test]
fn visibility_is_the_tables_at_its_fixed_now_and_offset() {
    let table = table();
    let utc_seconds = table["now"]["utcMs"].as_i64().unwrap() / 1000;
    for case in cases(&table, "visibility") {
        let now = Now {
            utc_seconds,
            site_offset_seconds: case["siteOffsetMinutes"].as_i64().unwrap() as i32 * 60,
        };
        let post = &case["post"];
        let got = Visibility::of(
            post["draft"].as_bool().unwrap(),
            post["date"].as_str(),
            &site(case).unwrap(),
            now,
        );
        let expected = &case["expected"];
        assert_eq!(got.draft, expected["draft"], "{case}");
        assert_eq!(got.future, expected["future"], "{case}");
        assert_eq!(got.is_published(), expected["published"], "{case}");
    }
}

#[test]
fn new_post_file_names_and_sources_are_the_tables() {
    let table = table();
    for case in cases(&table, "newPostFileNames") {
        let got = quire::new_post_file_name(text(case, "title"), text(case, "date"));
        assert_eq!(got.as_deref(), case["expected"].as_str(), "{case}");
    }
    for case in cases(&table, "newPostSources") {
        let got = quire::new_post_source(text(case, "title"), text(case, "date"));
        assert_eq!(got.as_deref(), case["expected"].as_str(), "{case}");
    }
}

#[test]
fn archive_years_are_the_tables() {
    for case in cases(&table(), "archiveYears") {
        assert_eq!(
            quire::archive_year(case["date"].as_str()),
            case["expected"].as_str(),
            "{case}"
        );
    }
}

#[test]
fn tag_slugs_are_the_tables() {
    for case in cases(&table(), "tagSlugs") {
        assert_eq!(
            quire::slugify(text(case, "tag")),
            text(case, "expected"),
            "{case}"
        );
    }
}

#[test]
fn posts_per_page_are_the_tables() {
    for case in cases(&table(), "perPage") {
        match site(case) {
            Ok(config) => assert_eq!(config.paginate as u64, case["expected"], "{case}"),
            Err(e) => assert_eq!(e.message, text(case, "error"), "{case}"),
        }
    }
}

#[test]
fn parse_options_are_the_tables() {
    for case in cases(&table(), "parseOptions") {
        let config = match site(case) {
            Ok(config) => config,
            Err(e) => {
                assert_eq!(e.message, text(case, "error"), "{case}");
                continue;
            }
        };
        let options = match case["path"].as_str() {
            Some(path) => config.options(path),
            None => config.render_options(),
        };
        let expected = &case["expected"];
        assert_eq!(options.path.as_deref(), expected["path"].as_str(), "{case}");
        assert_eq!(
            options.excerpt_separator.as_deref(),
            expected["excerptSeparator"].as_str(),
            "{case}"
        );
        assert_eq!(
            options.unsafe_html,
            expected["unsafeHtml"].as_bool().unwrap_or(false),
            "{case}"
        );
        assert_eq!(options.preset, quire::Preset::Blog, "{case}");
    }
}
