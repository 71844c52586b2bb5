//! Which posts need the optional engines: the template engines (Liquid, shortcodes: the
//! `compat` feature), the TOML front matter reader (the `toml` feature) and libyaml for YAML
//! beyond the common forms (the `yaml` feature). Native builds have all three; the browser's reader module has neither and renders only the posts this rule lets
//! through, handing the others to the full module (`www/js/quire.js` asks it through the wasm
//! export `needsEngines`).

use crate::compat;
use crate::front_matter::{self, Format, yaml_subset};
use crate::post::normalize_source;

/// Whether the post file `source` (front matter and body) needs the engines to render: its
/// front matter is TOML, or YAML that the common-forms reader leaves to libyaml (a block
/// scalar `|`, an anchor, a flow map, ...), or its text may hold Liquid, shortcodes, kramdown's `markdown="1"`
/// or a Zola `@/` link. Generous (the template test reads the front matter too): a post it
/// names renders right either way; a post it does not name never needs the engines.
///
/// ```
/// assert!(!quire::needs_engines("---\ntitle: Plain\n---\nJust *Markdown*.\n"));
/// assert!(quire::needs_engines("Hello {{ site.title }}\n"));
/// assert!(quire::needs_engines("{% include figure.html %}\n"));
/// assert!(quire::needs_engines("+++\ntitle = \"Hugo\"\n+++\nBody\n"));
/// assert!(quire::needs_engines("---\nsummary: |\n  Two\n  lines\n---\nBody\n"));
/// ```
pub fn needs_engines(source: &str) -> bool {
    let source = normalize_source(source);
    if compat::wanted(&source) {
        return true;
    }
    let split = front_matter::split(&source);
    match split.format {
        Some(Format::Toml) => true,
        Some(Format::Yaml) => {
            !split.raw.trim().is_empty() && yaml_subset::read(split.raw).is_none()
        }
        Some(Format::Json) | None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn posts_with_liquid_shortcodes_zola_links_toml_or_uncommon_yaml_need_the_engines() {
        for source in [
            "---\ntitle: A\n---\n{% include figure.html %}\n",
            "---\ntitle: A\n---\nHello {{ site.title }}\n",
            "{{< youtube dQw4w9WgXcQ >}}\n",
            "{{% notice %}}Hi{{% /notice %}}\n",
            "[next](@/blog/next.md)\n",
            "<div markdown=\"1\">*a*</div>\n",
            "+++\ntitle = \"Hugo\"\n+++\nPlain body.\n",
            "\u{feff}+++\r\ntitle = \"Hugo\"\r\n+++\r\nA BOM and CRLF.\r\n",
            "---\nsummary: >\n  Folded\n  text\n---\nPlain body.\n",
            "---\nbase: &base {a: 1}\nother: *base\n---\nPlain body.\n",
            "---\ntitle: A title\n  that goes on\n---\nPlain body.\n",
        ] {
            assert!(needs_engines(source), "{source:?}");
        }
    }

    #[test]
    fn plain_markdown_in_yaml_or_json_posts_does_not_need_the_engines() {
        for source in [
            "---\ntitle: Plain\ntags: [a, b]\n---\nJust *Markdown* with {braces} and 100% prose.\n",
            "---\r\ntitle: \"CRLF\"\r\ntags:\r\n  - a\r\nheader:\r\n  image: /a.png\r\n---\r\nBody\r\n",
            "---\n---\nAn empty block.\n",
            "{\n  \"title\": \"JSON\"\n}\nBody with `{ code }`.\n",
            "No front matter, a kramdown {: .note} list and an *[HTML]: abbreviation.\n",
            "mail me@/dev/null\n",
        ] {
            assert!(!needs_engines(source), "{source:?}");
        }
    }
}
