//! Hashes of everything the renderer makes, to prove a speed change leaves
//! the output byte for byte as it was:
//!
//!   cargo test --release --bench output_hashes > before.txt   # at the base
//!   cargo test --release --bench output_hashes > after.txt    # after a change
//!   diff before.txt after.txt
//!
//! One line per input and mode: `parse_post` (its JSON), `render_markdown`
//! and `Draft::load` (its update's JSON), each in the blog preset, the
//! commonmark preset and the blog preset with unsafe HTML. Inputs: every
//! file of the shared corpus (QUIRE_CORPUS, else ../shared/corpus/posts),
//! every `.md` under tests/ and examples/, and the pipeline bench's real post
//! repeated to 100 KiB. A bench target (harness = false), not a test: it
//! checks nothing itself, it prints what the two runs are compared on.

use std::path::{Path, PathBuf};

fn files_under(dir: &Path, only_md: bool, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files_under(&path, only_md, out);
        } else if !only_md || path.extension().is_some_and(|e| e == "md") {
            out.push(path);
        }
    }
}

/// FNV-1a, 64 bits: the same number for the same bytes on every build.
fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

fn modes() -> [(&'static str, quire::Options); 3] {
    let mut commonmark = quire::Options::default();
    commonmark.preset = quire::Preset::CommonMark;
    let mut unsafe_html = quire::Options::default();
    unsafe_html.unsafe_html = true;
    [
        ("blog", quire::Options::default()),
        ("commonmark", commonmark),
        ("unsafe", unsafe_html),
    ]
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let corpus = std::env::var("QUIRE_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|_| root.join("../shared/corpus/posts"));
    let mut inputs: Vec<(String, String)> = Vec::new();
    for (dir, only_md, name) in [
        (corpus.clone(), false, "corpus"),
        (root.join("tests"), true, "tests"),
        (root.join("examples"), true, "examples"),
    ] {
        let mut files = Vec::new();
        files_under(&dir, only_md, &mut files);
        files.sort();
        for file in files {
            let Ok(bytes) = std::fs::read(&file) else {
                continue;
            };
            let Ok(text) = String::from_utf8(bytes) else {
                continue;
            };
            let rel = file.strip_prefix(&dir).unwrap_or(&file).display();
            inputs.push((format!("{name}/{rel}"), text));
        }
    }
    if let Ok(real) =
        std::fs::read_to_string(corpus.join("rust-blog-yaml/2023-03-09-Rust-1.68.0.md"))
    {
        let body = real.splitn(3, "---\n").nth(2).unwrap_or(&real).to_owned();
        let mut big = real.clone();
        while big.len() < 100 * 1024 {
            if !big.ends_with("\n\n") {
                big.push('\n');
            }
            big.push_str(&body);
        }
        inputs.push(("post-100k".to_owned(), big));
    }
    let mut total = 0;
    for (name, source) in &inputs {
        let file_name = name.rsplit('/').next().unwrap_or(name);
        for (mode, options) in modes() {
            let mut options = options;
            options.path = Some(format!("posts/{file_name}"));
            let post = serde_json::to_string(&quire::parse_post(source, &options)).unwrap();
            let html = quire::render_markdown(source, &options);
            let mut draft = quire::Draft::new(options.clone());
            let update = serde_json::to_string(&draft.load(source)).unwrap();
            println!(
                "{name}\t{mode}\tpost {:016x}\thtml {:016x}\tdraft {:016x}",
                fnv(post.as_bytes()),
                fnv(html.as_bytes()),
                fnv(update.as_bytes())
            );
            total += 1;
        }
    }
    eprintln!("{} inputs, {total} input-mode lines", inputs.len());
}
