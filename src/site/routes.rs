//! Which route shard lists a post: `quire build` splits the posts' route
//! entries into `posts/index/route-N.json` by this number, and the reader's
//! browser (through the wasm module) asks it which file holds the path it
//! was sent to, so a post page downloads one shard, not every post.

/// Posts per route shard, on average: the shard count is the post count over this.
const POSTS_PER_ROUTE_SHARD: usize = 64;

/// How many route shards a site of `posts` posts has (at least one).
pub fn route_shard_count(posts: usize) -> u32 {
    u32::try_from(posts.div_ceil(POSTS_PER_ROUTE_SHARD).max(1)).unwrap_or(u32::MAX)
}

/// The shard (`0..shards`) of a site path: FNV-1a over its segments, so
/// `/2024/01/15/hello/`, `/2024/01/15/hello` and `2024//01/15/hello` are the
/// same route, as the shell matches them.
pub fn route_shard(site_path: &str, shards: u32) -> u32 {
    let mut hash: u32 = 0x811c_9dc5;
    for segment in site_path.split('/').filter(|s| !s.is_empty()) {
        for &byte in b"/".iter().chain(segment.as_bytes()) {
            hash ^= u32::from(byte);
            hash = hash.wrapping_mul(0x0100_0193);
        }
    }
    hash % shards.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_route_written_differently_is_in_the_same_shard() {
        let shard = route_shard("/2024/01/15/hello/", 1000);
        assert_eq!(route_shard("/2024/01/15/hello", 1000), shard);
        assert_eq!(route_shard("2024//01/15/hello/", 1000), shard);
        assert_ne!(route_shard("/2024/01/15/hello-2/", 1000), shard);
    }

    #[test]
    fn shards_are_within_the_count_and_spread_out() {
        let shards = route_shard_count(6400);
        assert_eq!(shards, 100);
        let mut seen = vec![0usize; shards as usize];
        for n in 0..6400 {
            let shard = route_shard(&format!("/2024/01/15/post-{n}/"), shards);
            seen[shard as usize] += 1;
        }
        assert!(seen.iter().all(|&n| n > 0 && n < 200), "{seen:?}");
    }

    #[test]
    fn a_site_has_at_least_one_shard() {
        assert_eq!(route_shard_count(0), 1);
        assert_eq!(route_shard_count(64), 1);
        assert_eq!(route_shard_count(65), 2);
        assert_eq!(route_shard("/anything/", 0), 0);
    }
}
