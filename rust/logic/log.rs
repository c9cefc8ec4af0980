// SPDX-License-Identifier: GPL-2.0
//! Logging interface of the logic layer and printf-like formatting helpers.
//!
//! The logic layer never prints by itself: it hands each message (without
//! trailing newline and without any "bonding: " / "bondX: " prefix) to a
//! [`Log`] implementation supplied by the caller.
//!
//! Interface names and user strings are byte strings that need not be UTF-8.
//! [`Bytes`] writes such strings through `core::fmt`; bytes that are not
//! valid UTF-8 are carried as the private-use characters
//! `U+10FF80..=U+10FFFF` (`U+10FF00 + byte`), and [`decode_raw`] (used by
//! `show::BufWriter`) turns them back into the original bytes, so byte
//! exact output survives the trip through `fmt::Write`.

use core::fmt::{self, Write as _};

/// Severity of a message, mirroring the printk level the C driver uses.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Level {
    /// `pr_err` / `netdev_err`.
    Err,
    /// `pr_warn` / `netdev_warn`.
    Warn,
    /// `pr_notice` / `netdev_notice`.
    Notice,
    /// `pr_info` / `netdev_info`.
    Info,
    /// `pr_debug` / `netdev_dbg`.
    Debug,
}

/// Sink for messages produced by the logic layer.
pub(crate) trait Log {
    /// Emits one complete message at `level`.
    fn log(&mut self, level: Level, args: fmt::Arguments<'_>);
}

/// First character of the escape range used for non-UTF-8 bytes.
const ESC_BASE: u32 = 0x10_FF00;
/// Lowest escaped code point (`ESC_BASE + 0x80`).
const ESC_LO: u32 = ESC_BASE + 0x80;

/// Returns the escape character standing for raw byte `b` (always >= 0x80).
fn esc_char(b: u8) -> char {
    char::from_u32(ESC_BASE + u32::from(b)).unwrap_or(char::REPLACEMENT_CHARACTER)
}

/// If `c` is an escaped raw byte, returns that byte.
pub(crate) fn unescape_char(c: char) -> Option<u8> {
    let v = c as u32;
    if (ESC_LO..=ESC_BASE + 0xff).contains(&v) {
        Some((v - ESC_BASE) as u8)
    } else {
        None
    }
}

/// Feeds the raw bytes that the string `s` (produced by formatting with
/// [`Bytes`]) stands for to `out`.
pub(crate) fn decode_raw(s: &str, out: &mut dyn FnMut(&[u8])) {
    let mut start = 0;
    for (i, c) in s.char_indices() {
        if let Some(b) = unescape_char(c) {
            if let Some(chunk) = s.as_bytes().get(start..i) {
                if !chunk.is_empty() {
                    out(chunk);
                }
            }
            out(&[b]);
            start = i.wrapping_add(c.len_utf8());
        }
    }
    if let Some(chunk) = s.as_bytes().get(start..) {
        if !chunk.is_empty() {
            out(chunk);
        }
    }
}

/// Writes valid UTF-8 `s`, escaping characters that collide with the
/// escape range byte by byte.
fn write_utf8(f: &mut fmt::Formatter<'_>, s: &str) -> fmt::Result {
    let mut start = 0;
    for (i, c) in s.char_indices() {
        if unescape_char(c).is_some() {
            f.write_str(s.get(start..i).unwrap_or(""))?;
            let mut tmp = [0u8; 4];
            for b in c.encode_utf8(&mut tmp).bytes() {
                f.write_char(esc_char(b))?;
            }
            start = i.wrapping_add(c.len_utf8());
        }
    }
    f.write_str(s.get(start..).unwrap_or(""))
}

/// Displays a byte string like C's `%s` does (bytes verbatim).
#[derive(Clone, Copy)]
pub(crate) struct Bytes<'a>(pub(crate) &'a [u8]);

impl fmt::Display for Bytes<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut rest = self.0;
        while !rest.is_empty() {
            match core::str::from_utf8(rest) {
                Ok(s) => return write_utf8(f, s),
                Err(e) => {
                    let good = e.valid_up_to();
                    let (valid, after) = rest.split_at(good.min(rest.len()));
                    write_utf8(f, core::str::from_utf8(valid).unwrap_or(""))?;
                    let bad = e.error_len().unwrap_or(after.len()).max(1);
                    for &b in after.iter().take(bad) {
                        f.write_char(esc_char(b))?;
                    }
                    rest = after.get(bad..).unwrap_or(&[]);
                }
            }
        }
        Ok(())
    }
}

