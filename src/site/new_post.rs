//! A new post: the file it is saved as and the text it starts from.

use crate::calendar::DateParts;
use crate::slugify;

/// The title of a new post when none is given.
pub const UNTITLED: &str = "Untitled post";
/// The slug of a file name when the title has no letters or digits.
const UNTITLED_SLUG: &str = "untitled";
/// At most this many characters of slug in a file name.
const MAX_SLUG_CHARS: usize = 80;

/// The day part (`YYYY-MM-DD`) of a date, if it is a date.
fn day_of(date: &str) -> Option<String> {
    let d = DateParts::parse(date)?;
    Some(format!("{:04}-{:02}-{:02}", d.year, d.month, d.day))
}

/// The file name a post is saved as: `YYYY-MM-DD-slug.md`, the day of its
/// date (as written) and the slug of its title ([`slugify`], at most 80
/// characters; `untitled` when the title has no letters or digits).
/// `None` when `date` is not a date.
pub fn new_post_file_name(title: &str, date: &str) -> Option<String> {
    let day = day_of(date)?;
    let slug: String = slugify(title).chars().take(MAX_SLUG_CHARS).collect();
    let slug = slug.trim_end_matches('-');
    let slug = if slug.is_empty() { UNTITLED_SLUG } else { slug };
    Some(format!("{day}-{slug}.md"))
}

/// The text a new post starts from: its title (any text survives: a JSON
/// string is a YAML double-quoted scalar), its day, no tags, and a draft
/// until the author publishes it. A blank title is [`UNTITLED`]. `None` when
/// `date` is not a date.
pub fn new_post_source(title: &str, date: &str) -> Option<String> {
    let day = day_of(date)?;
    let title = match title.trim() {
        "" => UNTITLED,
        title => title,
    };
    let title = serde_json::to_string(title).expect("a string serializes");
    Some(format!(
        "---\ntitle: {title}\ndate: {day}\ntags: []\ndraft: true\n---\n\nThe first paragraph is the excerpt on the home page.\n\n<!--more-->\n\nThe rest of the post.\n"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_name_keeps_the_letters_of_the_title_in_any_script() {
        assert_eq!(
            new_post_file_name("Été à Paris", "2024-06-02").as_deref(),
            Some("2024-06-02-été-à-paris.md")
        );
    }

    #[test]
    fn a_title_without_letters_or_digits_names_an_untitled_file() {
        assert_eq!(
            new_post_file_name("?!…", "2024-06-02T10:00:00Z").as_deref(),
            Some("2024-06-02-untitled.md")
        );
    }

    #[test]
    fn a_long_title_is_cut_to_eighty_characters_without_a_trailing_dash() {
        let title = format!("{} b", "a".repeat(79));
        let name = new_post_file_name(&title, "2024-06-02").unwrap();
        assert_eq!(name, format!("2024-06-02-{}.md", "a".repeat(79)));
    }

    #[test]
    fn a_date_that_is_not_a_date_names_no_file() {
        assert_eq!(new_post_file_name("Hi", "someday"), None);
        assert_eq!(new_post_source("Hi", "someday"), None);
    }

    #[test]
    fn a_new_post_parses_as_a_draft_with_its_title_date_and_excerpt() {
        let text = new_post_source("Lessons: part \"2\"", "2026-11-25").unwrap();
        let post = crate::parse_post(&text, &crate::Options::default());
        assert_eq!(post.meta.title.as_deref(), Some("Lessons: part \"2\""));
        assert_eq!(post.meta.date.as_deref(), Some("2026-11-25"));
        assert!(post.meta.draft);
        assert!(post.has_more);
        assert!(
            post.meta.diagnostics.is_empty(),
            "{:?}",
            post.meta.diagnostics
        );
    }

    #[test]
    fn a_blank_title_starts_an_untitled_post() {
        let text = new_post_source("  ", "2026-11-25").unwrap();
        assert!(
            text.starts_with("---\ntitle: \"Untitled post\"\n"),
            "{text}"
        );
    }
}
