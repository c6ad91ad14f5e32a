//! Search quality end to end: the judged query set, typo tolerance, prefixes, synonyms,
//! phrases, facets and hostile input, through the real binary.

use crate::common::Project;

fn ids(r: &serde_json::Value) -> Vec<String> {
    r["hits"].as_array().unwrap().iter().map(|h| h["id"].as_str().unwrap().to_string()).collect()
}

/// The answer to `typed`, after checking that its first hit is `expected`.
fn first_is(p: &Project, typed: &str, expected: &str) -> serde_json::Value {
    let r = p.search(typed, &[]);
    assert_eq!(ids(&r)[0], expected, "{typed}: {r}");
    r
}

#[test]
fn judged_query_set_meets_the_quality_bar() {
    let p = Project::shipped();
    let queries = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/queries.toml");
    let report: serde_json::Value = serde_json::from_str(&p.ok(&["eval", queries, "--json"])).unwrap();
    let overall = &report["overall"];
    assert!(overall["queries"].as_u64().unwrap() >= 60);
    let mrr = overall["mrr10"].as_f64().unwrap();
    let s1 = overall["success1"].as_f64().unwrap();
    assert!(mrr >= 0.95, "MRR@10 {mrr:.3} < 0.95\n{report:#}");
    assert!(s1 >= 0.90, "success@1 {s1:.3} < 0.90\n{report:#}");
    assert_eq!(overall["zero_results"].as_f64().unwrap(), 0.0);
    for kind in ["plain", "typo", "prefix", "lay", "phrase"] {
        assert!(report["by_kind"][kind]["queries"].as_u64().unwrap() > 0, "no {kind} queries");
    }
    let text = p.ok(&["eval", queries]);
    assert!(text.contains("MRR@10") && text.contains("overall"), "{text}");
    // A mistyped section id would only score as a miss: it is named at its query's line.
    std::fs::write(
        p.path().join("e.toml"),
        "[[query]]\nq = \"detox\"\nkind = \"plain\"\nrelevant = [\"kratom-addiction#detox\"]\n\n[[query]]\nq = \"shakes\"\nkind = \"lay\"\nrelevant = [\"kratom-addiction#withdrawl\"]\n",
    )
    .unwrap();
    let err = p.err(&["eval", "e.toml"]);
    assert!(err.contains("e.toml:6: query `shakes`: unknown section `kratom-addiction#withdrawl`"), "{err}");
    assert!(err.contains("\n  kratom-addiction#withdrawal\n"), "{err}");
}

#[test]
fn a_question_in_spanish_finds_the_english_section_that_answers_it() {
    // The corpus has no Spanish document yet: its synonym table takes Spanish words to the
    // article's, accents typed or not.
    let p = Project::shipped();
    for (typed, expected, shown, marked) in [
        ("síntomas de abstinencia", "kratom-addiction#withdrawal", "withdrawal", "withdrawal"),
        ("sintomas de abstinencia", "kratom-addiction#withdrawal", "withdrawal", "withdrawal"),
        (
            "como saber si mi hijo usa kratom",
            "kratom-addiction#signs-of-addiction-in-a-loved-one",
            "signs",
            "loved",
        ),
        ("desintoxicación", "kratom-addiction#detox", "detox", "detox"),
        ("recaída", "kratom-addiction#relapse", "relapse", "relapse"),
        // Past tenses; "ayudo" had been read as "ayuda", putting *Getting help* first.
        ("volví a consumir", "kratom-addiction#relapse", "relapse", "relapse"),
        ("mi hija recayó", "kratom-addiction#relapse", "relapse", "relapse"),
        ("como ayudo a mi hermano", "kratom-addiction#helping-a-loved-one", "helping", "help"),
        // A translation weighs near a typed word: "kratom" in a heading had put *What is
        // kratom?* first.
        ("tratamiento para el kratom", "kratom-addiction#treatment", "treatment", "treatment"),
    ] {
        let r = first_is(&p, typed, expected);
        let expanded = r["expanded"].as_array().unwrap();
        assert!(
            expanded
                .iter()
                .any(|e| e["kind"] == "synonym" && e["to"].as_array().unwrap().iter().any(|t| t == shown)),
            "{typed}: {r}"
        );
        // The English words it found are the ones marked.
        let snippet = r["hits"][0]["snippet"].as_str().unwrap().to_lowercase();
        assert!(snippet.contains(&format!("<mark>{marked}")), "{typed}: {snippet}");
    }
    // An everyday word the corpus lacks is no typo: "casa" had been corrected to "causa".
    let r = first_is(&p, "como hago un detox en casa", "kratom-addiction#detox");
    assert!(r["suggestion"].is_null() && r["unmatched"].as_array().unwrap().contains(&"casa".into()), "{r}");
    // The judged Spanish questions: the tuning set the table was written beside, gated; the
    // fresh set it never saw is reported by `outreach eval` (README).
    let queries = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/queries-es.toml");
    let report: serde_json::Value = serde_json::from_str(&p.ok(&["eval", queries, "--json"])).unwrap();
    let overall = &report["overall"];
    assert_eq!(overall["queries"].as_u64(), Some(40));
    let (mrr, s1) = (overall["mrr10"].as_f64().unwrap(), overall["success1"].as_f64().unwrap());
    assert!(mrr >= 0.90 && s1 >= 0.85, "MRR@10 {mrr:.3}, success@1 {s1:.3}\n{report:#}");
    assert_eq!(overall["zero_results"].as_f64().unwrap(), 0.0, "{report:#}");
    // English questions keep their answers: English words are not read as Spanish.
    first_is(&p, "how do i know if my son is using", "kratom-addiction#signs-of-addiction-in-a-loved-one");
}

#[test]
fn a_parents_snippet_comes_from_its_own_text_not_its_subsections() {
    // *Treatment* holds *Therapy* and *Medication*; a query both match shows each passage once.
    let p = Project::shipped();
    let r = p.search("medications for kratom", &[]);
    let hits = r["hits"].as_array().unwrap();
    let snippet =
        |id: &str| hits.iter().find(|h| h["id"] == id).map(|h| h["snippet"].as_str().unwrap().to_string());
    let medication = snippet("kratom-addiction#medication").expect("Medication found");
    let treatment = snippet("kratom-addiction#treatment").expect("Treatment found");
    assert!(medication.contains("has yet to identify"), "{medication}");
    assert!(!treatment.contains("has yet to identify"), "{treatment}");
    assert!(treatment.contains("Common treatments for <mark>Kratom</mark> addiction"), "{treatment}");
    // The words marked on the page cover the whole section, subsections included.
    let words = hits.iter().find(|h| h["id"] == "kratom-addiction#treatment").unwrap()["words"].clone();
    assert!(words.as_array().unwrap().iter().any(|w| w == "medications"), "{words}");
}

