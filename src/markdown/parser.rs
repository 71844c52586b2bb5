//! The pulldown-cmark parser each preset uses: its extensions, and reference
//! links resolved from outside the text being parsed.

use super::Preset;
use pulldown_cmark::{BrokenLink, BrokenLinkCallback, CowStr, Options as CmarkOptions, Parser};
use std::collections::HashMap;
use unicase::UniCase;

impl Preset {
    /// The pulldown-cmark extensions this preset turns on (benchmarks compare Quire with bare
    /// pulldown-cmark under the same ones).
    pub fn pulldown_options(self) -> CmarkOptions {
        cmark_options(self)
    }
}

fn cmark_options(preset: Preset) -> CmarkOptions {
    match preset {
        Preset::CommonMark => CmarkOptions::empty(),
        Preset::Blog => {
            CmarkOptions::ENABLE_TABLES
                | CmarkOptions::ENABLE_FOOTNOTES
                | CmarkOptions::ENABLE_STRIKETHROUGH
                | CmarkOptions::ENABLE_TASKLISTS
                | CmarkOptions::ENABLE_SMART_PUNCTUATION
                | CmarkOptions::ENABLE_HEADING_ATTRIBUTES
                | CmarkOptions::ENABLE_GFM
                | CmarkOptions::ENABLE_MATH
                | CmarkOptions::ENABLE_DEFINITION_LIST
        }
    }
}

/// Link reference definitions from outside the text being parsed: label ->
/// (URL, title). The editor's windows resolve through the whole post's.
pub(crate) type RefMap = HashMap<UniCase<String>, (String, String)>;

/// Resolves a reference link the text does not define from a [`RefMap`].
pub(crate) struct Links<'r>(pub Option<&'r RefMap>);

impl<'a> BrokenLinkCallback<'a> for Links<'_> {
    fn handle_broken_link(&mut self, link: BrokenLink<'a>) -> Option<(CowStr<'a>, CowStr<'a>)> {
        let (url, title) = self.0?.get(&UniCase::new(link.reference.into_string()))?;
        Some((url.clone().into(), title.clone().into()))
    }
}

/// The parser for `preset`: one type for every caller, so the renderer is
/// compiled once.
pub(crate) fn parser<'a, 'r>(
    text: &'a str,
    preset: Preset,
    links: Links<'r>,
) -> Parser<'a, Links<'r>> {
    Parser::new_with_broken_link_callback(text, cmark_options(preset), Some(links))
}

#[cfg(test)]
mod tests {
    use crate::markdown::test_util::blog;
    use crate::markdown::{Options, Preset, render_markdown};

    #[test]
    fn blog_preset_renders_extensions() {
        let html = blog(
            "| a |\n|---|\n| 1 |\n\n~~gone~~ $x^2$\n\n$$\\int$$\n\n- [x] done\n\n> [!NOTE]\n> Heads up\n\nTerm\n: Definition\n",
        );
        for needle in [
            "<table",
            "<del>gone</del>",
            "math math-inline",
            "math math-display",
            "type=\"checkbox\"",
            "markdown-alert-note",
            "<dl",
            "<dd>",
        ] {
            assert!(html.contains(needle), "{needle} missing in {html}");
        }
    }

    #[test]
    fn commonmark_preset_has_no_extensions_ids_or_lines() {
        let options = Options {
            preset: Preset::CommonMark,
            ..Options::default()
        };
        let html = render_markdown("# Hi\n\n~~no~~ | a |\n", &options);
        assert_eq!(html, "<h1>Hi</h1>\n<p>~~no~~ | a |</p>\n");
    }
}
