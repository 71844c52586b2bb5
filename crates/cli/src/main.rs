//! `quire`: the author's command line. It creates, serves and builds a
//! Quire blog; every post is parsed by the same core the browser runs
//! (`quire::parse_post`), so the CLI has no parsing logic of its own, and
//! the browser runtime is embedded in the binary (`runtime.rs`).

mod cli;
mod config;
mod context;
mod entry;
mod feed;
mod html;
mod import;
mod index;
mod init;
mod new;
mod pages;
mod parallel;
mod publish;
mod runtime;
mod search;
mod serve;
mod site;
mod sitemap;
mod walk;

fn main() -> std::process::ExitCode {
    cli::main()
}
