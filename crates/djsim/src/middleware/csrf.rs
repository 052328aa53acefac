//! `django.middleware.csrf`: `CsrfViewMiddleware`, `get_token`, `rotate_token`, and
//! the 403 page of `django.views.csrf.csrf_failure`. OWNER: server.
//!
//! Django 5.2 keeps the 32-character *secret* in the `csrftoken` cookie and hands
//! out masked 64-character tokens; Django 3.2 keeps a masked token in the cookie.

use super::{patch_vary_cookie, raised_in, Middleware, Next};
use crate::conf::{DjangoVersion, MiddlewareKind};
use crate::handlers::exception::PyException;
use crate::handlers::{Ctx, WsgiRequest};
use crate::http::response::{CookieArgs, HttpResponse, MaxAge};
use crate::random::RANDOM_STRING_CHARS;
use crate::urls::Resolved;

pub const CSRF_SECRET_LENGTH: usize = 32;
pub const CSRF_TOKEN_LENGTH: usize = 64;
/// `CSRF_SESSION_KEY`.
pub const CSRF_SESSION_KEY: &str = "_csrftoken";

pub const REASON_BAD_ORIGIN: &str = "Origin checking failed - %s does not match any trusted origins.";
pub const REASON_NO_REFERER: &str = "Referer checking failed - no Referer.";
pub const REASON_BAD_REFERER: &str = "Referer checking failed - %s does not match any trusted origins.";
pub const REASON_NO_CSRF_COOKIE: &str = "CSRF cookie not set.";
pub const REASON_CSRF_TOKEN_MISSING: &str = "CSRF token missing.";
pub const REASON_MALFORMED_REFERER: &str = "Referer checking failed - Referer is malformed.";
pub const REASON_INSECURE_REFERER: &str = "Referer checking failed - Referer is insecure while host is secure.";
/// Django 3.2's single reason for a missing or wrong token.
pub const REASON_BAD_TOKEN_32: &str = "CSRF token missing or incorrect.";
const REASON_INCORRECT_LENGTH: &str = "has incorrect length";
const REASON_INVALID_CHARACTERS: &str = "has invalid characters";

/// What the middleware keeps in `request.META` and on the request.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct CsrfMeta {
    /// `request.META["CSRF_COOKIE"]` (5.2: the secret; 3.2: a masked token).
    pub cookie: Option<String>,
    /// 5.2 `CSRF_COOKIE_NEEDS_UPDATE`.
    pub needs_update: bool,
    /// 3.2 `CSRF_COOKIE_USED`.
    pub cookie_used: bool,
    /// 3.2 `request.csrf_cookie_needs_reset`.
    pub cookie_needs_reset: bool,
    /// `request.csrf_processing_done`.
    pub processing_done: bool,
}

/// `get_token(request)`: the masked token for a form (`{% csrf_token %}`); makes the
/// middleware send the cookie.
pub fn get_token(req: &mut WsgiRequest, cx: &mut Ctx<'_>) -> String {
    match cx.version {
        DjangoVersion::V5_2 => {
            let secret = match req.csrf.cookie.clone() {
                Some(s) => {
                    req.csrf.needs_update = true;
                    s
                }
                None => add_new_csrf_cookie(req, cx),
            };
            mask_cipher_secret(cx, &secret)
        }
        DjangoVersion::V3_2 => {
            let secret = match req.csrf.cookie.clone() {
                None => {
                    let s = new_csrf_string(cx);
                    req.csrf.cookie = Some(mask_cipher_secret(cx, &s));
                    s
                }
                Some(token) => unmask_cipher_token(&token),
            };
            req.csrf.cookie_used = true;
            mask_cipher_secret(cx, &secret)
        }
    }
}

