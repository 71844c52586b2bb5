//! Safe HTML for raw HTML inside Markdown.
//!
//! pulldown-cmark writes well-formed markup for Markdown itself; only the
//! raw HTML a post contains (and the URLs of links and images) can carry
//! script. This module re-serializes raw HTML through an allowlist:
//!
//! * every tag that survives is rebuilt from its parsed name and allowed
//!   attributes, with values double-quoted and escaped, so what the browser
//!   parses is exactly what was checked;
//! * all text has `<` and `>` escaped, so text can never become markup;
//! * comments, doctypes and processing instructions are dropped;
//! * elements whose content the browser would not parse as ordinary HTML
//!   (`script`, `style`, `textarea`, `svg`, `math`, `template`, ...) are
//!   dropped with their content;
//! * URL attributes keep only `http`, `https`, `mailto`, `tel` and relative
//!   URLs (and `data:image/*` for images), after decoding character
//!   references the way a browser does.
//!
//! Why not ammonia: it pulls in html5ever and its tables, which add
//! about 300 KB gzip to the module; this
//! allowlist does the same job for the fragments Markdown can contain, in a
//! few KB. It is safe by construction rather than by matching the browser's
//! parser: output contains only tags rebuilt here and escaped text.

/// Tags kept (their allowed attributes below). Anything else is dropped but
/// its text content kept, except for [`DROP_CONTENT`].
const ALLOWED_TAGS: &[&str] = &[
    "a",
    "abbr",
    "acronym",
    "address",
    "article",
    "aside",
    "audio",
    "b",
    "bdi",
    "bdo",
    "big",
    "blockquote",
    "br",
    "caption",
    "center",
    "cite",
    "code",
    "col",
    "colgroup",
    "data",
    "dd",
    "del",
    "details",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "i",
    "iframe",
    "img",
    "ins",
    "kbd",
    "li",
    "mark",
    "nav",
    "ol",
    "p",
    "picture",
    "pre",
    "q",
    "rp",
    "rt",
    "rtc",
    "ruby",
    "s",
    "samp",
    "section",
    "small",
    "source",
    "span",
    "strike",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "time",
    "tr",
    "tt",
    "u",
    "ul",
    "var",
    "video",
    "wbr",
];

/// Elements dropped together with everything inside them: their content is
/// script, style, or is parsed by browsers in a way other than ordinary HTML.
const DROP_CONTENT: &[&str] = &[
    "script", "style", "template", "textarea", "title", "xmp", "noembed", "noframes", "noscript",
    "svg", "math", "object", "embed", "applet", "select", "frameset",
];

/// Elements without an end tag.
const VOID: &[&str] = &[
    "area", "br", "col", "embed", "hr", "img", "source", "track", "wbr",
];

/// Attributes allowed on every kept tag.
const GLOBAL_ATTRIBUTES: &[&str] = &["class", "dir", "id", "lang", "title", "translate"];

/// Attributes allowed on particular tags.
fn tag_attributes(tag: &str) -> &'static [&'static str] {
    match tag {
        "a" => &["href", "hreflang", "rel"],
        "img" => &["src", "alt", "width", "height", "loading", "decoding"],
        "audio" => &["src", "controls", "loop", "muted", "preload"],
        "video" => &[
            "src",
            "controls",
            "loop",
            "muted",
            "preload",
            "poster",
            "width",
            "height",
            "playsinline",
        ],
        "source" => &["src", "type", "media"],
        "iframe" => &[
            "src",
            "width",
            "height",
            "allow",
            "allowfullscreen",
            "loading",
            "frameborder",
        ],
        "td" | "th" => &["colspan", "rowspan", "align", "scope"],
        "col" | "colgroup" => &["span"],
        "ol" => &["start", "reversed", "type"],
        "li" => &["value"],
        "details" => &["open"],
        "time" | "del" | "ins" => &["datetime", "cite"],
        "blockquote" | "q" => &["cite"],
        "data" => &["value"],
        "abbr" | "dfn" => &["title"],
        "table" | "tr" | "tbody" | "thead" | "tfoot" | "div" | "p" | "h1" | "h2" | "h3" | "h4"
        | "h5" | "h6" => &["align"],
        _ => &[],
    }
}

fn is_url_attribute(name: &str) -> bool {
    matches!(name, "href" | "src" | "cite" | "poster")
}

