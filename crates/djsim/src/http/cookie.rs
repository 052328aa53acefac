//! `django.http.cookie.parse_cookie` and how `print(request.COOKIES)` shows it
//! (oracle README §6). OWNER: http cookies.

/// `parse_cookie(header)`: the dict, as ordered pairs (a later duplicate
/// overwrites the value, keeping the first position).
pub fn parse_cookie(header: &str) -> Vec<(String, String)> {
    let _ = header;
    todo!("http cookies helper")
}

/// The raw header bytes are decoded as UTF-8 with `errors="replace"` first.
pub fn parse_cookie_bytes(header: &[u8]) -> Vec<(String, String)> {
    parse_cookie(&String::from_utf8_lossy(header))
}

/// Python's repr of the dict: `{'zap': '42', 'sakaicar': '42'}`.
pub fn cookies_repr(cookies: &[(String, String)]) -> String {
    let _ = cookies;
    todo!("http cookies helper")
}
