//! Clinic branding: a TOML file with the clinic's contact details, printed as a contact block
//! on the last page of every handout (with a QR code per web address) and as the running
//! header.
//!
//! ```toml
//! name = "Riverside Community Clinic"
//! short_name = "Riverside Clinic"     # optional: for the page header, where a long name is cut
//! phone = "555-0100"
//! address = "12 River Road, Springfield"
//! hours = "Mon–Fri 9:00–17:00"
//! website = "https://riverside.example.org"
//! logo = "logo.png"                    # optional, relative to this file
//! language = "es"                      # optional: the details' language, if not the handout's
//!
//! [[resources]]                        # optional local services
//! name = "Springfield support group"
//! phone = "555-0199"
//! url = "https://support.example.org"
//! ```
//!
//! The corpus's own resources that have a phone number (a national helpline) follow the
//! clinic's, so a patient has a number to call when the clinic is closed;
//! `corpus_resources = false` leaves them out (say, a clinic in another country).

use anyhow::{Context, Result, anyhow};
use serde::Deserialize;
use std::path::{Path, PathBuf};

use crate::corpus::markdown::normalize_space;
use crate::corpus::{Resource, web_address_problem};
use crate::print::fonts::{FontStyle, Fonts, fonts};
use crate::print::image::Image;

/// A clinic's contact details and logo.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Clinic {
    /// Clinic name, printed in the contact block, on a pack's cover and (unless
    /// `short_name` is given) in the header of every page.
    pub name: String,
    /// Shorter name for the header of every page, where a long `name` would be cut with "…"
    /// ("St. Bartholomew-Fitzwilliam…").
    #[serde(default)]
    pub short_name: Option<String>,
    /// Phone number.
    #[serde(default)]
    pub phone: Option<String>,
    /// Street address, on one line (its written lines parted by commas).
    #[serde(default)]
    pub address: Option<String>,
    /// The address's lines as written over several (a triple-quoted string), which the
    /// contact block prints as they are, as an envelope does; empty for an address on one line.
    #[serde(skip)]
    pub address_lines: Vec<String>,
    /// Opening hours.
    #[serde(default)]
    pub hours: Option<String>,
    /// Web address (http or https).
    #[serde(default)]
    pub website: Option<String>,
    /// PNG logo, relative to the clinic file.
    #[serde(default)]
    pub logo: Option<PathBuf>,
    /// Local services to list after the clinic.
    #[serde(default)]
    pub resources: Vec<Resource>,
    /// Whether the corpus's resources with a phone number follow the clinic's own (default:
    /// yes).
    #[serde(default = "yes")]
    pub corpus_resources: bool,
    /// Language its details are written in (`en`, `es`), when not the handout's: its entries
    /// are marked so for screen readers, with their labels ("Teléfono:") in it.
    #[serde(default)]
    pub language: Option<String>,
    /// The decoded logo.
    #[serde(skip)]
    pub logo_image: Option<Image>,
    /// The logo file's own size in pixels (before any scaling down for print) and where its
    /// `logo` line is (`clinic.toml:6`), for warnings about it.
    #[serde(skip)]
    pub logo_source: Option<(u32, u32, String)>,
    /// Where the name the page header prints is written (`clinic.toml:2`), for the warning
    /// when the header cuts it.
    #[serde(skip)]
    pub header_source: String,
    /// Where the first `[[resources]]` table starts (`clinic.toml:14`), or the name's line
    /// when there is none, for the warning when the contact block is too long for a page.
    #[serde(skip)]
    pub resources_source: String,
}

fn yes() -> bool {
    true
}

/// Printed height of the clinic logo, in points.
pub const LOGO_HEIGHT: f32 = 48.0;

/// Widest the logo is printed, in points.
pub const LOGO_MAX_WIDTH: f32 = 200.0;

/// A logo printed less tall or wide than this (much wider than tall, or the reverse) is a thin
/// strip: warned about.
pub const MIN_LOGO_HEIGHT: f32 = 16.0;

/// Below this resolution a printed logo looks jagged.
pub const MIN_LOGO_PPI: f32 = 200.0;

impl Clinic {
    /// Printed size of the logo (width, height) in points, if there is one.
    pub fn logo_size(&self) -> Option<(f32, f32)> {
        let logo = self.logo_image.as_ref()?;
        let width = (LOGO_HEIGHT * logo.width as f32 / logo.height as f32).min(LOGO_MAX_WIDTH);
        let height = (width * logo.height as f32 / logo.width as f32).min(LOGO_HEIGHT);
        Some((width, height))
    }

    /// The name the header of every page prints: `short_name`, or else `name`.
    pub fn header_name(&self) -> &str {
        self.short_name.as_deref().unwrap_or(&self.name)
    }

    /// A warning when the page header prints `printed` (cut to fit its line) instead of the
    /// whole of [`Clinic::header_name`].
    pub fn header_warning(&self, printed: &str) -> Option<String> {
        let name = self.header_name();
        (printed != name).then(|| {
            let (key, fix) = match self.short_name {
                Some(_) => ("short_name", "shorten it"),
                None => ("name", "add a `short_name` for the header"),
            };
            format!(
                "{}: the clinic's `{key}` is cut to `{printed}` in the page header; {fix} (the contact block prints `name` whole)",
                self.header_source
            )
        })
    }

