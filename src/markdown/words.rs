//! The word count: Unicode words, counted in one pass over the text events.

/// Counts the words of a text as `Post::word_count` does (see
/// `WordCounter`): Unicode letters and digits, `can't` and `3.14` as one
/// word, each Han ideograph as one.
pub fn count_words(text: &str) -> usize {
    WordCounter::default().count(text)
}

/// Counts words the way Unicode's word boundaries (UAX #29) do for prose,
/// in one pass over the characters: a word is a run of letters, digits and
/// `_`; `.`, `'` and `’` join two letters or two digits, `:` two letters,
/// `,` and `;` two digits (`can't`, `e.g`, `3.14`, `1,000`, but `20:14` is
/// two words); every Han ideograph and Hiragana character is a word of its
/// own. It carries over from one text event to the next (smart quotes split
/// text), and a test checks it against the `unicode-segmentation` crate on
/// every real post. Written here rather than taken from that crate: about 4x
/// faster, and smaller in the wasm.
///
/// The rule is [`step`], one character class at a time. Non-ASCII
/// characters are classed one by one and go through `step` itself, `_`
/// through a table of it built at compile time ([`STEPS`]). Most of a post
/// is ASCII without `_`, where whether a character starts a word follows
/// from it and the two before it alone ([`STARTS`]): those runs are counted
/// by [`count_windowed`], eight bytes at a time with plain integer
/// operations (a word starts at a letter or digit after neither), carrying
/// no state but the last two classes and taking no branch per word, which
/// keeps the processor's branch predictor out of the count. Only a letter
/// or digit right after a symbol right after one (`can't`, `3.14`,
/// `well-known`) is looked at byte by byte.
#[derive(Default)]
pub(super) struct WordCounter {
    /// The [`State`], packed (see [`State::pack`]).
    state: u8,
}

/// What a character is to the word rule.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Letter,
    Digit,
    Underscore,
    /// `:` `·` (MidLetter).
    JoinsLetters,
    /// `,` `;` (MidNum).
    JoinsDigits,
    /// `.` `'` `’` (MidNumLet).
    JoinsBoth,
    /// A Han ideograph or Hiragana: a word of its own.
    Ideograph,
    /// Anything else: ends a word.
    Separator,
}

/// The classes in table order (ASCII has all but `Ideograph`). The first
/// [`WINDOWED`] are the ones [`STARTS`] covers.
const CLASSES: [Class; 8] = [
    Class::Letter,
    Class::Digit,
    Class::JoinsLetters,
    Class::JoinsDigits,
    Class::JoinsBoth,
    Class::Separator,
    Class::Underscore,
    Class::Ideograph,
];

/// Classes below this index: the word rule decides from three of them in a
/// row. `_` is left out: whether a letter after `a_` or `__` starts a word
/// depends on the whole run before it (a run of only `_` is not a word).
const WINDOWED: u8 = 6;

/// Where the counter is between two characters.
#[derive(Clone, Copy)]
struct State {
    /// Class of the previous character if it was part of a word (0: none,
    /// 1: a letter, 2: a digit, 3: `_`).
    last: u8,
    /// A joiner right after a word (0: none, else 1 + joiner * 3 + (last - 1)
    /// with joiner 0 letters, 1 digits, 2 both).
    joiner: u8,
    /// The current run has been counted.
    counted: bool,
}

impl State {
    const fn pack(self) -> u8 {
        (self.last * 10 + self.joiner) * 2 + self.counted as u8
    }

    const fn unpack(packed: u8) -> State {
        State {
            last: packed / 20,
            joiner: (packed / 2) % 10,
            counted: packed % 2 == 1,
        }
    }
}

