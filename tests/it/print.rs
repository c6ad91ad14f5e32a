//! Print quality end to end: course packs, contents and outline, clinic branding, print
//! profiles, margins, paper sizes, determinism. PDFs are read back from the files written.

use crate::common::{
    Project, body_text, body_text_without, letters, outline_count_errors, page_sizes, pdf_outline, pdf_pages,
    pdf_uris, pdf_words,
};

fn read(p: &Project, rel: &str) -> Vec<u8> {
    std::fs::read(p.path().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[test]
fn build_writes_the_example_packs_with_every_word_in_order() {
    let p = Project::shipped();
    p.add_packs();
    let out = p.ok(&["build"]);
    for pack in ["volunteer-briefing", "clinic-staff-course"] {
        assert!(out.contains(&format!("output/packs/{pack}.pdf")), "{out}");
        let bytes = read(&p, &format!("output/packs/{pack}.pdf"));
        let modules: Vec<String> =
            pdf_outline(&bytes).into_iter().filter(|(d, _, _)| *d == 0).map(|(_, t, _)| t).collect();
        let mut headers: Vec<&str> = modules.iter().map(String::as_str).collect();
        headers.push("Example Community Clinic");
        let text = letters(&body_text_without(&bytes, &headers));
        let spec = std::fs::read_to_string(p.path().join(format!("packs/{pack}.toml"))).unwrap();
        // Every section a module names by id is printed whole, in the order the spec names them.
        let mut from = 0;
        for id in spec.split('"').filter(|s| s.starts_with("kratom-addiction#")) {
            let v: serde_json::Value = serde_json::from_str(&p.ok(&["show", id, "--json"])).unwrap();
            let want = letters(v["text"].as_str().unwrap());
            assert!(text.contains(&want), "{pack}: missing {id}");
            let at = text[from..].find(&want).map(|i| i + from);
            assert!(at.is_some(), "{pack}: {id} is printed before the section the spec names ahead of it");
            from = at.unwrap_or(from);
        }
    }
}

#[test]
fn sections_named_one_by_one_print_in_the_order_named() {
    // A module listing Relapse before "What is kratom?" had printed them in the article's
    // order, without a word; a topic still gives the article's order.
    let p = Project::shipped();
    let spec = "title = \"Order\"\n\n[[module]]\ntitle = \"Relapse first\"\n\
                sections = [\"kratom-addiction#relapse\", \"kratom-addiction#what-is-kratom\"]\n\n\
                [[module]]\ntitle = \"Detox\"\ntopics = [\"detox\"]\n";
    std::fs::write(p.path().join("order.toml"), spec).unwrap();
    p.ok(&["pack", "order.toml", "--out", "o"]);
    let titles: Vec<String> =
        pdf_outline(&read(&p, "o/packs/order.pdf")).into_iter().map(|(_, t, _)| t).collect();
    let at = |t: &str| titles.iter().position(|x| x == t).unwrap_or_else(|| panic!("{t}: {titles:?}"));
    assert!(at("Relapse") < at("What is kratom?"), "{titles:?}");
    assert!(at("Detox") < at("Withdrawal"), "{titles:?}");
    // The same for a handout of sections: `-s b -s a` prints b first.
    p.ok(&["handout", "-s", "kratom-addiction#relapse", "-s", "kratom-addiction#detox", "-o", "h.pdf"]);
    let text = pdf_pages(&read(&p, "h.pdf")).concat();
    let (relapse, detox) = (text.find("Relapse is sometimes"), text.find("Detoxification (detox)"));
    assert!(relapse.zip(detox).is_some_and(|(r, d)| r < d), "{text}");
}

#[test]
fn contents_page_numbers_and_bookmarks_point_where_headings_land() {
    let p = Project::shipped();
    p.add_packs();
    p.ok(&["pack", "packs/clinic-staff-course.toml"]);
    let bytes = read(&p, "output/packs/clinic-staff-course.pdf");
    let pages = pdf_pages(&bytes);
    // No-break spaces (a number tied to the word after it) read as spaces.
    let lines = |page: usize| -> Vec<String> {
        pages[page - 1].lines().map(|l| l.trim().replace('\u{a0}', " ")).collect()
    };
    // The contents are on page 2: "Title N" lines.
    let mut entries = 0;
    for line in lines(2).iter().skip(2) {
        let Some((title, number)) = line.rsplit_once(" ") else { continue };
        let title = title.trim_end();
        let Ok(page) = number.parse::<usize>() else { continue };
        // The footer: its source line, and its edition line (after the pack's title from the
        // second page on).
        if line.starts_with("Source:") || line.starts_with("Edition ") || line.contains(" · Edition ") {
            continue;
        }
        assert!(lines(page).iter().any(|l| l == title), "contents say `{title}` is on page {page}");
        entries += 1;
    }
    assert!(entries >= 12, "only {entries} contents entries");
    // Bookmarks nest modules over sections and point at the same pages.
    let outline = pdf_outline(&bytes);
    let modules: Vec<_> =
        outline.iter().filter(|(d, t, _)| *d == 0 && t.starts_with(char::is_numeric)).collect();
    assert_eq!(modules.len(), 4, "{outline:?}");
    assert!(outline.iter().any(|(d, t, _)| *d == 1 && t == "Withdrawal"), "{outline:?}");
    // Modules open on their sections, Treatment's own headings closed under it; the counts
    // a viewer reads to draw the tree agree with it.
    assert!(outline.iter().any(|(d, t, _)| *d == 2 && t == "Therapy"), "{outline:?}");
    assert_eq!(outline_count_errors(&bytes), Vec::<String>::new());
    for (_, title, page) in &outline {
        assert!(lines(*page).iter().any(|l| l == title), "bookmark `{title}` points to page {page}");
    }
    // The contents list what the bookmarks list: every bookmark is a contents entry (Therapy
    // and Medication, headings inside Treatment, had been bookmarks only).
    for (_, title, _) in &outline {
        assert!(
            lines(2).iter().any(|l| l.starts_with(title.as_str())),
            "bookmark `{title}` not in the contents"
        );
    }
    // Running header: the module the page opens with, beside the clinic's name; a module that
    // begins lower down is named from the next page on.
    let treatment = modules.iter().find(|(_, t, _)| t.contains("Treatment")).unwrap().2;
    assert!(pages[treatment - 1].contains("Example Community Clinic"));
    for page in modules[0].2..=pages.len() {
        let mut text = lines(page).into_iter().filter(|l| !l.is_empty());
        let header = text.next().unwrap_or_default();
        let first = text.next().unwrap_or_default();
        let opens = modules.iter().rfind(|(_, t, p)| *p < page || (*p == page && first == **t));
        let expected = opens.map_or("", |(_, t, _)| t.as_str());
        assert!(header.ends_with(expected), "page {page}: header `{header}`, expected `{expected}`");
    }
}

#[test]
fn a_failing_pack_is_reported_and_the_others_still_build() {
    let p = Project::shipped();
    p.add_packs();
    // A spec named twice is built once, not refused as clashing with itself.
    let twice = p.ok(&["pack", "packs/volunteer-briefing.toml", "./packs/volunteer-briefing.toml"]);
    assert_eq!(twice.matches("wrote ").count(), 1, "{twice}");
    std::fs::write(
        p.path().join("packs/broken.toml"),
        "title = \"B\"\n[[module]]\ntitle = \"M\"\ntopics = [\"nope\"]\n",
    )
    .unwrap();
    let out = p.run(&["pack", "packs/broken.toml", "packs/volunteer-briefing.toml"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    // The module's line, and the file named once.
    assert!(err.contains("error: packs/broken.toml:4: module 1 `M`: unknown topic `nope`"), "{err}");
    // (Once more in the last line, which counts the failures.)
    let (told, last) = err.trim_end().rsplit_once('\n').unwrap_or_default();
    assert_eq!(told.matches("packs/broken.toml").count(), 1, "{err}");
    assert_eq!(
        last, "error: 1 of 2 documents failed (packs/broken.toml); the other one was written",
        "{err}"
    );
    assert!(p.path().join("output/packs/volunteer-briefing.pdf").exists());
    assert!(!p.path().join("output/packs/broken.pdf").exists());
}

#[test]
fn large_print_sets_body_text_at_18_points_or_more() {
    let p = Project::shipped();
    p.ok(&["handout", "signs", "--large-print", "-o", "large.pdf"]);
    p.ok(&["handout", "signs", "-o", "standard.pdf"]);
    let words = pdf_words(&read(&p, "large.pdf"));
    let body: Vec<f32> = words.iter().filter(|w| w.3 == "substance").map(|w| w.2).collect();
    assert!(!body.is_empty() && body.iter().all(|s| *s >= 18.0), "{body:?}");
    let heading = words.iter().filter(|w| w.3 == "Signs").map(|w| w.2).fold(0.0, f32::max);
    assert!(heading >= 22.0, "heading {heading}");
    let standard = pdf_words(&read(&p, "standard.pdf"));
    assert!(standard.iter().filter(|w| w.3 == "substance").all(|w| (12.0..18.0).contains(&w.2)));
    assert!(pdf_pages(&read(&p, "large.pdf")).len() > pdf_pages(&read(&p, "standard.pdf")).len());
}

#[test]
fn no_text_outside_the_margins_on_any_paper_or_profile() {
    let p = Project::shipped();
    p.add_packs();
    // A clinic whose name alone is wider than a large-print running header.
    std::fs::write(
        p.path().join("packs/clinics/long.toml"),
        "name = \"St. Bartholomew-Fitzwilliam Regional Behavioral Health and Community Wellness Center\"\n\
         phone = \"555-0100\"\nwebsite = \"https://clinic.example.org/services/substance-use/kratom\"\n",
    )
    .unwrap();
    let cases = [("letter", false), ("a4", false), ("any", false), ("letter", true), ("a4", true)];
    for ((paper, large), clinic) in cases.iter().flat_map(|c| [(c, "example"), (c, "long")]) {
        let clinic = format!("packs/clinics/{clinic}.toml");
        let mut args =
            vec!["handout", "treatment", "signs", "--paper", paper, "--clinic", &clinic, "-o", "m.pdf"];
        if *large {
            args.push("--large-print");
        }
        p.ok(&args);
        let bytes = read(&p, "m.pdf");
        let (w, h) = page_sizes(&bytes)[0];
        // Three quarters of an inch, or half an inch when set in two columns (12 pt body):
        // inside what every office printer prints.
        let words = pdf_words(&bytes);
        let margin = if body_size(&words) < 12.5 { 36.0 } else { 54.0 } - 0.5;
        for (page, b, _, text) in words {
            assert!(
                b[0] >= margin && b[2] <= w - margin && b[1] >= margin - 12.0 && b[3] <= h - margin + 6.0,
                "{paper} large={large} {clinic}: `{text}` on page {page} at {b:?} is outside the margins of {w}×{h}"
            );
        }
    }
}

#[test]
fn a_clinic_name_cut_in_the_running_header_is_cut_alike_on_every_page_with_a_title() {
    // Cut to what each page's module title left, the name read "…Regional…" on one page and
    // "…Behavioral Health…" on the next. A page without a title (the contents) gives it the
    // whole line: a handout had headed every page "Saint Bartholomew's Regional…" beside half
    // a line of white, for the title of its last page.
    let p = Project::shipped();
    p.add_packs();
    std::fs::write(
        p.path().join("packs/clinics/long.toml"),
        "name = \"St. Bartholomew-Fitzwilliam Regional Behavioral Health and Community Wellness Center\"\nphone = \"555-0100\"\n",
    )
    .unwrap();
    std::fs::write(
        p.path().join("packs/mixed.toml"),
        "title = \"Course\"\nclinic = \"clinics/long.toml\"\n\n[[module]]\ntitle = \"What kratom is, what it does to the body and how people use it\"\ntopics = [\"detox\"]\n\n[[module]]\ntitle = \"Signs\"\ntopics = [\"signs\"]\n",
    )
    .unwrap();
    p.ok(&["pack", "packs/mixed.toml"]);
    let pages = pdf_pages(&read(&p, "output/packs/mixed.pdf"));
    let names: Vec<&str> = pages[2..].iter().map(|t| t.split('…').next().unwrap_or_default()).collect();
    assert!(names.len() >= 2, "{pages:?}");
    assert!(names.iter().all(|n| *n == names[0] && n.starts_with("St. Bartholomew")), "{names:?}");
    let contents = pages[1].split('…').next().unwrap_or_default();
    assert!(contents.starts_with(names[0]) && contents.len() > names[0].len(), "{contents} / {}", names[0]);
}

#[test]
fn a_clinic_name_the_header_cuts_is_warned_of_and_a_short_name_heads_the_pages_instead() {
    // Large print had headed every page "St. Bartholomew-Fitzwilliam…" and said nothing.
    let p = Project::shipped();
    let name = "St. Bartholomew-Fitzwilliam Community Behavioral Health and Recovery Center";
    let long = format!("# our details\nname = \"{name}\"\nphone = \"555-0100\"\n");
    std::fs::write(p.path().join("long.toml"), &long).unwrap();
    let args = ["handout", "detox", "--large-print", "--clinic", "long.toml"];
    let out = p.run(&[&args[..], &["-o", "cut.pdf"]].concat());
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    let said = "long.toml:2: the clinic's `name` is cut to `";
    let cut = err.split_once(said).and_then(|(_, rest)| rest.split_once('`')).map(|(cut, _)| cut);
    let cut = cut.unwrap_or_else(|| panic!("no warning of the cut name: {err}"));
    assert!(cut.ends_with('…') && name.starts_with(cut.trim_end_matches('…')), "{cut}");
    assert!(err.contains("in the page header; add a `short_name` for the header"), "{err}");
    let pages = pdf_pages(&read(&p, "cut.pdf"));
    // Each page's name starts as the most cut one does.
    assert!(pages.iter().all(|t| t.trim_start().starts_with(cut.trim_end_matches('…'))), "{pages:?}");
    assert!(pages.last().unwrap().contains("Recovery Center"), "the contact block prints the name whole");

    let short = long.replace("phone =", "short_name = \"St. Bart’s Recovery Center\"\nphone =");
    std::fs::write(p.path().join("short.toml"), short).unwrap();
    let out = p.run(&["handout", "detox", "--large-print", "--clinic", "short.toml", "-o", "short.pdf"]);
    assert!(out.status.success());
    assert!(!String::from_utf8_lossy(&out.stderr).contains("page header"));
    let pages = pdf_pages(&read(&p, "short.pdf"));
    assert!(pages.len() >= 2);
    for page in &pages {
        assert!(page.trim_start().starts_with("St. Bart’s Recovery Center"), "{page}");
    }
    assert!(pages.last().unwrap().contains("Fitzwilliam Community"), "the contact block prints `name` whole");
    // A short name that is still too long is told of at its own line.
    let longer = long.replace("phone =", &format!("short_name = \"{name} of Springfield\"\nphone ="));
    std::fs::write(p.path().join("longer.toml"), longer).unwrap();
    let out = p.run(&["handout", "detox", "--large-print", "--clinic", "longer.toml", "-o", "l.pdf"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("longer.toml:3: the clinic's `short_name` is cut to `"), "{err}");
    // Standard print has room for the whole name: no warning.
    let out = p.run(&["handout", "detox", "--clinic", "long.toml", "-o", "s.pdf"]);
    assert!(!String::from_utf8_lossy(&out.stderr).contains("page header"));
}

#[test]
fn a_page_after_the_first_names_its_handout_in_the_footer() {
    // A page handed over loose said nothing of what it was part of without a clinic header.
    let p = Project::shipped();
    p.ok(&["handout", "treatment", "-o", "t.pdf"]);
    let pages = pdf_pages(&read(&p, "t.pdf"));
    assert!(pages.len() >= 2);
    assert!(!pages[0].contains("· Edition"), "the first page is headed by its title already");
    for page in &pages[1..] {
        assert!(page.contains("Treatment options · Edition "), "{page}");
    }
    // A title too long for the line is cut short, at the same place on every page (page 10
    // has a wider number than page 9; the unit test of `furniture` makes sure of a case where
    // that moves the cut), and the line's two ends never meet.
    p.add_packs();
    let title = "Kratom: what a family needs to know about detox, the warning signs and treatment";
    let clinic = "packs/clinics/example.toml";
    let args = [
        "handout",
        "detox",
        "signs",
        "treatment",
        "effects",
        "--large-print",
        "--paper",
        "a4",
        "--clinic",
        clinic,
    ];
    p.ok(&[&args[..], &["--title", title, "-o", "l.pdf"]].concat());
    let bytes = read(&p, "l.pdf");
    let pages = pdf_pages(&bytes);
    assert!(pages.len() >= 10, "{} pages: too few to reach a two-digit page number", pages.len());
    let cut: Vec<&str> = pages[1..]
        .iter()
        .map(|page| page.split(" · Edition ").next().unwrap().rsplit('\n').next().unwrap().trim())
        .collect();
    assert!(cut[0].ends_with('…') && title.starts_with(cut[0].trim_end_matches('…')), "{cut:?}");
    assert!(cut.iter().all(|c| *c == cut[0]), "the title is cut differently: {cut:?}");
    let words = pdf_words(&bytes);
    for page in 1..page_sizes(&bytes).len() {
        let foot = words.iter().filter(|w| w.0 == page).map(|w| w.1[3]).fold(0.0f32, f32::max);
        let mut line: Vec<[f32; 4]> =
            words.iter().filter(|w| w.0 == page && (w.1[3] - foot).abs() < 1.0).map(|w| w.1).collect();
        line.sort_by(|a, b| a[0].total_cmp(&b[0]));
        for pair in line.windows(2) {
            assert!(
                pair[0][2] <= pair[1][0] + 0.1,
                "page {}: the footer's words overlap: {line:?}",
                page + 1
            );
        }
    }
}

#[test]
fn paper_any_fits_inside_letter_and_a4() {
    let p = Project::shipped();
    p.ok(&["handout", "detox", "--paper", "any", "-o", "any.pdf"]);
    for (w, h) in page_sizes(&read(&p, "any.pdf")) {
        assert!(w <= 595.3 && h <= 792.1, "{w}×{h}");
    }
}

#[test]
fn a_clinic_logo_stands_beside_its_name_where_the_measure_has_room() {
    let p = Project::shipped();
    p.add_packs();
    // Where the first body-size line starting with each word starts.
    let starts = |file: &str, firsts: &[&str]| {
        let words = pdf_words(&read(&p, file));
        let body = body_size(&words);
        // Words joined by a no-break space ("Phone:\u{a0}555-0100") come as one.
        let first = |w: &str| w.split('\u{a0}').next().unwrap_or_default().to_string();
        let x = |text: &str| {
            words.iter().filter(|w| first(&w.3) == text && w.2 >= body - 0.01).map(|w| w.1[0]).next().unwrap()
        };
        firsts.iter().map(|t| x(t)).collect::<Vec<f32>>()
    };
    // One column (large print): the logo, 48 pt wide, at the left of the clinic's entry, whose
    // lines keep one left edge past it; the helpline's entry at the margin. Above the name,
    // the logo cost signs' block a page of its own.
    p.ok(&["handout", "signs", "--large-print", "--clinic", "packs/clinics/example.toml", "-o", "l.pdf"]);
    let x = starts("l.pdf", &["Example", "12", "Phone:", "Hours:", "Web:", "SAMHSA’s"]);
    assert!(x[..5].iter().all(|&e| (e - x[0]).abs() < 0.5) && x[0] > x[5] + 48.0, "{x:?}");
    assert_eq!(pdf_pages(&read(&p, "l.pdf")).len(), 4);
    // A column of two leaves too little beside it: above the name, which starts at the column.
    p.ok(&["handout", "detox", "--clinic", "packs/clinics/example.toml", "-o", "s.pdf"]);
    let x = starts("s.pdf", &["12", "Phone:", "SAMHSA’s"]);
    assert!(x.iter().all(|&e| (e - x[0]).abs() < 0.5), "{x:?}");
}

#[test]
fn the_lines_going_along_with_a_contact_block_leave_no_word_split_over_the_page() {
    // The paragraph before the block gives it its last two lines; where the line before those
    // ended on a hyphen, the reader turned the page mid-word ("reg-" | "ular basis"). A third
    // line now goes along where the block's page holds it.
    let p = Project::shipped();
    p.add_packs();
    let args =
        ["handout", "detox", "signs", "treatment", "--justify", "--clinic", "packs/clinics/example.toml"];
    p.ok(&[&args[..], &["-o", "all.pdf"]].concat());
    let bytes = read(&p, "all.pdf");
    let body = body_size(&pdf_words(&bytes));
    assert_eq!(pages_ending_mid_word(&bytes, body), Vec::<usize>::new());
    // Three sheets: slightly tighter spacing in the columns saves the fourth.
    assert_eq!(pdf_pages(&bytes).len(), 3);
}

#[test]
fn a_clinic_contact_block_costs_no_sheet_and_never_stands_alone() {
    let p = Project::shipped();
    p.add_packs();
    // The entry's lines (name, address, phone, hours, web) stand close, as on a card: detox
    // with the example clinic took two sheets, the second 96% blank but for the block.
    p.ok(&["handout", "detox", "--clinic", "packs/clinics/example.toml", "-o", "c.pdf"]);
    assert_eq!(pdf_pages(&read(&p, "c.pdf")).len(), 1);
    // In large print, treatment's block fits a page, but not with the text before it: moved
    // whole, it had A4's last page to itself and left the page before a third full. It then
    // followed the text, broken between its entries; now, with the logo beside the clinic's
    // name, it goes whole with the text's last lines.
    p.ok(&[
        "handout",
        "treatment",
        "--large-print",
        "--paper",
        "a4",
        "--clinic",
        "packs/clinics/example.toml",
        "-o",
        "t.pdf",
    ]);
    let pages: Vec<String> = pdf_pages(&read(&p, "t.pdf")).iter().map(|t| t.replace('\u{a0}', " ")).collect();
    let at = pages.iter().position(|t| t.contains("Where to get help")).unwrap();
    let (before, block) = pages[at].split_once("Where to get help").unwrap();
    let before = before.replacen("Example Community Clinic", "", 1);
    assert!(before.split_whitespace().count() >= 10, "the block starts a page alone: {}", pages[at]);
    assert!(block.contains("12 River Road") && block.contains("555-0100"), "{block}");
    assert!(pages.len() <= 6, "{} pages", pages.len());
}

#[test]
fn a_contact_block_heading_the_next_column_takes_no_lines_along() {
    // Getting help's last paragraph gave its last two lines to the block, which then headed
    // the right column under them: the left column stopped mid-sentence half-way down.
    let p = Project::shipped();
    p.add_packs();
    p.ok(&["handout", "getting-help", "--clinic", "packs/clinics/example.toml", "-o", "g.pdf"]);
    let bytes = read(&p, "g.pdf");
    assert_eq!(pdf_pages(&bytes).len(), 1);
    let (width, _) = page_sizes(&bytes)[0];
    let words = pdf_words(&bytes);
    let heading = words.iter().find(|w| w.3 == "Where").expect("the block's heading");
    assert!(heading.1[0] > width / 2.0, "the block heads the right column: {heading:?}");
    let above: Vec<&str> = words
        .iter()
        .filter(|w| w.1[0] > width / 2.0 && w.1[1] < heading.1[1] && w.1[1] > 120.0)
        .map(|w| w.3.as_str())
        .collect();
    assert!(above.is_empty(), "text above the block in its column: {above:?}");
}

#[test]
fn clinic_branding_header_contact_block_and_qr() {
    let p = Project::shipped();
    p.add_packs();
    p.ok(&["handout", "detox", "--clinic", "packs/clinics/example.toml", "-o", "c.pdf"]);
    let pages: Vec<String> = pdf_pages(&read(&p, "c.pdf")).iter().map(|t| t.replace('\u{a0}', " ")).collect();
    for page in &pages {
        assert!(page.starts_with("Example Community Clinic"), "header missing: {page}");
    }
    let last = pages.last().unwrap();
    for text in
        ["Where to get help", "12 River Road, Springfield", "Phone: 555-0100", "https://clinic.example.org"]
    {
        assert!(last.contains(text), "last page lacks {text}: {last}");
    }
    // The clinic's and its resource's numbers dial with a tap, and say so to a screen reader.
    let links = crate::common::pdf_link_descriptions(&read(&p, "c.pdf"));
    for (uri, description) in [
        ("tel:5550100", "Call 555-0100"),
        ("tel:5550199", "Call 555-0199"),
        ("https://clinic.example.org", "https://clinic.example.org"),
    ] {
        assert!(links.iter().any(|(u, d)| u == uri && d == description), "no link to {uri}: {links:?}");
    }
    // Without a clinic, the corpus's own resource is the contact block.
    p.ok(&["handout", "detox", "-o", "d.pdf"]);
    let text = body_text(&read(&p, "d.pdf")).split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(text.contains("Behavioral Health Treatment Services Locator (SAMHSA)"), "{text}");
    // Each printed web address has a QR code that reads back as that address.
    assert_eq!(crate::common::pdf_qr_codes(&read(&p, "c.pdf")), ["https://clinic.example.org"]);
    assert_eq!(crate::common::pdf_qr_codes(&read(&p, "d.pdf")), ["https://findtreatment.gov"]);
    // The clinic's block keeps the corpus's helpline, for when the clinic is closed, but not
    // the treatment locator: the clinic treats this patient. A clinic can leave both out.
    assert!(last.contains("SAMHSA’s National Helpline") && last.contains("1-800-662-4357"), "{last}");
    assert!(!last.contains("findtreatment.gov"), "{last}");
    // Unless the text sends the reader to the locator ("Getting help", in treatment): then
    // its address and code are how to act on that sentence.
    p.ok(&["handout", "treatment", "--clinic", "packs/clinics/example.toml", "-o", "t.pdf"]);
    let treatment = pdf_pages(&read(&p, "t.pdf"));
    let block = treatment.last().unwrap().split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(block.contains("Web: https://findtreatment.gov") && block.contains("555-0100"), "{block}");
    assert_eq!(
        crate::common::pdf_qr_codes(&read(&p, "t.pdf")),
        ["https://clinic.example.org", "https://findtreatment.gov"]
    );
    let own = std::fs::read_to_string(p.path().join("packs/clinics/example.toml")).unwrap();
    std::fs::write(p.path().join("packs/clinics/own.toml"), format!("corpus_resources = false\n{own}"))
        .unwrap();
    p.ok(&["handout", "detox", "--clinic", "packs/clinics/own.toml", "-o", "o.pdf"]);
    let text = pdf_pages(&read(&p, "o.pdf")).join(" ");
    assert!(!text.contains("1-800-662-4357") && text.contains("555-0199"), "{text}");
}

#[test]
fn bad_clinic_files_name_the_field() {
    let p = Project::shipped();
    let logo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("packs/clinics/example-logo.png");
    std::fs::copy(logo, p.path().join("example-logo.png")).unwrap();
    // Each error names the file, the line the value is on, and the field.
    for (content, at, expected) in [
        ("name = \"A\"\nwebsite = \"clinic\"\n", ":2:", "`website`"),
        ("name = \"A\"\nfax = \"1\"\n", ":2:", "fax"),
        ("name = \"A\"\n\nlogo = \"missing.png\"\n", ":3:", "`logo`"),
        ("phone = \"1\"\n", ":1:", "name"),
        ("name = \" \"\n", ":1:", "`name` must not be empty"),
        (
            "name = \"A\"\n[[resources]]\nname = \"B\"\nphone = \"555-0199\"\n[[resources]]\nname = \"C\"\nurl = \"ftp://x\"\n",
            ":7:",
            "service 2 `C`: `url`",
        ),
        (
            "name = \"A\"\n[[resources]]\nname = \"B\"\nphone = \"\u{263A}\"\n",
            ":4:",
            "service 1 `B`: `phone`",
        ),
        // An extension alone is no number to call; a misspelt key names the one meant.
        ("name = \"A\"\nphone = \"ext. 4567\"\n", ":2:", "`ext. 4567` has no number to dial"),
        // A label before the number printed "Phone: Tel: …" with no link to dial; "two" typed
        // into the digits dialled the keys of its letters, a wrong number.
        (
            "name = \"A\"\nphone = \"Tel: 505 555 0142 (front desk)\"\n",
            ":2:",
            "starts with `Tel:`: write only the number",
        ),
        ("name = \"A\"\nphone = \"505-555-014two\"\n", ":2:", "letters among the digits of `014two`"),
        ("name = \"A\"\nwebiste = \"https://x.org\"\n", ":2:", "did you mean `website`?"),
        // Another word for the field (a service's address on the web is its `url`), and hours
        // written as a list.
        (
            "name = \"A\"\n[[resources]]\nname = \"B\"\nwebsite = \"https://x.org\"\n",
            ":4:",
            "did you mean `url`?",
        ),
        ("name = \"A\"\nhours = [\"Mon 9-5\", \"Sat 9-1\"]\n", ":2:", "several lines go between `\"\"\"`"),
        // A logo misspelt is told of the pictures beside the clinic file, not of clinic files
        // (it had been asked "did you mean `clinic.toml`?").
        (
            "name = \"A\"\nlogo = \"exmaple-logo.png\"\n",
            ":2:",
            "did you mean `example-logo.png`? (PNG pictures there: example-logo.png)",
        ),
        // With no picture there to suggest, where the path is read from and what to do.
        (
            "name = \"A\"\nlogo = \"pictures/logo.png\"\n",
            ":2:",
            "the path is read from the clinic file's folder (`.`): correct it, or leave the `logo` line out",
        ),
    ] {
        std::fs::write(p.path().join("clinic.toml"), content).unwrap();
        let err = p.err(&["handout", "detox", "--clinic", "clinic.toml", "-o", "x.pdf"]);
        assert!(err.contains(&format!("clinic.toml{at}")) && err.contains(expected), "{content}: {err}");
        assert!(!p.path().join("x.pdf").exists());
    }
}

#[test]
fn metadata_language_and_reading_grade() {
    let p = Project::shipped();
    let out = p.ok(&["handout", "detox", "-o", "d.pdf"]);
    assert!(out.contains("grade ") && out.contains("edition "), "{out}");
    let bytes = read(&p, "d.pdf");
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    assert_eq!(doc.catalog().unwrap().get(b"Lang").unwrap().as_str().unwrap(), b"en");
    let text = pdf_pages(&bytes).join(" ");
    assert!(text.contains("Edition "), "no edition stamp");
    let v: serde_json::Value =
        serde_json::from_str(&p.ok(&["show", "kratom-addiction#detox", "--json"])).unwrap();
    assert!(v["grade"].as_f64().unwrap() > 0.0);
}

#[test]
fn editions_follow_the_documents_not_the_synonym_table() {
    // A clinic reads the edition to know whether a handout changed; the synonym table only
    // changes search, so editing it prints the same editions.
    let p = Project::shipped();
    let edition = |out: &str| out.split("edition ").nth(1).map(|e| e[..8].to_string()).expect(out);
    let first = edition(&p.ok(&["handout", "detox", "-o", "a.pdf"]));
    let table = p.path().join("corpus/synonyms.toml");
    let mut synonyms = std::fs::read_to_string(&table).unwrap();
    synonyms = synonyms.replacen("[synonyms]\n", "[synonyms]\n\"kratum\" = [\"kratom\"]\n", 1);
    std::fs::write(&table, synonyms).unwrap();
    assert_eq!(edition(&p.ok(&["handout", "detox", "-o", "b.pdf"])), first, "the table changed the edition");
    // A document the handout does not print from, added: every handout's edition had changed.
    p.add_spanish_document_without_resources();
    assert_eq!(edition(&p.ok(&["handout", "detox", "-o", "b.pdf"])), first, "an unused document changed it");
    // The Spanish document lists no resources and borrows the English one's: its handout is
    // made of both, and an edit to either changes its edition.
    let spanish = edition(&p.ok(&["handout", "-s", "es#sintomas", "-o", "es.pdf"]));
    let doc = p.path().join("corpus/kratom-addiction.md");
    let text = std::fs::read_to_string(&doc).unwrap().replacen("three main steps", "three main stages", 1);
    std::fs::write(&doc, text).unwrap();
    assert_ne!(
        edition(&p.ok(&["handout", "detox", "-o", "c.pdf"])),
        first,
        "a document changed, the edition did not"
    );
    assert_ne!(
        edition(&p.ok(&["handout", "-s", "es#sintomas", "-o", "es.pdf"])),
        spanish,
        "its resources changed"
    );
}

#[test]
fn packs_are_byte_identical_across_runs_and_jobs() {
    let p = Project::shipped();
    p.add_packs();
    let env = [("SOURCE_DATE_EPOCH", "1700000000")];
    assert!(p.run_env(&["build", "--jobs", "1", "--out", "one"], &env).status.success());
    assert!(p.run_env(&["build", "--jobs", "2", "--out", "two"], &env).status.success());
    for pack in ["volunteer-briefing", "clinic-staff-course"] {
        let a = read(&p, &format!("one/packs/{pack}.pdf"));
        let b = read(&p, &format!("two/packs/{pack}.pdf"));
        assert!(a == b, "{pack}.pdf differs between runs");
    }
    // Where a module is written in the spec is not what the pack prints: blank lines and a
    // comment above the modules leave the file (and its edition) as it was.
    let spec = std::fs::read_to_string(p.path().join("packs/volunteer-briefing.toml")).unwrap();
    let moved = spec.replacen("[[module]]", "# Modules, in order.\n\n\n[[module]]", 1);
    assert_ne!(moved, spec);
    std::fs::write(p.path().join("packs/volunteer-briefing.toml"), moved).unwrap();
    assert!(p.run_env(&["build", "--jobs", "1", "--out", "three"], &env).status.success());
    let (a, c) =
        (read(&p, "one/packs/volunteer-briefing.pdf"), read(&p, "three/packs/volunteer-briefing.pdf"));
    assert!(a == c, "moving a module down the spec changed the pack");
}

#[test]
fn pdfs_are_tagged_with_headings_paragraphs_and_lists() {
    let p = Project::shipped();
    p.ok(&["handout", "detox", "-o", "t.pdf"]);
    let bytes = read(&p, "t.pdf");
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    let catalog = doc.catalog().unwrap();
    let marked = catalog.get(b"MarkInfo").and_then(|m| m.as_dict()).and_then(|m| m.get(b"Marked")).unwrap();
    assert!(marked.as_bool().unwrap());
    // Walk the structure tree and collect the element types in order.
    let root = doc.get_dictionary(catalog.get(b"StructTreeRoot").unwrap().as_reference().unwrap()).unwrap();
    let mut types = Vec::new();
    let mut todo = vec![root.get(b"K").unwrap().clone()];
    while let Some(obj) = todo.pop() {
        match obj {
            lopdf::Object::Reference(id) => {
                if let Ok(d) = doc.get_dictionary(id)
                    && let Ok(s) = d.get(b"S").and_then(|s| s.as_name())
                {
                    types.push(String::from_utf8_lossy(s).into_owned());
                    if let Ok(k) = d.get(b"K") {
                        todo.push(k.clone());
                    }
                }
            }
            lopdf::Object::Array(items) => todo.extend(items.into_iter().rev()),
            _ => {}
        }
    }
    for t in ["Document", "H1", "H2", "P", "L", "LI"] {
        assert!(types.iter().any(|x| x == t), "no {t} element in {types:?}");
    }
    // Every page maps its marked content back to the tree.
    for (_, page) in doc.get_pages() {
        assert!(doc.get_dictionary(page).unwrap().get(b"StructParents").is_ok());
    }
}

/// The document's Info title, read back from the file.
fn info_title(bytes: &[u8]) -> String {
    let doc = lopdf::Document::load_mem(bytes).unwrap();
    let info = doc.trailer.get(b"Info").and_then(|o| o.as_reference()).unwrap();
    match doc.get_dictionary(info).unwrap().get(b"Title").unwrap() {
        lopdf::Object::String(b, _) if b.starts_with(&[0xfe, 0xff]) => String::from_utf16_lossy(
            &b[2..].chunks(2).map(|c| u16::from_be_bytes([c[0], c[1]])).collect::<Vec<_>>(),
        ),
        lopdf::Object::String(b, _) => String::from_utf8_lossy(b).into_owned(),
        other => panic!("title {other:?}"),
    }
}

#[test]
fn standard_handouts_have_distinct_titles_and_actionable_contacts() {
    let p = Project::shipped();
    p.add_packs();
    p.ok(&["build"]);
    let mut titles = Vec::new();
    for (topic, expected) in [
        ("detox", "Detox and withdrawal"),
        ("signs", "Warning signs of addiction"),
        ("treatment", "Treatment options"),
    ] {
        let bytes = read(&p, &format!("output/handouts/{topic}.pdf"));
        let pages = pdf_pages(&bytes);
        let first: Vec<&str> = pages[0].lines().map(str::trim).collect();
        assert_eq!(first[0], expected, "{topic}: H1");
        assert_eq!(first[1], "Kratom addiction", "{topic}: document title beneath");
        assert_eq!(info_title(&bytes), expected);
        titles.push(info_title(&bytes));
    }
    titles.dedup();
    assert_eq!(titles.len(), 3);
    // A one-section handout is titled with its heading, said once, the document beneath.
    p.ok(&["handout", "-s", "kratom-addiction#relapse", "-o", "r.pdf"]);
    let bytes = read(&p, "r.pdf");
    let first: Vec<String> = pdf_pages(&bytes)[0].lines().map(|l| l.trim().to_string()).collect();
    assert_eq!(first[..2], ["Relapse", "Kratom addiction"], "{first:?}");
    assert!(first[2].starts_with("Relapse is sometimes part"), "the heading is not repeated: {first:?}");
    assert_eq!(info_title(&bytes), "Relapse");
    // Topics asked for in another order than the corpus's are named in the order they print
    // (signs come before detox in the article), and the separator never opens a line.
    p.ok(&["handout", "detox", "signs", "--large-print", "-o", "ds.pdf"]);
    let ds = read(&p, "ds.pdf");
    assert_eq!(info_title(&ds), "Warning signs of addiction · Detox and withdrawal");
    let text = pdf_pages(&ds)[0].replace('\u{a0}', " ");
    let lines: Vec<&str> = text.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    let body = lines.iter().position(|l| *l == "Kratom addiction").expect("the document title");
    assert_eq!(lines[..body].join(" "), "Warning signs of addiction · Detox and withdrawal", "{lines:?}");
    assert!(lines.iter().all(|l| !l.starts_with('·')), "{lines:?}");
    assert_eq!(lines[body + 1], "Signs of addiction", "the body opens with signs: {lines:?}");
    // The document title beneath is set upright (clear print avoids italics), so a section
    // without emphasis embeds two faces, not three.
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    let mut faces: Vec<String> = doc
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| d.get(b"Type").and_then(|t| t.as_name()).ok() == Some(b"FontDescriptor".as_slice()))
        .map(|d| String::from_utf8_lossy(d.get(b"FontName").unwrap().as_name().unwrap()).into_owned())
        .map(|n| n.split_once('+').map_or(n.clone(), |(_, face)| face.to_string()))
        .collect();
    faces.sort();
    assert_eq!(faces, ["AtkinsonHyperlegible-Bold", "AtkinsonHyperlegible-Regular"]);
    // Every "Where to get help" block can be acted on: an address and a phone number.
    for file in [
        "output/handouts/detox.pdf",
        "output/handouts/signs.pdf",
        "output/handouts/treatment.pdf",
        "output/packs/volunteer-briefing.pdf",
    ] {
        let bytes = read(&p, file);
        let text = body_text(&bytes).replace('\u{a0}', " ");
        let help =
            &text[text.find("Where to get help").unwrap_or_else(|| panic!("{file}: no contact block"))..];
        for needed in ["Web: https://findtreatment.gov", "Phone: 1-800-662-4357 (1-800-662-HELP)"] {
            assert!(help.contains(needed), "{file}: contact block lacks `{needed}`:\n{help}");
        }
        // On a phone, the address opens and the number dials with a tap.
        let uris = crate::common::pdf_uris(&bytes);
        for uri in ["https://findtreatment.gov", "tel:18006624357"] {
            assert!(uris.iter().any(|u| u == uri), "{file}: no link to {uri}: {uris:?}");
        }
    }
}

#[test]
fn separate_lists_stay_separate_and_items_have_labels_and_bodies() {
    let p = Project::shipped();
    p.ok(&["handout", "--section", "kratom-addiction#effects-and-side-effects", "-o", "e.pdf"]);
    let tree = crate::common::struct_tree(&read(&p, "e.pdf"));
    // The four side-effect lists of the corpus are four lists of 3, 2, 12 and 3 items.
    let sizes: Vec<usize> = tree
        .split("L[Disc](")
        .skip(1)
        .map(|rest| {
            // Items up to the end of this list: stop at the first element that is not an LI.
            let mut n = 0;
            let mut r = rest;
            while let Some(after) = r.strip_prefix("LI(Lbl LBody)") {
                n += 1;
                r = after.trim_start();
            }
            n
        })
        .collect();
    assert_eq!(sizes[..4], [3, 2, 12, 3], "{tree}");
    // In print, a list after a list starts further down than the next item of one list.
    let words = pdf_words(&read(&p, "e.pdf"));
    let top = |w: &str| words.iter().find(|x| x.3 == w).unwrap_or_else(|| panic!("{w}")).1[1];
    let within = top("well-being") - top("calmness");
    let between = top("talkativeness") - top("euphoria");
    assert!(between > within + 4.0, "lists run together: {within} within, {between} between");
}

#[test]
fn one_level_of_nested_lists_is_tagged_inside_its_item_and_deeper_is_rejected() {
    let p = Project::empty();
    let doc = "+++\nid = \"n\"\ntitle = \"Nested\"\nlanguage = \"en\"\nsource = \"Test\"\nreviewed = \"unknown\"\n[sections]\nsteps = [\"steps\"]\n+++\n\n## Steps\n\n1. Call the clinic\n   - ask for the nurse\n   - say it is about kratom\n2. Go to the appointment\n";
    p.write("n.md", doc);
    p.ok(&["handout", "steps", "-o", "n.pdf"]);
    let bytes = read(&p, "n.pdf");
    let tree = crate::common::struct_tree(&bytes);
    assert!(
        tree.contains("L[Decimal](LI(Lbl LBody(L[Disc](LI(Lbl LBody) LI(Lbl LBody)))) LI(Lbl LBody))"),
        "{tree}"
    );
    let text = body_text(&bytes);
    assert!(!text.contains(';'), "{text}");
    for line in ["Call the clinic", "ask for the nurse", "say it is about kratom", "Go to the appointment"] {
        assert!(text.lines().any(|l| l.trim().ends_with(line)), "`{line}` is not a line of its own:\n{text}");
    }
    p.write(
        "n.md",
        doc.replace("   - say it is about kratom\n", "   - say it is about kratom\n     - deeper\n"),
    );
    let err = p.err(&["handout", "steps", "-o", "m.pdf"]);
    assert!(err.contains("n.md:16:") && err.contains("more than one level"), "{err}");
}

/// The pages (1-based, not the last) whose last line of body text, `body` pt, ends on a hyphen
/// that hyphenation added (drawn inside a span with an empty `/ActualText`): a word split over
/// a page turn. A compound's own hyphen ("self-") is text, and not counted.
fn pages_ending_mid_word(bytes: &[u8], body: f32) -> Vec<usize> {
    let doc = lopdf::Document::load_mem(bytes).unwrap();
    let pages = doc.get_pages();
    let mut out = Vec::new();
    for (&n, &id) in &pages {
        let content = doc.get_and_decode_page_content(id).unwrap();
        // For each open marked-content sequence, whether it has an empty ActualText.
        let mut open: Vec<bool> = Vec::new();
        let (mut size, mut last_added) = (0.0, false);
        for op in &content.operations {
            match op.operator.as_str() {
                "BDC" => open.push(op.operands.get(1).and_then(|d| d.as_dict().ok()).is_some_and(|d| {
                    d.get(b"ActualText").ok().and_then(|t| t.as_str().ok()).is_some_and(|t| t.is_empty())
                })),
                "BMC" => open.push(false),
                "EMC" => {
                    open.pop();
                }
                "Tf" => size = op.operands.get(1).and_then(|s| s.as_float().ok()).unwrap_or(0.0),
                "Tj" | "TJ" if (size - body).abs() < 0.01 => last_added = open.iter().any(|&e| e),
                _ => {}
            }
        }
        if last_added && (n as usize) < pages.len() {
            out.push(n as usize);
        }
    }
    out
}

/// The size most words are set in.
fn body_size(words: &[(usize, [f32; 4], f32, String)]) -> f32 {
    let mut counts: std::collections::BTreeMap<i32, usize> = Default::default();
    for w in words {
        *counts.entry((w.2 * 10.0).round() as i32).or_default() += 1;
    }
    counts.into_iter().max_by_key(|&(_, n)| n).map_or(0.0, |(size, _)| size as f32 / 10.0)
}

/// How full each page's text area is, 0..1: from the top margin to the lowest body word,
/// over the space down to the footer. Also each page's first body line.
fn page_fill(bytes: &[u8]) -> Vec<(f32, String)> {
    let words = pdf_words(bytes);
    let pages = pdf_pages(bytes);
    let mut out = Vec::new();
    for i in 0..pages.len() {
        let on_page: Vec<_> = words.iter().filter(|w| w.0 == i).collect();
        // The footer opens with the source on the first page, the disclaimer on the others.
        let footer_top = on_page
            .iter()
            .filter(|w| w.3 == "Source:" || w.3 == "General")
            .map(|w| w.1[1])
            .fold(f32::MAX, f32::min)
            - 12.0;
        assert!(footer_top < f32::MAX / 2.0, "no footer on page {i}");
        let bottom = on_page.iter().map(|w| w.1[3]).filter(|&b| b < footer_top).fold(0.0, f32::max);
        let top = 54.0;
        // The first line of body-size text (running headers and footers are smaller), in
        // the first column when the page has two.
        let middle = page_sizes(bytes)[i].0 / 2.0;
        let body: Vec<_> =
            on_page.iter().filter(|w| w.2 >= body_size(&words) - 0.01 && w.1[0] < middle).collect();
        let top_y = body.iter().map(|w| w.1[3]).fold(f32::MAX, f32::min);
        let first = body
            .iter()
            .filter(|w| (w.1[3] - top_y).abs() < 1.0)
            .map(|w| w.3.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        out.push(((bottom - top) / (footer_top - top), first));
    }
    out
}

#[test]
fn pages_are_filled_and_the_contact_block_never_stands_alone() {
    use outreach::print::handout::{self, Paper, Selection, Settings};
    use outreach::print::layout::PageEnd;
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let corpus = outreach::corpus::Corpus::load(&root.join("corpus")).unwrap();
    let clinic = outreach::print::clinic::Clinic::load(&root.join("packs/clinics/example.toml")).unwrap();
    let mut built: Vec<(String, handout::Handout)> = Vec::new();
    for (paper, large, with_clinic, justify) in [
        (Paper::Letter, false, false, false),
        (Paper::Letter, false, true, false),
        (Paper::A4, false, false, false),
        (Paper::A4, true, false, false),
        (Paper::A4, true, true, false),
        (Paper::Letter, true, true, false),
        (Paper::Letter, false, false, true),
        (Paper::Letter, true, false, true),
        (Paper::A4, true, false, true),
        (Paper::A4, true, true, true),
        (Paper::Any, true, true, false),
        (Paper::Letter, true, true, true),
    ] {
        let settings = Settings {
            paper,
            print: if large {
                outreach::print::handout::PrintProfile::Large
            } else {
                outreach::print::handout::PrintProfile::Standard
            },
            clinic: with_clinic.then(|| clinic.clone()),
            justify,
            ..Settings::default()
        };
        for topic in ["detox", "signs", "treatment"] {
            let topics = vec![topic.to_string()];
            let sel = Selection { topics: topics.clone(), ..Selection::default() };
            let sections = handout::select(&corpus, None, &sel).unwrap().sections;
            let h = handout::build(&corpus, &sections, &topics, &settings).unwrap();
            built
                .push((format!("{topic} {paper:?} large={large} clinic={with_clinic} justify={justify}"), h));
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let index = outreach::search::Engine::new(
        outreach::search::index::open(&root.join("corpus"), &dir.path().join("index"), false).unwrap().0,
    );
    for pack in ["volunteer-briefing", "clinic-staff-course"] {
        let path = root.join(format!("packs/{pack}.toml"));
        let spec = outreach::print::pack::PackSpec::load(&path).unwrap();
        built.push((
            format!("{pack} clinic={}", spec.clinic.is_some()),
            outreach::print::pack::build(&corpus, &index, &spec, &path, 0).unwrap(),
        ));
    }
    let mut excused = Vec::new();
    for (name, h) in &built {
        // No page or column ends on a heading: what it heads is overleaf. (A page that ended
        // on a hyphen-free line moved a paragraph on and left its heading behind.)
        let words = pdf_words(&h.bytes);
        let body = body_size(&words);
        let (width, _) = page_sizes(&h.bytes)[0];
        // Two columns are set in 12 pt, one in 13 pt or more.
        let halves: &[bool] = if body < 12.5 { &[true, false] } else { &[true] };
        for page in 0..h.page_ends.len().saturating_sub(1) {
            for &left in halves {
                let column: Vec<_> = words
                    .iter()
                    .filter(|w| w.0 == page && w.1[1] > 90.0)
                    .filter(|w| halves.len() == 1 || (w.1[0] < width / 2.0) == left)
                    .filter(|w| !["Source:", "General"].contains(&w.3.as_str()))
                    .collect();
                let footer = column.iter().find(|w| w.2 < body - 0.5).map_or(f32::MAX, |w| w.1[1]);
                let lowest = column
                    .iter()
                    .filter(|w| w.1[1] < footer && w.2 >= body - 0.01)
                    .max_by(|a, b| a.1[1].total_cmp(&b.1[1]));
                if let Some(w) = lowest {
                    assert!(w.2 <= body + 0.5, "{name}: page {} ends on a heading (`{}`)", page + 1, w.3);
                }
            }
        }
        // No page turn splits a hyphenated word where the page could end a line earlier at no
        // sheet's cost ("Medication" and two lines, the second ending "typ-", at the foot of
        // large-print justified treatment on A4: the heading now goes over with them).
        // Except before the contact block: the two lines that go along with it are the keep
        // rule's, and a third would cost a sheet where the block fills its page (large-print
        // justified treatment with a clinic, Letter: "see-" | "ing a therapist").
        let texts = pdf_pages(&h.bytes);
        let split: Vec<usize> = pages_ending_mid_word(&h.bytes, body)
            .into_iter()
            .filter(|&n| !texts[n].contains("Where to get help"))
            .collect();
        assert!(split.is_empty(), "{name}: a word split over the turn of page {split:?}");
        let fill = page_fill(&h.bytes);
        assert_eq!(fill.len(), h.page_ends.len());
        for (i, (f, first)) in fill.iter().enumerate().take(fill.len() - 1) {
            let end = h.page_ends[i];
            if *f < 2.0 / 3.0 {
                // Only a page break asked for, or a keep rule that could not be met otherwise.
                assert!(
                    matches!(end, PageEnd::Forced | PageEnd::Keep),
                    "{name}: page {} is only {:.0}% full (starts `{first}`), ended {end:?}",
                    i + 1,
                    f * 100.0
                );
                // Except the text that goes along with a contact block so that the block does
                // not stand alone on the last page: a large one (a clinic's, in large print)
                // can take all the room that page has.
                let with_block = i + 2 == fill.len()
                    && pdf_pages(&h.bytes).last().is_some_and(|t| t.contains("Where to get help"))
                    && fill[i + 1].1 != "Where to get help";
                if end == PageEnd::Keep {
                    // A keep moves a block on; it never leaves a page with a scrap on it (a
                    // lone list item, the rest of its list overleaf).
                    assert!(
                        *f >= 1.0 / 3.0 || (with_block && *f >= 0.2),
                        "{name}: page {} is only {:.0}% full (starts `{first}`): a keep emptied it",
                        i + 1,
                        f * 100.0
                    );
                    excused.push(format!("{name}: page {}", i + 1));
                }
            }
        }
        // The last page is never only the contact block, nor the rest of one: the example
        // clinic's block in large print, with its logo above its name, filled four fifths of a
        // page and had one of its own in signs; beside the name, it takes two list items along.
        let (_, last) = fill.last().unwrap();
        let last_text = pdf_pages(&h.bytes).pop().unwrap_or_default();
        assert!(
            last != "Where to get help" && !last_text.contains("Where to get help (continued)"),
            "{name}: the last page holds only the contact block: {last_text}"
        );
    }
    // Keep rules excuse a short page only where the contact block is large (a clinic's, or
    // in large print: a third of a page or more that must not stand alone); never for the
    // standard handouts as shipped, nor for a pack without a clinic.
    assert!(excused.iter().all(|e| e.contains("large=true") || e.contains("clinic=true")), "{excused:?}");
}

/// A clinic with a long name, address, hours and web address, and two services of its own: a
/// contact block taller than a column of a standard handout, shorter than a page of two.
const LONG_CLINIC: &str = r#"
name = "St. Bartholomew-Fitzwilliam Regional Behavioral Health and Community Wellness Center"
phone = "+1 (555) 010-0123 ext. 4567"
address = "Suite 1400, Northwestern Professional Building, 12345 Martin Luther King Jr. Boulevard, Springfield Heights, Massachusetts 01109-2233"
hours = "Monday, Tuesday, Wednesday and Thursday 8:30 to 19:00; Friday 8:30 to 16:00; Saturday 9:00 to 12:00 (walk-ins welcome); closed Sundays and public holidays"
website = "https://www.stbartholomew-fitzwilliam-behavioralhealth.example.org/services/substance-use/kratom-and-opioids?ref=handout"
logo = "example-logo.png"

[[resources]]
name = "Springfield Heights Family and Friends Recovery Support Circle"
description = "A peer-led group for parents, partners, siblings and friends of people living with addiction. Meets every Tuesday and Thursday evening at 18:30 in the second-floor community room; childcare is available on request."
phone = "555-0199"
url = "https://support.example.org/circle"

[[resources]]
name = "Mobile crisis team"
phone = "555-0911"
"#;

/// The shipped project with its packs, and [`LONG_CLINIC`] as `packs/clinics/long.toml`.
fn with_long_clinic() -> Project {
    let p = Project::shipped();
    p.add_packs();
    std::fs::write(p.path().join("packs/clinics/long.toml"), LONG_CLINIC).unwrap();
    p
}

#[test]
fn a_clinic_address_breaks_after_its_commas() {
    // "Springfield / Heights" was split over two lines of the long clinic's address; each
    // short part of it now stays whole, in large print and in a column of two.
    let p = with_long_clinic();
    for args in [&["detox", "--large-print"][..], &["treatment"][..]] {
        p.ok(&[&["handout"][..], args, &["--clinic", "packs/clinics/long.toml", "-o", "a.pdf"]].concat());
        let words = pdf_words(&read(&p, "a.pdf"));
        assert!(words.iter().any(|w| w.3.contains("Springfield\u{a0}Heights")), "{args:?}");
        assert!(words.iter().any(|w| w.3.contains("Massachusetts\u{a0}01109-2233")), "{args:?}");
    }
}

/// The printed lines of a PDF, each as its words joined by spaces: words of one page, one
/// column (left or right of the middle) and one baseline, left to right.
fn printed_lines(bytes: &[u8]) -> Vec<String> {
    // Words at one height on a page, parted where a gap wider than a word space (the gutter
    // between columns) stands between them; a part starting right of the page's middle is in
    // the right column, read after the left.
    let width = page_sizes(bytes)[0].0;
    // (page, height) → (left, right edge and a word space, text) of each word.
    type Rows = std::collections::BTreeMap<(usize, i64), Vec<(f32, f32, String)>>;
    let mut rows = Rows::new();
    for (page, b, size, text) in pdf_words(bytes) {
        rows.entry((page, (b[1] * 2.0).round() as i64)).or_default().push((b[0], b[2] + size, text));
    }
    let mut lines: std::collections::BTreeMap<(usize, bool, i64), String> = Default::default();
    for ((page, y), mut words) in rows {
        words.sort_by(|a, b| a.0.total_cmp(&b.0));
        let mut right = false;
        for (k, (x, _, text)) in words.iter().enumerate() {
            if k == 0 || *x > words[k - 1].1 {
                right = *x > width / 2.0;
            }
            let line = lines.entry((page, right, y)).or_default();
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(&text.replace('\u{a0}', " "));
        }
    }
    lines.into_values().collect()
}

#[test]
fn a_long_address_beside_a_qr_code_and_opening_hours_break_where_a_reader_expects() {
    // A service's address beside its QR code went on below the code, yet was cut to the
    // measure beside it, inside a word: ".uppercumberlandvalleycountyhe / alth.example.gov".
    // And hours written a day a line ran on ("8:00 to 20:00 / (walk-in evening); Friday").
    let p = Project::shipped();
    p.add_packs();
    let url = "https://www.uppercumberlandvalleycountyhealth.example.gov/naloxone";
    p.write_pack(
        "clinics/rural.toml",
        &format!(
            "name = \"Upper Cumberland Valley County Health Department\"\nphone = \"(931) 555-0142\"\nhours = \"\"\"\nMonday, Tuesday and Thursday, 8:00 to 18:30\nWednesday, 8:00 to 20:00 (walk-in evening)\nFriday, 8:00 to 12:00\nClosed Saturday, Sunday and state holidays\n\"\"\"\n\n[[resources]]\nname = \"Narcan (naloxone) distribution\"\ndescription = \"Free naloxone kits at the front desk; no questions asked.\"\nurl = \"{url}\"\n"
        ),
    );
    for paper in ["letter", "a4"] {
        p.ok(&["handout", "detox", "--paper", paper, "--clinic", "packs/clinics/rural.toml", "-o", "r.pdf"]);
        let lines = printed_lines(&read(&p, "r.pdf"));
        let start = lines.iter().position(|l| l.contains("https://www")).expect("the address is printed");
        let mut address = String::new();
        for (i, line) in lines[start..].iter().enumerate() {
            let piece = if i == 0 { &line[line.find("https://").unwrap()..] } else { line.as_str() };
            // Every line the address goes on to starts with the mark it breaks before.
            assert!(
                i == 0 || piece.starts_with(['.', '/', '-']),
                "{paper}: the address is cut inside a word: {piece:?}"
            );
            address.push_str(piece);
            if address.len() >= url.len() {
                break;
            }
        }
        assert_eq!(address, url, "{paper}");
        for day in [
            "Wednesday, 8:00 to 20:00 (walk-in evening)",
            "Friday, 8:00 to 12:00",
            "Closed Saturday, Sunday and state holidays",
        ] {
            assert!(lines.iter().any(|l| l == day), "{paper}: `{day}` is not a line of its own: {lines:#?}");
        }
    }
    // Each day after the first starts under the first, not under the label, in standard and
    // large print: a second day at the margin had read as another field. In standard print the
    // detox handout fits one sheet in two columns, where hanging would cost lines: a pack keeps
    // one column of 13 pt.
    let pack = p.write_pack(
        "rural.toml",
        "title = \"Detox\"\nclinic = \"clinics/rural.toml\"\n\n[[module]]\ntitle = \"Getting through detox\"\nsections = [\"detox\"]\n",
    );
    for large in [false, true] {
        let (pdf, args) = if large {
            (
                "h.pdf",
                vec![
                    "handout",
                    "detox",
                    "--clinic",
                    "packs/clinics/rural.toml",
                    "-o",
                    "h.pdf",
                    "--large-print",
                ],
            )
        } else {
            ("output/packs/rural.pdf", vec!["pack", &pack])
        };
        p.ok(&args);
        let bytes = read(&p, pdf);
        // The contact block's page (a pack's cover gives the hours too).
        let last = page_sizes(&bytes).len() - 1;
        let words: Vec<_> = pdf_words(&bytes).into_iter().filter(|w| w.0 == last).collect();
        // The label and the first day are one word for the text extractor (a no-break space
        // joins them): the days after it line up with each other, set in from the label by
        // the label's width.
        let left =
            |word: &str| words.iter().find(|w| w.3.starts_with(word)).map(|w| (w.1[0], w.2)).expect(word);
        let (label, size) = left("Hours:");
        let (first, _) = left("Wednesday,");
        assert!(first - label > 2.5 * size, "large={large}: the days start at {first}, the label at {label}");
        for day in ["Friday,", "Closed"] {
            assert!(
                (left(day).0 - first).abs() < 0.5,
                "large={large}: {day} at {} and Wednesday at {first}",
                left(day).0
            );
        }
    }
}

#[test]
fn the_paragraph_before_a_contact_block_goes_along_whole_where_the_two_fit_a_page() {
    // Large print with a clinic of a name and a phone: the block did not fit under the text,
    // two lines of the last paragraph went along with it, and page 5 stopped at "…for anxiety
    // or depression," above 40% of white. The paragraph, and its lead-in, go along whole.
    let p = Project::shipped();
    p.add_packs();
    p.write_pack("clinics/minimal.toml", "name = \"Valley Recovery Clinic\"\nphone = \"555-0100\"\n");
    let args =
        ["handout", "treatment", "--large-print", "--clinic", "packs/clinics/minimal.toml", "-o", "t.pdf"];
    p.ok(&args);
    let pages = pdf_pages(&read(&p, "t.pdf"));
    let block = pages.iter().position(|t| t.contains("Where to get help")).expect("a contact block");
    let before = pages[block - 1].split("General information").next().unwrap().trim_end();
    assert!(before.ends_with("recovery plan."), "the page before the block ends mid-sentence: {before}");
    for text in
        ["The following can help you reduce your risk", "Depending on your situation", "Valley Recovery"]
    {
        assert!(pages[block].contains(text), "`{text}` is not with the block: {}", pages[block]);
    }
}

#[test]
fn a_short_list_before_a_contact_block_is_never_split() {
    // "psychosis", the last of a three-item list, went over to the block's page alone: it kept
    // with the block, and nothing kept the list together past its first item.
    let p = with_long_clinic();
    p.ok(&["handout", "effects", "--large-print", "--clinic", "packs/clinics/long.toml", "-o", "e.pdf"]);
    let pages = pdf_pages(&read(&p, "e.pdf"));
    let at = pages.iter().position(|t| t.contains("psychosis")).unwrap();
    assert!(pages[at].contains("increased motivation"), "the list is split: {}", pages[at]);
}

#[test]
fn a_one_section_handout_keeps_the_clinic_with_its_text() {
    // One column, a section filling half a page, a block filling most of one: the block had
    // page 2 to itself. Its entries now follow the text, the clinic's on page 1.
    let p = with_long_clinic();
    p.ok(&["handout", "-s", "kratom-addiction#detox", "--clinic", "packs/clinics/long.toml", "-o", "d.pdf"]);
    let pages: Vec<String> = pdf_pages(&read(&p, "d.pdf")).iter().map(|t| t.replace('\u{a0}', " ")).collect();
    assert_eq!(pages.len(), 2);
    assert!(pages[0].contains("Where to get help") && pages[0].contains("Suite 1400"), "{}", pages[0]);
    assert!(pages[1].contains("National Helpline"), "{}", pages[1]);
}

#[test]
fn a_page_a_contact_block_ends_early_shares_its_text_between_its_columns() {
    // A clinic's block with three lines of text carried over to its page: page 1's left
    // column had been full and its right column had stopped halfway, which reads as text gone.
    let p = Project::shipped();
    p.add_packs();
    p.write_pack(
        "clinics/tall.toml",
        "name = \"St. Bartholomew-Fitzwilliam Community Behavioral Health and Recovery Center\"\nphone = \"(505) 555-0142 ext. 2140 (front desk)\"\naddress = \"\"\"\nSuite 410\n1200 North Avenue\nSpringfield, NM 87501\n\"\"\"\nhours = \"\"\"\nMonday to Friday, 8:00 to 20:00\nSaturday, 9:00 to 13:00\nSunday, closed\n\"\"\"\nwebsite = \"https://www.stbart-recovery.example.org\"\nlogo = \"example-logo.png\"\n\n[[resources]]\nname = \"Springfield Narcotics Anonymous\"\ndescription = \"Peer support meetings every evening at 7 pm.\"\nphone = \"505-555-0177\"\n\n[[resources]]\nname = \"Springfield County Crisis Line (24 hours)\"\ndescription = \"Call or text any time if you or a family member is in crisis.\"\nphone = \"505-555-0199\"\nurl = \"https://crisis.springfield.example.gov\"\n",
    );
    p.ok(&["handout", "detox", "--paper", "letter", "--clinic", "packs/clinics/tall.toml", "-o", "t.pdf"]);
    let bytes = read(&p, "t.pdf");
    assert_eq!(page_sizes(&bytes).len(), 2);
    let (width, height) = page_sizes(&bytes)[0];
    // The body of page 1, below the running header and the title block, above the footer.
    let words: Vec<_> = pdf_words(&bytes)
        .into_iter()
        .filter(|w| w.0 == 0 && w.1[1] > 150.0 && w.1[1] < height - 90.0)
        .collect();
    let bottom = |left: bool| {
        words.iter().filter(|w| (w.1[0] < width / 2.0) == left).map(|w| w.1[3]).fold(0.0f32, f32::max)
    };
    let top = words.iter().map(|w| w.1[1]).fold(f32::MAX, f32::min);
    let (left, right) = (bottom(true) - top, bottom(false) - top);
    assert!(right >= left * 2.0 / 3.0, "page 1's columns: left {left:.0} pt, right {right:.0} pt");
}

#[test]
fn a_contact_block_taller_than_a_column_moves_to_a_page_with_text() {
    let p = with_long_clinic();
    let header = "St. Bartholomew-Fitzwilliam Regional Behavioral Health and Community Wellness Center";
    for topic in ["detox", "signs", "treatment"] {
        for paper in ["letter", "a4"] {
            p.ok(&["handout", topic, "--paper", paper, "--clinic", "packs/clinics/long.toml", "-o", "c.pdf"]);
            let bytes = read(&p, "c.pdf");
            let pages: Vec<String> = pdf_pages(&bytes)
                .iter()
                .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
                .collect();
            // The block's page and every page before it keep text in both their columns: a
            // fresh page for the block never leaves a blank column behind (it reads as text
            // gone missing); the page it ends early shares its text between its columns.
            let start = pages.iter().position(|t| t.contains("Where to get help")).unwrap();
            let (width, height) = page_sizes(&bytes)[0];
            let words = pdf_words(&bytes);
            for page in 0..=start {
                // Below the running header (the clinic's long name runs past the middle) and
                // above the footer.
                let body = |y: f32| y > 80.0 && y < height - 75.0;
                let on = |left: bool| {
                    words.iter().any(|w| w.0 == page && (w.1[0] < width / 2.0) == left && body(w.1[1]))
                };
                assert!(on(true) && on(false), "{topic} {paper}: page {} has a blank column", page + 1);
            }
            // Text of the handout comes before the heading on its page: never alone.
            let (above, _) = pages[start].split_once("Where to get help").unwrap();
            let words = above.replacen(header, "", 1).split_whitespace().count();
            assert!(words >= 10, "{topic} {paper}: the contact block starts a page alone: {}", pages[start]);
            if topic == "treatment" {
                // Treatment's text before the block would only fill one column of its page:
                // the block starts beside it and carries over.
                continue;
            }
            // The whole block is on the last page: its heading, the clinic, its services and
            // the helpline; no page before holds any of it.
            let last = pages.last().unwrap();
            for part in ["Where to get help", "Recovery Support", "Mobile crisis team", "National Helpline"] {
                assert!(last.contains(part), "{topic} {paper}: `{part}` is not on the last page: {last}");
                let before = pages[..pages.len() - 1].iter().position(|t| t.contains(part));
                assert!(before.is_none(), "{topic} {paper}: `{part}` starts on page {before:?}");
            }
        }
    }
}

#[test]
fn a_page_of_contact_entries_says_whose_they_are() {
    // In large print the long clinic's block is taller than a page: its last entries open a
    // page of their own, which said nothing of what they were.
    let p = with_long_clinic();
    p.ok(&[
        "handout",
        "detox",
        "--large-print",
        "--paper",
        "a4",
        "--clinic",
        "packs/clinics/long.toml",
        "-o",
        "c.pdf",
    ]);
    let pages = pdf_pages(&read(&p, "c.pdf"));
    let continued = "Where to get help (continued)";
    let last = pages.last().unwrap();
    assert!(last.contains(continued), "{last}");
    // Only where the entries go on: not on the page the block starts, nor on text pages.
    let start = pages.iter().position(|t| t.contains("Where to get help") && !t.contains(continued)).unwrap();
    assert!(pages[..=start].iter().all(|t| !t.contains(continued)), "{pages:?}");
    // In a pack, where the block is a chapter of its own, the same (its page had been headed
    // "Where to get help", as if the chapter began there).
    p.write_pack(
        "big.toml",
        "title = \"T\"\nclinic = \"clinics/long.toml\"\nprofile = \"large\"\n\n[[module]]\ntitle = \"Staying well\"\n\
         sections = [\"kratom-addiction#outlook\", \"kratom-addiction#relapse\"]\n",
    );
    p.ok(&["pack", "packs/big.toml"]);
    let pages = pdf_pages(&read(&p, "output/packs/big.pdf"));
    let start =
        pages.iter().rposition(|t| t.contains("Where to get help") && !t.contains(continued)).unwrap();
    assert!(start + 1 < pages.len() && pages[start + 1..].iter().all(|t| t.contains(continued)), "{pages:?}");
}

#[test]
fn a_contact_block_that_fits_a_column_is_not_split_over_two() {
    // A balanced last page set the example clinic's block over both columns: its last
    // entries at the top of the right column, beside the text before its heading.
    let p = Project::shipped();
    p.add_packs();
    for topic in ["detox", "signs", "treatment"] {
        for paper in ["letter", "a4"] {
            p.ok(&[
                "handout",
                topic,
                "--paper",
                paper,
                "--clinic",
                "packs/clinics/example.toml",
                "-o",
                "c.pdf",
            ]);
            let bytes = read(&p, "c.pdf");
            let words = pdf_words(&bytes);
            let last = words.iter().map(|w| w.0).max().unwrap();
            let (width, _) = page_sizes(&bytes)[0];
            // The block's words, in the order they are set: from its heading on.
            let at = words.iter().position(|w| w.0 == last && w.3 == "Where").expect("the contact heading");
            let side = |text: &str| {
                let w = words[at..].iter().find(|w| w.3.starts_with(text));
                w.map(|w| w.1[0] < width / 2.0)
                    .unwrap_or_else(|| panic!("{topic} {paper}: no `{text}` in the block"))
            };
            let heading = side("Where");
            for part in ["Example", "family", "Helpline"] {
                assert_eq!(
                    side(part),
                    heading,
                    "{topic} {paper}: `{part}` is in the other column than the heading"
                );
            }
            // The text before it is not torn for it: a list's last two items stay together
            // (in signs, "poor school or work performance" and "money or legal problems").
            let before = |text: &str| words[..at].iter().rev().find(|w| w.0 == last && w.3 == text);
            if let (Some(a), Some(b)) = (before("poor"), before("money")) {
                let (a, b) = (a.1[0] < width / 2.0, b.1[0] < width / 2.0);
                assert_eq!(a, b, "{topic} {paper}: the list's last two items are split");
            }
        }
    }
}

#[test]
fn links_print_their_address_and_long_words_break_inside_the_margins() {
    let p = Project::empty();
    let url = "https://www.example.org/resources/treatment-services/locator/search?state=all&distance=100&language=en-and-es";
    let word = "Pneumonoultramicroscopicsilicovolcanoconiosis".repeat(3);
    let doc = format!(
        "+++\nid = \"l\"\ntitle = \"Links\"\nlanguage = \"en\"\nsource = \"Test\"\nreviewed = \"unknown\"\n[sections]\nhelp = [\"help\"]\n+++\n\n## Help\n\nSearch the [treatment locator]({url}) for a centre near you. {word} is a long word.\n\n- [Call us](https://example.org/call) any day.\n"
    );
    p.write("l.md", doc);
    for large in [false, true] {
        let mut args = vec!["handout", "help", "-o", "l.pdf"];
        if large {
            args.push("--large-print");
        }
        p.ok(&args);
        let bytes = read(&p, "l.pdf");
        let (w, _) = page_sizes(&bytes)[0];
        for (page, b, _, text) in pdf_words(&bytes) {
            assert!(
                b[0] >= 53.5 && b[2] <= w - 53.5,
                "large={large}: `{text}` on page {page} at {b:?} runs off the page"
            );
        }
        // The address is printed after the link text, whole once its pieces are joined.
        let text = body_text(&bytes);
        let joined: String = text.split_whitespace().collect();
        assert!(joined.contains(&format!("treatmentlocator({url})")), "large={large}: {text}");
        assert!(joined.contains("Callus(https://example.org/call)"), "large={large}: {text}");
        assert!(joined.contains(&word), "large={large}: {text}");
    }
}

#[test]
fn large_print_footer_and_header_are_16_points_or_more() {
    let p = Project::shipped();
    p.add_packs();
    p.ok(&["handout", "detox", "--large-print", "--clinic", "packs/clinics/example.toml", "-o", "l.pdf"]);
    let words = pdf_words(&read(&p, "l.pdf"));
    let mut checked = 0;
    for w in words.iter().filter(|w| {
        ["Source:", "General", "Page", "Edition", "Example"].contains(&w.3.as_str())
            || w.3.starts_with("medical")
    }) {
        assert!(w.2 >= 16.0, "`{}` on page {} is set at {} pt", w.3, w.0, w.2);
        checked += 1;
    }
    assert!(checked >= 10, "only {checked} footer and header words found");
}

#[test]
fn spanish_documents_get_spanish_fixed_text() {
    let p = Project::fixture("mixed");
    p.add_packs();
    p.ok(&["handout", "tratamiento", "--clinic", "packs/clinics/example.toml", "-o", "es.pdf"]);
    let pages = pdf_pages(&read(&p, "es.pdf"));
    let all = pages.join("\n");
    for text in [
        "Fuente: Documento de prueba. Revisado: sin fecha.",
        "Información general, no consejo médico",
        "Página 1 de 1",
        "Edición ",
        "Dónde pedir ayuda",
        "Teléfono:\u{a0}555-0100",
    ] {
        assert!(all.contains(text), "no `{text}` in:\n{all}");
    }
    for english in ["Source:", "General information", "Page 1", "Where to get help", "Phone:"] {
        assert!(!all.contains(english), "English `{english}` in a Spanish handout:\n{all}");
    }
    // What a link does is described in Spanish too.
    let links = crate::common::pdf_link_descriptions(&read(&p, "es.pdf"));
    assert!(links.iter().any(|(u, d)| u == "tel:5550100" && d == "Llamar al 555-0100"), "{links:?}");
    std::fs::write(
        p.path().join("packs/es.toml"),
        "title = \"Curso\"\n[[module]]\ntitle = \"Tratamientos\"\ntopics = [\"tratamiento\"]\n",
    )
    .unwrap();
    p.ok(&["pack", "packs/es.toml"]);
    let pack = pdf_pages(&read(&p, "output/packs/es.pdf")).join("\n");
    assert!(pack.contains("Contenido") && !pack.contains("Contents"), "{pack}");
    let links = crate::common::pdf_link_descriptions(&read(&p, "output/packs/es.pdf"));
    assert!(links.iter().any(|(u, d)| u.is_empty() && d.starts_with("Ir a ")), "contents entries: {links:?}");
    assert!(!links.iter().any(|(_, d)| d.starts_with("Go to") || d.starts_with("Call")), "{links:?}");
}

#[test]
fn a_document_without_resources_prints_the_corpus_contacts_once() {
    // A Spanish document that listed no resources of its own had printed no "Dónde pedir
    // ayuda" at all; two documents listing the same helpline had printed it twice.
    let p = Project::shipped();
    p.add_spanish_document_without_resources();
    p.ok(&["handout", "abstinencia", "-o", "es.pdf"]);
    let text = pdf_pages(&read(&p, "es.pdf")).join("\n");
    assert!(text.contains("Dónde pedir ayuda") && text.contains("1-800-662-4357"), "{text}");
    assert!(!text.contains("911"), "handouts leave the emergency number out: {text}");
    p.ok(&["handout", "abstinencia", "detox", "-o", "both.pdf"]);
    let text = pdf_pages(&read(&p, "both.pdf")).join("\n");
    assert_eq!(text.matches("National Helpline").count(), 1, "{text}");
}

#[test]
fn body_lines_stay_within_75_characters_or_50_in_columns() {
    let p = Project::shipped();
    p.add_packs();
    for (topic, large) in [("detox", false), ("signs", false), ("treatment", false), ("treatment", true)] {
        let mut args = vec!["handout", topic, "-o", "w.pdf", "--clinic", "packs/clinics/example.toml"];
        if large {
            args.push("--large-print");
        }
        p.ok(&args);
        let words = pdf_words(&read(&p, "w.pdf"));
        let body = body_size(&words);
        assert!(body >= if large { 18.0 } else { 12.0 }, "{topic} large={large}: body set at {body} pt");
        // (page, baseline) → (left, right, text) of each word on it.
        type Rows = std::collections::BTreeMap<(usize, i32), Vec<(f32, f32, String)>>;
        let mut rows = Rows::new();
        for (page, b, size, text) in words {
            if (size - body).abs() < 0.01 {
                rows.entry((page, b[3].round() as i32)).or_default().push((b[0], b[2], text));
            }
        }
        // A row of words at one height is one line, or two where a wide gap (the gutter
        // between columns, not a word space) parts it.
        let mut lengths: Vec<usize> = Vec::new();
        for ws in rows.values_mut() {
            ws.sort_by(|a, b| a.0.total_cmp(&b.0));
            let mut n = 0;
            for (k, w) in ws.iter().enumerate() {
                if k > 0 && w.0 - ws[k - 1].1 > body {
                    lengths.push(n - 1);
                    n = 0;
                }
                n += w.2.chars().count() + 1;
            }
            lengths.push(n - 1);
        }
        // One column: 45–75 characters; two columns (rows parted by the gutter): 40–50, the
        // usual measure for columns. Full lines reach the low end, and none passes the high.
        let columns = rows.values().any(|ws| ws.windows(2).any(|w| w[1].0 - w[0].1 > body));
        let (low, high, full_from) = if columns { (40, 50, 44) } else { (45, 75, 60) };
        let longest = lengths.iter().max().copied().unwrap_or(0);
        assert!(longest <= high, "{topic} large={large}: a line of {longest} characters");
        let full = lengths.iter().filter(|&&n| n >= full_from).count();
        assert!(full >= 5, "{topic} large={large}: hardly a full line: {lengths:?}");
        let mut sorted = lengths.clone();
        sorted.sort_unstable();
        let top_quarter = sorted[sorted.len() * 3 / 4];
        assert!(top_quarter >= low, "{topic} large={large}: full lines fall short of {low}: {lengths:?}");
    }
}

#[test]
fn a_contact_block_too_long_to_go_with_the_text_is_warned_about() {
    // In large print, a clinic with four services of its own had its contact block run onto a
    // last page that held nothing else, with no word said.
    let p = Project::shipped();
    p.add_packs();
    let mut clinic = String::from(
        "name = \"Riverside County Department of Public Health, Behavioral Health Services\"\nshort_name = \"Riverside Behavioral Health\"\nphone = \"555-0100\"\naddress = \"Building C, Second Floor, 4100 Old Mill Road, Riverside Valley\"\nhours = \"Monday to Friday, 8:00 to 18:00; Saturday 9:00 to 13:00\"\n",
    );
    for (name, phone) in [
        ("Family support group", "555-0199"),
        ("Naloxone and needle exchange", "555-0142"),
        ("Mobile outreach van", "555-0177"),
        ("Youth counselling line", "555-0123"),
    ] {
        clinic.push_str(&format!(
            "\n[[resources]]\nname = \"{name}\"\ndescription = \"Open to everyone, with no appointment needed, every day of the week and on most holidays.\"\nphone = \"{phone}\"\n"
        ));
    }
    std::fs::write(p.path().join("clinic.toml"), &clinic).unwrap();
    let out = p.run(&["handout", "detox", "--large-print", "--clinic", "clinic.toml", "-o", "l.pdf"]);
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    let pages = pdf_pages(&read(&p, "l.pdf"));
    let n = pages.len();
    assert!(
        err.contains(&format!("clinic.toml:7: the contact block does not fit on a page with the text before it at this size: its last entries print alone on page {n} of {n}")),
        "{err}"
    );
    // As said: the last page holds the block's last entries and none of the article's text.
    let last = &pages[n - 1];
    assert!(last.contains("Youth counselling line") && !last.contains("Kratom detox"), "{last}");
    // A block that goes with the text is not warned about.
    let out = p.run(&[
        "handout",
        "detox",
        "--large-print",
        "--clinic",
        "packs/clinics/example.toml",
        "-o",
        "e.pdf",
    ]);
    assert!(!String::from_utf8_lossy(&out.stderr).contains("contact block"));
}

#[test]
fn a_low_resolution_logo_is_warned_about() {
    let p = Project::shipped();
    p.add_packs();
    let mut png_bytes = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut png_bytes, 96, 96);
        enc.set_color(png::ColorType::Grayscale);
        enc.set_depth(png::BitDepth::Eight);
        enc.write_header().unwrap().write_image_data(&[90u8; 96 * 96]).unwrap();
    }
    std::fs::write(p.path().join("small.png"), png_bytes).unwrap();
    std::fs::write(p.path().join("clinic.toml"), "name = \"Small logo clinic\"\nlogo = \"small.png\"\n")
        .unwrap();
    let out = p.run(&["handout", "detox", "--clinic", "clinic.toml", "-o", "s.pdf"]);
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("prints at 144 ppi (96 px tall at 48 pt)") && err.contains("at least 134 px"),
        "{err}"
    );
    // The shipped example logo is sharp enough.
    let out = p.run(&["handout", "detox", "--clinic", "packs/clinics/example.toml", "-o", "e.pdf"]);
    assert!(!String::from_utf8_lossy(&out.stderr).contains("ppi"));
}

#[test]
fn a_handout_of_a_lead_in_whose_list_is_lost_warns_of_it() {
    // Relapse says "The following can help you …:" and the source lost the list: a nurse
    // printing it is told, not only an editor running `check`.
    let p = Project::shipped();
    let line = 1 + std::fs::read_to_string(p.corpus().join("kratom-addiction.md"))
        .unwrap()
        .lines()
        .position(|l| l.starts_with("The following can help you reduce your risk"))
        .unwrap();
    let out = p.run(&["handout", "-s", "relapse", "-o", "r.pdf"]);
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!(
            "warning: r.pdf: section `kratom-addiction#relapse`, line {line}: `The following can help you reduce your risk …` ends with `:` but no list follows it"
        )),
        "{err}"
    );
    let out = p.run(&["handout", "detox", "-o", "d.pdf"]);
    assert!(!String::from_utf8_lossy(&out.stderr).contains("no list follows"));
    // A pack whose two modules print the section says it once.
    let spec = p.write_pack(
        "twice.toml",
        "title = \"T\"\n[[module]]\ntitle = \"A\"\nsections = [\"relapse\"]\n[[module]]\ntitle = \"B\"\ntopics = [\"relapse\"]\n",
    );
    let out = p.run(&["pack", &spec]);
    assert_eq!(String::from_utf8_lossy(&out.stderr).matches("no list follows").count(), 1);
}

#[test]
fn a_logo_finer_than_print_needs_is_scaled_down() {
    // 2400 px of noise printed 48 pt tall (3600 ppi): decoded, it is 17 MB of pixels that do
    // not compress. The handout embeds it at 300 ppi: 200 px tall.
    let p = Project::shipped();
    let side = 2400u32;
    let mut seed = 7u32;
    let pixels: Vec<u8> = (0..side * side * 3)
        .map(|_| {
            seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            (seed >> 24) as u8
        })
        .collect();
    let mut png_bytes = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut png_bytes, side, side);
        enc.set_color(png::ColorType::Rgb);
        enc.set_depth(png::BitDepth::Eight);
        enc.write_header().unwrap().write_image_data(&pixels).unwrap();
    }
    std::fs::write(p.path().join("big.png"), png_bytes).unwrap();
    std::fs::write(p.path().join("clinic.toml"), "name = \"Big logo clinic\"\nlogo = \"big.png\"\n").unwrap();
    p.ok(&["handout", "detox", "--clinic", "clinic.toml", "-o", "b.pdf"]);
    let bytes = read(&p, "b.pdf");
    assert!(bytes.len() < 400_000, "{} bytes", bytes.len());
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    let sizes: Vec<(i64, i64)> = doc
        .objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .filter(|s| s.dict.get(b"Subtype").is_ok_and(|t| t.as_name().is_ok_and(|n| n == b"Image")))
        .map(|s| {
            (
                s.dict.get(b"Width").unwrap().as_i64().unwrap(),
                s.dict.get(b"Height").unwrap().as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(sizes, [(200, 200)]);
}

#[test]
fn pack_contents_link_to_their_pages_and_include_the_contact_block() {
    let p = Project::shipped();
    p.add_packs();
    p.ok(&["pack", "packs/clinic-staff-course.toml"]);
    let bytes = read(&p, "output/packs/clinic-staff-course.pdf");
    let pages = pdf_pages(&bytes);
    // The contact block is a top-level bookmark, not nested under the last module.
    let outline = pdf_outline(&bytes);
    let contact = outline.iter().find(|(_, t, _)| t == "Where to get help").expect("contact bookmark");
    assert_eq!(contact.0, 0, "{outline:?}");
    // …and an entry of the contents, with the page it is on.
    let entry =
        pages[1].lines().find(|l| l.trim_start().starts_with("Where to get help")).expect("contents entry");
    let page: usize = entry.trim().rsplit(' ').next().unwrap().parse().unwrap();
    assert_eq!(page, contact.2);
    // Every contents entry is a link to its heading's page.
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    let page_ids: Vec<lopdf::ObjectId> = doc.get_pages().into_values().collect();
    let contents = doc.get_dictionary(page_ids[1]).unwrap();
    let annots = contents.get(b"Annots").unwrap().as_array().unwrap();
    let mut targets = Vec::new();
    for a in annots {
        let d = doc.get_dictionary(a.as_reference().unwrap()).unwrap();
        let action = d.get(b"A").unwrap().as_dict().unwrap();
        assert_eq!(action.get(b"S").unwrap().as_name().unwrap(), b"GoTo");
        let dest = action.get(b"D").unwrap().as_array().unwrap();
        let target = page_ids.iter().position(|&id| id == dest[0].as_reference().unwrap()).unwrap() + 1;
        targets.push(target);
    }
    let entries = pages[1]
        .lines()
        .filter(|l| l.trim().rsplit(' ').next().is_some_and(|n| n.parse::<usize>().is_ok()))
        .count();
    assert!(targets.len() >= entries - 2, "{} links for {entries} entries", targets.len());
    assert!(targets.contains(&contact.2));
    // The cover carries the clinic's logo and contact details.
    let cover = pages[0].replace('\u{a0}', " ");
    assert!(cover.contains("Phone: 555-0100") && cover.contains("https://clinic.example.org"), "{cover}");
    // And its opening hours: when to come is half of how to reach it.
    assert!(cover.contains("Hours: Monday to Friday, 9:00 to 17:00"), "{cover}");
    // The clinic's name is a line of its own under the counts (it had been appended to them,
    // and wrapped mid-name).
    let lines: Vec<&str> = cover.lines().map(str::trim).collect();
    assert!(lines.contains(&"Example Community Clinic"), "{cover}");
    assert!(lines.iter().any(|l| l.starts_with("Course pack ·") && !l.contains("Clinic")), "{cover}");
    // The edition once, in the footer: not again under the title.
    assert_eq!(cover.matches("Edition ").count(), 1, "{cover}");
    let content = doc.get_page_content(page_ids[0]);
    assert!(String::from_utf8_lossy(&content).contains(" Do"), "no logo on the cover");
    // A pack without a clinic carries the corpus's resources on its cover instead.
    p.ok(&["pack", "packs/volunteer-briefing.toml"]);
    let cover = pdf_pages(&read(&p, "output/packs/volunteer-briefing.pdf"))[0].replace('\u{a0}', " ");
    for reach in ["Phone: 1-800-662-4357", "https://findtreatment.gov"] {
        assert!(cover.contains(reach), "{reach} not on the cover: {cover}");
    }
    // A separator ends a line of the cover; it never starts one ("· https://…").
    let words = pdf_words(&read(&p, "output/packs/volunteer-briefing.pdf"));
    let left = words.iter().filter(|w| w.0 == 1).map(|w| w.1[0]).fold(f32::MAX, f32::min);
    for (_, b, _, text) in words.iter().filter(|w| w.0 == 1) {
        assert!(!(text.starts_with('·') && b[0] < left + 1.0), "a cover line starts with `{text}`: {cover}");
    }
}

/// A clinic whose block, with two services of its own, runs a little past a column of two on
/// a standard handout: a crowded case of [`LONG_CLINIC`].
const CROWDED_CLINIC: &str = r#"
name = "St. Bartholomew-Fitzwilliam Community Behavioral Health and Recovery Center"
phone = "(555) 010-0123 ext. 4567"
address = "Suite 210, Riverside Professional Plaza, 1450 North Martin Luther King Jr. Boulevard, Springfield Heights, IL 62704"
hours = "Monday to Thursday 8:00 to 19:30, Friday 8:00 to 17:00, Saturday 9:00 to 13:00 (walk-ins until 11:00)"
website = "https://www.stbartholomew-fitzwilliam-recovery.example.org/outpatient/opioid-and-kratom-services"
logo = "example-logo.png"

[[resources]]
name = "Families in Recovery support group (Al-Anon style)"
description = "Meets every Tuesday and Thursday at 18:30 in the community room, second floor. No sign-up needed."
phone = "555-010-0199"

[[resources]]
name = "Springfield County Crisis Line"
description = "Open 24 hours a day, 7 days a week, for anyone in crisis."
phone = "988"
url = "https://crisis.springfieldcounty.example.gov"
"#;

#[test]
fn a_crowded_clinic_block_costs_no_sheet_of_its_own_and_leaves_no_list_item_alone() {
    let p = with_long_clinic();
    std::fs::write(p.path().join("packs/clinics/crowded.toml"), CROWDED_CLINIC).unwrap();
    for paper in ["letter", "a4"] {
        // Its last entry had run onto a third page of its own (on A4, split over that page's
        // columns mid-sentence); tighter spacing in the columns keeps it on the second.
        p.ok(&[
            "handout",
            "treatment",
            "--paper",
            paper,
            "--clinic",
            "packs/clinics/crowded.toml",
            "-o",
            "t.pdf",
        ]);
        let pages = pdf_pages(&read(&p, "t.pdf"));
        assert_eq!(pages.len(), 2, "{paper}: {pages:?}");
        assert!(pages[1].contains("National Helpline"), "{paper}: {}", pages[1]);
        // The last item of a list went over to the block's page alone: the item before it
        // goes along, where the page's columns hold both with the block.
        p.ok(&[
            "handout",
            "signs",
            "--paper",
            paper,
            "--clinic",
            "packs/clinics/crowded.toml",
            "-o",
            "s.pdf",
        ]);
        let pages = pdf_pages(&read(&p, "s.pdf"));
        let last = pages.iter().position(|t| t.contains("money or legal problems")).unwrap();
        assert!(pages[last].contains("poor school or work performance"), "{paper}: {}", pages[last]);
    }
    // In standard print, no long clinic's block ends on a page of its own entries: the text
    // before it goes along to a fresh page that holds them all (the long clinic's treatment
    // handout had ended on one). A block taller than a page (a long clinic's in large print)
    // cannot help it.
    for clinic in ["long", "crowded"] {
        for topic in ["detox", "signs", "treatment"] {
            for paper in ["letter", "a4", "any"] {
                for justify in [false, true] {
                    let file = format!("packs/clinics/{clinic}.toml");
                    let mut args = vec!["handout", topic, "--paper", paper, "--clinic", &file, "-o", "h.pdf"];
                    if justify {
                        args.push("--justify");
                    }
                    p.ok(&args);
                    let last = pdf_pages(&read(&p, "h.pdf")).pop().unwrap();
                    assert!(!last.contains("Where to get help (continued)"), "{args:?}: {last}");
                }
            }
        }
    }
}

#[test]
fn a_module_on_a_new_page_does_not_leave_its_last_lines_on_a_page_of_their_own() {
    // Modules each on a new page, on A4: the second module's last two lines had a page to
    // themselves (7% full) before the third began. Spacing two steps closer keeps them on the
    // page before, and the pack takes six sheets, not seven.
    let p = Project::shipped();
    let spec = p.write_pack(
        "inservice.toml",
        "title = \"In-service\"\npaper = \"A4\"\nmodules_on_new_page = true\n\n\
         [[module]]\ntitle = \"Getting through detox\"\nsections = [\"detox\"]\n\n\
         [[module]]\ntitle = \"Symptoms and medicines\"\nsections = [\"withdrawal\", \"medication\"]\n\n\
         [[module]]\ntitle = \"After detox\"\nsections = [\"therapy\", \"relapse\"]\n",
    );
    p.ok(&["pack", &spec]);
    let bytes = read(&p, "output/packs/inservice.pdf");
    let fill = page_fill(&bytes);
    let pages = pdf_pages(&bytes);
    // Past the cover and the contents, every page but the last holds a fifth of a page or more.
    for (i, (f, first)) in fill.iter().enumerate().take(fill.len() - 1).skip(2) {
        assert!(*f >= 0.2, "page {} is {:.0}% full, starting `{first}`: {}", i + 1, f * 100.0, pages[i]);
    }
    assert_eq!(pages.len(), 6, "{pages:#?}");
}

#[test]
fn pack_modules_open_with_their_text_and_the_contact_block_is_no_module() {
    let p = Project::shipped();
    p.add_packs();
    // "2. Detox and withdrawal" had opened low on a page with two lines above a gap, its
    // lead-in and list overleaf: a module starts where its opening fits.
    p.ok(&["pack", "packs/clinic-staff-course.toml"]);
    let pages = pdf_pages(&read(&p, "output/packs/clinic-staff-course.pdf"));
    let at = pages.iter().position(|t| t.contains("2. Detox and withdrawal")).unwrap();
    assert!(
        pages[at].contains("three main steps") && pages[at].contains("Evaluation involves"),
        "{}",
        pages[at]
    );
    // Every module on a page of its own: the contact block is no module, and goes on after
    // the last one's text (it had a mostly blank page of its own).
    let workshop = p.write_pack(
        "workshop.toml",
        "title = \"Signs and support\"\npaper = \"a4\"\nmodules_on_new_page = true\n\n\
         [[module]]\ntitle = \"Signs of addiction\"\ntopics = [\"signs\"]\n\n\
         [[module]]\ntitle = \"Helping someone you love\"\ntopics = [\"helping-others\"]\n\n\
         [[module]]\ntitle = \"Getting help\"\ntopics = [\"getting-help\"]\n",
    );
    // The cover's phone numbers and addresses are links, as in the contact block.
    p.ok(&["pack", "packs/volunteer-briefing.toml"]);
    let uris = pdf_uris(&read(&p, "output/packs/volunteer-briefing.pdf"));
    for uri in ["tel:18006624357", "https://findtreatment.gov"] {
        assert!(
            uris.iter().filter(|u| *u == uri).count() >= 2,
            "{uri} on the cover and in the block: {uris:?}"
        );
    }
    let out = p.run(&["pack", &workshop]);
    assert!(out.status.success());
    let pages = pdf_pages(&read(&p, "output/packs/workshop.pdf"));
    let last = pages.last().unwrap();
    assert!(last.contains("Where to get help") && last.contains("3. Getting help"), "{last}");
    // `pack` says what `check` finds in its specs: a section printed by two modules.
    let twice = p.write_pack(
        "twice.toml",
        "title = \"Twice\"\n\n[[module]]\ntitle = \"Signs\"\ntopics = [\"signs\"]\n\n\
         [[module]]\ntitle = \"Again\"\nsections = [\"kratom-addiction#signs-of-addiction\"]\n",
    );
    let out = p.run(&["pack", &twice]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains(
            "warning: packs/twice.toml:7: module 2 `Again` prints `kratom-addiction#signs-of-addiction`"
        ),
        "{err}"
    );
}

#[test]
fn a_mixed_pack_speaks_its_first_modules_language_and_lists_a_helpline_once() {
    // From a trainer's review: a pack of two English modules and a Spanish one had a Spanish
    // cover, footers and "Dónde pedir ayuda" because the Spanish file's name sorted first, and
    // printed the helpline twice, once under each document's name for it.
    let p = Project::shipped();
    p.write(
        "a-ayuda.md",
        "+++\nid = \"ayuda\"\ntitle = \"Ayuda\"\nlanguage = \"es\"\nsource = \"Prueba\"\nreviewed = \"unknown\"\n\n[sections]\ndonde-buscar-ayuda = [\"treatment\"]\n\n[[resources]]\nname = \"Línea Nacional de Ayuda de SAMHSA\"\ndescription = \"Gratuita y confidencial, en inglés y en español.\"\nphone = \"1-800-662-4357\"\n+++\n\n## Dónde buscar ayuda\n\nTexto de prueba sobre dónde buscar ayuda cerca de usted.\n",
    );
    let spec = p.write_pack(
        "mixed.toml",
        "title = \"Mixed\"\n[[module]]\ntitle = \"Detox\"\nsections = [\"kratom-addiction#detox\"]\n[[module]]\ntitle = \"Ayuda\"\nsections = [\"ayuda#donde-buscar-ayuda\"]\n[[module]]\ntitle = \"Treatment\"\nsections = [\"kratom-addiction#treatment\"]\n",
    );
    p.ok(&["pack", &spec]);
    let bytes = read(&p, "output/packs/mixed.pdf");
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    assert_eq!(doc.catalog().unwrap().get(b"Lang").unwrap().as_str().unwrap(), b"en");
    let pages = pdf_pages(&bytes);
    let n = pages.len();
    assert!(pages[0].contains("Course pack") && pages[0].contains(&format!("Page 1 of {n}")), "{}", pages[0]);
    assert!(pages[1].contains("Contents") && pages[1].contains(&format!("Page 2 of {n}")), "{}", pages[1]);
    let text = pages.join("\n");
    assert!(text.contains("Where to get help") && !text.contains("Dónde pedir ayuda"), "{text}");
    // The helpline once on the cover and once in the contact block, as the pack's language
    // names it.
    assert_eq!(text.matches("662-4357").count(), 2, "{text}");
    assert!(!text.contains("Línea Nacional"), "{text}");
}

#[test]
fn a_pack_spec_in_a_sub_folder_is_told_of_not_skipped() {
    // From a trainer's review: specs filed by term (`packs/2025/`) were neither built nor
    // mentioned. Clinic files in `packs/clinics/` are no specs.
    let p = Project::shipped();
    p.add_packs();
    std::fs::create_dir_all(p.path().join("packs/2025")).unwrap();
    std::fs::write(
        p.path().join("packs/2025/induction.toml"),
        "title = \"Induction\"\n[[module]]\ntitle = \"Detox\"\nsections = [\"kratom-addiction#detox\"]\n",
    )
    .unwrap();
    let want = "packs/2025/induction.toml:1: a pack spec in a folder inside `packs` is not built; move it into `packs` itself";
    let out = p.run(&["build"]);
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(want), "{err}");
    assert!(!err.contains("clinics/"), "{err}");
    let out = p.run(&["check"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains(want));
}

#[test]
fn a_pack_without_contacts_lists_none_in_its_contents() {
    // A document without resources and no clinic: no contact block, and no contents entry
    // for one (it had read "Where to get help 00").
    let p = Project::empty();
    p.write(
        "a.md",
        "+++\nid = \"doc\"\ntitle = \"T\"\nlanguage = \"en\"\nsource = \"S\"\nreviewed = \"unknown\"\n+++\n\n## One\n\nText one.\n\n## Two\n\nText two.\n",
    );
    let spec = p.write_pack(
        "p.toml",
        "title = \"P\"\n\n[[module]]\ntitle = \"M\"\nsections = [\"doc#one\", \"doc#two\"]\n",
    );
    p.ok(&["pack", &spec]);
    let text = pdf_pages(&read(&p, "output/packs/p.pdf")).join("\n");
    assert!(!text.contains("Where to get help") && !text.contains(" 00"), "{text}");
}

#[test]
fn a_picture_named_for_a_text_file_and_a_logo_not_a_png_are_said_to_be_so() {
    let p = Project::shipped();
    p.add_packs();
    let logo = std::fs::read(p.path().join("packs/clinics/example-logo.png")).unwrap();
    std::fs::write(p.path().join("logo.png"), &logo).unwrap();
    let err = p.err(&["handout", "detox", "--clinic", "logo.png", "-o", "x.pdf"]);
    assert!(err.contains("`logo.png` is a PNG image, not a TOML text file"), "{err}");
    std::fs::write(p.path().join("logo.jpg"), b"\xff\xd8\xff\xe0\x00\x10JFIF").unwrap();
    std::fs::write(p.path().join("c.toml"), "name = \"A\"\nphone = \"555-0100\"\nlogo = \"logo.jpg\"\n")
        .unwrap();
    let err = p.err(&["handout", "detox", "--clinic", "c.toml", "-o", "x.pdf"]);
    assert!(err.contains("c.toml:3:") && err.contains("is a JPEG image: a logo must be a PNG"), "{err}");
}

#[test]
fn pack_specs_take_values_as_people_write_them_and_mistakes_say_what_was_meant() {
    let p = Project::shipped();
    p.add_packs();
    // A topic as a person writes it ("Detox"), as on the command line.
    let module = "\n[[module]]\ntitle = \"M\"\ntopics = [\"Detox\"]\n";
    // "A4" and "large-print" as a person writes them (the command line says --large-print).
    let ok = p.write_pack(
        "ok.toml",
        &format!("title = \"T\"\npaper = \"A4\"\nprofile = \"large-print\"\n{module}"),
    );
    p.ok(&["pack", &ok]);
    let (width, _) = page_sizes(&read(&p, "output/packs/ok.pdf"))[0];
    assert!((width - 595.3).abs() < 1.0, "A4: {width}");
    for (text, expected) in [
        (
            format!("title = \"T\"\nmodules_on_new_page = \"yes\"\n{module}"),
            "ya.toml:2: bad pack spec: invalid type: string \"yes\", expected a boolean; write true or false, without quotes",
        ),
        (
            format!("title = \"T\"\nprofile = \"larg\"\n{module}"),
            "ya.toml:2: bad pack spec: unknown variant `larg`, expected one of `standard`, `large`; did you mean `large`?",
        ),
        (
            "title = \"T\"\n".to_string(),
            "ya.toml:1: bad pack spec: missing field `module`; add a `[[module]]` table",
        ),
        // Every misspelt key and wrong value at once, in the file's order: one run, not four.
        (
            "title = \"T\"\npapper = \"a4\"\nprofile = \"huge\"\n\n[[module]]\ntitle = \"M\"\ntopic = [\"detox\"]\n"
                .to_string(),
            "ya.toml:2: bad pack spec: unknown field `papper`, expected one of `title`, `audience`, `clinic`, `profile`, `paper`, `modules_on_new_page`, `module`; did you mean `paper`?\n\
             packs/ya.toml:3: bad pack spec: unknown variant `huge`, expected one of `standard`, `large`\n\
             packs/ya.toml:7: bad pack spec: unknown field `topic`, expected one of `title`, `sections`, `topics`, `query`; did you mean `topics`?",
        ),
        (
            format!("title = \"T\"\nclinic = \"clinics/exampel.toml\"\n{module}"),
            "; did you mean `clinics/example.toml`? (clinic files there: clinics/example.toml)",
        ),
        // Named without its folder: found by its name; a pack spec beside it is no clinic file.
        (
            format!("title = \"T\"\nclinic = \"exampel.toml\"\n{module}"),
            "ya.toml:2: cannot read the clinic file `packs/exampel.toml`: No such file or directory (os error 2); did you mean `clinics/example.toml`? (clinic files there: clinics/example.toml)",
        ),
        // What does not exist, at the line of the key that names it.
        (
            "title = \"T\"\n\n[[module]]\ntitle = \"M\"\n\nsections = [\"kratom-addiction#detx\"]\n"
                .to_string(),
            "ya.toml:6: module 1 `M`: unknown section `kratom-addiction#detx`",
        ),
        (
            "title = \"T\"\n\n[[module]]\ntitle = \"M\"\ntopics = [\"detx\"]\n".to_string(),
            "ya.toml:5: module 1 `M`: unknown topic `detx` (did you mean `detox`?)",
        ),
    ] {
        let path = p.write_pack("ya.toml", &text);
        let err = p.err(&["pack", &path]);
        assert!(err.contains(expected), "{text}: {err}");
    }
}

#[test]
fn contents_going_on_over_a_page_say_so_in_the_running_header() {
    let p = Project::shipped();
    p.add_packs();
    let modules: String = (0..40)
        .map(|i| format!("\n[[module]]\ntitle = \"Module {i}\"\nsections = [\"kratom-addiction#outlook\"]\n"))
        .collect();
    std::fs::write(p.path().join("packs/forty.toml"), format!("title = \"Forty\"\n{modules}")).unwrap();
    p.ok(&["pack", "packs/forty.toml"]);
    let pages = pdf_pages(&read(&p, "output/packs/forty.pdf"));
    assert!(pages[1].contains("Contents") && !pages[1].contains("Contents (continued)"), "{}", pages[1]);
    assert!(pages[2].trim_start().starts_with("Contents (continued)"), "{}", pages[2]);
}

#[test]
fn contents_a_little_over_a_page_are_set_closer_to_save_the_sheet() {
    // In large print, a trainer's five-module induction had a page of its own, "Contents
    // (continued)", for its last three entries.
    let p = Project::shipped();
    p.add_packs();
    p.write_pack(
        "induction.toml",
        "title = \"Volunteer induction: kratom, dependence and getting people to help\"\naudience = \"New drop-in centre volunteers (session 1 of 3)\"\nprofile = \"large\"\n[[module]]\ntitle = \"Kratom basics\"\ntopics = [\"effects\"]\n[[module]]\ntitle = \"Dependence, addiction and withdrawal\"\ntopics = [\"addiction\", \"withdrawal\"]\n[[module]]\ntitle = \"Spotting trouble\"\ntopics = [\"signs\"]\n[[module]]\ntitle = \"Treatment in brief\"\nquery = \"medication therapy treatment\"\n[[module]]\ntitle = \"Signposting\"\nsections = [\"getting-help\"]\n",
    );
    p.ok(&["pack", "packs/induction.toml"]);
    let pages = pdf_pages(&read(&p, "output/packs/induction.pdf"));
    assert!(!pages.iter().any(|t| t.contains("Contents (continued)")), "{}", pages[2]);
    assert!(pages[1].contains("5. Signposting") && pages[1].contains("Where to get help"), "{}", pages[1]);
    // The first module opens the page after the contents.
    assert!(pages[2].trim_start().starts_with("1. Kratom basics"), "{}", pages[2]);
}

#[test]
fn a_contents_page_carried_over_starts_with_a_module_not_with_its_sections() {
    let p = Project::shipped();
    p.add_packs();
    // Modules of seven entries each (Treatment holds Therapy and Medication): some module's
    // entries had run over a page, its sections heading the next one under no module.
    let modules: String =
        (0..9).map(|i| format!("\n[[module]]\ntitle = \"Module {i}\"\ntopics = [\"treatment\"]\n")).collect();
    std::fs::write(p.path().join("packs/nine.toml"), format!("title = \"Nine\"\n{modules}")).unwrap();
    p.ok(&["pack", "packs/nine.toml"]);
    let pages = pdf_pages(&read(&p, "output/packs/nine.pdf"));
    let carried: Vec<&String> =
        pages.iter().filter(|p| p.trim_start().starts_with("Contents (continued)")).collect();
    assert!(!carried.is_empty(), "the contents fit one page: the test proves nothing");
    for page in carried {
        let first =
            page.lines().map(str::trim).find(|l| !l.is_empty() && !l.starts_with("Contents")).unwrap();
        // "4. Module 3" (the number's space may be a no-break one), not "Getting help".
        let module = first.starts_with(|c: char| c.is_ascii_digit()) && first.contains("Module");
        assert!(module, "{page}");
    }
}

#[test]
fn a_page_of_a_part_in_another_language_has_its_footer_in_that_language() {
    // An English pack with a Spanish module: the Spanish pages' disclaimer, edition and page
    // number had been English.
    let p = Project::fixture("mixed");
    let both = p.write_pack(
        "both.toml",
        "title = \"Both\"\nmodules_on_new_page = true\n[[module]]\ntitle = \"Sleep\"\ntopics = [\"sleep\"]\n[[module]]\ntitle = \"Tratamientos\"\ntopics = [\"tratamiento\"]\n[[module]]\ntitle = \"Eating\"\nsections = [\"fixture-en#eating\"]\n",
    );
    p.ok(&["pack", &both]);
    let pages = pdf_pages(&read(&p, "output/packs/both.pdf"));
    let spanish = pages.iter().position(|t| t.contains("Texto de prueba sobre los tratamientos")).unwrap();
    let english = pages.iter().position(|t| t.contains("1. Sleep")).unwrap();
    let total = pages.len();
    assert!(pages[spanish].contains("Información general, no consejo médico"), "{}", pages[spanish]);
    assert!(pages[spanish].contains(&format!("Página {} de {total}", spanish + 1)), "{}", pages[spanish]);
    assert!(pages[spanish].contains("Edición "), "{}", pages[spanish]);
    assert!(pages[english].contains("General information, not medical advice"), "{}", pages[english]);
    assert!(pages[english].contains(&format!("Page {} of {total}", english + 1)), "{}", pages[english]);
}

#[test]
fn the_page_of_the_contact_block_has_its_footer_in_the_documents_language() {
    // A Spanish-first pack ending with an English module: the last page had the Spanish "Dónde
    // pedir ayuda" and "Teléfono:" above an English disclaimer and "Page 3 of 3", since most
    // of its lines were English. The contact block is the document's: its page follows it.
    let p = Project::shipped();
    p.add_spanish_document_without_resources();
    let spec = p.write_pack(
        "es-first.toml",
        "title = \"Noche\"\n[[module]]\ntitle = \"Síntomas\"\nsections = [\"es#sintomas\"]\n[[module]]\ntitle = \"Outlook\"\nsections = [\"kratom-addiction#outlook\"]\n",
    );
    p.ok(&["pack", &spec]);
    let pages = pdf_pages(&read(&p, "output/packs/es-first.pdf"));
    let (total, last) = (pages.len(), pages.last().unwrap());
    assert!(last.contains("Dónde pedir ayuda") && last.contains("2. Outlook"), "{last}");
    assert!(last.contains("Información general, no consejo médico"), "{last}");
    assert!(last.contains(&format!("Página {total} de {total}")) && !last.contains("Page "), "{last}");
}

#[test]
fn a_clinic_address_written_over_lines_prints_as_written() {
    // "Riverside Medical Plaza, Suite 204 / 1450 NE Martin Luther King Jr. Blvd / Portland, OR
    // 97232", written so, had printed "…Suite 204, 1450 NE Martin / Luther King Jr. Blvd,
    // Portland, / OR 97232": the writer's lines lost, the state and ZIP parted from the city.
    let p = Project::shipped();
    std::fs::write(
        p.path().join("c.toml"),
        "name = \"Riverside Community Health Center\"\naddress = \"\"\"\nRiverside Medical Plaza, Suite 204\n1450 NE Martin Luther King Jr. Blvd\nPortland, OR 97232\"\"\"\nphone = \"555-0142\"\n",
    )
    .unwrap();
    p.ok(&["handout", "detox", "--large-print", "--clinic", "c.toml", "-o", "l.pdf"]);
    // (Parts of an address are tied with no-break spaces.)
    let text = pdf_pages(&read(&p, "l.pdf")).join("\n").replace('\u{a0}', " ");
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    for written in
        ["Riverside Medical Plaza, Suite 204", "1450 NE Martin Luther King Jr. Blvd", "Portland, OR 97232"]
    {
        assert!(lines.contains(&written), "`{written}` is not a line of:\n{text}");
    }
    // On one line, in standard print beside the QR code's column, the state and ZIP stay with
    // the city.
    std::fs::write(p.path().join("c.toml"), "name = \"Clinic\"\naddress = \"2201 Calle Central Southwest, Portland, OR 97232\"\nphone = \"555-0142\"\nwebsite = \"https://clinic.example.org\"\n").unwrap();
    p.ok(&["handout", "detox", "--clinic", "c.toml", "-o", "s.pdf"]);
    let text = pdf_pages(&read(&p, "s.pdf")).join("\n").replace('\u{a0}', " ");
    assert!(text.contains("Portland, OR 97232"), "{text}");
}

#[test]
fn a_clinic_number_written_in_words_dials_with_a_tap() {
    // "1-800-GET-HELP" had printed with no link: letters were taken for no number.
    let p = Project::shipped();
    std::fs::write(p.path().join("c.toml"), "name = \"Hope Clinic\"\nphone = \"1-800-GET-HELP\"\n").unwrap();
    p.ok(&["handout", "detox", "--clinic", "c.toml", "-o", "v.pdf"]);
    let bytes = read(&p, "v.pdf");
    assert!(body_text(&bytes).contains("1-800-GET-HELP"), "printed as written");
    let uris = crate::common::pdf_uris(&bytes);
    assert!(uris.iter().any(|u| u == "tel:18004384357"), "{uris:?}");
}

#[test]
fn words_are_broken_at_a_lines_end_only_where_that_saves_a_sheet() {
    // Whole words by default (clear print); a long clinic's treatment handout on A4 takes two
    // sheets with words broken and three without: it is hyphenated.
    let p = Project::shipped();
    std::fs::write(
        p.path().join("long.toml"),
        "name = \"Saint Bartholomew's Regional Community Health and Addiction Recovery Outpatient Clinic of Greater Springfield County\"\nphone = \"555-0100 or 555-0111 (after hours)\"\naddress = \"Suite 400, Riverside Medical Arts Building, 1234 North Riverfront Boulevard, Springfield Heights, Springfield County\"\nhours = \"Monday to Friday, 8:00 to 20:00; Saturday 9:00 to 13:00; closed Sundays and public holidays\"\nwebsite = \"https://www.saint-bartholomews-regional-community-health.example.org/addiction-recovery-services\"\n\n[[resources]]\nname = \"Family support group\"\ndescription = \"Meets every Thursday evening at the clinic, 18:30 to 20:00, Room 12.\"\nphone = \"555-0199\"\n\n[[resources]]\nname = \"Walk-in withdrawal management\"\ndescription = \"Same-day assessment for people in withdrawal; no appointment needed.\"\nphone = \"555-0122\"\n\n[[resources]]\nname = \"Peer recovery coach line\"\ndescription = \"Talk to someone who has been there.\"\nphone = \"555-0133 or 555-0134\"\nurl = \"https://peers.example.org/coach\"\n\n[[resources]]\nname = \"Naloxone and harm reduction\"\ndescription = \"Free naloxone kits and training, no questions asked.\"\nurl = \"https://harm-reduction.example.org\"\n",
    )
    .unwrap();
    p.ok(&["handout", "treatment", "--paper", "a4", "--clinic", "long.toml", "-o", "t.pdf"]);
    assert_eq!(pdf_pages(&read(&p, "t.pdf")).len(), 2);
}

#[test]
fn the_last_page_is_never_the_contact_block_alone_in_large_print() {
    let p = Project::shipped();
    p.add_packs();
    // The example clinic with its hours a line longer: the block (three-quarters of a large-print
    // page) had gone alone onto the last page, the whole signs list left on the page before,
    // with no warning. Two steps closer spacing takes the list's last two items along.
    let example = std::fs::read_to_string(p.path().join("packs/clinics/example.toml")).unwrap();
    let hours =
        "hours = \"Monday to Friday, 9:00 to 17:00; Saturday, 10:00 to 14:00 (closed on public holidays)\"";
    let longer: String = example
        .lines()
        .map(|l| if l.starts_with("hours") { hours } else { l })
        .collect::<Vec<_>>()
        .join("\n");
    assert_ne!(longer, example, "the example clinic has hours");
    std::fs::write(p.path().join("packs/clinics/longer-hours.toml"), longer).unwrap();
    p.ok(&[
        "handout",
        "signs",
        "--large-print",
        "--clinic",
        "packs/clinics/longer-hours.toml",
        "-o",
        "s.pdf",
    ]);
    let pages = pdf_pages(&read(&p, "s.pdf"));
    let last = pages.last().unwrap();
    assert!(last.contains("Where to get help") && last.contains("money or legal problems"), "{last}");
    assert!(last.contains("poor school or work performance"), "two items go along: {last}");
    // A large-print staff course with the example clinic ended on a page of the block alone; a
    // closer setting of the same sheets ends it after the last module's text.
    let spec = "title = \"Staff course\"\nprofile = \"large\"\npaper = \"letter\"\nmodules_on_new_page = true\nclinic = \"clinics/example.toml\"\n\n[[module]]\ntitle = \"Dependence and addiction\"\ntopics = [\"addiction\"]\n\n[[module]]\ntitle = \"Detox and withdrawal\"\ntopics = [\"detox\"]\n\n[[module]]\ntitle = \"Treatment\"\nsections = [\"kratom-addiction#getting-help\", \"kratom-addiction#treatment\", \"kratom-addiction#outlook\"]\n\n[[module]]\ntitle = \"Preventing relapse\"\nsections = [\"kratom-addiction#relapse\"]\n";
    std::fs::write(p.path().join("packs/large-course.toml"), spec).unwrap();
    p.ok(&["pack", "packs/large-course.toml", "--out", "out"]);
    let pages = pdf_pages(&read(&p, "out/packs/large-course.pdf"));
    let last = pages.last().unwrap();
    assert!(last.contains("Where to get help") && last.contains("mindfulness"), "{last}");
}

#[test]
fn a_handout_of_a_question_is_in_the_language_of_its_best_answer() {
    let p = Project::fixture("mixed");
    // A Spanish question that an English section answers too: the Spanish answer is best, and
    // the handout is Spanish alone. It had printed both, the same text twice under the title
    // "Health information handout" and English fixed text.
    p.ok(&["handout", "-q", "ansiedad temblores sleeping", "-o", "q.pdf"]);
    let text = pdf_pages(&read(&p, "q.pdf")).join("\n");
    assert!(text.contains("Texto de prueba sobre la abstinencia"), "{text}");
    assert!(!text.contains("Test text"), "{text}");
    assert!(text.contains("Página 1 de 1"), "{text}");
    // Sections named from both languages: the first one's language titles the handout.
    p.ok(&["handout", "-s", "fixture-es#que-es-la-abstinencia", "-s", "fixture-en#sleeping", "-o", "s.pdf"]);
    let first = pdf_pages(&read(&p, "s.pdf")).remove(0);
    assert!(first.starts_with("Información de salud"), "{first}");
    assert!(!first.contains("Health information handout"), "{first}");
}

#[test]
fn a_lead_in_stays_with_its_list_where_closer_spacing_allows() {
    // Spanish large print on A4: the lead-in "…tiene tres pasos principales:" ended page 2
    // and its three steps opened page 3 with the contact block, which takes the short list
    // along. Closer spacing of the same sheets keeps its last lines with the steps.
    let p = Project::fixture("spanish");
    p.ok(&["handout", "desintoxicacion", "--paper", "a4", "--large-print", "-o", "d.pdf"]);
    let pages = pdf_pages(&read(&p, "d.pdf"));
    let lead = pages.iter().position(|t| t.contains("pasos principales:")).unwrap();
    assert!(pages[lead].contains("La evaluación"), "{}", pages[lead]);
    // Its review date, written out in Spanish.
    let footer = pages[0].replace('\u{a0}', " ");
    assert!(footer.contains("Revisado: 15 de marzo de 2024."), "{footer}");
}

#[test]
fn a_contents_page_keeps_the_pack_s_language_whatever_its_entries_are_in() {
    // An English pack whose second module is six Spanish sections: the contents page, its
    // entries mostly marked Spanish, had put "Página 2 de 6" under "Contents".
    let p = Project::fixture("spanish");
    std::fs::copy(
        concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/mixed/a-english.md"),
        p.corpus().join("a-english.md"),
    )
    .unwrap();
    let spanish = [
        "que-es-el-kratom",
        "senales-de-adiccion",
        "abstinencia",
        "desintoxicacion",
        "como-pedir-ayuda",
        "recaida",
    ];
    let sections: Vec<String> = spanish.iter().map(|s| format!("\"kratom-adiccion#{s}\"")).collect();
    let spec = p.write_pack(
        "mostly.toml",
        &format!(
            "title = \"Briefing\"\n[[module]]\ntitle = \"Sleep\"\nsections = [\"fixture-en#sleeping\"]\n[[module]]\ntitle = \"En español\"\nsections = [{}]\n",
            sections.join(", ")
        ),
    );
    p.ok(&["pack", &spec]);
    let pages = pdf_pages(&read(&p, "output/packs/mostly.pdf"));
    let contents = pages.iter().find(|t| t.contains("Contents")).expect("a contents page");
    assert!(contents.contains("Page 2 of"), "{contents}");
    // A page of the Spanish module still has its footer in Spanish.
    assert!(pages.iter().any(|t| t.contains("Página 3 de")), "{pages:?}");
}
