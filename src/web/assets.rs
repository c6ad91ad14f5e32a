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
        Asset { name: format!("{stem}.{}.{ext}", &hash[..8]), mime, body }
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
    // Served minified by build.rs (the source keeps its names and comments).
    js: Asset::new(
        "app",
        "js",
        "text/javascript; charset=utf-8",
        include_bytes!(concat!(env!("OUT_DIR"), "/app.js")),
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

/// Drops comments (`/* … */` on one line or across lines, and `//` lines), blank lines and
/// indentation of a stylesheet, and a comment after code where nothing before it on the line
/// could hold `//` or `/*` (no quote or slash): strings are untouched. (Scripts are minified
/// by build.rs.)
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
/// without the spaces it does not need: after `;`, `:` and `,`, around braces, the line
/// breaks after `{`, `}`, `;` and `,`, and the last `;` of a rule. Only for stylesheets with
/// none of these characters inside strings (`app.css`'s only strings are font names).
pub fn compact_css(source: &str) -> String {
    let mut out = strip_comments(source);
    for (from, to) in [
        ("; ", ";"),
        (": ", ":"),
        (", ", ","),
        (" {", "{"),
        ("{ ", "{"),
        (" }", "}"),
        ("{\n", "{"),
        (";\n", ";"),
        (",\n", ","),
        ("}\n", "}"),
        (";}", "}"),
    ] {
        out = out.replace(from, to);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_comments_go_whole_across_lines_and_after_code() {
        let css = "a { b: c; } /* after a rule */\n/* one\n   two */\nd { e: f; }\n/* x */ g { h: i; }\n";
        assert_eq!(compact_css(css), "a{b:c}d{e:f}g{h:i}");
        // Line breaks go where a brace, `;` or `,` ends the line; a rule's last `;` goes too.
        let css = "a,\nb {\n  c: d;\n  e: f;\n}\n@media (x) {\n  g { h: i; }\n}\n";
        assert_eq!(compact_css(css), "a,b{c:d;e:f}@media (x){g{h:i}}");
    }
}
