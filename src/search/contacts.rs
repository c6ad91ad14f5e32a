//! Queries that ask how to reach someone: "hotline", "phone number", "rehab near me". Their
//! answer starts with the corpus's contacts (the resources its handouts print), on the page,
//! in the offline copy and in `outreach search`, before the sections.

/// The words that make a query ask for a contact, singular or plural; `_` joins the words of
/// a phrase ("help_line": "help" then "line"). The page's script reads the same list from the
/// help block's `data-words`, so the server and the offline copy draw the same view. "near",
/// "nearby" and "local" ask for a place to go: the treatment locator. Words of a crisis
/// ("suicide", "overdose", "talk to someone") ask for someone to call now; help in Spanish
/// ("ayuda", "español") for the helpline, which answers in Spanish.
pub const CONTACT_WORDS: &str = "hotline helpline help_line phone call number crisis contact emergency \
     near nearby local suicide suicidal die kill overdose od talk_to_someone someone_to_talk \
     ayuda spanish español espanol";

/// Whether `q` asks how to reach someone: a word or phrase of [`CONTACT_WORDS`], each word
/// singular or plural.
pub fn asks_for_contacts(q: &str) -> bool {
    let words: Vec<String> =
        q.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(|w| w.to_lowercase()).collect();
    let matches = |entry: &str| {
        let want: Vec<&str> = entry.split('_').collect();
        words
            .windows(want.len())
            .any(|seq| seq.iter().zip(&want).all(|(w, c)| w == c || w.strip_suffix('s') == Some(c)))
    };
    CONTACT_WORDS.split_whitespace().any(matches)
}

#[cfg(test)]
mod tests {
    use super::*;

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
            "help",
            "line",
            "diet",
            "talk",
        ] {
            assert_eq!(asks_for_contacts(q), q == "calls", "{q}");
        }
    }
}
