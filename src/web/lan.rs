//! `--lan`: the addresses a phone on the same network (the laptop's hotspot) can open, each
//! printed with a QR code for the phone's camera.

use anyhow::{Context, Result};
use qrcode::QrCode;
use qrcode::render::unicode::Dense1x2;
use std::io::Write;
use std::net::IpAddr;

/// `(interface, http://IP:PORT/)` for every IPv4 interface but loopback, in interface order.
pub fn urls(port: u16) -> Result<Vec<(String, String)>> {
    let interfaces = if_addrs::get_if_addrs().context("cannot list the network interfaces")?;
    Ok(interfaces
        .iter()
        .filter(|i| !i.is_loopback() && matches!(i.ip(), IpAddr::V4(_)))
        .map(|i| (i.name.clone(), format!("http://{}:{port}/", i.ip())))
        .collect())
}

/// A QR code of `text` as lines of half-block characters (two modules per character cell).
///
/// With `color`, the code is drawn black on white with ANSI codes whatever the terminal's
/// colours, since a camera cannot read an inverted code from a dark terminal.
pub fn qr(text: &str, color: bool) -> Result<String> {
    let code = QrCode::new(text.as_bytes()).context("cannot make a QR code of the address")?;
    let art = code.render::<Dense1x2>().quiet_zone(true).build();
    if !color {
        return Ok(art);
    }
    Ok(art.lines().map(|l| format!("\x1b[30;107m{l}\x1b[0m\n")).collect())
}

/// Prints every LAN address with its QR code, or says there is none.
pub fn announce(out: &mut impl Write, port: u16, color: bool) -> Result<()> {
    let urls = urls(port)?;
    if urls.is_empty() {
        writeln!(out, "no network interface besides loopback: turn on the hotspot or Wi-Fi, then restart")?;
    }
    for (name, url) in urls {
        writeln!(out, "\non a phone on the same network ({name}), open {url}\nor scan:\n")?;
        write!(out, "{}", qr(&url, color)?)?;
    }
    writeln!(out, "\nanyone on this network can use the page; stop with Ctrl-C")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn qr_code_is_square_block_art() {
        let art = super::qr("http://192.168.1.2:8080/", false).unwrap();
        let lines: Vec<&str> = art.lines().collect();
        let width = lines[0].chars().count();
        assert!(width >= 25, "a version 2+ code with quiet zone: {width}");
        assert_eq!(lines.len(), width.div_ceil(2), "two modules per line");
        assert!(art.contains('█') || art.contains('▀'));
    }
}
