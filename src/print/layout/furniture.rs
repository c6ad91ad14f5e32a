//! Page furniture: the running header (clinic name, module title), the footer lines and
//! "Page X of Y", set as artifacts (not part of the text a screen reader reads), but for the
//! first page's footer, which a screen reader reads once as text ([`FOOTER_NOTE`]).

use super::lines::{break_lines, plain_spans};
use super::ratio::*;
use super::{FOOTER_NOTE, Ink, Line, Options, Page, Role, Rule, Run, Stroke};
use crate::print::fonts::{FontStyle, fonts};

pub(super) fn footer_lines(opts: &Options, first_page: bool, language: &str) -> Vec<Vec<Run>> {
    let p = &opts.profile;
    let skip = if first_page { 0 } else { opts.footer_first.min(opts.footer.len()) };
    let last = opts.footer.len().saturating_sub(1);
    // The disclaimer, last, in the page's language (the source lines are the documents' own).
    let disclaimer = crate::print::labels::labels(language).disclaimer;
    opts.footer[skip..]
        .iter()
        .enumerate()
        .map(
            |(i, text)| {
                if skip + i == last && language != opts.language { disclaimer } else { text.as_str() }
            },
        )
        .flat_map(|text| {
            break_lines(
                &plain_spans(text),
                p.small,
                FontStyle::Regular,
                opts.page.text_width(),
                false,
                &opts.language,
                Ink::Muted,
            )
        })
        .collect()
}

pub(super) fn small_run(x: f32, text: &str, style: FontStyle, size: f32) -> Run {
    let width = fonts().width(style, text, size);
    Run {
        x,
        text: text.to_string(),
        style,
        size,
        width,
        ink: Ink::Muted,
        link: None,
        hyphen: false,
        tracking: 0.0,
        space_after: false,
    }
}

/// `text` as it fits in `room` points: whole, or cut after a word with "…" (after a character
/// where even the first word is too wide). A cut does not end on a short lowercase word ("to",
/// "of the", "y"): "what a family needs…", not "what a family needs to…".
fn shortened(text: &str, style: FontStyle, size: f32, room: f32) -> String {
    let f = fonts();
    if f.width(style, text, size) <= room {
        return text.to_string();
    }
    let room = room - f.width(style, "…", size);
    let mut cut = 0;
    for (i, ch) in text.char_indices() {
        let end = i + ch.len_utf8();
        if f.width(style, &text[..end], size) > room {
            break;
        }
        if text[end..].starts_with(' ') || cut == 0 || !text[..end].contains(' ') {
            cut = end;
        }
    }
    let trim = |t: &'_ str| -> usize { t.trim_end_matches([' ', ',', ';', ':', '-', '—', '·']).len() };
    let mut kept = &text[..trim(&text[..cut])];
    while let Some((before, last)) = kept.rsplit_once(' ') {
        let weak = last.chars().count() <= 3 && last.chars().all(char::is_lowercase);
        if !weak || trim(before) == 0 {
            break;
        }
        kept = &before[..trim(before)];
    }
    format!("{kept}…")
}

/// A running header's title (a module's, "Where to get help (continued)") as printed: cut
/// to what the clinic's name leaves, at most half the line.
pub(super) fn header_title(module: &str, opts: &Options) -> String {
    let p = &opts.profile;
    let width = opts.page.width - 2.0 * opts.page.margin;
    let title_room = match &opts.header {
        Some(name) => (width - fonts().width(FontStyle::Bold, name, p.small) - p.small).max(width / 2.0),
        None => width,
    };
    shortened(module, FontStyle::Regular, p.small, title_room)
}

/// Room the widest of `titles` (as [`header_title`] cut them) takes in the running header,
/// with the space before it: the clinic's name is cut alike on every page with a title, to
/// what the widest title leaves it.
pub(super) fn header_title_room<'a>(titles: impl IntoIterator<Item = &'a str>, opts: &Options) -> f32 {
    let size = opts.profile.small;
    titles.into_iter().map(|t| fonts().width(FontStyle::Regular, t, size) + size).fold(0.0, f32::max)
}

