//! `outreach serve`: open the index and corpus once, then hand them to the web server.

use anyhow::Result;
use std::process::ExitCode;

use crate::cli::{Cli, ServeArgs};
use outreach::web::{self, ServeOptions};

pub fn run(cli: &Cli, args: &ServeArgs) -> Result<ExitCode> {
    let (corpus, engine, _) = super::open_corpus(cli)?;
    web::serve(
        engine,
        corpus,
        &ServeOptions {
            addr: args.addr,
            lan: args.lan,
            color: super::use_color(),
            clock: super::creation_time,
            packs: args.packs.clone(),
        },
    )?;
    Ok(ExitCode::SUCCESS)
}
