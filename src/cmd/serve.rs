//! `outreach serve`: open the index and corpus once, then hand them to the web server.

use anyhow::Result;
use std::process::ExitCode;

use crate::cli::{Cli, ServeArgs};
use crate::corpus::Corpus;
use crate::web::{self, ServeOptions};

pub fn run(cli: &Cli, args: &ServeArgs) -> Result<ExitCode> {
    let (idx, _) = super::open_index(&cli.corpus, &cli.index, false)?;
    let corpus = Corpus::load(&cli.corpus)?;
    web::serve(idx, corpus, &ServeOptions { addr: args.addr, lan: args.lan, packs: args.packs.clone() })?;
    Ok(ExitCode::SUCCESS)
}