    /// A warning when the contact block is too long to go onto one page with the text before
    /// it: its last entries stand alone on the last of `pages` pages, as the layout avoids
    /// wherever the block fits.
    pub fn contact_tail_warning(&self, pages: usize) -> String {
        let fix = if self.resources.is_empty() {
            "a shorter `hours` or `address` keeps them with the text"
        } else {
            "fewer or shorter `[[resources]]` keep them with the text"
        };
        format!(
            "{}: the contact block does not fit on a page with the text before it at this size: its last entries print alone on page {pages} of {pages}; {fix}",
            self.resources_source
        )
    }

    /// A warning when the logo has too few pixels for its printed size, or is so much wider
    /// than tall (or taller than wide) that it prints as a thin strip.
    pub fn logo_warning(&self) -> Option<String> {
        let logo = self.logo_image.as_ref()?;
        let (width, height) = self.logo_size()?;
        let name = self.logo.as_ref().map(|p| p.display().to_string()).unwrap_or_default();
        // The file's size, as its author knows it, and the line that names it.
        let (pixels_wide, pixels_tall, at) = self
            .logo_source
            .clone()
            .map_or((logo.width as u32, logo.height as u32, String::new()), |(w, h, at)| {
                (w, h, format!("{at}: "))
            });
        // The short side, the long side, and the most the long may be of the short.
        let (short, long, most) = if height <= width {
            ((height, "tall"), (width, "wide"), LOGO_MAX_WIDTH / MIN_LOGO_HEIGHT)
        } else {
            ((width, "wide"), (height, "tall"), LOGO_HEIGHT / MIN_LOGO_HEIGHT)
        };
        if short.0 < MIN_LOGO_HEIGHT {
            return Some(format!(
                "{at}clinic logo `{name}` ({pixels_wide} × {pixels_tall} px) prints only {:.1} pt {} at {:.0} pt {}; \
                 use one at most {most:.0} times as {} as {}",
                short.0, short.1, long.0, long.1, long.1, short.1
            ));
        }
        let ppi = logo.height as f32 / (height / 72.0);
        (ppi < MIN_LOGO_PPI).then(|| {
            let needed = (MIN_LOGO_PPI * height / 72.0).ceil();
            format!(
                "{at}clinic logo `{name}` prints at {ppi:.0} ppi ({pixels_tall} px tall at {height:.0} pt) and will look jagged; use one at least {needed:.0} px tall"
            )
        })
    }

