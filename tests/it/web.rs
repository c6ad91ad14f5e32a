//! HTTP tests of `outreach serve`: the real binary on a temp copy of the corpus, every endpoint
//! and every error, security headers, compression and the page's weight.

use crate::common::{Project, body_text, letters, page_sizes};
use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Stdio};

/// A running `outreach serve`, killed when dropped.
struct Server {
    child: Child,
    base: String,
    /// Lines printed before (and including) the `listening on` line.
    banner: Vec<String>,
    agent: ureq::Agent,
}

impl Drop for Server {
    fn drop(&mut self) {
        self.child.kill().ok();
        self.child.wait().ok();
    }
}

/// A response, read whole.
struct Reply {
    status: u16,
    headers: ureq::http::HeaderMap,
    body: Vec<u8>,
}

impl Reply {
    fn header(&self, name: &str) -> &str {
        self.headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or("")
    }
    fn text(&self) -> String {
        String::from_utf8(self.body.clone()).expect("utf-8 body")
    }
    fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }
    /// Requires a JSON error with this status.
    fn error(&self, status: u16) -> String {
        assert_eq!(self.status, status, "body: {}", String::from_utf8_lossy(&self.body));
        assert!(
            self.header("content-type").starts_with("application/json"),
            "{}",
            self.header("content-type")
        );
        let v = self.json();
        assert_eq!(v["status"], status);
        v["error"].as_str().expect("error message").to_string()
    }
}

impl Server {
    fn start(p: &Project, extra: &[&str]) -> Server {
        let mut args = vec!["serve", "--addr", "127.0.0.1:0"];
        args.extend_from_slice(extra);
        let mut child = p
            .command(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start outreach serve");
        let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
        let mut banner = Vec::new();
        let addr = loop {
            let line = lines.next().expect("server exited before listening").expect("read stdout");
            banner.push(line.clone());
            if let Some(addr) = line.strip_prefix("listening on http://") {
                break addr.replace("0.0.0.0", "127.0.0.1");
            }
        };
        // The rest of the banner (LAN addresses, QR codes) arrives right after; keep draining.
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in lines.map_while(Result::ok) {
                tx.send(line).ok();
            }
        });
        std::thread::sleep(std::time::Duration::from_millis(100));
        banner.extend(rx.try_iter());
        let agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
        Server { child, base: format!("http://{addr}"), banner, agent }
    }

    fn read(resp: Result<ureq::http::Response<ureq::Body>, ureq::Error>) -> Reply {
        let mut resp = resp.expect("HTTP request");
        let mut body = Vec::new();
        resp.body_mut().as_reader().read_to_end(&mut body).expect("read body");
        Reply { status: resp.status().as_u16(), headers: resp.headers().clone(), body }
    }

    fn get(&self, path: &str) -> Reply {
        self.get_with(path, &[])
    }

    fn get_with(&self, path: &str, headers: &[(&str, &str)]) -> Reply {
        let mut req = self.agent.get(format!("{}{path}", self.base));
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        Self::read(req.call())
    }

    fn post(&self, path: &str, body: &str) -> Reply {
        let req = self.agent.post(format!("{}{path}", self.base)).header("content-type", "application/json");
        Self::read(req.send(body))
    }
}

fn shipped() -> (Project, Server) {
    let p = Project::shipped();
    let s = Server::start(&p, &[]);
    (p, s)
}

