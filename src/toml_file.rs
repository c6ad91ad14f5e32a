//! TOML files of the project (front matter, synonyms, clinics, packs, judged queries) parsed
//! with errors that name the file and line, as `path:line: bad WHAT: message`.

use anyhow::Result;
use serde::de::DeserializeOwned;
use std::ops::RangeInclusive;
use std::path::Path;

use crate::source::{Lines, SourceError};

/// Most mistakes told from one file at once.
const MOST_TOLD: usize = 20;

/// Parses `text`, read from `path`, whose first line is line `first_line` of the file.
///
/// A file that is good TOML but has keys or values its reader does not take (a misspelt key,
/// a number where text goes) is told every such mistake at once, one a line in the file's
/// order: each mistaken `key = value` line is left out and the file read again, so a clinic
/// fixes its file in one go. A mistake in the TOML itself stops the reading where it is.
pub fn parse_at<T: DeserializeOwned>(path: &Path, text: &str, first_line: usize, what: &str) -> Result<T> {
    read_at(path, text, first_line, what).map_err(|m| m.error)
}

/// A file with mistakes in its keys or values: every one told, and what the rest of the file
/// says, read with their lines left out (none when a key it needs was among them, or the TOML
/// itself is broken), so that a reader can tell its own mistakes in that rest at once too.
#[derive(Debug)]
pub struct Mistaken<T> {
    /// Every mistake, one a line, each at its line.
    pub error: anyhow::Error,
    /// What the file says without the mistaken lines.
    pub rest: Option<Box<T>>,
    /// The lines left out of it (from 1).
    pub left_out: Vec<usize>,
}

/// Mistakes told of `path` (each `PATH:LINE: message`, maybe over several lines), one after
/// another in the file's order: a spec's refused value, its modules' unknown sections and its
/// clinic file, told by different readers, are read top to bottom as the file is.
pub fn in_file_order(path: &Path, told: &[String]) -> anyhow::Error {
    let prefix = format!("{}:", path.display());
    let line_of = |m: &str| {
        let rest = m.strip_prefix(&prefix)?;
        rest.split_once(':')?.0.parse::<usize>().ok()
    };
    let mut messages: Vec<(usize, String)> = Vec::new();
    for line in told.iter().flat_map(|t| t.lines()) {
        match (line_of(line), messages.last_mut()) {
            (None, Some((_, last))) => {
                last.push('\n');
                last.push_str(line);
            }
            (at, _) => messages.push((at.unwrap_or(0), line.to_string())),
        }
    }
    messages.sort_by_key(|(at, _)| *at);
    anyhow::anyhow!("{}", messages.into_iter().map(|(_, m)| m).collect::<Vec<_>>().join("\n"))
}