    /// Parses and checks a clinic file; errors name the file and the field. Every mistake
    /// the checks find is told at once, in the file's order, each at its line, so a clinic
    /// fixes its file in one go rather than one mistake per run.
    pub fn parse(path: &Path, text: &str) -> Result<Clinic> {
        // A mistaken key or value (`phon = …`) is told with what the checks below find in the
        // rest of the file: a clinic had met its file's other four mistakes a run later.
        let (mut clinic, read, left_out): (Clinic, _, _) =
            match crate::toml_file::parse_with_rest(path, text, "clinic file") {
                Ok(clinic) => (clinic, None, Vec::new()),
                Err(crate::toml_file::Mistaken { error, rest: Some(rest), left_out }) => {
                    (*rest, Some(error), left_out)
                }
                Err(mistaken) => return Err(mistaken.error),
            };
        let mut found = Problems::new(path, text);
        // A control character (a TOML escape such as `\u001b` writes one) prints as nothing,
        // or as the rest of a terminal's colour code: refused before spaces are evened out.
        for (field, value) in clinic.text_fields() {
            if let Some(c) = crate::source::stray_control(&value).and_then(|at| value[at..].chars().next()) {
                found.say(
                    &field,
                    format!(
                        "{} holds a control character ({}), which no font draws: remove it",
                        clinic.field_name(&field),
                        crate::source::control_name(c)
                    ),
                );
            }
        }
        // An address or hours written over several lines (a triple-quoted string) keep their
        // lines apart: "Suite 410, 1200 North Avenue" on one printed line, not "Suite 410 1200
        // North Avenue"; "Mon–Fri 8–20; Sat 9–13", which the handout prints a day a line.
        let written: Vec<&str> =
            clinic.address.iter().flat_map(|a| a.lines()).map(str::trim).filter(|l| !l.is_empty()).collect();
        if written.len() > 1 {
            clinic.address_lines = written.into_iter().map(str::to_string).collect();
        }
        for (value, separator) in [(&mut clinic.address, ','), (&mut clinic.hours, ';')] {
            if let Some(v) = value {
                *v = join_lines(v, separator);
            }
        }
        // Printed text: every kind of space (thin, em, no-break, tab…) becomes a plain one, and
        // a typed apostrophe in words prints as the corpus's, curly ("Bartholomew’s" beside
        // "SAMHSA’s"; not in a phone number).
        // A word processor's hyphens (the font has neither) are the plain one: "555‑0142" with
        // a no-break hyphen, pasted from a letterhead, had been refused as unprintable.
        let printed = |v: &str| plain_hyphens(&apostrophes(&normalize_space(v)));
        clinic.name = printed(&clinic.name);
        let fields = [&mut clinic.short_name, &mut clinic.address, &mut clinic.hours].into_iter().flatten();
        for v in fields.chain(&mut clinic.address_lines) {
            *v = printed(v);
        }
        if let Some(phone) = &mut clinic.phone {
            *phone = plain_hyphens(&normalize_space(phone));
        }
        // A web address copied with a space before or after it (from a letterhead, a browser's
        // bar) is the address without it.
        if let Some(website) = &mut clinic.website {
            *website = website.trim().to_string();
        }
        for r in &mut clinic.resources {
            r.normalize_space();
            r.name = plain_hyphens(&apostrophes(&r.name));
            if let Some(d) = &mut r.description {
                *d = plain_hyphens(&apostrophes(d));
            }
            if let Some(phone) = &mut r.phone {
                *phone = plain_hyphens(phone);
            }
        }
        if clinic.name.trim().is_empty() {
            found.say("name", "`name` must not be empty".into());
        }
        // A language code is read whatever its case ("ES"), as `--paper` and pack specs read
        // theirs.
        clinic.language = clinic.language.take().map(|l| l.trim().to_lowercase());
        if let Some(language) = clinic.language.as_deref().filter(|l| !crate::corpus::LANGUAGES.contains(l)) {
            found.say(
                "language",
                format!(
                    "`language` `{language}` is not one handouts are set in; write one of: {}",
                    crate::corpus::LANGUAGES.join(", ")
                ),
            );
        }
        // An empty field would print a bare "Phone:" or a QR code of nothing.
        let own = [
            ("short_name", &clinic.short_name),
            ("phone", &clinic.phone),
            ("address", &clinic.address),
            ("hours", &clinic.hours),
            ("website", &clinic.website),
        ];
        for (field, value) in own {
            if value.as_deref().is_some_and(|v| v.trim().is_empty()) {
                found.say(field, format!("`{field}` is empty: fill it in, or leave the line out"));
            }
        }
        // (An empty field, told above, is not told again as a wrong one.)
        if let Some(problem) =
            clinic.website.as_deref().and_then(web_address_problem).filter(|_| !found.told("website"))
        {
            found.say("website", format!("`website` {problem}"));
        }
        let phone_problem = clinic.phone.as_deref().and_then(crate::corpus::phone_problem);
        if let Some(problem) = phone_problem.filter(|_| !found.told("phone")) {
            found.say("phone", format!("`phone` {problem}"));
        }
        if clinic.logo.as_ref().is_some_and(|l| l.as_os_str().is_empty()) {
            found.say("logo", "`logo` is empty: fill it in, or leave the line out".into());
        }
        // (Not where a line was left out as a mistake: it may be the way to reach the clinic.)
        let reachable = clinic.phone.is_some() || clinic.address.is_some() || clinic.website.is_some();
        if !reachable && clinic.resources.is_empty() && !clinic.corpus_resources && left_out.is_empty() {
            found.say(
                "corpus_resources",
                "the contact block would give no way to reach anyone: add the clinic's `phone`, `address` or `website`, a `[[resources]]` service, or leave out `corpus_resources = false`".into(),
            );
        }
        // The clinic's services follow the same rules as the corpus's resources. (Not a service
        // one of whose lines was left out as a mistake, `phon = …`: told already.)
        let services = crate::toml_file::table_lines(text, "resources");
        for (i, r) in clinic.resources.iter().enumerate() {
            let start = services.get(i).copied().unwrap_or(usize::MAX);
            let end = services.get(i + 1).copied().unwrap_or(usize::MAX);
            if left_out.iter().any(|l| (start..end).contains(l)) {
                continue;
            }
            for (key, problem) in r.problems() {
                let service = clinic.service(i);
                match key {
                    Some(key) => {
                        found.say(&format!("resources[{i}].{key}"), format!("{service}: `{key}` {problem}"))
                    }
                    None => found.say(&format!("resources[{i}]"), format!("{service} {problem}")),
                }
            }
        }
        // (A field already told of is not told again: a control character is no glyph either.)
        for (field, value) in clinic.text_fields() {
            let missing = fonts().missing_all(FontStyle::Regular, &value);
            if !missing.is_empty() && !found.told(&field) {
                found.say(
                    &field,
                    format!("{} {}", clinic.field_name(&field), Fonts::cannot_print_all(&missing)),
                );
            }
        }
        if let Some(logo) = clinic.logo.clone().filter(|_| !found.told("logo")) {
            let at = found.at("logo");
            let full = path.parent().unwrap_or(Path::new(".")).join(&logo);
            let read = crate::source::read_file(&full, crate::source::MAX_PICTURE).map_err(|e| {
                let near = if full.exists() { String::new() } else { pictures_near(&full, &logo) };
                // Where no picture is near to suggest, where the path is read from.
                let from = path.parent().filter(|f| !f.as_os_str().is_empty()).unwrap_or(Path::new("."));
                let fix = match near.is_empty() {
                    true => format!(
                        "; the path is read from the clinic file's folder (`{}`): correct it, or leave the `logo` line out",
                        from.display()
                    ),
                    false => near,
                };
                format!("`logo`: cannot read `{}`: {e:#}{fix}", full.display())
            });
            match read
                .and_then(|bytes| decode_png(&bytes).map_err(|e| format!("`logo`: `{}` {e}", full.display())))
            {
                Err(e) => found.say("logo", e),
                Ok(image) => {
                    clinic.logo_source = Some((image.width as u32, image.height as u32, at));
                    // As many pixels as print needs, and no more (a 4000-pixel logo is scaled
                    // down).
                    clinic.logo_image = Some(image);
                    if let Some((_, height)) = clinic.logo_size() {
                        clinic.logo_image = clinic.logo_image.take().map(|logo| logo.for_print(height));
                    }
                }
            }
        }
        clinic.header_source = found.at(if clinic.short_name.is_some() { "short_name" } else { "name" });
        clinic.resources_source = found.at(if clinic.resources.is_empty() { "name" } else { "resources[0]" });
        match (read, found.into_result()) {
            (None, checked) => checked.map(|()| clinic),
            (Some(read), Ok(())) => Err(read),
            (Some(read), Err(checked)) => {
                Err(crate::toml_file::in_file_order(path, &[format!("{read:#}"), format!("{checked:#}")]))
            }
        }
    }

