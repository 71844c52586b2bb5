//! Writing the index: posts in, `search/` files out.

use std::collections::HashMap;

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
    pub title: &'a str,
    pub date: Option<&'a str>,
    pub tags: &'a [String],
    /// The post's text (see [`super::text_of_html`]), code blocks included.
    pub text: &'a str,
}

/// The files of the index, by name within the search folder, `meta.json` first.
pub fn build_index(docs: &[Doc]) -> Vec<(String, Vec<u8>)> {
    let mut postings: HashMap<String, PostingList> = HashMap::new();
    let mut body: Vec<HashMap<String, u32>> = Vec::with_capacity(docs.len());
    let mut lengths = Vec::with_capacity(docs.len());
    for doc in docs {
        let mut tf: HashMap<String, u32> = HashMap::new();
        let mut length = 0u32;
        for_each_token(doc.text, |term, _| {
            length += 1;
            match tf.get_mut(term) {
                Some(n) => *n += 1,
                None => {
                    tf.insert(term.to_string(), 1);
                }
            }
        });
        body.push(tf);
        lengths.push(length);
    }
    let average = (lengths.iter().map(|&n| f64::from(n)).sum::<f64>() / docs.len().max(1) as f64)
        .max(1.0) as f32;

    for (id, doc) in docs.iter().enumerate() {
        let mut boosts: HashMap<String, f32> = HashMap::new();
        for_each_token(doc.title, |term, _| {
            boosts.insert(term.to_string(), TITLE_BOOST);
        });
        for tag in doc.tags {
            for_each_token(tag, |term, _| {
                let boost = boosts.entry(term.to_string()).or_insert(0.0);
                if *boost < TITLE_BOOST {
                    *boost = TAG_BOOST;
                }
            });
        }
        let norm = 1.0 - B + B * lengths[id] as f32 / average;
        let tf = std::mem::take(&mut body[id]);
        for (term, &n) in &tf {
            let n = n as f32 / norm;
            let impact = n * (K1 + 1.0) / (n + K1) + boosts.remove(term).unwrap_or(0.0);
            push(&mut postings, term, id as u32, impact);
        }
        for (term, boost) in boosts {
            push(&mut postings, &term, id as u32, boost);
        }
    }

    let mut terms: Vec<(String, PostingList)> = postings.into_iter().collect();
    terms.sort_unstable_by(|a, b| a.0.cmp(&b.0));

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
            .map(|d| json!([d.url, d.title, d.date, d.tags]))
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

fn push(postings: &mut HashMap<String, PostingList>, term: &str, id: u32, impact: f32) {
    let q = (impact * IMPACT_SCALE).round().clamp(1.0, 255.0) as u8;
    let entry = match postings.get_mut(term) {
        Some(e) => e,
        None => postings.entry(term.to_string()).or_default(),
    };
    entry.0.push(id);
    entry.1.push(q);
}
