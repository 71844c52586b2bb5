//! Arguments and the commands.

use crate::{import, init, new, publish, serve, site};
use clap::{Parser, Subcommand};
use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;

/// Quire: a Markdown blog rendered in the reader's browser.
///
/// A site is a directory of content only: `_config.yml`, `posts/*.md`,
/// `pages/*.md`, `images/` and any other static files, and optionally a
/// `theme/` folder laid over the runtime. The runtime (the shell, the
/// WebAssembly package, the editor) is inside this binary.
#[derive(Debug, Parser)]
#[command(name = "quire", version, about, long_about)]
struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Create a new site: _config.yml, a first post, an about page, images/.
    Init {
        /// Where to create it (created if missing).
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Create it even if the directory is not empty (existing files are
        /// never overwritten).
        #[arg(long)]
        force: bool,
    },
    /// Make a Quire site from a Jekyll, Hugo or Zola one, and report what
    /// will not render the same.
    ///
    /// SOURCE is only read. Jekyll: _posts/ (and CATEGORY/_posts/) go to
    /// posts/, _drafts/ to posts/ with `draft: true`, Markdown pages with
    /// front matter to pages/, _includes/ and _data/ stay, static files are
    /// copied, _config.yml is kept. Hugo and Zola: sections of posts from
    /// content/ go to posts/ (page bundles with their files), other pages to
    /// pages/, static/ to the site root, Hugo's data/ to _data/, shortcode
    /// templates to shortcodes/, the settings to _config.yml. Layouts,
    /// themes, Sass, plugins and build outputs are skipped, each named in
    /// the report.
    ///
    /// The report (printed, and saved as SITE/_import-report.md, which is
    /// never published) counts what was imported, then lists every finding
    /// grouped by kind, with `file:line`: what the posts use that Quire
    /// renders differently, settings Quire has no equivalent of, what was
    /// skipped. The import succeeds even with findings.
    Import {
        /// What SOURCE is built with.
        #[arg(value_enum)]
        kind: import::Kind,
        /// The folder of the site to import (never modified).
        source: PathBuf,
        /// Where to create the Quire site (created if missing; default:
        /// ./<SOURCE folder name>-quire).
        site: Option<PathBuf>,
        /// Import even if SITE is not empty (existing files are never
        /// overwritten: they are kept and reported).
        #[arg(long)]
        force: bool,
    },
    /// Create posts/YYYY-MM-DD-<slug>.md with its front matter filled in.
    New {
        /// The post's title.
        title: String,
        /// The site directory.
        #[arg(long, default_value = ".")]
        dir: PathBuf,
    },
    /// Serve the site with live reload: posts are re-indexed when they change
    /// and open pages re-render the changed post in place.
    ///
    /// Drafts are shown (with a badge); the editor is at /edit/. Nothing is
    /// written into DIR but what the editor saves: the index, feed and
    /// prerendered pages are served from memory.
    Serve {
        /// The site directory.
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Port to listen on (0 picks a free one).
        #[arg(long, short, default_value_t = 8080)]
        port: u16,
        /// Address to listen on. Only this machine can connect to the default.
        #[arg(long, default_value = "127.0.0.1")]
        host: IpAddr,
    },
    /// Write the site to upload into OUT: the runtime, the raw files of
    /// published posts and pages, static files, posts/index.json, feed.xml,
    /// sitemap.xml, 404.html and a prerendered page for every route.
    ///
    /// Drafts and posts dated in the future are left out. Broken posts are all
    /// reported as `path:line:column: message`; the build then exits with
    /// status 1 and writes nothing. OUT is replaced as a whole, so what no
    /// longer exists disappears from it; nothing is written into DIR itself.
    Build {
        /// The site directory.
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// The output folder (default: DIR/public).
        #[arg(long, short)]
        out: Option<PathBuf>,
        /// Include drafts (they are marked `"draft": true`).
        #[arg(long)]
        drafts: bool,
        /// Include posts dated in the future.
        #[arg(long)]
        future: bool,
    },
}

pub fn main() -> ExitCode {
    let args = Args::parse();
    let result = match args.command {
        Command::Init { dir, force } => init::init_command(&dir, force),
        Command::Import {
            kind,
            source,
            site,
            force,
        } => import::import_command(kind, &source, site.as_deref(), force),
        Command::New { title, dir } => new::new_command(&dir, &title),
        Command::Serve { dir, port, host } => serve::serve_command(dir, host, port),
        Command::Build {
            dir,
            out,
            drafts,
            future,
        } => {
            let out = out.unwrap_or_else(|| dir.join(site::DEFAULT_OUT));
            publish::build_command(&dir, &out, site::Mode::build(drafts, future))
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}
