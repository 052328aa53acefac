//! `django.http.cookie.parse_cookie` and how `print(request.COOKIES)` shows it
//! (oracle README §6). OWNER: http cookies.
//!
//! Django 5.2.19 and 3.2.25 have the same `parse_cookie`; it unquotes with Python's
//! `http.cookies._unquote` (CPython 3.11).

use crate::py::repr_str;

/// `parse_cookie(header)`: the dict, as ordered pairs (a later duplicate
/// overwrites the value, keeping the first position).
///
/// ```python
/// for chunk in cookie.split(";"):
///     if "=" in chunk:
///         key, val = chunk.split("=", 1)
///     else:
///         # Assume an empty name per
///         # https://bugzilla.mozilla.org/show_bug.cgi?id=169091
///         key, val = "", chunk
///     key, val = key.strip(), val.strip()
///     if key or val:
///         # unquote using Python's algorithm.
///         cookiedict[key] = cookies._unquote(val)
/// ```
pub fn parse_cookie(header: &str) -> Vec<(String, String)> {
    let mut dict: Vec<(String, String)> = Vec::new();
    // "Split on `;` only. A comma is not a separator."
    for chunk in header.split(';') {
        let (key, val) = match chunk.split_once('=') {
            Some((k, v)) => (k, v),
            None => ("", chunk),
        };
        let (key, val) = (py_strip(key), py_strip(val));
        if key.is_empty() && val.is_empty() {
            continue;
        }
        let val = unquote(val);
        // A dict assignment: an existing key keeps its position, takes the new value.
        match dict.iter_mut().find(|(k, _)| k == key) {
            Some(slot) => slot.1 = val,
            None => dict.push((key.to_string(), val)),
        }
    }
    dict
}

/// The raw header bytes are decoded as UTF-8 with `errors="replace"` first.
pub fn parse_cookie_bytes(header: &[u8]) -> Vec<(String, String)> {
    parse_cookie(&String::from_utf8_lossy(header))
}

/// Python's repr of the dict: `{'zap': '42', 'sakaicar': '42'}`.
pub fn cookies_repr(cookies: &[(String, String)]) -> String {
    let items: Vec<String> =
        cookies.iter().map(|(k, v)| format!("{}: {}", repr_str(k), repr_str(v))).collect();
    format!("{{{}}}", items.join(", "))
}

/// `http.cookies._unquote(str)` (CPython 3.11):
///
/// ```python
/// # If there aren't any doublequotes,
/// # then there can't be any special characters.  See RFC 2109.
/// if str is None or len(str) < 2:
///     return str
/// if str[0] != '"' or str[-1] != '"':
///     return str
/// # We have to assume that we must decode this string.
/// # Down to work.
/// # Remove the "s
/// str = str[1:-1]
/// # Check for special sequences.  Examples:
/// #    \012 --> \n
/// #    \"   --> "
/// return _unquote_sub(_unquote_replace, str)   # r'\\(?:([0-3][0-7][0-7])|(.))'
/// ```
pub fn unquote(s: &str) -> String {
    // Two characters or more, the first and the last a double quote; else as it is.
    if !(s.len() >= 2 && s.starts_with('"') && s.ends_with('"')) {
        return s.to_string();
    }
    let chars: Vec<char> = s.chars().collect();
    if chars.len() < 2 || chars[0] != '"' || chars[chars.len() - 1] != '"' {
        return s.to_string();
    }
    let inner = &chars[1..chars.len() - 1];
    let mut out = String::with_capacity(inner.len());
    let mut i = 0;
    while i < inner.len() {
        let c = inner[i];
        if c == '\\' {
            // `\\([0-3][0-7][0-7])` → that character.
            if let [d0 @ '0'..='3', d1 @ '0'..='7', d2 @ '0'..='7', ..] = inner[i + 1..] {
                let code = (d0 as u32 - '0' as u32) * 64 + (d1 as u32 - '0' as u32) * 8 + (d2 as u32 - '0' as u32);
                // Below 0o400 = 256: always a valid char.
                out.push(char::from_u32(code).unwrap_or('\u{fffd}'));
                i += 4;
                continue;
            }
            // `\\(.)`: `.` matches any character except a newline.
            if let Some(&next) = inner.get(i + 1) {
                if next != '\n' {
                    out.push(next);
                    i += 2;
                    continue;
                }
            }
        }
        out.push(c);
        i += 1;
    }
    out
}

/// Python's `str.isspace()` for one character: the Unicode White_Space characters
/// plus U+001C..U+001F (bidirectional class B or S), which Rust leaves out.
pub fn is_py_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// Python's `str.strip()` with no argument.
pub fn py_strip(s: &str) -> &str {
    s.trim_matches(is_py_space)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check_unquote(input: &str, expected: &str) {
        assert_eq!(unquote(input), expected, "unquote({input:?})");
    }

    #[test]
    fn unquote_follows_python() {
        check_unquote(r#""a\"b""#, "a\"b");
        check_unquote(r#""\054""#, ",");
        check_unquote(r#""\400""#, "400");
        check_unquote(r#""\q""#, "q");
        check_unquote("\"a\\\nb\"", "a\\\nb");
        check_unquote(r#""tail\""#, "tail\\");
        check_unquote(r#""""#, "");
        check_unquote(r#"""#, "\"");
        check_unquote(r#""\\054""#, "\\054");
        check_unquote(r#""\377\0""#, "\u{ff}0");
        check_unquote("x", "x");
    }

    #[test]
    fn strip_is_pythons() {
        assert_eq!(py_strip("\u{1c} a\u{3000}\t"), "a");
        assert_eq!(py_strip("\u{180e}a"), "\u{180e}a");
    }
}
