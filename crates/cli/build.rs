//! The `quire` binary embeds the reader and author runtime from `www/` (see
//! src/runtime.rs). Two parts of it are built, not committed: the wasm packages
//! (`make wasm`: the reader's www/pkg, the full www/pkg-full and the search
//! www/pkg-search) and the vendored libraries (`make vendor`). Without them the
//! binary would serve a blog that cannot start, so the build stops here.

use std::path::Path;

fn main() {
    let www = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../www");
    // Any change under www/ (a new file too) rebuilds the embedded runtime.
    println!("cargo:rerun-if-changed={}", www.display());
    for (built, by) in [
        ("pkg/quire_bg.wasm", "make wasm"),
        ("pkg/quire.js", "make wasm"),
        ("pkg-full/quire_bg.wasm", "make wasm"),
        ("pkg-full/quire.js", "make wasm"),
        ("pkg-search/quire_bg.wasm", "make wasm"),
        ("pkg-search/quire.js", "make wasm"),
        ("vendor/README.txt", "make vendor"),
    ] {
        if !www.join(built).is_file() {
            panic!(
                "www/{built} is missing: the quire binary embeds it. Run `{by}` first \
                 (or `make install`, which builds everything and installs quire)."
            );
        }
    }
}