/// The word rule: the state after a character of `class`, and whether it
/// starts a word.
const fn step(state: State, class: Class) -> (State, bool) {
    let word_class = match class {
        Class::Letter => 1,
        Class::Digit => 2,
        Class::Underscore => 3,
        _ => 0,
    };
    if word_class != 0 {
        let continues = if state.last != 0 {
            true
        } else if state.joiner != 0 {
            let joiner = (state.joiner - 1) / 3;
            let before = (state.joiner - 1) % 3 + 1;
            before == word_class
                && match joiner {
                    0 => word_class == 1,
                    1 => word_class == 2,
                    _ => word_class != 3,
                }
        } else {
            false
        };
        // A run of only `_` is not a word; it counts once it holds a
        // letter or digit.
        let mut counted = continues && state.counted;
        let mut starts = false;
        if !counted && word_class != 3 {
            starts = true;
            counted = true;
        }
        let next = State {
            last: word_class,
            joiner: 0,
            counted,
        };
        return (next, starts);
    }
    if let Class::Ideograph = class {
        let next = State {
            last: 0,
            joiner: 0,
            counted: state.counted,
        };
        return (next, true);
    }
    let joiner = match class {
        Class::JoinsLetters => 1,
        Class::JoinsDigits => 2,
        Class::JoinsBoth => 3,
        _ => 0,
    };
    let joiner = if state.last != 0 && joiner != 0 {
        1 + (joiner - 1) * 3 + (state.last - 1)
    } else {
        0
    };
    let next = State {
        last: 0,
        joiner,
        counted: state.counted,
    };
    (next, false)
}

/// The number of packed states.
const STATES: usize = 80;

/// `step` for every packed state and class: `next << 1 | starts`, at
/// `state * 8 + class index`.
static STEPS: [u8; STATES * 8] = {
    let mut table = [0; STATES * 8];
    let mut state = 0;
    while state < STATES {
        let mut class = 0;
        while class < 8 {
            let (next, starts) = step(State::unpack(state as u8), CLASSES[class]);
            table[state * 8 + class] = next.pack() << 1 | starts as u8;
            class += 1;
        }
        state += 1;
    }
    table
};

/// Three classes below [`WINDOWED`] in a row, `first * 64 + second * 8 +
/// third`: 1 if the third starts a word, whatever came before the first.
/// (After a letter or digit the rule looks back no further than the
/// character before, after a joiner two characters back; and a run with
/// no `_` in it is counted from its first character.)
static STARTS: [u8; 512] = {
    let mut table = [0; 512];
    let mut window = 0;
    while window < 512 {
        let (first, second, third) = (window / 64, window / 8 % 8, window % 8);
        if first < WINDOWED as usize && second < WINDOWED as usize && third < WINDOWED as usize {
            let state = after_two(first, second);
            table[window] = step(state, CLASSES[third]).1 as u8;
        }
        window += 1;
    }
    table
};

/// The state after two characters of the classes at `first` and `second`
/// (indices in `CLASSES`), from the start: for two below [`WINDOWED`], it
/// acts as the state after them does, whatever came before.
const fn after_two(first: usize, second: usize) -> State {
    let start = State {
        last: 0,
        joiner: 0,
        counted: false,
    };
    step(step(start, CLASSES[first]).0, CLASSES[second]).0
}

/// [`after_two`] packed, at `first * 8 + second`: the state a windowed
/// run leaves, looked up rather than computed once per text event.
static AFTER_TWO: [u8; 64] = {
    let mut table = [0; 64];
    let mut window = 0;
    while window < 64 {
        if window / 8 < WINDOWED as usize && window % 8 < WINDOWED as usize {
            table[window] = after_two(window / 8, window % 8).pack();
        }
        window += 1;
    }
    table
};

/// For each packed state, two windowed classes (`first * 8 + second`)
/// whose [`after_two`] is that very state, or `NO_WINDOW` (a state after
/// `_`): a text event starts its windowed run straight from the state the
/// last one left, without stepping two characters first.
const NO_WINDOW: u8 = 0xFF;
static WINDOW_OF: [u8; STATES] = {
    let mut table = [NO_WINDOW; STATES];
    let mut window = 0;
    while window < 64 {
        if window / 8 < WINDOWED as usize && window % 8 < WINDOWED as usize {
            let state = after_two(window / 8, window % 8).pack() as usize;
            if table[state] == NO_WINDOW {
                table[state] = window as u8;
            }
        }
        window += 1;
    }
    table
};