/// [`parse_at`], with the rest of a file whose mistakes are in keys or values.
fn read_at<T: DeserializeOwned>(
    path: &Path,
    text: &str,
    first_line: usize,
    what: &str,
) -> std::result::Result<T, Mistaken<T>> {
    let first = match toml::from_str(text) {
        Ok(value) => return Ok(value),
        Err(e) => e,
    };
    if text.parse::<toml::Table>().is_err() {
        let error = told(path, text, first_line, what, &first);
        return Err(Mistaken { error, rest: None, left_out: Vec::new() });
    }
    let (mut rest, mut left_out) = (None, Vec::new());
    let mut said = vec![(line_of(text, first_line, &first), told(path, text, first_line, what, &first))];
    let (mut current, mut last, mut keys_out) = (text.to_string(), first, Vec::<String>::new());
    // Misspelt keys of one line each, with the key each was meant to be: (line, key, meant).
    let mut misspelt: Vec<(usize, String, String)> = Vec::new();
    while said.len() < MOST_TOLD {
        let Some((at, key)) = key_value_lines(&current, &last) else { break };
        if let Some(meant) = meant(last.message()).filter(|_| at.start() == at.end()) {
            misspelt.push((*at.start(), key.clone(), meant.to_string()));
        }
        left_out.extend(at.clone().map(|i| first_line + i));
        // Blank, so that the lines after keep their numbers.
        current = current
            .split('\n')
            .enumerate()
            .map(|(i, l)| if at.contains(&i) { "" } else { l })
            .collect::<Vec<_>>()
            .join("\n");
        // The key, and the one it was meant to be: "missing field `name`" after `nmae` is out
        // is the same mistake.
        keys_out.extend(meant(last.message()).map(str::to_string));
        keys_out.push(key);
        let mut read = toml::from_str::<T>(&current);
        // A misspelt key that is required (a module's `titel`) is read as the key it was meant
        // to be, so that the rest is still checked: a trainer had met the file's other seven
        // mistakes only once the two misspelt keys were put right.
        while let Err(e) = &read
            && let Some(m) =
                misspelt.iter().position(|(_, _, meant)| e.message() == format!("missing field `{meant}`"))
        {
            let (at, key, meant) = misspelt.remove(m);
            let Some(line) = text.split('\n').nth(at) else { break };
            let Some((typed, value)) = line.split_once('=') else { break };
            let renamed = format!("{}={value}", typed.replacen(&key, &meant, 1));
            let with = current
                .split('\n')
                .enumerate()
                .map(|(i, l)| if i == at { renamed.as_str() } else { l })
                .collect::<Vec<_>>()
                .join("\n");
            // Not where its table has the key already (the missing one is another table's).
            if with.parse::<toml::Table>().is_err() {
                break;
            }
            current = with;
            left_out.retain(|&l| l != first_line + at);
            read = toml::from_str::<T>(&current);
        }
        match read {
            Ok(value) => {
                rest = Some(Box::new(value));
                break;
            }
            // A required key left out, or misspelt, is no new mistake.
            Err(e) if keys_out.iter().any(|k| e.message() == format!("missing field `{k}`")) => break,
            Err(e) => {
                said.push((line_of(&current, first_line, &e), told(path, &current, first_line, what, &e)));
                last = e;
            }
        }
    }
    if said.len() == 1 {
        return Err(Mistaken { error: said.remove(0).1, rest, left_out });
    }
    said.sort_by_key(|(line, _)| *line);
    let said: Vec<String> = said.into_iter().map(|(_, e)| e.to_string()).collect();
    Err(Mistaken { error: anyhow::anyhow!("{}", said.join("\n")), rest, left_out })
}

/// For a reader's error about a key or its value (not the TOML), the lines (indexes among
/// `text`'s) of its `key = value`, all of them for a value over several lines (`"""…"""`, a
/// list), and the key: leaving those lines out changes nothing else the file says.
fn key_value_lines(text: &str, e: &toml::de::Error) -> Option<(RangeInclusive<usize>, String)> {
    let about_value = ["unknown field", "unknown variant", "invalid type", "invalid value", "invalid length"];
    if !about_value.iter().any(|m| e.message().starts_with(m)) {
        return None;
    }
    let lines: Vec<&str> = text.split('\n').collect();
    let at = text[..e.span()?.start.min(text.len())].matches('\n').count();
    let (key, value) = lines.get(at)?.split_once('=')?;
    let value = value.trim();
    // Where a value its line leaves open closes: the line with its closing quotes, or the one
    // that ends its list.
    let closing = |closed: &dyn Fn(&str) -> bool| (at + 1..lines.len()).find(|&i| closed(lines[i]));
    let last = if let Some(quotes) = ["\"\"\"", "'''"].into_iter().find(|q| value.starts_with(q)) {
        if value[3..].contains(quotes) { at } else { closing(&|l: &str| l.contains(quotes))? }
    } else if value.starts_with('[') && !value.ends_with(']') {
        closing(&|l: &str| l.trim_end().ends_with(']'))?
    } else if value.is_empty() || (value.starts_with('{') && !value.ends_with('}')) {
        return None;
    } else {
        at
    };
    Some((at..=last, key.trim().trim_matches('"').to_string()))
}

/// The line (of the file) a parser's error points at.
fn line_of(text: &str, first_line: usize, e: &toml::de::Error) -> usize {
    e.span().map(|s| Lines::new(text, first_line).line_of(s.start)).unwrap_or(first_line)
}