#[test]
fn typos_within_the_budget_are_found_and_corrected() {
    let p = Project::shipped();
    for (typed, expected) in [
        ("addicton", "kratom-addiction#dependence-vs-addiction"), // deletion, 8 letters
        ("tremros", "kratom-addiction#withdrawal"),               // transposition counts as one
        ("hallucinatoins", "kratom-addiction#withdrawal"),        // 14 letters: 2 edits allowed
        ("lofexadine", "kratom-addiction#medication"),
        ("psychiatrst", "kratom-addiction#therapy"),
    ] {
        let r = p.search(typed, &[]);
        let got = ids(&r);
        assert!(got.contains(&expected.to_string()), "{typed}: {got:?}");
        assert!(r["expanded"].as_array().unwrap().iter().any(|e| e["kind"] == "typo"), "{typed}: {r}");
        assert!(r["hits"][0]["snippet"].as_str().unwrap().contains("<mark>"), "{typed}: no highlight");
    }
    // Four letters: a letter left out or two swapped is corrected, and the section comes
    // first; a changed letter is not ("poop" is not "poor", nor "cant" "can").
    for (typed, expected, fix) in [
        ("detx", "kratom-addiction#detox", "detox"),
        ("hlep for my son", "kratom-addiction#helping-a-loved-one", "help"),
    ] {
        let r = first_is(&p, typed, expected);
        let typos: Vec<&serde_json::Value> =
            r["expanded"].as_array().unwrap().iter().filter(|e| e["kind"] == "typo").collect();
        assert_eq!(typos.len(), 1, "{typed}: {r}");
        assert_eq!(typos[0]["to"][0], fix, "{typed}: {r}");
    }
    let r = p.search("cant poop on kratom", &[]);
    assert!(r["expanded"].as_array().unwrap().iter().all(|e| e["kind"] != "typo"), "{r}");
    assert!(r["suggestion"].is_null(), "{r}");
}

#[test]
fn a_corrected_word_ranks_as_the_word_typed_right_would() {
    // Next to a common word ("kratom"), a typo's correction weighed too little: "kratom detx"
    // put Withdrawal (which says "kratom detox") above Detox.
    let p = Project::shipped();
    for (typo, right) in [
        ("kratom detx", "kratom detox"),
        ("withdrawl symptoms", "withdrawal symptoms"),
        ("kratom tremros", "kratom tremors"),
        ("therapy for kratom adiction", "therapy for kratom addiction"),
        ("kratom relapce", "kratom relapse"),
    ] {
        let (a, b) = (p.search(typo, &[]), p.search(right, &[]));
        assert_eq!(ids(&a)[0], ids(&b)[0], "{typo}: {a}");
    }
}

#[test]
fn get_is_no_topic_of_a_query() {
    // "get" stems like the heading "Getting help", which then came first for any question with
    // "get" in it. Its meaning is in the words after it.
    let p = Project::shipped();
    for (typed, expected) in [
        ("why do some people get addicted and others dont", "kratom-addiction#what-causes-addiction"),
        ("get clean", "kratom-addiction#detox"),
        ("getting off kratom", "kratom-addiction#detox"),
        ("where can i get help", "kratom-addiction#getting-help"),
        ("getting help", "kratom-addiction#getting-help"),
        // "find" likewise: Outlook says "help you find support resources in your area".
        ("where can i find a rehab near me", "kratom-addiction#getting-help"),
    ] {
        first_is(&p, typed, expected);
    }
}

#[test]
fn another_form_of_a_corpus_word_is_not_a_typo() {
    let p = Project::shipped();
    // The corpus says "therapy", "relapse", "help" and "counselor"; these forms never occur
    // in it, but their stems do. They are searched as typed: no "did you mean", no typo note.
    for (typed, expected) in [
        ("therapies", "kratom-addiction#therapy"),
        ("relapsed", "kratom-addiction#relapse"),
        ("counselors", "kratom-addiction#therapy"),
        ("what helps cravings", "kratom-addiction#therapy"),
    ] {
        let r = first_is(&p, typed, expected);
        assert!(r["suggestion"].is_null(), "{typed}: {r}");
        assert!(!r["expanded"].as_array().unwrap().iter().any(|e| e["kind"] == "typo"), "{typed}: {r}");
        assert!(r["hits"][0]["snippet"].as_str().unwrap().contains("<mark>"), "{typed}: no highlight");
    }
    // A misspelling whose stem is not the corpus's is still corrected.
    assert_eq!(p.search("withdrawl", &[])["suggestion"], "withdrawal");
}

#[test]
fn a_query_that_only_asks_for_someone_to_call_lists_no_sections() {
    let p = Project::shipped();
    // Every word a contact word or phrase, or a filler: the contacts answer it whole. "out"
    // had found *Outlook* under the helpline as the start of "outlook".
    for q in [
        "he passed out",
        "cant wake him up",
        "suicide",
        "i want to die",
        "she isnt breathing",
        "se tomo demasiadas pastillas",
        // "said" is a filler of a report: it had found *Treatment* under the helpline.
        "he said he wants to end it",
    ] {
        let r = p.search(q, &[]);
        assert_eq!((r["total"].as_u64(), r["typing"].as_bool()), (Some(0), Some(false)), "{q}: {r}");
        let out = p.ok(&["search", q]);
        assert!(out.starts_with(EMERGENCY_THEN_HELPLINE), "{q}: {out}");
    }
    // "took too much kratom" is told whole by the words of an emergency ("too much kratom"):
    // the contacts alone answer it. Another word is searched after them ("powder"); a place
    // to go, or a way to reach help, is answered by the section on getting help too.
    assert_eq!(p.search("took too much kratom", &[])["total"], 0);
    first_is(&p, "took too much kratom powder", "kratom-addiction#effects-and-side-effects");
    for q in ["find rehab near me", "i need help", "hotline"] {
        assert!(p.search(q, &[])["total"].as_u64().unwrap() > 0, "{q}");
    }
}

