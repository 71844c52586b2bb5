//! Native `quire::parse_post` throughput, the ceiling the wasm build can
//! approach. Run by `make bench` (bench/run.mjs) after it has written the
//! inputs, so the browser and this bench parse the same bytes:
//!
//!   target/bench/inputs/manifest.json  the single inputs: name, file, path
//!   target/bench/inputs/corpus.json    the real posts: [{path, source, body}]
//!
//! Every input is timed the way bench/page.js times it in Chromium: warm-up,
//! then the median of repeated samples, each sample long enough (>= 10 ms)
//! for the clock. MB/s counts 10^6 bytes of UTF-8 input. Each input's body
//! is also rendered by bare pulldown-cmark (`bare` in the JSON), the floor
//! `make bench` prints beside parsePost. Prints a table and writes
//! target/bench/native.json.

#[path = "shared/bare.rs"]
mod bare;

use serde_json::{Value, json};
use std::hint::black_box;
use std::time::{Duration, Instant};

struct Timing {
    /// Median seconds for one call.
    median: f64,
    /// The fastest sample's seconds for one call.
    min: f64,
    samples: usize,
    calls_per_sample: usize,
}

/// Warm-up (>= 3 calls and >= `warm`), then samples of `calls_per_sample`
/// calls each (>= 10 ms), until there are `min_samples` and `min_time` has
/// passed (or `max_samples`); the median of the per-call times.
fn measure(mut f: impl FnMut(), warm: Duration, min_samples: usize, min_time: Duration) -> Timing {
    // Enough for `min_time` to pass: a median of many short samples rides out a busy moment.
    let max_samples = 200;
    let start = Instant::now();
    let mut calls = 0usize;
    while calls < 3 || start.elapsed() < warm {
        f();
        calls += 1;
    }
    let per_call = start.elapsed().as_secs_f64() / calls as f64;
    let calls_per_sample = ((0.010 / per_call).ceil() as usize).max(1);
    let mut samples = Vec::new();
    let start = Instant::now();
    while samples.len() < min_samples || (start.elapsed() < min_time && samples.len() < max_samples)
    {
        let t = Instant::now();
        for _ in 0..calls_per_sample {
            f();
        }
        samples.push(t.elapsed().as_secs_f64() / calls_per_sample as f64);
    }
    samples.sort_by(f64::total_cmp);
    Timing {
        median: samples[samples.len() / 2],
        min: samples[0],
        samples: samples.len(),
        calls_per_sample,
    }
}

fn options(path: &str) -> quire::Options {
    let mut options = quire::Options::default();
    options.path = Some(path.to_owned());
    options
}

fn main() {
    let dir = format!("{}/target/bench/inputs", env!("CARGO_MANIFEST_DIR"));
    let read = |name: &str| {
        std::fs::read_to_string(format!("{dir}/{name}")).unwrap_or_else(|err| {
            panic!("{dir}/{name}: {err} (bench/run.mjs writes the inputs: run `make bench`)")
        })
    };
    let manifest: Value = serde_json::from_str(&read("manifest.json")).unwrap();
    let mut results = serde_json::Map::new();
    println!(
        "{:<14} {:>10} {:>10} {:>10} {:>8}",
        "native input", "bytes", "ms/call", "MB/s", "samples"
    );
    for input in manifest["inputs"].as_array().unwrap() {
        let name = input["name"].as_str().unwrap();
        let source = read(input["file"].as_str().unwrap());
        let options = options(input["path"].as_str().unwrap());
        let timing = measure(
            || {
                black_box(quire::parse_post(black_box(&source), &options));
            },
            Duration::from_millis(300),
            7,
            Duration::from_secs(1),
        );
        let mbps = source.len() as f64 / timing.median / 1e6;
        println!(
            "{name:<14} {:>10} {:>10.3} {mbps:>10.1} {:>8}",
            source.len(),
            timing.median * 1e3,
            timing.samples
        );
        // The floor, as the page has it: bare pulldown-cmark on the body.
        let body = read(input["bodyFile"].as_str().unwrap());
        let bare = measure(
            || {
                black_box(bare::render(black_box(&body)));
            },
            Duration::from_millis(300),
            7,
            Duration::from_secs(1),
        );
        let bare_mbps = body.len() as f64 / bare.median / 1e6;
        println!(
            "{:<14} {:>10} {:>10.3} {bare_mbps:>10.1} {:>8}",
            "  bare body",
            body.len(),
            bare.median * 1e3,
            bare.samples
        );
        results.insert(
            name.to_owned(),
            json!({
                "bytes": source.len(),
                "medianMs": timing.median * 1e3,
                "minMs": timing.min * 1e3,
                "mbps": mbps,
                "samples": timing.samples,
                "callsPerSample": timing.calls_per_sample,
                "bare": {
                    "bytes": body.len(),
                    "medianMs": bare.median * 1e3,
                    "minMs": bare.min * 1e3,
                    "mbps": bare_mbps,
                },
            }),
        );
    }

    let corpus: Vec<Value> = serde_json::from_str(&read("corpus.json")).unwrap();
    let posts: Vec<(String, quire::Options)> = corpus
        .iter()
        .map(|p| {
            (
                p["source"].as_str().unwrap().to_owned(),
                options(p["path"].as_str().unwrap()),
            )
        })
        .collect();
    let bytes: usize = posts.iter().map(|(s, _)| s.len()).sum();
    let timing = measure(
        || {
            for (source, options) in &posts {
                black_box(quire::parse_post(black_box(source), options));
            }
        },
        Duration::from_millis(500),
        5,
        Duration::from_secs(2),
    );
    let posts_per_second = posts.len() as f64 / timing.median;
    let mbps = bytes as f64 / timing.median / 1e6;
    println!(
        "{:<14} {bytes:>10} {:>10.3} {mbps:>10.1} {:>8}   {} posts, {posts_per_second:.0} posts/s",
        "corpus",
        timing.median * 1e3,
        timing.samples,
        posts.len()
    );
    let out = json!({
        "inputs": results,
        "corpus": {
            "posts": posts.len(),
            "bytes": bytes,
            "medianMs": timing.median * 1e3,
            "minMs": timing.min * 1e3,
            "mbps": mbps,
            "postsPerSecond": posts_per_second,
            "samples": timing.samples,
        },
    });
    let path = format!("{}/target/bench/native.json", env!("CARGO_MANIFEST_DIR"));
    std::fs::write(&path, serde_json::to_string_pretty(&out).unwrap() + "\n").unwrap();
}
