//! What a post's file name or URL path says about it, as Jekyll, Hugo and
//! Zola read them: the date and name in `2024-01-15-hello-world.md` (or a
//! page bundle's folder), a title made from the name, the slug and date in a
//! permalink such as `2017/06/27/slug/`.

use crate::normalize_date;

/// What a file name says: `2024-01-15-hello-world.md` → date and name.
pub(crate) struct FileName {
    pub date: Option<String>,
    pub name: String,
}

impl FileName {
    pub fn parse(path: &str) -> FileName {
        let mut parts = path.rsplit(['/', '\\']).filter(|p| !p.is_empty());
        let file = parts.next().unwrap_or("");
        let mut stem = file.rsplit_once('.').map_or(file, |(stem, _)| stem);
        // Page bundles (`hello/index.md`): the folder names the post.
        if matches!(stem, "index" | "_index")
            && let Some(folder) = parts.next()
        {
            stem = folder;
        }
        match file_date(stem).and_then(|(date, len)| Some((normalize_date(&date)?, len))) {
            Some((date, len)) => FileName {
                date: Some(date),
                name: stem[len..].trim_start_matches(['-', '_']).to_string(),
            },
            None => FileName {
                date: None,
                name: stem.to_string(),
            },
        }
    }
}

/// The date a file name starts with, padded (`2014-3-3-x` → `2014-03-03`,
/// as Jekyll reads it), and how many bytes it took: four digits for the
/// year, one or two for the month and the day, then the end or a `-`/`_`.
fn file_date(stem: &str) -> Option<(String, usize)> {
    let bytes = stem.as_bytes();
    let digits = |from: usize, max: usize| {
        bytes[from.min(bytes.len())..]
            .iter()
            .take(max + 1)
            .take_while(|b| b.is_ascii_digit())
            .count()
    };
    if digits(0, 4) != 4 || bytes.get(4) != Some(&b'-') {
        return None;
    }
    let month = digits(5, 2);
    if !(1..=2).contains(&month) || bytes.get(5 + month) != Some(&b'-') {
        return None;
    }
    let day_at = 6 + month;
    let day = digits(day_at, 2);
    let end = day_at + day;
    if !(1..=2).contains(&day) || !matches!(bytes.get(end), None | Some(b'-' | b'_')) {
        return None;
    }
    let date = format!(
        "{}-{:0>2}-{:0>2}",
        &stem[..4],
        &stem[5..5 + month],
        &stem[day_at..end]
    );
    Some((date, end))
}

/// "hello-world" → "Hello World", as Jekyll does.
pub(crate) fn title_from_file_name(name: &str) -> String {
    name.split(['-', '_'])
        .filter(|w| !w.is_empty())
        .map(|word| {
            let mut chars = word.chars();
            chars
                .next()
                .map(|first| first.to_uppercase().chain(chars).collect::<String>())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

pub(crate) fn slug_from_permalink(permalink: &str) -> Option<String> {
    let last = permalink.trim().trim_end_matches('/').rsplit('/').next()?;
    let last = last.strip_suffix(".html").unwrap_or(last);
    (!last.is_empty() && !last.contains(':')).then(|| last.to_string())
}

/// `2017/06/27` inside a URL path, as an ISO date.
pub(crate) fn date_from_url_path(path: &str) -> Option<String> {
    let segments: Vec<&str> = path.split('/').collect();
    segments.windows(3).find_map(|w| {
        let shaped = w[0].len() == 4 && w[1].len() == 2 && w[2].len() == 2;
        let digits = w.iter().all(|s| s.bytes().all(|b| b.is_ascii_digit()));
        (shaped && digits)
            .then(|| format!("{}-{}-{}", w[0], w[1], w[2]))
            .and_then(|d| normalize_date(&d))
    })
}
