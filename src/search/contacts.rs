//! Queries that ask how to reach someone: "hotline", "phone number", "rehab near me". Their
//! answer starts with the corpus's contacts (the resources its handouts print), on the page,
//! in the offline copy and in `outreach search`, before the sections.

/// The words that make a query ask for a contact, singular or plural. The page's script reads
/// the same list from the help block's `data-words`, so the server and the offline copy draw
/// the same view. "near", "nearby" and "local" ask for a place to go: the treatment locator.
pub const CONTACT_WORDS: &str =
    "hotline helpline phone call number crisis contact emergency near nearby local";

/// Whether `q` asks how to reach someone: a word of [`CONTACT_WORDS`], singular or plural.
pub fn asks_for_contacts(q: &str) -> bool {
    q.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).any(|w| {
        let w = w.to_lowercase();
        let one = w.strip_suffix('s').unwrap_or(&w);
        CONTACT_WORDS.split(' ').any(|c| c == w || c == one)
    })
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
        ] {
            assert!(asks_for_contacts(q), "{q}");
        }
        for q in ["withdrawal symptoms", "", "calls", "phonetic", "nearly", "locally"] {
            assert_eq!(asks_for_contacts(q), q == "calls", "{q}");
        }
    }
}