/// `rotate_token(request)`: "Change the CSRF token in use for a request - should be
/// done on login for security purposes."
pub fn rotate_token(req: &mut WsgiRequest, cx: &mut Ctx<'_>) {
    match cx.version {
        DjangoVersion::V5_2 => {
            add_new_csrf_cookie(req, cx);
        }
        DjangoVersion::V3_2 => {
            let s = new_csrf_string(cx);
            req.csrf.cookie = Some(mask_cipher_secret(cx, &s));
            req.csrf.cookie_used = true;
            req.csrf.cookie_needs_reset = true;
        }
    }
}

fn add_new_csrf_cookie(req: &mut WsgiRequest, cx: &mut Ctx<'_>) -> String {
    let secret = new_csrf_string(cx);
    req.csrf.cookie = Some(secret.clone());
    req.csrf.needs_update = true;
    secret
}

fn new_csrf_string(cx: &mut Ctx<'_>) -> String {
    cx.rng.get_random_string(CSRF_SECRET_LENGTH, RANDOM_STRING_CHARS)
}

fn char_index(c: char) -> usize {
    RANDOM_STRING_CHARS.find(c).unwrap_or(0)
}

/// `_mask_cipher_secret(secret)`: a fresh mask, then the secret shifted by it.
pub fn mask_cipher_secret(cx: &mut Ctx<'_>, secret: &str) -> String {
    let mask = new_csrf_string(cx);
    mask_with(secret, &mask)
}

/// The masking with a given mask (`mask + cipher`).
pub fn mask_with(secret: &str, mask: &str) -> String {
    let chars: Vec<char> = RANDOM_STRING_CHARS.chars().collect();
    let cipher: String = secret.chars().zip(mask.chars()).map(|(x, y)| chars[(char_index(x) + char_index(y)) % chars.len()]).collect();
    format!("{mask}{cipher}")
}

/// `_unmask_cipher_token(token)`.
pub fn unmask_cipher_token(token: &str) -> String {
    let chars: Vec<char> = RANDOM_STRING_CHARS.chars().collect();
    let n = chars.len() as i64;
    let mask: Vec<char> = token.chars().take(CSRF_SECRET_LENGTH).collect();
    let cipher: Vec<char> = token.chars().skip(CSRF_SECRET_LENGTH).collect();
    cipher.iter().zip(mask.iter()).map(|(x, y)| chars[(char_index(*x) as i64 - char_index(*y) as i64).rem_euclid(n) as usize]).collect()
}

fn valid_chars(t: &str) -> bool {
    t.chars().all(|c| c.is_ascii_alphanumeric())
}

/// `_check_token_format(token)` (5.2).
fn check_token_format(token: &str) -> Result<(), &'static str> {
    let n = token.chars().count();
    if n != CSRF_TOKEN_LENGTH && n != CSRF_SECRET_LENGTH {
        return Err(REASON_INCORRECT_LENGTH);
    }
    if !valid_chars(token) {
        return Err(REASON_INVALID_CHARACTERS);
    }
    Ok(())
}

/// `_does_token_match(request_csrf_token, csrf_secret)` (5.2).
fn does_token_match(token: &str, secret: &str) -> bool {
    let t = if token.chars().count() == CSRF_TOKEN_LENGTH { unmask_cipher_token(token) } else { token.to_string() };
    t == secret
}

/// `_sanitize_token(token)` (3.2): a bad token is replaced by a new one.
fn sanitize_token_32(cx: &mut Ctx<'_>, token: &str) -> String {
    if !valid_chars(token) {
        let s = new_csrf_string(cx);
        return mask_cipher_secret(cx, &s);
    }
    match token.chars().count() {
        CSRF_TOKEN_LENGTH => token.to_string(),
        CSRF_SECRET_LENGTH => mask_cipher_secret(cx, token),
        _ => {
            let s = new_csrf_string(cx);
            mask_cipher_secret(cx, &s)
        }
    }
}

/// `django.middleware.csrf.CsrfViewMiddleware`.
pub struct CsrfViewMiddleware;

impl Middleware for CsrfViewMiddleware {
    fn kind(&self) -> MiddlewareKind {
        MiddlewareKind::Csrf
    }

