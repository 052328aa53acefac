//! A cookie's value read for the sidebar: Python's cookie quoting undone and
//! percent-decoded (what DevTools' "Show URL-decoded" shows), and a Django signed value
//! split into its parts (`value:timestamp:signature`, `django.core.signing`), with the
//! JSON inside a `signing.dumps` payload (the `signed_cookies` session engine).

use djsim::signing::{b62_decode, b64_decode, zlib_decompress};
use djsim::time::SimTime;

/// A cookie value, read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParsedValue {
    pub raw: String,
    /// Python's quoting undone, then percent-decoded; equal to `raw` for most values.
    pub decoded: String,
    /// Set when the decoded value has the shape of a Django signature.
    pub signed: Option<SignedValue>,
}

/// A value signed by `django.core.signing` (`Signer` / `TimestampSigner`): "The
/// signature is appended after a separator (':' by default)"; `TimestampSigner` puts a
/// base 62 timestamp between value and signature.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignedValue {
    pub value: String,
    /// The base 62 timestamp and the time it names (`TimestampSigner` only).
    pub timestamp: Option<(String, SimTime)>,
    pub signature: String,
    /// When `value` is a `signing.dumps` payload: the JSON it carries (or why it
    /// could not be read), and whether it was zlib-compressed (a leading `.`).
    pub payload: Option<Payload>,
}

/// The object inside a `signing.dumps` value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Payload {
    pub compressed: bool,
    /// The JSON text, or one sentence saying why it could not be read.
    pub json: Result<String, String>,
}

/// Reads a cookie value.
pub fn parse_value(raw: &str) -> ParsedValue {
    let decoded = percent_decode(&python_unquote(raw));
    let signed = split_signed(&decoded);
    ParsedValue { raw: raw.to_owned(), decoded, signed }
}

