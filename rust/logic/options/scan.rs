// SPDX-License-Identifier: GPL-2.0
//! Text helpers with the exact rules of C: C string and `sscanf()`
//! scanners, the kernel's text to address converters (`in4_pton()`,
//! `mac_pton()`), and the interface name checks and command parsing of the
//! options the kernel side handles itself (slaves, bonding_masters,
//! queue_id, active_slave).

use super::IFNAMSIZ;

/// The part of `b` before the first NUL (C string view).
pub(crate) fn cstr(b: &[u8]) -> &[u8] {
    match b.iter().position(|&c| c == 0) {
        Some(n) => b.get(..n).unwrap_or(b),
        None => b,
    }
}

/// The part of `b` before the first newline.
pub(crate) fn strip_nl(b: &[u8]) -> &[u8] {
    match b.iter().position(|&c| c == b'\n') {
        Some(n) => b.get(..n).unwrap_or(b),
        None => b,
    }
}

/// The kernel's `isspace()` (`\t\n\v\f\r`, space and Latin-1 NBSP 0xa0).
pub(crate) fn is_space(c: u8) -> bool {
    matches!(c, 9..=13 | b' ' | 0xa0)
}

fn skip_spaces(b: &[u8]) -> &[u8] {
    let n = b.iter().take_while(|&&c| is_space(c)).count();
    b.get(n..).unwrap_or(&[])
}

/// `sscanf(buf, "%<width>s", dst)` on the C string `buf`: `None` when no
/// conversion happens (empty input), else the (possibly empty) word.
pub(crate) fn scan_word(buf: &[u8], width: usize) -> Option<&[u8]> {
    let buf = cstr(buf);
    if buf.is_empty() {
        return None;
    }
    let s = skip_spaces(buf);
    let n = s.iter().take(width).take_while(|&&c| !is_space(c)).count();
    Some(s.get(..n).unwrap_or(&[]))
}

/// Decimal digits as `simple_strntoull()` accumulates them (wrapping on
/// overflow); returns the value and the number of digits consumed.
fn strtoull10(s: &[u8]) -> (u64, usize) {
    let mut res: u64 = 0;
    let mut n = 0usize;
    for &c in s {
        if !c.is_ascii_digit() {
            break;
        }
        res = res.wrapping_mul(10).wrapping_add(u64::from(c - b'0'));
        n = n.wrapping_add(1);
    }
    (res, n)
}

/// `sscanf(buf, "%llu", &v)` on the C string `buf`.
pub(crate) fn scan_ull(buf: &[u8]) -> Option<u64> {
    let buf = cstr(buf);
    if buf.is_empty() {
        return None;
    }
    let s = skip_spaces(buf);
    match s.first() {
        Some(c) if c.is_ascii_digit() => Some(strtoull10(s).0),
        _ => None,
    }
}

/// `sscanf(buf, "%hd", &u16_var)`: the bits stored into the u16.
pub(crate) fn scan_hd(buf: &[u8]) -> Option<u16> {
    let buf = cstr(buf);
    if buf.is_empty() {
        return None;
    }
    let s = skip_spaces(buf);
    let (neg, digits) = match s.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, s),
    };
    match digits.first() {
        Some(c) if c.is_ascii_digit() => {}
        _ => return None,
    }
    let v = strtoull10(digits).0;
    let v = if neg { v.wrapping_neg() } else { v };
    Some(v as u16)
}

