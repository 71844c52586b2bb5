//! Bare pulldown-cmark, the baseline the benches set Quire beside: the blog preset's
//! extensions and pulldown-cmark's own HTML writer (crates/wasm/src/floor.rs is the same in the
//! browser). Shared by benches/pipeline.rs and benches/native.rs.

/// `body` rendered by bare pulldown-cmark.
pub fn render(body: &str) -> String {
    let parser = pulldown_cmark::Parser::new_ext(body, quire::Preset::Blog.pulldown_options());
    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, parser);
    html
}
