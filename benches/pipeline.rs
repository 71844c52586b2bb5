//! `quire::parse_post` against bare pulldown-cmark (`Parser::new_ext` +
//! `html::push_html`, the same extensions as the blog preset) on the same
//! ~100 KB post, the ratio `make bench` holds to its budget (<= 1.3x).
//!
//!   cargo bench --bench pipeline
//!
//! Inputs, each a post of at least 100 KiB, front matter once, built here:
//!
//! * `fixtures-100k`: the Rust blog posts of tests/fixtures/compat/rust-blog-yaml
//!   (top level, in name order) concatenated, the first whole, the others' bodies
//!   after it, round and round. Their `{{closure}}`, `{:?}` and `[^note]` wake the
//!   Liquid, kramdown and footnote stages, which pulldown-cmark has no work for.
//! * `post-100k`: the same bytes as `make bench`'s (bench/run.mjs): the real post
//!   rust-blog-yaml/2023-03-09-Rust-1.68.0.md of the shared corpus, its body
//!   repeated to 100 KiB; only when the corpus is there (QUIRE_CORPUS, else
//!   ../shared/corpus/posts).
//! * `spec`: every CommonMark spec example joined, the input of `make bench`'s
//!   spec row (bench/run.mjs writes it to target/bench/inputs/spec.md); only
//!   once that has run. It has no front matter.
//!
//! pulldown-cmark gets the body (the bytes after the front matter). The two are
//! timed in alternating samples (each >= 5 ms of calls), so load on a shared
//! machine falls on both alike; the ratio of the fastest samples is the number,
//! the ratio of the medians beside it. PIPELINE_ROUNDS (default 40) sets the
//! number of sample pairs, PIPELINE_INPUT picks one input.
//!
//! PIPELINE_CALLS=n: no timing, each side called n times, for instruction
//! counts (valgrind --tool=cachegrind --toggle-collect='pipeline::run_quire*'
//! or 'pipeline::run_cmark*'; per call: Ir / n). PIPELINE_SIDE=quire or cmark calls only
//! that side, for a profiler without such a toggle (perf record, perf stat).

#[path = "shared/bare.rs"]
mod bare;

use std::hint::black_box;
use std::time::{Duration, Instant};

/// The body of a post: what follows a `---` front matter block.
fn body_of(source: &str) -> &str {
    let Some(rest) = source.strip_prefix("---\n") else {
        return source;
    };
    match rest.find("\n---\n") {
        Some(end) => &rest[end + 5..],
        None => source,
    }
}

/// Front matter once, then the body repeated until there are `bytes` bytes (bench/run.mjs).
fn repeat_to(source: &str, bytes: usize) -> String {
    let body = body_of(source);
    let mut out = source.to_owned();
    while out.len() < bytes {
        if !out.ends_with("\n\n") {
            out.push('\n');
        }
        out.push_str(body);
    }
    out
}

fn fixtures_input(bytes: usize) -> String {
    let dir = format!(
        "{}/tests/fixtures/compat/rust-blog-yaml",
        env!("CARGO_MANIFEST_DIR")
    );
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    let sources: Vec<String> = files
        .iter()
        .map(|f| std::fs::read_to_string(f).unwrap().replace("\r\n", "\n"))
        .collect();
    let mut out = sources[0].clone();
    for source in sources.iter().cycle().skip(1) {
        if out.len() >= bytes {
            break;
        }
        if !out.ends_with("\n\n") {
            out.push('\n');
        }
        out.push_str(body_of(source));
    }
    out
}

/// Seconds per call of one sample of at least `min` long.
fn sample(f: &mut dyn FnMut(), calls: usize) -> f64 {
    let t = Instant::now();
    for _ in 0..calls {
        f();
    }
    t.elapsed().as_secs_f64() / calls as f64
}

fn calls_for(f: &mut dyn FnMut(), min: Duration) -> usize {
    let t = Instant::now();
    let mut calls = 0;
    while calls < 3 || t.elapsed() < Duration::from_millis(200) {
        f();
        calls += 1;
    }
    let per_call = t.elapsed().as_secs_f64() / calls as f64;
    ((min.as_secs_f64() / per_call).ceil() as usize).max(1)
}

#[inline(never)]
fn run_quire(source: &str, options: &quire::Options) {
    black_box(quire::parse_post(black_box(source), options));
}

#[inline(never)]
fn run_cmark(body: &str) {
    black_box(bare::render(black_box(body)));
}

fn median(samples: &mut [f64]) -> f64 {
    samples.sort_by(f64::total_cmp);
    samples[samples.len() / 2]
}