    /// Reads and checks a clinic file.
    pub fn load(path: &Path) -> Result<Clinic> {
        let bytes = crate::source::read_file(path, crate::source::MAX_CONFIG)
            .with_context(|| format!("cannot read the clinic file `{}`", path.display()))?;
        Clinic::parse(path, &crate::toml_file::text_of(path, bytes)?)
    }

    /// A field of [`Clinic::text_fields`] as its messages name it: `` `phone` ``, or a
    /// service's counted from 1, as a person counts the `[[resources]]` tables: ``service 2
    /// `Peer line`: `url` ``.
    fn field_name(&self, field: &str) -> String {
        let service =
            field.strip_prefix("resources[").and_then(|rest| rest.split_once("].")).and_then(|(i, key)| {
                let i: usize = i.parse().ok().filter(|&i| i < self.resources.len())?;
                Some(format!("{}: `{key}`", self.service(i)))
            });
        service.unwrap_or_else(|| format!("`{field}`"))
    }

    /// Service `i` of the file (from 0) as messages name it, counted from 1 as a person counts
    /// the `[[resources]]` tables: ``service 2 `Peer line` ``.
    fn service(&self, i: usize) -> String {
        format!("service {} `{}`", i + 1, self.resources[i].name)
    }

    /// Every printed text field with its name, for checks.
    fn text_fields(&self) -> Vec<(String, String)> {
        let mut out = vec![("name".to_string(), self.name.clone())];
        let own = [
            ("short_name", &self.short_name),
            ("phone", &self.phone),
            ("address", &self.address),
            ("hours", &self.hours),
            ("website", &self.website),
        ];
        for (k, v) in own {
            if let Some(v) = v {
                out.push((k.to_string(), v.clone()));
            }
        }
        for (i, r) in self.resources.iter().enumerate() {
            out.push((format!("resources[{i}].name"), r.name.clone()));
            for (k, v) in [("description", &r.description), ("phone", &r.phone), ("url", &r.url)] {
                if let Some(v) = v {
                    out.push((format!("resources[{i}].{k}"), v.clone()));
                }
            }
        }
        out
    }
}

/// The mistakes found in a clinic file, each at the line of its field.
struct Problems<'a> {
    path: &'a Path,
    text: &'a str,
    /// (line, field, message), in the order found.
    found: Vec<(usize, String, String)>,
}

impl<'a> Problems<'a> {
    fn new(path: &'a Path, text: &'a str) -> Self {
        Problems { path, text, found: Vec::new() }
    }

    /// `file:line` of `field`.
    fn at(&self, field: &str) -> String {
        format!("{}:{}", self.path.display(), crate::toml_file::field_line(self.text, field))
    }

    /// Tells of a mistake in `field`.
    fn say(&mut self, field: &str, message: String) {
        let line = crate::toml_file::field_line(self.text, field);
        self.found.push((line, field.to_string(), message));
    }

    /// Whether a mistake in `field` has been told.
    fn told(&self, field: &str) -> bool {
        self.found.iter().any(|(_, f, _)| f == field)
    }

    /// Every mistake, one a line in the file's order, each as `file:line: message`.
    fn into_result(mut self) -> Result<()> {
        if self.found.is_empty() {
            return Ok(());
        }
        self.found.sort_by_key(|(line, ..)| *line);
        let lines: Vec<String> =
            self.found.iter().map(|(line, _, m)| format!("{}:{line}: {m}", self.path.display())).collect();
        Err(anyhow!("{}", lines.join("\n")))
    }
}

