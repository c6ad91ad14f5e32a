//! The page, rendered on the server: the home view, results and a section, so a plain form
//! submit works without JavaScript. The script (`assets/app.js`) then takes over and draws the
//! same markup from the JSON API as the user types. Every text from a request or the corpus
//! goes through [`escape_html`].

use axum::extract::{Path, RawQuery, State};
use axum::http::{StatusCode, Uri, header};
use axum::response::{Html, IntoResponse, Response};

use super::assets::{ASSETS, TEMPLATE};
use super::service::{self, ApiError, SearchParams};
use super::{AppState, Shared};
use crate::corpus::Resource;
use crate::html::escape_html;
use crate::search::contacts::{
    CONTACT_WORDS, Order, PLACE_WORDS, asks_for_contacts, emergency_words, numbers_first,
};
use crate::search::query::{Hit, SearchResult};

/// Example queries shown on the home view, the way people type them.
const EXAMPLES: &[&str] = &["withdrawl symptoms", "how to help someone", "detox", "rehab near me"];

/// Fills the `{{name}}` slots of `template` in one pass, so text put into one slot is never
/// read as another slot.
fn fill(template: &str, value: impl Fn(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(template.len() + 4096);
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        match after.find("}}").and_then(|end| value(&after[..end]).map(|v| (end, v))) {
            Some((end, v)) => {
                out.push_str(&v);
                rest = &after[end + 2..];
            }
            None => {
                out.push_str("{{");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Where a page's links point: the server's routes, or an exported copy under a base path.
pub struct Shell {
    /// The home page's URL (`/`, or the export's base such as `/outreach/`).
    pub home: String,
    /// URL prefix of the `assets/` files.
    pub assets: String,
    /// `server` or `static`: how the script finds sections and searches.
    pub mode: &'static str,
    /// Edition of the offline copy the page belongs to.
    pub edition: String,
    /// "Where to get help" ([`Help::in_order`]), at the foot of every page.
    pub help: String,
}

impl Shell {
    /// The server's own pages (`outreach serve`).
    pub fn server(edition: &str, help: &str) -> Shell {
        Shell {
            home: "/".into(),
            assets: "/assets/".into(),
            mode: "server",
            edition: edition.into(),
            help: help.into(),
        }
    }
}

/// A whole page of the server: the shell with `main` inside, the search box holding `q`, and
/// the edition of the offline copy it serves beside the pages.
pub fn render(state: &AppState, title: &str, q: &str, view: &str, main: &str) -> String {
    render_in(&Shell::server(&state.offline.edition, &state.offline.help.in_order), title, q, view, main)
}

/// "Where to get help" as the pages show it, rendered once from the corpus's resources in each
/// [`Order`] a query's contacts take: the corpus's (at the foot of every page), and with the
/// entries that have a number to dial first (their order kept), the emergency number before or
/// after the others.
#[derive(Clone, Debug, Default)]
pub struct Help {
    /// In the corpus's order.
    pub in_order: String,
    /// The entries with a number to dial first, the emergency number at their head.
    pub calls_first: String,
    /// The entries with a number to dial first, the emergency number after the others (a
    /// query for a number that tells of no emergency: "hotline").
    pub helpline_first: String,
}

impl Help {
    /// The block for `resources`, in each order.
    pub fn new(resources: &[&Resource]) -> Help {
        Help {
            in_order: help_html(resources, true),
            calls_first: help_html(&numbers_first(resources.to_vec(), true), true),
            helpline_first: help_html(&numbers_first(resources.to_vec(), false), true),
        }
    }

    /// The block of a static copy, in the corpus's order, without the contact words: its
    /// script reads them from the search data the phone keeps (`contact` and `place` in
    /// `search-data.json`), so the copy carries them once (it has a size budget).
    pub fn for_static_copy(resources: &[&Resource]) -> String {
        help_html(resources, false)
    }

    /// The block for a query, in the [`Order`] its contacts answer it in (`calls`: the search
    /// read a misspelt word of a crisis in it, [`SearchResult::calls`]; `found_nothing`: no
    /// section matched).
    pub fn for_query(&self, q: &str, calls: bool, found_nothing: bool) -> &str {
        match Order::of(q, calls, found_nothing) {
            Order::Corpus => &self.in_order,
            Order::Numbers { emergency_first: true } => &self.calls_first,
            Order::Numbers { emergency_first: false } => &self.helpline_first,
        }
    }
}

/// "Where to get help": `resources` (the ones the corpus's handouts print, see
/// [`Corpus::resources`](crate::corpus::Corpus::resources)), in the order given, with each
/// phone number as a `tel:` link and each address as a link, so a worker can call or open
/// them from any page, offline too. Empty when there are none. `words` puts the contact words
/// in the block's `data-words` and those that ask for a place in its `data-place`, for the
/// page's script.
fn help_html(resources: &[&Resource], words: bool) -> String {
    let mut items = String::new();
    for r in resources {
        // The script puts an entry with a number to dial first for a query that asks for
        // someone to call, the emergency number before the others (app.js, `helpFor`), as
        // [`Help::for_query`] does here.
        let tel = r.tel();
        items.push_str(&format!(
            "<li{}><b>{}</b>",
            match (&tel, r.emergency) {
                (Some(_), true) => " data-sos",
                (Some(_), false) => " data-call",
                (None, _) => "",
            },
            escape_html(&r.name)
        ));
        if let Some(d) = &r.description {
            items.push_str(&format!(" — {}", escape_html(d)));
        }
        if let Some(phone) = &r.phone {
            // A number breaks between its parts, never inside one ("1-800-662-" / "HELP").
            let text: Vec<String> = phone
                .split_whitespace()
                .map(|w| match w.contains('-') {
                    true => format!("<span class=\"nb\">{}</span>", escape_html(w)),
                    false => escape_html(w),
                })
                .collect();
            let text = text.join(" ");
            match &tel {
                Some(href) => items.push_str(&format!(" <a href=\"{href}\">Call {text}</a>")),
                None => items.push_str(&format!(" Phone: {text}")),
            }
        }
        if let Some(url) = r.url.as_deref().filter(|u| crate::corpus::markdown::is_safe_link(u)) {
            let shown =
                url.trim_start_matches("https://").trim_start_matches("http://").trim_end_matches('/');
            items.push_str(&format!(" <a href=\"{}\">{}</a>", escape_html(url), escape_html(shown)));
        }
        items.push_str("</li>");
    }
    if items.is_empty() {
        return String::new();
    }
    // No ids: the block is also shown above the results of a query that asks for a number.
    let words = if words {
        format!(
            " data-words=\"{CONTACT_WORDS}\" data-place=\"{PLACE_WORDS}\" data-emergency=\"{}\"",
            emergency_words().join(" ")
        )
    } else {
        String::new()
    };
    format!(
        "<section class=\"help\" aria-label=\"Where to get help\"{words}><h2>Where to get help</h2><ul>{items}</ul></section>"
    )
}

/// A whole page under `shell` (the server's, or an export's).
pub fn render_in(shell: &Shell, title: &str, q: &str, view: &str, main: &str) -> String {
    let home = escape_html(&shell.home);
    let mut head = format!(
        "<link rel=\"manifest\" href=\"{home}manifest.webmanifest\"><meta name=\"outreach\" data-base=\"{home}\" data-mode=\"{mode}\" data-edition=\"{edition}\">",
        mode = shell.mode,
        edition = escape_html(&shell.edition)
    );
    // What only the start page needs (the copy's other pages stay small).
    if view == "home" || shell.mode == "server" {
        head.push_str(&format!(
            "<meta name=\"theme-color\" content=\"#0b6e4f\">\n<meta name=\"description\" content=\"Offline addiction-health information: search, read, print handouts.\">\n<link rel=\"apple-touch-icon\" href=\"{home}icons/icon-192.png\">"
        ));
    }
    let icon = format!("{}{}", shell.assets, ASSETS.icon.name);
    let logo = format!(
        "<a class=\"home\" href=\"{home}\" aria-label=\"Home\"><img src=\"{icon}\" alt=\"\" width=\"28\" height=\"28\"></a>"
    );
    let header = if shell.mode == "static" && view != "home" {
        // A static copy cannot search without the script, so its section and topic pages carry
        // a link to the search page of the same size, which the script turns into the box.
        format!(
            "<nav class=\"search\" aria-label=\"Search\">{logo}<a class=\"search-link\" href=\"{home}\">Search health information</a></nav>"
        )
    } else {
        format!(
            "<form class=\"search\" action=\"{home}\" method=\"get\" role=\"search\">\n{logo}\n<label class=\"vh\" for=\"q\">Search health information</label>\n<input id=\"q\" name=\"q\" type=\"search\" value=\"{}\" placeholder=\"e.g. withdrawal\" autocomplete=\"off\" autocapitalize=\"none\" spellcheck=\"false\" maxlength=\"200\" enterkeyhint=\"search\">\n<button type=\"submit\">Search</button>\n</form>",
            escape_html(q)
        )
    };
    fill(TEMPLATE, |slot| {
        Some(match slot {
            "title" => escape_html(title),
            "q" => escape_html(q),
            "view" => view.to_string(),
            "main" => main.to_string(),
            "css" => format!("{}{}", shell.assets, ASSETS.css.name),
            "js" => format!("{}{}", shell.assets, ASSETS.js.name),
            "icon" => format!("{}{}", shell.assets, ASSETS.icon.name),
            "home" => escape_html(&shell.home),
            "head" => head.clone(),
            "header" => header.clone(),
            // A static copy's other pages stay small (the copy has a size budget): the home
            // page carries the block, and the script adds it to the others from there
            // (app.js), from the phone's copy when offline.
            "help" => {
                if shell.mode == "static" && view != "home" {
                    String::new()
                } else {
                    shell.help.clone()
                }
            }
            // A static copy's other pages stay small: the script borrows the home page's.
            "templates" => {
                if view == "home" || shell.mode == "server" {
                    templates()
                } else {
                    String::new()
                }
            }
            // What answers, until the script knows better (same place, so nothing shifts).
            "mode" => {
                if shell.mode == "static" && view != "home" {
                    // The script fills it in (the copy's size budget: the start page says it,
                    // and what a wrong address has lost).
                    String::new()
                } else if shell.mode == "static" {
                    // Without the script a static copy cannot search (there is no server to
                    // ask): the start page says so, and what works instead.
                    // A static copy served from another address than the one it was exported
                    // for finds neither its stylesheet nor its script: the stylesheet hides the
                    // last part, so only such a page shows it.
                    format!(
                        "Copy of edition {}.<noscript> Searching needs JavaScript; the topics and handouts below work without it.</noscript><span class=\"lost\">No files found under {}: export this copy again with --base set to where it is served.</span>",
                        escape_html(&shell.edition),
                        escape_html(&shell.home)
                    )
                } else {
                    "Searching the server.".to_string()
                }
            }
            _ => return None,
        })
    })
}

fn html(status: StatusCode, body: String) -> Response {
    (status, [(header::CONTENT_TYPE, "text/html; charset=utf-8")], Html(body)).into_response()
}

/// A query string for the page: `q` and `topic`, percent-encoded.
pub fn page_query(q: &str, topic: Option<&str>) -> String {
    let mut s = form_urlencoded::Serializer::new(String::new());
    if !q.is_empty() {
        s.append_pair("q", q);
    }
    if let Some(t) = topic {
        s.append_pair("topic", t);
    }
    let s = s.finish();
    if s.is_empty() { String::new() } else { format!("?{s}") }
}

/// The page URL of a section (`#` encoded), carrying the query for the way back.
pub fn section_url(id: &str, q: &str) -> String {
    let path: String = form_urlencoded::byte_serialize(id.as_bytes()).collect();
    format!("/s/{path}{}", page_query(q, None))
}

/// A topic as a title says it: "getting-help" → "Getting help".
pub fn topic_label(topic: &str) -> String {
    capitalized(&topic.replace('-', " "))
}

/// A topic chip, the one markup of it: the server's and the export's topic lists render it, and
/// empty it is the `<template id="t-chip">` the script fills.
pub fn chip(label: &str, count: usize, href: &str, current: bool) -> String {
    format!(
        "<a class=\"chip\" href=\"{}\"{}>{} <span class=\"n\">{count}</span></a>",
        escape_html(href),
        if current { " aria-current=\"true\"" } else { "" },
        escape_html(label)
    )
}

/// Topic chips with counts; the current topic is marked, "All" clears it.
fn chips(q: &str, counts: &[(String, usize)], total: Option<usize>, current: Option<&str>) -> String {
    let mut out = String::from("<nav class=\"chips\" aria-label=\"Topics\">");
    if let Some(total) = total {
        out.push_str(&chip("All", total, &format!("/{}", page_query(q, None)), current.is_none()));
    }
    for (t, n) in counts {
        // The chosen topic's chip takes the filter off again.
        let on = current == Some(t.as_str());
        let href = format!("/{}", page_query(q, if on { None } else { Some(t) }));
        out.push_str(&chip(&t.replace('-', " "), *n, &href, on));
    }
    out.push_str("</nav>");
    out
}

fn add_button(id: &str, title: &str, heading: &str, class: &str) -> String {
    format!(
        "<button type=\"button\" class=\"add {class}\" data-id=\"{}\" data-title=\"{}\" data-heading=\"{}\" aria-pressed=\"false\">Add to handout</button>",
        escape_html(id),
        escape_html(title),
        escape_html(heading)
    )
}

/// One result of a search, the one markup of it: the server's results list renders it with a
/// hit and its page URL; empty (`None`), it is the `<template id="t-hit">` of every page that
/// the script clones and fills with text when it draws results itself.
fn hit_item(hit: Option<(&Hit, &str)>) -> String {
    let (href, title, heading, snippet, tags, button) = match hit {
        Some((h, href)) => (
            escape_html(href),
            escape_html(&h.title),
            escape_html(&h.heading),
            h.snippet.as_str(), // escaped by the search, with <mark> around matches
            escape_html(&h.topics.join(" · ").replace('-', " ")),
            add_button(&h.id, &h.title, &h.heading, ""),
        ),
        None => (String::new(), String::new(), String::new(), "", String::new(), add_button("", "", "", "")),
    };
    format!(
        "<li class=\"hit\"><a class=\"hit-link\" href=\"{href}\"><span class=\"crumb\">{title}</span> <span class=\"heading\">{heading}</span></a><p class=\"snip\">{snippet}</p><div class=\"hit-foot\"><span class=\"tags\">{tags}</span>{button}</div></li>"
    )
}

/// The `<template>`s the script fills (see [`hit_item`] and [`chip`]).
fn templates() -> String {
    format!(
        "<template id=\"t-hit\">{}</template><template id=\"t-chip\">{}</template>",
        hit_item(None),
        chip("", 0, "", false)
    )
}

/// The results view of a search: topic chips with `counts` (and "All" with `total`), notes on
/// the query, and the hits.
pub fn results_html(
    r: &SearchResult,
    p: &SearchParams,
    counts: &[(String, usize)],
    total: Option<usize>,
    help: &Help,
) -> String {
    let current = p.topics.first().map(String::as_str);
    let title = if p.q.trim().is_empty() {
        format!("Topic: {}", topic_label(&p.topics.join(", ")))
    } else {
        format!("Results for “{}”", p.q.trim())
    };
    let mut out = format!("<h1 class=\"view-title\" tabindex=\"-1\">{}</h1>", escape_html(&title));
    // A query for a number to call gets the numbers first, above any note on its words ("“feel
    // like” also finds effects" had stood between "i feel like killing myself" and the
    // helpline).
    let asks = asks_for_contacts(&p.q) || r.calls;
    if asks {
        out.push_str(help.for_query(&p.q, r.calls, r.total == 0));
    }
    // What the search did with the words, said once and plainly (as the script says it).
    out.push_str("<div class=\"notes\" id=\"notes\">");
    let typos: Vec<_> = r.expanded.iter().filter(|e| e.kind == "typo").collect();
    if !typos.is_empty() {
        let to: Vec<&str> = typos.iter().filter_map(|e| e.to.first().map(String::as_str)).collect();
        let from: Vec<&str> = typos.iter().map(|e| e.from.as_str()).collect();
        out.push_str(&format!(
            "<p class=\"note\">Showing results for <b>{}</b> (you typed “{}”).</p>",
            escape_html(&to.join(", ")),
            escape_html(&from.join(", "))
        ));
    }
    for e in r.expanded.iter().filter(|e| e.kind == "synonym") {
        out.push_str(&format!(
            "<p class=\"note\">“{}” also finds <b>{}</b>.</p>",
            escape_html(&e.from),
            escape_html(&e.to.join(", "))
        ));
    }
    // Where the contacts answer the query, no note of words the sections lack is said.
    let unmatched = r.unmatched_words("“", "”");
    if !asks && !unmatched.is_empty() && r.total > 0 {
        out.push_str(&format!(
            "<p class=\"note\">No section mentions {}: showing the rest of your search.</p>",
            escape_html(&unmatched)
        ));
    }
    out.push_str("</div>");
    // A query that found nothing gets the contacts too: somewhere to turn before anything
    // else. Not the first letter or two of a word being typed ("k", "kr"), which find nothing
    // on the way to "kratom", nor a last word that found nothing yet but starts a longer one
    // ("sho" on the way to "should").
    let typing = still_typing(&p.q) || r.typing;
    if !asks && r.total == 0 && !p.q.trim().is_empty() && !typing {
        out.push_str(help.for_query(&p.q, r.calls, true));
    }
    // A call for help that no section answers ("i want to die") is answered by the contacts
    // alone: "No sections match" and a choice of topics under a helpline read as a dead end.
    if asks && r.total == 0 && !help.in_order.is_empty() {
        return out;
    }
    // A chosen topic is said, with the way out of it, so a search typed on a topic's page is
    // not taken for one over everything (as the script says it).
    let scope = (!p.topics.is_empty()).then(|| format!(" on {}", p.topics.join(", ").replace('-', " ")));
    let mut count = match r.total {
        0 if p.q.trim().is_empty() => format!("No sections{}.", scope.as_deref().unwrap_or("")),
        0 if typing => {
            format!("No sections{} match “{}”: keep typing.", scope.as_deref().unwrap_or(""), p.q.trim())
        }
        0 => format!("No sections{} match “{}”.", scope.as_deref().unwrap_or(""), p.q.trim()),
        1 => "1 section".to_string(),
        n if n > r.hits.len() => format!("{n} sections, best {} shown", r.hits.len()),
        n => format!("{n} sections"),
    };
    if let Some(scope) = scope.as_deref().filter(|_| r.total > 0) {
        count.push_str(scope);
    }
    out.push_str(&format!("<p class=\"count\" id=\"count\">{}</p>", escape_html(&count)));
    if scope.is_some() && !p.q.trim().is_empty() {
        out.push_str(&format!(
            "<p><a class=\"more\" href=\"/{}\">Search all topics</a></p>",
            escape_html(&page_query(&p.q, None))
        ));
    }
    // No dead ends: when nothing matched, the sections search found by looser means.
    if !r.related.is_empty() {
        out.push_str("<h2 class=\"sub\">Related sections</h2><ul class=\"related\">");
        for rel in &r.related {
            out.push_str(&format!(
                "<li><a href=\"{}\"><span class=\"crumb\">{}</span> {}</a> <span class=\"why\">({})</span></li>",
                escape_html(&section_url(&rel.id, &p.q)),
                escape_html(&rel.title),
                escape_html(&rel.heading),
                escape_html(&rel.reason)
            ));
        }
        out.push_str("</ul>");
    }
    out.push_str("<ol class=\"hits\">");
    for h in &r.hits {
        out.push_str(&hit_item(Some((h, &section_url(&h.id, &p.q)))));
    }
    out.push_str("</ol>");
    // The answer first; narrowing by topic after it (every topic when nothing matched).
    if r.total == 0 {
        out.push_str("<h2 class=\"sub\">Browse a topic instead</h2>");
        out.push_str(&chips("", counts, None, None));
    } else if !counts.is_empty() {
        let label = if p.q.trim().is_empty() { "Other topics" } else { "Narrow by topic" };
        out.push_str(&format!("<h2 class=\"sub\">{label}</h2>"));
        out.push_str(&chips(&p.q, counts, total, current));
    }
    out
}

/// The home view: what this is, topics and example searches.
fn home_html(state: &Shared) -> String {
    let counts: Vec<(String, usize)> = state.topics.iter().map(|(t, ids)| (t.clone(), ids.len())).collect();
    let examples: Vec<String> = EXAMPLES
        .iter()
        .map(|q| format!("<a href=\"/{}\">{}</a>", escape_html(&page_query(q, None)), escape_html(q)))
        .collect();
    home_view(
        &format!("<p class=\"try\"><span>Try:</span> {}</p>", examples.join(" ")),
        &chips("", &counts, None, None),
        &handouts_html("/", &state.offline.pdfs),
    )
}

/// The home view, the one markup of it for the server's pages and the export's: the intro with
/// `examples` (HTML; empty where no search runs without the script), the topic `chips` and the
/// ready-made `handouts` (HTML).
pub fn home_view(examples: &str, chips: &str, handouts: &str) -> String {
    format!(
        "<div class=\"intro\"><h1>Addiction health information</h1><p>Search in your own words: typos and everyday words are fine.</p>{examples}</div><h2 class=\"sub\">Topics</h2>{chips}{handouts}"
    )
}

/// `GET /`: the home view, or the results of `?q=&topic=`.
pub async fn home(State(state): State<Shared>, RawQuery(raw): RawQuery) -> Response {
    let p = match SearchParams::parse(raw.as_deref()) {
        Ok(p) => p,
        Err(e) => return error_page(&state, &e, &raw_q(raw.as_deref())),
    };
    if p.q.trim().is_empty() && p.topics.is_empty() {
        return html(
            StatusCode::OK,
            render(&state, "Outreach: health information", &p.q, "home", &home_html(&state)),
        );
    }
    let result = match service::run_search(&state, &p) {
        Ok(r) => r,
        Err(e) => return error_page(&state, &e, &p.q),
    };
    let facet_counts = |r: &SearchResult| -> Vec<(String, usize)> {
        r.facets.iter().filter(|(_, n)| **n > 0).map(|(t, n)| (t.clone(), *n as usize)).collect()
    };
    let (counts, total) = if p.q.trim().is_empty() {
        // Browsing a topic: every topic, with its size.
        (state.topics.iter().map(|(t, ids)| (t.clone(), ids.len())).collect(), None)
    } else if p.topics.is_empty() {
        (facet_counts(&result), Some(result.total))
    } else {
        // Counts of the query without the topic filter, so every topic stays reachable.
        let all = SearchParams { topics: Vec::new(), limit: 1, ..p.clone() };
        match service::run_search(&state, &all) {
            Ok(u) => (facet_counts(&u), Some(u.total)),
            Err(e) => return error_page(&state, &e, &p.q),
        }
    };
    let title = if p.q.is_empty() { p.topics.join(", ") } else { p.q.clone() };
    // Nothing matched: every topic, so the page is no dead end.
    let counts = if result.total == 0 {
        state.topics.iter().map(|(t, ids)| (t.clone(), ids.len())).collect()
    } else {
        counts
    };
    let body = results_html(&result, &p, &counts, total, &state.offline.help);
    html(StatusCode::OK, render(&state, &format!("{title} – Outreach"), &p.q, "results", &body))
}

/// The `q` of a query string, whatever else is wrong with it (to keep it in the search box).
fn raw_q(raw: Option<&str>) -> String {
    form_urlencoded::parse(raw.unwrap_or_default().as_bytes())
        .find(|(k, _)| k == "q")
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default()
}

/// `GET /s/{id}`: one section, with a link back to the results it came from.
pub async fn section(
    State(state): State<Shared>,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Response {
    let q = raw_q(raw.as_deref());
    let view = match service::find_section(&state, &id) {
        Ok(v) => v,
        Err(e) => return error_page(&state, &e, &q),
    };
    let h = &view.hit;
    let back = if q.is_empty() {
        "<a class=\"back\" href=\"/\">← Home</a>".to_string()
    } else {
        format!("<a class=\"back\" href=\"/{}\">← Back to results</a>", escape_html(&page_query(&q, None)))
    };
    let main = section_view(h, &view.html, &back, &|t| format!("/{}", page_query("", Some(t))));
    html(StatusCode::OK, render(&state, &format!("{} – Outreach", h.heading), &q, "section", &main))
}

/// The section view, the one markup of it for the server's pages and the export's: `back` is
/// the way back (a link, already HTML), `topic_href` gives a topic's URL, `body` is the
/// section's blocks as safe HTML. The basket button is named by the crumb and heading beside it.
pub fn section_view(hit: &Hit, body: &str, back: &str, topic_href: &dyn Fn(&str) -> String) -> String {
    let tags: Vec<String> = hit
        .topics
        .iter()
        .map(|t| {
            format!("<a href=\"{}\">{}</a>", escape_html(&topic_href(t)), escape_html(&t.replace('-', " ")))
        })
        .collect();
    format!(
        "<article class=\"section\">{back}<p class=\"crumb\">{}</p><h1>{}</h1><button type=\"button\" class=\"add wide\" data-id=\"{}\">Add to handout</button><div class=\"body\">{body}</div><p class=\"tags\">Topics: {}</p></article>",
        escape_html(&hit.title),
        escape_html(&hit.heading),
        escape_html(&hit.id),
        tags.join(" · ")
    )
}

/// The page for an error: its message, the status, and the search box.
fn error_page(state: &AppState, e: &ApiError, q: &str) -> Response {
    if let ApiError::Internal(err) = e {
        tracing::error!("{err:#}");
    }
    let main = format!(
        "<div class=\"intro\"><h1>{}</h1><p>{}.</p><p><a class=\"back\" href=\"/\">Start again</a></p></div>",
        if e.status() == StatusCode::NOT_FOUND { "Not found" } else { "Sorry" },
        escape_html(&quoted(&capitalized(&e.to_string())))
    );
    html(e.status(), render(state, "Outreach", q, "error", &main))
}

/// The message with its first letter in upper case, for a sentence on the page.
fn capitalized(message: &str) -> String {
    let mut chars = message.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// The message with each `code` span (as the command line prints names) in curly quotes, for
/// a sentence on the page: "unknown section “nope”".
fn quoted(message: &str) -> String {
    let mut open = false;
    message
        .chars()
        .map(|c| match c {
            '`' => {
                open = !open;
                if open { '“' } else { '”' }
            }
            c => c,
        })
        .collect()
}

/// Any other path: JSON 404 under `/api/`, the page's 404 elsewhere.
pub async fn not_found(State(state): State<Shared>, uri: Uri) -> Response {
    let e = ApiError::NotFound(format!("no such page: {}", uri.path()));
    if uri.path().starts_with("/api/") { e.into_response() } else { error_page(&state, &e, "") }
}

/// A ready-made PDF listed on the home page.
#[derive(Clone, Debug)]
pub struct Pdf {
    /// Title shown on the page.
    pub title: String,
    /// Path under the base (`handouts/kratom-addiction-detox.pdf`).
    pub path: String,
    /// Page count.
    pub pages: usize,
    /// Size in bytes.
    pub size: usize,
}

/// The list of ready-made PDFs on the home page: open, download, share.
pub fn handouts_html(base: &str, pdfs: &[Pdf]) -> String {
    if pdfs.is_empty() {
        return String::new();
    }
    let mut out = String::from("<h2 class=\"sub\">Ready-made handouts</h2><ul class=\"pdfs\">");
    // The Share button takes the file, its name and title from the entry's link (app.js), and
    // a download is named by its address: a static copy has a size budget.
    for p in pdfs {
        let url = format!("{base}{}", p.path);
        out.push_str(&format!(
            "<li class=\"pdf\"><a class=\"pdf-open\" href=\"{url}\">{title}</a> <span class=\"meta\">{pages} page{s}, PDF {size}</span><span class=\"pdf-actions\"><a class=\"button\" href=\"{url}\" download>Download</a><button type=\"button\" class=\"share\" hidden>Share</button></span></li>",
            url = escape_html(&url),
            title = escape_html(&p.title),
            pages = p.pages,
            s = if p.pages == 1 { "" } else { "s" },
            size = crate::output::human_size(p.size),
        ));
    }
    out.push_str("</ul>");
    out
}

/// Whether `q` holds only the first letter or two of a word being typed: no word of three
/// letters or more (the script's `stillTyping` says the same).
fn still_typing(q: &str) -> bool {
    let mut words = q.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty());
    words.clone().next().is_some() && words.all(|w| w.chars().count() < 3)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn help_lists_each_resource_escaped_and_reachable() {
        let r = |name: &str, phone: Option<&str>, url: Option<&str>| Resource {
            name: name.into(),
            description: Some("Open <24h> & free".into()),
            phone: phone.map(Into::into),
            url: url.map(Into::into),
            emergency: false,
            language: None,
        };
        let resources = [
            r("Line", Some("1-800-662-4357 (1-800-662-HELP)"), None),
            r("Site", None, Some("https://findtreatment.gov/")),
            r("Bad", None, Some("javascript:alert(1)")),
        ];
        let html = help_html(&resources.iter().collect::<Vec<_>>(), true);
        assert_eq!(html.matches("<li>").count() + html.matches("<li data-call>").count(), 3, "{html}");
        // The entry with a number to dial is marked, and goes first for a crisis.
        assert!(html.contains("<li data-call><b>Line</b>"), "{html}");
        let site_first = Help::new(&[&resources[1], &resources[0]]);
        let (listed, calls) =
            (site_first.for_query("treatment", false, false), site_first.for_query("overdose", false, false));
        assert!(listed.find("<b>Site</b>") < listed.find("<b>Line</b>"), "{listed}");
        assert!(calls.find("<b>Line</b>") < calls.find("<b>Site</b>"), "{calls}");
        assert_eq!(calls.len(), listed.len());
        // The emergency number, wherever the file lists it, goes before the other numbers
        // for a crisis; for a place to go the file's order stays.
        let emergency = Resource { emergency: true, ..r("Emergency", Some("911"), None) };
        let help = Help::new(&[&resources[1], &resources[0], &emergency]);
        let calls = help.for_query("he is not breathing", false, false);
        assert!(calls.find("<b>Emergency</b>") < calls.find("<b>Line</b>"), "{calls}");
        assert!(calls.find("<b>Line</b>") < calls.find("<b>Site</b>"), "{calls}");
        assert!(calls.contains("<li data-sos><b>Emergency</b>") && calls.contains("Call 911</a>"), "{calls}");
        let place = help.for_query("rehab near me", false, false);
        assert!(place.find("<b>Site</b>") < place.find("<b>Emergency</b>"), "{place}");
        // A query for a number that tells of no emergency gets the other numbers first.
        let line = help.for_query("hotline", false, false);
        assert!(line.find("<b>Line</b>") < line.find("<b>Emergency</b>"), "{line}");
        assert!(line.find("<b>Emergency</b>") < line.find("<b>Site</b>"), "{line}");
        assert!(html.contains("<b>Line</b> — Open &lt;24h&gt; &amp; free"), "{html}");
        assert!(
            html.contains("href=\"tel:18006624357\">Call <span class=\"nb\">1-800-662-4357</span>"),
            "{html}"
        );
        assert!(html.contains("<a href=\"https://findtreatment.gov/\">findtreatment.gov</a>"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
        assert_eq!(help_html(&[], true), "");
        // A static copy's block leaves the contact words to its search data.
        let copy = Help::for_static_copy(&[&resources[0]]);
        assert!(html.contains(" data-words=\"hotline ") && !copy.contains("data-words"), "{copy}");
        assert!(!copy.contains("data-place") && html.contains(" data-place=\"near "), "{copy}");
        let words = format!(
            " data-words=\"{CONTACT_WORDS}\" data-place=\"{PLACE_WORDS}\" data-emergency=\"{}\"",
            emergency_words().join(" ")
        );
        assert_eq!(copy, help_html(&[&resources[0]], true).replace(&words, ""));
    }

    #[test]
    fn the_first_letters_of_a_word_are_still_being_typed() {
        for q in ["k", "kr", " kr ", "kr w", "é", "a b"] {
            assert!(still_typing(q), "{q}");
        }
        for q in ["", "  ", "kra", "kr with", "?!", "dó ser"] {
            assert!(!still_typing(q), "{q}");
        }
    }

    #[test]
    fn fill_never_reads_slots_inside_values() {
        let out = fill("<{{a}}|{{b}}|{{c}}>", |s| match s {
            "a" => Some("{{b}}".into()),
            "b" => Some("B".into()),
            _ => None,
        });
        assert_eq!(out, "<{{b}}|B|{{c}}>");
    }

    #[test]
    fn the_hit_template_has_every_part_the_script_fills() {
        // app.js `hitItem` fills these; the server's own results use the same markup.
        let t = templates();
        assert!(t.starts_with("<template id=\"t-hit\"><li class=\"hit\">"), "{t}");
        // `chip` fills the first text node with the label and `.n` with the count.
        assert!(
            t.contains("<template id=\"t-chip\"><a class=\"chip\" href=\"\"> <span class=\"n\">0</span></a>"),
            "{t}"
        );
        for part in [
            "class=\"hit-link\"",
            "class=\"crumb\"",
            "class=\"heading\"",
            "class=\"snip\"",
            "class=\"tags\"",
            "class=\"add ",
        ] {
            assert!(t.contains(part), "{part} in {t}");
        }
    }

    #[test]
    fn urls_encode_ids_and_queries() {
        assert_eq!(section_url("doc#detox", "a&b <c>"), "/s/doc%23detox?q=a%26b+%3Cc%3E");
        assert_eq!(page_query("", None), "");
        assert_eq!(page_query("x", Some("detox")), "?q=x&topic=detox");
    }
}
