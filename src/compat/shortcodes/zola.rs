//! Zola's built-in shortcodes.

use super::Outcome;
use super::tag::Args;
use crate::compat::embed;

/// Zola's built-in `name`.
pub(super) fn builtin(name: &str, args: &Args) -> Outcome {
    let class = args.text("class");
    let title = args.text("title");
    let options = embed::Options {
        title: title.as_deref(),
        class: class.as_deref(),
        autoplay: args.flag("autoplay"),
    };
    let id = args.text("id");
    let need_id = || Outcome::Error(format!("{name} needs id="));
    match name {
        "youtube" => id.map_or_else(need_id, |id| embed::youtube(&id, &options).into()),
        "vimeo" => id.map_or_else(need_id, |id| embed::vimeo(&id, &options).into()),
        "streamable" => id.map_or_else(need_id, |id| embed::streamable(&id, &options).into()),
        "gist" => match args.text("url") {
            Some(url) => embed::gist_url(&url, args.text("file").as_deref()).into(),
            None => Outcome::Error("gist needs url=".into()),
        },
        _ => Outcome::Unknown,
    }
}
