//! Text with the file line of each of its lines: what a compatibility pass
//! reads and writes, so positions survive any number of passes.

use std::borrow::Cow;
use std::ops::Range;

/// A body (or a pass's output) and, per line, the 1-based line of the post
/// file it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Mapped<'a> {
    pub text: Cow<'a, str>,
    lines: Lines,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Lines {
    /// Line `n` (0-based) is the file's line `first + n`.
    From(usize),
    /// Line `n` is the file's line `map[n]`.
    Map(Vec<usize>),
}

impl<'a> Mapped<'a> {
    /// `text` as it is in the file, starting at line `first_line`.
    pub fn new(text: &'a str, first_line: usize) -> Self {
        Mapped {
            text: Cow::Borrowed(text),
            lines: Lines::From(first_line),
        }
    }

    pub fn into_owned(self) -> Mapped<'static> {
        Mapped {
            text: Cow::Owned(self.text.into_owned()),
            lines: self.lines,
        }
    }

    /// The file line of the text's line `n` (0-based).
    pub fn file_line(&self, n: usize) -> usize {
        match &self.lines {
            Lines::From(first) => first + n,
            Lines::Map(map) => map.get(n).or(map.last()).copied().unwrap_or(1),
        }
    }

    /// The file's line of every line of the text (for the renderer's
    /// `data-line`).
    pub fn line_map(&self) -> Vec<usize> {
        let count = self.text.bytes().filter(|&b| b == b'\n').count() + 1;
        (0..count).map(|n| self.file_line(n)).collect()
    }

    /// The 1-based file line and column (in characters) of byte `offset`.
    /// Columns are exact on lines a pass copied, and count from the start of
    /// the generated text on lines it wrote.
    pub fn position(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let before = &self.text[..offset];
        let n = before.bytes().filter(|&b| b == b'\n').count();
        let line_start = before.rfind('\n').map_or(0, |at| at + 1);
        (self.file_line(n), before[line_start..].chars().count() + 1)
    }
}

/// Builds a pass's output from its input: copied stretches keep their lines,
/// generated text takes the line of the construct it replaces.
pub(crate) struct Writer<'i, 'a> {
    input: &'i Mapped<'a>,
    text: String,
    map: Vec<usize>,
    /// The input's line at the last copied offset (0-based), and that offset.
    at: (usize, usize),
}

impl<'i, 'a> Writer<'i, 'a> {
    pub fn new(input: &'i Mapped<'a>) -> Self {
        Writer {
            input,
            text: String::with_capacity(input.text.len() + input.text.len() / 8),
            map: vec![input.file_line(0)],
            at: (0, 0),
        }
    }

    /// The input's 0-based line of byte `offset` (offsets mostly increase).
    fn input_line(&mut self, offset: usize) -> usize {
        let text = self.input.text.as_bytes();
        let (line, from) = self.at;
        let line = if offset >= from {
            line + memchr::memchr_iter(b'\n', &text[from..offset]).count()
        } else {
            line - memchr::memchr_iter(b'\n', &text[offset..from]).count()
        };
        self.at = (line, offset);
        line
    }

    /// Copies the input's bytes `range` (a stretch left as it is).
    pub fn copy(&mut self, range: Range<usize>) {
        let mut line = self.input_line(range.start);
        let text = &self.input.text[range.clone()];
        for _ in memchr::memchr_iter(b'\n', text.as_bytes()) {
            line += 1;
            self.map.push(self.input.file_line(line));
        }
        self.text.push_str(text);
        self.input_line(range.end);
    }

    /// Writes generated text in place of the input at byte `at`: each line
    /// it starts maps to the line of `at`.
    pub fn emit(&mut self, text: &str, at: usize) {
        let line = self.input_line(at);
        let file_line = self.input.file_line(line);
        let newlines = memchr::memchr_iter(b'\n', text.as_bytes()).count();
        self.map.extend(std::iter::repeat_n(file_line, newlines));
        self.text.push_str(text);
    }

    /// The output so far (to look back at what was written).
    pub fn written(&self) -> &str {
        &self.text
    }

    pub fn finish(self) -> Mapped<'static> {
        Mapped {
            text: Cow::Owned(self.text),
            lines: Lines::Map(self.map),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copied_lines_keep_their_file_lines_and_generated_lines_take_the_construct_s() {
        let input = Mapped::new("a\n{% x %}\nb\nc\n", 10);
        let mut out = Writer::new(&input);
        out.copy(0..2);
        out.emit("one\ntwo\nthree", 2);
        out.copy(9..14);
        let out = out.finish();
        assert_eq!(out.text, "a\none\ntwo\nthree\nb\nc\n");
        assert_eq!(out.line_map(), [10, 11, 11, 11, 12, 13, 14]);
        assert_eq!(out.position(out.text.find('b').unwrap()), (12, 1));
    }

    #[test]
    fn positions_are_one_based_lines_and_character_columns() {
        let input = Mapped::new("é {{ x\n", 3);
        assert_eq!(input.position(3), (3, 3));
    }
}
