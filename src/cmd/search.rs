//! `outreach search`: ranked sections with highlighted snippets, as text or JSON.

use anyhow::Result;
use std::io::Write;
use std::process::ExitCode;

use crate::cli::{Cli, SearchArgs};
use outreach::corpus::check_topics;
use outreach::search::SearchOptions;
use outreach::search::contacts::Order;

pub fn run(cli: &Cli, args: &SearchArgs) -> Result<ExitCode> {
    let query = args.query.join(" ");
    // The query as echoed to the terminal: its control characters shown as codes.
    let shown = crate::log::printable(&query);
    let options = SearchOptions { limit: args.limit as usize, topics: args.topics.clone() };
    let result = super::with_engine(cli, None, |engine| {
        if !args.topics.is_empty() {
            check_topics(&args.topics, &engine.index.topics()?)?;
        }
        engine.search(&query, &options)
    })?;
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &result)?;
        writeln!(out)?;
        return Ok(ExitCode::SUCCESS);
    }
    let color = super::use_color(&std::io::stdout());
    let (b, m, r) = if color { ("\x1b[1m", "\x1b[1;33m", "\x1b[0m") } else { ("", "", "") };
    // The contacts the handouts print: first for a query that asks for a number or a place
    // ("hotline", "rehab near me"), and when nothing is found, as somewhere still to turn.
    // While a document has a mistake (the search answers from the last build), the contacts
    // come from the corpus that build kept: someone in crisis still gets a number.
    let help = |out: &mut dyn Write| -> Result<()> {
        let corpus = outreach::corpus::Corpus::load(&cli.corpus).ok().or_else(|| {
            outreach::search::index::last_build(&cli.index).ok().flatten().map(|(corpus, _)| corpus)
        });
        if let Some(corpus) = corpus {
            // Someone to call first, for a query that asks for one ("i want to die").
            let resources = Order::of(&query, result.calls, result.total == 0).apply(corpus.resources());
            for res in resources {
                let reach: Vec<&str> =
                    [res.phone.as_deref(), res.url.as_deref()].into_iter().flatten().collect();
                writeln!(out, "where to get help: {b}{}{r}  {}", res.name, reach.join("  "))?;
                // What it is and when it answers ("24 hours a day, … in English and Spanish").
                if let Some(d) = &res.description {
                    writeln!(out, "   {d}")?;
                }
            }
        }
        Ok(())
    };
    if query.trim().is_empty() && args.topics.is_empty() {
        writeln!(out, "nothing to search for: type some words, or `outreach topics` to browse")?;
        return Ok(ExitCode::SUCCESS);
    }
    // Someone to call comes first for a query that asks for one ("me quiero morir"), before
    // anything about the sections.
    let contacts = result.contacts;
    if contacts {
        help(&mut out)?;
    }
    // What the search made of the words.
    for e in &result.expanded {
        writeln!(out, "showing {} for {} ({})", e.to.join(", "), e.from, e.kind)?;
    }
    if let Some(s) = &result.suggestion {
        writeln!(out, "did you mean: {s}")?;
    }
    // (Not where the contacts above answer the query.)
    let unmatched = result.unmatched_words("`", "`");
    if !contacts && !unmatched.is_empty() && !result.hits.is_empty() {
        writeln!(
            out,
            "no section mentions {}: showing the rest of your search",
            crate::log::printable(&unmatched)
        )?;
    }
    if result.hits.is_empty() {
        if contacts {
            writeln!(out, "no sections match `{shown}`")?;
            return Ok(ExitCode::SUCCESS);
        }
        writeln!(out, "no sections match `{shown}`; try other words, or `outreach topics` to browse")?;
        // Somewhere to turn comes before sections a looser search offers.
        help(&mut out)?;
        for r in &result.related {
            writeln!(out, "  related ({}): {} › {}  [{}]", r.reason, r.title, r.heading, r.id)?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    let noun = if result.total == 1 { "section" } else { "sections" };
    writeln!(out, "{} of {} {noun}\n", result.hits.len(), result.total)?;
    for (i, hit) in result.hits.iter().enumerate() {
        writeln!(out, "{}. {b}{} › {}{r}  [{}]", i + 1, hit.title, hit.heading, hit.id)?;
        let snippet = if color { hit.snippet_parts.render(m, r) } else { hit.snippet_parts.render("", "") };
        writeln!(out, "   {snippet}\n")?;
    }
    Ok(ExitCode::SUCCESS)
}