/// A parser's error as `path:line: bad WHAT: message`, with what the line as written says of
/// the mistake.
fn told(path: &Path, text: &str, first_line: usize, what: &str, e: &toml::de::Error) -> anyhow::Error {
    let line = line_of(text, first_line, e);
    let mut message = e.message().to_string();
    // The parser's "duplicate key" points at the key without naming it.
    if message == "duplicate key"
        && let Some(key) = e.span().and_then(|s| text.get(s)).map(str::trim).filter(|k| !k.is_empty())
    {
        message = format!("duplicate key `{key}`");
    }
    // A bare TOML date reaches serde as a map: say what was written.
    let value = e.span().and_then(|s| text.get(s)).map(str::trim).unwrap_or_default();
    if message.starts_with("invalid type: map,") && starts_like_a_date(value) {
        message = message.replacen(
            "invalid type: map,",
            &format!("invalid type: a date without quotes (`{value}`),"),
            1,
        );
    }
    // What the line as written says of the mistake: curly quotes, a comma after a value, a
    // value whose closing quote is missing (the parser blames the line after it).
    let written = |l: usize| text.lines().nth(l.wrapping_sub(first_line)).unwrap_or("");
    let (line, message) = if unclosed(written(line)) && message.starts_with("invalid basic string") {
        (line, UNCLOSED.to_string())
    } else if line > first_line && unclosed(written(line - 1)) {
        (line - 1, UNCLOSED.to_string())
    } else if let Some(table) = message.strip_prefix("unknown field `").and_then(|m| m.split('`').next())
        && written(line).trim() == format!("[{table}]")
    {
        // The keys put under a table of the file's own name (`[clinic]`) belong at its top.
        let told = format!(
            "unknown table `[{table}]`: the keys under it go at the top of the file, without a table; remove the `[{table}]` line"
        );
        (line, told)
    } else {
        let said = written_as(written(line));
        (line, format!("{message}{}{said}", if said.is_empty() { hint(&message) } else { String::new() }))
    };
    SourceError::new(path, line, format!("bad {what}: {message}")).into()
}

/// The message for a value whose closing quote is missing.
const UNCLOSED: &str = "the value's closing quote `\"` is missing; a value over several lines goes between three quotes: `\"\"\"…\"\"\"`";

/// The value written on `line`, after its `=`, trimmed; `None` for a line without one.
fn value_of(line: &str) -> Option<&str> {
    line.split_once('=').map(|(_, value)| value.trim())
}

/// Whether `line` opens a quoted value it does not close: `address = "44 Elm St`.
fn unclosed(line: &str) -> bool {
    let Some(value) = value_of(line).filter(|v| v.starts_with('"') && !v.starts_with("\"\"\"")) else {
        return false;
    };
    let (mut quotes, mut escaped) = (0, false);
    for c in value.chars() {
        match c {
            '#' if quotes % 2 == 0 => break,
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => quotes += 1,
            _ => {}
        }
    }
    quotes % 2 == 1
}

/// What the value written on `line` shows of a mistake a person makes: curly quotes, as a word
/// processor types them, or a comma after the value, as in a list.
fn written_as(line: &str) -> String {
    let Some(value) = value_of(line) else { return String::new() };
    if value.contains(['\u{201c}', '\u{201d}', '\u{201e}', '\u{2018}', '\u{2019}']) && !value.starts_with('"')
    {
        return "; its quotes are curly (“ ”), as a word processor types them: type straight quotes (`\"`)"
            .into();
    }
    if value.ends_with(',') && !value.starts_with('[') {
        return "; remove the comma after the value: each key stands on a line of its own".into();
    }
    String::new()
}

/// Whether `s` starts in a date's shape, `YYYY-MM-DD` (digits and dashes only; whether it is
/// a real date is the caller's to check).
pub fn starts_like_a_date(s: &str) -> bool {
    s.as_bytes().get(..10).is_some_and(|b| {
        b.iter().enumerate().all(|(i, c)| if i == 4 || i == 7 { *c == b'-' } else { c.is_ascii_digit() })
    })
}