#[test]
fn emergency_wording_as_people_type_it_gets_the_emergency_number_first() {
    let p = Project::shipped();
    // Each had listed a section with no contacts ("foaming at the mouth" marked "dry mouth",
    // "over dose" marked "doses"), or put the treatment locator's website first.
    for q in [
        "he is foaming at the mouth",
        "over dose",
        "his lips are blue",
        "blue lips",
        "he wont respond",
        "choking",
        "cutting myself",
        "ending it all",
        "i feel hopeless",
        "too many capsules",
        "kratom overdose symptoms",
    ] {
        let out = p.ok(&["search", q]);
        assert!(out.starts_with(EMERGENCY_THEN_HELPLINE), "{q}: {out}");
        // The JSON says so too, spelt right or not: `calls` is only for a misspelt word.
        let r = p.search(q, &[]);
        assert_eq!((r["contacts"].as_bool(), r["calls"].as_bool()), (Some(true), Some(false)), "{q}: {r}");
    }
    assert_eq!(p.search("suicde", &[])["contacts"], true);
    assert_eq!(p.search("rehab near me", &[])["contacts"], true);
    assert_eq!(p.search("withdrawal symptoms", &[])["contacts"], false);
    // A query that finds nothing gets the helpline first, 911 after it, the locator last: an
    // emergency told in words the search does not know still finds a number at the top.
    let out = p.ok(&["search", "xylazine"]);
    let first = out.lines().find(|l| l.starts_with("where to get help:")).unwrap_or_default();
    assert!(first.starts_with("where to get help: SAMHSA’s National Helpline"), "{out}");
    assert!(out.find("Emergency services") < out.find("Behavioral Health"), "{out}");
    // A place to go keeps the locator first, and the emergency number last.
    let out = p.ok(&["search", "rehab near me"]);
    assert!(out.starts_with("where to get help: Behavioral Health"), "{out}");
    assert!(out.find("Emergency services") > out.find("National Helpline"), "{out}");
}

#[test]
fn street_words_and_everyday_words_find_what_they_mean() {
    let p = Project::shipped();
    // "subs" had been completed to "substance", "mat" to "matter"; "wd" found nothing.
    for (q, expected) in [
        ("subs", "medication"),
        ("on subs", "medication"),
        ("subutex", "medication"),
        ("mat", "medication"),
        ("kratom wd", "withdrawal"),
        ("kicking kratom", "detox"),
        ("how do i stop taking kratom", "detox"),
        ("fell off the wagon", "relapse"),
        ("is it free", "getting-help"),
    ] {
        first_is(&p, q, &format!("kratom-addiction#{expected}"));
    }
    // Everyday words the corpus lacks are taken as typed, never turned into another word
    // ("made" into "madre", "heart" into "health", "hours" into "yourself").
    for q in ["what is kratom made of", "kratom and my heart", "open 24 hours", "restless legs at night"] {
        let r = p.search(q, &[]);
        let typos: Vec<_> =
            r["expanded"].as_array().unwrap().iter().filter(|e| e["kind"] == "typo").collect();
        assert!(typos.is_empty() && r["suggestion"].is_null(), "{q}: {r}");
    }
    // A long question keeps the meaning of its words past the 32nd: "shaky" is trembling,
    // not a word "no section mentions".
    let r = p.search(
        "my son has been taking kratom from the gas station for about two years and now he says he wants to stop but every time he tries he gets really sick and shaky what do we do",
        &[],
    );
    assert_eq!(ids(&r)[0], "kratom-addiction#withdrawal", "{r}");
    assert!(!r["unmatched"].as_array().unwrap().contains(&"shaky".into()), "{r}");
    // A last word for the person asked about is no word being typed: "her" had been read as
    // the start of "heroin", and *What is kratom?* came first.
    let r = p.search("how can i help her", &[]);
    assert!(
        ["kratom-addiction#getting-help", "kratom-addiction#helping-a-loved-one"]
            .contains(&ids(&r)[0].as_str()),
        "{r}"
    );
    // ("you" had been read as "yourself", putting *Outlook* first.)
    assert_ne!(ids(&p.search("can kratom kill you", &[]))[0], "kratom-addiction#outlook");
    // Words that join a question's parts find nothing by themselves: "while" had put *Signs of
    // addiction* first for "kratom while pregnant".
    let r = p.search("kratom while pregnant", &[]);
    assert_eq!(ids(&r)[0], "kratom-addiction#what-is-kratom", "{r}");
    // A question that says a heading's words in its order is that heading's: "kratom
    // addiction" in Medication's text had put it first.
    let r = p.search("what is kratom addiction", &[]);
    assert_eq!(ids(&r)[0], "kratom-addiction#what-is-kratom", "{r}");
    let r = p.search("what causes kratom addiction", &[]);
    assert_eq!(ids(&r)[0], "kratom-addiction#what-causes-addiction", "{r}");
}

/// How the CLI's answer to a crisis starts: the emergency number, then the helpline (the
/// locator, a website to search, after them).
const EMERGENCY_THEN_HELPLINE: &str = "where to get help: Emergency services  911\n   Police, fire and ambulance, 24 hours a day.\nwhere to get help: SAMHSA’s National Helpline";

#[test]
fn a_misspelt_word_of_a_crisis_still_gets_the_contacts_first() {
    let p = Project::shipped();
    // "suicde" had been corrected to "side" and answered with *Effects and side effects*,
    // the treatment locator first; "overdoes" with *Helping a loved one* and no contacts.
    for q in ["suicde", "overdoes", "ovedose", "sucidal thoughts", "cant breath", "he took to much kratom"] {
        let r = p.search(q, &[]);
        // (The last two are written so in the contact words: asked for as typed.)
        assert_eq!(r["calls"], !q.contains(' ') || q.starts_with("sucidal"), "{q}: {r}");
        assert!(r["related"].as_array().unwrap().is_empty() && r["suggestion"].is_null(), "{q}: {r}");
        let out = p.ok(&["search", q]);
        assert!(out.starts_with(EMERGENCY_THEN_HELPLINE), "{q}: {out}");
        assert!(!out.contains("showing side") && !out.contains("(typo)"), "{q}: {out}");
    }
    for q in ["suicde", "overdoes", "cant breath"] {
        assert_eq!(p.search(q, &[])["total"], 0, "{q}: the contacts alone");
    }
    // Words a letter from one that are no misspelling of it: "drying" (out) is no "dying",
    // "filled" no "killed".
    for q in ["drying out", "prescription filled", "withdrawl"] {
        let r = p.search(q, &[]);
        assert_eq!(r["calls"], false, "{q}: {r}");
        assert!(!p.ok(&["search", q]).starts_with("where to get help"), "{q}");
    }
}

