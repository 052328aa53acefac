//! The Console's `document.cookie` prompt: what a person may type there, read
//! minimally (a JavaScript console would run anything; the simulation runs only these
//! two statements), and how its answers are written.
//!
//! * `document.cookie` (or `window.document.cookie`), optionally ending in `;`: a read;
//! * `document.cookie = "theme=dark; Path=/"`: an assignment of one string literal
//!   (`'…'`, `"…"` or a template literal without `${…}`), with JavaScript's escapes.

use std::fmt;

use djsim::browser::{IgnoredReason, SetCookieBlockedReason, SetCookieOutcome};

/// One statement typed at the prompt.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PromptInput {
    /// `document.cookie`
    Read,
    /// `document.cookie = "…"`: the string assigned.
    Assign(String),
}

/// Input the prompt does not simulate.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PromptError {
    /// Nothing but blanks.
    Empty,
    /// Anything but a read of or an assignment to `document.cookie`.
    Unsupported(String),
    /// `document.cookie = ` followed by something that is not one string literal.
    NotAString(String),
}

impl fmt::Display for PromptError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PromptError::Empty => f.write_str("Type document.cookie to read the cookies, or document.cookie = \"name=value\" to set one."),
            PromptError::Unsupported(_) => f.write_str(
                "Only document.cookie reads and assignments are simulated: type document.cookie, or document.cookie = \"theme=dark; Path=/\".",
            ),
            PromptError::NotAString(rhs) => write!(
                f,
                "Only a string can be assigned here, such as document.cookie = \"theme=dark; Path=/\"; {rhs} is not one string literal."
            ),
        }
    }
}
impl std::error::Error for PromptError {}

/// Reads one statement typed at the prompt.
pub fn parse(input: &str) -> Result<PromptInput, PromptError> {
    let text = input.trim();
    if text.is_empty() {
        return Err(PromptError::Empty);
    }
    let unsupported = || PromptError::Unsupported(text.to_owned());
    let mut rest = text;
    if let Some(after) = strip_word(rest, "window") {
        rest = strip_dot(after).ok_or_else(unsupported)?;
    }
    rest = strip_word(rest, "document").ok_or_else(unsupported)?;
    rest = strip_dot(rest).ok_or_else(unsupported)?;
    rest = strip_word(rest, "cookie").ok_or_else(unsupported)?.trim_start();
    if end_of_statement(rest) {
        return Ok(PromptInput::Read);
    }
    // `==` and `===` compare; only a plain `=` assigns.
    let Some(rhs) = rest.strip_prefix('=').filter(|r| !r.starts_with('=')) else { return Err(unsupported()) };
    let rhs = rhs.trim();
    let not_a_string = || PromptError::NotAString(rhs.trim_end_matches(';').trim_end().to_owned());
    let (value, after) = string_literal(rhs).ok_or_else(not_a_string)?;
    if end_of_statement(after) {
        Ok(PromptInput::Assign(value))
    } else {
        Err(not_a_string())
    }
}

