//! Subcommands: glue between the CLI and the library, one file each.

mod build;
mod check;
mod eval;
mod export;
mod handout;
mod jobs;
mod pack;
mod search;
mod serve;
mod show;
mod topics;

use anyhow::Result;
use std::io::IsTerminal;
use std::process::ExitCode;

use crate::cli::{Cli, Command};
use outreach::corpus::Corpus;
use outreach::search::Engine;
use outreach::search::index::{self, Freshness, SearchIndex};
use outreach::search::repair;

/// Runs the parsed command line.
pub fn run(cli: Cli) -> Result<ExitCode> {
    match &cli.command {
        Command::Search(args) => search::run(&cli, args),
        Command::Show(args) => show::run(&cli, args),
        Command::Topics(args) => topics::run(&cli, args),
        Command::Handout(args) => handout::run(&cli, args),
        Command::Build(args) => build::run(&cli, args),
        Command::Check(args) => check::run(&cli, args),
        Command::Pack(args) => pack::run(&cli, args),
        Command::Eval(args) => eval::run(&cli, args),
        Command::Serve(args) => serve::run(&cli, args),
        Command::Export(args) => export::run(&cli, args),
        Command::Index => {
            let (idx, _) = open_index(&cli, true, None)?;
            say(format_args!(
                "indexed {} sections into {}",
                idx.reader.searcher().num_docs(),
                idx.dir.display()
            ))?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Opens the index, rebuilding it when the corpus changed (from `loaded` when the caller
/// has the corpus already), and says so on stderr.
fn open_index(cli: &Cli, force: bool, loaded: Option<&Corpus>) -> Result<(SearchIndex, Freshness)> {
    let (idx, fresh) = index::open_with(&cli.corpus, &cli.index, force, loaded)?;
    if fresh == Freshness::Rebuilt {
        tracing::info!("corpus (or index format) changed: index rebuilt in {}", idx.dir.display());
    }
    Ok((idx, fresh))
}

/// Runs `work` on the search engine over a fresh index (of `loaded` when the caller has the
/// corpus already): for commands that only read the index. A damaged index is rebuilt and
/// `work` runs once more.
pub fn with_engine<T>(cli: &Cli, loaded: Option<&Corpus>, work: impl Fn(&Engine) -> Result<T>) -> Result<T> {
    let (value, fresh) = repair::with_engine(&cli.corpus, &cli.index, loaded, work)?;
    if fresh == Freshness::Rebuilt {
        tracing::info!("index rebuilt in {}", cli.index.display());
    }
    Ok(value)
}

/// The corpus, parsed once, and the search engine over a fresh index of it, its files checked:
/// for commands that print from the corpus.
pub fn open_corpus(cli: &Cli) -> Result<(Corpus, Engine, Freshness)> {
    let corpus = Corpus::load(&cli.corpus)?;
    let (idx, fresh) = repair::open_checked(&cli.corpus, &cli.index, Some(&corpus))?;
    if fresh == Freshness::Rebuilt {
        tracing::info!("corpus (or index format) changed: index rebuilt in {}", idx.dir.display());
    }
    Ok((corpus, Engine::new(idx), fresh))
}

/// [`open_corpus`], or when a corpus file has a mistake, the corpus and index of the last
/// build, with a warning naming the mistake: for `serve`, which must not leave the phones
/// that search it with nothing while an editor fixes a document. A missing corpus folder (a
/// wrong `--corpus`) is an error still.
pub fn open_corpus_or_last_build(cli: &Cli) -> Result<(Corpus, Engine)> {
    let e = match open_corpus(cli) {
        Ok((corpus, engine, _)) => return Ok((corpus, engine)),
        Err(e) if !cli.corpus.is_dir() => return Err(e),
        Err(e) => e,
    };
    match index::last_build(&cli.index) {
        Ok(Some((corpus, idx))) => {
            tracing::warn!("{e:#}\nserving the corpus as of the index's last build until that is fixed");
            Ok((corpus, Engine::new(idx)))
        }
        Ok(None) => Err(e),
        Err(kept) => {
            tracing::warn!("the corpus kept with the index's last build cannot be served either: {kept:#}");
            Err(e)
        }
    }
}

/// The folder of pack specs `--packs` names. A missing `packs` (the default) holds no specs; a
/// missing folder named on purpose is an error, not an empty catalogue.
pub fn packs_folder(dir: &std::path::Path) -> Result<&std::path::Path> {
    if dir.is_file() {
        anyhow::bail!(
            "--packs `{}` is a file, not a folder of pack specs; `outreach pack {}` builds that one pack",
            dir.display(),
            dir.display()
        );
    }
    if dir != std::path::Path::new("packs") && !dir.is_dir() {
        anyhow::bail!("--packs `{}`: no such folder", dir.display());
    }
    Ok(dir)
}

/// Writes one line to standard output. A reader that went away (`| head`) or a full disk is an
/// error that says where the line was going, never a panic as `println!` makes it.
pub fn say(line: impl std::fmt::Display) -> Result<()> {
    use anyhow::Context;
    use std::io::Write;
    writeln!(std::io::stdout().lock(), "{line}").context("cannot write to standard output")
}

/// Whether an error is a closed stdout (`outreach search x | head`), which is not a failure.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    use std::io::ErrorKind::BrokenPipe;
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == BrokenPipe)
            // JSON output fails inside serde_json, which wraps the I/O error.
            || e.downcast_ref::<serde_json::Error>().is_some_and(|j| j.io_error_kind() == Some(BrokenPipe))
    })
}

/// Whether to colour what goes to `stream` (stdout for results, stderr for logs): it is a
/// terminal and NO_COLOR is unset or empty.
pub fn use_color(stream: &impl IsTerminal) -> bool {
    stream.is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Creation time for PDFs: `SOURCE_DATE_EPOCH` when set (reproducible builds), else now.
pub fn creation_time() -> i64 {
    std::env::var("SOURCE_DATE_EPOCH").ok().and_then(|v| v.trim().parse().ok()).unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0)
    })
}

/// Creation time for what is made from the files in `sources` (folders, searched two levels
/// down, or files): `SOURCE_DATE_EPOCH` when set, else the newest modification time among
/// them (the reproducible-builds meaning of the variable), else now. An export of unchanged
/// sources is then the same bytes, and the phones that keep it download nothing again.
pub fn sources_time(sources: &[&std::path::Path]) -> i64 {
    fn newest(path: &std::path::Path, depth: usize) -> Option<std::time::SystemTime> {
        let meta = std::fs::metadata(path).ok()?;
        if !meta.is_dir() {
            return meta.modified().ok();
        }
        if depth == 0 {
            return None;
        }
        let entries = std::fs::read_dir(path).ok()?;
        entries.flatten().filter_map(|e| newest(&e.path(), depth - 1)).max()
    }
    if std::env::var_os("SOURCE_DATE_EPOCH").is_some() {
        return creation_time();
    }
    let newest = sources.iter().filter_map(|p| newest(p, 3)).max();
    newest
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or_else(creation_time, |d| d.as_secs() as i64)
}

pub use outreach::output::human_size;