#[test]
fn an_emergency_told_in_spanish_gets_the_emergency_number_first() {
    // "no responde" had been read as a misspelt "esconde" and answered with *Signs of
    // addiction in a loved one*, no contacts at all; "labios morados" had the locator first.
    let p = Project::shipped();
    for q in [
        "no responde",
        "mi hijo no reacciona",
        "echa espuma por la boca",
        "se tomó muchas pastillas",
        "labios morados",
        "tiene los labios azules",
        "no puede respirar",
        "convulsiones",
        "no se despierta",
        "no lo puedo despertar",
        "no aguanto más",
        "me quiero quitar la vida",
        "llame al 911",
    ] {
        let r = p.search(q, &[]);
        assert_eq!(r["contacts"], true, "{q}: {r}");
        let out = p.ok(&["search", q]);
        assert!(out.starts_with(EMERGENCY_THEN_HELPLINE), "{q}: {out}");
        assert!(!out.contains("(typo)"), "{q}: {out}");
    }
}

#[test]
fn a_person_who_will_not_wake_or_took_a_lot_gets_the_emergency_number_first() {
    // From a worker's review: "he wont wake" (no "up") had been read as the start of "wake me
    // up" and answered with kratom's energizing effects, no contacts; "no puedo despertarlo",
    // "took a lot of kratom" and "she took a bunch of pills" had had no contacts either.
    let p = Project::shipped();
    // Typed up to a letter short (the page searches at every letter), the same answer.
    for q in [
        "he wont wake",
        "wont wake",
        "no puedo despertarlo",
        "no puedo despertarla",
        "he wont wak",
        "took too man",
        // And an emergency's word begun alone, from its fifth letter.
        "suici",
        "he overd",
    ] {
        let r = p.search(q, &[]);
        assert_eq!((r["contacts"].clone(), r["total"].clone()), (true.into(), 0.into()), "{q}: {r}");
        assert!(p.ok(&["search", q]).starts_with(EMERGENCY_THEN_HELPLINE), "{q}");
    }
    for q in ["took a lot of kratom", "she took a bunch of pills", "he took a lot of kratom and wont wake"] {
        assert_eq!(p.search(q, &[])["contacts"], true, "{q}");
        assert!(p.ok(&["search", q]).starts_with(EMERGENCY_THEN_HELPLINE), "{q}");
    }
    // A second review's wordings: "waking" had been corrected to "taking" and answered with
    // withdrawal's "this may take up to a week"; the Spanish "no está respirando", an
    // accented misspelling ("sobredósis"), a collapse, a seizure, "better off dead" had had
    // no contacts, or 911 after the locator.
    for q in [
        "she isnt waking up",
        "she isn't waking",
        "hes not waking",
        "mi hijo no esta respirando",
        "no está respirando",
        "se puso azul",
        "cant get her to wake",
        "dont want to wake up anymore",
        "too much kratom what do i do",
        "he took way too much",
        "took 2 much kratom",
        "sobredósis de kratom",
        "se tomó mucho kratom",
        "better off dead",
        "seizing",
        "he collapsed",
        "she fainted",
        "he is blue",
        "She’s ODing",
        "should i give him narcan",
        "chest pain",
        "he wont come to",
        "wont open his eyes",
    ] {
        assert_eq!(p.search(q, &[])["contacts"], true, "{q}");
        let out = p.ok(&["search", q]);
        assert!(out.starts_with(EMERGENCY_THEN_HELPLINE), "{q}: {out}");
        assert!(!out.contains("taking"), "{q}: {out}");
    }
    // "waking" is a word as typed, never "taking", in any query.
    let r = p.search("i keep waking up at night", &[]);
    assert_eq!(r["expanded"], serde_json::json!([]), "{r}");
    assert!(r["suggestion"].is_null(), "{r}");
    // Asking for a number, with no emergency told, gets the helpline first, the emergency
    // number after it: 911 had headed "hotline" and "how do i get help".
    for q in ["hotline", "free help line", "ayuda", "how do i get help for kratom addiction"] {
        let out = p.ok(&["search", q]);
        assert!(
            out.starts_with("where to get help: SAMHSA’s National Helpline")
                && out.contains("Spanish.\nwhere to get help: Emergency services  911"),
            "{q}: {out}"
        );
    }
    // Asking where to go gets the treatment locator first.
    for q in ["where to go for help", "where can i go"] {
        assert_eq!(p.search(q, &[])["contacts"], true, "{q}");
        assert!(p.ok(&["search", q]).starts_with("where to get help: Behavioral Health"), "{q}");
    }
}

#[test]
fn a_real_word_the_corpus_lacks_is_searched_as_typed() {
    let p = Project::shipped();
    // Listed in the synonym table's [uncovered]: "meth" is no start of "methadone", "homeless"
    // no misspelt "hopeless", "drinking" no "driving". Alone, each finds nothing (and the
    // search is not taken as still being typed); with other words, it is named as matched
    // nowhere and the rest is searched.
    for word in ["meth", "homeless", "drinking", "medicaid"] {
        let r = p.search(word, &[]);
        assert_eq!(r["total"], 0, "{word}: {r}");
        assert_eq!(r["expanded"], serde_json::json!([]), "{word}: {r}");
        assert!(r["suggestion"].is_null() && r["related"] == serde_json::json!([]), "{word}: {r}");
        assert_eq!(r["typing"], false, "{word}: {r}");
    }
    let r = first_is(&p, "meth withdrawal", "kratom-addiction#withdrawal");
    assert_eq!(r["unmatched"], serde_json::json!(["meth"]), "{r}");
    let r = p.search("my son is homeless", &[]);
    assert_eq!(r["unmatched"], serde_json::json!(["homeless"]), "{r}");
    assert!(!r.to_string().contains("hopeless"), "{r}");
    // Nor do the related sections of a looser search bend a word at its first letter:
    // "housing" had offered sections "for using", "narcan" "for there".
    for q in ["housing", "where to get narcan"] {
        assert_eq!(p.search(q, &[])["related"], serde_json::json!([]), "{q}");
    }
    // A longer start is still completed as it is typed.
    let r = p.search("metha", &[]);
    assert_eq!(r["expanded"][0]["to"], serde_json::json!(["methadone"]), "{r}");
}

#[test]
fn a_word_no_section_has_is_named_and_the_rest_is_searched() {
    let p = Project::shipped();
    // "naloxone" is in no section, in any form or spelling: the hits are for "kratom", and
    // the answer says which word matched nothing (a clinic reader must not take them for an
    // answer about naloxone).
    let r = p.search("naloxone kratom", &[]);
    assert_eq!(r["unmatched"], serde_json::json!(["naloxone"]), "{r}");
    assert!(r["total"].as_u64().unwrap() > 0, "{r}");
    assert!(p.ok(&["search", "naloxone", "kratom"]).contains("no section mentions `naloxone`"));
    assert_eq!(p.search("is kratom safe while pregnant", &[])["unmatched"], serde_json::json!(["pregnant"]));
    // Explained words are not unmatched: a typo corrected, a synonym, another form of a
    // corpus word, a word being typed, a stop word.
    for typed in ["withdrawl symptoms", "rehab near me", "therapies", "treatm", "what is kratom"] {
        let r = p.search(typed, &[]);
        assert_eq!(r["unmatched"], serde_json::json!([]), "{typed}: {r}");
        assert!(!p.ok(&["search", typed]).contains("no section mentions"), "{typed}");
    }
}