/// A string as the console echoes it: `'zap=42; sakaicar=42'` (Chrome quotes a string
/// result with single quotes, escaping `'` and `\`).
pub fn js_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('\'');
    for c in s.chars() {
        match c {
            '\'' => out.push_str("\\'"),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\x{:02X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

/// What became of an assignment, in one sentence: `(stored, sentence)`.
pub fn describe_outcome(outcome: &SetCookieOutcome) -> (bool, String) {
    match outcome {
        SetCookieOutcome::Stored { replaced: false } => (true, "Stored: a new cookie in the jar.".to_owned()),
        SetCookieOutcome::Stored { replaced: true } => {
            (true, "Stored: it replaced the cookie with the same name, domain and path.".to_owned())
        }
        SetCookieOutcome::Deleted { existed: true } => {
            (true, "Its expiry is in the past: it deleted the cookie it names (DevTools reports no reason).".to_owned())
        }
        SetCookieOutcome::Deleted { existed: false } => {
            (false, "Its expiry is in the past and no such cookie was in the jar: nothing changed.".to_owned())
        }
        SetCookieOutcome::Blocked(reasons) => {
            let names: Vec<&str> = reasons.iter().map(|r| r.as_str()).collect();
            let why = reasons.first().map(|r| explain(*r)).unwrap_or("");
            (false, format!("Not stored ({}): {why}", names.join(", ")))
        }
        SetCookieOutcome::Ignored(IgnoredReason::HttpOnlyFromScript) => {
            (false, "Ignored: a script cannot create an HttpOnly cookie (the browser drops it silently).".to_owned())
        }
        SetCookieOutcome::Ignored(IgnoredReason::OverwriteHttpOnly) => (
            false,
            "Ignored: a cookie of that name is HttpOnly, and a script may not overwrite it (the browser drops it silently)."
                .to_owned(),
        ),
        SetCookieOutcome::Ignored(IgnoredReason::NamelessWithEquals) => (
            false,
            "Ignored: a cookie without a name may not hold '=' in its value (the browser drops it silently).".to_owned(),
        ),
        SetCookieOutcome::Ignored(IgnoredReason::InvalidPartitioned) => (
            false,
            "Ignored: a Partitioned cookie needs Secure, set from an https page (the browser drops it silently).".to_owned(),
        ),
        SetCookieOutcome::Ignored(_) => (false, "Ignored by the browser, silently.".to_owned()),
    }
}

/// One sentence for a DevTools `SetCookieBlockedReason`.
pub fn explain(reason: SetCookieBlockedReason) -> &'static str {
    use SetCookieBlockedReason as R;
    match reason {
        R::SecureOnly => "a Secure cookie can only be set from an https page.",
        R::SameSiteNoneInsecure => "SameSite=None needs the Secure attribute.",
        R::InvalidDomain => "its Domain does not match this page's host (or is a public suffix).",
        R::InvalidPrefix => "a __Secure- or __Host- name needs an https page and the attributes its prefix demands.",
        R::OverwriteSecure => "a page over http may not replace a Secure cookie.",
        R::SyntaxError => "the name or value holds a control character.",
        R::DisallowedCharacter => "it holds a control character (a tab inside the name or value counts too).",
        R::NoCookieContent => "it has neither a name nor a value.",
        R::NameValuePairExceedsMaxSize => "name and value together are longer than 4096 bytes.",
        R::UserPreferences => "third-party cookies are blocked.",
        _ => "the page's context does not allow this cookie (SameSite).",
    }
}

/// `s` without a leading identifier `word` (not followed by more identifier characters).
fn strip_word<'a>(s: &'a str, word: &str) -> Option<&'a str> {
    let rest = s.trim_start().strip_prefix(word)?;
    match rest.chars().next() {
        // JavaScript's identifier characters, but any non-ASCII one that is not a space
        // counts (no Unicode letter tables in the page): `documenté` is not `document`.
        Some(c) if c.is_ascii_alphanumeric() || c == '_' || c == '$' || !(c.is_ascii() || c.is_whitespace()) => None,
        _ => Some(rest),
    }
}

fn strip_dot(s: &str) -> Option<&str> {
    s.trim_start().strip_prefix('.')
}

/// Only blanks and at most one `;` are left.
fn end_of_statement(s: &str) -> bool {
    let s = s.trim();
    s.is_empty() || s == ";"
}

/// A JavaScript string literal at the start of `s`: its value and what follows it.
fn string_literal(s: &str) -> Option<(String, &str)> {
    let mut chars = s.char_indices();
    let (_, quote) = chars.next()?;
    if !matches!(quote, '"' | '\'' | '`') {
        return None;
    }
    let mut value = String::new();
    while let Some((i, c)) = chars.next() {
        match c {
            c if c == quote => return Some((value, &s[i + c.len_utf8()..])),
            '$' if quote == '`' && s[i..].starts_with("${") => return None,
            '\n' | '\r' if quote != '`' => return None,
            '\\' => {
                let (_, e) = chars.next()?;
                match e {
                    'n' => value.push('\n'),
                    't' => value.push('\t'),
                    'r' => value.push('\r'),
                    'b' => value.push('\u{8}'),
                    'f' => value.push('\u{c}'),
                    'v' => value.push('\u{b}'),
                    '0' => value.push('\0'),
                    '\n' => {} // a line continuation
                    'x' => {
                        let hex: String = (0..2).filter_map(|_| chars.next().map(|(_, h)| h)).collect();
                        value.push(hex_char(&hex, 2)?);
                    }
                    'u' => {
                        let rest = &s[chars.clone().next()?.0..];
                        if let Some(braced) = rest.strip_prefix('{') {
                            let end = braced.find('}')?;
                            value.push(hex_char(&braced[..end], 0)?);
                            for _ in 0..end + 2 {
                                chars.next();
                            }
                        } else {
                            let hex: String = (0..4).filter_map(|_| chars.next().map(|(_, h)| h)).collect();
                            value.push(hex_char(&hex, 4)?);
                        }
                    }
                    other => value.push(other),
                }
            }
            c => value.push(c),
        }
    }
    None
}

