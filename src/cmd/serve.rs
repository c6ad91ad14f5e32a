//! `outreach serve`: open the index and corpus once, then hand them to the web server.

use anyhow::Result;
use std::process::ExitCode;

use crate::cli::{Cli, ServeArgs};
use outreach::web::{self, ServeOptions};

/// Where `serve` listens without `--addr`: this computer only.
const DEFAULT_ADDR: std::net::SocketAddr =
    std::net::SocketAddr::new(std::net::IpAddr::V4(std::net::Ipv4Addr::LOCALHOST), 8080);

pub fn run(cli: &Cli, args: &ServeArgs) -> Result<ExitCode> {
    // `--lan` listens on every interface: an address given with it keeps only its port, and
    // one that named a single interface is told so rather than widened in silence.
    if let Some(addr) = args.addr.filter(|a| args.lan && !a.ip().is_unspecified()) {
        eprintln!(
            "note: --lan listens on every interface, on port {} (not only on {} as --addr gave)",
            addr.port(),
            addr.ip()
        );
    }
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
            addr: args.addr.unwrap_or(DEFAULT_ADDR),
            lan: args.lan,
            color: super::use_color(&std::io::stdout()),
            clock: super::creation_time,
            packs,
            limits,
        },
    )?;
    Ok(ExitCode::SUCCESS)
}
