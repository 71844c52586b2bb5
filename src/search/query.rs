//! Reading the index: which chunks a query needs, and its ranked posts once they are loaded.

use serde_json::Value;

use super::format::{self, IMPACT_SCALE, Postings};
use super::tokens::{for_each_token, is_cjk};

/// The last word of a query matches as a prefix once it has this many characters.
pub const PREFIX_CHARS: usize = 3;
/// A prefix stands for at most this many terms (the most common first).
const PREFIX_TERMS: usize = 64;
/// A match through the prefix counts for less than the whole word.
const PREFIX_WEIGHT: f32 = 0.7;

/// A query's words, as the index spells them.
#[derive(Debug, Clone, PartialEq)]
pub struct Query {
    /// Distinct terms, in query order.
    pub words: Vec<String>,
    /// Whether the last word also matches the terms it starts.
    pub prefix: bool,
}

impl Query {
    pub fn parse(text: &str) -> Query {
        let mut words: Vec<String> = Vec::new();
        for_each_token(text, |term, _| {
            if !words.iter().any(|w| w == term) {
                words.push(term.to_string());
            }
        });
        let prefix = text.ends_with(|c: char| c.is_alphanumeric())
            && words
                .last()
                .is_some_and(|w| w.chars().count() >= PREFIX_CHARS && !w.chars().any(is_cjk));
        Query { words, prefix }
    }

    /// Whether a term of the text is one of the query's words (or starts with the last one).
    pub fn matches(&self, term: &str) -> bool {
        self.words.iter().any(|w| w == term)
            || (self.prefix
                && self
                    .words
                    .last()
                    .is_some_and(|w| term.starts_with(w.as_str())))
    }
}

/// A post found, by id (its place in the index).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hit {
    pub doc: u32,
    pub score: f32,
    /// How many of the query's words it holds.
    pub matched: u32,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Results {
    /// The best first, at most the limit asked for.
    pub hits: Vec<Hit>,
    /// Every post that qualifies (those holding every word, else those holding the most).
    pub total: usize,
    /// Whether the posts found hold every word of the query.
    pub all_words: bool,
}

/// `meta.json` (read by hand: a serde derive here would weigh more in the wasm).
struct Meta {
    docs: u32,
    docs_per_chunk: u32,
    terms: Vec<(String, String)>,
    doc_files: Vec<String>,
}

/// The index as the browser holds it: the meta file, and the term chunks fetched so far.
pub struct Index {
    meta: Meta,
    chunks: Vec<Option<Vec<Postings>>>,
}

impl Index {
    /// From `meta.json`'s text.
    pub fn from_meta(json: &str) -> Result<Index, String> {
        let value: Value =
            serde_json::from_str(json).map_err(|e| format!("search/meta.json: {e}"))?;
        let number = |key: &str| {
            value
                .get(key)
                .and_then(Value::as_u64)
                .and_then(|n| u32::try_from(n).ok())
        };
        let strings = |v: &Value| -> Option<Vec<String>> {
            v.as_array()?
                .iter()
                .map(|s| s.as_str().map(str::to_string))
                .collect()
        };
        let bad = || "search/meta.json is not a Quire search index".to_string();
        let version = number("version").ok_or_else(bad)?;
        if version != 1 {
            return Err(format!(
                "search/meta.json: version {version} is not one this Quire reads"
            ));
        }
        let terms = value
            .get("terms")
            .and_then(Value::as_array)
            .ok_or_else(bad)?
            .iter()
            .map(|pair| match strings(pair)?.as_slice() {
                [first, file] => Some((first.clone(), file.clone())),
                _ => None,
            })
            .collect::<Option<Vec<_>>>()
            .ok_or_else(bad)?;
        let meta = Meta {
            docs: number("docs").ok_or_else(bad)?,
            docs_per_chunk: number("docsPerChunk").ok_or_else(bad)?,
            terms,
            doc_files: value.get("docFiles").and_then(strings).ok_or_else(bad)?,
        };
        if meta.docs_per_chunk == 0
            || meta.doc_files.len() as u64 * u64::from(meta.docs_per_chunk) < u64::from(meta.docs)
        {
            return Err("search/meta.json: the post files do not cover the posts".into());
        }
        let chunks = vec![None; meta.terms.len()];
        Ok(Index { meta, chunks })
    }

    pub fn docs(&self) -> u32 {
        self.meta.docs
    }

    /// The `docs-N` file (within the search folder) holding post `doc`, and its place in it.
    pub fn doc_file(&self, doc: u32) -> Option<(&str, u32)> {
        let n = doc / self.meta.docs_per_chunk;
        let file = self.meta.doc_files.get(n as usize)?;
        Some((file, doc % self.meta.docs_per_chunk))
    }

    /// The file name of term chunk `n`.
    pub fn chunk_file(&self, n: usize) -> Option<&str> {
        self.meta.terms.get(n).map(|(_, file)| file.as_str())
    }