#[test]
fn exact_matches_rank_above_fuzzy_ones() {
    let p = Project::empty();
    p.write(
        "a.md",
        "+++\nid = \"d\"\ntitle = \"T\"\nlanguage = \"en\"\nsource = \"S\"\nreviewed = \"unknown\"\n+++\n\n\
         ## One\n\nThe patient felt nauseous.\n\n## Two\n\nThe patient felt nauseaus again.\n\n\
         ## Three\n\nThe patient felt nauseouss today.\n",
    );
    // "nauseous" exists: its section ranks first, and the word is not fuzzed.
    let r = p.search("nauseous", &[]);
    assert_eq!(ids(&r)[0], "d#one");
    assert!(r["expanded"].as_array().unwrap().is_empty(), "{r}");
    // A 9-letter word not in the corpus (two edits allowed): the corrections one edit away
    // are found, and the one two edits away is not offered beside them ("medicaton" is
    // "medication", not also "meditation").
    let r = p.search("nauseousz", &[]);
    assert_eq!(ids(&r), ["d#one", "d#three"], "{r}");
    assert_eq!(r["expanded"][0]["to"], serde_json::json!(["nauseous", "nauseouss"]));
    // With nothing one edit away, those two away are.
    let r = p.search("nauseoxxs", &[]);
    assert_eq!(r["expanded"][0]["to"], serde_json::json!(["nauseous", "nauseouss"]), "{r}");
    // Eight letters allow one edit: only the distance-1 correction.
    let r = p.search("nauseouz", &[]);
    assert_eq!(ids(&r), ["d#one"], "{r}");
}

#[test]
fn the_last_word_completes_as_a_prefix() {
    let p = Project::shipped();
    let r = p.search("treatm", &[]);
    assert_eq!(ids(&r)[0], "kratom-addiction#treatment");
    assert!(r["hits"][0]["snippet"].as_str().unwrap().contains("<mark>Treatment</mark>"), "{r}");
    let r = p.search("hallucin", &[]);
    assert_eq!(ids(&r)[0], "kratom-addiction#withdrawal");
}

#[test]
fn lay_words_reach_clinical_ones_and_say_so() {
    let p = Project::shipped();
    let r = p.search("shaking", &[]);
    assert_eq!(ids(&r)[0], "kratom-addiction#withdrawal");
    let e = &r["expanded"][0];
    assert_eq!((e["kind"].as_str(), e["from"].as_str()), (Some("synonym"), Some("shaking")));
    assert!(r["hits"][0]["snippet"].as_str().unwrap().contains("<mark>tremors</mark>"));
    let text = p.ok(&["search", "dope", "sick"]);
    assert!(text.contains("showing withdrawal for dope sick"), "{text}");
    // "sick" alone, or felt: what the table says it means, not a dead end.
    let r = p.search("feel sick", &[]);
    assert_eq!(ids(&r)[0], "kratom-addiction#withdrawal", "{r}");
    assert_eq!(r["expanded"][0]["from"], "sick", "{r}");
    let r = p.search("rehab near me", &[]);
    assert_eq!(ids(&r)[0], "kratom-addiction#getting-help");
    // "Signs of addiction in a loved one" names both parts of the question in its heading;
    // "Helping a loved one", which says "loved one" more often, names one.
    let r = p.search("how do I know if my son is using", &[]);
    assert_eq!(
        ids(&r)[..2],
        ["kratom-addiction#signs-of-addiction-in-a-loved-one", "kratom-addiction#helping-a-loved-one"]
    );
    // Who is asked about weighs less than what is asked (the `[people]` table).
    for (typed, expected) in [
        ("my friend slipped up after rehab, is that normal", "kratom-addiction#relapse"),
        ("my son drinks some leaf tea from a smoke shop is that kratom", "kratom-addiction#what-is-kratom"),
    ] {
        first_is(&p, typed, expected);
    }
    // Whoever the worried person asks about, a brother or a girlfriend as much as a son, the
    // sections on a loved one answer.
    for (typed, expected) in [
        ("helping my brother quit kratom", "kratom-addiction#helping-a-loved-one"),
        ("my sister is using kratom", "kratom-addiction#helping-a-loved-one"),
        ("how do i know if my girlfriend is using", "kratom-addiction#signs-of-addiction-in-a-loved-one"),
        ("how can i tell if my father is addicted", "kratom-addiction#signs-of-addiction-in-a-loved-one"),
    ] {
        first_is(&p, typed, expected);
    }
    // A lay phrase with an apostrophe, typed with it, with a curly one or without one. What
    // the apostrophe leaves ("t") is no part of the query: "don't" elsewhere must not win.
    for typed in ["can't poop", "can’t poop", "cant poop on kratom"] {
        let r = p.search(typed, &[]);
        assert_eq!(ids(&r)[0], "kratom-addiction#effects-and-side-effects", "{typed}: {r}");
        let e = &r["expanded"][0];
        assert_eq!(
            (e["kind"].as_str(), e["from"].as_str()),
            (Some("synonym"), Some("can't poop")),
            "{typed}"
        );
        assert!(
            r["hits"][0]["snippet"].as_str().unwrap().contains("<mark>constipation</mark>"),
            "{typed}: {r}"
        );
    }
}