/// The class index (in `CLASSES`) of each ASCII byte; `NOT_ASCII` for the
/// others.
const NOT_ASCII: u8 = 8;
static ASCII_CLASSES: [u8; 256] = {
    let mut classes = [NOT_ASCII; 256];
    let mut b = 0;
    while b < 128 {
        let byte = b as u8;
        classes[b] = if byte.is_ascii_alphabetic() {
            0
        } else if byte.is_ascii_digit() {
            1
        } else {
            match byte {
                b':' => 2,
                b',' | b';' => 3,
                b'.' | b'\'' => 4,
                b'_' => 6,
                _ => 5,
            }
        };
        b += 1;
    }
    classes
};

/// The class of a character outside ASCII.
fn class_of(c: char) -> Class {
    match c {
        // Common punctuation first: none is a letter, digit or ideograph.
        '’' => Class::JoinsBoth,
        '‘' | '“' | '”' | '—' | '–' | '…' | '\u{a0}' => Class::Separator,
        _ if is_ideographic(c) => Class::Ideograph,
        _ if c.is_alphabetic() => Class::Letter,
        _ if c.is_numeric() => Class::Digit,
        '·' => Class::JoinsLetters,
        _ => Class::Separator,
    }
}

impl WordCounter {
    pub(super) fn count(&mut self, text: &str) -> usize {
        let bytes = text.as_bytes();
        let mut words = 0;
        let mut state = self.state;
        let mut i = 0;
        loop {
            let window = WINDOW_OF[usize::from(state)];
            if window != NO_WINDOW {
                let (end, found, last_two) = count_windowed(bytes, i, usize::from(window));
                words += found;
                i = end;
                state = AFTER_TWO[last_two];
            }
            // The windowed run stopped at `_`, a non-ASCII character or the
            // end: one character by the rule itself.
            let Some(&byte) = bytes.get(i) else {
                break;
            };
            let class = ASCII_CLASSES[usize::from(byte)];
            let next = if class == NOT_ASCII {
                let c = text[i..].chars().next().unwrap_or(' ');
                i += c.len_utf8();
                let (next, starts) = step(State::unpack(state), class_of(c));
                next.pack() << 1 | starts as u8
            } else {
                i += 1;
                STEPS[usize::from(state) * 8 + usize::from(class)]
            };
            words += usize::from(next & 1);
            state = next >> 1;
        }
        self.state = state;
        words
    }

    /// Something that is not text: the word ends, and any joiner after it.
    pub(super) fn end_word(&mut self) {
        let state = State::unpack(self.state);
        self.state = State {
            last: 0,
            joiner: 0,
            counted: state.counted,
        }
        .pack();
    }
}

