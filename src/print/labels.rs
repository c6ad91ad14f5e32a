//! The fixed text of handouts and packs (footer, disclaimer, page numbers, contents, contact
//! block), in the document's language: English and Spanish.

/// Fixed text in one language.
#[derive(Debug)]
pub struct Labels {
    /// "Source"
    pub source: &'static str,
    /// "Reviewed"
    pub reviewed: &'static str,
    /// Printed for a review date of `unknown`.
    pub unknown: &'static str,
    /// The medical disclaimer on every page.
    pub disclaimer: &'static str,
    /// "Page"
    pub page: &'static str,
    /// "of" in "Page 2 of 3"
    pub of: &'static str,
    /// "Edition"
    pub edition: &'static str,
    /// Heading of a pack's table of contents.
    pub contents: &'static str,
    /// Heading of the contact block.
    pub help: &'static str,
    /// After the contact block's heading in the running header of a page its entries continue
    /// on: "Where to get help (continued)".
    pub continued: &'static str,
    /// Label of a phone number; ends with a no-break space that keeps it with the number.
    pub phone: &'static str,
    /// Label of a web address.
    pub web: &'static str,
    /// Label of opening hours.
    pub hours: &'static str,
    /// "Course pack", "modules", "sections" on a pack's cover.
    pub course_pack: &'static str,
    /// "module" and "modules".
    pub modules: [&'static str; 2],
    /// "section" and "sections".
    pub sections: [&'static str; 2],
    /// What following a contents entry does, before the heading it goes to ("Go to Detox").
    pub go_to: &'static str,
    /// What a phone link does, before the number ("Call 555-0100").
    pub call: &'static str,
    /// Title of a handout of sections from several documents.
    pub handout: &'static str,
    /// The months, for review dates written out ("March 15, 2024", "15 de marzo de 2024").
    pub months: [&'static str; 12],
    /// Dates are written day first ("15 de marzo de 2024").
    pub day_first: bool,
}

const EN: Labels = Labels {
    source: "Source",
    reviewed: "Reviewed",
    unknown: "unknown",
    disclaimer: "General information, not medical advice — talk to a doctor or health worker.",
    page: "Page",
    of: "of",
    edition: "Edition",
    contents: "Contents",
    help: "Where to get help",
    continued: "continued",
    phone: "Phone:\u{a0}",
    web: "Web:\u{a0}",
    hours: "Hours:\u{a0}",
    course_pack: "Course pack",
    modules: ["module", "modules"],
    sections: ["section", "sections"],
    go_to: "Go to",
    call: "Call",
    handout: "Health information handout",
    day_first: false,
    months: [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
};

const ES: Labels = Labels {
    source: "Fuente",
    reviewed: "Revisado",
    unknown: "sin fecha",
    disclaimer: "Información general, no consejo médico — hable con un médico o un trabajador de salud.",
    page: "Página",
    of: "de",
    edition: "Edición",
    contents: "Contenido",
    help: "Dónde pedir ayuda",
    continued: "continuación",
    phone: "Teléfono:\u{a0}",
    web: "Web:\u{a0}",
    hours: "Horario:\u{a0}",
    course_pack: "Material del curso",
    modules: ["módulo", "módulos"],
    sections: ["sección", "secciones"],
    go_to: "Ir a",
    call: "Llamar al",
    handout: "Información de salud",
    day_first: true,
    months: [
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ],
};

/// The labels of a language code (`es`; anything else is English).
pub fn labels(language: &str) -> &'static Labels {
    match language {
        "es" => &ES,
        _ => &EN,
    }
}

impl Labels {
    /// "Page 2 of 3" / "Página 2 de 3".
    pub fn page_of(&self, page: usize, total: usize) -> String {
        format!("{} {page} {} {total}", self.page, self.of)
    }

    /// The footer's source line of a document, its review date written out as readers write
    /// dates ("Reviewed: March 15, 2024." for `2024-03-15`).
    pub fn source_line(&self, source: &str, reviewed: &str) -> String {
        let reviewed = match reviewed {
            "unknown" => self.unknown.to_string(),
            date => self.date(date).unwrap_or_else(|| date.to_string()),
        };
        format!("{}: {source}. {}: {reviewed}.", self.source, self.reviewed)
    }

    /// A `YYYY-MM-DD` date written out: "March 15, 2024", "15 de marzo de 2024"; `None` for
    /// anything else.
    pub fn date(&self, iso: &str) -> Option<String> {
        let mut parts = iso.splitn(3, '-').map(|p| p.parse::<u32>().ok());
        let (Some(Some(year)), Some(Some(month)), Some(Some(day))) =
            (parts.next(), parts.next(), parts.next())
        else {
            return None;
        };
        let name = self.months.get(month.checked_sub(1)? as usize)?;
        if !(1..=31).contains(&day) {
            return None;
        }
        Some(match self.day_first {
            true => format!("{day} de {name} de {year}"),
            false => format!("{name} {day}, {year}"),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::labels;

    #[test]
    fn review_dates_are_written_out_in_the_document_s_language() {
        assert_eq!(labels("en").source_line("A", "2024-03-15"), "Source: A. Reviewed: March 15, 2024.");
        assert_eq!(labels("es").source_line("A", "2024-03-05"), "Fuente: A. Revisado: 5 de marzo de 2024.");
        assert_eq!(labels("en").source_line("A", "unknown"), "Source: A. Reviewed: unknown.");
        assert_eq!(labels("en").date("2024-13-01"), None);
        assert_eq!(labels("en").date("soon"), None);
    }
}
