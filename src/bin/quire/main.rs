//! `quire`: the author's command line. It indexes, builds and serves a
//! Quire blog; every post is parsed by the same core the browser runs
//! (`quire::parse_post`), so the CLI has no parsing logic of its own.

#[cfg(not(target_arch = "wasm32"))]
mod cli;
#[cfg(not(target_arch = "wasm32"))]
mod config;
#[cfg(not(target_arch = "wasm32"))]
mod html;
#[cfg(not(target_arch = "wasm32"))]
mod new;
#[cfg(not(target_arch = "wasm32"))]
mod serve;
#[cfg(not(target_arch = "wasm32"))]
mod site;

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    cli::main()
}

/// The CLI is native only; the crate's wasm build is its library.
#[cfg(target_arch = "wasm32")]
fn main() {}
