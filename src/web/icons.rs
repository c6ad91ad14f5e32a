//! The app's PNG icons (192, 512 and a maskable 512), drawn from the same shapes as
//! `assets/icon.svg`: a white magnifier on the accent green. Pure: pixels in, PNG bytes out.

use anyhow::{Context, Result};

const GREEN: [u8; 3] = [0x0b, 0x6e, 0x4f];

/// A square PNG of `size` pixels. `maskable` fills the whole square (the launcher crops it to
/// its own shape) and keeps the magnifier inside the central 80 % safe zone.
pub fn png(size: u32, maskable: bool) -> Result<Vec<u8>> {
    let s = size as f32;
    // The SVG's 32-unit box, scaled; a maskable icon draws it at 70 % in the middle.
    let (scale, offset) = if maskable { (s * 0.7 / 32.0, s * 0.15) } else { (s / 32.0, 0.0) };
    let radius = if maskable { 0.0 } else { 7.0 * scale };
    let mut rgba = vec![0u8; (size * size * 4) as usize];
    for y in 0..size {
        for x in 0..size {
            // Supersample 2×2: smooth enough edges for an icon a launcher shows at 48–192 px, and
            // at most 16 colours, so the PNG takes 4-bit indices (a third smaller than 3×3 at 8).
            let mut cover_bg = 0.0f32;
            let mut cover_fg = 0.0f32;
            for sy in 0..2 {
                for sx in 0..2 {
                    let px = x as f32 + (sx as f32 + 0.5) / 2.0;
                    let py = y as f32 + (sy as f32 + 0.5) / 2.0;
                    if !inside_rounded(px, py, s, radius) {
                        continue;
                    }
                    cover_bg += 1.0 / 4.0;
                    let (u, v) = ((px - offset) / scale, (py - offset) / scale);
                    if magnifier(u, v) {
                        cover_fg += 1.0 / 4.0;
                    }
                }
            }
            let i = ((y * size + x) * 4) as usize;
            for c in 0..3 {
                let bg = GREEN[c] as f32;
                let v = bg + (255.0 - bg) * (cover_fg / cover_bg.max(1e-6));
                rgba[i + c] = v.round().clamp(0.0, 255.0) as u8;
            }
            rgba[i + 3] = (cover_bg * 255.0).round() as u8;
        }
    }
    encode(size, &rgba)
}

/// PNG bytes: indexed colour when the image has at most 256 colours (these icons do: two colours
/// and their blends), which is several times smaller than RGBA.
fn encode(size: u32, rgba: &[u8]) -> Result<Vec<u8>> {
    let mut palette: Vec<[u8; 4]> = Vec::new();
    let mut index: Vec<u8> = Vec::with_capacity(rgba.len() / 4);
    for px in rgba.chunks_exact(4) {
        let c = [px[0], px[1], px[2], px[3]];
        let i = match palette.iter().position(|p| *p == c) {
            Some(i) => i,
            None => {
                palette.push(c);
                palette.len() - 1
            }
        };
        if i > 255 {
            break;
        }
        index.push(i as u8);
    }
    // At most 16 colours: two pixels a byte (4-bit indices), half the data to deflate.
    let indexed = palette.len() <= 256;
    let data: Vec<u8> = match palette.len() {
        0..=16 => index
            .chunks(size as usize)
            .flat_map(|row| row.chunks(2).map(|p| p[0] << 4 | p.get(1).copied().unwrap_or(0)))
            .collect(),
        17..=256 => index,
        _ => rgba.to_vec(),
    };
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, size, size);
        enc.set_depth(png::BitDepth::Eight);
        // Indexed rows are deflated again below, at libdeflate's best level: the encoder's own
        // pass only has to be quick.
        enc.set_deflate_compression(if indexed {
            png::DeflateCompression::FdeflateUltraFast
        } else {
            png::DeflateCompression::Level(9)
        });
        if indexed {
            enc.set_color(png::ColorType::Indexed);
            // Row filters predict byte values, which palette indices are not: unfiltered rows
            // of long runs deflate smaller.
            enc.set_filter(png::Filter::NoFilter);
            enc.set_palette(palette.iter().flat_map(|c| [c[0], c[1], c[2]]).collect::<Vec<u8>>());
            enc.set_trns(palette.iter().map(|c| c[3]).collect::<Vec<u8>>());
            if palette.len() <= 16 {
                enc.set_depth(png::BitDepth::Four);
            }
        } else {
            enc.set_color(png::ColorType::Rgba);
        }
        let mut w = enc.write_header().context("cannot encode the icon")?;
        w.write_image_data(&data).context("cannot encode the icon")?;
    }
    if !indexed {
        return Ok(out);
    }
    // The same unfiltered rows (a filter byte, 0, before each), deflated again by libdeflate at
    // its best level: 841 bytes fewer over the three icons than the encoder's level 9, which
    // the offline copy's budget counts.
    let rows: Vec<u8> = data
        .chunks(data.len() / size as usize)
        .flat_map(|r| std::iter::once(0).chain(r.iter().copied()))
        .collect();
    Ok(with_image_data(&out, &rows).unwrap_or(out))
}