/// What to write instead, for the parser's messages that name a type rather than a fix, and
/// the key or value meant, for a misspelt one ("did you mean `website`?").
fn hint(message: &str) -> String {
    let fixed = if message.starts_with("invalid type: string") && message.contains("expected a sequence") {
        "; write it as a list, in brackets: `[\"…\"]`"
    } else if message.starts_with("invalid type: map, expected a sequence") {
        "; a list of tables takes a `[[name]]` header for each, with two brackets"
    } else if message.starts_with("invalid type: sequence") && message.ends_with("expected a string") {
        "; write it as one string in double quotes, not a list (several lines go between `\"\"\"`)"
    } else if message.starts_with("invalid type:") && message.ends_with("expected a string") {
        "; put the value in double quotes (a date or a number too)"
    } else if message.starts_with("invalid type:") && message.ends_with("expected a boolean") {
        "; write true or false, without quotes"
    } else if message.starts_with("key with no value") {
        "; a key of several words, or with other characters than letters, digits, `-` and `_`, goes in double quotes"
    } else if (message.starts_with("unknown field `language`") || message.starts_with("unknown field `lang`"))
        && message.contains("`module`")
    {
        "; a pack is in the language of its first module's first section (its cover, contents and contact block follow it; a page of a section in another language has its footer in that language): put a section in that language first"
    } else if message == "missing field `module`" {
        "; add a `[[module]]` table for each part of the pack, with its `title` and its `topics`, `sections` or `query`"
    } else {
        ""
    };
    fixed.to_string() + &meant(message).map(|m| format!("; did you mean `{m}`?")).unwrap_or_default()
}

/// The expected name closest to the unknown one in a parser's "unknown field `x`, expected one
/// of `a`, `b`" (or "unknown variant"), if one is close: two edits at most, or the same but for
/// case and separators.
fn meant(message: &str) -> Option<&str> {
    let rest =
        message.strip_prefix("unknown field `").or_else(|| message.strip_prefix("unknown variant `"))?;
    let (typed, expected) = rest.split_once('`')?;
    let fold = |s: &str| s.to_lowercase().replace(['-', '_', ' '], "");
    let names: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    let folded: Vec<String> = names.iter().map(|n| fold(n)).collect();
    let close =
        crate::source::closest(&fold(typed), folded.iter().map(String::as_str), |n| 2.min(n.len() / 3));
    if let Some(hit) = close {
        return names.get(folded.iter().position(|f| f == hit)?).copied();
    }
    // Another word for the same thing: a service's `website` is its `url`, and the clinic's
    // `url` its `website`; a short form (`lang`); the word in Spanish, for a clinic that writes
    // its file in Spanish (`telefono`, `horario`).
    const SAME: &[(&str, &[&str])] = &[
        ("url", &["website", "web", "site", "homepage", "link", "sitio", "sitioweb", "pagina", "página"]),
        ("website", &["url", "web", "site", "homepage", "link", "sitio", "sitioweb", "pagina", "página"]),
        (
            "phone",
            &[
                "tel",
                "telephone",
                "phonenumber",
                "number",
                "mobile",
                "cell",
                "telefono",
                "teléfono",
                "celular",
            ],
        ),
        ("hours", &["openinghours", "open", "opening", "times", "horario", "horarios", "horas"]),
        ("address", &["addr", "location", "street", "direccion", "dirección", "domicilio"]),
        ("description", &["desc", "about", "note", "notes", "descripcion", "descripción"]),
        ("language", &["lang", "locale", "idioma", "lengua"]),
        ("name", &["nombre", "clinic", "clinicname"]),
    ];
    let typed = fold(typed);
    SAME.iter()
        .find(|(name, others)| names.contains(name) && others.contains(&typed.as_str()))
        .map(|(name, _)| *name)
}

/// The text of a file read as `bytes` from `path`: a file in another encoding than UTF-8 is an
/// error at the line of its first character that is not UTF-8.
pub fn text_of(path: &Path, bytes: Vec<u8>) -> Result<String> {
    // A picture or a PDF named where a TOML file goes (`--clinic logo.png`) is said to be one.
    if let Some(kind) = crate::source::binary_kind(&bytes) {
        anyhow::bail!(
            "`{}` is {kind}, not a TOML text file: name the `.toml` file here (a clinic file's `logo` line names its picture)",
            path.display()
        );
    }
    String::from_utf8(bytes)
        .map_err(|e| crate::source::not_utf8(path, e.as_bytes(), e.utf8_error().valid_up_to()).into())
}

/// Parses a whole TOML file's text.
pub fn parse<T: DeserializeOwned>(path: &Path, text: &str, what: &str) -> Result<T> {
    parse_at(path, text, 1, what)
}