/// `text` with the hyphen (U+2010) and the no-break hyphen (U+2011) of word processors
/// written as the plain hyphen-minus, which the font has.
fn plain_hyphens(text: &str) -> String {
    text.replace(['\u{2010}', '\u{2011}'], "-")
}

/// `text` with each straight apostrophe after a letter or digit ("Bartholomew's", "parents'")
/// set as a typographer sets it, curly (’).
/// For a logo file that is not there (`written` as the clinic file names it, `full` resolved):
/// the PNG picture beside it whose name is closest, and the ones there are; empty when there
/// are none.
fn pictures_near(full: &Path, written: &Path) -> String {
    let folder = full.parent().filter(|f| !f.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let Ok(entries) = std::fs::read_dir(folder) else { return String::new() };
    let mut pictures: Vec<String> = entries
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.to_lowercase().ends_with(".png"))
        .collect();
    pictures.sort();
    let wanted = full.file_name().map(|n| n.to_string_lossy().to_lowercase()).unwrap_or_default();
    let Some(closest) = pictures.iter().min_by_key(|n| strsim::levenshtein(&n.to_lowercase(), &wanted))
    else {
        return String::new();
    };
    let meant = written.with_file_name(closest);
    format!("; did you mean `{}`? (PNG pictures there: {})", meant.display(), pictures.join(", "))
}

fn apostrophes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut previous = ' ';
    for c in text.chars() {
        out.push(if c == '\'' && previous.is_alphanumeric() { '\u{2019}' } else { c });
        previous = c;
    }
    out
}

/// The lines of `text` on one line, `separator` and a space between two where the first does
/// not already end in punctuation: a postal address's lines parted by commas, opening hours'
/// by semicolons. Blank lines are dropped.
fn join_lines(text: &str, separator: char) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if !out.is_empty() {
            if !out.ends_with([',', ';', ':', '.', '–', '—', '-', '/']) {
                out.push(separator);
            }
            out.push(' ');
        }
        out.push_str(line);
    }
    out
}

/// Largest logo width or height, in pixels.
pub const MAX_LOGO_SIDE: u32 = 4096;

/// Decodes a PNG into RGB pixels, compositing any transparency onto white paper. The size is
/// read from the header and checked before any pixel is decoded: a small file can declare an
/// image of gigabytes.
pub fn decode_png(bytes: &[u8]) -> Result<Image, String> {
    if let Some(kind) = crate::source::binary_kind(bytes).filter(|k| !k.contains("PNG")) {
        return Err(format!(
            "is {kind}: a logo must be a PNG; save it as one (for example `convert logo.jpg logo.png`)"
        ));
    }
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().map_err(unreadable)?;
    let header = reader.info();
    for (field, value) in [("width", header.width), ("height", header.height)] {
        if value == 0 || value > MAX_LOGO_SIDE {
            return Err(format!(
                "declares {field} {value} pixels in its header (IHDR); a logo must be 1 to {MAX_LOGO_SIDE}"
            ));
        }
    }
    let mut buf = vec![0; reader.output_buffer_size().ok_or("is too large")?];
    let info = reader.next_frame(&mut buf).map_err(unreadable)?;
    let (w, h) = (info.width as usize, info.height as usize);
    let data = &buf[..info.buffer_size()];
    let channels = info.color_type.samples();
    let mut rgb = Vec::with_capacity(w * h * 3);
    for px in data.chunks_exact(channels) {
        let (r, g, b, a) = match px {
            [l] => (*l, *l, *l, 255),
            [l, a] => (*l, *l, *l, *a),
            [r, g, b] => (*r, *g, *b, 255),
            [r, g, b, a] => (*r, *g, *b, *a),
            _ => return Err("has an unsupported pixel format".into()),
        };
        let over_white = |c: u8| ((c as u32 * a as u32 + 255 * (255 - a as u32)) / 255) as u8;
        rgb.extend([over_white(r), over_white(g), over_white(b)]);
    }
    Ok(Image { width: w, height: h, rgb })
}