/// Undoes `http.cookies._quote`: a value Python wrote between double quotes, with
/// `\"`, `\\` and three-digit octal escapes (`\054` for `,`, `\073` for `;`).
pub fn python_unquote(s: &str) -> String {
    let Some(inner) = s.strip_prefix('"').and_then(|s| s.strip_suffix('"')).filter(|_| s.len() >= 2) else {
        return s.to_owned();
    };
    let bytes = inner.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\\' && i + 1 < bytes.len() {
            let octal = &bytes[i + 1..(i + 4).min(bytes.len())];
            if octal.len() == 3 && octal[0] <= b'3' && octal.iter().all(|b| (b'0'..=b'7').contains(b)) {
                out.push((octal[0] - b'0') * 64 + (octal[1] - b'0') * 8 + (octal[2] - b'0'));
                i += 4;
            } else {
                out.push(bytes[i + 1]);
                i += 2;
            }
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `%XX` sequences decoded as UTF-8 (as `decodeURIComponent`; a `%` not followed by
/// two hex digits stays as it is, `+` stays `+`).
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1).copied().and_then(hex), bytes.get(i + 2).copied().and_then(hex)) {
            (b'%', Some(hi), Some(lo)) => {
                out.push((hi * 16 + lo) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Splits `value:signature` or `value:timestamp:signature`. A signature is unpadded
/// URL-safe base64 of an HMAC: 43 characters (SHA-256) or 27 (SHA-1, Django < 3.1).
pub fn split_signed(s: &str) -> Option<SignedValue> {
    let (rest, signature) = s.rsplit_once(':')?;
    let b64 = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
    if !matches!(signature.len(), 27 | 43) || !signature.chars().all(b64) {
        return None;
    }
    let timestamp = rest.rsplit_once(':').and_then(|(value, ts)| {
        let ok = (1..=8).contains(&ts.len()) && ts.chars().all(|c| c.is_ascii_alphanumeric());
        let at = b62_decode(ts).ok().filter(|_| ok)?;
        Some((value, ts, SimTime::from_unix_secs(at)))
    });
    let (value, timestamp) = match timestamp {
        Some((value, ts, at)) => (value, Some((ts.to_owned(), at))),
        None => (rest, None),
    };
    Some(SignedValue { value: value.to_owned(), timestamp, signature: signature.to_owned(), payload: payload(value) })
}

/// `signing.loads`' first steps: "if it starts with '.', it was compressed", then
/// URL-safe base64, zlib, JSON. `None` when `value` is not base64 at all.
fn payload(value: &str) -> Option<Payload> {
    let (compressed, body) = match value.strip_prefix('.') {
        Some(body) => (true, body),
        None => (false, value),
    };
    if body.len() < 4 || !body.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
        return None;
    }
    let bytes = b64_decode(body).ok()?;
    let json = if compressed {
        zlib_decompress(&bytes).map_err(|e| format!("the payload does not decompress: {e}"))
    } else {
        Ok(bytes)
    }
    .and_then(|bytes| String::from_utf8(bytes).map_err(|_| "the payload is not UTF-8 text".to_owned()))
    .and_then(|text| {
        serde_json::from_str::<serde_json::Value>(&text).map(|_| text).map_err(|_| "the payload is not JSON".to_owned())
    });
    // Plain text that happens to be base64 (e.g. "abcd") is not a payload.
    if !compressed && json.is_err() {
        return None;
    }
    Some(Payload { compressed, json })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check_decoded(raw: &str, decoded: &str) {
        assert_eq!(parse_value(raw).decoded, decoded, "{raw:?}");
    }

    #[test]
    fn decoding() {
        check_decoded("42", "42");
        check_decoded("a%20b%3B%E2%82%AC", "a b;\u{20ac}");
        check_decoded("100%", "100%");
        check_decoded("%zz%4", "%zz%4");
        check_decoded("a+b", "a+b");
        check_decoded("%FF", "\u{fffd}");
        // Django 5.2 quotes what is not a legal cookie character: http.cookies.Morsel.
        check_decoded(r#""hello world:1iEiRv:abc""#, "hello world:1iEiRv:abc");
        check_decoded(r#""a\054b\073c\"d\\e""#, "a,b;c\"d\\e");
        check_decoded(r#""\303\251""#, "é");
        check_decoded("\"", "\"");
        check_decoded(r#""\9""#, "9");
        check_decoded(r#""trailing\""#, "trailing\\");
    }

    #[test]
    fn a_signed_cookie() {
        // set_signed_cookie('sig', 'hello world', salt='lecture') at the lecture's time.
        let v = parse_value(r#""hello world:1iEiRv:qD1V7Gc8aVaFKsnlTCOgQ2V0hRgGGapxAYjaAKl0z0I""#);
        let s = v.signed.expect("signed");
        assert_eq!(s.value, "hello world");
        assert_eq!(s.timestamp, Some(("1iEiRv".to_owned(), SimTime::LECTURE)));
        assert_eq!(s.signature.len(), 43);
        assert_eq!(s.payload, None);
    }

    #[test]
    fn a_signed_cookies_session() {
        // The signed_cookies engine: signing.dumps({"num_visits": 1}) (oracle shape).
        let s = split_signed("eyJudW1fdmlzaXRzIjoxfQ:1iEiRv:v_pDddnGsWD-zvciRsO5y4J18X4nZ10sssoxurPdAcU").unwrap();
        assert_eq!(s.payload, Some(Payload { compressed: false, json: Ok(r#"{"num_visits":1}"#.to_owned()) }));
        let compressed = djsim::signing::b64_encode(&djsim::signing::zlib_compress(br#"{"a":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}"#));
        let s = split_signed(&format!(".{compressed}:1iEiRv:v_pDddnGsWD-zvciRsO5y4J18X4nZ10sssoxurPdAcU")).unwrap();
        assert_eq!(s.payload, Some(Payload { compressed: true, json: Ok(r#"{"a":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}"#.to_owned()) }));
        let s = split_signed(".eJzz:1iEiRv:v_pDddnGsWD-zvciRsO5y4J18X4nZ10sssoxurPdAcU").unwrap();
        assert!(s.payload.unwrap().json.unwrap_err().contains("does not decompress"));
    }

    #[test]
    fn not_signed() {
        for raw in ["a5xgse9xkb5uhcogvp7xiza2za2a8efr", "42", "a:b:c", "x:tooshort", ":", "", "a:1iEiRv:v_pDddnGsWD-zvciRsO5y4J18X4nZ10sssoxurPdAc!"] {
            assert_eq!(parse_value(raw).signed, None, "{raw:?}");
        }
        // A SHA-1 signature without a timestamp (Signer, Django < 3.1).
        let s = split_signed("value:abcdefghijklmnopqrstuvwxyz0").unwrap();
        assert_eq!((s.value.as_str(), s.timestamp.is_none()), ("value", true));
        // A timestamp that is not base 62 stays in the value.
        let s = split_signed("a:b!c:abcdefghijklmnopqrstuvwxyz0").unwrap();
        assert_eq!(s.value, "a:b!c");
    }

    /// Fuzz-style: values built from signing's alphabet and quoting's escapes never panic.
    #[test]
    fn no_value_panics() {
        const PIECES: [&str; 16] =
            ["\"", "\\", "\\054", "\\3", "%", "%E2", "%8", ":", ".", "eyJ", "1iEiRv", "v_pDddnGsWD-zvciRsO5y4J18X4nZ10sssoxurPdAcU", "é", "=", "a", "\0"];
        let mut seed: u64 = 7;
        let mut next = || {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (seed >> 33) as usize
        };
        for _ in 0..5000 {
            let s: String = (0..next() % 10).map(|_| PIECES[next() % PIECES.len()]).collect();
            let _ = parse_value(&s);
        }
        eprintln!("value: 5000 fuzz values read without a panic");
    }
}
