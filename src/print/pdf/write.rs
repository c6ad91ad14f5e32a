//! Serializing the finished document: PDF 1.7 with the non-stream objects packed into
//! compressed object streams and a cross-reference stream, in object order.
//!
//! lopdf's own writer does the same (`save_modern`) but serializes every packed object three
//! times (twice to learn the offsets), through formatting machinery: for a one-page handout
//! that was an eighth of the whole run. Here each object is serialized once, straight into the
//! output buffer.

use lopdf::{Dictionary, Document, Object, ObjectId, Stream, StringFormat};

use super::deflate;

/// Objects per object stream (as lopdf's default).
const PER_STREAM: usize = 100;

/// Where a reader finds an object: at a byte offset, or by index inside an object stream.
#[derive(Clone, Copy)]
enum Entry {
    Free,
    At { offset: usize, generation: u16 },
    Packed { stream: u32, index: u16 },
}

/// The bytes of `doc` as a PDF file.
pub fn save(doc: &Document) -> Vec<u8> {
    let mut out = Vec::with_capacity(64 * 1024);
    out.extend_from_slice(format!("%PDF-{}\n", doc.version).as_bytes());
    if !doc.binary_mark.is_empty() {
        out.push(b'%');
        out.extend_from_slice(&doc.binary_mark);
        out.push(b'\n');
    }
    let max_id = doc.objects.keys().map(|id| id.0).max().unwrap_or(0);
    let packable = |(id, object): &(&ObjectId, &Object)| id.1 == 0 && !matches!(object, Object::Stream(_));
    let packed: Vec<(&ObjectId, &Object)> = doc.objects.iter().filter(packable).collect();
    let groups: Vec<&[(&ObjectId, &Object)]> = packed.chunks(PER_STREAM).collect();
    let xref_id = max_id + groups.len() as u32 + 1;
    let mut entries = vec![Entry::Free; xref_id as usize + 1];

    // Streams and objects of other generations stand on their own.
    for (id, object) in doc.objects.iter().filter(|entry| !packable(entry)) {
        entries[id.0 as usize] = Entry::At { offset: out.len(), generation: id.1 };
        indirect(&mut out, *id, object);
    }
    for (k, group) in groups.iter().enumerate() {
        let stream_id = max_id + 1 + k as u32;
        let (mut table, mut body) = (Vec::new(), Vec::new());
        for (index, (id, object)) in group.iter().enumerate() {
            entries[id.0 as usize] = Entry::Packed { stream: stream_id, index: index as u16 };
            if !table.is_empty() {
                table.push(b' ');
            }
            integer(&mut table, id.0 as i64);
            table.push(b' ');
            integer(&mut table, body.len() as i64);
            value(&mut body, object);
            body.push(b'\n');
        }
        table.push(b'\n');
        let first = table.len();
        table.extend_from_slice(&body);
        let mut dict = Dictionary::new();
        dict.set("Type", Object::Name(b"ObjStm".to_vec()));
        dict.set("N", Object::Integer(group.len() as i64));
        dict.set("First", Object::Integer(first as i64));
        let stream = compressed(dict, table);
        entries[stream_id as usize] = Entry::At { offset: out.len(), generation: 0 };
        indirect(&mut out, (stream_id, 0), &Object::Stream(stream));
    }

    // The cross-reference stream: type, offset or stream number, generation or index.
    let start = out.len();
    entries[xref_id as usize] = Entry::At { offset: start, generation: 0 };
    let mut rows = Vec::with_capacity(entries.len() * 7);
    for entry in &entries {
        let (kind, field, extra): (u8, u32, u16) = match *entry {
            Entry::Free => (0, 0, 0),
            Entry::At { offset, generation } => (1, offset as u32, generation),
            Entry::Packed { stream, index } => (2, stream, index),
        };
        rows.push(kind);
        rows.extend_from_slice(&field.to_be_bytes());
        rows.extend_from_slice(&extra.to_be_bytes());
    }
    // Object 0 heads the (empty) list of free objects, with the greatest generation.
    rows[5..7].copy_from_slice(&u16::MAX.to_be_bytes());
    let mut dict = Dictionary::new();
    for (key, entry) in doc.trailer.iter() {
        if !matches!(key.as_slice(), b"Size" | b"Prev" | b"XRefStm" | b"Type" | b"W" | b"Index" | b"Length") {
            dict.set(key.clone(), entry.clone());
        }
    }
    dict.set("Type", Object::Name(b"XRef".to_vec()));
    dict.set("Size", Object::Integer(entries.len() as i64));
    dict.set("W", Object::Array(vec![Object::Integer(1), Object::Integer(4), Object::Integer(2)]));
    indirect(&mut out, (xref_id, 0), &Object::Stream(compressed(dict, rows)));
    out.extend_from_slice(b"startxref\n");
    integer(&mut out, start as i64);
    out.extend_from_slice(b"\n%%EOF\n");
    out
}

