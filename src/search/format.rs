//! The bytes of a term chunk, and the ranking constants both sides share.
//!
//! A chunk is a varint count of terms, then for each term in byte order: the bytes it shares
//! with the previous term (varint), its remaining bytes (varint length, then UTF-8), the number
//! of posts holding it (varint), the gaps between their ids (varints, the first from 0), and
//! one impact byte per post. A post's impact is its BM25 weight for the term (body text,
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

/// Appends `postings` to a chunk's body, front-coded against `previous`.
pub fn write_term(out: &mut Vec<u8>, previous: &str, postings: &Postings) {
    let shared = previous
        .bytes()
        .zip(postings.term.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    write_varint(out, shared as u32);
    let rest = &postings.term.as_bytes()[shared..];
    write_varint(out, rest.len() as u32);
    out.extend_from_slice(rest);
    write_varint(out, postings.docs.len() as u32);
    let mut last = 0;
    for &doc in &postings.docs {
        write_varint(out, doc - last);
        last = doc;
    }
    out.extend_from_slice(&postings.impacts);
}

/// Decodes a whole chunk (the count, then the terms).
pub fn read_chunk(bytes: &[u8]) -> Result<Vec<Postings>, String> {
    let bad = || "a search chunk is cut short or damaged".to_string();
    let mut at = 0;
    let count = read_varint(bytes, &mut at).ok_or_else(bad)? as usize;
    let mut out: Vec<Postings> = Vec::with_capacity(count.min(bytes.len()));
    let mut term = Vec::new();
    for _ in 0..count {
        let shared = read_varint(bytes, &mut at).ok_or_else(bad)? as usize;
        let len = read_varint(bytes, &mut at).ok_or_else(bad)? as usize;
        if shared > term.len() || at + len > bytes.len() {
            return Err(bad());
        }
        term.truncate(shared);
        term.extend_from_slice(&bytes[at..at + len]);
        at += len;
        let df = read_varint(bytes, &mut at).ok_or_else(bad)? as usize;
        if df > bytes.len() - at {
            return Err(bad());
        }
        let mut docs = Vec::with_capacity(df);
        let mut doc: u32 = 0;
        for _ in 0..df {
            doc = doc
                .checked_add(read_varint(bytes, &mut at).ok_or_else(bad)?)
                .ok_or_else(bad)?;
            docs.push(doc);
        }
        let impacts = bytes.get(at..at + df).ok_or_else(bad)?.to_vec();
        at += df;
        let term = String::from_utf8(term.clone()).map_err(|_| bad())?;
        out.push(Postings {
            term,
            docs,
            impacts,
        });
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
        let mut bytes = Vec::new();
        write_varint(&mut bytes, terms.len() as u32);
        let mut prev = "";
        for t in &terms {
            write_term(&mut bytes, prev, t);
            prev = &t.term;
        }
        assert_eq!(read_chunk(&bytes).unwrap(), terms);
    }

    #[test]
    fn damaged_chunks_are_an_error_not_a_panic() {
        assert!(read_chunk(&[5, 0, 200]).is_err());
        assert!(read_chunk(&[1, 0, 1, b'a', 255, 255, 255, 255, 255, 255]).is_err());
        assert!(read_chunk(&[]).is_err());
    }
}
