//! `--lan`: the addresses a phone on the same network (the laptop's hotspot) can open, each
//! printed with a QR code for the phone's camera.

use anyhow::{Context, Result};
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
    let (modules, inner) =
        crate::print::handout::qr_modules(text).context("cannot make a QR code of the address")?;
    // The standard quiet zone: four light modules on every side.
    let width = inner + 8;
    let dark = |x: usize, y: usize| {
        (4..inner + 4).contains(&x) && (4..inner + 4).contains(&y) && modules[(y - 4) * inner + x - 4]
    };
    let mut art = String::new();
    for y in (0..width).step_by(2) {
        if color {
            art.push_str("\x1b[30;107m");
        }
        for x in 0..width {
            // Light is the paper (a space); a cell shows the module above and the one below.
            art.push(match (dark(x, y), y + 1 < width && dark(x, y + 1)) {
                (true, true) => '█',
                (true, false) => '▀',
                (false, true) => '▄',
                (false, false) => ' ',
            });
        }
        if color {
            art.push_str("\x1b[0m");
        }
        art.push('\n');
    }
    Ok(art)
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
        // Read back as a camera would: each character cell is two modules, block = dark.
        let scale = 4;
        let dark = |x: usize, y: usize| {
            let cell = lines[y / 2].chars().nth(x).unwrap_or(' ');
            matches!((cell, y % 2), ('█', _) | ('▀', 0) | ('▄', 1))
        };
        let size = width * scale;
        let mut picture = rqrr::PreparedImage::prepare_from_greyscale(size, size, |x, y| {
            if y / scale < lines.len() * 2 && dark(x / scale, y / scale) { 0 } else { 255 }
        });
        let grids = picture.detect_grids();
        assert_eq!(grids.len(), 1);
        assert_eq!(grids[0].decode().unwrap().1, "http://192.168.1.2:8080/");
    }
}
