//! What the binary says on stderr besides errors: `warning: …` lines for people, as every
//! other message of outreach reads, and at `-vv` each stage with its target and how long it
//! took (`close time.busy=…`: where a command's time goes in a cold process, as
//! `cargo bench --bench print` reports it).

use std::borrow::Cow;
use std::fmt;
use tracing::{Event, Level, Subscriber};
use tracing_subscriber::fmt::format::{FmtSpan, Writer};
use tracing_subscriber::fmt::{FmtContext, FormatEvent, FormatFields};
use tracing_subscriber::registry::LookupSpan;

/// Sets up logging for `verbose` (`-v` counted); `RUST_LOG` overrides the level.
pub fn init(verbose: u8, color: bool) {
    // Tantivy logs the damage it finds in an index as errors; outreach says what it does about
    // it (a rebuild) in its own words, so Tantivy's are for -vv.
    let level = match verbose {
        0 => "warn,tantivy=off",
        1 => "info,tantivy=off",
        _ => "debug",
    };
    let filter = tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| level.into());
    let log = tracing_subscriber::fmt().with_writer(std::io::stderr).with_ansi(color).with_env_filter(filter);
    if verbose >= 2 {
        log.with_span_events(FmtSpan::CLOSE).init();
    } else {
        log.event_format(Plain).init();
    }
}

/// `warning: the message`, as people read the rest of outreach's messages: no module path, no
/// level in capitals.
struct Plain;

impl<S, N> FormatEvent<S, N> for Plain
where
    S: Subscriber + for<'a> LookupSpan<'a>,
    N: for<'a> FormatFields<'a> + 'static,
{
    fn format_event(
        &self,
        ctx: &FmtContext<'_, S, N>,
        mut writer: Writer<'_>,
        event: &Event<'_>,
    ) -> fmt::Result {
        let level = match *event.metadata().level() {
            Level::ERROR => "error",
            Level::WARN => "warning",
            Level::INFO => "info",
            _ => "debug",
        };
        let mut message = String::new();
        ctx.field_format().format_fields(Writer::new(&mut message), event)?;
        writeln!(writer, "{level}: {}", printable(&message))
    }
}

/// `text` as a terminal shows it safely: a control character or a bidirectional override from
/// a user's text (a query, a file name) is written as its code (`\u{1b}`), so it can neither
/// drive the terminal (set its title, colour the rest) nor turn the rest of a line around.
pub fn printable(text: &str) -> Cow<'_, str> {
    let unsafe_char = |c: char| {
        (c.is_control() && c != '\n' && c != '\t')
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    };
    if !text.chars().any(unsafe_char) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| if unsafe_char(c) { c.escape_unicode().to_string() } else { c.to_string() })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn control_and_bidirectional_characters_are_shown_as_codes() {
        assert_eq!(super::printable("plain, ñ and 日本"), "plain, ñ and 日本");
        assert_eq!(super::printable("a\u{1b}]0;pwned\u{7}b"), "a\\u{1b}]0;pwned\\u{7}b");
        assert_eq!(super::printable("x\u{202e}y\nz"), "x\\u{202e}y\nz");
    }
}