    /// The term chunks `query` needs that are not loaded yet.
    pub fn chunks_for(&self, query: &str) -> Vec<usize> {
        let query = Query::parse(query);
        let mut need = Vec::new();
        for (i, word) in query.words.iter().enumerate() {
            let prefix = query.prefix && i + 1 == query.words.len();
            for n in self.chunk_range(word, prefix) {
                if self.chunks[n].is_none() && !need.contains(&n) {
                    need.push(n);
                }
            }
        }
        need
    }

    /// Adds term chunk `n`'s bytes.
    pub fn add_chunk(&mut self, n: usize, bytes: &[u8]) -> Result<(), String> {
        let slot = self
            .chunks
            .get_mut(n)
            .ok_or_else(|| format!("no search chunk {n}"))?;
        let terms = format::read_chunk(bytes)?;
        if terms
            .iter()
            .flat_map(|t| &t.docs)
            .any(|&d| d >= self.meta.docs)
        {
            return Err(format!(
                "search chunk {n} names a post the index does not have"
            ));
        }
        *slot = Some(terms);
        Ok(())
    }

    /// The chunks that can hold `word` (or, with `prefix`, the terms it starts).
    fn chunk_range(&self, word: &str, prefix: bool) -> std::ops::Range<usize> {
        let firsts = &self.meta.terms;
        if firsts.is_empty() {
            return 0..0;
        }
        let start = firsts
            .partition_point(|(first, _)| first.as_str() <= word)
            .max(1)
            - 1;
        let mut end = start + 1;
        if prefix {
            while end < firsts.len() && firsts[end].0.starts_with(word) {
                end += 1;
            }
        }
        start..end
    }

    /// The loaded terms equal to `word`, or starting with it (with `prefix`).
    fn terms_of(&self, word: &str, prefix: bool) -> Vec<(&Postings, bool)> {
        let mut found = Vec::new();
        for n in self.chunk_range(word, prefix) {
            let Some(terms) = &self.chunks[n] else {
                continue;
            };
            let at = terms.partition_point(|t| t.term.as_str() < word);
            for t in &terms[at..] {
                if t.term == word {
                    found.push((t, true));
                } else if prefix && t.term.starts_with(word) {
                    found.push((t, false));
                } else {
                    break;
                }
            }
        }
        if found.len() > PREFIX_TERMS {
            crate::sort::stable_sort_by(&mut found, |(a, a_exact), (b, b_exact)| {
                (!a_exact, std::cmp::Reverse(a.docs.len()))
                    .cmp(&(!b_exact, std::cmp::Reverse(b.docs.len())))
            });
            found.truncate(PREFIX_TERMS);
        }
        found
    }

    /// The posts for `query`, best first: BM25 over the stored impacts; every word must
    /// match, and where no post holds them all, those holding the most come back.
    pub fn search(&self, query: &str, limit: usize) -> Results {
        let query = Query::parse(query);
        if query.words.is_empty() || query.words.len() > 32 {
            return Results::default();
        }
        let n = self.meta.docs as f32;
        let size = self.meta.docs as usize;
        let (mut score, mut mask, mut best) =
            (vec![0f32; size], vec![0u32; size], vec![0f32; size]);
        let mut touched: Vec<u32> = Vec::new();
        let mut found: Vec<u32> = Vec::new();
        for (i, word) in query.words.iter().enumerate() {
            let prefix = query.prefix && i + 1 == query.words.len();
            for (postings, exact) in self.terms_of(word, prefix) {
                let df = postings.docs.len() as f32;
                let idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
                let weight = idf / IMPACT_SCALE * if exact { 1.0 } else { PREFIX_WEIGHT };
                for (&doc, &impact) in postings.docs.iter().zip(&postings.impacts) {
                    let slot = &mut best[doc as usize];
                    if *slot == 0.0 {
                        touched.push(doc);
                    }
                    *slot = slot.max(weight * f32::from(impact));
                }
            }
            // A word's score in a post is its best term's (a prefix stands for several).
            for doc in touched.drain(..) {
                let d = doc as usize;
                if mask[d] == 0 {
                    found.push(doc);
                }
                score[d] += best[d];
                mask[d] |= 1 << i;
                best[d] = 0.0;
            }
        }
        let most = found
            .iter()
            .map(|&d| mask[d as usize].count_ones())
            .max()
            .unwrap_or(0);
        let mut hits: Vec<Hit> = found
            .into_iter()
            .map(|doc| Hit {
                doc,
                score: score[doc as usize],
                matched: mask[doc as usize].count_ones(),
            })
            .filter(|hit| hit.matched == most)
            .collect();
        crate::sort::stable_sort_by(&mut hits, |a, b| {
            b.score.total_cmp(&a.score).then(a.doc.cmp(&b.doc))
        });
        let total = hits.len();
        hits.truncate(limit);
        Results {
            hits,
            total,
            all_words: most as usize == query.words.len(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_word_is_a_prefix_once_it_has_three_characters_and_the_query_does_not_end_in_a_space()
     {
        assert!(Query::parse("rust asy").prefix);
        assert!(!Query::parse("rust as").prefix);
        assert!(!Query::parse("rust asy ").prefix);
        assert!(!Query::parse("東京都").prefix);
        assert_eq!(Query::parse("Rust rust RUST").words, ["rust"]);
    }
}
