//! The shared corpus rendered as an imported blog would be (`make bench`,
//! or `cargo bench --bench compat`): per folder, how many posts, how many
//! have any diagnostic, which diagnostics (counted), and every post whose
//! rendered HTML still shows template or attribute-list text (`{%`, `{{`,
//! `{:`) outside code. Each folder is one site: its posts know each other
//! (`post_url`, `link`, `ref`), Minimal Mistakes' posts see its
//! `_config.yml`. Exits non-zero when any post shows such text.

#[path = "../tests/common/mod.rs"]
mod common;

use common::markdown_files;
use quire::{PageRef, SiteConfig, SiteContext};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The HTML with `<pre>…</pre>` and `<code>…</code>` cut out.
fn outside_code(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    loop {
        let next = ["<pre", "<code"]
            .iter()
            .filter_map(|tag| rest.find(tag).map(|at| (at, *tag)))
            .min();
        let Some((at, tag)) = next else {
            out.push_str(rest);
            return out;
        };
        out.push_str(&rest[..at]);
        let close = if tag == "<pre" { "</pre>" } else { "</code>" };
        match rest[at..].find(close) {
            Some(end) => rest = &rest[at + end + close.len()..],
            None => return out,
        }
    }
}

fn leftover(html: &str) -> Option<&'static str> {
    let prose = outside_code(html);
    ["{%", "{{", "{:"]
        .into_iter()
        .find(|needle| prose.contains(needle))
}

fn main() {
    let corpus = std::env::var_os("QUIRE_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/posts"));
    let Ok(folders) = std::fs::read_dir(&corpus) else {
        eprintln!(
            "the corpus is not at {} (set QUIRE_CORPUS)",
            corpus.display()
        );
        std::process::exit(1);
    };
    let mut folders: Vec<PathBuf> = folders
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    folders.sort();
    let mut failed = false;
    println!(
        "\nThe shared corpus as imported blogs ({})",
        corpus.display()
    );
    println!(
        "{:<18} {:>6} {:>16} {:>18}",
        "folder", "posts", "with diagnostics", "template text left"
    );
    let mut details = Vec::new();
    for folder in folders {
        let name = folder.file_name().unwrap().to_string_lossy().into_owned();
        let config_text = std::fs::read_to_string(folder.join("_config.yml")).unwrap_or_default();
        let config = SiteConfig::parse(&config_text).unwrap_or_default();
        let mut files = Vec::new();
        markdown_files(&folder, &mut files);
        let rel = |file: &Path| {
            format!(
                "posts/{}",
                file.strip_prefix(&folder).unwrap().to_string_lossy()
            )
        };
        let sources: Vec<(String, String)> = files
            .iter()
            .map(|f| (rel(f), std::fs::read_to_string(f).unwrap_or_default()))
            .collect();
        // The site's post list, from a first pass.
        let mut context = SiteContext {
            config: config.json.clone(),
            ..SiteContext::default()
        };
        for (path, source) in &sources {
            let mut options = quire::Options::default();
            options.path = Some(path.clone());
            let post = quire::parse_post(source, &options);
            context.posts.push(PageRef {
                path: path.clone(),
                url: quire::post_permalink(quire::PermalinkParts::of(&post.meta), &config),
                title: post.meta.title.clone(),
                date: post.meta.date.clone(),
                tags: post.meta.tags.clone(),
                categories: post.meta.categories.clone(),
            });
        }
        let context = Arc::new(context);
        let mut with_diagnostics = 0;
        let mut left = Vec::new();
        let mut messages: BTreeMap<String, (usize, String)> = BTreeMap::new();
        for (path, source) in &sources {
            let mut options = quire::Options::default();
            options.path = Some(path.clone());
            options.site = Some(context.clone());
            let post = quire::parse_post(source, &options);
            if !post.meta.diagnostics.is_empty() {
                with_diagnostics += 1;
            }
            for d in &post.meta.diagnostics {
                let entry = messages
                    .entry(d.message.clone())
                    .or_insert_with(|| (0, format!("{path}:{}:{}", d.line, d.column)));
                entry.0 += 1;
            }
            if let Some(needle) = leftover(&post.html) {
                left.push(format!("{path}: {needle}"));
            }
        }
        println!(
            "{:<18} {:>6} {:>16} {:>18}",
            name,
            sources.len(),
            with_diagnostics,
            left.len()
        );
        failed |= !left.is_empty();
        details.push((name, messages, left));
    }
    for (name, messages, left) in details {
        if messages.is_empty() && left.is_empty() {
            continue;
        }
        println!("\n{name}:");
        let mut messages: Vec<_> = messages.into_iter().collect();
        messages.sort_by_key(|m| std::cmp::Reverse(m.1.0));
        for (message, (count, first)) in messages.iter().take(25) {
            println!("  {count:>4} × {message} (first at {first})");
        }
        if messages.len() > 25 {
            println!("  … and {} more kinds", messages.len() - 25);
        }
        for line in &left {
            println!("  LEFT: {line}");
        }
    }
    if failed {
        eprintln!("\nsome posts still show template or attribute-list text outside code");
        std::process::exit(1);
    }
}
