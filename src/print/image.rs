//! Raster pictures (a clinic's logo) as the page needs them: decoded RGB pixels.

/// An RGB picture to place with [`crate::print::layout::Figure::Image`].
#[derive(Clone, Debug, PartialEq)]
pub struct Image {
    /// Pixels across.
    pub width: usize,
    /// Pixels down.
    pub height: usize,
    /// `width * height` RGB triples, row by row.
    pub rgb: Vec<u8>,
}

/// Resolution a picture is printed at, at most: a finer one only makes the file larger (a
/// 4000-pixel logo made a one-page handout of 46 MB).
pub const PRINT_PPI: f32 = 300.0;

/// Above this resolution a picture is scaled down to [`PRINT_PPI`].
const MAX_PPI: f32 = 1.5 * PRINT_PPI;

impl Image {
    /// This picture as printed `height_pt` points tall: scaled down to [`PRINT_PPI`] when it
    /// has more than 1.5 times that (area-weighted, so its edges stay smooth); else as it is.
    pub fn for_print(self, height_pt: f32) -> Image {
        let ppi = self.height as f32 / (height_pt / 72.0);
        if ppi <= MAX_PPI || self.width == 0 || self.height == 0 {
            return self;
        }
        let scale = PRINT_PPI / ppi;
        let width = ((self.width as f32 * scale).round() as u32).max(1);
        let height = ((self.height as f32 * scale).round() as u32).max(1);
        let Some(full) = image::RgbImage::from_raw(self.width as u32, self.height as u32, self.rgb.clone())
        else {
            return self;
        };
        let small = image::imageops::resize(&full, width, height, image::imageops::FilterType::Triangle);
        Image { width: width as usize, height: height as usize, rgb: small.into_raw() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_picture_finer_than_print_needs_is_scaled_down_smoothly() {
        // 2000 px printed 48 pt tall is 3000 ppi: 200 px keep 300 ppi.
        let (w, h) = (3000, 2000);
        let rgb: Vec<u8> =
            (0..w * h).flat_map(|i| if (i % w) < w / 2 { [0, 0, 0] } else { [255, 255, 255] }).collect();
        let small = Image { width: w, height: h, rgb }.for_print(48.0);
        assert_eq!((small.width, small.height), (300, 200));
        assert_eq!(small.rgb.len(), 300 * 200 * 3);
        // Black on the left, white on the right, as before.
        assert!(small.rgb[0] < 10 && small.rgb[(299) * 3] > 245);
        // A picture near print resolution is left as it is.
        let logo = Image { width: 100, height: 300, rgb: vec![7; 100 * 300 * 3] };
        assert_eq!(logo.clone().for_print(48.0), logo);
    }
}