    fn call(&self, req: &mut WsgiRequest, cx: &mut Ctx<'_>, next: Next<'_>) -> Result<HttpResponse, PyException> {
        self.process_request(req, cx).map_err(|e| raised_in(e, cx.version, false))?;
        let mut response = next.run(req, cx);
        self.process_response(req, cx, &mut response).map_err(|e| raised_in(e, cx.version, true))?;
        Ok(response)
    }

    fn process_view(&self, req: &mut WsgiRequest, cx: &mut Ctx<'_>, _view: &Resolved) -> Result<Option<HttpResponse>, PyException> {
        if req.csrf.processing_done {
            return Ok(None);
        }
        // "Assume that anything not defined as 'safe' by RFC 9110 needs protection"
        if matches!(req.method.as_str(), "GET" | "HEAD" | "OPTIONS" | "TRACE") {
            req.csrf.processing_done = true;
            return Ok(None);
        }
        let reason = match cx.version {
            DjangoVersion::V5_2 => self.check_52(req, cx)?,
            DjangoVersion::V3_2 => self.check_32(req, cx)?,
        };
        match reason {
            Some(reason) => Ok(Some(reject(req, cx, &reason))),
            None => {
                req.csrf.processing_done = true;
                Ok(None)
            }
        }
    }
}

impl CsrfViewMiddleware {
    fn process_request(&self, req: &mut WsgiRequest, cx: &mut Ctx<'_>) -> Result<(), PyException> {
        match cx.version {
            DjangoVersion::V5_2 => match self.get_secret_52(req, cx)? {
                Err(_invalid_format) => {
                    add_new_csrf_cookie(req, cx);
                }
                Ok(Some(secret)) => req.csrf.cookie = Some(secret),
                Ok(None) => {}
            },
            DjangoVersion::V3_2 => {
                if let Some(token) = self.get_token_32(req, cx)? {
                    req.csrf.cookie = Some(token);
                }
            }
        }
        Ok(())
    }

    fn process_response(&self, req: &mut WsgiRequest, cx: &mut Ctx<'_>, response: &mut HttpResponse) -> Result<(), PyException> {
        match cx.version {
            DjangoVersion::V5_2 => {
                if req.csrf.needs_update {
                    self.set_csrf_cookie(req, cx, response)?;
                    req.csrf.needs_update = false;
                }
            }
            DjangoVersion::V3_2 => {
                if !req.csrf.cookie_needs_reset && req.csrf_cookie_set {
                    return Ok(());
                }
                if !req.csrf.cookie_used {
                    return Ok(());
                }
                // "Set the CSRF cookie even if it's already set, so we renew the expiry timer."
                self.set_csrf_cookie(req, cx, response)?;
                req.csrf_cookie_set = true;
            }
        }
        Ok(())
    }

    fn set_csrf_cookie(&self, req: &mut WsgiRequest, cx: &mut Ctx<'_>, response: &mut HttpResponse) -> Result<(), PyException> {
        let value = req.csrf.cookie.clone().unwrap_or_default();
        let s = cx.settings;
        if s.csrf_use_sessions {
            let Some(mut session) = req.session.take() else {
                return Err(PyException::no_attribute("WSGIRequest", "session"));
            };
            let r = (|| -> Result<(), PyException> {
                let current = session.get(cx, CSRF_SESSION_KEY)?;
                if current.as_ref().and_then(|v| v.as_str()) != Some(value.as_str()) {
                    session.set(cx, CSRF_SESSION_KEY, crate::pyjson::Value::Str(value.clone()))?;
                }
                Ok(())
            })();
            req.session = Some(session);
            return r;
        }
        let args = CookieArgs {
            max_age: s.csrf_cookie_age.map(MaxAge::Int),
            expires: None,
            path: Some(s.csrf_cookie_path.clone()),
            domain: s.csrf_cookie_domain.clone(),
            secure: s.csrf_cookie_secure,
            httponly: s.csrf_cookie_httponly,
            samesite: s.csrf_cookie_samesite.clone(),
        };
        response.set_cookie(&s.csrf_cookie_name, &value, &args, cx.now).map_err(crate::handlers::cookie_exception)?;
        // "Set the Vary header since content varies with the CSRF cookie."
        patch_vary_cookie(response);
        Ok(())
    }

