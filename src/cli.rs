//! Command-line interface: every clap type lives here; the `///` comments are the `--help`.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

use outreach::print::handout::Paper;

/// Offline addiction-health information: search the corpus, print handouts.
///
/// Run from the project folder: the corpus is read from `corpus/` and the search index kept in
/// `output/index` (rebuilt automatically whenever the corpus changes).
#[derive(Debug, Parser)]
#[command(name = "outreach", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    /// Folder of corpus documents (*.md) and synonyms.toml.
    #[arg(long, global = true, env = "OUTREACH_CORPUS", default_value = "corpus")]
    pub corpus: PathBuf,
    /// Folder of the search index.
    #[arg(long, global = true, env = "OUTREACH_INDEX", default_value = "output/index")]
    pub index: PathBuf,
    /// Log progress to stderr (-v info, -vv debug).
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Search the corpus; typos, lay words and unfinished words are fine.
    ///
    /// Example: outreach search "withdrawl symptoms" --limit 3
    Search(SearchArgs),
    /// Show one section in full.
    ///
    /// Example: outreach show kratom-addiction#detox
    Show(ShowArgs),
    /// List topics with how many sections each has.
    ///
    /// Example: outreach topics --json
    Topics(TopicsArgs),
    /// Write one PDF handout from topics, sections or a query.
    ///
    /// Example: outreach handout detox --paper a4 -o detox.pdf
    Handout(HandoutArgs),
    /// Refresh the index and write the standard handouts (detox, signs, treatment) and the
    /// course packs in packs/ in parallel. The print flags set the handouts; each pack is set
    /// as its spec says (`paper`, `profile`, `clinic`).
    ///
    /// Example: outreach build --out output --jobs 2
    Build(BuildArgs),
    /// Check the corpus, the synonym table, the pack specs and clinic files in packs/ for
    /// problems editors should fix: lead-ins with no list, links without an address, sections
    /// above reading grade 8 (and where to start), characters the handout font lacks, synonym
    /// meanings no section has, a title said twice, a topic misspelt on some sections, packs
    /// that print a section twice, and specs and clinic files a build would refuse. Exits
    /// non-zero when it finds any.
    ///
    /// Example: outreach check
    Check(CheckArgs),
    /// Build course packs (cover, contents, modules, bookmarks) from spec files, in parallel.
    ///
    /// Example: outreach pack packs/volunteer-briefing.toml --out output
    Pack(PackArgs),
    /// Measure search quality on a judged query set (MRR@10, success@1, nDCG@10, latency).
    ///
    /// Example: outreach eval tests/queries.toml
    Eval(EvalArgs),
    /// Rebuild the search index now (other commands rebuild it when the corpus changes).
    ///
    /// Example: outreach index
    Index,
    /// Serve the search page and JSON API, offline, to browsers on this computer or (--lan)
    /// to phones on the same network.
    ///
    /// Example: outreach serve --lan
    Serve(ServeArgs),
    /// Write the search page as a static site that works offline on phones: pages, search
    /// engine and data, handouts, manifest and service worker. Publish it on any HTTPS host.
    ///
    /// Example: outreach export site --base /outreach/
    Export(ExportArgs),
}

/// Arguments of `export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Folder to write. Built beside it and renamed into place; over an earlier export, the
    /// files that export wrote are replaced and anything else in it (a host's CNAME) is kept.
    pub dir: PathBuf,
    /// URL path the site will be served under, e.g. /outreach/ for https://example.org/outreach/.
    #[arg(long, default_value = "/")]
    pub base: String,
    /// Folder of course pack specs to include as PDFs.
    #[arg(long, default_value = "packs")]
    pub packs: PathBuf,
    /// Write the copy even when it is over 25 MB (every phone keeps all of it).
    #[arg(long)]
    pub allow_large: bool,
}

/// Arguments of `serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address and port to listen on (default 127.0.0.1:8080; port 0 picks a free one;
    /// `localhost:PORT` is 127.0.0.1:PORT). With --lan, only its port counts.
    #[arg(long, value_parser = socket_addr)]
    pub addr: Option<std::net::SocketAddr>,
    /// Listen on every network interface (on the --addr port) and print each address with a
    /// QR code, so phones on the same network (e.g. this laptop's hotspot) can open the page.
    #[arg(long)]
    pub lan: bool,
    /// Folder of course pack specs, offered as ready-made PDFs on the page.
    #[arg(long, default_value = "packs")]
    pub packs: PathBuf,
    /// Seconds a connection may take to send a request, and stay open idle between requests.
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub idle_timeout: u64,
    /// Most connections open at once [default: from the open-file limit, at most 1024].
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=100_000))]
    pub max_connections: Option<u64>,
}

/// Arguments of `search`.
#[derive(Debug, Args)]
pub struct SearchArgs {
    /// What to look for, as you would type it.
    #[arg(required = true, num_args = 1..)]
    pub query: Vec<String>,
    /// Only sections with this topic (repeatable).
    #[arg(long = "topic", short = 't', value_parser = topic)]
    pub topics: Vec<String>,
    /// Most results to show.
    #[arg(long, short = 'n', default_value_t = 5, value_parser = clap::value_parser!(u16).range(1..=1000))]
    pub limit: u16,
    /// Print one JSON object instead of text.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `eval`.
#[derive(Debug, Args)]
pub struct EvalArgs {
    /// Judged query set (TOML with `[[query]]` entries: q, kind, relevant, partial).
    pub file: PathBuf,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
    /// Also list the queries whose first hit was not relevant.
    #[arg(long)]
    pub misses: bool,
    /// Judge what a page searching as its user types is asked on the way to each query instead:
    /// every start of it that ends inside a word, three letters or more into it.
    #[arg(long)]
    pub as_typed: bool,
}

/// Arguments of `show`.
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Section id, `document#section` (see `outreach search` or `outreach topics`).
    pub id: String,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Folder of course pack specs to check too.
    #[arg(long, default_value = "packs")]
    pub packs: PathBuf,
}