/// Whether a link (`image == false`) or image URL may be kept: relative, or
/// `http`, `https`, `mailto`, `tel`; images also `data:image/*`.
pub fn is_safe_url(url: &str, image: bool) -> bool {
    // Browsers ignore leading/trailing C0 controls and spaces, and tabs and
    // newlines anywhere. One pass over the scheme, no allocation: this runs
    // for every link and image.
    let url = url.trim_matches(|c: char| c <= ' ');
    let mut scheme = [0u8; 6]; // the longest allowed scheme is "mailto"
    let mut len = 0;
    let mut too_long = false;
    let mut colon = None;
    for (i, b) in url.bytes().enumerate() {
        match b {
            b'\t' | b'\n' | b'\r' => {}
            b':' => {
                colon = Some(i);
                break;
            }
            // A ':' after '/', '?' or '#' is part of a relative URL.
            b'/' | b'?' | b'#' => return true,
            _ if len < scheme.len() => {
                scheme[len] = b.to_ascii_lowercase();
                len += 1;
            }
            _ => too_long = true,
        }
    }
    let Some(colon) = colon else {
        return true;
    };
    if too_long {
        return false; // a scheme, and not one of the allowed ones
    }
    match &scheme[..len] {
        b"http" | b"https" | b"mailto" | b"tel" => true,
        b"data" if image => {
            let rest: String = url[colon + 1..]
                .chars()
                .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
                .collect();
            let rest = rest.trim_start().to_ascii_lowercase();
            rest.starts_with("image/") && !rest.starts_with("image/svg")
        }
        _ => false,
    }
}

/// Cleans one raw HTML fragment (an HTML block or one inline tag).
pub fn clean_html(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    let mut rest = input;
    // Name of an element being dropped with its content, and its nesting.
    let mut dropping: Option<(String, usize)> = None;
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            if dropping.is_none() {
                push_text(&mut out, rest);
            }
            break;
        };
        if dropping.is_none() {
            push_text(&mut out, &rest[..lt]);
        }
        rest = &rest[lt..];
        let token = next_token(rest);
        let consumed = token.len().clamp(1, rest.len());
        match token {
            Token::Text(text) => {
                if dropping.is_none() {
                    push_text(&mut out, text);
                }
            }
            Token::Ignored(_) => {}
            Token::Start {
                name, attributes, ..
            } => {
                if let Some((dropped, depth)) = &mut dropping {
                    if *dropped == name {
                        *depth += 1;
                    }
                } else if DROP_CONTENT.contains(&name.as_str()) {
                    if !VOID.contains(&name.as_str()) {
                        dropping = Some((name, 1));
                    }
                } else if ALLOWED_TAGS.contains(&name.as_str()) {
                    write_start_tag(&mut out, &name, &attributes);
                }
            }
            Token::End { name, .. } => match &mut dropping {
                Some((dropped, depth)) => {
                    if *dropped == name {
                        *depth -= 1;
                        if *depth == 0 {
                            dropping = None;
                        }
                    }
                }
                None => {
                    if ALLOWED_TAGS.contains(&name.as_str()) && !VOID.contains(&name.as_str()) {
                        out.push_str("</");
                        out.push_str(&name);
                        out.push('>');
                    }
                }
            },
        }
        rest = &rest[consumed..];
    }
    out
}

/// Text between tags, with `<` and `>` escaped. `&` is kept (here and in
/// attribute values): the input is HTML, so a character reference the author
/// wrote stays one. That is why this is not `crate::escape`.
fn push_text(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            _ => out.push(c),
        }
    }
}

fn write_start_tag(out: &mut String, name: &str, attributes: &[(String, Option<String>)]) {
    out.push('<');
    out.push_str(name);
    let specific = tag_attributes(name);
    let mut seen: Vec<&str> = Vec::new();
    for (attr, value) in attributes {
        let attr = attr.as_str();
        if seen.contains(&attr) || !(GLOBAL_ATTRIBUTES.contains(&attr) || specific.contains(&attr))
        {
            continue;
        }
        if is_url_attribute(attr) {
            let Some(value) = value else { continue };
            let Some(decoded) = decode_for_check(value) else {
                continue;
            };
            if !is_safe_url(
                &decoded,
                name == "img" || name == "source" || attr == "poster",
            ) {
                continue;
            }
            if name == "iframe" && !decoded.trim().to_ascii_lowercase().starts_with("https://") {
                continue;
            }
        }
        seen.push(attr);
        out.push(' ');
        out.push_str(attr);
        if let Some(value) = value {
            out.push_str("=\"");
            for c in value.chars() {
                match c {
                    '"' => out.push_str("&quot;"),
                    '<' => out.push_str("&lt;"),
                    '>' => out.push_str("&gt;"),
                    _ => out.push(c),
                }
            }
            out.push('"');
        }
    }
    if name == "iframe" {
        // A sandboxed frame cannot navigate the reader's page.
        out.push_str(
            " sandbox=\"allow-scripts allow-same-origin allow-popups allow-presentation\"",
        );
    }
    out.push('>');
}