impl fmt::Debug for Bytes<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "\"{}\"", self)
    }
}

/// `%pI4`: dotted quad of an address in network byte order.
#[derive(Clone, Copy)]
pub(crate) struct Ip4<'a>(pub(crate) &'a [u8; 4]);

impl fmt::Display for Ip4<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let a = self.0;
        write!(f, "{}.{}.{}.{}", a[0], a[1], a[2], a[3])
    }
}

/// `%pM`: lowercase colon separated MAC address.
#[derive(Clone, Copy)]
pub(crate) struct Mac<'a>(pub(crate) &'a [u8; 6]);

impl fmt::Display for Mac<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let m = self.0;
        write!(
            f,
            "{:02x}:{:02x}:{:02x}:{:02x}:{:02x}:{:02x}",
            m[0], m[1], m[2], m[3], m[4], m[5]
        )
    }
}

/// `%pI6c`: compressed IPv6 text form as produced by the kernel's
/// `ip6_compressed_string()`. IPv4-mapped (`::ffff:a.b.c.d`) and ISATAP
/// (`...:0:5efe:a.b.c.d`, also `200:5efe`) addresses end in dotted quad;
/// IPv4-compatible addresses get no special treatment.
#[derive(Clone, Copy)]
pub(crate) struct Ip6c<'a>(pub(crate) &'a [u8; 16]);

impl fmt::Display for Ip6c<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let a = self.0;
        let mut words = [0u16; 8];
        for (i, w) in words.iter_mut().enumerate() {
            let hi = a.get(2 * i).copied().unwrap_or(0);
            let lo = a.get(2 * i + 1).copied().unwrap_or(0);
            *w = u16::from_be_bytes([hi, lo]);
        }
        let v4mapped = a[..10].iter().all(|&b| b == 0) && a[10] == 0xff && a[11] == 0xff;
        let isatap = (a[8] | 0x02) == 0x02 && a[9] == 0 && a[10] == 0x5e && a[11] == 0xfe;
        let use_v4 = v4mapped || isatap;
        let range = if use_v4 { 6 } else { 8 };

        // Longest run of zero words (first one wins); runs of 1 stay.
        let mut longest = 1usize;
        let mut colonpos: Option<usize> = None;
        for i in 0..range {
            let len = words[i..range].iter().take_while(|&&w| w == 0).count();
            if len > longest {
                longest = len;
                colonpos = Some(i);
            }
        }

        let mut need_colon = false;
        let mut i = 0;
        while i < range {
            if colonpos == Some(i) {
                if need_colon || i == 0 {
                    f.write_str(":")?;
                }
                f.write_str(":")?;
                need_colon = false;
                i = i.wrapping_add(longest);
                continue;
            }
            if need_colon {
                f.write_str(":")?;
            }
            write!(f, "{:x}", words[i])?;
            need_colon = true;
            i = i.wrapping_add(1);
        }
        if use_v4 {
            if need_colon {
                f.write_str(":")?;
            }
            write!(f, "{}.{}.{}.{}", a[12], a[13], a[14], a[15])?;
        }
        Ok(())
    }
}

/// Test helper recording every message.
#[cfg(test)]
pub(crate) struct RecLog {
    pub(crate) msgs: std::vec::Vec<(Level, std::string::String)>,
}

#[cfg(test)]
impl RecLog {
    pub(crate) fn new() -> Self {
        RecLog {
            msgs: std::vec::Vec::new(),
        }
    }

    /// Messages as `(level, text)` pairs with `&str` text, for comparisons.
    pub(crate) fn list(&self) -> std::vec::Vec<(Level, &str)> {
        self.msgs.iter().map(|(l, s)| (*l, s.as_str())).collect()
    }

    /// Messages of `level` or more severe than `Debug` skipped when `!dbg`.
    pub(crate) fn non_debug(&self) -> std::vec::Vec<(Level, &str)> {
        self.list()
            .into_iter()
            .filter(|(l, _)| *l != Level::Debug)
            .collect()
    }
}