/// The character `hex` names (`len` digits exactly, or 1 to 6 when `len` is 0).
fn hex_char(hex: &str, len: usize) -> Option<char> {
    let ok_len = if len == 0 { (1..=6).contains(&hex.len()) } else { hex.len() == len };
    if !ok_len || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    char::from_u32(u32::from_str_radix(hex, 16).ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(input: &str, expected: Result<PromptInput, &str>) {
        let got = parse(input);
        match (&got, &expected) {
            (Ok(g), Ok(e)) => assert_eq!(g, e, "{input:?}"),
            (Err(g), Err(kind)) => assert_eq!(format!("{g:?}").split('(').next().unwrap(), *kind, "{input:?}: {g}"),
            _ => panic!("{input:?}: got {got:?}, expected {expected:?}"),
        }
    }

    fn assign(s: &str) -> Result<PromptInput, &'static str> {
        Ok(PromptInput::Assign(s.to_owned()))
    }

    #[test]
    fn reads() {
        check("document.cookie", Ok(PromptInput::Read));
        check("  document.cookie;  ", Ok(PromptInput::Read));
        check("document . cookie", Ok(PromptInput::Read));
        check("window.document.cookie", Ok(PromptInput::Read));
    }

    #[test]
    fn assignments() {
        check(r#"document.cookie = "theme=dark; Path=/""#, assign("theme=dark; Path=/"));
        check("document.cookie='a=1';", assign("a=1"));
        check("document.cookie = `a=1`", assign("a=1"));
        check(r#"document.cookie = "q=\"x\"\\""#, assign("q=\"x\"\\"));
        check(r#"document.cookie = 'it\'s=1'"#, assign("it's=1"));
        check(r#"document.cookie = "e=\u20ac\x41\u{1F36A}""#, assign("e=\u{20ac}A\u{1F36A}"));
        check(r#"document.cookie = "tab=\t""#, assign("tab=\t"));
        check(r#"document.cookie = """#, assign(""));
        check("document.cookie = 'ünï=cödé'", assign("ünï=cödé"));
    }

    #[test]
    fn everything_else() {
        check("", Err("Empty"));
        check("   ", Err("Empty"));
        check("alert(1)", Err("Unsupported"));
        check("document.cookies", Err("Unsupported"));
        check("documents.cookie", Err("Unsupported"));
        check("document.cookie == 'a'", Err("Unsupported"));
        check("document.cookie.length", Err("Unsupported"));
        check("localStorage.x = 1", Err("Unsupported"));
        check("document.cookie = 42", Err("NotAString"));
        check("document.cookie = 'a=1' + 'b'", Err("NotAString"));
        check("document.cookie = 'a=1", Err("NotAString"));
        check("document.cookie = `a=${x}`", Err("NotAString"));
        check(r#"document.cookie = "\u12""#, Err("NotAString"));
        check(r#"document.cookie = "\u{110000}""#, Err("NotAString"));
        check("document.cookie = 'a'; alert(1)", Err("NotAString"));
        check("document.cookie =", Err("NotAString"));
    }

    #[test]
    fn messages_name_the_input() {
        assert_eq!(
            parse("alert(1)").unwrap_err().to_string(),
            "Only document.cookie reads and assignments are simulated: type document.cookie, or document.cookie = \"theme=dark; Path=/\"."
        );
        assert!(parse("document.cookie = 42;").unwrap_err().to_string().contains("42 is not one string literal"));
    }

    #[test]
    fn echoes() {
        assert_eq!(js_string("zap=42; sakaicar=42"), "'zap=42; sakaicar=42'");
        assert_eq!(js_string(""), "''");
        assert_eq!(js_string("it's \\ \n"), "'it\\'s \\\\ \\n'");
    }

    #[test]
    fn outcomes() {
        assert!(describe_outcome(&SetCookieOutcome::Stored { replaced: false }).0);
        let (stored, text) = describe_outcome(&SetCookieOutcome::Blocked(vec![SetCookieBlockedReason::InvalidDomain]));
        assert!(!stored);
        assert!(text.starts_with("Not stored (InvalidDomain): its Domain"), "{text}");
        assert!(!describe_outcome(&SetCookieOutcome::Ignored(IgnoredReason::HttpOnlyFromScript)).0);
    }

    /// Fuzz-style: pieces of the grammar and hostile characters, shuffled by a fixed
    /// LCG (the playground has no proptest), never panic. 5000 inputs.
    #[test]
    fn no_input_panics() {
        const PIECES: [&str; 24] = [
            "document", "window", ".", "cookie", " ", "=", "==", ";", "'", "\"", "`", "\\", "\\u", "\\u{", "}", "\\x", "${",
            "a=1", "\n", "é", "\u{1F36A}", "0", "F", "\0",
        ];
        let mut seed: u64 = 0x5eed;
        let mut next = || {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (seed >> 33) as usize
        };
        for _ in 0..5000 {
            let len = next() % 12;
            let input: String = (0..len).map(|_| PIECES[next() % PIECES.len()]).collect();
            let _ = parse(&input);
            let _ = parse(&format!("document.cookie = {input}"));
            let _ = js_string(&input);
        }
        eprintln!("prompt: 15000 fuzz inputs parsed without a panic");
    }
}
