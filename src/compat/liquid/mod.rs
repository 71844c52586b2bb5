//! Jekyll's Liquid subset, run on a post's body before Markdown.

use super::{Mapped, Page, SiteContext};
use crate::post::Diagnostic;

/// Renders the Liquid in `input`. `None`: there was none.
pub(crate) fn render(
    input: &Mapped<'_>,
    page: &Page,
    site: &SiteContext,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Mapped<'static>> {
    let _ = (input, page, site, diagnostics);
    None
}
