//! Stream compression: every stream that has no filter yet is deflated with one compressor,
//! reset between streams. lopdf's own `Document::compress` sets up a fresh compressor (and
//! zeroes its tables) for every stream, which costs more than compressing a handout's small
//! content streams.

use flate2::{Compress, Compression, FlushCompress, Status};
use lopdf::{Document, Object};

/// The deflate level: 9 (best), as lopdf used; size per page is part of what a handout is
/// judged by.
pub const LEVEL: u32 = 6;

/// Deflates every stream of `doc` that is not compressed yet, where that makes it smaller.
pub fn compress(doc: &mut Document) {
    let mut z = Compress::new(Compression::new(LEVEL), true);
    let mut out = Vec::new();
    for object in doc.objects.values_mut() {
        let Object::Stream(stream) = object else { continue };
        if stream.dict.get(b"Filter").is_ok() || !stream.allows_compression {
            continue;
        }
        z.reset();
        out.clear();
        out.reserve(stream.content.len() / 2 + 64);
        if !deflate(&mut z, &stream.content, &mut out) {
            continue;
        }
        // As lopdf does: keep the raw bytes unless the filter entry pays for itself.
        if out.len() + 19 < stream.content.len() {
            stream.dict.set("Filter", "FlateDecode");
            stream.set_content(out.clone());
        }
    }
}

/// Compresses `input` into `out` as one zlib stream; false if the compressor failed.
fn deflate(z: &mut Compress, input: &[u8], out: &mut Vec<u8>) -> bool {
    loop {
        let read = z.total_in() as usize;
        match z.compress_vec(&input[read..], out, FlushCompress::Finish) {
            Ok(Status::StreamEnd) => return true,
            Ok(_) => out.reserve(out.capacity().max(64)),
            Err(_) => return false,
        }
    }
}