/// The decoder's error in words: the `png` crate names a chunk by its debug form
/// ("ChunkType { type: IDAT, critical: true, … }"), shown here as its name ("the IDAT chunk").
fn unreadable(e: png::DecodingError) -> String {
    let mut text = e.to_string();
    while let Some(start) = text.find("ChunkType { type: ") {
        let name_start = start + "ChunkType { type: ".len();
        let Some(end) = text[start..].find('}').map(|i| start + i + 1) else { break };
        let name: String = text[name_start..end].chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
        text.replace_range(start..end, &name);
    }
    format!("is not a readable PNG (damaged or cut short?): {text}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_damaged_png_is_said_in_words() {
        let mut bytes = Vec::new();
        {
            let mut enc = png::Encoder::new(&mut bytes, 4, 4);
            enc.set_color(png::ColorType::Grayscale);
            enc.write_header().unwrap().write_image_data(&[90u8; 16]).unwrap();
        }
        // Flip a byte of the image data: its chunk's checksum fails.
        let idat = bytes.windows(4).position(|w| w == b"IDAT").unwrap();
        bytes[idat + 6] ^= 0xff;
        let Err(e) = decode_png(&bytes) else { panic!("a damaged PNG decoded") };
        assert!(e.starts_with("is not a readable PNG (damaged or cut short?)"), "{e}");
        assert!(!e.contains("ChunkType") && !e.contains("critical:"), "{e}");
        // Cut short.
        let Err(e) = decode_png(&bytes[..bytes.len() / 2]) else { panic!("a cut PNG decoded") };
        assert!(e.starts_with("is not a readable PNG"), "{e}");
    }

    #[test]
    fn errors_name_the_field() {
        let p = Path::new("clinic.toml");
        let err = Clinic::parse(p, "name = \"A\"\nwebsite = \"riverside\"\n").unwrap_err().to_string();
        assert!(err.contains("`website`") && !err.contains("did you mean"), "{err}");
        // An address as a card prints it gets the one it means.
        let err = Clinic::parse(p, "name = \"A\"\nwebsite = \"www.clinic.org\"\n").unwrap_err().to_string();
        assert!(err.ends_with("not `www.clinic.org` (did you mean `https://www.clinic.org`?)"), "{err}");
        // An empty phone is told once, as empty, not again as a number with nothing to dial.
        let err = Clinic::parse(p, "name = \"A\"\nphone = \"  \"\n").unwrap_err().to_string();
        assert_eq!(err, "clinic.toml:2: `phone` is empty: fill it in, or leave the line out");
        let err = Clinic::parse(p, "name = \"A\"\nfax = \"1\"\n").unwrap_err().to_string();
        assert!(err.starts_with("clinic.toml:2:") && err.contains("fax"), "{err}");
        let err = Clinic::parse(p, "phone = \"1\"\n").unwrap_err().to_string();
        assert!(err.contains("name"), "{err}");
        let err = Clinic::parse(p, "name = \"A\"\n[[resources]]\nname = \"B\"\nurl = \"ftp://x\"\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("service 1 `B`: `url`"), "{err}");
        // Keys under a `[clinic]` table (a file copied from a pack spec) are told to go at the
        // top, not that `clinic` might mean `name`.
        let err = Clinic::parse(p, "[clinic]\nname = \"A\"\nphone = \"555-0100\"\n").unwrap_err().to_string();
        assert!(err.starts_with("clinic.toml:1:") && err.ends_with("remove the `[clinic]` line"), "{err}");
        assert!(!err.contains("did you mean"), "{err}");
        // A web address with a space before or after it is the address.
        let c = Clinic::parse(p, "name = \"A\"\nwebsite = \" https://valley.example.org \"\n").unwrap();
        assert_eq!(c.website.as_deref(), Some("https://valley.example.org"));
        // Every character the font cannot print, at once.
        let err = Clinic::parse(p, "name = \"Phòng khám 社区 🏥\"\n").unwrap_err().to_string();
        assert!(err.contains("`社` (U+793E), `区` (U+533A), `🏥` (U+1F3E5)"), "{err}");
        assert!(err.ends_with("write them in Latin letters, or leave them out"), "{err}");
        // A control character written as a TOML escape, at its field's line.
        let err = Clinic::parse(p, "name = \"A\"\nhours = \"9 to 5 \\u001b[31m\"\n").unwrap_err().to_string();
        assert_eq!(
            err,
            "clinic.toml:2: `hours` holds a control character (U+001B, escape), which no font draws: remove it"
        );
        // A line break in a multi-line string is no mistake: an address's lines are parted by
        // commas, opening hours' by semicolons, unless a line already ends in punctuation.
        let multi = r#"name = "A"
address = """
Riverside Pavilion, Suite 410
1200 North Avenue

Springfield, IL 62704,
USA"""
hours = '''
Mon–Fri 8:00 to 20:00
Sat 9:00 to 13:00;
Closed on holidays'''
"#;
        let c = Clinic::parse(p, &multi.replace("13:00;\n", "13:00;\r\n")).unwrap();

        let address = "Riverside Pavilion, Suite 410, 1200 North Avenue, Springfield, IL 62704, USA";
        assert_eq!(c.address.as_deref(), Some(address));
        assert_eq!(c.hours.as_deref(), Some("Mon–Fri 8:00 to 20:00; Sat 9:00 to 13:00; Closed on holidays"));
        let quoted =
            Clinic::parse(p, "name = \"St Bart's Parents' Clinic\"\naddress = \"'Old Mill', 1 Quay\"\n")
                .unwrap();
        assert_eq!(quoted.name, "St Bart\u{2019}s Parents\u{2019} Clinic", "curly, as the corpus's");
        assert_eq!(quoted.address.as_deref(), Some("'Old Mill\u{2019}, 1 Quay"), "a quote that opens stays");
    }

    #[test]
    fn every_mistake_is_told_at_once_in_the_files_order() {
        let p = Path::new("clinic.toml");
        let text = "name = \"A\"\nwebsite = \"riverside\"\nphone = \"Tel: 505 555 0142\"\nhours = \"\"\n\n[[resources]]\nname = \"B\"\nurl = \"ftp://x\"\n";
        let err = Clinic::parse(p, text).unwrap_err().to_string();
        let lines: Vec<&str> = err.lines().collect();
        assert_eq!(lines.len(), 4, "{err}");
        for (line, field) in
            [(2, "`website`"), (3, "`phone`"), (4, "`hours` is empty"), (8, "service 1 `B`: `url`")]
        {
            assert!(lines.iter().any(|l| l.starts_with(&format!("clinic.toml:{line}: {field}"))), "{err}");
        }
        let mut sorted = lines.clone();
        sorted.sort_by_key(|l| l.split(':').nth(1).unwrap().parse::<usize>().unwrap());
        assert_eq!(lines, sorted, "in the file's order");
        // A field is told of once: a control character is no glyph of the font either.
        let err =
            Clinic::parse(p, "name = \"A\\u0007\"\nphone = \"505 555 0142\"\n").unwrap_err().to_string();
        assert_eq!(err.lines().count(), 1, "{err}");
        // A misspelt key is told with the rest's mistakes, not alone (they had come a run
        // later), and what it left out is not told again: no "no way to reach" for the
        // service whose `phonee` it was, nor for the clinic whose `phon`.
        let text = "name = \"A\"\nphon = \"555-0100\"\nwebsite = \"clinic.example.org\"\ncorpus_resources = false\n\n[[resources]]\nname = \"Group\"\n\n[[resources]]\nname = \"Line\"\nphonee = \"555-0199\"\n";
        let err = Clinic::parse(p, text).unwrap_err().to_string();
        let lines: Vec<&str> = err.lines().collect();
        assert_eq!(lines.len(), 4, "{err}");
        for (at, said) in [
            (0, "clinic.toml:2: bad clinic file: unknown field `phon`"),
            (1, "clinic.toml:3: `website` must be a web address"),
            (2, "clinic.toml:6: service 1 `Group` has no way to reach it"),
            (3, "clinic.toml:11: bad clinic file: unknown field `phonee`"),
        ] {
            assert!(lines[at].starts_with(said), "{err}");
        }
    }

    #[test]
    fn empty_fields_and_unreachable_services_are_refused_at_their_line() {
        let p = Path::new("clinic.toml");
        let err = |text: &str| Clinic::parse(p, text).unwrap_err().to_string();
        let e = err("name = \"A\"\nphone = \"  \"\n");
        assert!(e.starts_with("clinic.toml:2:") && e.contains("`phone` is empty"), "{e}");
        let e = err("name = \"A\"\nshort_name = \"\"\nphone = \"555-0100\"\n");
        assert!(e.starts_with("clinic.toml:2:") && e.contains("`short_name` is empty"), "{e}");
        let e = err("name = \"A\"\nphone = \"555-O1OO\"\n");
        assert!(
            e.starts_with("clinic.toml:2:")
                && e.contains(
                    "`phone` `555-O1OO` has the letter `O` among its digits (`O1OO`): did you mean `0`?"
                ),
            "{e}"
        );
        assert!(Clinic::parse(p, "name = \"A\"\nphone = \"555-CALL-NOW\"\n").is_ok());
        let e = err("name = \"A\"\nwebsite = \"https://\"\n");
        assert!(
            e.starts_with("clinic.toml:2:") && e.contains("`website` has no site name after `https://`"),
            "{e}"
        );
        let e = err("name = \"A\"\n\n[[resources]]\nname = \"Support group\"\ndescription = \"Thursdays\"\n");
        assert!(
            e.starts_with("clinic.toml:3:") && e.contains("service 1 `Support group` has no way to reach it"),
            "{e}"
        );
        let e = err("name = \"A\"\ncorpus_resources = false\n");
        assert!(e.starts_with("clinic.toml:2:") && e.contains("no way to reach anyone"), "{e}");
        // An address longer than a QR code holds would print without one.
        let long = format!(
            "name = \"A\"\nphone = \"555-0100\"\nwebsite = \"https://example.org/{}\"\n",
            "a".repeat(2400)
        );
        let e = err(&long);
        assert!(e.starts_with("clinic.toml:3:") && e.contains("more than a QR code holds"), "{e}");
        let fits = format!("name = \"A\"\nwebsite = \"https://example.org/{}\"\n", "a".repeat(2300));
        let clinic = Clinic::parse(p, &fits).unwrap();
        assert!(crate::print::handout::qr_modules(clinic.website.as_deref().unwrap()).is_some());
        // A web address is printed too: every character of it must be in the font.
        let e = err("name = \"A\"\nphone = \"555-0100\"\nwebsite = \"https://example.org/\u{1F691}\"\n");
        assert!(e.starts_with("clinic.toml:3:") && e.contains("`website` has the character"), "{e}");
        let e = err("name = \"A\"\nphone = \"ask at the front desk\"\n");
        assert!(
            e.starts_with("clinic.toml:2:") && e.contains("`phone` `ask at the front desk` has no number"),
            "{e}"
        );
        let e = err("name = \"A\"\n[[resources]]\nname = \"B\"\nphone = \"evenings\"\n");
        assert!(e.starts_with("clinic.toml:4:") && e.contains("service 1 `B`: `phone`"), "{e}");
        let e = err("name = \"A\"\nlogo = \"\"\n");
        assert!(e.starts_with("clinic.toml:2:") && e.contains("`logo` is empty"), "{e}");
        let e = err("name = \"A\"\n[[resources]]\nname = \"B\"\nphone = \"555\"\ndescription = \"\"\n");
        assert!(
            e.starts_with("clinic.toml:5:") && e.contains("service 1 `B`: `description` is empty"),
            "{e}"
        );
        // A word processor's no-break hyphen prints as the plain one, dialled as one.
        let c = Clinic::parse(p, "name = \"St\u{2011}Luke\"\nphone = \"555\u{2011}0142\"\n").unwrap();
        assert_eq!((c.name.as_str(), c.phone.as_deref()), ("St-Luke", Some("555-0142")));
        // Every mistake of one service, not only its first.
        let e = err(
            "name = \"A\"\n[[resources]]\nname = \"B\"\nphone = \"Tel: 988\"\nurl = \"crisis.example.gov\"\n",
        );
        assert!(e.contains("clinic.toml:4: service 1 `B`: `phone`"), "{e}");
        assert!(e.contains("\nclinic.toml:5: service 1 `B`: `url` must be a web address"), "{e}");
    }

    #[test]
    fn a_logo_printed_as_a_thin_strip_is_warned_about() {
        let clinic = |width: usize, height: usize| Clinic {
            logo: Some(PathBuf::from("logo.png")),
            logo_image: Some(Image { width, height, rgb: vec![255; width * height * 3] }),
            ..Clinic::parse(Path::new("c.toml"), "name = \"A\"").unwrap()
        };
        let warning = clinic(3000, 10).logo_warning().unwrap();
        assert!(warning.contains("3000 × 10 px") && warning.contains("pt tall"), "{warning}");
        let warning = clinic(20, 4000).logo_warning().unwrap();
        assert!(warning.contains("20 × 4000 px") && warning.contains("pt wide"), "{warning}");
        assert_eq!(clinic(800, 200).logo_warning(), None);
        // Scaled down for print, the logo is still named by its file's own size, at its line.
        let scaled = Clinic {
            logo_image: Some(Image { width: 833, height: 17, rgb: vec![255; 833 * 17 * 3] }),
            logo_source: Some((2000, 40, "clinic.toml:6".into())),
            ..clinic(1, 1)
        };
        let warning = scaled.logo_warning().unwrap();
        assert!(
            warning.starts_with("clinic.toml:6: clinic logo") && warning.contains("2000 × 40 px"),
            "{warning}"
        );
    }

    #[test]
    fn every_kind_of_space_becomes_a_plain_one() {
        let p = Path::new("clinic.toml");
        let c = Clinic::parse(
            p,
            "name = \"River\u{2009}side\u{3000}Clinic\"\nhours = \"Mon\u{2003}9\u{00A0}am\t–\u{202F}5 pm\"\n",
        )
        .unwrap();
        assert_eq!(c.name, "River side Clinic");
        assert_eq!(c.hours.as_deref(), Some("Mon 9 am – 5 pm"));
        let err = Clinic::parse(p, "name = \"A\u{200B}B\"\n").unwrap_err().to_string();
        assert!(err.contains("U+200B") && err.contains("`name`"), "{err}");
    }

    /// A PNG whose header declares `width`×`height` RGBA pixels, with a tiny data chunk: what
    /// a decompression bomb looks like before its pixels.
    fn png_header(width: u32, height: u32) -> Vec<u8> {
        fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
            out.extend((data.len() as u32).to_be_bytes());
            let start = out.len();
            out.extend(kind);
            out.extend(data);
            let mut crc = !0u32;
            for &b in &out[start..] {
                crc ^= b as u32;
                for _ in 0..8 {
                    crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
                }
            }
            out.extend((!crc).to_be_bytes());
        }
        let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
        let ihdr = [&width.to_be_bytes()[..], &height.to_be_bytes(), &[8, 6, 0, 0, 0]].concat();
        chunk(&mut out, b"IHDR", &ihdr);
        chunk(&mut out, b"IDAT", &[0x78, 0x9c, 0x63, 0x00, 0x00]);
        chunk(&mut out, b"IEND", &[]);
        out
    }

    #[test]
    fn an_oversize_logo_is_refused_from_its_header() {
        // 20000 × 20000 RGBA would need 1.6 GB to decode; refusing must allocate none of it.
        let err = decode_png(&png_header(20_000, 20_000)).unwrap_err();
        assert!(err.contains("width 20000") && err.contains("IHDR"), "{err}");
        let err = decode_png(&png_header(10, 5000)).unwrap_err();
        assert!(err.contains("height 5000"), "{err}");
    }
}