    /// `_get_secret(request)` (5.2): `Ok(Err(reason))` when the cookie has a bad format.
    #[allow(clippy::type_complexity)]
    fn get_secret_52(&self, req: &mut WsgiRequest, cx: &mut Ctx<'_>) -> Result<Result<Option<String>, &'static str>, PyException> {
        let secret = if cx.settings.csrf_use_sessions {
            let Some(session) = req.session.as_mut() else {
                return Err(PyException::new(
                    "django.core.exceptions.ImproperlyConfigured",
                    "CSRF_USE_SESSIONS is enabled, but request.session is not set. SessionMiddleware must appear before CsrfViewMiddleware in MIDDLEWARE.",
                ));
            };
            match session.get(cx, CSRF_SESSION_KEY)? {
                Some(crate::pyjson::Value::Str(s)) => Some(s),
                Some(crate::pyjson::Value::None) | None => None,
                Some(other) => Some(crate::pyjson::repr(&other)),
            }
        } else {
            match req.cookie(&cx.settings.csrf_cookie_name) {
                None => None,
                Some(c) => {
                    if let Err(r) = check_token_format(&c) {
                        return Ok(Err(r));
                    }
                    Some(c)
                }
            }
        };
        Ok(Ok(secret.map(|s| {
            // "Django versions before 4.0 masked the secret before storing."
            if s.chars().count() == CSRF_TOKEN_LENGTH {
                unmask_cipher_token(&s)
            } else {
                s
            }
        })))
    }

    /// `_get_token(request)` (3.2).
    fn get_token_32(&self, req: &mut WsgiRequest, cx: &mut Ctx<'_>) -> Result<Option<String>, PyException> {
        if cx.settings.csrf_use_sessions {
            let Some(session) = req.session.as_mut() else {
                return Err(PyException::new(
                    "django.core.exceptions.ImproperlyConfigured",
                    "CSRF_USE_SESSIONS is enabled, but request.session is not set. SessionMiddleware must appear before CsrfViewMiddleware in MIDDLEWARE.",
                ));
            };
            return Ok(session.get(cx, CSRF_SESSION_KEY)?.and_then(|v| v.as_str().map(str::to_string)));
        }
        let Some(cookie) = req.cookie(&cx.settings.csrf_cookie_name) else { return Ok(None) };
        let token = sanitize_token_32(cx, &cookie);
        if token != cookie {
            req.csrf.cookie_needs_reset = true;
        }
        Ok(Some(token))
    }

    /// The checks of `process_view` for an unsafe method (5.2): `Some(reason)` rejects.
    fn check_52(&self, req: &mut WsgiRequest, cx: &mut Ctx<'_>) -> Result<Option<String>, PyException> {
        if let Some(origin) = req.header("Origin") {
            if !origin_verified(req, cx, &origin) {
                return Ok(Some(REASON_BAD_ORIGIN.replace("%s", &origin)));
            }
        } else if req.is_secure() {
            if let Err(reason) = check_referer(req, cx) {
                return Ok(Some(reason));
            }
        }
        // _check_token
        let secret = match self.get_secret_52(req, cx)? {
            Err(reason) => return Ok(Some(format!("CSRF cookie {reason}."))),
            Ok(None) => return Ok(Some(REASON_NO_CSRF_COOKIE.into())),
            Ok(Some(s)) => s,
        };
        let mut token = String::new();
        if req.method == "POST" {
            token = req.post_get("csrfmiddlewaretoken").unwrap_or_default();
        }
        let source_post = !token.is_empty();
        if token.is_empty() {
            match req.header("X-CSRFToken") {
                Some(t) => token = t,
                None => return Ok(Some(REASON_CSRF_TOKEN_MISSING.into())),
            }
        }
        let source = if source_post { "POST".to_string() } else { "the 'X-Csrftoken' HTTP header".to_string() };
        if let Err(reason) = check_token_format(&token) {
            return Ok(Some(format!("CSRF token from {source} {reason}.")));
        }
        if !does_token_match(&token, &secret) {
            return Ok(Some(format!("CSRF token from {source} incorrect.")));
        }
        Ok(None)
    }

    /// The checks of `process_view` for an unsafe method (3.2).
    fn check_32(&self, req: &mut WsgiRequest, cx: &mut Ctx<'_>) -> Result<Option<String>, PyException> {
        if req.is_secure() {
            if let Err(reason) = check_referer(req, cx) {
                return Ok(Some(reason));
            }
        }
        let Some(csrf_token) = self.get_token_32(req, cx)? else {
            return Ok(Some(REASON_NO_CSRF_COOKIE.into()));
        };
        let mut token = String::new();
        if req.method == "POST" {
            token = req.post_get("csrfmiddlewaretoken").unwrap_or_default();
        }
        if token.is_empty() {
            token = req.header("X-CSRFToken").unwrap_or_default();
        }
        let token = sanitize_token_32(cx, &token);
        if unmask_cipher_token(&token) != unmask_cipher_token(&csrf_token) {
            return Ok(Some(REASON_BAD_TOKEN_32.into()));
        }
        Ok(None)
    }
}

/// `_origin_verified(request)`.
fn origin_verified(req: &WsgiRequest, cx: &mut Ctx<'_>, origin: &str) -> bool {
    if let Ok(host) = req.get_host(cx) {
        let good = format!("{}://{}", if req.is_secure() { "https" } else { "http" }, host);
        if origin == good {
            return true;
        }
    }
    let trusted = &cx.settings.csrf_trusted_origins;
    if trusted.iter().any(|t| !t.contains('*') && t == origin) {
        return true;
    }
    let Some((scheme, netloc)) = split_url(origin) else { return false };
    trusted.iter().filter(|t| t.contains('*')).any(|t| {
        split_url(t).is_some_and(|(ts, tn)| ts == scheme && is_same_domain(&netloc, tn.trim_start_matches('*')))
    })
}

/// `_check_referer(request)` for https requests.
fn check_referer(req: &WsgiRequest, cx: &mut Ctx<'_>) -> Result<(), String> {
    let Some(referer) = req.header("Referer") else { return Err(REASON_NO_REFERER.into()) };
    let Some((scheme, netloc)) = split_url(&referer) else { return Err(REASON_MALFORMED_REFERER.into()) };
    if scheme.is_empty() || netloc.is_empty() {
        return Err(REASON_MALFORMED_REFERER.into());
    }
    if scheme != "https" {
        return Err(REASON_INSECURE_REFERER.into());
    }
    let trusted_hosts: Vec<String> =
        cx.settings.csrf_trusted_origins.iter().filter_map(|o| split_url(o).map(|(_, n)| n.trim_start_matches('*').to_string())).collect();
    if trusted_hosts.iter().any(|h| is_same_domain(&netloc, h)) {
        return Ok(());
    }
    let good = match cx.settings.csrf_cookie_domain.clone() {
        None => match req.get_host(cx) {
            Ok(h) => h,
            Err(_) => return Err(REASON_BAD_REFERER.replace("%s", &referer)),
        },
        Some(d) => {
            let port = req.port();
            if port != "443" && port != "80" {
                format!("{d}:{port}")
            } else {
                d
            }
        }
    };
    if !is_same_domain(&netloc, &good) {
        return Err(REASON_BAD_REFERER.replace("%s", &referer));
    }
    Ok(())
}

/// `urlparse(url)`: `(scheme, netloc)`.
fn split_url(url: &str) -> Option<(String, String)> {
    let (scheme, rest) = url.split_once("://")?;
    let netloc = rest.split(['/', '?', '#']).next().unwrap_or("");
    Some((scheme.to_ascii_lowercase(), netloc.to_string()))
}

/// `django.utils.http.is_same_domain(host, pattern)`.
pub fn is_same_domain(host: &str, pattern: &str) -> bool {
    if pattern.is_empty() {
        return false;
    }
    // Compared in lowercase (ASCII), without lowering copies.
    let (h, p) = (host.as_bytes(), pattern.as_bytes());
    let ends_with = h.len() >= p.len() && h[h.len() - p.len()..].eq_ignore_ascii_case(p);
    (p[0] == b'.' && (ends_with || h.eq_ignore_ascii_case(&p[1..]))) || h.eq_ignore_ascii_case(p)
}

/// `CsrfViewMiddleware._reject`: the failure view's 403, logged on
/// `django.security.csrf` as `Forbidden (<reason>): <path>`.
fn reject(req: &mut WsgiRequest, cx: &mut Ctx<'_>, reason: &str) -> HttpResponse {
    let response = csrf_failure(cx, reason);
    let path = req.path.clone();
    cx.log("django.security.csrf", "WARNING", &format!("Forbidden ({reason}): {path}"));
    req.response_logged = true;
    response
}

/// `django.views.csrf.csrf_failure(request, reason)`: Django's 403 page.
pub fn csrf_failure(cx: &Ctx<'_>, reason: &str) -> HttpResponse {
    let v32 = cx.version == DjangoVersion::V3_2;
    let no_referer = reason == REASON_NO_REFERER;
    let no_cookie = reason == REASON_NO_CSRF_COOKIE;
    // Django 3.2's template is a string in django/views/csrf.py: a leading newline,
    // `type="text/css"`, `font:small sans-serif`.
    let mut s = if v32 {
        format!("\n{}", CSRF_HEAD.replace("<style>", "<style type=\"text/css\">").replace("font-family: sans-serif;", "font:small sans-serif;"))
    } else {
        String::from(CSRF_HEAD)
    };
    s.push_str("<body>\n<div id=\"summary\">\n  <h1>Forbidden <span>(403)</span></h1>\n  <p>CSRF verification failed. Request aborted.</p>\n");
    if no_referer {
        s.push_str("\n  <p>You are seeing this message because this HTTPS site requires a “Referer header” to be sent by your web browser, but none was sent. This header is required for security reasons, to ensure that your browser is not being hijacked by third parties.</p>\n  <p>If you have configured your browser to disable “Referer” headers, please re-enable them, at least for this site, or for HTTPS connections, or for “same-origin” requests.</p>\n  <p>If you are using the &lt;meta name=&quot;referrer&quot; content=&quot;no-referrer&quot;&gt; tag or including the “Referrer-Policy: no-referrer” header, please remove them. The CSRF protection requires the “Referer” header to do strict referer checking. If you’re concerned about privacy, use alternatives like &lt;a rel=&quot;noreferrer&quot; …&gt; for links to third-party sites.</p>\n");
    }
    s.push('\n');
    if no_cookie {
        s.push_str("\n  <p>You are seeing this message because this site requires a CSRF cookie when submitting forms. This cookie is required for security reasons, to ensure that your browser is not being hijacked by third parties.</p>\n  <p>If you have configured your browser to disable cookies, please re-enable them, at least for this site, or for “same-origin” requests.</p>\n");
    }
    s.push_str("\n</div>\n");
    if cx.settings.debug {
        let docs = cx.version.as_str();
        // 3.2 links the templates page of the development docs.
        let docs_templates = if v32 { "dev" } else { docs };
        s.push_str("\n<div id=\"info\">\n  <h2>Help</h2>\n    ");
        if !reason.is_empty() {
            s.push_str(&format!("\n    <p>Reason given for failure:</p>\n    <pre>\n    {}\n    </pre>\n    ", crate::views::escape(reason)));
        }
        s.push_str(&format!(
            "\n\n  <p>In general, this can occur when there is a genuine Cross Site Request Forgery, or when\n  <a\n  href=\"https://docs.djangoproject.com/en/{docs}/ref/csrf/\">Django’s\n  CSRF mechanism</a> has not been used correctly.  For POST forms, you need to\n  ensure:</p>\n\n  <ul>\n    <li>Your browser is accepting cookies.</li>\n\n    <li>The view function passes a <code>request</code> to the template’s <a\n    href=\"https://docs.djangoproject.com/en/{docs_templates}/topics/templates/#django.template.backends.base.Template.render\"><code>render</code></a>\n    method.</li>\n\n    <li>In the template, there is a <code>{{% csrf_token\n    %}}</code> template tag inside each POST form that\n    targets an internal URL.</li>\n\n    <li>If you are not using <code>CsrfViewMiddleware</code>, then you must use\n    <code>csrf_protect</code> on any views that use the <code>csrf_token</code>\n    template tag, as well as those that accept the POST data.</li>\n\n    <li>The form has a valid CSRF token. After logging in in another browser\n    tab or hitting the back button after a login, you may need to reload the\n    page with the form, because the token is rotated after a login.</li>\n  </ul>\n\n  <p>You’re seeing the help section of this page because you have <code>DEBUG =\n  True</code> in your Django settings file. Change that to <code>False</code>,\n  and only the initial error message will be displayed.  </p>\n\n  <p>You can customize this page using the CSRF_FAILURE_VIEW setting.</p>\n</div>\n"
        ));
    } else {
        s.push_str("\n<div id=\"explanation\">\n  <p><small>More information is available with DEBUG=True.</small></p>\n</div>\n");
    }
    s.push_str("\n</body>\n</html>\n");
    let mut r = HttpResponse::new(s).with_status(403);
    if v32 {
        // "HttpResponseForbidden(t.render(c), content_type='text/html')"
        r.set_header("Content-Type", "text/html");
    }
    r
}

const CSRF_HEAD: &str = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n  <meta http-equiv=\"content-type\" content=\"text/html; charset=utf-8\">\n  <meta name=\"robots\" content=\"NONE,NOARCHIVE\">\n  <title>403 Forbidden</title>\n  <style>\n    html * { padding:0; margin:0; }\n    body * { padding:10px 20px; }\n    body * * { padding:0; }\n    body { font-family: sans-serif; background:#eee; color:#000; }\n    body>div { border-bottom:1px solid #ddd; }\n    h1 { font-weight:normal; margin-bottom:.4em; }\n    h1 span { font-size:60%; color:#666; font-weight:normal; }\n    #info { background:#f6f6f6; }\n    #info ul { margin: 0.5em 4em; }\n    #info p, #summary p { padding-top:10px; }\n    #summary { background: #ffc; }\n    #explanation { background:#eee; border-bottom: 0px none; }\n  </style>\n</head>\n";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mask_round_trips() {
        let secret = "Z39N5saCUl6WfxLy6adPdTmlmDRAfUqV";
        let token = mask_with(secret, "abcdefghijABCDEFGHIJ0123456789zz");
        assert_eq!(token.len(), 64);
        assert_eq!(unmask_cipher_token(&token), secret);
        assert!(does_token_match(&token, secret));
        assert!(does_token_match(secret, secret));
        assert_eq!(check_token_format("abc"), Err(REASON_INCORRECT_LENGTH));
        assert_eq!(check_token_format(&"!".repeat(32)), Err(REASON_INVALID_CHARACTERS));
    }

    #[test]
    fn same_domain() {
        assert!(is_same_domain("foo.example.com", ".example.com"));
        assert!(is_same_domain("example.com", ".example.com"));
        assert!(!is_same_domain("example.com", "www.example.com"));
        assert!(is_same_domain("localhost:8000", "localhost:8000"));
    }
}