/// [`parse`], with the rest of a file whose mistakes are in keys or values ([`Mistaken`]).
pub fn parse_with_rest<T: DeserializeOwned>(
    path: &Path,
    text: &str,
    what: &str,
) -> std::result::Result<T, Mistaken<T>> {
    read_at(path, text, 1, what)
}

/// The lines (from 1) of the `[[name]]` headers in a TOML `text`, in order: the `i`-th is where
/// the `i`-th table of the array `name` starts, for errors about it. Empty when the array is
/// written inline.
pub fn table_lines(text: &str, name: &str) -> Vec<usize> {
    let header = format!("[[{name}]]");
    text.lines().enumerate().filter(|(_, l)| l.trim() == header).map(|(i, _)| i + 1).collect()
}

/// The line of `field` in a TOML `text`, for errors about a value that parsed but is wrong:
/// `key` (a top-level key), `table[i]` (the `i`-th `[[table]]` header, from 0),
/// `table[i].key` (a key in it) or `table.key` (a key of a `[table]`); a key may be written
/// bare or quoted. Line 1 when it is not written that way (an inline table).
pub fn field_line(text: &str, field: &str) -> usize {
    let is_key = |line: &str, key: &str| {
        let line = line.trim_start();
        let rest = line.strip_prefix(&format!("\"{key}\"")).or_else(|| line.strip_prefix(key));
        rest.is_some_and(|rest| rest.trim_start().starts_with('='))
    };
    let lines: Vec<&str> = text.lines().collect();
    let (table, key) = match field.split_once('.') {
        Some((table, key)) => (Some(table), Some(key)),
        None if field.ends_with(']') => (Some(field), None),
        None => (None, Some(field)),
    };
    let is_header = |l: &&str| l.trim_start().starts_with('[');
    // `h`: the index in `lines` of the table's header (its line number less one).
    let h = match table {
        None => None,
        Some(t) => match t.strip_suffix(']').and_then(|t| t.split_once('[')) {
            Some((name, index)) => {
                let Some(h) =
                    index.parse::<usize>().ok().and_then(|i| table_lines(text, name).get(i).map(|l| l - 1))
                else {
                    return 1;
                };
                if key.is_none() {
                    return h + 1;
                }
                Some(h)
            }
            // A `[table]`.
            None => {
                let header = format!("[{t}]");
                let Some(h) = lines.iter().position(|l| l.trim() == header) else { return 1 };
                Some(h)
            }
        },
    };
    // The keys of the table: from its header to the next one (top-level keys: before any).
    let (start, end) = match h {
        Some(h) => (h + 1, lines[h + 1..].iter().position(is_header).map_or(lines.len(), |e| h + 1 + e)),
        None => (0, lines.iter().position(is_header).unwrap_or(lines.len())),
    };
    key.and_then(|k| (start..end).find(|&i| is_key(lines[i], k))).map_or(1, |i| i + 1)
}

/// Reads and parses a TOML file.
pub fn load<T: DeserializeOwned>(path: &Path, what: &str) -> Result<T> {
    load_with_rest(path, what).map_err(|m| m.error)
}

