//! The splitter must never panic, and its pieces must be slices of the input
//! in order: front matter (if any) before the body, nothing invented.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|source: &str| {
    let source = quire::normalize_source(source);
    let split = quire::front_matter::split(&source);
    assert!(source.ends_with(split.body), "the body is the end of the file");
    assert!(split.body_line >= 1 && split.raw_line >= 1);
    assert!(split.body_line <= source.matches('\n').count() + 1);
    if let Some(format) = split.format {
        assert!(source.contains(split.raw));
        // Parsing what was found must not panic either.
        let _ = quire::front_matter::parse(format, split.raw, split.raw_line);
    } else {
        assert_eq!(split.body.len(), source.len(), "without front matter, all is body");
    }
});
