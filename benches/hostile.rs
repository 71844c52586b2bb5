//! `make bench-hostile`: every pathological Markdown case of
//! tests/fixtures/hostile/pathological.json (and the hostile front matter
//! cases) at full size and at one tenth; prints the time ratio. Linear code
//! shows about 10x; above ~15x is a finding. pulldown-cmark alone is timed
//! on the same input, so a ratio can be pinned on Quire or on the
//! dependency. Writes target/bench/hostile.json.

use serde_json::{Value, json};
use std::time::{Duration, Instant};

fn build(case: &Value, divisor: u64) -> String {
    // Only repeated parts scale: a part written once (a `---` line, a
    // header) stays, or the tenth would be a different document. `{i}` is
    // the repetition index, as the corpus notes say (distinct keys).
    let mut out = String::new();
    for part in case["parts"].as_array().unwrap() {
        let text = part[0].as_str().unwrap();
        let count = part[1].as_u64().unwrap();
        let count = if count > 1 {
            (count / divisor).max(1)
        } else {
            count
        };
        for i in 0..count {
            if text.contains("{i}") {
                out.push_str(&text.replace("{i}", &i.to_string()));
            } else {
                out.push_str(text);
            }
        }
    }
    out
}

/// Median of `runs` timings (at least one run, more while under 0.3 s).
fn time(mut f: impl FnMut()) -> f64 {
    let mut samples = Vec::new();
    let start = Instant::now();
    while samples.len() < 3 || (samples.len() < 15 && start.elapsed() < Duration::from_millis(300))
    {
        let t = Instant::now();
        f();
        samples.push(t.elapsed().as_secs_f64());
    }
    samples.sort_by(f64::total_cmp);
    samples[samples.len() / 2]
}

fn pulldown_only(markdown: &str) {
    let mut html = String::new();
    let parser = pulldown_cmark::Parser::new_ext(markdown, pulldown_cmark::Options::all());
    pulldown_cmark::html::push_html(&mut html, parser);
    std::hint::black_box(html);
}

fn main() {
    let root = env!("CARGO_MANIFEST_DIR");
    let mut rows = Vec::new();
    println!(
        "{:<48} {:>10} {:>10} {:>7} {:>9}",
        "case", "1/10 ms", "full ms", "ratio", "pulldown"
    );
    for file in ["pathological.json", "yaml-hostile.json"] {
        let text =
            std::fs::read_to_string(format!("{root}/tests/fixtures/hostile/{file}")).unwrap();
        let data: Value = serde_json::from_str(&text).unwrap();
        for case in data["cases"].as_array().unwrap() {
            let name = case["name"].as_str().unwrap();
            let (tenth, full) = (build(case, 10), build(case, 1));
            let options = quire::Options::default();
            let a = time(|| {
                std::hint::black_box(quire::parse_post(&tenth, &options));
            });
            let b = time(|| {
                std::hint::black_box(quire::parse_post(&full, &options));
            });
            let markdown = file == "pathological.json";
            let (pa, pb) = if markdown {
                (
                    time(|| pulldown_only(&tenth)),
                    time(|| pulldown_only(&full)),
                )
            } else {
                (f64::NAN, f64::NAN)
            };
            let ratio = b / a;
            let verdict = if ratio <= 15.0 || b < 0.005 {
                "ok"
            } else {
                "SUPERLINEAR"
            };
            println!(
                "{:<48} {:>10.2} {:>10.2} {:>6.1}x {:>8.1}x  {}",
                name.chars().take(48).collect::<String>(),
                a * 1e3,
                b * 1e3,
                ratio,
                pb / pa,
                verdict
            );
            rows.push(json!({
                "file": file, "case": name, "bytes": full.len(),
                "tenth_ms": a * 1e3, "full_ms": b * 1e3, "ratio": ratio,
                "pulldown_tenth_ms": if markdown { json!(pa * 1e3) } else { Value::Null },
                "pulldown_full_ms": if markdown { json!(pb * 1e3) } else { Value::Null },
                "verdict": verdict,
            }));
        }
    }
    println!(
        "(ratio = full / one tenth, median timings; `ok` also when the full size takes under 5 ms)"
    );
    let out = format!("{root}/target/bench");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(
        format!("{out}/hostile.json"),
        serde_json::to_string_pretty(&rows).unwrap(),
    )
    .unwrap();
    println!("wrote target/bench/hostile.json");
}
