//! The site model, the one home of what a site is: its settings
//! ([`SiteConfig`]), where each post lives ([`post_permalink`]), which posts
//! readers see ([`Visibility`]), the archive year a post is filed under
//! ([`archive_year`]), which route shard lists a post ([`route_shard`]), and the name and text of a new post. The
//! CLI and the browser (through `quire-wasm`) both ask here. Tag slugs are
//! [`crate::slugify`]; posts per home page are [`SiteConfig::paginate`].
//!
//! No date library: dates are the ISO strings [`crate::normalize_date`]
//! writes, read by hand ([`crate::calendar`]), and the time zone enters as a number
//! ([`Now::site_offset_seconds`]).

mod archive;
mod config;
mod new_post;
pub(crate) mod permalink;
mod routes;
mod visibility;

pub use archive::archive_year;
pub use config::{
    Author, ConfigError, DEFAULT_PAGINATE, DEFAULT_PERMALINK, DEFAULT_TIMEZONE, DEFAULT_TITLE,
    SiteConfig,
};
pub use new_post::{UNTITLED, new_post_file_name, new_post_source};
pub use permalink::{
    PermalinkParts, clean_site_path, expand_permalink, front_matter_permalink, page_permalink,
    post_permalink,
};
pub use routes::{route_shard, route_shard_count};
pub use visibility::{Now, Visibility, is_future};
