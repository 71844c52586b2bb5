//! Every example of the CommonMark 0.31.2 spec (`spec.txt` from the npm
//! package `commonmark-spec`, a devDependency) through the "commonmark"
//! preset, natively. `tests/js/commonmark-spec.test.mjs` runs the same
//! examples through the wasm build.

use quire::{Options, Preset, render_markdown};
use std::path::Path;

struct Example {
    number: usize,
    section: String,
    markdown: String,
    html: String,
}

/// Reads the examples the way the package's own `index.js` does: fenced by
/// 32 backticks and `example`, Markdown and HTML split by a `.` line, `→`
/// standing for a tab.
fn examples(spec: &str) -> Vec<Example> {
    let fence = "`".repeat(32);
    let opening = format!("{fence} example");
    let spec = spec.split("\n<!-- END TESTS -->").next().unwrap_or(spec);
    let mut out = Vec::new();
    let mut section = String::new();
    let mut lines = spec.lines();
    while let Some(line) = lines.next() {
        if line.starts_with('#') {
            section = line.trim_start_matches('#').trim().to_string();
        } else if line == opening {
            let (mut markdown, mut html, mut in_html) = (String::new(), String::new(), false);
            for line in lines.by_ref() {
                if line == fence {
                    break;
                } else if line == "." && !in_html {
                    in_html = true;
                } else {
                    let target = if in_html { &mut html } else { &mut markdown };
                    target.push_str(&line.replace('→', "\t"));
                    target.push('\n');
                }
            }
            out.push(Example {
                number: out.len() + 1,
                section: section.clone(),
                markdown,
                html,
            });
        }
    }
    out
}

/// The one difference cmark's own spec runner (`normalize.py`) also treats
/// as equal: a newline between `<li>` and a block tag inside it (example
/// 175). Everything else must match byte for byte.
fn normalize(html: &str) -> String {
    html.replace("<li>\n<", "<li><")
}

#[test]
fn every_commonmark_spec_example_passes_with_the_commonmark_preset() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("node_modules/commonmark-spec/spec.txt");
    let spec = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (run `make setup` to install node_modules)",
            path.display()
        )
    });
    let examples = examples(&spec);
    assert_eq!(examples.len(), 652, "CommonMark 0.31.2 has 652 examples");
    let mut options = Options::default();
    options.preset = Preset::CommonMark;
    let failures: Vec<String> = examples
        .iter()
        .filter_map(|example| {
            let html = render_markdown(&example.markdown, &options);
            (normalize(&html) != normalize(&example.html)).then(|| {
                format!(
                    "example {} ({}):\n{:?}\nexpected {:?}\n     got {:?}",
                    example.number, example.section, example.markdown, example.html, html
                )
            })
        })
        .collect();
    println!(
        "commonmark: {}/{} examples pass natively",
        examples.len() - failures.len(),
        examples.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