/// [`load`], with the rest of a file whose mistakes are in keys or values ([`Mistaken`]).
pub fn load_with_rest<T: DeserializeOwned>(path: &Path, what: &str) -> std::result::Result<T, Mistaken<T>> {
    use anyhow::Context;
    let text = crate::source::read_file(path, crate::source::MAX_CONFIG)
        .with_context(|| format!("cannot read the {what} `{}`", path.display()))
        .and_then(|bytes| text_of(path, bytes))
        .map_err(|error| Mistaken { error, rest: None, left_out: Vec::new() })?;
    read_at(path, &text, 1, what)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_mistakes_say_what_to_write() {
        #[derive(serde::Deserialize, Debug)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct Spec {
            title: Option<String>,
            topics: Option<Vec<String>>,
            module: Option<Vec<toml::Table>>,
        }
        let err = |text: &str| parse::<Spec>(Path::new("s.toml"), text, "spec").unwrap_err().to_string();
        assert!(err("topics = \"detox\"\n").contains("write it as a list, in brackets"));
        assert_eq!(
            err("title = 2024-01-01\n"),
            "s.toml:1: bad spec: invalid type: a date without quotes (`2024-01-01`), expected a string; put the value in double quotes (a date or a number too)"
        );
        assert!(err("[module]\ntitle = \"A\"\n").contains("`[[name]]` header for each"));
        assert!(err("throwing up = 1\n").contains("goes in double quotes"));
        assert!(err("tittle = \"A\"\n").contains("did you mean `title`?"), "{}", err("tittle = \"A\"\n"));
        assert!(!err("colour = \"A\"\n").contains("did you mean"));
        // A pack's language is its first section's: said where a trainer tries to set it.
        for key in ["language", "lang"] {
            let told = err(&format!("{key} = \"es\"\n"));
            assert!(told.contains("a pack is in the language of its first module's first section"), "{told}");
        }
        // Latin-1 "é" on line 2.
        let e = text_of(Path::new("c.toml"), b"name = \"A\"\nhours = \"caf\xe9\"\n".to_vec()).unwrap_err();
        assert!(e.to_string().starts_with("c.toml:2: the file is not UTF-8 text"), "{e}");
    }

    #[test]
    fn every_key_and_value_mistake_is_told_at_once() {
        #[derive(serde::Deserialize, Debug)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct Entry {
            name: String,
            url: Option<String>,
        }
        #[derive(serde::Deserialize, Debug)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct Clinic {
            name: String,
            phone: Option<String>,
            hours: Option<String>,
            #[serde(default)]
            resources: Vec<Entry>,
        }
        let err = |text: &str| parse::<Clinic>(Path::new("c.toml"), text, "clinic").unwrap_err().to_string();
        let told = err("name = \"A\"\nphon = \"1\"\nhours = 9\n\n[[resources]]\nname = \"B\"\nulr = \"x\"\n");
        let lines: Vec<&str> = told.lines().collect();
        assert_eq!(lines.len(), 3, "{told}");
        assert!(lines[0].starts_with("c.toml:2: bad clinic: unknown field `phon`"), "{told}");
        assert!(lines[0].ends_with("did you mean `phone`?"), "{told}");
        assert!(lines[1].starts_with("c.toml:3: bad clinic: invalid type: integer `9`"), "{told}");
        assert!(lines[2].starts_with("c.toml:7: bad clinic: unknown field `ulr`"), "{told}");
        // Another word for a key, in Spanish too, from a clinic's review: `telefono`, `horario`.
        for (typed, meant) in [("telefono", "phone"), ("\"Teléfono\"", "phone"), ("horario", "hours")] {
            let told = err(&format!("name = \"A\"\n{typed} = \"1\"\n"));
            assert!(told.ends_with(&format!("did you mean `{meant}`?")), "{typed}: {told}");
        }
        // A required key whose value is wrong is one mistake, not also a missing key.
        assert_eq!(err("name = 5\n").lines().count(), 1);
        // A misspelt required key is one mistake too.
        assert_eq!(err("nmae = \"A\"\n").lines().count(), 1, "{}", err("nmae = \"A\"\n"));
        // And the rest is read with the key it was meant to be: the mistakes after it are told
        // in the same run (a trainer's misspelt `titel` had hidden seven).
        let text =
            "name = \"A\"\n\n[[resources]]\nnmae = \"B\"\n\n[[resources]]\nname = \"C\"\nulr = \"x\"\n";
        let told = err(text);
        let lines: Vec<&str> = told.lines().collect();
        assert_eq!(lines.len(), 2, "{told}");
        assert!(lines[0].starts_with("c.toml:4: bad clinic: unknown field `nmae`"), "{told}");
        assert!(lines[1].starts_with("c.toml:8: bad clinic: unknown field `ulr`"), "{told}");
        let read = read_at::<Clinic>(Path::new("c.toml"), text, 1, "clinic").unwrap_err();
        let rest = read.rest.expect("the rest is read");
        assert_eq!(rest.resources[0].name, "B");
        assert_eq!(read.left_out, [8], "the misspelt key's line is read, under its meant name");
        // A mistake in the TOML itself is told alone, where the parser stopped.
        let told = err("phon = \"1\"\nname = \"A\n");
        assert_eq!(told.lines().count(), 1, "{told}");
        assert!(told.starts_with("c.toml:2:"), "{told}");
        // A value over several lines is left out whole: the mistakes after it are told too
        // (a misspelt `adress = """…"""` had hidden them).
        let told = err("name = \"A\"\nhours = [\n  1,\n]\nphon = \"1\"\n");
        assert_eq!(told.lines().count(), 2, "{told}");
        let told = err("name = \"A\"\nadress = \"\"\"\nSuite 4\n1 Main St\"\"\"\nphon = \"1\"\nhours = 9\n");
        let lines: Vec<&str> = told.lines().collect();
        assert_eq!(lines.len(), 3, "{told}");
        assert!(lines[0].starts_with("c.toml:2: bad clinic: unknown field `adress`"), "{told}");
        assert!(lines[1].starts_with("c.toml:5: bad clinic: unknown field `phon`"), "{told}");
        assert!(lines[2].starts_with("c.toml:6: bad clinic: invalid type"), "{told}");
    }

    #[test]
    fn mistakes_people_make_in_values_are_said_as_written() {
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct Clinic {
            name: String,
            address: Option<String>,
            phone: Option<String>,
        }
        let err =
            |text: &str| parse::<Clinic>(Path::new("c.toml"), text, "clinic file").unwrap_err().to_string();
        // Curly quotes, as a word processor types them.
        let e = err("name = \u{201c}Hillside Family Practice\u{201d}\n");
        assert!(e.starts_with("c.toml:1: ") && e.ends_with("type straight quotes (`\"`)"), "{e}");
        // A comma after the value, as in a list.
        let e = err("name = \"A\"\nphone = \"555-0123\",\n");
        assert!(
            e.starts_with("c.toml:2: ")
                && e.ends_with("remove the comma after the value: each key stands on a line of its own"),
            "{e}"
        );
        // A closing quote left out, on the last line or before the next: the line that lacks it.
        let unclosed = "bad clinic file: the value's closing quote `\"` is missing; a value over several lines goes between three quotes: `\"\"\"…\"\"\"`";
        assert_eq!(
            err("name = \"A\"\naddress = \"44 Elm St\nHillside, OH\"\nphone = \"555-0100\"\n"),
            format!("c.toml:2: {unclosed}")
        );
        assert_eq!(err("name = \"A\nphone = \"555-0100\"\n"), format!("c.toml:1: {unclosed}"));
        assert_eq!(err("name = \"A\"\nphone = \"555-0100\n"), format!("c.toml:2: {unclosed}"));
        // A quote inside the value, escaped, or a `#` inside it is no mistake of this kind.
        assert!(
            parse::<Clinic>(Path::new("c.toml"), "name = \"The \\\"Safe\\\" Place # 2\"\n", "clinic file")
                .is_ok()
        );
    }

    #[test]
    fn a_duplicate_key_is_named_at_its_line() {
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct Spec {
            title: String,
        }
        let err = parse::<Spec>(Path::new("p.toml"), "title = \"A\"\n# note\ntitle = \"B\"\n", "pack spec")
            .unwrap_err()
            .to_string();
        assert_eq!(err, "p.toml:3: bad pack spec: duplicate key `title`");
    }

    #[test]
    fn field_lines_point_at_the_key() {
        let text = "name = \"C\"\nwebsite = \"x\"\n\n[[resources]]\nname = \"A\"\n\n[[resources]]\nname = \"B\"\nurl = \"y\"\n";
        assert_eq!(field_line(text, "name"), 1);
        assert_eq!(field_line(text, "website"), 2);
        assert_eq!(field_line(text, "resources[1]"), 7);
        assert_eq!(field_line(text, "resources[1].url"), 9);
        assert_eq!(field_line(text, "resources[0].name"), 5);
        assert_eq!(field_line(text, "resources[0].url"), 1, "not written: the first line");
        assert_eq!(field_line(text, "logo"), 1);
        let front = "id = \"d\"\n[sections]\ndetox = [\"detox\"]\n\n[topics]\ndetox = \"Detox\"\n\"signs\" = \"Signs\"\n";
        assert_eq!(field_line(front, "topics.detox"), 6, "a key of a [table], not the one before it");
        assert_eq!(field_line(front, "topics.signs"), 7, "a quoted key");
        assert_eq!(field_line(front, "topics.relapse"), 1);
        assert_eq!(table_lines(text, "resources"), [4, 7]);
        assert!(table_lines("resources = [{ name = \"A\" }]\n", "resources").is_empty());
    }
}