/// Counts the word starts in `bytes` from `start` for as long as the bytes
/// are windowed (ASCII but `_`), the two classes before `start` being
/// `window` (`first * 8 + second`): the end of the run, the words started in
/// it and the last two classes at its end, the same way.
///
/// Eight bytes at a time while there are eight ([`ChunkMasks`]), then one
/// at a time through [`STARTS`]. Text events are short (about 24 bytes on
/// average in a real post), so what a run costs to start and end counts as
/// much as the loop: hence the tables for both ([`WINDOW_OF`],
/// [`AFTER_TWO`], [`CHUNK_CARRY`]).
fn count_windowed(bytes: &[u8], start: usize, window: usize) -> (usize, usize, usize) {
    let mut words = 0;
    let mut i = start;
    // The masks of the byte before the chunk, in its top byte.
    let carry = u64::from(CHUNK_CARRY[window]);
    let mut word_before_chunk = carry << 63;
    let mut joiner_before_chunk = carry >> 1 << 63;
    for chunk in bytes[start..].as_chunks::<8>().0 {
        let Some(chunk) = ChunkMasks::of(chunk) else {
            break;
        };
        let word_before = chunk.word << 8 | word_before_chunk >> 56;
        let starts = chunk.word & !word_before;
        // A word character, a maybe-joiner, a word character: the rule
        // decides from the three bytes (rare in prose, `can't` or `3.14`).
        let joiner = chunk.maybe_joiner & word_before;
        let joined = starts & (joiner << 8 | joiner_before_chunk >> 56);
        words += bytes_set(starts);
        if joined != 0 {
            words -= joins(bytes, start, window, i, joined);
        }
        word_before_chunk = chunk.word;
        joiner_before_chunk = joiner;
        i += 8;
    }
    let mut window = window;
    if i > start {
        let class = |at: usize| usize::from(ASCII_CLASSES[usize::from(bytes[at])]);
        window = class(i - 2) * 8 + class(i - 1);
    }
    while let Some(&byte) = bytes.get(i) {
        let class = ASCII_CLASSES[usize::from(byte)];
        if class >= WINDOWED {
            break;
        }
        window = (window * 8 + usize::from(class)) & 511;
        words += usize::from(STARTS[window]);
        i += 1;
    }
    (i, words, window & 63)
}

/// The masks [`count_windowed`] starts from, by the two classes before
/// (`first * 8 + second`): 1 if the second is a letter or digit, 2 if it
/// may join the first (a letter or digit) to what follows.
static CHUNK_CARRY: [u8; 64] = {
    let mut table = [0; 64];
    let mut window = 0;
    while window < 64 {
        let (first, second) = (window / 8, window % 8);
        let word = second < 2;
        let joiner = first < 2 && second >= 2 && second < 5;
        table[window] = word as u8 | (joiner as u8) << 1;
        window += 1;
    }
    table
};

/// How many of the word starts the chunk at `at` counted are none: the
/// bytes whose high bit is set in `joined`, each a letter or digit after a
/// maybe-joiner after a letter or digit, decided by [`STARTS`]. Kept out of
/// the chunk loop, which rarely needs it and runs faster without it.
#[cold]
#[inline(never)]
fn joins(bytes: &[u8], start: usize, window: usize, at: usize, joined: u64) -> usize {
    let mut joined = joined;
    let mut joins = 0;
    while joined != 0 {
        let at = at + joined.trailing_zeros() as usize / 8;
        // The class `back` bytes before `at`: from `window` before `start`.
        let class = |back: usize| match at - start + 2 - back {
            0 => window / 8,
            1 => window % 8,
            _ => usize::from(ASCII_CLASSES[usize::from(bytes[at - back])]),
        };
        joins += 1 - usize::from(STARTS[class(2) * 64 + class(1) * 8 + class(0)]);
        joined &= joined - 1;
    }
    joins
}

/// Eight copies of a byte.
const fn splat(byte: u8) -> u64 {
    byte as u64 * 0x0101_0101_0101_0101
}

/// The high bit of every byte.
const HIGH: u64 = splat(0x80);

/// Eight bytes read as one `u64` (SWAR: plain integer operations on all
/// eight at once, the same on every target): for each byte, the high bit
/// of the same byte says whether it is a letter or digit, or may join two.
struct ChunkMasks {
    /// A letter or a digit.
    word: u64,
    /// Above space: a superset of the joiners, found with one addition;
    /// whether one joins is decided byte by byte ([`joins`]), and only where
    /// it stands between two letters or digits, which in prose is rare
    /// (`can't`, `3.14`, `well-known`).
    maybe_joiner: u64,
}

impl ChunkMasks {
    /// The masks of eight bytes, or `None` if one is not windowed (non-ASCII,
    /// `_`; DEL too, for a cheaper test).
    fn of(chunk: &[u8; 8]) -> Option<ChunkMasks> {
        let bytes = u64::from_le_bytes(*chunk);
        // ASCII letters to lower case; `_` and DEL to DEL, whose + 1 alone
        // sets the high bit.
        let folded = bytes | splat(0x20);
        if (bytes | folded.wrapping_add(splat(1))) & HIGH != 0 {
            return None;
        }
        Some(ChunkMasks {
            word: bytes_between(folded, b'a', b'z') | bytes_between(bytes, b'0', b'9'),
            maybe_joiner: bytes.wrapping_add(splat(0x80 - b'!')) & HIGH,
        })
    }
}

