//! Queries that ask how to reach someone: "hotline", "phone number", "rehab near me". Their
//! answer starts with the corpus's contacts (the resources its handouts print), on the page,
//! in the offline copy and in `outreach search`, before the sections.

use std::sync::OnceLock;

use crate::corpus::Resource;

/// The words that make a query ask for a contact, singular or plural; `_` joins the words of
/// a phrase ("help_line": "help" then "line"). The page's script reads the same list from the
/// help block's `data-words`, so the server and the offline copy draw the same view. "near",
/// "nearby" and "local" ask for a place to go: the treatment locator. Words of a crisis
/// ("suicide", "overdose", "talk to someone") ask for someone to call now; help in Spanish
/// ("ayuda", "español") for the helpline, which answers in Spanish. A crisis is typed in
/// every tense ("he overdosed", "I'm dying", "took too much"), and in the words of someone
/// beside a person who will not wake ("passed out", "he wont wake", "not breathing", "took a lot", "took too many pills",
/// "turning blue", "seizure", "se desmayó", "no responde", "labios morados", "echa espuma"), or who cannot go on ("i cant do this anymore",
/// "wants to end it"), so its words are listed in
/// each form; none of them is ever taken for a typo or the start of a longer word
/// ([`is_contact_word`]): "dying" is not "lying", "die" not "dietary". The same in Spanish
/// ("sobredosis", "me quiero morir", "tomé demasiado", "número de teléfono", "cerca"), listed
/// without their accents and read with or without them, since a phone keyboard often leaves
/// them out ("sobredósis" is "sobredosis"): whoever types
/// a crisis in Spanish gets the helpline that answers in Spanish, whatever the corpus holds.
pub const CONTACT_WORDS: &str = "hotline helpline help_line phone call number crisis contact emergency near nearby local \
     suicide suicidal die dies died dying kill killing killed overdose overdosed overdosing od \
     talk_to_someone someone_to_talk took_too_much end_my_life hurt_myself harm_myself \
     self_harm dont_want_to_live don_t_want_to_live no_reason_to_live end_it_all wont_wake_up \
     won_t_wake_up not_waking_up cant_wake can_t_wake cant_breath can_t_breath took_to_much \
     took_to_many wake_him_up wake_her_up passed_out pass_out unconscious unresponsive \
     breathing cant_breathe can_t_breathe took_too_many too_many_pills oded \
     dont_want_to_be_here don_t_want_to_be_here cant_do_this can_t_do_this cant_go_on \
     can_t_go_on end_it ending_it seizure having_a_fit no_pulse turning_blue blue_lips \
     lips_are_blue lips_blue foaming stopped_breathing over_dose over_dosed over_dosing \
     wont_respond won_t_respond not_responding choking cutting_myself cut_myself hopeless \
     too_many_capsules poison_control ambulance 911 988 need_help help_me get_help find_help \
     nearest closest find_rehab find_a_rehab find_treatment ayuda spanish espanol \
     no_quiero_vivir no_despierta inconsciente desmayado desmayada desmayo no_respira \
     encontrar_tratamiento sobredosis morir morirme muero muriendo murio muerto muerta matar \
     matarme suicidio suicida suicidarme emergencia urgencia auxilio socorro llamar llamada \
     telefono numero cerca cercano cercana tome_demasiado tomo_demasiado tomo_demasiadas \
     demasiadas_pastillas quitarme_la_vida hacerme_dano lastimarme hablar_con_alguien \
     no_responde no_reacciona labios_morados labios_azules espuma convulsion convulsiones \
     no_puede_respirar no_se_despierta puedo_despertar no_aguanto quitar_la_vida \
     muchas_pastillas llame llamo wont_wake won_t_wake despertarlo despertarla took_a_lot \
     took_a_bunch where_to_go where_can_i_go respirando puso_azul puso_morado not_waking isnt_waking isn_t_waking isnt_waking_up isn_t_waking_up \
     get_him_to_wake get_her_to_wake wake_up_anymore too_much_kratom way_too_much took_2_much \
     tomo_mucho se_paso_de better_off_dead seizing collapsed fainted is_blue went_blue oding \
     give_him_narcan give_her_narcan barely_conscious chest_pain heart_racing heart_is_racing wont_open \
     won_t_open wont_come_to";

/// Digits that make a query a phone number: a local number has seven.
pub const PHONE_DIGITS: usize = 7;