/// `in4_pton(src, -1, dst, -1, NULL)`: dotted quad at the start of the C
/// string `src`, ended by the string end or any character other than a
/// hex digit, ':' or '.' (so "1.2.3.4\n" and "1.2.3.4 x" parse).
pub(crate) fn in4_pton(src: &[u8]) -> Option<[u8; 4]> {
    let src = cstr(src);
    let mut out = [0u8; 4];
    let mut i = 0usize;
    let mut w: u32 = 0;
    let mut have_digit = false;
    let mut pos = 0usize;
    loop {
        let c = src.get(pos).copied().unwrap_or(0);
        let is_delim = c == 0 || !(c.is_ascii_hexdigit() || c == b':' || c == b'.');
        if c == b'.' || c == b':' || is_delim {
            if !have_digit {
                return None;
            }
            *out.get_mut(i)? = (w & 0xff) as u8;
            w = 0;
            have_digit = false;
            i = i.wrapping_add(1);
            if c != b'.' {
                return if i == 4 { Some(out) } else { None };
            }
        } else if c.is_ascii_digit() {
            w = w.wrapping_mul(10).wrapping_add(u32::from(c - b'0'));
            have_digit = true;
            if w > 255 {
                return None;
            }
        } else {
            // hex letters are not decimal digits
            return None;
        }
        if i >= 4 {
            return None;
        }
        pos = pos.wrapping_add(1);
    }
}

/// `mac_pton()`: "xx:xx:xx:xx:xx:xx" at the start of C string `s`
/// (anything after the 17th character is ignored).
pub(crate) fn mac_pton(s: &[u8]) -> Option<[u8; 6]> {
    let s = cstr(s);
    if s.len() < 17 {
        return None;
    }
    let mut mac = [0u8; 6];
    for (i, m) in mac.iter_mut().enumerate() {
        let hi = hex_val(*s.get(i * 3)?)?;
        let lo = hex_val(*s.get(i * 3 + 1)?)?;
        if i != 5 && *s.get(i * 3 + 2)? != b':' {
            return None;
        }
        *m = (hi << 4) | lo;
    }
    Some(mac)
}

fn hex_val(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

// ---------------------------------------------------------------------------
// Helpers for the options handled by the kernel side

/// `dev_valid_name()` on the C string `name`.
pub(crate) fn dev_valid_name(name: &[u8]) -> bool {
    let name = cstr(name);
    if name.is_empty() || name.len() >= IFNAMSIZ {
        return false;
    }
    if name == b"." || name == b".." {
        return false;
    }
    !name.iter().any(|&c| c == b'/' || c == b':' || is_space(c))
}

/// Parses "+ifname" / "-ifname" like the slaves and bonding_masters
/// stores: first word (at most 16 chars), longer than one char, starting
/// with '+' or '-', rest a valid device name. The name may be a truncated
/// version of what was written.
pub(crate) fn parse_ifname_command(buf: &[u8]) -> Result<(u8, &[u8]), ()> {
    let word = scan_word(buf, IFNAMSIZ).unwrap_or(&[]);
    let Some((&cmd, name)) = word.split_first() else {
        return Err(());
    };
    if name.is_empty() || (cmd != b'+' && cmd != b'-') || !dev_valid_name(name) {
        return Err(());
    }
    Ok((cmd, name))
}

/// Textual part of the queue_id store, "ifname:qid": the name before the
/// first ':' and the `%hd` read after it, name checked with
/// [`dev_valid_name`]. The caller still checks qid against
/// real_num_tx_queues, the device lookup and duplicates (all failures:
/// debug "invalid input for queue_id set" and `EPERM`).
pub(crate) fn parse_queue_id(buf: &[u8]) -> Result<(&[u8], u16), ()> {
    let s = cstr(buf);
    let colon = s.iter().position(|&c| c == b':').ok_or(())?;
    let name = s.get(..colon).ok_or(())?;
    let rest = s.get(colon.wrapping_add(1)..).ok_or(())?;
    let qid = scan_hd(rest).ok_or(())?;
    if !dev_valid_name(name) {
        return Err(());
    }
    Ok((name, qid))
}

/// Interface name written to active_slave (`%15s`); empty means "clear
/// the active slave" (also when the input starts with a newline).
pub(crate) fn first_word_ifname(buf: &[u8]) -> &[u8] {
    let s = cstr(buf);
    if s.first() == Some(&b'\n') {
        return &[];
    }
    scan_word(s, IFNAMSIZ - 1).unwrap_or(&[])
}
