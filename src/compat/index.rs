//! The site context from `posts/index.json` (what `quire build` and `quire
//! serve` write): how the browser gets the same [`SiteContext`] the CLI
//! rendered with.

use super::{PageRef, SiteContext};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

// Read through `serde_json::Value` (its reader is in the wasm module already)
// and taken apart by hand: `#[derive(Deserialize)]` on the index's structs
// compiles a visitor per struct and field type, about 25 KB of raw wasm for a
// function that runs once per site. Same contract as a derive: every
// part optional, unknown keys ignored, `title`/`date` may be `null`, any
// other value of the wrong type is an error.

type Object = Map<String, Value>;

fn wrong(key: &str, expected: &str) -> String {
    format!("posts/index.json is not a Quire index: `{key}` is not {expected}")
}

/// The part `key` of `object`, taken out; missing is `None`.
fn take(object: &mut Object, key: &str) -> Option<Value> {
    object.remove(key)
}

fn object(value: Option<Value>, key: &str) -> Result<Object, String> {
    match value {
        None => Ok(Object::new()),
        Some(Value::Object(map)) => Ok(map),
        Some(_) => Err(wrong(key, "an object")),
    }
}

fn list(value: Option<Value>, key: &str) -> Result<Vec<Value>, String> {
    match value {
        None => Ok(Vec::new()),
        Some(Value::Array(items)) => Ok(items),
        Some(_) => Err(wrong(key, "a list")),
    }
}

fn string(value: Option<Value>, key: &str) -> Result<String, String> {
    match value {
        None => Ok(String::new()),
        Some(Value::String(text)) => Ok(text),
        Some(_) => Err(wrong(key, "a string")),
    }
}

fn optional_string(value: Option<Value>, key: &str) -> Result<Option<String>, String> {
    match value {
        None | Some(Value::Null) => Ok(None),
        other => string(other, key).map(Some),
    }
}

// Loops, not `collect::<Result<_, _>>()`: each such collect compiled its own
// `GenericShunt`/`from_iter`, and `BTreeMap::from_iter` a stable sort.

fn strings(value: Option<Value>, key: &str) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    for item in list(value, key)? {
        out.push(string(Some(item), key)?);
    }
    Ok(out)
}

fn texts(value: Option<Value>, key: &str) -> Result<BTreeMap<String, String>, String> {
    let mut out = BTreeMap::new();
    for (name, text) in object(value, key)? {
        out.insert(name, string(Some(text), key)?);
    }
    Ok(out)
}

fn pages(value: Option<Value>, key: &str) -> Result<Vec<PageRef>, String> {
    let mut out = Vec::new();
    for entry in list(value, key)? {
        let mut entry = object(Some(entry), key)?;
        out.push(PageRef {
            path: string(take(&mut entry, "path"), "path")?,
            url: string(take(&mut entry, "permalink"), "permalink")?,
            title: optional_string(take(&mut entry, "title"), "title")?,
            date: optional_string(take(&mut entry, "date"), "date")?,
            tags: strings(take(&mut entry, "tags"), "tags")?,
            categories: strings(take(&mut entry, "categories"), "categories")?,
        });
    }
    Ok(out)
}

impl SiteContext {
    /// Reads the JSON text of a `posts/index.json`: `site` is the config,
    /// `posts` and `pages` the lists, `context` the data, includes, files
    /// and shortcodes. Missing parts are empty.
    pub fn from_index_json(text: &str) -> Result<SiteContext, String> {
        let index: Value = serde_json::from_str(text)
            .map_err(|e| format!("posts/index.json is not a Quire index: {e}"))?;
        let mut index = object(Some(index), "the index")?;
        let mut context = object(take(&mut index, "context"), "context")?;
        Ok(SiteContext {
            config: object(take(&mut index, "site"), "site")?,
            data: object(take(&mut context, "data"), "data")?,
            posts: pages(take(&mut index, "posts"), "posts")?,
            pages: pages(take(&mut index, "pages"), "pages")?,
            includes: texts(take(&mut context, "includes"), "includes")?,
            files: texts(take(&mut context, "files"), "files")?,
            shortcodes: texts(take(&mut context, "shortcodes"), "shortcodes")?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_index_gives_the_config_the_post_list_and_the_includes() {
        let site = SiteContext::from_index_json(
            r#"{"site":{"title":"T","baseurl":"/b"},
                "posts":[{"path":"posts/2024-01-15-a.md","permalink":"/2024/01/15/a/","title":"A","tags":["x"],"excerptHtml":"<p>…</p>"}],
                "pages":[{"path":"pages/about.md","permalink":"/about/","title":"About"}],
                "context":{"includes":{"note.html":"{{ include.text }}"},"data":{"nav":[1]}}}"#,
        )
        .unwrap();
        assert_eq!(site.config["baseurl"], "/b");
        assert_eq!(site.posts[0].url, "/2024/01/15/a/");
        assert_eq!(site.posts[0].tags, ["x"]);
        assert_eq!(site.pages[0].path, "pages/about.md");
        assert_eq!(site.includes["note.html"], "{{ include.text }}");
        assert_eq!(site.data["nav"][0], 1);
    }

    #[test]
    fn an_index_that_is_not_json_is_a_readable_error() {
        let error = SiteContext::from_index_json("nope").unwrap_err();
        assert!(error.contains("posts/index.json"), "{error}");
    }

    #[test]
    fn parts_of_the_wrong_type_are_errors_and_null_titles_are_none() {
        for bad in [
            "[]",
            r#"{"posts":5}"#,
            r#"{"posts":[{"tags":"x"}]}"#,
            r#"{"posts":[{"path":null}]}"#,
            r#"{"context":{"includes":{"a":1}}}"#,
            r#"{"site":[]}"#,
        ] {
            let error = SiteContext::from_index_json(bad).unwrap_err();
            assert!(error.contains("posts/index.json"), "{bad}: {error}");
        }
        let site = SiteContext::from_index_json(r#"{"posts":[{"title":null,"date":null,"x":1}]}"#)
            .unwrap();
        assert_eq!(site.posts[0].title, None);
        assert_eq!(site.posts[0].path, "");
    }
}
