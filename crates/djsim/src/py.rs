//! Small pieces of Python's behaviour that several Django outputs show:
//! `repr()` of a `str`, as `print(request.COOKIES)` prints it.

/// Python 3's `repr(s)` of a `str`.
///
/// Quotes: `'…'` unless the text contains `'` and no `"`, then `"…"`.
/// Printable characters (including non-ASCII letters) are kept; the others are
/// escaped as `\t \n \r`, `\xNN`, `\uNNNN` or `\UNNNNNNNN`.
pub fn repr_str(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') { '"' } else { '\'' };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if is_printable(c) => out.push(c),
            c if (c as u32) < 0x100 => out.push_str(&format!("\\x{:02x}", c as u32)),
            c if (c as u32) < 0x10000 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push_str(&format!("\\U{:08x}", c as u32)),
        }
    }
    out.push(quote);
    out
}

/// An approximation of Python's `str.isprintable()` for one character: false for
/// the categories Cc, Cf, Zl, Zp, Zs (except the space) and private use, which
/// is what cookie values and session data meet in practice.
pub fn is_printable(c: char) -> bool {
    let u = c as u32;
    !matches!(u,
        0x00..=0x1f | 0x7f..=0xa0 | 0xad
        | 0x600..=0x605 | 0x61c | 0x6dd | 0x70f | 0x180e
        | 0x1680 | 0x2000..=0x200f | 0x2028..=0x202f | 0x205f..=0x2064 | 0x2066..=0x206f
        | 0x3000 | 0xd800..=0xf8ff | 0xfeff | 0xfff9..=0xfffb
        | 0x110bd | 0x1bca0..=0x1bca3 | 0x1d173..=0x1d17a | 0xe0001 | 0xe0020..=0xe007f
        | 0xf0000..=0x10ffff)
}

#[cfg(test)]
mod tests {
    use super::repr_str;

    #[test]
    fn quotes_like_python() {
        assert_eq!(repr_str("42"), "'42'");
        assert_eq!(repr_str("it's"), "\"it's\"");
        assert_eq!(repr_str("a'b\"c"), "'a\\'b\"c'");
        assert_eq!(repr_str("Zoë ✓"), "'Zoë ✓'");
        assert_eq!(repr_str("a\tb\u{7f}\u{a0}\u{2028}"), "'a\\tb\\x7f\\xa0\\u2028'");
        assert_eq!(repr_str("back\\slash"), "'back\\\\slash'");
    }
}