#[cfg(test)]
impl Log for RecLog {
    fn log(&mut self, level: Level, args: fmt::Arguments<'_>) {
        self.msgs.push((level, std::fmt::format(args)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::format;
    use std::string::String;
    use std::vec::Vec;

    fn ip6(s: &str) -> [u8; 16] {
        let a: std::net::Ipv6Addr = s.parse().unwrap();
        a.octets()
    }

    #[test]
    fn ip6c_cases() {
        let cases = [
            ("::", "::"),
            ("::1", "::1"),
            ("2001:db8::1", "2001:db8::1"),
            ("2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"),
            ("::ffff:192.0.2.1", "::ffff:192.0.2.1"),
            ("fe80::1", "fe80::1"),
            ("2001:db8::", "2001:db8::"),
            ("2001:db8:1:2:3:4:5:6", "2001:db8:1:2:3:4:5:6"),
            ("2001:db8:0:1:2:3:4:5", "2001:db8:0:1:2:3:4:5"),
            ("2001:0:0:1:0:0:0:1", "2001:0:0:1::1"),
            ("1:0:0:2:0:0:3:4", "1::2:0:0:3:4"),
            ("ff02::1:ff00:1", "ff02::1:ff00:1"),
            ("0:0:0:0:0:ffff:0:0", "::ffff:0.0.0.0"),
            // IPv4-compatible: no special form in the kernel
            ("::192.0.2.1", "::c000:201"),
            // ISATAP
            ("fe80::5efe:192.0.2.1", "fe80::5efe:192.0.2.1"),
            ("fe80::200:5efe:c000:201", "fe80::200:5efe:192.0.2.1"),
            ("::5efe:1.2.3.4", "::5efe:1.2.3.4"),
            ("1:2:3:4:5:6:7:0", "1:2:3:4:5:6:7:0"),
            ("0:1:2:3:4:5:6:7", "0:1:2:3:4:5:6:7"),
            (
                "abcd:ef01:2345:6789:abcd:ef01:2345:6789",
                "abcd:ef01:2345:6789:abcd:ef01:2345:6789",
            ),
            ("a:b::", "a:b::"),
            ("0:0:1::", "0:0:1::"),
        ];
        for (inp, want) in cases {
            assert_eq!(format!("{}", Ip6c(&ip6(inp))), want, "input {inp}");
        }
    }

    #[test]
    fn ip4_mac() {
        assert_eq!(format!("{}", Ip4(&[192, 0, 2, 1])), "192.0.2.1");
        assert_eq!(format!("{}", Ip4(&[0, 0, 0, 0])), "0.0.0.0");
        assert_eq!(
            format!("{}", Mac(&[0, 0x1b, 0xAB, 0xff, 2, 0x10])),
            "00:1b:ab:ff:02:10"
        );
    }

    fn roundtrip(b: &[u8]) -> Vec<u8> {
        let s = format!("{}", Bytes(b));
        let mut v = Vec::new();
        decode_raw(&s, &mut |c| v.extend_from_slice(c));
        v
    }

    #[test]
    fn bytes_roundtrip() {
        let cases: [&[u8]; 7] = [
            b"eth0",
            b"",
            b"\xff\xfe",
            b"a\xc3",
            "t\u{e9}st".as_bytes(),
            "x\u{10ff80}y\u{10ffff}".as_bytes(),
            b"\xf4\x8f\xbe\x80",
        ];
        for c in cases {
            assert_eq!(roundtrip(c), c);
        }
        assert_eq!(format!("{}", Bytes(b"eth0")), "eth0");
        assert_eq!(format!("{:?}", Bytes(b"eth0")), "\"eth0\"");
        assert_eq!(unescape_char('a'), None);
        assert_eq!(unescape_char('\u{10ff80}'), Some(0x80));
    }

    #[test]
    fn reclog_records() {
        let mut l = RecLog::new();
        l.log(Level::Warn, format_args!("a {}", 1));
        l.log(Level::Debug, format_args!("b"));
        assert_eq!(l.list(), [(Level::Warn, "a 1"), (Level::Debug, "b")]);
        assert_eq!(l.non_debug(), [(Level::Warn, "a 1")]);
        let levels = [
            Level::Err,
            Level::Warn,
            Level::Notice,
            Level::Info,
            Level::Debug,
        ];
        let s: String = levels.iter().map(|l| format!("{l:?}")).collect();
        assert_eq!(s, "ErrWarnNoticeInfoDebug");
    }
}