/// Whether `q` holds a phone number: [`PHONE_DIGITS`] digits or more in one run of digits and
/// the marks numbers are written with ("1-800-662-4357", "(555) 010-0123", "555 0199"); not
/// numbers apart ("2019 case study, 1234").
pub fn has_phone_number(q: &str) -> bool {
    let (mut run, mut most) = (0, 0);
    for c in q.chars() {
        if c.is_ascii_digit() {
            run += 1;
            most = most.max(run);
        } else if !matches!(c, ' ' | '-' | '.' | '(' | ')' | '+' | '/') {
            run = 0;
        }
    }
    most >= PHONE_DIGITS
}

/// Whether `word` (lowercased) alone asks how to reach someone: a one-word entry of
/// [`CONTACT_WORDS`], singular or plural. The search takes such a word as typed, never as a
/// typo or an unfinished word.
pub fn is_contact_word(word: &str) -> bool {
    CONTACT_WORDS.split_whitespace().filter(|e| !e.contains('_')).any(|e| says(word, e))
}

/// Whether `q` asks how to reach someone: a word or phrase of [`CONTACT_WORDS`], each word
/// singular or plural, or a phone number (seven digits or more: "1-800-662-4357").
pub fn asks_for_contacts(q: &str) -> bool {
    asks(&crate::search::analysis::normal_form(q))
}

/// [`asks_for_contacts`] for a query already in normal form. "help" alone asks too (within a
/// query, "how can I help my son", it asks for a section).
fn asks(q: &str) -> bool {
    has_phone_number(q) || only_help(q) || mentions(q, CONTACT_WORDS.split_whitespace())
}

/// The words of [`CONTACT_WORDS`] that ask for a way to reach help rather than tell of an
/// emergency: the section on getting help answers them too ("where can i get help",
/// "hotline"), so a query of them lists sections after the contacts ([`only_asks`]).
pub const SECTIONS_TOO: &str = "hotline helpline help_line phone call number contact need_help help_me get_help \
     find_help spanish espanol ayuda llamar llamada llame llamo telefono numero";

/// Whether every word of `words` (a query's, analyzed, in order) is part of a word or phrase
/// of [`CONTACT_WORDS`] (singular or plural) that tells of an emergency, a digit group of a
/// phone number, or a `filler`, and one at least is not a filler: a query that only calls
/// for help now ("he passed out", "cant wake him up", "suicide"). The contacts are its whole
/// answer: sections found through those words ("out" on the way to "outlook") would only
/// stand between a caller and them. Not a query for a place to go ([`PLACE_WORDS`]: "find
/// rehab near me") or a way to reach help ([`SECTIONS_TOO`]: "where can i get help"), which
/// the sections on getting help answer too.
pub fn only_asks(words: &[String], filler: impl Fn(&str) -> bool) -> bool {
    let mut covered = vec![false; words.len()];
    for entry in emergency_words() {
        for span in found(words, entry) {
            covered[span].iter_mut().for_each(|c| *c = true);
        }
    }
    let phone = has_phone_number(&words.join(" "));
    let dialled = |w: &str| phone && w.chars().all(|c| c.is_ascii_digit());
    let asked = |(w, c): (&String, &bool)| *c || dialled(w);
    words.iter().zip(&covered).all(|(w, c)| asked((w, c)) || filler(w))
        && words.iter().zip(&covered).any(asked)
}

/// The entries of [`CONTACT_WORDS`] that tell of an emergency: neither a place to go
/// ([`PLACE_WORDS`]) nor a way to reach help ([`SECTIONS_TOO`]). Sorted out once per process:
/// every search reads them.
pub fn emergency_words() -> &'static [&'static str] {
    static WORDS: OnceLock<Vec<&'static str>> = OnceLock::new();
    WORDS.get_or_init(|| {
        let listed = |list: &str, entry: &str| list.split_whitespace().any(|e| e == entry);
        CONTACT_WORDS
            .split_whitespace()
            .filter(|e| !listed(PLACE_WORDS, e) && !listed(SECTIONS_TOO, e))
            .collect()
    })
}

