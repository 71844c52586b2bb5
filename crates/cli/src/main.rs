//! `quire`: the author's command line. It indexes, builds and serves a
//! Quire blog; every post is parsed by the same core the browser runs
//! (`quire::parse_post`), so the CLI has no parsing logic of its own.

mod cli;
mod config;
mod html;
mod new;
mod serve;
mod site;

fn main() -> std::process::ExitCode {
    cli::main()
}