/// A stream of `content`, deflated when that makes it smaller.
fn compressed(dict: Dictionary, content: Vec<u8>) -> Stream {
    let mut stream = Stream::new(dict, content);
    deflate::compress_stream(&mut stream);
    stream
}

/// `N G obj … endobj`.
fn indirect(out: &mut Vec<u8>, id: ObjectId, object: &Object) {
    integer(out, id.0 as i64);
    out.push(b' ');
    integer(out, id.1 as i64);
    out.extend_from_slice(b" obj\n");
    value(out, object);
    out.extend_from_slice(b"\nendobj\n");
}

fn integer(out: &mut Vec<u8>, n: i64) {
    out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
}

/// Whether `object` starts with a regular character, so a space must part it from what
/// precedes it.
fn needs_space(object: &Object) -> bool {
    matches!(
        object,
        Object::Null | Object::Boolean(_) | Object::Integer(_) | Object::Real(_) | Object::Reference(_)
    )
}

/// One object in PDF syntax.
fn value(out: &mut Vec<u8>, object: &Object) {
    match object {
        Object::Null => out.extend_from_slice(b"null"),
        Object::Boolean(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        Object::Integer(n) => integer(out, *n),
        // Rust prints floats in plain decimal, never with an exponent, which PDF lacks.
        Object::Real(r) => out.extend_from_slice(format!("{r}").as_bytes()),
        Object::Name(name) => self::name(out, name),
        Object::String(text, format) => string(out, text, format),
        Object::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 && needs_space(item) {
                    out.push(b' ');
                }
                value(out, item);
            }
            out.push(b']');
        }
        Object::Dictionary(dict) => dictionary(out, dict, None),
        Object::Stream(stream) => {
            dictionary(out, &stream.dict, Some(stream.content.len()));
            out.extend_from_slice(b"stream\n");
            out.extend_from_slice(&stream.content);
            out.extend_from_slice(b"\nendstream");
        }
        Object::Reference(id) => {
            integer(out, id.0 as i64);
            out.push(b' ');
            integer(out, id.1 as i64);
            out.extend_from_slice(b" R");
        }
    }
}

/// A dictionary; a stream's gets its `Length` from the content it is written with.
fn dictionary(out: &mut Vec<u8>, dict: &Dictionary, length: Option<usize>) {
    out.extend_from_slice(b"<<");
    for (key, entry) in dict.iter() {
        if length.is_some() && key.as_slice() == b"Length" {
            continue;
        }
        name(out, key);
        if needs_space(entry) {
            out.push(b' ');
        }
        value(out, entry);
    }
    if let Some(length) = length {
        out.extend_from_slice(b"/Length ");
        integer(out, length as i64);
    }
    out.extend_from_slice(b">>");
}

