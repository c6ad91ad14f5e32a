//! The page's static files, compiled into the binary and served under content-hashed names
//! (`/assets/app.1a2b3c4d.js`), so browsers may cache them for a year and still never run a
//! stale copy after an upgrade.

use axum::extract::Path;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use std::sync::LazyLock;

/// The HTML shell the page is rendered into (see `page`).
pub const TEMPLATE: &str = include_str!("assets/index.html");

/// One embedded file.
pub struct Asset {
    /// Name it is served under, with a content hash (`app.1a2b3c4d.js`).
    pub name: String,
    /// `Content-Type`.
    pub mime: &'static str,
    /// The bytes.
    pub body: &'static [u8],
}

impl Asset {
    fn new(stem: &str, ext: &str, mime: &'static str, body: &'static [u8]) -> Asset {
        let hash = blake3::hash(body).to_hex();
        Asset { name: format!("{stem}.{}.{ext}", &hash[..10]), mime, body }
    }

    /// The URL path of the file.
    pub fn url(&self) -> String {
        format!("/assets/{}", self.name)
    }
}

/// Every embedded file the page links to.
pub struct Assets {
    /// The stylesheet.
    pub css: Asset,
    /// The script.
    pub js: Asset,
    /// The icon.
    pub icon: Asset,
}

impl Assets {
    fn all(&self) -> [&Asset; 3] {
        [&self.css, &self.js, &self.icon]
    }
}

/// The embedded files, hashed once.
pub static ASSETS: LazyLock<Assets> = LazyLock::new(|| Assets {
    css: Asset::new(
        "app",
        "css",
        "text/css; charset=utf-8",
        Box::leak(compact_css(include_str!("assets/app.css")).into_bytes().into_boxed_slice()),
    ),
    // Served without comments and indentation (the source keeps them).
    js: Asset::new(
        "app",
        "js",
        "text/javascript; charset=utf-8",
        Box::leak(compact_js(include_str!("assets/app.js")).into_bytes().into_boxed_slice()),
    ),
    icon: Asset::new("icon", "svg", "image/svg+xml", include_bytes!("assets/icon.svg")),
});

/// `GET /assets/{name}`: an embedded file by exact name, else 404.
pub async fn serve(Path(name): Path<String>) -> Response {
    match ASSETS.all().into_iter().find(|a| a.name == name) {
        Some(a) => (
            [(header::CONTENT_TYPE, a.mime), (header::CACHE_CONTROL, "public, max-age=31536000, immutable")],
            a.body,
        )
            .into_response(),
        None => (StatusCode::NOT_FOUND, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], "not found\n")
            .into_response(),
    }
}

/// The characters [`compact_js`] drops the spaces next to.
const TIGHT: &str = "{}()[];,:?=<>*%&|!";

/// How many backticks of a script line open or close a template literal (not `\``).
fn template_ticks(line: &str) -> usize {
    line.match_indices('`').filter(|(at, _)| !line[..*at].ends_with('\\')).count()
}

/// Words after which a `/` starts a regular expression, not a division.
const BEFORE_REGEX: [&str; 8] = ["return", "typeof", "case", "of", "in", "void", "throw", "yield"];

/// Whether a `/` after `before` (the line so far) starts a regular expression: at the start,
/// after an operator or an opening bracket, or after a keyword. After a name, a number or a
/// closing bracket it divides.
fn starts_regex(before: &str) -> bool {
    let before = before.trim_end();
    match before.chars().next_back() {
        None => true,
        Some(c) if "(,=:[!&|?{};+-*%<>~^".contains(c) => true,
        Some(c) if c.is_alphanumeric() || c == '_' || c == '$' => {
            let word = before.rsplit(|c: char| !(c.is_alphanumeric() || c == '_' || c == '$')).next();
            word.is_some_and(|w| BEFORE_REGEX.contains(&w))
        }
        Some(_) => false,
    }
}

