//! Build script: the page's scripts minified with oxc (names shortened, dead code dropped,
//! about a third smaller than their sources), written to `OUT_DIR` for `src/web/assets.rs`
//! (`app.js`) and `src/web/export.rs` (the service worker, and the search engine and the
//! vendored stemmers it assembles into `search.mjs`). A phone on a poor network downloads less, and the offline
//! copy keeps room within its 150 KB. The stemmers keep their licence notices whole, before
//! their minified code. A script that does not parse fails the build, naming the file.

use oxc::allocator::Allocator;
use oxc::codegen::{Codegen, CodegenOptions};
use oxc::minifier::{Minifier, MinifierOptions};
use oxc::parser::Parser;
use oxc::span::SourceType;
use std::path::{Path, PathBuf};

const ASSETS: &str = "src/web/assets";

/// `source` minified: as an ES module (`module`), else as a classic script, whose top-level
/// names stay as they are (other scripts and the page may use them).
fn minify(name: &str, source: &str, module: bool) -> String {
    let allocator = Allocator::default();
    let kind = if module { SourceType::mjs() } else { SourceType::cjs() };
    let parsed = Parser::new(&allocator, source, kind).parse();
    if !parsed.errors.is_empty() {
        let errors: Vec<String> = parsed.errors.iter().map(|e| e.to_string()).collect();
        panic!("{ASSETS}/{name} does not parse: {}", errors.join("; "));
    }
    let mut program = parsed.program;
    let minified = Minifier::new(MinifierOptions::default()).minify(&allocator, &mut program);
    Codegen::new().with_options(CodegenOptions::minify()).with_scoping(minified.scoping).build(&program).code
}

/// A vendored stemmer as `const NAME = (() => { … })();`: its licence notice (from `first`
/// to the end of `last`) verbatim, then its code minified, with its `module.exports = …`
/// returned from the wrapping function instead.
fn stemmer(name: &str, source: &str, first: &str, last: &str, binding: &str) -> String {
    let start = source.find(first).unwrap_or_else(|| panic!("{name}: no `{first}`"));
    let end = source.find(last).map(|i| i + last.len()).unwrap_or_else(|| panic!("{name}: no `{last}`"));
    let (licence, code) = (&source[start..end], &source[end..]);
    let wrapped =
        format!("const {binding} = (() => {{\n{}\n}})();", code.replace("module.exports = ", "return "));
    // The notice's words and lines as written, in one block comment rather than a `//     `
    // before each line (160 bytes of the offline copy's budget).
    let text: Vec<&str> = licence.lines().map(|l| l.trim_start_matches("//").trim()).collect();
    let text = text.join("\n");
    assert!(!text.contains("*/"), "{name}: the licence notice would end its comment early");
    format!("/*\n{text}\n*/\n{}", minify(name, &wrapped, false))
}

fn read(name: &str) -> String {
    println!("cargo:rerun-if-changed={ASSETS}/{name}");
    std::fs::read_to_string(Path::new(ASSETS).join(name)).unwrap_or_else(|e| panic!("{ASSETS}/{name}: {e}"))
}

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let write = |name: &str, text: String| {
        std::fs::write(out.join(name), text).unwrap_or_else(|e| panic!("{name}: {e}"));
    };
    write("app.js", minify("app.js", &read("app.js"), false));
    write("search.mjs", minify("search.mjs", &read("search.mjs"), true));
    // The service worker's placeholders (`'__EDITION__'`, `__FILES__`, …) are filled in by
    // `export`: each must come through the minifier as written.
    let sw = minify("sw.js", &read("sw.js"), false);
    for placeholder in ["__EDITION__", "__VERSION__", "__BASE__", "__FILES__"] {
        assert!(sw.contains(placeholder), "{ASSETS}/sw.js: the minifier dropped {placeholder}");
    }
    write("sw.js", sw);
    write(
        "porter2.js",
        stemmer(
            "porter2.js",
            &read("porter2.js"),
            "//     wink-porter2-stemmer",
            "DEALINGS IN THE SOFTWARE.",
            "porter2",
        ),
    );
    write(
        "spanish.js",
        stemmer(
            "spanish.js",
            &read("spanish.js"),
            "//     Copyright (c) 2026, frostem",
            "SUCH DAMAGE.",
            "spanishStem",
        ),
    );
}
