//! Permalink patterns as Quire reads them: the placeholders it knows, and
//! the folders no post can be published under.

/// The first folder of a permalink pattern, if Quire keeps it for itself
/// (the raw posts and pages, the runtime): no post can live there.
pub fn reserved_folder(pattern: &str) -> Option<String> {
    let first = pattern.trim_start_matches('/').split('/').next()?;
    crate::site::RESERVED_FOLDERS
        .contains(&first)
        .then(|| first.to_string())
}

/// The placeholders Quire's permalink patterns know.
pub const PERMALINK_PLACEHOLDERS: [&str; 21] = [
    "short_month",
    "long_month",
    "categories",
    "output_ext",
    "short_year",
    "short_day",
    "long_day",
    "i_month",
    "minute",
    "second",
    "w_year",
    "i_day",
    "y_day",
    "w_day",
    "month",
    "title",
    "year",
    "week",
    "slug",
    "hour",
    "day",
];

/// The `:name` placeholders of a permalink pattern that Quire does not know.
pub fn unknown_placeholders(pattern: &str) -> Vec<String> {
    let mut unknown = Vec::new();
    let mut rest = pattern;
    while let Some(at) = rest.find(':') {
        let after = &rest[at + 1..];
        let len = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(after.len());
        let name = &after[..len];
        // Longest known prefix, as Quire reads it (`:titlefoo` is not one).
        if !name.is_empty() && !PERMALINK_PLACEHOLDERS.contains(&name) {
            unknown.push(format!(":{name}"));
        }
        rest = &after[len..];
    }
    unknown
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_permalink_placeholders_are_found() {
        assert!(unknown_placeholders("/:year/:month/:slug/").is_empty());
        assert_eq!(unknown_placeholders("/:section/:slug/"), [":section"]);
    }
}