/// The one-word entries of six letters or more that tell of an emergency
/// ([`emergency_words`]), sorted: what a misspelt word of a crisis ("suicde", "overdoes") is
/// corrected to, so that the contacts still answer it. (Shorter words are too near everyday
/// ones: "drying", as in drying out, is a letter from "dying".)
pub fn emergency_spellings() -> &'static [&'static str] {
    static SPELLINGS: OnceLock<Vec<&'static str>> = OnceLock::new();
    SPELLINGS.get_or_init(|| {
        let mut words: Vec<&str> = emergency_words()
            .iter()
            .copied()
            .filter(|w| !w.contains('_') && w.chars().count() >= 6)
            .collect();
        words.sort_unstable();
        words.dedup();
        words
    })
}

/// The word of an emergency phrase that the last of `words` begins, where the words before it
/// are the phrase's words before that one, each singular or plural ("he wont wak": "wake";
/// "took too man": "many"; "no puede res": "respirar"), or the emergency word it begins
/// ("suici": "suicide"; "he overd": "overdose"); two letters typed at least, five for a word
/// alone, and the words not already an emergency's ("over dose" is not "over dosed" begun). The page
/// searches at every letter, and someone typing an emergency must see the number to call
/// before the word is whole ("he wont wak" had shown kratom's energizing effects). The page's
/// script does the same (`phraseWordBegun`).
pub fn phrase_word_begun(words: &[String]) -> Option<&'static str> {
    let (last, before) = words.split_last()?;
    // Words that already tell of an emergency ("over dose", "cant breath") are read as typed.
    if last.chars().count() < 2 || emergency_words().iter().any(|e| found(words, e).next().is_some()) {
        return None;
    }
    // Alone, a word begun says less: five letters at least ("suici", "overd").
    let first = usize::from(last.chars().count() < 5);
    let last: String = folded(last).collect();
    emergency_words().iter().find_map(|entry| {
        let want: Vec<&'static str> = entry.split('_').collect();
        (first..want.len().min(before.len() + 1)).find_map(|j| {
            let word = want[j];
            let begun = word.len() > last.len() && word.starts_with(last.as_str());
            let said = before[before.len() - j..].iter().zip(&want[..j]).all(|(w, c)| says(w, c));
            (begun && said).then_some(word)
        })
    })
}

/// Whether `words` end with the first words of an emergency's phrase, not yet all of them
/// ("took too", "he wont", "se paso"): the rest of it is being typed. A query of them finds
/// nothing yet, and had shown the contacts in the order for a place to go, gone at the next
/// letter and back with the emergency number first a letter later.
pub fn phrase_begun(words: &[String]) -> bool {
    emergency_words().iter().any(|entry| {
        let want: Vec<&str> = entry.split('_').collect();
        (1..want.len().min(words.len() + 1))
            .any(|k| words[words.len() - k..].iter().zip(&want[..k]).all(|(w, c)| says(w, c)))
    })
}

/// The words of [`CONTACT_WORDS`] that ask for a place to go ("rehab near me"): for them the
/// contacts keep the corpus's order (the treatment locator first).
pub const PLACE_WORDS: &str = "near nearby nearest closest local find_rehab find_a_rehab find_treatment cerca cercano cercana \
     encontrar_tratamiento where_to_go where_can_i_go";

/// Whether `q` asks for someone to call rather than a place to go: a crisis ("i want to die",
/// "sobredosis"), a number, help in Spanish. The contacts with a phone number come first for
/// it, before a website to search.
pub fn calls_first(q: &str) -> bool {
    wants_a_call(&crate::search::analysis::normal_form(q))
}

/// [`calls_first`] for a query already in normal form.
fn wants_a_call(q: &str) -> bool {
    asks(q) && !mentions(q, PLACE_WORDS.split_whitespace())
}

/// The order the contacts answer a query in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Order {
    /// The corpus's: a query for a place to go ("rehab near me"), or one that found sections.
    Corpus,
    /// Those with a number to dial first ([`numbers_first`]), the emergency number at their
    /// head when `emergency_first`, else after the other numbers.
    Numbers {
        /// The query tells of an emergency ("he passed out", "suicide", "help" alone).
        emergency_first: bool,
    },
}

