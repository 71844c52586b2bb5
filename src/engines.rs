//! Which posts need the optional engines: the template engines (Liquid, shortcodes: the
//! `compat` feature) and the TOML front matter reader (the `toml` feature). Native builds have
//! both; the browser's reader module has neither and renders only the posts this rule lets
//! through, handing the others to the full module (`www/js/quire.js` asks it through the wasm
//! export `needsEngines`).

use crate::compat;
use crate::front_matter::{self, Format};
use crate::post::normalize_source;

/// Whether the post file `source` (front matter and body) needs the engines to render: its
/// front matter is TOML, or its text may hold Liquid, shortcodes, kramdown's `markdown="1"`
/// or a Zola `@/` link. Generous (the template test reads the front matter too): a post it
/// names renders right either way; a post it does not name never needs the engines.
///
/// ```
/// assert!(!quire::needs_engines("---\ntitle: Plain\n---\nJust *Markdown*.\n"));
/// assert!(quire::needs_engines("Hello {{ site.title }}\n"));
/// assert!(quire::needs_engines("{% include figure.html %}\n"));
/// assert!(quire::needs_engines("+++\ntitle = \"Hugo\"\n+++\nBody\n"));
/// ```
pub fn needs_engines(source: &str) -> bool {
    let source = normalize_source(source);
    compat::wanted(&source) || front_matter::split(&source).format == Some(Format::Toml)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn posts_with_liquid_shortcodes_zola_links_or_toml_need_the_engines() {
        for source in [
            "---\ntitle: A\n---\n{% include figure.html %}\n",
            "---\ntitle: A\n---\nHello {{ site.title }}\n",
            "{{< youtube dQw4w9WgXcQ >}}\n",
            "{{% notice %}}Hi{{% /notice %}}\n",
            "[next](@/blog/next.md)\n",
            "<div markdown=\"1\">*a*</div>\n",
            "+++\ntitle = \"Hugo\"\n+++\nPlain body.\n",
            "\u{feff}+++\r\ntitle = \"Hugo\"\r\n+++\r\nA BOM and CRLF.\r\n",
        ] {
            assert!(needs_engines(source), "{source:?}");
        }
    }

    #[test]
    fn plain_markdown_in_yaml_or_json_posts_does_not_need_the_engines() {
        for source in [
            "---\ntitle: Plain\ntags: [a, b]\n---\nJust *Markdown* with {braces} and 100% prose.\n",
            "{\n  \"title\": \"JSON\"\n}\nBody with `{ code }`.\n",
            "No front matter, a kramdown {: .note} list and an *[HTML]: abbreviation.\n",
            "mail me@/dev/null\n",
        ] {
            assert!(!needs_engines(source), "{source:?}");
        }
    }
}