/// Adds the running header (clinic name left, module title right, as [`header_title`] cut
/// it), the footer lines and "Page X of Y" to a page. `title_room` is what the widest title
/// of the document takes ([`header_title_room`]).
#[allow(clippy::too_many_arguments)]
pub(super) fn decorate(
    pg: &mut Page,
    index: usize,
    total: usize,
    footer: &[Vec<Run>],
    module: Option<&str>,
    title_room: f32,
    opts: &Options,
    language: &str,
) {
    let page = opts.page;
    let p = &opts.profile;
    let lh = p.small * SMALL_LEADING;
    let right = page.width - page.margin;
    let mut header = Vec::new();
    // The clinic's name left and the module's title right share the line; what does not fit is
    // shortened, the module's title to at most half the line first (both are printed whole
    // elsewhere: the name in the contact block, the title above its module). The name is cut
    // alike on every page with a title: beside the widest title any page has. A page without
    // one gives it the whole line: a nurse's handout had read "Saint Bartholomew's Regional…"
    // on every page, half the line empty beside it, for the title of its last page.
    let width = page.width - 2.0 * page.margin;
    if let Some(name) = &opts.header {
        let room = if module.is_some() { width - title_room } else { width };
        let name = shortened(name, FontStyle::Bold, p.small, room);
        header.push(small_run(page.margin, &name, FontStyle::Bold, p.small));
    }
    if let Some(m) = module {
        let w = fonts().width(FontStyle::Regular, m, p.small);
        header.push(small_run(right - w, m, FontStyle::Regular, p.small));
    }
    if !header.is_empty() {
        let y = page.margin + p.small;
        pg.lines.insert(
            0,
            Line {
                y,
                runs: header,
                role: Role::Artifact,
                block: usize::MAX,
                list: None,
                label: false,
                lang: None,
            },
        );
        pg.rules.push(Rule {
            x1: page.margin,
            x2: right,
            y: y + p.small * HEADER_RULE,
            stroke: Stroke::Line,
        });
    }
    let last_baseline = page.height - page.margin;
    let first_baseline = last_baseline - footer.len() as f32 * lh;
    pg.rules.push(Rule {
        x1: page.margin,
        x2: right,
        y: first_baseline - lh + p.small * FOOTER_RULE,
        stroke: Stroke::Line,
    });
    for (i, runs) in footer.iter().enumerate() {
        let y = first_baseline + i as f32 * lh;
        let mut runs: Vec<Run> = runs.iter().map(|r| Run { x: page.margin + r.x, ..r.clone() }).collect();
        // The first page's footer (the sources and the disclaimer) is read once, as text
        // ([`FOOTER_NOTE`]), its lines one paragraph with a space between them.
        if index == 0
            && let Some(last) = runs.last_mut()
        {
            last.space_after = true;
        }
        pg.lines.push(Line {
            y,
            runs,
            role: Role::Artifact,
            block: if index == 0 { FOOTER_NOTE } else { usize::MAX },
            list: None,
            label: false,
            lang: None,
        });
    }
    let labels = crate::print::labels::labels(language);
    let number = labels.page_of(index + 1, total);
    let w = fonts().width(FontStyle::Bold, &number, p.small);
    let mut runs = Vec::new();
    // "Edition …" in the page's language.
    let edition = opts.edition.as_ref().map(|code| format!("{} {code}", labels.edition));
    let stamp = match (&opts.running_title, &edition) {
        // After the first page (whose title heads it), the title goes before the stamp, cut to
        // what the line leaves: a loose page says what it belongs to.
        (Some(title), Some(stamp)) if index > 0 => {
            let joined = |t: &str| format!("{t} · {stamp}");
            // The room left by the widest page number the document can have, so the title is
            // cut at the same place on every page ("Page 10 of 12" is wider than "Page 9").
            let f = fonts();
            let digit_width = |c: &char| f.width(FontStyle::Bold, &c.to_string(), p.small);
            let widest = ('0'..='9').max_by(|a, b| digit_width(a).total_cmp(&digit_width(b))).unwrap_or('0');
            let widest_number: String = labels
                .page_of(total, total)
                .chars()
                .map(|c| if c.is_ascii_digit() { widest } else { c })
                .collect();
            let number_room = f.width(FontStyle::Bold, &widest_number, p.small);
            let room = width - number_room - p.small - f.width(FontStyle::Regular, &joined(""), p.small);
            Some(joined(&shortened(title, FontStyle::Regular, p.small, room)))
        }
        (_, stamp) => stamp.clone(),
    };

    if let Some(stamp) = &stamp {
        runs.push(small_run(page.margin, stamp, FontStyle::Regular, p.small));
    }
    runs.push(small_run(right - w, &number, FontStyle::Bold, p.small));
    pg.lines.push(Line {
        y: last_baseline,
        runs,
        role: Role::Artifact,
        block: usize::MAX,
        list: None,
        label: false,
        lang: None,
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::print::layout::tests::opts;
    use crate::print::layout::{PageSpec, Profile};

    #[test]
    fn a_shortened_text_does_not_end_on_a_short_word() {
        let size = 10.0;
        let f = fonts();
        let text = "Kratom: what a family needs to know about detox";
        // Room for "Kratom: what a family needs to" and its "…".
        let room = f.width(FontStyle::Regular, "Kratom: what a family needs to…", size) + 0.5;
        assert_eq!(shortened(text, FontStyle::Regular, size, room), "Kratom: what a family needs…");
        let room = f.width(FontStyle::Regular, "Signs of the…", size) + 0.5;
        assert_eq!(shortened("Signs of the warning kind", FontStyle::Regular, size, room), "Signs…");
        // A first word is kept however short, and what fits is left whole.
        let room = f.width(FontStyle::Regular, "to be…", size) + 0.5;
        assert_eq!(shortened("to be or not to be", FontStyle::Regular, size, room), "to…");
        assert_eq!(shortened("Detox", FontStyle::Regular, size, 100.0), "Detox");
    }

    #[test]
    fn the_running_title_is_cut_alike_on_every_page() {
        // "Page 100 of 100" is wider than "Page 9 of 100": a title cut to what each page's
        // number left was cut shorter on later pages.
        // Words of one letter: one of them ends within two digits' width of any cut.
        let words = format!("Kratom: {}", ["I"; 60].join(" "));
        let opts = Options {
            page: PageSpec::A4,
            profile: Profile::LARGE,
            edition: Some("1234abcd".into()),
            running_title: Some(words),
            ..opts()
        };
        let stamp = |index: usize| {
            let mut page = Page::default();
            decorate(&mut page, index, 100, &[], None, 0.0, &opts, "en");
            page.lines.last().unwrap().runs[0].text.clone()
        };
        let first = stamp(1);
        assert!(first.ends_with("… · Edition 1234abcd"), "{first}");
        for index in [8, 9, 98, 99] {
            assert_eq!(stamp(index), first, "page {}", index + 1);
        }
        assert_eq!(stamp(0), "Edition 1234abcd", "the first page is headed by its title");
    }
}