impl Order {
    /// The order for `q`. Numbers first for a query that asks for someone to call
    /// ([`calls_first`]): the emergency number at their head for an emergency, after the
    /// helpline for a number asked for with none told ("hotline", "ayuda", "how do i get
    /// help"; 911 had headed "free help line"). Numbers first too, the helpline at their head,
    /// for a query that found nothing (`found_nothing`) and asks for no place: somewhere to
    /// turn, the emergency number in reach when the words were an emergency the search does not
    /// know, as "se puso azul" had been. `calls`: the search read a misspelt word of a crisis in
    /// it ("suicde").
    pub fn of(q: &str, calls: bool, found_nothing: bool) -> Order {
        let q = crate::search::analysis::normal_form(q);
        let emergency = || calls || only_help(&q) || mentions(&q, emergency_words().iter().copied());
        if calls || wants_a_call(&q) {
            Order::Numbers { emergency_first: emergency() }
        } else if found_nothing && !asks(&q) {
            Order::Numbers { emergency_first: false }
        } else {
            Order::Corpus
        }
    }

    /// `resources` in this order.
    pub fn apply(self, resources: Vec<&Resource>) -> Vec<&Resource> {
        match self {
            Order::Corpus => resources,
            Order::Numbers { emergency_first } => numbers_first(resources, emergency_first),
        }
    }
}

/// `resources` with those that have a number to dial first, the emergency number before the
/// others when `emergency` and after them when not, their order otherwise kept.
pub fn numbers_first(mut resources: Vec<&Resource>, emergency: bool) -> Vec<&Resource> {
    resources.sort_by_key(|r| (r.tel().is_none(), r.emergency != emergency));
    resources
}

/// Whether `q` (in normal form) holds a word or phrase of `entries` (`_` joins a phrase's
/// words), each word singular or plural.
fn mentions<'a>(q: &str, mut entries: impl Iterator<Item = &'a str>) -> bool {
    let words = words_of(q);
    entries.any(|entry| found(&words, entry).next().is_some())
}

/// Whether `q` is "help" alone, which asks for someone to call now (within a query, "how can I
/// help my son", "help" asks for a section).
fn only_help(q: &str) -> bool {
    q.trim_matches(|c: char| !c.is_alphanumeric()).eq_ignore_ascii_case("help")
}

/// The words of `q` (in normal form), lowercased.
fn words_of(q: &str) -> Vec<String> {
    q.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(|w| w.to_lowercase()).collect()
}

/// Where in `words` `entry` (`_` joins a phrase's words) stands, each word singular or
/// plural: the span of each place.
fn found<'a>(words: &'a [String], entry: &'a str) -> impl Iterator<Item = std::ops::Range<usize>> + 'a {
    let want: Vec<&str> = entry.split('_').collect();
    let n = want.len();
    words
        .windows(n)
        .enumerate()
        .filter_map(move |(i, seq)| seq.iter().zip(&want).all(|(w, c)| says(w, c)).then_some(i..i + n))
}

/// Whether the query word `w` is the entry's word `c`, singular or plural, accents typed or
/// not ("sobredósis" is "sobredosis", "número" "numero").
fn says(w: &str, c: &str) -> bool {
    if w.is_ascii() && c.is_ascii() {
        return w == c || w.strip_suffix('s') == Some(c);
    }
    folded(w).eq(folded(c)) || w.strip_suffix('s').is_some_and(|w| folded(w).eq(folded(c)))
}

