//! Which posts readers see: not drafts, and not dated later than now in
//! the site's time zone (unless the site shows future posts).

use super::config::SiteConfig;
use crate::calendar::{DateParts, civil_from_days};
use serde::Serialize;

/// The present moment, and the site's offset from UTC at that moment. The
/// time zone enters as this number: the CLI takes it from its time zone
/// database, the browser from `Intl`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Now {
    /// Seconds since 1970-01-01T00:00:00Z.
    pub utc_seconds: i64,
    /// The site's offset east of UTC now, in seconds (`+01:00` is 3600).
    pub site_offset_seconds: i32,
}

impl Now {
    /// Now as wall-clock seconds in the site's time zone.
    fn site_wall_seconds(&self) -> i64 {
        self.utc_seconds + i64::from(self.site_offset_seconds)
    }

    /// Today's date in the site's time zone: `2024-06-02`.
    pub fn today(&self) -> String {
        let (y, m, d) = civil_from_days(self.site_wall_seconds().div_euclid(86_400));
        format!("{y:04}-{m:02}-{d:02}")
    }
}

/// Whether a post dated `date` lies after `now`. A date with an offset is
/// compared in UTC; a date or time without one is wall-clock time in the
/// site's zone, compared with now's wall clock there. A date that is not a
/// date is never in the future.
pub fn is_future(date: &str, now: Now) -> bool {
    let Some(d) = DateParts::parse(date) else {
        return false;
    };
    let (at, against) = match d.offset_seconds {
        Some(offset) => (d.wall_seconds() - i64::from(offset), now.utc_seconds),
        None => (d.wall_seconds(), now.site_wall_seconds()),
    };
    at > against || (at == against && d.has_fraction)
}

/// Why readers would not see a post: both false when they would.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Visibility {
    /// `draft: true` or `published: false`.
    pub draft: bool,
    /// Dated after now, and the site does not show future posts.
    pub future: bool,
}

impl Visibility {
    /// A post's visibility from its draft flag and its date.
    pub fn of(draft: bool, date: Option<&str>, config: &SiteConfig, now: Now) -> Visibility {
        Visibility {
            draft,
            future: !config.future && date.is_some_and(|d| is_future(d, now)),
        }
    }

    /// Readers see the post.
    pub fn is_published(&self) -> bool {
        !self.draft && !self.future
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2024-06-01T22:30:00Z; in New York (-04:00) it is 18:30 on June 1st.
    const NEW_YORK: Now = Now {
        utc_seconds: 1_717_281_000,
        site_offset_seconds: -4 * 3600,
    };
    /// The same instant in Tokyo (+09:00): 07:30 on June 2nd.
    const TOKYO: Now = Now {
        utc_seconds: 1_717_281_000,
        site_offset_seconds: 9 * 3600,
    };

    #[test]
    fn today_is_the_date_on_the_site_wall_clock() {
        assert_eq!(NEW_YORK.today(), "2024-06-01");
        assert_eq!(TOKYO.today(), "2024-06-02");
    }

    #[test]
    fn a_date_without_an_offset_is_compared_on_the_site_wall_clock() {
        assert!(is_future("2024-06-02", NEW_YORK));
        assert!(!is_future("2024-06-02", TOKYO));
        assert!(is_future("2024-06-01T20:00:00", NEW_YORK));
        assert!(!is_future("2024-06-01T18:00", NEW_YORK));
    }

    #[test]
    fn a_date_with_an_offset_is_compared_in_utc() {
        assert!(is_future("2024-06-01T23:00:00Z", TOKYO));
        assert!(!is_future("2024-06-02T07:00:00+09:00", NEW_YORK));
        assert!(is_future("2024-06-02T08:00:00+0900", NEW_YORK));
    }

    #[test]
    fn a_fraction_of_a_second_after_now_is_the_future() {
        assert!(is_future("2024-06-01T22:30:00.5Z", NEW_YORK));
        assert!(!is_future("2024-06-01T22:30:00Z", NEW_YORK));
    }

    #[test]
    fn text_that_is_not_a_date_is_never_in_the_future() {
        assert!(!is_future("soon", NEW_YORK));
    }

    #[test]
    fn drafts_and_future_posts_are_hidden_unless_the_site_shows_the_future() {
        let config = SiteConfig::default();
        let later = Visibility::of(false, Some("2030-01-01"), &config, NEW_YORK);
        assert_eq!(
            later,
            Visibility {
                draft: false,
                future: true
            }
        );
        assert!(!later.is_published());
        assert!(Visibility::of(false, None, &config, NEW_YORK).is_published());
        assert!(!Visibility::of(true, Some("2020-01-01"), &config, NEW_YORK).is_published());
        let shows_future = SiteConfig::parse("future: true\n").unwrap();
        assert!(Visibility::of(false, Some("2030-01-01"), &shows_future, NEW_YORK).is_published());
    }
}
