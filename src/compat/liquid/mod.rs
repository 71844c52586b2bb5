//! Jekyll's Liquid subset, run on a post's body before Markdown.
//!
//! What is supported: outputs with filters (Liquid's standard ones and
//! Jekyll's: `relative_url`, `date`, `markdownify`, `where`, …), `assign`,
//! `capture`, `if`/`elsif`/`else`/`unless`, `case`/`when`, `for` (arrays,
//! hashes, ranges; `limit`, `offset`, `reversed`, `forloop.*`, `break`,
//! `continue`, `else`), `raw`, `comment`, `highlight` (becomes a fenced code
//! block, Liquid inside it rendered as Jekyll does), `include` (the site's
//! `_includes/`, then Quire's built-in theme includes), `include_relative`,
//! `post_url` and `link`, with `site.*`, `site.data.*`, `site.posts`,
//! `site.pages`, `page.*`, `include.*` and `forloop.*`.
//!
//! **Code is left alone.** Inside fenced code blocks (```` ``` ```` or `~~~`,
//! closed by the same character at least as long) and inline code spans,
//! Liquid is not evaluated — except `{% raw %}`/`{% endraw %}`, which are
//! removed there too (their body kept as written; whitespace control is
//! ignored there, so `{%- raw -%}` at a line start never pulls a code line
//! onto the fence). Jekyll themes wrap code
//! samples in `raw` inside fences (Minimal Mistakes does), while posts that
//! never were Jekyll's (a Rust backtrace's `{{closure}}`) must stay as
//! written. A `{% highlight %}` block is not code in this sense: Liquid in
//! it is rendered, as Jekyll does. Indented code blocks are not recognised.
//!
//! **Nothing disappears silently.** An unsupported tag is a Warning and a
//! small `<span class="quire-unsupported">` notice in its place; an unknown
//! filter is a Warning and the value passes unfiltered; an unclosed block is
//! a Warning and renders as if closed at the end; an unclosed `{{`/`{%` is a
//! Warning and a notice. Undefined variables print nothing (Jekyll's
//! default). A `post_url`/`link` to nothing is an Error and points to `#`,
//! so the Markdown link (or link reference definition) stays a link. `date`
//! on `now`/`today` uses `time` from the site config (Quire has no clock);
//! without it the text is kept and a Warning says why.
//!
//! **Hostile Liquid never hangs.** At most 100,000 loop iterations per
//! render, includes nested 10 deep, blocks nested 100 deep and an output of
//! max(4 MB, 16 × input). Hitting a limit is an Error: what was rendered so
//! far is kept and the rest of the post is dropped.

mod date;
mod eval;
mod expr;
mod filters;
mod lexer;
mod links;
mod parse;
#[cfg(test)]
mod tests;
mod value;

use super::{Mapped, Page, SiteContext};
use crate::post::Diagnostic;

/// Renders the Liquid in `input`. `None`: there was none.
pub(crate) fn render(
    input: &Mapped<'_>,
    page: &Page,
    site: &SiteContext,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Mapped<'static>> {
    if !super::wanted(&input.text) {
        return None;
    }
    let template = parse::parse(&input.text);
    let mut renderer = eval::Renderer::new(input, page, site);
    renderer.run(&template);
    let before = diagnostics.len();
    let output = renderer.finish(diagnostics);
    // All of it was code (a Rust backtrace's `{{closure}}`): nothing to do.
    if output.text == input.text && diagnostics.len() == before {
        return None;
    }
    Some(output)
}