/// The high bit of each byte from `lo` to `hi`, of eight ASCII bytes: no
/// sum below carries into the next byte.
const fn bytes_between(bytes: u64, lo: u8, hi: u8) -> u64 {
    bytes.wrapping_add(splat(0x80 - lo)) & !bytes.wrapping_add(splat(0x7F - hi)) & HIGH
}

/// How many bytes have their high bit set.
const fn bytes_set(mask: u64) -> usize {
    // Each byte's bit moved to its low bit, all of them summed in the top
    // byte (at most 8: no carry).
    ((mask >> 7).wrapping_mul(splat(1)) >> 56) as usize
}

/// Characters UAX #29 never joins into longer words: Han and Hiragana.
fn is_ideographic(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x309F        // Hiragana
        | 0x3400..=0x4DBF      // CJK Extension A
        | 0x4E00..=0x9FFF      // CJK Unified Ideographs
        | 0xF900..=0xFAFF      // CJK Compatibility Ideographs
        | 0x20000..=0x3134F) // CJK Extensions B to G
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::test_util::rendered;

    #[test]
    fn words_are_counted_like_unicode_word_boundaries() {
        let count = |text: &str| WordCounter::default().count(text);
        assert_eq!(count("Hello, world! It's 3.14 o'clock, e.g. now."), 7);
        assert_eq!(count("well-known state_of_art"), 3);
        assert_eq!(count("Ünïcödé wörds — and ‘quotes’"), 4);
        assert_eq!(count("日本語のテキスト"), 5);
        assert_eq!(count("1,000,000 people"), 2);
        assert_eq!(count("version 1.3.0.rc1 at 20:14:39"), 7);
        assert_eq!(count("let _ = x_1; __"), 2);
        assert_eq!(count("  ... !!! "), 0);
    }

    /// The rule applied one character at a time, as written: what the
    /// tables and the windowed loop must agree with.
    fn count_by_step(text: &str) -> usize {
        let mut state = State::unpack(0);
        let mut words = 0;
        for c in text.chars() {
            let class = match ASCII_CLASSES.get(c as usize) {
                Some(&index) if c.is_ascii() => CLASSES[index as usize],
                _ => class_of(c),
            };
            let (next, starts) = step(state, class);
            words += usize::from(starts);
            state = next;
        }
        words
    }

    #[test]
    fn the_fast_count_agrees_with_the_rule_on_every_short_mix_of_classes() {
        // Every string of up to five characters from one of each class,
        // counted whole and cut in two (the state carried across).
        let alphabet = ['a', '7', '_', ':', ',', '.', ' ', '日', 'é', '’', '·'];
        let mut texts = vec![String::new()];
        for _ in 0..5 {
            let mut longer = Vec::new();
            for text in &texts {
                for c in alphabet {
                    longer.push(format!("{text}{c}"));
                }
            }
            for text in &longer {
                let want = count_by_step(text);
                assert_eq!(count_words(text), want, "{text:?}");
                for (cut, _) in text.char_indices() {
                    let mut counter = WordCounter::default();
                    let got = counter.count(&text[..cut]) + counter.count(&text[cut..]);
                    assert_eq!(got, want, "{text:?} cut at {cut}");
                }
            }
            texts = longer;
        }
    }

    #[test]
    fn the_chunk_masks_class_every_byte_as_the_class_table_does() {
        // The masks are a second reading of `ASCII_CLASSES`: pinned to it for
        // every byte in every lane of a chunk.
        for byte in 0..=255u8 {
            let class = ASCII_CLASSES[usize::from(byte)];
            for lane in 0..8 {
                let mut chunk = [b'a'; 8];
                chunk[lane] = byte;
                let bit = 0x80u64 << (8 * lane);
                match ChunkMasks::of(&chunk) {
                    // Only DEL leaves the chunks though windowed (a cheaper test).
                    None => assert!(class >= WINDOWED || byte == 0x7F, "{byte:#x}"),
                    Some(masks) => {
                        assert!(class < WINDOWED, "{byte:#x}");
                        assert_eq!(masks.word & bit != 0, class < 2, "{byte:#x}");
                        if (2..5).contains(&class) {
                            assert!(masks.maybe_joiner & bit != 0, "{byte:#x}");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn the_chunked_count_agrees_with_the_rule_at_every_offset() {
        // The exhaustive test's strings are shorter than a chunk (8 bytes):
        // here every three characters from the classes are placed at every
        // position of longer texts, across chunk edges, counted whole and
        // cut (a run starts at the cut, its chunks counted from there).
        let alphabet = ['a', '7', '_', ':', ',', '.', ' ', '-', 'é'];
        let backgrounds = [
            "a".repeat(30),
            " ".repeat(30),
            "7".repeat(30),
            "ab 1.5 c'd ".repeat(3),
        ];
        for background in &backgrounds {
            for pattern in 0..alphabet.len().pow(3) {
                let pattern: String = (0..3)
                    .map(|k| alphabet[pattern / alphabet.len().pow(k) % alphabet.len()])
                    .collect();
                for at in 0..=background.len() {
                    let text = format!("{}{pattern}{}", &background[..at], &background[at..]);
                    let want = count_by_step(&text);
                    assert_eq!(count_words(&text), want, "{text:?}");
                    for cut in [at, 1, 3, 13] {
                        let cut = text.floor_char_boundary(cut);
                        let mut counter = WordCounter::default();
                        let got = counter.count(&text[..cut]) + counter.count(&text[cut..]);
                        assert_eq!(got, want, "{text:?} cut at {cut}");
                    }
                }
            }
        }
    }

    #[test]
    fn the_chunked_count_agrees_with_the_rule_on_random_mixes() {
        // Longer texts than the tests above, of characters drawn (by a
        // fixed generator) mostly from the windowed classes.
        let alphabet = [
            'a', 'Z', 'q', '7', '0', ' ', ' ', '\n', '.', ',', ';', ':', '\'', '-', '/', '(', '_',
            'é', '’', '日', '·',
        ];
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        for _ in 0..20_000 {
            let len = next(100);
            let text: String = (0..len).map(|_| alphabet[next(alphabet.len())]).collect();
            let want = count_by_step(&text);
            assert_eq!(count_words(&text), want, "{text:?}");
            let cut = text.floor_char_boundary(next(len + 1));
            let mut counter = WordCounter::default();
            let got = counter.count(&text[..cut]) + counter.count(&text[cut..]);
            assert_eq!(got, want, "{text:?} cut at {cut}");
        }
    }

    #[test]
    fn the_fast_count_agrees_with_the_rule_on_real_prose() {
        let prose = "It's 3.14, e.g. the value at 20:14; 1,000,000 people read \
                     the o'clock news: __init__ and snake_case_names, well-known \
                     facts... x_1 _ __ a.b.c 1.2.3 ’twas ‘quoted’ “Ünïcödé” 日本語.";
        let mut text = String::new();
        for n in 0..40 {
            let keep = prose.chars().count() - n * 3 % 17;
            text.extend(prose.chars().take(keep));
            text.push(if n % 2 == 0 { ' ' } else { '\n' });
        }
        assert_eq!(count_words(&text), count_by_step(&text));
    }

    #[test]
    fn a_word_split_by_a_smart_apostrophe_counts_once() {
        assert_eq!(rendered("Don't stop, it's fine.\n").word_count, 4);
    }

    #[test]
    fn words_in_code_blocks_are_not_counted() {
        let r = rendered("One two three.\n\n```\nnot counted here\n```\n\n    nor here\n");
        assert_eq!(r.word_count, 3);
    }
}