/// A script without its comments, blank lines and indentation (`strip_comments`), and
/// without the spaces next to `{ } ( ) [ ] ; , : ? = < > * % & | !` outside its quoted
/// strings and regular expressions. Those go only on lines with no backtick (no template)
/// outside a multi-line template literal, and with no `++` or `--` (a space between `-` and
/// `-` matters, and `<!--` starts a comment in a classic script); a string in `'…'` or `"…"`
/// (with its `\` escapes) and a regular expression (`/…/`, told from a division by what comes
/// before it, with its `\` escapes and `[…]` classes) keep every space, and so does a
/// comment left after code. A stylesheet is not a script: `) and (` must keep its spaces.
pub fn compact_js(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    let mut in_template = false;
    for line in strip_comments(source).lines() {
        let ticks = template_ticks(line);
        let plain = !in_template && ticks == 0 && !line.contains("--") && !line.contains("++");
        if plain {
            let mut tight = String::with_capacity(line.len());
            // The quote of the string being copied (`/` for a regular expression), whether its
            // last character was `\`, and whether a regular expression is inside `[…]`.
            let (mut quote, mut escaped, mut class) = (None, false, false);
            let chars: Vec<char> = line.chars().collect();
            for (i, &c) in chars.iter().enumerate() {
                if let Some(q) = quote {
                    tight.push(c);
                    if escaped {
                        escaped = false;
                    } else if c == '\\' {
                        escaped = true;
                    } else if q == '/' && c == '[' {
                        class = true;
                    } else if q == '/' && c == ']' {
                        class = false;
                    } else if c == q && !(q == '/' && class) {
                        quote = None;
                    }
                    continue;
                }
                if c == '/' && matches!(chars.get(i + 1), Some('/' | '*')) {
                    // A comment after code: the rest of the line as it is.
                    tight.extend(&chars[i..]);
                    break;
                }
                if c == '\'' || c == '"' || (c == '/' && starts_regex(&tight)) {
                    quote = Some(c);
                    tight.push(c);
                    continue;
                }
                if c == ' ' && tight.ends_with(|p: char| TIGHT.contains(p)) {
                    continue;
                }
                if TIGHT.contains(c) {
                    let kept = tight.trim_end_matches(' ').len();
                    tight.truncate(kept);
                }
                tight.push(c);
            }
            out.push_str(&tight);
        } else {
            out.push_str(line);
        }
        out.push('\n');
        if ticks % 2 == 1 {
            in_template = !in_template;
        }
    }
    out
}

/// Drops comments (`//` lines, `/* … */` on one line or across lines, JSDoc lines), blank
/// lines and indentation of JavaScript or CSS, and a `// comment` or `/* comment */` after code
/// where nothing before it on the line could hold `//` or `/*` (no quote, backtick or slash):
/// strings and regular expressions are untouched. Lines inside a multi-line template literal
/// (the basket's HTML in `app.js`) lose their indentation, which HTML does not mind, and must
/// not hold `//` or `/*` (a test checks the shipped scripts).
fn strip_comments(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    let mut in_block = false;
    for line in source.lines() {
        let mut t = line.trim();
        if in_block {
            match t.find("*/") {
                Some(i) => {
                    in_block = false;
                    t = t[i + 2..].trim();
                }
                None => continue,
            }
        }
        if t.starts_with("/*") && !t.contains("*/") {
            in_block = true;
            continue;
        }
        if t.is_empty()
            || t.starts_with("//")
            || (t.starts_with("/*") && t.ends_with("*/"))
            || t.starts_with("* ")
            || t == "*"
            || t == "/**"
            || t == "*/"
        {
            continue;
        }
        // A comment after code, where nothing before it could hold `//` or `/*` (no string,
        // template or regular expression on the line): `}; // step2()`, `{ /* none */ }`.
        let mut code = t.to_string();
        while let Some(i) = code.find("/*").filter(|&i| !code[..i].contains(['\'', '"', '`', '/'])) {
            let Some(len) = code[i..].find("*/") else { break };
            code = format!("{}{}", code[..i].trim_end(), &code[i + len + 2..]).trim().to_string();
        }
        let code = match code.find(" //") {
            Some(i) if !code[..i].contains(['\'', '"', '`', '/']) => code[..i].trim_end(),
            _ => code.as_str(),
        };
        if code.is_empty() {
            continue;
        }
        out.push_str(code);
        out.push('\n');
    }
    out
}

