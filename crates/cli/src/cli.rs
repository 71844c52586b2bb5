//! Arguments and the three commands.

use crate::{new, serve, site};
use clap::{Parser, Subcommand};
use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;

/// Quire: a Markdown blog rendered in the reader's browser.
///
/// A site is a directory (usually `www/`) with `_config.yml`, `index.html`
/// (the page template), `posts/*.md`, `pages/*.md` and the WebAssembly
/// package in `pkg/`.
#[derive(Debug, Parser)]
#[command(name = "quire", version, about, long_about)]
struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Index every post and write posts/index.json, feed.xml, sitemap.xml,
    /// 404.html and a prerendered page at each permalink.
    ///
    /// Broken posts are all reported as `path:line:column: message`; the
    /// build then exits with status 1 and writes nothing.
    Build {
        /// The site directory.
        #[arg(default_value = "www")]
        dir: PathBuf,
        /// Include drafts (they are marked `"draft": true`).
        #[arg(long)]
        drafts: bool,
    },
    /// Serve the site with live reload: posts are re-indexed when they change
    /// and open pages re-render the changed post in place.
    ///
    /// Drafts are shown (with a badge). Nothing is written into DIR: the
    /// index, feed and prerendered pages are served from memory.
    Serve {
        /// The site directory.
        #[arg(default_value = "www")]
        dir: PathBuf,
        /// Port to listen on (0 picks a free one).
        #[arg(long, short, default_value_t = 8080)]
        port: u16,
        /// Address to listen on. Only this machine can connect to the default.
        #[arg(long, default_value = "127.0.0.1")]
        host: IpAddr,
    },
    /// Create posts/YYYY-MM-DD-<slug>.md with its front matter filled in.
    New {
        /// The post's title.
        title: String,
        /// The site directory.
        #[arg(long, default_value = "www")]
        dir: PathBuf,
    },
}

pub fn main() -> ExitCode {
    let args = Args::parse();
    let result = match args.command {
        Command::Build { dir, drafts } => site::build_command(&dir, drafts),
        Command::Serve { dir, port, host } => serve::serve_command(dir, host, port),
        Command::New { title, dir } => new::new_command(&dir, &title),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}