fn main() {
    let rounds: usize = std::env::var("PIPELINE_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(40);
    let mut inputs = vec![(
        "fixtures-100k",
        fixtures_input(100 * 1024),
        "posts/2015-08-06-Rust-1.2.md",
    )];
    let corpus = std::env::var("QUIRE_CORPUS")
        .unwrap_or_else(|_| format!("{}/../shared/corpus/posts", env!("CARGO_MANIFEST_DIR")));
    if let Ok(real) =
        std::fs::read_to_string(format!("{corpus}/rust-blog-yaml/2023-03-09-Rust-1.68.0.md"))
    {
        inputs.push((
            "post-100k",
            repeat_to(&real, 100 * 1024),
            "posts/2023-03-09-Rust-1.68.0.md",
        ));
    }
    // `spec`: every CommonMark spec example, as `make bench` writes it (bench/run.mjs), when it has.
    let spec = format!("{}/target/bench/inputs/spec.md", env!("CARGO_MANIFEST_DIR"));
    if let Ok(spec) = std::fs::read_to_string(spec) {
        inputs.push(("spec", spec, "spec.md"));
    }
    println!(
        "{:<14} {:>8} {:>11} {:>11} {:>9} {:>9}",
        "input", "bytes", "quire ms", "cmark ms", "min ratio", "med ratio"
    );
    // PIPELINE_INPUT=post-100k: one input only (for `perf record`).
    let only = std::env::var("PIPELINE_INPUT").ok();
    // The budget's input and its ratios (fastest samples, medians), for the verdict below.
    let mut budgeted = None;
    for (name, source, path) in &inputs {
        if only.as_deref().is_some_and(|only| only != *name) {
            continue;
        }
        let mut options = quire::Options::default();
        options.path = Some((*path).to_owned());
        let body = body_of(source);
        let mut quire = || run_quire(source, &options);
        let mut cmark = || run_cmark(body);
        if let Some(calls) = std::env::var("PIPELINE_CALLS")
            .ok()
            .and_then(|n| n.parse::<usize>().ok())
        {
            let side = std::env::var("PIPELINE_SIDE").unwrap_or_default();
            for _ in 0..calls {
                if side != "cmark" {
                    quire();
                }
                if side != "quire" {
                    cmark();
                }
            }
            continue;
        }
        let quire_calls = calls_for(&mut quire, Duration::from_millis(5));
        let cmark_calls = calls_for(&mut cmark, Duration::from_millis(5));
        let (mut q, mut c) = (Vec::new(), Vec::new());
        for _ in 0..rounds {
            q.push(sample(&mut quire, quire_calls));
            c.push(sample(&mut cmark, cmark_calls));
        }
        let (q_min, c_min) = (
            q.iter().copied().fold(f64::INFINITY, f64::min),
            c.iter().copied().fold(f64::INFINITY, f64::min),
        );
        let (q_med, c_med) = (median(&mut q), median(&mut c));
        println!(
            "{name:<14} {:>8} {:>11.3} {:>11.3} {:>8.2}x {:>8.2}x",
            source.len(),
            q_min * 1e3,
            c_min * 1e3,
            q_min / c_min,
            q_med / c_med
        );
        if *name == BUDGET_INPUT {
            budgeted = Some((q_min / c_min, q_med / c_med));
        }
    }
    if let Some((min_ratio, med_ratio)) = budgeted {
        println!("{}", verdict(min_ratio, med_ratio));
    }
}

/// The input `make bench` holds to [`BUDGET_RATIO`]: the real post, repeated to 100 KB.
const BUDGET_INPUT: &str = "post-100k";

/// Quire's `parse_post` may take at most this many times bare pulldown-cmark's time.
const BUDGET_RATIO: f64 = 1.3;

/// The budget's line, as bench/run.mjs prints its own: pass or MISS on the fastest samples.
fn verdict(min_ratio: f64, med_ratio: f64) -> String {
    let pass = min_ratio <= BUDGET_RATIO;
    let note = if pass {
        format!("{:.2}x to spare", BUDGET_RATIO - min_ratio)
    } else {
        format!(
            "MISS by {:.2}x ({min_ratio:.2}x > {BUDGET_RATIO}x)",
            min_ratio / BUDGET_RATIO
        )
    };
    format!(
        "  {}  native parse_post <= {BUDGET_RATIO}x bare pulldown-cmark (100 KB post)  {min_ratio:.2}x   {note}; from medians {med_ratio:.2}x",
        if pass { "pass" } else { "MISS" }
    )
}
