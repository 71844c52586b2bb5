//! What a site's posts read of it: the `_config.yml` keys, data files,
//! includes and relative files their Liquid and shortcodes name. `quire
//! build` ships readers only these (with the keys Quire itself reads), so a
//! secret in `_config.yml` that no post uses never leaves the author's disk.

use std::collections::BTreeSet;

/// Names found by [`Uses::scan`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Uses {
    /// Top-level `_config.yml` keys (`site.KEY`).
    pub site_keys: BTreeSet<String>,
    /// `_data` entries (`site.data.NAME`).
    pub data: BTreeSet<String>,
    /// `_includes` names as written (`{% include NAME … %}`).
    pub includes: BTreeSet<String>,
    /// `{% include_relative PATH %}` paths as written.
    pub relative: BTreeSet<String>,
    /// Whether the text may read the post list: `site.posts`, or a link to a
    /// post by its file (`post_url`, `link`, Hugo's `ref`/`relref`, Zola's `@/`).
    pub post_list: bool,
}

impl Uses {
    /// Adds what `text` (a post, page or include) names. Generous: a name
    /// that only looks used is shipped too; never one that is not named.
    pub fn scan(&mut self, text: &str) {
        let bytes = text.as_bytes();
        let mut at = 0;
        while let Some(found) = text[at..].find("site.") {
            let start = at + found;
            at = start + 5;
            if start > 0 && is_name_byte(bytes[start - 1]) {
                continue;
            }
            let key = name_at(text, at);
            if key == "data" && text[at + 4..].starts_with('.') {
                let entry = name_at(text, at + 5);
                if !entry.is_empty() {
                    self.data.insert(entry.to_string());
                }
            } else if !key.is_empty() {
                self.site_keys.insert(key.to_string());
            }
        }
        let shortcodes = text.contains("{{<") || text.contains("{{%");
        if text.contains("param") && shortcodes {
            self.site_keys.insert("params".into());
        }
        self.post_list |= self.site_keys.contains("posts")
            || text.contains("post_url")
            || (text.contains("link") && text.contains("{%"))
            || (text.contains("ref") && shortcodes)
            || text.contains("@/");
        let mut at = 0;
        while let Some(found) = text[at..].find("include") {
            let start = at + found;
            at = start + 7;
            let before = text[..start].trim_end_matches([' ', '\t', '-']);
            if !before.ends_with("{%") {
                continue;
            }
            let (relative, rest) = match text[at..].strip_prefix("_relative") {
                Some(rest) => (true, rest),
                None => (false, &text[at..]),
            };
            if !rest.starts_with([' ', '\t', '\n']) {
                continue;
            }
            let name: String = rest
                .trim_start()
                .chars()
                .take_while(|c| !c.is_whitespace() && *c != '%' && *c != '}')
                .collect();
            if name.is_empty() || name.contains("{{") {
                continue;
            }
            if relative {
                self.relative.insert(name);
            } else {
                self.includes.insert(name);
            }
        }
    }
}

fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-'
}

fn name_at(text: &str, at: usize) -> &str {
    let rest = &text[at.min(text.len())..];
    let end = rest
        .bytes()
        .position(|b| !is_name_byte(b))
        .unwrap_or(rest.len());
    &rest[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_keys_data_and_includes_named_by_a_post_are_found() {
        let mut uses = Uses::default();
        uses.scan(
            "{{ site.url }}{{ site.baseurl }} {% for x in site.data.navigation.main %}\n\
             {% include gallery caption=\"a\" %} {%- include_relative snippets/a.md -%}\n\
             mysite.secret is prose",
        );
        assert_eq!(
            uses.site_keys.iter().collect::<Vec<_>>(),
            ["baseurl", "url"]
        );
        assert_eq!(uses.data.iter().collect::<Vec<_>>(), ["navigation"]);
        assert_eq!(uses.includes.iter().collect::<Vec<_>>(), ["gallery"]);
        assert_eq!(uses.relative.iter().collect::<Vec<_>>(), ["snippets/a.md"]);
        assert!(!uses.post_list, "nothing here reads the post list");
    }

    #[test]
    fn links_to_posts_by_file_and_site_posts_need_the_post_list() {
        for text in [
            "{% for p in site.posts %}{{ p.title }}{% endfor %}",
            "see [it]({% post_url 2020-01-01-hello %})",
            "see [it]({% link _posts/2020-01-01-hello.md %})",
            "see [it]({{< relref \"posts/hello.md\" >}})",
            "see [it](@/posts/hello.md)",
        ] {
            let mut uses = Uses::default();
            uses.scan(text);
            assert!(uses.post_list, "{text}");
        }
        let mut uses = Uses::default();
        uses.scan("a [link](https://example.com) and {{ site.title }}");
        assert!(!uses.post_list);
    }
}
