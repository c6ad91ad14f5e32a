//! Stream compression: every stream without a filter yet (page content, font subsets, their
//! character maps, pictures) is deflated with libdeflate, through one compressor per thread.
//!
//! libdeflate compresses whole buffers, which is all a PDF stream is: at level 6 it makes
//! smaller streams than zlib's best level (9) in half the time, and it has no per-stream set-up
//! to speak of (zlib zeroes its hash tables for every stream, which costs more than
//! compressing a handout's small ones).

use libdeflater::{CompressionLvl, Compressor};
use lopdf::{Document, Object, Stream};
use std::cell::RefCell;

/// libdeflate's level (1–12): 6 is its default, past which streams barely shrink.
const LEVEL: i32 = 6;

/// A `/Filter /FlateDecode` entry costs about this many bytes: compressing must save more.
const FILTER_ENTRY: usize = 19;

/// `bytes` as a zlib stream, when that is smaller by more than the filter entry costs.
fn deflate(bytes: &[u8]) -> Option<Vec<u8>> {
    thread_local! {
        static COMPRESSOR: RefCell<Option<Compressor>> = const { RefCell::new(None) };
    }
    COMPRESSOR.with(|z| {
        let mut z = z.borrow_mut();
        let z = match z.as_mut() {
            Some(z) => z,
            None => z.insert(Compressor::new(CompressionLvl::new(LEVEL).ok()?)),
        };
        let mut out = vec![0; z.zlib_compress_bound(bytes.len())];
        let n = z.zlib_compress(bytes, &mut out).ok()?;
        out.truncate(n);
        (n + FILTER_ENTRY < bytes.len()).then_some(out)
    })
}

/// Deflates `stream`'s content in place, with its `/Filter`, where that makes it smaller.
pub fn compress_stream(stream: &mut Stream) {
    if let Some(out) = deflate(&stream.content) {
        stream.dict.set("Filter", "FlateDecode");
        stream.set_content(out);
    }
}

/// Deflates every stream of `doc` that is not compressed yet, where that makes it smaller.
#[tracing::instrument(level = "debug", name = "deflate", skip_all)]
pub fn compress(doc: &mut Document) {
    for object in doc.objects.values_mut() {
        let Object::Stream(stream) = object else { continue };
        if stream.dict.get(b"Filter").is_ok() || !stream.allows_compression {
            continue;
        }
        compress_stream(stream);
    }
}