/// Arguments of `topics`.
#[derive(Debug, Args)]
pub struct TopicsArgs {
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

/// How a PDF is set.
#[derive(Debug, Args, Clone)]
pub struct PrintArgs {
    /// Paper size (in any case: `A4`, as pack specs take it).
    #[arg(long, value_enum, ignore_case = true, default_value_t = PaperArg::Letter)]
    pub paper: PaperArg,
    /// Large print: 18 pt body text, 22 pt+ headings, wider spacing.
    #[arg(long)]
    pub large_print: bool,
    /// Justify paragraphs (default is ragged-right, easier to read).
    #[arg(long)]
    pub justify: bool,
    /// Clinic file (TOML: name, phone, address, hours, website, logo, resources) for the
    /// header and contact block.
    #[arg(long, value_name = "FILE.toml")]
    pub clinic: Option<PathBuf>,
}

/// Paper sizes as the command line names them (the library's [`Paper`] knows nothing of
/// clap).
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum PaperArg {
    /// US Letter (8.5 × 11 in).
    Letter,
    /// ISO A4 (210 × 297 mm).
    A4,
    /// A4's width and Letter's height: prints unscaled on either.
    Any,
}

impl From<PaperArg> for Paper {
    fn from(arg: PaperArg) -> Paper {
        match arg {
            PaperArg::Letter => Paper::Letter,
            PaperArg::A4 => Paper::A4,
            PaperArg::Any => Paper::Any,
        }
    }
}

/// Arguments of `handout`.
#[derive(Debug, Args)]
pub struct HandoutArgs {
    /// Topics whose sections go in (see `outreach topics`).
    #[arg(value_parser = topic)]
    pub topics: Vec<String>,
    /// A section to include, by id (repeatable): `kratom-addiction#relapse`, or `relapse`
    /// where one document has such a section.
    #[arg(long = "section", short = 's')]
    pub sections: Vec<String>,
    /// Include the sections that best answer this query.
    #[arg(long, short = 'q')]
    pub query: Option<String>,
    /// Title printed at the top and named in the footer from page 2 on (default: the topics'
    /// display titles, a single section's heading, or else the document's title).
    #[arg(long)]
    pub title: Option<String>,
    /// Output file (default: output/handouts/ named by the topics, sections or query, the
    /// title, the clinic file and the print flags: detox.pdf, detox-large-print-a4.pdf,
    /// detox-example.pdf, kratom-addiction-relapse.pdf, search-dope-sick.pdf).
    ///
    /// `-` or /dev/stdout writes the PDF to standard output.
    #[arg(long, short = 'o')]
    pub output: Option<PathBuf>,
    /// Page and type settings.
    #[command(flatten)]
    pub print: PrintArgs,
}

/// Arguments of `build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// Output folder; handouts go to OUT/handouts/.
    #[arg(long, default_value = "output")]
    pub out: PathBuf,
    /// Parallel jobs (default, or 0: one per core; at most one per document and eight per core).
    #[arg(long, short = 'j')]
    pub jobs: Option<usize>,
    /// Folder of course pack specs to build too.
    #[arg(long, default_value = "packs")]
    pub packs: PathBuf,
    /// Page and type settings.
    #[command(flatten)]
    pub print: PrintArgs,
}

/// Arguments of `pack`.
#[derive(Debug, Args)]
pub struct PackArgs {
    /// Pack spec files (TOML: title, audience, clinic, profile, paper, `[[module]]` tables).
    #[arg(required = true)]
    pub specs: Vec<PathBuf>,
    /// Output folder; packs go to OUT/packs/NAME.pdf.
    #[arg(long, default_value = "output")]
    pub out: PathBuf,
    /// Parallel jobs (default, or 0: one per core; at most one per document and eight per core).
    #[arg(long, short = 'j')]
    pub jobs: Option<usize>,
}

/// A topic as typed ("Detox", "Treatment options"): the topic it names (`detox`,
/// `treatment-options`); topics are lowercase words joined by `-`.
fn topic(typed: &str) -> Result<String, std::convert::Infallible> {
    Ok(outreach::corpus::slugify(typed))
}

/// `--addr`: an IP address and port, or `localhost:PORT` (this computer only); a mistake says
/// what is taken.
fn socket_addr(text: &str) -> Result<std::net::SocketAddr, String> {
    if let Ok(addr) = text.parse() {
        return Ok(addr);
    }
    if let Some(port) = text.strip_prefix("localhost:") {
        return port
            .parse::<u16>()
            .map(|port| std::net::SocketAddr::from(([127, 0, 0, 1], port)))
            .map_err(|_| format!("`{port}` is not a port (0 to 65535)"));
    }
    Err(format!(
        "`{text}` is not an address and port: give an IP address and a port, such as 127.0.0.1:8080 \
         (this computer) or 0.0.0.0:8080 (every interface; --lan prints the addresses phones can use)"
    ))
}

#[cfg(test)]
mod tests {
    #[test]
    fn cli_is_well_formed() {
        use clap::CommandFactory;
        super::Cli::command().debug_assert();
    }
}