#[test]
fn question_frames_reach_the_section_that_answers_them() {
    // "Does kratom cause X" asks about an effect: the heading "What causes addiction?" names
    // the verb, not the question. Hope, and a life wrecked by use, are in the table too.
    let p = Project::shipped();
    for (typed, expected) in [
        ("does kratom cause constipation", "kratom-addiction#effects-and-side-effects"),
        ("can kratom cause psychosis", "kratom-addiction#effects-and-side-effects"),
        ("does kratom cause addiction", "kratom-addiction#what-causes-addiction"),
        ("is there hope", "kratom-addiction#outlook"),
        // Another form of a key's word ("sickness" for "sick"), and a question's fillers
        // ("he", "anything") that no section answers.
        ("how long till the sickness stops", "kratom-addiction#withdrawal"),
        ("he needs more and more to feel anything", "kratom-addiction#dependence-vs-addiction"),
        // Every word common in this corpus: the table points "addictive" at "it can be
        // addictive as well", typed right or misspelt.
        ("is kratom addictive", "kratom-addiction#what-is-kratom"),
        ("is kratom adictive", "kratom-addiction#what-is-kratom"),
        // Whose fault it is; detox spelled as it sounds; quitting, which is stopping.
        ("is it my fault he got addicted", "kratom-addiction#what-causes-addiction"),
        ("detocks from kratom", "kratom-addiction#detox"),
        ("what happens when you quit kratom", "kratom-addiction#withdrawal"),
        // Asking how to quit asks for detox, not for what dependence is.
        ("how do i quit kratom", "kratom-addiction#detox"),
        ("how can I quit", "kratom-addiction#detox"),
        // Kratom sold as pills is the product, not a medicine for quitting it.
        ("kratom pills", "kratom-addiction#what-is-kratom"),
        // "son" typed as "sun", a real word a spell check lets through.
        ("my sun is adicted to kratum help", "kratom-addiction#helping-a-loved-one"),
    ] {
        let r = first_is(&p, typed, expected);
        assert!(r["expanded"].as_array().is_some_and(|e| !e.is_empty()), "{typed}: says what it added: {r}");
    }
    // Both sections that name using in spite of the harm come first.
    for typed in
        ["can't stop using even though it's ruining my life", "cant stop using even tho its wrecking my life"]
    {
        let r = p.search(typed, &[]);
        let mut top = ids(&r)[..2].to_vec();
        top.sort();
        assert_eq!(
            top,
            ["kratom-addiction#dependence-vs-addiction", "kratom-addiction#signs-of-addiction"],
            "{typed}: {r}"
        );
    }
}

#[test]
fn a_lay_phrase_speaks_for_its_words_and_phone_contractions_are_fillers() {
    let p = Project::shipped();
    for (typed, expected) in [
        // "like" in "feel like" is not "drugs like morphine" (What is kratom?), and "detox" in
        // "after detox" asks what comes next, not about detox.
        ("what does coming off kratom feel like", "kratom-addiction#withdrawal"),
        ("what happens after detox is over", "kratom-addiction#treatment"),
        // "whats" stems to "what", which every "What …?" heading holds; typed with the
        // apostrophe or without, it is a filler.
        ("whats the goal of rehab for kratom", "kratom-addiction#treatment"),
        ("what's the goal of rehab for kratom", "kratom-addiction#treatment"),
        // A longer phrase wins over a shorter one inside it: "feel like using" is a craving,
        // not how kratom feels; "without a fight" is about how to talk, "fight cravings" is
        // not (a bare "fight" would read as confrontation there).
        ("feel like using again", "kratom-addiction#relapse"),
        (
            "how do i talk to my husband about his kratom habit without a fight",
            "kratom-addiction#helping-a-loved-one",
        ),
        ("fight cravings", "kratom-addiction#therapy"),
        // A phrase is read from the words as typed, repeats and all: "how much is too much"
        // holds "too much" (it found nothing when repeated words were dropped first).
        ("how much is too much", "kratom-addiction#effects-and-side-effects"),
        ("how much kratom is too much", "kratom-addiction#effects-and-side-effects"),
    ] {
        first_is(&p, typed, expected);
    }
    // A phrase typed twice is one expansion, not two.
    let r = p.search("so sick so very sick", &[]);
    assert_eq!(r["expanded"].as_array().map(Vec::len), Some(1), "{r}");
}

#[test]
fn a_misspelt_lay_word_is_corrected_to_the_synonym_table() {
    // No corpus word is near "rehb", "dopesik" or "shakng"; the table's "rehab", "dopesick"
    // and "shaking" are, and their meanings are searched.
    let p = Project::shipped();
    for (typed, fix, expected, suggestion) in [
        ("rehb near me", "rehab", "kratom-addiction#getting-help", "rehab near me"),
        ("dopesik", "dopesick", "kratom-addiction#withdrawal", "dopesick"),
        ("dope sikc", "sick", "kratom-addiction#withdrawal", "dope sick"),
        ("shakng", "shaking", "kratom-addiction#withdrawal", "shaking"),
    ] {
        let r = first_is(&p, typed, expected);
        let e = &r["expanded"][0];
        assert_eq!((e["kind"].as_str(), e["to"][0].as_str()), (Some("typo"), Some(fix)), "{typed}: {r}");
        assert_eq!(r["expanded"][1]["kind"], "synonym", "{typed}: {r}");
        assert_eq!(r["suggestion"], suggestion, "{typed}");
    }
    // A word the corpus has, or one close to a corpus word, is never taken for a lay word.
    let r = p.search("withdrawl", &[]);
    assert_eq!(r["expanded"][0]["to"][0], "withdrawal", "{r}");
    assert!(r["expanded"].as_array().unwrap().iter().all(|e| e["kind"] != "synonym"), "{r}");
}