fn ids(result: &serde_json::Value) -> Vec<String> {
    result["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .map(|h| h["id"].as_str().unwrap_or("").to_string())
        .collect()
}

#[test]
fn api_search_answers_like_search_json() {
    let (p, s) = shipped();
    let r = s.get("/api/search?q=withdrawl%20symptoms");
    assert_eq!(r.status, 200);
    assert!(r.header("content-type").starts_with("application/json"));
    let web = r.json();
    let cli = p.search("withdrawl symptoms", &["--limit", "10"]);
    assert_eq!(ids(&web), ids(&cli));
    assert_eq!(ids(&web)[0], "kratom-addiction#withdrawal");
    assert_eq!(web["suggestion"], "withdrawal symptoms");
    for key in ["query", "total", "hits", "suggestion", "expanded", "facets"] {
        assert_eq!(web[key].is_null(), cli[key].is_null(), "{key}");
    }
    let hit = &web["hits"][0];
    for key in ["id", "doc", "title", "heading", "topics", "score", "snippet", "text"] {
        assert!(!hit[key].is_null(), "missing {key}");
    }
    assert!(hit["snippet"].as_str().unwrap().contains("<mark>withdrawal</mark>"));
}

#[test]
fn api_search_filters_limits_and_browses() {
    let (_p, s) = shipped();
    // A topic as a person writes it, as the command line takes it (it had been a 400).
    let written = s.get("/api/search?q=treatment&topic=Detox").json();
    let r = s.get("/api/search?q=treatment&topic=detox").json();
    assert_eq!(written, r);
    assert!(!ids(&r).is_empty());
    for h in r["hits"].as_array().unwrap() {
        assert!(h["topics"].as_array().unwrap().iter().any(|t| t == "detox"), "{h}");
    }
    assert_eq!(ids(&s.get("/api/search?q=treatment&limit=1").json()).len(), 1);
    // An empty query is no error, just nothing; with a topic it lists the topic's sections.
    let empty = s.get("/api/search?q=");
    assert_eq!(empty.status, 200);
    assert_eq!(empty.json()["total"], 0);
    let browse = s.get("/api/search?topic=relapse").json();
    let topics: serde_json::Value = s.get("/api/topics").json();
    let relapse = topics.as_array().unwrap().iter().find(|t| t["topic"] == "relapse").expect("relapse topic");
    let expected: Vec<String> =
        relapse["ids"].as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_string()).collect();
    assert_eq!(ids(&browse), expected, "a topic's sections in corpus order");
    assert_eq!(browse["total"], expected.len());
    for h in browse["hits"].as_array().unwrap() {
        // The snippet is the opening of the text after the heading, cut at a word.
        let snippet = h["snippet"].as_str().unwrap().trim_end_matches('…');
        let text = h["text"].as_str().unwrap();
        let body = text.split_once("\n\n").map_or(text, |(_, b)| b).replace("\n\n", " ").replace('\n', " ");
        let body = outreach::html::escape_html(&body);
        assert!(body.starts_with(snippet), "{snippet:?} opens {body:?}");
    }
}

#[test]
fn api_search_rejects_bad_parameters_with_json_400() {
    let (_p, s) = shipped();
    assert!(s.get("/api/search?q=x&limit=0").error(400).contains("limit"));
    assert!(s.get("/api/search?q=x&limit=51").error(400).contains("limit"));
    assert!(s.get("/api/search?q=x&limit=many").error(400).contains("limit"));
    assert!(s.get("/api/search?q=x&topic=astrology").error(400).contains("unknown topic `astrology`"));
    let long = "a".repeat(201);
    assert!(s.get(&format!("/api/search?q={long}")).error(400).contains("too long"));
    // At the limit is fine, and so is any text at all.
    assert_eq!(s.get(&format!("/api/search?q={}", "a".repeat(200))).status, 200);
    for q in ["%22unbalanced", "AND%20OR%20NOT", "%F0%9F%98%80", "%00%07", "%ZZ", "%3Cscript%3E"] {
        assert_eq!(s.get(&format!("/api/search?q={q}")).status, 200, "{q}");
    }
}

#[test]
fn api_sections_and_topics() {
    let (p, s) = shipped();
    let r = s.get("/api/sections/kratom-addiction%23withdrawal");
    assert_eq!(r.status, 200);
    let v = r.json();
    assert_eq!(v["id"], "kratom-addiction#withdrawal");
    assert_eq!(v["heading"], "Withdrawal");
    let html = v["html"].as_str().unwrap();
    assert!(html.contains("<ul>") && html.contains("<li>"), "{html}");
    assert!(v["text"].as_str().unwrap().contains("Kratom detox may involve gradually reducing"));
    assert!(s.get("/api/sections/kratom-addiction%23nope").error(404).contains("unknown section"));
    assert!(s.get("/api/sections/..%2F..%2Fetc%2Fpasswd").error(404).contains("unknown section"));

    let topics = s.get("/api/topics").json();
    let cli: serde_json::Value = serde_json::from_str(&p.ok(&["topics", "--json"])).unwrap();
    assert_eq!(topics, cli);
}

