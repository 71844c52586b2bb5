//! Structure-aware: a front matter block in one of the three syntaxes plus a
//! body, with random options. No panic; diagnostics point inside the file;
//! safe output has no script.
#![no_main]
use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
struct Input<'a> {
    delimiter: u8,
    front_matter: &'a str,
    body: &'a str,
    crlf: bool,
    bom: bool,
    separator: Option<&'a str>,
    path: Option<&'a str>,
}

fuzz_target!(|input: Input<'_>| {
    let mut source = match input.delimiter % 4 {
        0 => format!("---\n{}\n---\n{}", input.front_matter, input.body),
        1 => format!("+++\n{}\n+++\n{}", input.front_matter, input.body),
        2 => format!("{{{}}}\n{}", input.front_matter, input.body),
        _ => format!("{}{}", input.front_matter, input.body),
    };
    if input.crlf {
        source = source.replace('\n', "\r\n");
    }
    if input.bom {
        source.insert(0, '\u{feff}');
    }
    let mut options = quire::Options::default();
    options.excerpt_separator = input.separator.map(str::to_string);
    options.path = input.path.map(str::to_string);
    let post = quire::parse_post(&source, &options);
    let lines = quire::normalize_source(&source).matches('\n').count() + 1;
    for d in &post.meta.diagnostics {
        assert!(d.line >= 1 && d.line <= lines, "{d:?} outside {lines} lines");
        assert!(d.column >= 1);
    }
    assert!(post.meta.reading_minutes >= 1);
    for html in [&post.html, &post.excerpt_html] {
        let lower = html.to_ascii_lowercase();
        assert!(!lower.contains("<script"), "script in {html}");
    }
});