/// Decodes character references in an attribute value the way a browser
/// would, for checking a URL. `None` when the value holds a named reference
/// this function does not know (such as `&colon;`): the attribute is then
/// dropped rather than guessed at.
fn decode_for_check(value: &str) -> Option<String> {
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp + 1..];
        if let Some(numeric) = rest.strip_prefix('#') {
            let (hex, digits) = match numeric.strip_prefix(['x', 'X']) {
                Some(h) => (true, h),
                None => (false, numeric),
            };
            let len = digits
                .find(|c: char| {
                    !(if hex {
                        c.is_ascii_hexdigit()
                    } else {
                        c.is_ascii_digit()
                    })
                })
                .unwrap_or(digits.len());
            if len == 0 {
                out.push('&');
                continue;
            }
            let code = u32::from_str_radix(&digits[..len.min(8)], if hex { 16 } else { 10 }).ok();
            out.push(code.and_then(char::from_u32).unwrap_or('\u{fffd}'));
            rest = &digits[len..];
            rest = rest.strip_prefix(';').unwrap_or(rest);
        } else {
            let len = rest
                .find(|c: char| !c.is_ascii_alphanumeric())
                .unwrap_or(rest.len());
            let name = &rest[..len];
            let terminated = rest[len..].starts_with(';');
            let known = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" if terminated => Some('\''),
                _ => None,
            };
            match known {
                Some(c) => {
                    out.push(c);
                    rest = &rest[len..];
                    rest = rest.strip_prefix(';').unwrap_or(rest);
                }
                None if terminated && !name.is_empty() => return None,
                None => out.push('&'),
            }
        }
    }
    out.push_str(rest);
    Some(out)
}

#[derive(Debug, PartialEq)]
enum Token<'a> {
    /// A `<` that does not start markup.
    Text(&'a str),
    /// A comment, doctype or processing instruction, dropped.
    Ignored(&'a str),
    Start {
        name: String,
        attributes: Vec<(String, Option<String>)>,
        raw: &'a str,
    },
    End {
        name: String,
        raw: &'a str,
    },
}

impl Token<'_> {
    fn len(&self) -> usize {
        match self {
            Token::Text(s) | Token::Ignored(s) => s.len(),
            Token::Start { raw, .. } | Token::End { raw, .. } => raw.len(),
        }
    }
}