#[test]
fn handout_is_a_pdf_in_basket_order() {
    let (_p, s) = shipped();
    let r =
        s.post("/api/handout", r#"{"sections": ["kratom-addiction#withdrawal", "kratom-addiction#detox"]}"#);
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    assert_eq!(r.header("content-type"), "application/pdf");
    assert!(r.header("content-disposition").starts_with("attachment"));
    assert!(r.body.starts_with(b"%PDF-"));
    let text = letters(&body_text(&r.body));
    let (w, d) = (text.find("withdrawal").unwrap(), text.find("detoxificationdetoxisaprocess").unwrap());
    assert!(w < d, "the basket's order is kept: withdrawal first");
    let (width, height) = page_sizes(&r.body)[0];
    assert_eq!((width.round(), height.round()), (612.0, 792.0), "Letter by default");

    let a4 = s.post(
        "/api/handout",
        r#"{"sections": ["kratom-addiction#detox"], "profile": "large", "paper": "a4"}"#,
    );
    assert_eq!(a4.status, 200);
    let (width, height) = page_sizes(&a4.body)[0];
    assert_eq!((width.round(), height.round()), (595.0, 842.0));
    let standard = s.post("/api/handout", r#"{"sections": ["kratom-addiction#detox"], "paper": "a4"}"#);
    let any = s.post("/api/handout", r#"{"sections": ["kratom-addiction#detox"], "paper": "any"}"#);
    assert_eq!(any.status, 200, "the paper that fits both, as `outreach handout --paper any`");
    assert!(page_sizes(&a4.body).len() >= page_sizes(&standard.body).len(), "large print needs more room");
    assert_ne!(a4.body, standard.body);
}

#[test]
fn handout_rejects_bad_requests() {
    let (_p, s) = shipped();
    let one = r#""kratom-addiction#detox""#;
    assert!(s.post("/api/handout", "{not json").error(400).contains("JSON"));
    assert!(s.post("/api/handout", "").error(400).contains("JSON"));
    assert_eq!(s.post("/api/handout", r#"{"sections": []}"#).error(400), "choose at least one section");
    s.post("/api/handout", &format!(r#"{{"sections": [{one}], "profile": "huge"}}"#)).error(400);
    s.post("/api/handout", &format!(r#"{{"sections": [{one}], "paper": "legal"}}"#)).error(400);
    s.post("/api/handout", &format!(r#"{{"sections": [{one}], "extra": 1}}"#)).error(400);
    s.post("/api/handout", r#"{"sections": "kratom-addiction#detox"}"#).error(400);
    let many = vec![one; 31].join(",");
    assert!(s.post("/api/handout", &format!(r#"{{"sections": [{many}]}}"#)).error(400).contains("too many"));
    let unknown = r#"{"sections": ["kratom-addiction#detox", "kratom-addiction#nope"]}"#;
    assert!(s.post("/api/handout", unknown).error(404).contains("kratom-addiction#nope"));
    let big = format!(r#"{{"sections": [{one}], "pad": "{}"}}"#, "x".repeat(20_000));
    assert!(s.post("/api/handout", &big).error(413).contains("too large"));
    assert_eq!(s.get("/api/handout").error(405), "method not allowed");
}

#[test]
fn unknown_paths_are_404_and_never_reach_the_file_system() {
    let (_p, s) = shipped();
    assert!(s.get("/api/nope").error(404).contains("/api/nope"));
    for path in [
        "/nope",
        "/assets/app.css",
        "/assets/..%2F..%2FCargo.toml",
        "/assets/%2e%2e/%2e%2e/Cargo.toml",
        "/../Cargo.toml",
        "/corpus/kratom-addiction.md",
        "/s/kratom-addiction%23nope",
    ] {
        let r = s.get(path);
        assert_eq!(r.status, 404, "{path}");
        assert!(!r.text().contains("+++"), "{path} leaked a corpus file");
    }
}

#[test]
fn page_escapes_everything_the_user_sends() {
    let (_p, s) = shipped();
    let attack = "%3Cscript%3Ealert(1)%3C%2Fscript%3E%22%3E%3Cimg%20src%3Dx%3E";
    for path in [
        format!("/?q={attack}"),
        format!("/?q={attack}&topic=detox"),
        format!("/s/kratom-addiction%23detox?q={attack}"),
        format!("/s/{attack}"),
        format!("/?q={}{attack}", "a".repeat(200)),
    ] {
        let r = s.get(&path);
        let html = r.text();
        assert!(!html.contains("<script>alert"), "{path}: {html}");
        assert!(!html.contains("<img src=x>"), "{path}");
        assert!(
            html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{path} should show the query as text"
        );
    }
    assert!(
        s.get(&format!("/?q={attack}"))
            .text()
            .contains("value=\"&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;")
    );
    // A long query on the page is a 400 with the message, not a crash.
    assert_eq!(s.get(&format!("/?q={}", "a".repeat(201))).status, 400);
}

#[test]
fn every_page_says_where_to_get_help_with_numbers_to_tap() {
    let (p, s) = shipped();
    // The corpus's resources, as its handouts print them: the helpline one tap from a call.
    let check = |html: &str, what: &str| {
        let help = &html[html.find("<section class=\"help\"").unwrap_or_else(|| panic!("{what}: no help"))..];
        assert!(help.contains("Where to get help"), "{what}");
        assert!(help.contains("SAMHSA’s National Helpline"), "{what}");
        assert!(help.contains("href=\"tel:18006624357\""), "{what}: {help}");
        assert!(help.contains("href=\"https://findtreatment.gov\""), "{what}: {help}");
    };
    check(&s.get("/").text(), "home");
    check(&s.get("/?q=withdrawal").text(), "results");
    // A query for a number to call gets the numbers above the results; others only at the foot.
    let html = s.get("/?q=hotline+number").text();
    let (help, hits) = (html.find("<section class=\"help\"").unwrap(), html.find("class=\"hits\"").unwrap());
    assert!(help < hits && html.matches("<section class=\"help\"").count() == 2, "{html}");
    let html = s.get("/?q=withdrawal").text();
    assert!(html.find("<section class=\"help\"").unwrap() > html.find("class=\"hits\"").unwrap());
    // So do words of a crisis, and a search that found nothing: somewhere to turn first.
    for q in ["free+help+line", "i+want+to+talk+to+someone", "suicide", "xqzv"] {
        let html = s.get(&format!("/?q={q}")).text();
        let help = html.find("<section class=\"help\"").unwrap();
        assert!(html.find("class=\"hits\"").is_none_or(|hits| help < hits), "{q}: {html}");
        assert_eq!(html.matches("<section class=\"help\"").count(), 2, "{q}: {html}");
        // A call for help that no section answers gets the contacts alone: no "No sections
        // match", no choice of topics under the helpline. A search that found nothing (and
        // asks for no one) keeps both, so it is no dead end.
        let alone = !html.contains("class=\"count\"") && !html.contains("Browse a topic");
        assert_eq!(alone, q == "suicide" || q == "i+want+to+talk+to+someone", "{q}: {html}");
    }
    // Someone to call comes first for a crisis; a place to go, for a query that asks for one.
    let first_entry = |q: &str| {
        let html = s.get(&format!("/?q={q}")).text();
        let help = &html[html.find("<section class=\"help\"").unwrap()..];
        let li = &help[help.find("<li").unwrap()..];
        li[..li.find("</li>").unwrap()].to_string()
    };
    assert!(first_entry("suicide").contains("href=\"tel:911\""), "{}", first_entry("suicide"));
    assert!(
        first_entry("hes+not+breathing").contains("href=\"tel:911\""),
        "{}",
        first_entry("hes+not+breathing")
    );
    assert!(first_entry("rehab+near+me").contains("findtreatment.gov"), "{}", first_entry("rehab+near+me"));
    check(&s.get("/s/kratom-addiction%23detox").text(), "section");
    // The static copy, which phones keep offline, on every kind of page.
    let site = p.path().join("site");
    p.ok(&["export", site.to_str().unwrap()]);
    check(&std::fs::read_to_string(site.join("index.html")).unwrap(), "static home");
    // Its other pages stay small (the copy's size budget): their header links to the home page.
    for page in ["s/kratom-addiction/detox.html", "t/detox.html"] {
        let html = std::fs::read_to_string(site.join(page)).unwrap();
        assert!(html.contains("<a class=\"home\" href=\"/\""), "{page}");
    }
}

#[test]
fn page_works_without_javascript() {
    let (_p, s) = shipped();
    let home = s.get("/");
    assert_eq!(home.status, 200);
    assert!(home.header("content-type").starts_with("text/html"));
    let html = home.text();
    assert!(html.contains("<form class=\"search\" action=\"/\" method=\"get\""));
    assert!(html.contains("href=\"/?topic=detox\""), "topic chips on the home view");

    let html = s.get("/?q=withdrawl+symptoms").text();
    let first = html.find("class=\"hit\"").expect("a result");
    assert!(html[first..].starts_with(
        "class=\"hit\"><a class=\"hit-link\" href=\"/s/kratom-addiction%23withdrawal?q=withdrawl+symptoms\""
    ));
    // The correction said once, in plain words; the answer before the topic chips.
    assert!(html.contains("Showing results for <b>withdrawal</b> (you typed “withdrawl”)."), "{html}");
    // A correction is said once: the note, with no "did you mean" after it (which read as
    // the opposite of the note: the results already are for the corrected word).
    let other = s.get("/?q=signs+my+freind+is+using").text();
    assert!(other.contains("Showing results for <b>friend</b> (you typed “freind”)."), "{other}");
    assert!(!html.contains("Did you mean") && !other.contains("Did you mean"), "{other}");
    assert!(html.contains("<h1 class=\"view-title\" tabindex=\"-1\">Results for “withdrawl symptoms”</h1>"));
    assert!(!html.contains("No section mentions"), "every word matched");
    // A word no section has is named, as the script names it.
    let partly = s.get("/?q=naloxone+kratom").text();
    assert!(partly.contains("No section mentions “naloxone”: showing the rest of your search."), "{partly}");
    // Each word is named on its own, never as a phrase nobody typed.
    let two = s.get("/?q=me+siento+muy+mal+sin+kratom").text();
    assert!(two.contains("No section mentions “siento” or “mal”: showing"), "{two}");
    // A crisis is answered by the contacts first, with no note of words the sections lack.
    // Nor does a note on its words stand above them ("“feel like” also finds effects").
    for crisis in [
        "i+dont+want+to+live",
        "he+wont+wake+up",
        "i+want+to+kill+myself",
        "help",
        "i+feel+like+killing+myself",
    ] {
        let page = s.get(&format!("/?q={crisis}")).text();
        let help = page.find("class=\"help\"").unwrap_or_else(|| panic!("{crisis}: no help block: {page}"));
        assert!(page.find("class=\"hits\"").is_none_or(|hits| help < hits), "{crisis}: the contacts first");
        assert!(
            page.find("class=\"note\"").is_none_or(|note| help < note),
            "{crisis}: a note above the contacts"
        );
        assert!(!page.contains("No section mentions"), "{crisis}: {page}");
    }
    // A search within a topic says so, with the way out of it.
    let within = s.get("/?q=withdrawl&topic=relapse").text();
    assert!(within.contains("No sections on relapse match “withdrawl”."), "{within}");
    assert!(within.contains("<a class=\"more\" href=\"/?q=withdrawl\">Search all topics</a>"), "{within}");
    assert!(!html.contains("Search all topics"), "no topic chosen, nothing to leave");
    assert!(html.find("class=\"hits\"").unwrap() < html.find("class=\"chips\"").unwrap());
    assert!(html.contains("<mark>withdrawal</mark>"));
    assert!(html.contains("aria-current=\"true\">All"), "topic chips with counts");

    let section = s.get("/s/kratom-addiction%23withdrawal?q=withdrawl+symptoms");
    assert_eq!(section.status, 200);
    let html = section.text();
    assert!(html.contains("<h1>Withdrawal</h1>"));
    assert!(html.contains("href=\"/?q=withdrawl+symptoms\">← Back to results</a>"));
    // A section that does not exist: said in a sentence, names in quotes, not in backticks.
    let missing = s.get("/s/kratom-addiction%23nope");
    assert_eq!(missing.status, 404);
    let html = missing.text();
    assert!(html.contains("Unknown section “kratom-addiction#nope”") && !html.contains('`'), "{html}");

    // No dead end: nothing in the topic, but the section outside it is offered.
    let html = s.get("/?q=lofexidine&topic=signs").text();
    assert!(html.contains("Related sections"), "{html}");
    assert!(html.contains("href=\"/s/kratom-addiction%23medication?q=lofexidine\""));

    let filtered = s.get("/?q=treatment&topic=detox").text();
    assert!(
        filtered.contains("href=\"/?q=treatment\" aria-current=\"true\">detox"),
        "the chosen topic's chip clears it"
    );
    assert!(filtered.contains("href=\"/?q=treatment&amp;topic=treatment\">treatment"));
    assert_eq!(s.get("/?topic=astrology").status, 400);
}

#[test]
fn responses_carry_security_cache_and_compression_headers() {
    let (_p, s) = shipped();
    let home = s.get("/");
    assert!(home.header("content-security-policy").starts_with("default-src 'self'"));
    assert_eq!(home.header("x-content-type-options"), "nosniff");
    assert_eq!(home.header("cache-control"), "no-cache");
    assert_eq!(home.header("content-encoding"), "", "nothing asked, nothing compressed");

    let gz = s.get_with("/api/search?q=detox", &[("accept-encoding", "gzip")]);
    assert_eq!(gz.header("content-encoding"), "gzip");
    let mut json = String::new();
    flate2::read::GzDecoder::new(&gz.body[..]).read_to_string(&mut json).expect("gzip body");
    assert!(json.contains("\"kratom-addiction#detox\""));
    assert!(gz.header("cache-control").contains("max-age"));
    let br = s.get_with("/", &[("accept-encoding", "br")]);
    assert_eq!(br.header("content-encoding"), "br");
    assert!(br.header("content-security-policy").starts_with("default-src 'self'"));

    let css =
        home.text().split("href=\"/assets/app.").nth(1).and_then(|t| t.split('"').next()).map(str::to_string);
    let css = s.get(&format!("/assets/app.{}", css.expect("stylesheet link")));
    assert_eq!(css.status, 200);
    assert!(css.header("content-type").starts_with("text/css"));
    assert_eq!(css.header("cache-control"), "public, max-age=31536000, immutable");

    let err = s.get("/api/sections/x");
    assert_eq!(err.header("cache-control"), "no-store");
    assert!(err.header("content-security-policy").starts_with("default-src 'self'"));
}

/// Every `/assets/…` URL in a text.
fn asset_urls(text: &str) -> Vec<String> {
    let mut urls: Vec<String> = text
        .split("\"/assets/")
        .skip(1)
        .filter_map(|t| t.split('"').next())
        .map(|name| format!("/assets/{name}"))
        .collect();
    urls.sort();
    urls.dedup();
    urls
}

#[test]
fn first_load_is_at_most_100_kb_and_all_local() {
    let (_p, s) = shipped();
    let html = s.get("/").body;
    let urls = asset_urls(&String::from_utf8_lossy(&html));
    assert!(urls.len() >= 3, "css, js, icon: {urls:?}");
    let mut total = html.len();
    let mut everything = String::from_utf8_lossy(&html).into_owned();
    for u in &urls {
        let r = s.get(u);
        assert_eq!(r.status, 200, "{u}");
        total += r.body.len();
        everything.push_str(&String::from_utf8_lossy(&r.body));
    }
    // The home view also asks for the topics when it is drawn again by the script.
    total += s.get("/api/topics").body.len();
    eprintln!("first load: {total} bytes uncompressed");
    assert!(total <= 100 * 1024, "first load is {total} bytes");
    for outside in ["src=\"http", "src=\"//", "url(http", "url(//", "fetch('http", "@import"] {
        assert!(!everything.contains(outside), "fetches from outside: {outside}");
    }
    // Stylesheets, icons and the manifest are local; links a reader follows (the helpline's
    // website) may point anywhere.
    for tag in everything.split("<link").skip(1).map(|t| &t[..t.find('>').unwrap_or(t.len())]) {
        assert!(
            !tag.contains("href=\"http") && !tag.contains("href=\"//"),
            "fetches from outside: <link{tag}>"
        );
    }
    assert!(
        everything.contains("<a href=\"https://findtreatment.gov\">"),
        "the help block is on the home page"
    );
}

#[test]
fn lan_prints_each_address_with_a_qr_code() {
    let p = Project::shipped();
    let s = Server::start(&p, &["--lan"]);
    let banner = s.banner.join("\n");
    assert!(banner.contains("listening on http://0.0.0.0:"), "{banner}");
    assert!(
        banner.contains("no network interface besides loopback")
            || (banner.contains("on a phone on the same network (") && banner.contains('█')),
        "{banner}"
    );
    assert_eq!(s.get("/api/topics").status, 200);
}

#[test]
fn a_changed_corpus_is_reindexed_at_start() {
    let p = Project::shipped();
    p.ok(&["index"]);
    let path = p.corpus().join("kratom-addiction.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("## Relapse\n", "## Relapse\n\nZebrafinch is a test word.\n"))
        .unwrap();
    let s = Server::start(&p, &[]);
    assert_eq!(ids(&s.get("/api/search?q=zebrafinch").json())[0], "kratom-addiction#relapse");
}

#[test]
fn handouts_keep_succeeding_under_concurrent_searches() {
    let (_p, s) = shipped();
    let s = std::sync::Arc::new(s);
    let mut threads = Vec::new();
    for i in 0..4 {
        let s1 = s.clone();
        threads.push(std::thread::spawn(move || {
            for _ in 0..3 {
                let r = s1.post("/api/handout", r#"{"sections": ["kratom-addiction#treatment"]}"#);
                assert_eq!(r.status, 200, "handout {i}");
                assert!(r.body.starts_with(b"%PDF-"));
            }
        }));
        let s2 = s.clone();
        threads.push(std::thread::spawn(move || {
            for q in ["detox", "withdrawl", "rehab near me", "signs", "tremors", "relapse"].repeat(5) {
                assert_eq!(s2.get(&format!("/api/search?q={}", q.replace(' ', "+"))).status, 200);
            }
        }));
    }
    for t in threads {
        t.join().expect("no request failed");
    }
}

#[test]
fn serve_hosts_the_offline_app() {
    let (_p, s) = shipped();
    let home = s.get("/").text();
    assert!(home.contains("rel=\"manifest\" href=\"/manifest.webmanifest\""), "{home}");
    assert!(home.contains("data-mode=\"server\""));
    let manifest = s.get("/manifest.webmanifest");
    assert_eq!(manifest.status, 200);
    assert_eq!(manifest.json()["start_url"], "/");
    let sw = s.get("/sw.js");
    assert!(sw.header("content-type").starts_with("text/javascript"));
    // The worker keeps the server's own pages: the home page and every section.
    let sw = sw.text();
    let files = crate::common::sw_files(&sw);
    assert!(
        files.contains_key("s/kratom-addiction%23withdrawal") && files.contains_key("search-data.json"),
        "{sw}"
    );
    assert_eq!(s.get("/search.mjs").status, 200);
    assert!(s.get("/search-data.json").json()["sections"].as_array().unwrap().len() >= 15);
    assert!(s.get("/icons/icon-512.png").body.starts_with(b"\x89PNG"));
    // Ready-made PDFs listed on the home page, by names that say what they are.
    assert!(home.contains("/handouts/kratom-addiction-detox.pdf"), "{home}");
    let pdf = s.get("/handouts/kratom-addiction-detox.pdf");
    assert_eq!(pdf.header("content-type"), "application/pdf");
    assert!(pdf.body.starts_with(b"%PDF-"));
    assert_eq!(s.get("/handouts/nope.pdf").status, 404);
    assert_eq!(s.get("/icons/../Cargo.toml").status, 404);
}

#[test]
fn serve_starts_with_a_broken_pack_spec_and_leaves_that_pack_out() {
    let p = Project::shipped();
    p.add_packs();
    std::fs::write(p.path().join("packs/broken.toml"), "title = \"No modules\"\n").unwrap();
    let s = Server::start(&p, &[]);
    assert_eq!(s.get("/api/topics").status, 200);
    assert_eq!(s.get("/handouts/volunteer-briefing.pdf").status, 200);
    assert_eq!(s.get("/handouts/broken.pdf").status, 404);
}

#[test]
fn serve_answers_from_the_last_build_while_a_document_has_a_mistake() {
    let p = Project::shipped();
    p.ok(&["index"]);
    // An editor saves the article with a heading that skips a level: the phones searching
    // this server keep their answers, from the corpus as the last build read it.
    let doc = p.corpus().join("kratom-addiction.md");
    let text = std::fs::read_to_string(&doc).unwrap();
    std::fs::write(&doc, text.replacen("\n## ", "\n### ", 1)).unwrap();
    p.err(&["handout", "detox", "-o", "detox.pdf"]);
    let s = Server::start(&p, &[]);
    let found = s.get("/api/search?q=withdrawl%20symptoms").json();
    assert_eq!(found["hits"][0]["id"], "kratom-addiction#withdrawal", "{found}");
    let section = s.get("/api/sections/kratom-addiction%23detox");
    assert_eq!(section.status, 200);
    assert!(section.json()["heading"].as_str().is_some_and(|h| h == "Detox"), "{}", section.text());
    let pdf = s.post("/api/handout", r#"{"sections": ["kratom-addiction#detox"]}"#);
    assert!(pdf.body.starts_with(b"%PDF-"), "{}", String::from_utf8_lossy(&pdf.body));
    drop(s);
    // `outreach search` answers from the same build, where to get help included: a query in
    // crisis had got no number while the document was broken.
    let text = p.ok(&["search", "i", "want", "to", "die"]);
    assert!(text.starts_with("where to get help: "), "{text}");
    assert!(text.contains("where to get help: SAMHSA’s National Helpline  1-800-662-4357"), "{text}");
    // Without a build to fall back on, the mistake stops the server, named at its line.
    std::fs::remove_dir_all(p.index()).unwrap();
    let err = p.err(&["serve", "--addr", "127.0.0.1:0"]);
    assert!(err.contains("kratom-addiction.md:") && err.contains("level-3 heading"), "{err}");
}

#[test]
fn serve_takes_localhost_and_says_why_an_address_cannot_be_used() {
    let p = Project::shipped();
    p.ok(&["index"]);
    // `localhost:PORT` had been refused as "invalid socket address syntax".
    // The first line `outreach serve ARGS` writes to standard output (or error), then it stops.
    let first_line = |args: &[&str], from_stderr: bool| {
        let (out, err) =
            if from_stderr { (Stdio::null(), Stdio::piped()) } else { (Stdio::piped(), Stdio::null()) };
        let mut child = p.command(args).stdout(out).stderr(err).spawn().expect("start outreach serve");
        let stream: Box<dyn std::io::Read> = if from_stderr {
            Box::new(child.stderr.take().unwrap())
        } else {
            Box::new(child.stdout.take().unwrap())
        };
        let line = BufReader::new(stream).lines().next().unwrap().unwrap();
        child.kill().ok();
        child.wait().ok();
        line
    };
    let first = first_line(&["serve", "--addr", "localhost:0"], false);
    assert!(first.starts_with("listening on http://127.0.0.1:"), "{first}");
    // With --lan, an address of one interface keeps only its port, and says so.
    let note = first_line(&["serve", "--lan", "--addr", "127.0.0.1:0"], true);
    assert!(note.contains("--lan listens on every interface") && note.contains("127.0.0.1"), "{note}");
    let err = p.err(&["serve", "--addr", "foo"]);
    assert!(err.contains("`foo` is not an address and port") && err.contains("127.0.0.1:8080"), "{err}");
    // An address this computer does not have is not blamed on another server.
    let err = p.err(&["serve", "--addr", "203.0.113.7:8080"]);
    assert!(err.contains("this computer has no such address") && !err.contains("another server"), "{err}");
}