/// A stylesheet without its comments, blank lines and indentation (`strip_comments`), and
/// without the spaces it does not need: after `;`, `:` and `,`, around braces, and the last
/// `;` of a rule. Only for stylesheets with none of these characters
/// inside strings (`app.css`'s only strings are font names).
pub fn compact_css(source: &str) -> String {
    let mut out = strip_comments(source);
    for (from, to) in
        [("; ", ";"), (": ", ":"), (", ", ","), (" {", "{"), ("{ ", "{"), (" }", "}"), (";}", "}")]
    {
        out = out.replace(from, to);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compacting_keeps_every_string_and_regular_expression() {
        let js = "  // a comment\n  }; // prelude()\n  const u = 'https://x'; // kept: a string before\n  (/^a$/).test(s) // kept: a regex before\n  let n = 5; // as `search`\n";
        assert_eq!(
            compact_js(js),
            "};\nconst u='https://x';// kept: a string before\n(/^a$/).test(s)// kept: a regex before\nlet n=5;\n"
        );
    }

    #[test]
    fn a_script_loses_the_spaces_it_does_not_need_and_only_those() {
        let js = "if (a && b) { x = y ? 1 : [2, 3]; }\nconst f = (w) => w.length > n || !k;\nfor (const x of list) return x;\n\
                  let d=a - -b;\nconst s = `a ${b} c`;\nconst h = `\n  <li> ${item} </li>\n`;\nconst t = 'a , b';\nx = y / 2 ;\n";
        assert_eq!(
            compact_js(js),
            "if(a&&b){x=y?1:[2,3];}\nconst f=(w)=>w.length>n||!k;\nfor(const x of list)return x;\n\
             let d=a - -b;\nconst s = `a ${b} c`;\nconst h = `\n<li> ${item} </li>\n`;\nconst t='a , b';\nx=y / 2;\n"
        );
    }

    #[test]
    fn regular_expressions_keep_their_spaces_and_divisions_lose_none_they_need() {
        let js = "x = s.replace(/a , b/g, ' ');\nif (/[/ ]x/.test(s)) return /c = d/.test(t);\nconst h = (a + b) / 2 / (c || 1);\nreturn typeof x / 2;\n";
        assert_eq!(
            compact_js(js),
            "x=s.replace(/a , b/g,' ');\nif(/[/ ]x/.test(s))return /c = d/.test(t);\nconst h=(a + b)/ 2 /(c||1);\nreturn typeof x / 2;\n"
        );
        assert!(starts_regex("") && starts_regex("x = ") && starts_regex("return "));
        assert!(!starts_regex("a ") && !starts_regex("f(x) ") && !starts_regex("list[0]"));
    }

    #[test]
    fn spaces_inside_quoted_strings_stay() {
        let js = "const a = 'x = y' + \"p ( q\";\nf('it\\'s , here', \"say \\\"a , b\\\" ok\") ;\nconst e = { 'k': 1 };\n";
        assert_eq!(
            compact_js(js),
            "const a='x = y' + \"p ( q\";\nf('it\\'s , here',\"say \\\"a , b\\\" ok\");\nconst e={'k':1};\n"
        );
    }

    #[test]
    fn no_line_inside_a_template_literal_looks_like_a_comment() {
        for (name, source) in [
            ("app.js", include_str!("assets/app.js")),
            ("search.mjs", include_str!("assets/search.mjs")),
            ("sw.js", include_str!("assets/sw.js")),
        ] {
            let mut inside = false;
            for (i, line) in source.lines().enumerate() {
                assert!(
                    !(inside && (line.contains("//") || line.contains("/*"))),
                    "{name}:{}: inside a template literal, compacting would cut this line",
                    i + 1
                );
                if template_ticks(line) % 2 == 1 {
                    inside = !inside;
                }
            }
            assert!(!inside, "{name}: a template literal never closes");
        }
    }

    #[test]
    fn block_comments_go_whole_across_lines_and_after_code() {
        let css = "a { b: c; } /* after a rule */\n/* one\n   two */\nd { e: f; }\n/* x */ g { h: i; }\n";
        assert_eq!(compact_css(css), "a{b:c}\nd{e:f}\ng{h:i}\n");
        let js = "try { x(); } catch (_) { /* none */ }\nconst r = /a\\/*b/; /* kept: a regex before */\n";
        assert_eq!(compact_js(js), "try{x();}catch(_){}\nconst r=/a\\/*b/;/* kept: a regex before */\n");
    }
}
