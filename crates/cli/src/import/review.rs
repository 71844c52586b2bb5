//! Checking the imported site as Quire will build it: every post and page
//! parsed with the site's context, what the core reports about them, front
//! matter keys that did something only in the old generator, and addresses
//! that `quire build` would refuse.

use super::Report;
use super::front_matter::key_line;
use super::plan::{Finding, Level};
use super::report;
use super::source::{files_under, read_text};
use crate::config::Config;
use crate::site::is_markdown;
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

/// Parses every imported post and page with the site's context and adds
/// what the core reports, plus what Quire ignores in their front matter.
pub fn review(site: &Path, report: &mut Report) {
    let config = match Config::load(site) {
        Ok(config) => config,
        Err(e) => {
            report.findings.push(Finding {
                level: Level::Error,
                kind: "the imported _config.yml does not load".into(),
                path: "_config.yml".into(),
                line: 0,
                column: 0,
                message: format!("{e:#}"),
            });
            Config::default()
        }
    };
    let context = Arc::new(site_context(site));
    let content: Vec<String> = report.content.clone();
    for rel in content {
        let Ok(text) = read_text(site, &rel) else {
            continue;
        };
        let mut options = config.options(&rel);
        options.site = Some(context.clone());
        let post = quire::parse_post(&text, &options);
        if post.meta.draft {
            report.drafts += 1;
        }
        for d in &post.meta.diagnostics {
            report.findings.push(Finding {
                level: match d.severity {
                    quire::Severity::Error => Level::Error,
                    quire::Severity::Warning => Level::Warning,
                },
                kind: report::message_kind(&d.message),
                path: rel.clone(),
                line: d.line,
                column: d.column,
                message: d.message.clone(),
            });
        }
        front_matter_findings(&rel, &text, &post.meta.front_matter, report);
    }
    // Two published posts or pages at one address stop `quire build`.
    let mut taken: BTreeMap<String, &str> = BTreeMap::new();
    for page in context.posts.iter().chain(&context.pages) {
        let Some(file) = crate::site::output_file(&page.url) else {
            report.findings.push(Finding {
                level: Level::Error,
                kind: "an address Quire keeps for itself: `quire build` stops until the post gets another `permalink`".into(),
                path: page.path.clone(),
                line: 1,
                column: 1,
                message: format!("address {} leaves the site or is one Quire writes itself (/posts/, /pages/, /css/, /js/…)", page.url),
            });
            continue;
        };
        if let Some(other) = taken.insert(file, &page.path) {
            report.findings.push(Finding {
                level: Level::Error,
                kind: "two posts or pages at the same address: `quire build` stops until one gets its own `permalink`".into(),
                path: page.path.clone(),
                line: 1,
                column: 1,
                message: format!("address {} is also {other}'s: give one of them a `permalink`", page.url),
            });
        }
    }
}

/// Front matter keys that did something in the old generator and do
/// nothing in Quire.
fn front_matter_findings(rel: &str, text: &str, fm: &Map<String, Value>, report: &mut Report) {
    let mut note = |key: &str, kind: &str, message: String| {
        report.findings.push(Finding {
            level: Level::Warning,
            kind: kind.to_string(),
            path: rel.to_string(),
            line: key_line(text, key).max(1),
            column: 1,
            message,
        });
    };
    for key in ["redirect_from", "aliases"] {
        if fm.contains_key(key) {
            note(
                key,
                "no redirects are written for `redirect_from`/`aliases`: old addresses will not lead to the post",
                format!(
                    "`{key}`: Quire writes no redirect pages; the old addresses will answer 404"
                ),
            );
        }
    }
    if let Some(Value::String(layout)) = fm.get("layout")
        && !matches!(layout.as_str(), "post" | "page" | "default" | "single")
    {
        note(
            "layout",
            "the layout is not used: every post and page gets Quire's template (or theme/index.html)",
            format!("layout `{layout}` is not used: every post and page gets Quire's template"),
        );
    }
    if let Some(Value::String(template)) = fm.get("template") {
        note(
            "template",
            "the template is not used: every post and page gets Quire's template (or theme/index.html)",
            format!("template `{template}` is not used: every post and page gets Quire's template"),
        );
    }
    if fm.contains_key("url") && !fm.contains_key("permalink") {
        note(
            "url",
            "Hugo's `url` is not Quire's: the post's address comes from `permalink`",
            "`url` does not set the address in Quire: rename it `permalink`".into(),
        );
    }
}

/// What a site's posts and pages see of the site (Liquid's `site.*`,
/// shortcodes' `.Site`): the settings of `_config.yml`, `_data/`,
/// `_includes/`, `shortcodes/`, and the published posts and pages.
pub fn site_context(site: &Path) -> quire::SiteContext {
    let config = Config::load(site).unwrap_or_default();
    let mut context = quire::SiteContext {
        config: config.json.clone(),
        ..Default::default()
    };
    // Unreadable files are left out here; `quire build` reports them.
    let files = crate::context::SiteFiles::load(site, &mut Vec::new()).unwrap_or_default();
    context.includes = files.includes;
    context.data = files.data;
    context.shortcodes = files.shortcodes;
    for (folder, is_post) in [("posts", true), ("pages", false)] {
        let Ok(files) = files_under(site, folder) else {
            continue;
        };
        for file in files {
            let name = file.rsplit('/').next().unwrap_or_default();
            if !is_markdown(name) || file.split('/').any(|p| p.starts_with('_')) {
                continue;
            }
            let Ok(text) = std::fs::read_to_string(site.join(&file)) else {
                continue;
            };
            let post = quire::parse_post(&text, &config.options(&file));
            if post.meta.draft {
                continue;
            }
            let parts = quire::PermalinkParts::of(&post.meta);
            let url = if is_post {
                quire::post_permalink(parts, &config.site)
            } else {
                quire::page_permalink(parts)
            };
            let page = quire::PageRef {
                path: file.clone(),
                url,
                title: post.meta.title.clone(),
                date: post.meta.date.clone(),
                tags: post.meta.tags.clone(),
                categories: post.meta.categories.clone(),
            };
            if is_post {
                context.posts.push(page);
            } else {
                context.pages.push(page);
            }
        }
    }
    context
        .posts
        .sort_by(|a, b| b.date.cmp(&a.date).then_with(|| b.path.cmp(&a.path)));
    context
}
