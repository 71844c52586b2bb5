//! The bytes of a term chunk, and the ranking constants both sides share.
//!
//! A chunk is a varint count of terms, then for each term in byte order: the bytes it shares
//! with the previous term (varint), its remaining bytes (varint length, then UTF-8) and the
//! number of posts holding it (varint); then each term's gaps between its posts' ids (varints,
//! the first from 0); then each term's impacts, one byte per post. A post's impact is its BM25 weight for the term (body text,
//! length-normalized) plus a fixed boost when the term is in its title or tags, times
//! [`IMPACT_SCALE`]: ranking needs no per-post lengths at query time, only the posts' count.

/// BM25's term-frequency saturation.
pub const K1: f32 = 1.2;
/// BM25's length normalization.
pub const B: f32 = 0.75;
/// Added to the impact of a term in the title: above any body-only weight (at most K1 + 1).
pub const TITLE_BOOST: f32 = 3.0;
/// Added to the impact of a term in the tags.
pub const TAG_BOOST: f32 = 2.0;
/// Impacts are stored as `round(impact × IMPACT_SCALE)` in one byte, at least 1.
pub const IMPACT_SCALE: f32 = 4.0;
/// Posts per `docs-N` file.
pub const DOCS_PER_CHUNK: usize = 64;
/// A term chunk is closed once it holds this many bytes (brotli takes it to about a half).
pub const CHUNK_BYTES: usize = 12 * 1024;

pub fn write_varint(out: &mut Vec<u8>, mut n: u32) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

/// Reads a varint at `*at`, moving past it; `None` at the end of the bytes or on overflow.
pub fn read_varint(bytes: &[u8], at: &mut usize) -> Option<u32> {
    let mut n: u32 = 0;
    for shift in (0..35).step_by(7) {
        let b = *bytes.get(*at)?;
        *at += 1;
        n |= u32::from(b & 0x7F).checked_shl(shift)?;
        if b < 0x80 {
            return Some(n);
        }
    }
    None
}

/// One term of a chunk, decoded.
#[derive(Debug, Clone, PartialEq)]
pub struct Postings {
    pub term: String,
    /// Post ids, ascending.
    pub docs: Vec<u32>,
    /// One per post.
    pub impacts: Vec<u8>,
}

/// A chunk's bytes: the terms in three runs, so that like sits with like (brotli finds the
/// repeats): every term's header (front-coded text and post count), then every term's post
/// gaps, then every term's impacts.
pub fn write_chunk(terms: &[Postings]) -> Vec<u8> {
    let mut heads = Vec::new();
    let mut gaps = Vec::new();
    let mut impacts = Vec::new();
    write_varint(&mut heads, terms.len() as u32);
    let mut previous = "";
    for postings in terms {
        let shared = previous
            .bytes()
            .zip(postings.term.bytes())
            .take_while(|(a, b)| a == b)
            .count();
        let shared = (0..=shared)
            .rev()
            .find(|&n| postings.term.is_char_boundary(n))
            .unwrap_or(0);
        write_varint(&mut heads, shared as u32);
        let rest = &postings.term.as_bytes()[shared..];
        write_varint(&mut heads, rest.len() as u32);
        heads.extend_from_slice(rest);
        write_varint(&mut heads, postings.docs.len() as u32);
        let mut last = 0;
        for &doc in &postings.docs {
            write_varint(&mut gaps, doc - last);
            last = doc;
        }
        impacts.extend_from_slice(&postings.impacts);
        previous = &postings.term;
    }
    heads.append(&mut gaps);
    heads.append(&mut impacts);
    heads
}

/// Decodes a whole chunk.
pub fn read_chunk(bytes: &[u8]) -> Result<Vec<Postings>, String> {
    let bad = || "a search chunk is cut short or damaged".to_string();
    let mut at = 0;
    let count = read_varint(bytes, &mut at).ok_or_else(bad)? as usize;
    if count > bytes.len() {
        return Err(bad());
    }
    let mut out: Vec<Postings> = Vec::with_capacity(count);
    let mut term: Vec<u8> = Vec::new();
    let mut total = 0usize;
    for _ in 0..count {
        let shared = read_varint(bytes, &mut at).ok_or_else(bad)? as usize;
        let len = read_varint(bytes, &mut at).ok_or_else(bad)? as usize;
        if shared > term.len() || len > bytes.len() - at.min(bytes.len()) {
            return Err(bad());
        }
        term.truncate(shared);
        term.extend_from_slice(&bytes[at..at + len]);
        at += len;
        let df = read_varint(bytes, &mut at).ok_or_else(bad)? as usize;
        total += df;
        if total > bytes.len() {
            return Err(bad());
        }
        let text = String::from_utf8(term.clone()).map_err(|_| bad())?;
        out.push(Postings {
            term: text,
            docs: Vec::with_capacity(df),
            impacts: Vec::new(),
        });
    }
    for postings in &mut out {
        let mut doc: u32 = 0;
        for _ in 0..postings.docs.capacity() {
            doc = doc
                .checked_add(read_varint(bytes, &mut at).ok_or_else(bad)?)
                .ok_or_else(bad)?;
            postings.docs.push(doc);
        }
    }
    for postings in &mut out {
        let df = postings.docs.len();
        postings.impacts = bytes.get(at..at + df).ok_or_else(bad)?.to_vec();
        at += df;
    }
    Ok(out)
}

/// FNV-1a, for file names that change when the bytes do.
pub fn hash_hex(bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{:08x}", (h ^ (h >> 32)) as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chunk_reads_back_what_was_written() {
        let terms = [
            Postings {
                term: "rust".into(),
                docs: vec![0, 3, 400],
                impacts: vec![9, 30, 1],
            },
            Postings {
                term: "rustacean".into(),
                docs: vec![7],
                impacts: vec![12],
            },
            Postings {
                term: "東京".into(),
                docs: vec![1, 2],
                impacts: vec![8, 8],
            },
        ];
        assert_eq!(read_chunk(&write_chunk(&terms)).unwrap(), terms);
    }

    #[test]
    fn damaged_chunks_are_an_error_not_a_panic() {
        assert!(read_chunk(&[5, 0, 200]).is_err());
        assert!(read_chunk(&[1, 0, 1, b'a', 255, 255, 255, 255, 255, 255]).is_err());
        assert!(read_chunk(&[]).is_err());
    }
}