/// `w` without its accents ("número": "numero"), as the page's script folds it.
fn folded(w: &str) -> impl Iterator<Item = char> + '_ {
    use unicode_normalization::{UnicodeNormalization, char::is_combining_mark};
    w.nfd().filter(|c| !is_combining_mark(*c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_word_of_an_emergency_phrase_being_typed_is_read_whole() {
        let words = |q: &str| q.split(' ').map(str::to_string).collect::<Vec<_>>();
        for (typed, word) in [
            ("he wont wak", Some("wake")),
            ("took too man", Some("many")),
            ("she took too mu", Some("much")),
            ("no puede res", Some("respirar")),
            // One letter says too little; a word typed whole is no start; nor is a word that
            // follows other words than the phrase's.
            ("suici", Some("suicide")),
            ("he overd", Some("overdose")),
            ("he wont w", None),
            ("over", None),
            ("he wont wake", None),
            ("over dose", None),
            ("cant breath", None),
            ("kratom energizing wak", None),
            ("wak", None),
        ] {
            assert_eq!(phrase_word_begun(&words(typed)), word, "{typed}");
        }
        // The first words of a phrase, the rest not yet begun.
        for (typed, begun) in [
            ("took too", true),
            ("he wont", true),
            ("se paso", true),
            ("took a lot of", false),
            ("kratom", false),
        ] {
            assert_eq!(phrase_begun(&words(typed)), begun, "{typed}");
        }
    }

    #[test]
    fn the_lists_of_places_and_ways_to_reach_help_are_contact_words() {
        let contact: Vec<&str> = CONTACT_WORDS.split_whitespace().collect();
        for e in PLACE_WORDS.split_whitespace().chain(SECTIONS_TOO.split_whitespace()) {
            assert!(contact.contains(&e), "{e}");
        }
    }

    #[test]
    fn a_query_of_contact_words_and_fillers_only_asks_for_someone_to_call() {
        let stop = ["he", "i", "me", "my", "him", "can", "to", "is", "want"];
        let only = |q: &str| {
            let words: Vec<String> = q.split(' ').map(String::from).collect();
            only_asks(&words, |w| stop.contains(&w))
        };
        for q in ["he passed out", "cant wake him up", "suicide", "i want to die", "911", "1 800 662 4357"] {
            assert!(only(q), "{q}");
        }
        // Another word is searched ("powder"); a place to go or a way to reach help is
        // answered by sections too; fillers alone ask for nothing.
        for q in [
            "took too much kratom powder",
            "my son overdosed",
            "find rehab near me",
            "i need help",
            "hotline",
            "call 911",
            "he is",
            "12 steps",
        ] {
            assert!(!only(q), "{q}");
        }
    }

    #[test]
    fn someone_to_call_comes_first_unless_a_place_is_asked_for() {
        for q in ["i want to die", "sobredosis", "hotline", "ayuda", "1-800-662-4357"] {
            assert!(calls_first(q), "{q}");
        }
        for q in
            ["rehab near me", "centro de rehabilitación cerca", "withdrawal", "where is the nearest rehab"]
        {
            assert!(!calls_first(q), "{q}");
        }
    }

    #[test]
    fn queries_for_a_number_or_a_place_are_recognized() {
        for q in [
            "hotline",
            "Phone numbers",
            "who can I call?",
            "crisis line",
            "HELPLINE spanish",
            "rehab near me",
            "free help line",
            "suicide",
            "I want to die",
            "can you overdose on kratom",
            "I need to talk to someone",
            "ayuda por favor",
            "help in Spanish",
            "línea en español",
            "he overdosed",
            "overdosing on kratom",
            "I think I'm dying",
            "my friend died",
            "took too much kratom",
            "I want to end my life",
            "I want to hurt myself",
            "ＨＯＴＬＩＮＥ",
            "1-800-662-4357",
            "555 0199",
            // Spanish, with and without accents.
            "sobredosis de kratom",
            "mi hijo tuvo una sobredosis",
            "me quiero morir",
            "creo que se está muriendo",
            "tomé demasiado kratom",
            "tome demasiado kratom",
            "quiero quitarme la vida",
            "quiero hacerme daño",
            "numero de telefono",
            "centro de rehabilitación cerca",
            "necesito hablar con alguien",
            "emergencias",
            // The words of a crisis as people type them, and a plain call for help.
            "i dont want to live",
            "i don't want to live anymore",
            "i just want to end it all",
            "he wont wake up",
            "she won't wake up",
            "he passed out after taking kratom",
            "my friend is unconscious",
            "not breathing",
            "call 911",
            "988",
            "i need help",
            "help me",
            "help",
            "Help!",
            "where is the nearest rehab",
            "where can i find rehab",
            "no quiero vivir",
            "mi hijo no despierta",
            "dónde puedo encontrar tratamiento",
        ] {
            assert!(asks_for_contacts(q), "{q}");
        }
        for q in [
            "withdrawal symptoms",
            "",
            "calls",
            "phonetic",
            "nearly",
            "locally",
            "how can i help my son",
            "line",
            "diet",
            "talk",
            "too much",
            "dietary",
            "lying",
            "2019 case study",
            "2019 case study 1234",
            "demasiado",
            "hablar",
        ] {
            assert_eq!(asks_for_contacts(q), q == "calls", "{q}");
        }
    }

    #[test]
    fn only_words_that_ask_alone_are_contact_words() {
        for w in ["dying", "die", "overdosed", "overdoses", "suicidal", "calls", "od"] {
            assert!(is_contact_word(w), "{w}");
        }
        // A word of a phrase asks nothing alone; nor does a longer word that starts alike.
        for w in ["too", "much", "myself", "harm", "line", "dietary", "lying", "kills", "help", "wake"] {
            assert_eq!(is_contact_word(w), w == "kills", "{w}");
        }
    }
}
