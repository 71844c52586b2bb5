//! The one tokenizer of search: the index is written with it and queries are read with it,
//! so the two can never disagree.
//!
//! - A word is a run of letters and digits (Unicode), lowercased, with accents folded
//!   (`Été` → `ete`, `Straße` → `strasse`); combining marks inside a word are dropped.
//! - Chinese, Japanese and Korean text has no spaces: a run of such characters gives its
//!   overlapping pairs (`東京都` → `東京`, `京都`), a lone character itself. No dictionary.
//! - Everything else separates words, so `parse_post` gives `parse` and `post`.

use std::ops::Range;

/// Longest term kept, in bytes; a longer word is cut (its start still matches as a prefix).
pub const MAX_TERM_BYTES: usize = 48;

/// Calls `f(term, range)` for each term of `text`, `range` being its bytes in `text`.
pub fn for_each_token(text: &str, mut f: impl FnMut(&str, Range<usize>)) {
    let mut word = String::new();
    let mut word_start = 0;
    let mut word_end = 0;
    // The previous character of a CJK run, where it starts, and whether a pair was given.
    let mut cjk: Option<(char, usize)> = None;
    let mut paired = false;
    let mut pair = String::new();

    let flush_word =
        |word: &mut String, start: usize, end: usize, f: &mut dyn FnMut(&str, Range<usize>)| {
            if !word.is_empty() {
                let mut cut = word.len().min(MAX_TERM_BYTES);
                while !word.is_char_boundary(cut) {
                    cut -= 1;
                }
                f(&word[..cut], start..end);
                word.clear();
            }
        };
    let flush_cjk = |cjk: &mut Option<(char, usize)>,
                     paired: &mut bool,
                     f: &mut dyn FnMut(&str, Range<usize>)| {
        if let Some((c, at)) = cjk.take()
            && !*paired
        {
            let mut one = [0; 4];
            f(c.encode_utf8(&mut one), at..at + c.len_utf8());
        }
        *paired = false;
    };

    for (at, c) in text.char_indices() {
        if is_cjk(c) {
            flush_word(&mut word, word_start, word_end, &mut f);
            if let Some((prev, prev_at)) = cjk {
                pair.clear();
                pair.push(prev);
                pair.push(c);
                f(&pair, prev_at..at + c.len_utf8());
                paired = true;
            }
            cjk = Some((c, at));
        } else if c.is_alphanumeric() {
            flush_cjk(&mut cjk, &mut paired, &mut f);
            if word.is_empty() {
                word_start = at;
            }
            fold_into(c, &mut word);
            word_end = at + c.len_utf8();
        } else if is_combining_mark(c) && !word.is_empty() {
            word_end = at + c.len_utf8(); // é written as e + U+0301: still one word, folded to e
        } else {
            flush_word(&mut word, word_start, word_end, &mut f);
            flush_cjk(&mut cjk, &mut paired, &mut f);
        }
    }
    flush_word(&mut word, word_start, word_end, &mut f);
    flush_cjk(&mut cjk, &mut paired, &mut f);
}

/// The terms of `text`, in order (repeats kept).
pub fn terms(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for_each_token(text, |term, _| out.push(term.to_string()));
    out
}

/// Han, kana and Hangul: scripts written without spaces between words.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x11FF      // Hangul Jamo
        | 0x2E80..=0x2FDF    // CJK radicals
        | 0x3040..=0x30FF    // Hiragana, Katakana
        | 0x3130..=0x318F    // Hangul compatibility Jamo
        | 0x31F0..=0x31FF    // Katakana extensions
        | 0x3400..=0x4DBF    // CJK extension A
        | 0x4E00..=0x9FFF    // CJK unified ideographs
        | 0xAC00..=0xD7AF    // Hangul syllables
        | 0xF900..=0xFAFF    // CJK compatibility ideographs
        | 0xFF66..=0xFF9F    // half-width Katakana
        | 0x20000..=0x3134F) // CJK extensions B–G
}

fn is_combining_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF)
}

/// Latin Extended-A (U+0100–U+017F), lowercase or not, to its base letter; `#` marks the two
/// ligatures, which fold to two letters.
const LATIN_EXTENDED_A: &[u8; 128] = b"aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiii##jjkkkllllllllllnnnnnnnnnoooooo##rrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";

/// Appends `c` lowercased and without its accent.
fn fold_into(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    for c in c.to_lowercase() {
        let folded: &str = match c {
            'à'..='å' => "a",
            'æ' => "ae",
            'ç' => "c",
            'è'..='ë' => "e",
            'ì'..='ï' => "i",
            'ð' => "d",
            'ñ' => "n",
            'ò'..='ö' | 'ø' => "o",
            'ù'..='ü' => "u",
            'ý' | 'ÿ' => "y",
            'þ' => "th",
            'ß' => "ss",
            '\u{0132}' | '\u{0133}' => "ij",
            '\u{0152}' | '\u{0153}' => "oe",
            '\u{0100}'..='\u{017F}' => {
                let b = LATIN_EXTENDED_A[c as usize - 0x100];
                out.push(b as char);
                continue;
            }
            'ș' => "s",
            'ț' => "t",
            'ά' => "α",
            'έ' => "ε",
            'ή' => "η",
            'ί' | 'ϊ' | 'ΐ' => "ι",
            'ό' => "ο",
            'ύ' | 'ϋ' | 'ΰ' => "υ",
            'ώ' => "ω",
            'ς' => "σ",
            'ё' => "е",
            '\u{0300}'..='\u{036F}' => continue, // `İ` lowercases to i + a combining dot
            c => {
                out.push(c);
                continue;
            }
        };
        out.push_str(folded);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_lowercased_and_split_on_anything_but_letters_and_digits() {
        assert_eq!(
            terms("Hello, World! parse_post v2"),
            ["hello", "world", "parse", "post", "v2"]
        );
    }

    #[test]
    fn accents_fold_to_their_base_letters_composed_or_not() {
        assert_eq!(
            terms("Été Straße Łódź naïve Crème"),
            ["ete", "strasse", "lodz", "naive", "creme"]
        );
        assert_eq!(terms("e\u{301}te\u{301}"), ["ete"]);
        assert_eq!(terms("Ελληνικά"), ["ελληνικα"]);
    }

    #[test]
    fn cjk_runs_give_overlapping_pairs_and_a_lone_character_itself() {
        assert_eq!(
            terms("東京都に行く"),
            ["東京", "京都", "都に", "に行", "行く"]
        );
        assert_eq!(terms("Rust 和 Go"), ["rust", "和", "go"]);
        assert_eq!(terms("한국어"), ["한국", "국어"]);
    }

    #[test]
    fn ranges_point_at_the_source_text() {
        let text = "Déjà vu, 東京都";
        let mut seen = Vec::new();
        for_each_token(text, |t, r| seen.push((t.to_string(), &text[r])));
        assert_eq!(
            seen,
            [
                ("deja".into(), "Déjà"),
                ("vu".into(), "vu"),
                ("東京".into(), "東京"),
                ("京都".into(), "京都")
            ]
        );
    }

    #[test]
    fn a_very_long_word_is_cut_on_a_character_boundary() {
        let long = "é".repeat(100);
        let t = terms(&long);
        assert_eq!(t.len(), 1);
        assert!(t[0].len() <= MAX_TERM_BYTES);
    }
}