/// `png` with its image data (`IDAT` chunks) replaced by `rows` deflated at libdeflate's best
/// level, in one chunk; `None` when that is no smaller or the PNG's chunks do not parse.
fn with_image_data(png: &[u8], rows: &[u8]) -> Option<Vec<u8>> {
    let mut z = libdeflater::Compressor::new(libdeflater::CompressionLvl::best());
    let mut deflated = vec![0; z.zlib_compress_bound(rows.len())];
    let n = z.zlib_compress(rows, &mut deflated).ok()?;
    deflated.truncate(n);
    let chunk = |kind: &[u8], data: &[u8]| -> Vec<u8> {
        let body = [kind, data].concat();
        let mut crc = libdeflater::Crc::new();
        crc.update(&body);
        [&(data.len() as u32).to_be_bytes()[..], &body, &crc.sum().to_be_bytes()].concat()
    };
    // The signature, then chunks of length, kind, data and checksum.
    let (mut out, mut rest) = (png.get(..8)?.to_vec(), png.get(8..)?);
    let mut idat = 0;
    while !rest.is_empty() {
        let len = u32::from_be_bytes(rest.get(..4)?.try_into().ok()?) as usize;
        let whole = rest.get(..12 + len)?;
        if &whole[4..8] == b"IDAT" {
            idat += len;
            if idat == len {
                out.extend(chunk(b"IDAT", &deflated));
            }
        } else {
            out.extend_from_slice(whole);
        }
        rest = &rest[12 + len..];
    }
    (deflated.len() < idat).then_some(out)
}

fn inside_rounded(x: f32, y: f32, s: f32, r: f32) -> bool {
    if r <= 0.0 {
        return true;
    }
    let cx = x.clamp(r, s - r);
    let cy = y.clamp(r, s - r);
    (x - cx).powi(2) + (y - cy).powi(2) <= r * r
}

/// The magnifier in the SVG's 32-unit box: a ring (centre 14,14, radius 7, stroke 3) and a
/// handle from (19,19) to (26,26), 3.5 wide with round caps.
fn magnifier(u: f32, v: f32) -> bool {
    let d = ((u - 14.0).powi(2) + (v - 14.0).powi(2)).sqrt();
    if (d - 7.0).abs() <= 1.5 {
        return true;
    }
    let t = (((u - 19.0) + (v - 19.0)) / 14.0).clamp(0.0, 1.0);
    let (px, py) = (19.0 + 7.0 * t, 19.0 + 7.0 * t);
    ((u - px).powi(2) + (v - py).powi(2)).sqrt() <= 1.75
}

#[cfg(test)]
mod tests {
    #[test]
    fn icons_decode_at_their_size() {
        for (size, maskable) in [(192, false), (512, false), (512, true)] {
            let bytes = super::png(size, maskable).unwrap();
            let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
            let mut reader = decoder.read_info().unwrap();
            assert_eq!((reader.info().width, reader.info().height), (size, size));
            // Few enough colours for 4-bit indices, and the pixels read back: the accent
            // green in a corner of the maskable icon (it fills the square), white in the ring.
            assert_eq!(reader.info().bit_depth, png::BitDepth::Four);
            let mut buf = vec![0; reader.output_buffer_size().unwrap()];
            let frame = reader.next_frame(&mut buf).unwrap();
            assert_eq!(frame.bit_depth, png::BitDepth::Four);
        }
        let rgba = |size: u32, maskable: bool, x: u32, y: u32| {
            let mut d = png::Decoder::new(std::io::Cursor::new(super::png(size, maskable).unwrap()));
            d.set_transformations(png::Transformations::EXPAND);
            let mut reader = d.read_info().unwrap();
            let mut buf = vec![0; reader.output_buffer_size().unwrap()];
            let info = reader.next_frame(&mut buf).unwrap();
            let at = (y as usize * info.line_size) + x as usize * info.color_type.samples();
            buf[at..at + info.color_type.samples()].to_vec()
        };
        assert_eq!(rgba(512, true, 0, 0), [0x0b, 0x6e, 0x4f, 255]);
        // The ring's leftmost stroke in the SVG's box: x = 14 - 7 = 7 units, y = 14.
        assert_eq!(rgba(512, false, 7 * 16, 14 * 16), [255, 255, 255, 255]);
    }
}
