//! `outreach eval`: search quality on a judged query set.

use anyhow::Result;
use std::io::Write;
use std::process::ExitCode;

use crate::cli::{Cli, EvalArgs};
use outreach::search::eval;

pub fn run(cli: &Cli, args: &EvalArgs) -> Result<ExitCode> {
    let mut judged = eval::load(&args.file)?;
    if args.as_typed {
        judged = eval::as_typed(&judged);
    }
    let report = super::with_engine(cli, None, |engine| {
        eval::check_ids(&args.file, &judged, &engine.index.ids()?)?;
        eval::run(engine, &judged)
    })?;
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &report)?;
        writeln!(out)?;
    } else {
        write!(out, "{}", report.table())?;
        if args.misses {
            for o in report.misses() {
                let rank = o.rank.map_or("not in the top 10".to_string(), |r| format!("rank {r}"));
                let top = o.top.as_deref().unwrap_or("no hit");
                writeln!(out, "miss: {:?} ({}) {rank}, top {top}", o.q, o.kind)?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
