//! What the binary says on stderr besides errors: `warning: …` lines for people, as every
//! other message of outreach reads, and at `-vv` each stage with its target and how long it
//! took (`close time.busy=…`: where a command's time goes in a cold process, as
//! `cargo bench --bench print` reports it).

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
        write!(writer, "{level}: ")?;
        ctx.field_format().format_fields(writer.by_ref(), event)?;
        writeln!(writer)
    }
}