#[test]
fn phrases_facets_and_no_dead_ends() {
    let p = Project::shipped();
    let r = p.search("\"runny nose\"", &[]);
    assert_eq!(ids(&r)[0], "kratom-addiction#withdrawal");
    let r = p.search("withdrawal", &[]);
    let facets = r["facets"].as_object().unwrap();
    assert!(facets["detox"].as_u64().unwrap() >= 1 && facets.contains_key("withdrawal"), "{r}");
    // Any real corpus word, buried in noise, still finds something.
    for q in ["qqqq zzzz kratom", "xyzzy sweating", "\"no such phrase here\" nausea"] {
        let found = p.search(q, &[]);
        assert!(found["total"].as_u64().unwrap() > 0 && !ids(&found).is_empty(), "{q}: {found}");
    }
    // A topic filter that excludes every match offers the sections outside it.
    let r = p.search("hallucinations", &["--topic", "signs"]);
    assert_eq!(r["total"], 0);
    assert_eq!(r["related"][0]["id"], "kratom-addiction#withdrawal", "{r}");
    // Too far for typo tolerance (3 edits in 13 letters) still leads somewhere.
    let r = p.search("halucinatoinz", &[]);
    assert!(r["total"] == 0 && !r["related"].as_array().unwrap().is_empty(), "{r}");
    // A misspelled query with nothing else gets a suggestion built from the corpus.
    assert_eq!(p.search("restlesness", &[])["suggestion"], "restlessness");
    // Nothing in the corpus at all: the contacts the handouts print, once each.
    let text = p.ok(&["search", "pregnant"]);
    assert!(text.contains("no sections match `pregnant`"), "{text}");
    assert!(text.contains("where to get help: SAMHSA’s National Helpline  1-800-662-4357"), "{text}");
    assert!(text.contains("where to get help: Behavioral Health Treatment Services Locator (SAMHSA)  https://findtreatment.gov"), "{text}");
    assert_eq!(text.matches("where to get help").count(), 3, "{text}");
    // The emergency number last, for a search that tells of no emergency.
    assert!(text.find("Emergency services  911") > text.find("National Helpline"), "{text}");
    // With what each is: the helpline's hours and languages (a Spanish speaker is told).
    assert!(
        text.contains(
            "\n   Free and confidential, 24 hours a day, 365 days a year, in English and Spanish.\n"
        ),
        "{text}"
    );
    // Where to get help comes before the sections a looser search offers.
    let text = p.ok(&["search", "halucinatoinz"]);
    let (help, related) = (text.find("where to get help:"), text.find("  related ("));
    assert!(help.is_some() && related.is_some() && help < related, "{text}");
    // A query for a number or a place gets the contacts first, then the sections.
    for q in ["hotline", "rehab near me"] {
        let text = p.ok(&["search", q]);
        let help = text.find("where to get help: SAMHSA’s National Helpline  1-800-662-4357");
        let first = text.find("1. ");
        assert!(help.is_some() && first.is_some() && help < first, "{q}: {text}");
    }
    assert!(!p.ok(&["search", "withdrawal"]).contains("where to get help"));
    // A crisis, in any tense, gets the contacts too; its words are taken as typed: "dying" is
    // not corrected to "lying", "die" not completed to "dietary", nor searched more loosely.
    // In Spanish too, accents typed or not: the helpline answers in Spanish.
    for q in [
        "dying",
        "he overdosed",
        "overdosing",
        "i want to die",
        "took too much kratom",
        "end my life",
        "sobredosis de kratom",
        "me quiero morir",
        "tome demasiado kratom",
        "número de teléfono",
        "she took too many pills",
        "se tomo demasiadas pastillas",
        "i dont want to be here anymore",
        "he isn't breathing",
        "he ODed",
        "i cant do this anymore",
        "he said he wants to end it",
        "shes having a seizure",
        "lips turning blue",
        "se desmayó",
    ] {
        let text = p.ok(&["search", q]);
        assert!(text.contains("where to get help: SAMHSA’s National Helpline"), "{q}: {text}");
        let r = p.search(q, &[]);
        assert!(r["suggestion"].is_null(), "{q}: {r}");
        let expanded = r["expanded"].as_array().unwrap();
        assert!(expanded.iter().all(|e| e["kind"] == "synonym"), "{q}: {r}");
        assert!(r["related"].as_array().unwrap().is_empty(), "{q}: {r}");
    }
    // Alone, a word of a crisis is answered by the contacts alone: nothing is searched.
    let r = p.search("dying", &[]);
    assert_eq!((r["total"].as_u64(), r["unmatched"].clone()), (Some(0), serde_json::json!([])), "{r}");
    // "want" is a filler: "i want to die" had listed *Signs of addiction* under the contacts,
    // "wanting" marked in it.
    assert_eq!(p.search("i want to die", &[])["hits"], serde_json::json!([]));
    // Where nothing matches, the number to call still comes first, and no "try other words".
    let text = p.ok(&["search", "me", "quiero", "morir"]);
    // Someone to call first: the emergency number and the helpline before the locator's
    // website.
    assert!(text.starts_with(EMERGENCY_THEN_HELPLINE), "{text}");
    assert!(p.ok(&["search", "rehab", "near", "me"]).starts_with("where to get help: Behavioral Health"));
    let (help, none) = (text.find("where to get help: SAMHSA"), text.find("no sections match"));
    assert!(help.is_some() && none.is_some() && help < none && !text.contains("try other words"), "{text}");
    // The contacts answer a query for a number: no "related" sections from bent words
    // ("number" read as "member").
    for q in ["phone number", "who can I call", "ayuda por favor"] {
        let r = p.search(q, &[]);
        assert!(r["related"].as_array().unwrap().is_empty(), "{q}: {r}");
        // Nor "keep typing": a word asking for a contact is taken as typed ("call", not "called").
        assert_eq!(r["typing"], false, "{q}: {r}");
    }
    // Another form of a lay word is no typo ("pill" of "pills"); nor is a filler ("know").
    for q in ["is there a pill to help quit", "i dont know what to do", "NA meeting"] {
        let r = p.search(q, &[]);
        assert!(r["suggestion"].is_null(), "{q}: {r}");
        assert!(r["expanded"].as_array().unwrap().iter().all(|e| e["kind"] != "typo"), "{q}: {r}");
    }
    assert_eq!(p.search("is there a pill to help quit", &[])["hits"][0]["id"], "kratom-addiction#medication");
    assert_eq!(p.search("I need help now", &[])["hits"][0]["id"], "kratom-addiction#getting-help");
    // "think" is a filler of a spoken question: "i think im addicted" had found *Helping a loved
    // one* first, for its "Think carefully".
    assert_eq!(
        p.search("i think im addicted", &[])["hits"][0]["id"],
        "kratom-addiction#dependence-vs-addiction"
    );
    // Typing "kratom withdrawal", the results do not jump back to "kratom" at "with", a
    // filler that starts the word being typed; nothing is said of it.
    for q in ["kratom wit", "kratom with", "kratom withd"] {
        assert_eq!(p.search(q, &[])["hits"][0]["id"], "kratom-addiction#withdrawal", "{q}");
    }
    assert!(p.search("what is kratom used for", &[])["expanded"].as_array().unwrap().is_empty());
}

#[test]
fn a_stem_counts_only_in_sections_of_its_language() {
    // "theo" is in no section; its Spanish stem is "the", a word of every English section.
    // It must count as a part of the query no section covers, like any unknown word. (It has
    // no correction either: no corpus word is "theo" with a letter left out or two swapped.)
    let p = Project::shipped();
    let score = |q: &str| p.search(q, &[])["hits"][0]["score"].as_f64().unwrap();
    assert_eq!(score("theo person"), score("qqqq person"));
    assert!(score("theo person") < score("person"));
}

#[test]
fn huge_queries_are_bounded() {
    let p = Project::shipped();
    let long = format!("{} detox", "x".repeat(10_000));
    assert!(p.search(&long, &[])["hits"].is_array());
    let words: String = (0..1000).map(|i| if i % 10 == 0 { "tremors " } else { "wordy " }).collect();
    assert_eq!(ids(&p.search(&words, &[]))[0], "kratom-addiction#withdrawal");
}

