//! Both presets, safe and raw: no panic; with the default options the
//! output never contains a script element or a script URL attribute.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: (u8, &str)| {
    let (flags, markdown) = data;
    let mut options = quire::Options::default();
    if flags & 1 == 1 {
        options.preset = quire::Preset::CommonMark;
    }
    options.unsafe_html = flags & 2 == 2;
    let html = quire::render_markdown(markdown, &options);
    if options.preset == quire::Preset::Blog && !options.unsafe_html {
        let lower = html.to_ascii_lowercase();
        assert!(!lower.contains("<script"), "script in {html}");
        // Text never holds a raw `<`, so every `<` starts a tag: look inside
        // tags only (text may well say href="javascript:...").
        for tag in lower.split('<').skip(1) {
            let tag = tag.split('>').next().unwrap_or("");
            for attribute in [" href=\"javascript:", " src=\"javascript:", " href=\"vbscript:"] {
                assert!(!tag.contains(attribute), "{attribute} in <{tag}> of {html}");
            }
        }
    }
});