/// Reads one token at a `<`, following the HTML tokenizer's rules for tag
/// names, attributes and comments closely enough for an allowlist.
fn next_token(input: &str) -> Token<'_> {
    debug_assert!(input.starts_with('<'));
    let bytes = input.as_bytes();
    if let Some(comment) = input.strip_prefix("<!--") {
        // `<!-->` and `<!--->` are complete (empty) comments too.
        let end = if comment.starts_with('>') {
            5
        } else if comment.starts_with("->") {
            6
        } else {
            comment.find("-->").map_or(input.len(), |i| 4 + i + 3)
        };
        return Token::Ignored(&input[..end]);
    }
    if input.starts_with("<!") || input.starts_with("<?") {
        let end = input.find('>').map_or(input.len(), |i| i + 1);
        return Token::Ignored(&input[..end]);
    }
    let (closing, name_start) = if input.starts_with("</") {
        (true, 2)
    } else {
        (false, 1)
    };
    if !bytes.get(name_start).is_some_and(u8::is_ascii_alphabetic) {
        if closing && bytes.get(2) == Some(&b'>') {
            return Token::Ignored(&input[..3]);
        }
        return Token::Text(&input[..1]);
    }
    let name_end = input[name_start..]
        .find(|c: char| c.is_ascii_whitespace() || c == '/' || c == '>')
        .map_or(input.len(), |i| name_start + i);
    let name = input[name_start..name_end].to_ascii_lowercase();
    let mut attributes = Vec::new();
    let mut i = name_end;
    loop {
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
            i += 1;
        }
        if i >= bytes.len() {
            break;
        }
        if bytes[i] == b'>' {
            i += 1;
            break;
        }
        let attr_start = i;
        i += 1; // an attribute name may start with '=' per the tokenizer
        while i < bytes.len()
            && !(bytes[i].is_ascii_whitespace() || matches!(bytes[i], b'/' | b'>' | b'='))
        {
            i += 1;
        }
        let attr = input[attr_start..i].to_ascii_lowercase();
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = None;
        if i < bytes.len() && bytes[i] == b'=' {
            i += 1;
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            if i < bytes.len() && (bytes[i] == b'"' || bytes[i] == b'\'') {
                let quote = bytes[i] as char;
                let start = i + 1;
                let end = input[start..]
                    .find(quote)
                    .map_or(input.len(), |e| start + e);
                value = Some(input[start..end].to_string());
                i = (end + 1).min(input.len());
            } else {
                let start = i;
                while i < bytes.len() && !(bytes[i].is_ascii_whitespace() || bytes[i] == b'>') {
                    i += 1;
                }
                value = Some(input[start..i].to_string());
            }
        }
        attributes.push((attr, value));
    }
    let raw = &input[..i];
    if closing {
        Token::End { name, raw }
    } else {
        Token::Start {
            name,
            attributes,
            raw,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_markup_is_kept() {
        let html = "<details open><summary>More</summary><kbd>Ctrl</kbd>+<sup>2</sup></details>";
        assert_eq!(clean_html(html), html);
        assert_eq!(
            clean_html("<img src=\"a.png\" alt=\"A\">"),
            "<img src=\"a.png\" alt=\"A\">"
        );
    }

    #[test]
    fn scripts_are_dropped_with_their_content() {
        assert_eq!(clean_html("a<script>alert(1)</script>b"), "ab");
        assert_eq!(clean_html("<SCRIPT SRC=//x.js></SCRIPT>"), "");
        assert_eq!(
            clean_html("<svg onload=alert(1)><script>x</script></svg>ok"),
            "ok"
        );
    }

    #[test]
    fn event_handlers_and_styles_are_dropped() {
        assert_eq!(
            clean_html("<img src=x onerror=alert(1)>"),
            "<img src=\"x\">"
        );
        assert_eq!(
            clean_html("<div style=\"x\" onclick='y'>t</div>"),
            "<div>t</div>"
        );
        assert_eq!(
            clean_html("<details open ontoggle=alert(1)>x</details>"),
            "<details open>x</details>"
        );
    }

    #[test]
    fn script_urls_are_dropped_even_when_encoded() {
        for html in [
            "<a href=\"javascript:alert(1)\">x</a>",
            "<a href=\" JaVaScRiPt:alert(1)\">x</a>",
            "<a href=\"java\tscript:alert(1)\">x</a>",
            "<a href=\"&#106;avascript:alert(1)\">x</a>",
            "<a href=\"&#x6A;avascript&#58;alert(1)\">x</a>",
            "<a href=\"javascript&colon;alert(1)\">x</a>",
            "<a href=\"vbscript:msgbox(1)\">x</a>",
            "<a href=\"data:text/html,<script>alert(1)</script>\">x</a>",
        ] {
            assert_eq!(clean_html(html), "<a>x</a>", "{html}");
        }
        assert_eq!(
            clean_html("<img src=\"data:image/png;base64,AAAA\">"),
            "<img src=\"data:image/png;base64,AAAA\">"
        );
    }

    #[test]
    fn text_can_never_become_markup() {
        assert_eq!(clean_html("1 < 2 > 0"), "1 &lt; 2 &gt; 0");
        assert_eq!(clean_html("<!-- <script>alert(1)</script> -->x"), "x");
        // As in a browser, an unclosed <script> swallows the rest of the fragment.
        assert_eq!(
            clean_html("<a title=\"\"><script>\">y</a>"),
            "<a title=\"\">"
        );
    }

    #[test]
    fn iframes_need_https_and_are_sandboxed() {
        assert_eq!(
            clean_html("<iframe src=\"https://www.youtube.com/embed/x\"></iframe>"),
            "<iframe src=\"https://www.youtube.com/embed/x\" sandbox=\"allow-scripts allow-same-origin allow-popups allow-presentation\"></iframe>"
        );
        assert!(
            !clean_html("<iframe srcdoc=\"<script>parent.alert(1)</script>\"></iframe>")
                .contains("srcdoc")
        );
        assert!(!clean_html("<iframe src=\"javascript:alert(1)\"></iframe>").contains("src="));
    }

    #[test]
    fn unsafe_urls_are_recognized() {
        assert!(is_safe_url("https://example.com/a:b", false));
        assert!(is_safe_url("/path/to:thing", false));
        assert!(is_safe_url("#section", false));
        assert!(is_safe_url("mailto:me@example.com", false));
        assert!(!is_safe_url("javascript:alert(1)", false));
        assert!(!is_safe_url("\u{1}javascript:alert(1)", false));
        assert!(!is_safe_url("data:image/png;base64,xx", false));
        assert!(is_safe_url("data:image/png;base64,xx", true));
        assert!(!is_safe_url(
            "data:image/svg+xml,<svg onload=alert(1)>",
            true
        ));
        assert!(!is_safe_url("java\tscript:alert(1)", false));
        assert!(!is_safe_url(" JaVaScRiPt:alert(1)", false));
        assert!(!is_safe_url("vbscript:msgbox(1)", false));
        assert!(!is_safe_url("verylongscheme:x", false));
        assert!(is_safe_url("a-very-long-relative-page.html", false));
        assert!(is_safe_url("a-very-long-relative/path:with-colon", false));
        assert!(is_safe_url("HTTPS://example.com", false));
        assert!(is_safe_url("tel:+331234", false));
        assert!(!is_safe_url("https\u{e9}:x", false));
        assert!(is_safe_url("data:\n image/PNG;base64,xx", true));
    }
}
