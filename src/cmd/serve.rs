//! `outreach serve`: open the index and corpus once, then hand them to the web server.

use anyhow::Result;
use std::process::ExitCode;

use crate::cli::{Cli, ServeArgs};
use crate::corpus::Corpus;
use crate::web::{self, ServeOptions};

pub fn run(cli: &Cli, args: &ServeArgs) -> Result<ExitCode> {
    let (idx, _) = super::open_index(&cli.corpus, &cli.index, false)?;
    let corpus = Corpus::load(&cli.corpus)?;
    let limits = web::server::Limits {
        idle_timeout: std::time::Duration::from_secs(args.idle_timeout),
        max_connections: args
            .max_connections
            .map_or_else(web::server::Limits::default_max_connections, |n| n as usize),
    };
    web::serve(idx, corpus, &ServeOptions { addr: args.addr, lan: args.lan, limits })?;
    Ok(ExitCode::SUCCESS)
}