/// `/Name`, with white space, delimiters, `#` and bytes outside `!`…`~` as `#XX`.
fn name(out: &mut Vec<u8>, name: &[u8]) {
    out.push(b'/');
    for &byte in name {
        let delimiter =
            matches!(byte, b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%' | b'#');
        if delimiter || !(33..=126).contains(&byte) {
            out.push(b'#');
            out.extend_from_slice(format!("{byte:02X}").as_bytes());
        } else {
            out.push(byte);
        }
    }
}

/// `(literal)` with `\`, parentheses and carriage returns escaped, or `<hex>`.
fn string(out: &mut Vec<u8>, text: &[u8], format: &StringFormat) {
    match format {
        StringFormat::Literal => {
            out.push(b'(');
            for &byte in text {
                match byte {
                    b'\\' | b'(' | b')' => out.extend_from_slice(&[b'\\', byte]),
                    b'\r' => out.extend_from_slice(b"\\r"),
                    _ => out.push(byte),
                }
            }
            out.push(b')');
        }
        StringFormat::Hexadecimal => {
            const HEX: &[u8; 16] = b"0123456789ABCDEF";
            out.push(b'<');
            for &byte in text {
                out.extend_from_slice(&[HEX[(byte >> 4) as usize], HEX[(byte & 15) as usize]]);
            }
            out.push(b'>');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A document with every kind of object, read back by lopdf: the same objects.
    #[test]
    fn what_is_written_reads_back_the_same() {
        let mut doc = Document::with_version("1.7");
        let info = doc.add_object(Dictionary::from_iter(vec![
            ("Title", Object::String(b"Detox (and) withdrawal \\ \r".to_vec(), StringFormat::Literal)),
            ("Lang", Object::String(vec![0xfe, 0xff, 0, b'e'], StringFormat::Hexadecimal)),
        ]));
        let content = Stream::new(Dictionary::new(), b"BT /F1 12 Tf (Hello) Tj ET".repeat(20));
        let stream = doc.add_object(content);
        let page = doc.add_object(Dictionary::from_iter(vec![
            ("Type", Object::Name(b"Page".to_vec())),
            ("Contents", Object::Reference(stream)),
            // (A real with no fraction is written like an integer and reads back as one.)
            ("MediaBox", Object::Array(vec![0.into(), 0.into(), Object::Real(612.25), Object::Real(791.5)])),
            ("Odd name", Object::Name(b"A B#(c)\xe9".to_vec())),
            ("Flags", Object::Array(vec![Object::Boolean(true), Object::Null, Object::Integer(-3)])),
        ]));
        let catalog = doc.add_object(Dictionary::from_iter(vec![
            ("Type", Object::Name(b"Catalog".to_vec())),
            ("Pages", Object::Reference(page)),
        ]));
        doc.trailer.set("Root", Object::Reference(catalog));
        doc.trailer.set("Info", Object::Reference(info));
        let id = Object::String(b"0123456789abcdef".to_vec(), StringFormat::Literal);
        doc.trailer.set("ID", Object::Array(vec![id.clone(), id]));
        for n in 0..150 {
            // Enough small objects for two object streams.
            doc.add_object(Object::Integer(n));
        }
        // An object of a later generation stands on its own, with its generation in the table.
        doc.max_id += 1;
        doc.objects.insert((doc.max_id, 1), Object::String(b"second".to_vec(), StringFormat::Literal));

        let bytes = save(&doc);
        let read = Document::load_mem(&bytes).expect("lopdf reads it");
        for (id, object) in &doc.objects {
            let back = read.get_object(*id).unwrap_or_else(|e| panic!("{id:?}: {e}"));
            match (object, back) {
                (Object::Stream(a), Object::Stream(b)) => {
                    assert_eq!(b.decompressed_content().unwrap_or(b.content.clone()), a.content);
                }
                (a, b) => assert_eq!(a, b, "{id:?}"),
            }
        }
        for key in ["Root", "Info", "ID"] {
            assert_eq!(read.trailer.get(key.as_bytes()).ok(), doc.trailer.get(key.as_bytes()).ok(), "{key}");
        }
        assert!(bytes.ends_with(b"%%EOF\n"));
    }
}
