//! The archive: which year's section a post is listed under.

/// The year a post is filed under in the archive: the year of its date as
/// written (`2024-01-15T23:30:00-05:00` is 2024), `None` for an undated post.
pub fn archive_year(date: Option<&str>) -> Option<&str> {
    let date = date?;
    let year = date.get(..4)?;
    (year.bytes().all(|b| b.is_ascii_digit()) && date[4..].starts_with('-')).then_some(year)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_post_is_filed_under_the_year_of_its_date_as_written() {
        assert_eq!(archive_year(Some("2024-01-15")), Some("2024"));
        assert_eq!(
            archive_year(Some("2023-12-31T23:30:00-05:00")),
            Some("2023")
        );
        assert_eq!(archive_year(None), None);
        assert_eq!(archive_year(Some("soon")), None);
        assert_eq!(archive_year(Some("é024-01-01")), None);
    }
}
