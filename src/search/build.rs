//! Writing the index: posts in, `search/` files out.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use serde_json::json;

use super::format::{
    self, B, CHUNK_BYTES, DOCS_PER_CHUNK, IMPACT_SCALE, K1, Postings, TAG_BOOST, TITLE_BOOST,
};
use super::tokens::for_each_token;

/// A term's posts and their impacts, in post order.
type PostingList = (Vec<u32>, Vec<u8>);

/// One post as search sees it. Its id is its place in the slice given to [`build_index`].
#[derive(Debug, Clone, Copy)]
pub struct Doc<'a> {
    /// Where the post lives (the site path, without the base path).
    pub url: &'a str,
    /// Its file, relative to the site root (what a snippet is made from).
    pub path: &'a str,
    pub title: &'a str,
    pub date: Option<&'a str>,
    pub tags: &'a [String],
    /// The post's text (see [`super::text_of_html`]), code blocks included.
    pub text: &'a str,
}

/// The files of the index, by name within the search folder, `meta.json` first.
pub fn build_index(docs: &[Doc]) -> Vec<(String, Vec<u8>)> {
    // Terms by number, so that a post's counts need no string of their own.
    let mut terms = Terms::default();
    let mut count: Vec<u32> = Vec::new();
    let mut body: Vec<Vec<(u32, u32)>> = Vec::with_capacity(docs.len());
    let mut lengths = Vec::with_capacity(docs.len());
    for doc in docs {
        let mut seen: Vec<u32> = Vec::new();
        let mut length = 0u32;
        for_each_token(doc.text, |term, _| {
            length += 1;
            let id = terms.id(term);
            if id as usize >= count.len() {
                count.resize(id as usize + 1, 0);
            }
            if count[id as usize] == 0 {
                seen.push(id);
            }
            count[id as usize] += 1;
        });
        body.push(
            seen.iter()
                .map(|&id| (id, std::mem::take(&mut count[id as usize])))
                .collect(),
        );
        lengths.push(length);
    }
    let average = (lengths.iter().map(|&n| f64::from(n)).sum::<f64>() / docs.len().max(1) as f64)
        .max(1.0) as f32;

    let mut postings: Vec<PostingList> = Vec::new();
    for (id, doc) in docs.iter().enumerate() {
        let mut boosts: Vec<(u32, f32)> = Vec::new();
        let mut boost = |term: &str, by: f32| {
            let term = terms.id(term);
            match boosts.iter_mut().find(|(t, _)| *t == term) {
                Some((_, b)) => *b = b.max(by),
                None => boosts.push((term, by)),
            }
        };
        for_each_token(doc.title, |term, _| boost(term, TITLE_BOOST));
        for tag in doc.tags {
            for_each_token(tag, |term, _| boost(term, TAG_BOOST));
        }
        postings.resize_with(terms.names.len(), PostingList::default);
        let norm = 1.0 - B + B * lengths[id] as f32 / average;
        for &(term, n) in &std::mem::take(&mut body[id]) {
            let n = n as f32 / norm;
            let extra = match boosts.iter().position(|(t, _)| *t == term) {
                Some(at) => boosts.swap_remove(at).1,
                None => 0.0,
            };
            push(
                &mut postings[term as usize],
                id as u32,
                n * (K1 + 1.0) / (n + K1) + extra,
            );
        }
        for (term, boost) in boosts {
            push(&mut postings[term as usize], id as u32, boost);
        }
    }

    let mut order: Vec<u32> = (0..terms.names.len() as u32).collect();
    order.sort_unstable_by(|&a, &b| terms.names[a as usize].cmp(&terms.names[b as usize]));
    let names = std::mem::take(&mut terms.names);
    let mut names: Vec<Option<String>> = names.into_iter().map(Some).collect();
    let terms = order.into_iter().map(|id| {
        let name = names[id as usize].take().expect("each term once");
        (name, std::mem::take(&mut postings[id as usize]))
    });

    let mut files = Vec::new();
    let mut chunks = Vec::new();
    let mut chunk: Vec<Postings> = Vec::new();
    let mut size = 0;
    let mut close = |chunk: &mut Vec<Postings>, files: &mut Vec<(String, Vec<u8>)>| {
        let bytes = format::write_chunk(chunk);
        let name = format!("terms-{}-{}.bin", chunks.len(), format::hash_hex(&bytes));
        chunks.push(json!([chunk[0].term, name]));
        files.push((name, bytes));
        chunk.clear();
    };
    for (term, (ids, impacts)) in terms {
        // About what the term will take: its text, and two bytes per post.
        size += term.len() + 2 + ids.len() * 2;
        chunk.push(Postings {
            term,
            docs: ids,
            impacts,
        });
        if size >= CHUNK_BYTES {
            close(&mut chunk, &mut files);
            size = 0;
        }
    }
    if !chunk.is_empty() {
        close(&mut chunk, &mut files);
    }

    let mut doc_files = Vec::new();
    for (n, group) in docs.chunks(DOCS_PER_CHUNK).enumerate() {
        let list: Vec<_> = group
            .iter()
            .map(|d| json!([d.url, d.title, d.date, d.tags, d.path]))
            .collect();
        let bytes = serde_json::to_vec(&list).expect("strings serialize");
        let name = format!("docs-{n}-{}.json", format::hash_hex(&bytes));
        doc_files.push(name.clone());
        files.push((name, bytes));
    }
    let meta = json!({
        "version": 1,
        "docs": docs.len(),
        "docsPerChunk": DOCS_PER_CHUNK,
        "terms": chunks,
        "docFiles": doc_files,
    });
    files.insert(
        0,
        ("meta.json".into(), serde_json::to_vec(&meta).expect("json")),
    );
    files
}

/// Terms and their numbers, in the order first seen.
#[derive(Default)]
struct Terms {
    ids: HashMap<String, u32, BuildHasherDefault<Fx>>,
    names: Vec<String>,
}

/// The Fx hash (rustc's): a multiply per word. Terms are short and come from our own
/// tokenizer, not from an attacker who could choose collisions worth the slower SipHash.
#[derive(Default)]
struct Fx(u64);

impl Hasher for Fx {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            self.add(u64::from_le_bytes(chunk.try_into().expect("8 bytes")));
        }
        for &b in chunks.remainder() {
            self.add(u64::from(b));
        }
    }

    fn write_u8(&mut self, b: u8) {
        self.add(u64::from(b));
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

impl Fx {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

impl Terms {
    fn id(&mut self, term: &str) -> u32 {
        if let Some(&id) = self.ids.get(term) {
            return id;
        }
        let id = self.names.len() as u32;
        self.ids.insert(term.to_string(), id);
        self.names.push(term.to_string());
        id
    }
}

fn push(list: &mut PostingList, id: u32, impact: f32) {
    let q = (impact * IMPACT_SCALE).round().clamp(1.0, 255.0) as u8;
    list.0.push(id);
    list.1.push(q);
}