#[test]
fn a_lay_word_being_typed_is_neither_corrected_nor_named() {
    // "sinto" on the way to "síntomas" had been corrected to "into"; "hus" on the way to
    // "husband" named as a word no section has.
    let p = Project::shipped();
    for typed in ["sinto", "kratom sínto", "my hus"] {
        let r = p.search(typed, &[]);
        assert!(r["expanded"].as_array().unwrap().iter().all(|e| e["kind"] != "typo"), "{typed}: {r}");
        assert!(r["unmatched"].as_array().unwrap().is_empty(), "{typed}: {r}");
    }
    // While typed, it stands for the word it starts, so the lay phrase answers at once: "my
    // hus" and "my dau" had shown "No sections match" until the word was finished.
    for (typed, whole) in [("my hus", "husband"), ("my husb", "husband"), ("is my dau", "daughter")] {
        let r = p.search(typed, &[]);
        assert_eq!(ids(&r)[0], "kratom-addiction#helping-a-loved-one", "{typed}: {r}");
        let completed =
            r["expanded"].as_array().unwrap().iter().any(|e| e["kind"] == "prefix" && e["to"][0] == whole);
        assert!(completed, "{typed}: {r}");
    }
    // Finished (a space after it), the word is what it is: named where no section has it.
    let r = p.search("my hus ", &[]);
    assert_eq!(r["unmatched"], serde_json::json!(["hus"]), "{r}");
}

#[test]
fn a_misspelt_start_of_a_word_being_typed_finds_what_it_starts() {
    // "treatmn", "relpa" and "crato" had found nothing until the word was finished: no word
    // starts with them, and none is one edit from a whole word.
    let p = Project::shipped();
    for (typed, expected, fix) in [
        ("treatmn", "kratom-addiction#treatment", "treatment"),
        ("relpa", "kratom-addiction#relapse", "relapse"),
        ("el crato", "kratom-addiction#what-is-kratom", "kratom"),
        ("lofexa", "kratom-addiction#medication", "lofexidine"),
    ] {
        let r = p.search(typed, &[]);
        assert_eq!(ids(&r)[0], expected, "{typed}: {r}");
        assert_eq!(r["expanded"][0]["kind"], "typo", "{typed}: {r}");
        assert_eq!(r["expanded"][0]["to"][0], fix, "{typed}: {r}");
    }
    // A finished word is corrected as a whole word or not at all: "treatmn " has no start.
    assert_eq!(p.search("treatmn ", &[])["total"], 0);
}

#[test]
fn a_phrase_of_the_synonym_table_being_typed_reads_as_the_phrase() {
    // "throw", "throwing u" and "dope s" had found nothing (or any "u" word) until the
    // phrase was whole.
    let p = Project::shipped();
    for (typed, phrase, expected) in [
        ("thro", "throwing up", "kratom-addiction#effects-and-side-effects"),
        ("throwing u", "throwing up", "kratom-addiction#effects-and-side-effects"),
        ("dope s", "dope sick", "kratom-addiction#withdrawal"),
    ] {
        let r = p.search(typed, &[]);
        assert_eq!(ids(&r)[0], expected, "{typed}: {r}");
        assert!(
            r["expanded"].as_array().unwrap().iter().any(|e| e["kind"] == "prefix" && e["to"][0] == phrase),
            "{typed}: {r}"
        );
    }
    // Not where its start is a corpus word, or a filler, typed whole or in part: "what is
    // kratom" is no start of "is kratom addictive", nor "does kra" of "does kratom cause".
    for typed in ["what is kratom", "does kra", "throwing up "] {
        let r = p.search(typed, &[]);
        let phrase = r["expanded"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["kind"] == "prefix" && e["to"][0].as_str().is_some_and(|t| t.contains(' ')));
        assert!(!phrase, "{typed}: {r}");
    }
}

#[test]
fn an_empty_result_for_a_word_still_being_typed_says_it_is_not_final() {
    let p = Project::shipped();
    // "sho" on the way to "should", "dond" to "donde": fillers, nothing found yet.
    for typed in ["sho", "dond", "how do i sho"] {
        let r = p.search(typed, &[]);
        assert_eq!((r["total"].as_u64(), r["typing"].as_bool()), (Some(0), Some(true)), "{typed}: {r}");
    }
    // Finished, or starting no word the search knows: nothing matches, and that is final.
    for typed in ["sho ", "naloxo", "xyzzy"] {
        let r = p.search(typed, &[]);
        assert_eq!((r["total"].as_u64(), r["typing"].as_bool()), (Some(0), Some(false)), "{typed}: {r}");
    }
}

#[test]
fn lay_questions_from_a_phone_review_find_their_sections_and_name_no_filler() {
    let p = Project::shipped();
    for (typed, expected) in [
        ("what does kratom do to you", "kratom-addiction#effects-and-side-effects"),
        ("how does kratom make you feel", "kratom-addiction#effects-and-side-effects"),
        ("i want to quit kratom", "kratom-addiction#getting-help"),
        ("me siento muy mal sin kratom", "kratom-addiction#withdrawal"),
        ("quiero dejar el kratom", "kratom-addiction#detox"),
        ("mi esposo no puede dormir", "kratom-addiction#withdrawal"),
        // A worker's questions that had put their section second to fourth.
        ("why do people get addicted", "kratom-addiction#what-causes-addiction"),
        ("por que no puede dejar de usar", "kratom-addiction#what-causes-addiction"),
        ("do i need to see a doctor to quit", "kratom-addiction#getting-help"),
        (
            "how do i tell if my daughter is using kratom",
            "kratom-addiction#signs-of-addiction-in-a-loved-one",
        ),
        ("kratom makes me horny", "kratom-addiction#effects-and-side-effects"),
    ] {
        first_is(&p, typed, expected);
    }
    // Everyday words no section answers are fillers, not named as if misread.
    for typed in [
        "my husband cant sleep off kratom",
        "is it ok to take kratom",
        "mi hijo usa kratom",
        "por que no puede dejar de usar",
        "que hago",
    ] {
        let r = p.search(typed, &[]);
        assert!(r["unmatched"].as_array().unwrap().is_empty(), "{typed}: {r}");
    }
}

#[test]
fn a_worker_s_words_for_using_again_a_painkiller_and_getting_help_find_their_sections() {
    // From a worker's review: "volvi a usar" ("I used again") had found nothing, and "advil"
    // had put Withdrawal above Medication, which names the painkillers.
    let p = Project::shipped();
    first_is(&p, "volvi a usar", "kratom-addiction#relapse");
    first_is(&p, "advil for kratom aches", "kratom-addiction#medication");
    // Someone asking about themselves had been told what kratom is.
    first_is(&p, "think im hooked on kratum", "kratom-addiction#signs-of-addiction");
    first_is(&p, "im hooked on kratom", "kratom-addiction#signs-of-addiction");
    // "get" is a filler, so "get help for kratom addiction" had been a search for help and
    // addiction, which the section on getting help never says: it came sixth.
    first_is(&p, "how do i get help for kratom addiction", "kratom-addiction#getting-help");
}
