//! Taking the hinting instructions out of a TrueType `glyf` table, byte for byte.
//!
//! allsorts subsets a font and writes it back, but has no option to leave the hinting out;
//! parsing every glyph into its outline and writing it again to drop a few bytes cost three
//! times what the subsetting did. Here each glyph's record is copied with its instructions cut
//! out (OpenType `glyf`: a simple glyph's `instructionLength` and instructions after its
//! contour ends; a composite glyph's after its last component), and `loca` is written anew.

/// Big-endian `u16` at `at`, if the slice holds it.
fn u16_at(bytes: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes([*bytes.get(at)?, *bytes.get(at + 1)?]))
}

/// Big-endian `u32` at `at`, if the slice holds it.
fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
}

/// Composite glyph component flags (OpenType `glyf`).
const ARG_1_AND_2_ARE_WORDS: u16 = 0x0001;
const WE_HAVE_A_SCALE: u16 = 0x0008;
const MORE_COMPONENTS: u16 = 0x0020;
const WE_HAVE_AN_X_AND_Y_SCALE: u16 = 0x0040;
const WE_HAVE_A_TWO_BY_TWO: u16 = 0x0080;
const WE_HAVE_INSTRUCTIONS: u16 = 0x0100;

/// `glyf` and `loca` without instructions, from the tables of a font with `head` and `maxp`.
/// `None` when the tables do not hold together (offsets past the end, a glyph cut short).
pub(super) fn strip_instructions(
    glyf: &[u8],
    loca: &[u8],
    head: &[u8],
    maxp: &[u8],
) -> Option<(Vec<u8>, Vec<u8>)> {
    let long = u16_at(head, 50)? != 0;
    let glyphs = usize::from(u16_at(maxp, 4)?);
    let offset = |i: usize| -> Option<usize> {
        if long {
            u32_at(loca, 4 * i).map(|o| o as usize)
        } else {
            u16_at(loca, 2 * i).map(|o| 2 * o as usize)
        }
    };
    let mut out = Vec::with_capacity(glyf.len());
    let mut starts = Vec::with_capacity(glyphs + 1);
    for i in 0..glyphs {
        starts.push(out.len());
        let (start, end) = (offset(i)?, offset(i + 1)?);
        if end <= start {
            continue;
        }
        let glyph = glyf.get(start..end)?;
        let contours = u16_at(glyph, 0)? as i16;
        if contours >= 0 {
            // Header (10 bytes), contour ends, instruction length, instructions, then points.
            let length_at = 10 + 2 * contours as usize;
            let instructions = usize::from(u16_at(glyph, length_at)?);
            let points = glyph.get(length_at + 2 + instructions..)?;
            out.extend_from_slice(&glyph[..length_at]);
            out.extend_from_slice(&[0, 0]);
            out.extend_from_slice(points);
        } else {
            let from = out.len();
            out.extend_from_slice(&glyph[..10]);
            let mut at = 10;
            loop {
                let flags = u16_at(glyph, at)?;
                let args = if flags & ARG_1_AND_2_ARE_WORDS != 0 { 4 } else { 2 };
                let scale = if flags & WE_HAVE_A_TWO_BY_TWO != 0 {
                    8
                } else if flags & WE_HAVE_AN_X_AND_Y_SCALE != 0 {
                    4
                } else if flags & WE_HAVE_A_SCALE != 0 {
                    2
                } else {
                    0
                };
                let end = at + 4 + args + scale;
                out.extend_from_slice(&(flags & !WE_HAVE_INSTRUCTIONS).to_be_bytes());
                out.extend_from_slice(glyph.get(at + 2..end)?);
                at = end;
                if flags & MORE_COMPONENTS == 0 {
                    break;
                }
            }
            debug_assert!(out.len() - from <= glyph.len());
        }
        // Glyphs start on even offsets (the short `loca` stores half the offset).
        if out.len() % 2 == 1 {
            out.push(0);
        }
    }
    starts.push(out.len());
    let mut new_loca = Vec::with_capacity(loca.len());
    for start in starts {
        if long {
            new_loca.extend_from_slice(&u32::try_from(start).ok()?.to_be_bytes());
        } else {
            new_loca.extend_from_slice(&u16::try_from(start / 2).ok()?.to_be_bytes());
        }
    }
    Some((out, new_loca))
}

/// Zeroes the limits a version 1.0 `maxp` table sets for hinting programs (zones, twilight
/// points, storage, function and instruction definitions, stack depth, instruction size).
pub(super) fn zero_instruction_limits(maxp: &mut [u8]) {
    if u32_at(maxp, 0) != Some(0x0001_0000) || maxp.len() < 28 {
        return;
    }
    maxp[14..16].copy_from_slice(&1u16.to_be_bytes());
    maxp[16..28].fill(0);
}
