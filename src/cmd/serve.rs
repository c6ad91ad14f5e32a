//! `outreach serve`: open the index and corpus once, then hand them to the web server.

use anyhow::Result;
use std::process::ExitCode;

use crate::cli::{Cli, ServeArgs};
use outreach::web::{self, ServeOptions};

pub fn run(cli: &Cli, args: &ServeArgs) -> Result<ExitCode> {
    let packs = super::packs_folder(&args.packs)?.to_path_buf();
    let (corpus, engine) = super::open_corpus_or_last_build(cli)?;
    let limits = web::server::Limits {
        idle_timeout: std::time::Duration::from_secs(args.idle_timeout),
        max_connections: args
            .max_connections
            .map_or_else(web::server::Limits::default_max_connections, |n| n as usize),
    };
    web::serve(
        engine,
        corpus,
        &ServeOptions {
            addr: args.addr,
            lan: args.lan,
            color: super::use_color(&std::io::stdout()),
            clock: super::creation_time,
            packs,
            limits,
        },
    )?;
    Ok(ExitCode::SUCCESS)
}
