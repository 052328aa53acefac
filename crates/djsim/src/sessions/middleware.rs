//! `django.contrib.sessions.middleware.SessionMiddleware` (oracle README §7).
//! OWNER: server.

use super::base::{PyNum, SaveError, SessionStore};
use crate::conf::MiddlewareKind;
use crate::handlers::exception::{ExcKind, PyException};
use crate::handlers::{cookie_exception, Ctx, WsgiRequest};
use crate::http::response::{CookieArgs, Expires, HttpResponse, MaxAge};
use crate::middleware::{patch_vary_cookie, raised_in, Middleware, Next};

/// The message of `SessionInterrupted`.
pub const SESSION_INTERRUPTED: &str = "The request's session was deleted before the request completed. The user may have logged out in a concurrent request, for example.";

pub struct SessionMiddleware;

impl Middleware for SessionMiddleware {
    fn kind(&self) -> MiddlewareKind {
        MiddlewareKind::Session
    }

    fn call(&self, req: &mut WsgiRequest, cx: &mut Ctx<'_>, next: Next<'_>) -> Result<HttpResponse, PyException> {
        // process_request: "session_key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)"
        let name = cx.settings.session_cookie_name.as_str();
        let key = req.cookies.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str());
        let session = SessionStore::new(cx.settings.session_engine, key);
        req.session = Some(session);
        let mut response = next.run(req, cx);
        process_response(req, cx, &mut response).map_err(|e| raised_in(e, cx.version, true))?;
        Ok(response)
    }
}

/// "If request.session was modified, or if the configuration is to save the
/// session every time, save the changes and set a session cookie or delete the
/// session cookie if the session has been emptied."
fn process_response(req: &mut WsgiRequest, cx: &mut Ctx<'_>, response: &mut HttpResponse) -> Result<(), PyException> {
    let Some(mut session) = req.session.take() else { return Ok(()) };
    let r = process_session(req, &mut session, cx, response);
    req.session = Some(session);
    r
}

fn process_session(req: &WsgiRequest, session: &mut SessionStore, cx: &mut Ctx<'_>, response: &mut HttpResponse) -> Result<(), PyException> {
    let accessed = session.accessed;
    let modified = session.modified;
    let empty = session.is_empty();
    let s = cx.settings;
    let name = &s.session_cookie_name;
    // "First check if we need to delete this cookie. The session should be deleted
    // only if the session is entirely empty."
    if req.has_cookie(name) && empty {
        response
            .delete_cookie(name, &s.session_cookie_path, s.session_cookie_domain.as_deref(), s.session_cookie_samesite.as_deref(), cx.now)
            .map_err(cookie_exception)?;
        patch_vary_cookie(response);
        return Ok(());
    }
    if accessed {
        patch_vary_cookie(response);
    }
    if (modified || s.session_save_every_request) && !empty {
        let (max_age, expires) = if session.get_expire_at_browser_close(cx)? {
            (None, None)
        } else {
            let age = session.get_expiry_age(cx)?;
            // "expires_time = time.time() + max_age; expires = http_date(expires_time)"
            let at = match age {
                PyNum::Int(n) => cx.now.plus_secs(n),
                PyNum::Float(f) => cx.now.plus_micros((f * 1e6) as i64),
            };
            if !(1..=9999).contains(&at.civil().year) {
                return Err(PyException::new("OverflowError", "timestamp out of range for platform time_t"));
            }
            let max_age = match age {
                PyNum::Int(n) => MaxAge::Int(n),
                PyNum::Float(f) => MaxAge::Float(f),
            };
            (Some(max_age), Some(Expires::Str(crate::http::dates::http_date(at))))
        };
        // "Save the session data and refresh the client cookie. Skip session save
        // for 5xx responses."
        // 5.2: "Skip session save for 5xx responses." 3.2: "if response.status_code != 500".
        let skip = match cx.version {
            crate::conf::DjangoVersion::V5_2 => response.status >= 500,
            crate::conf::DjangoVersion::V3_2 => response.status == 500,
        };
        if !skip {
            match session.save(cx, false) {
                Ok(()) => {}
                Err(SaveError::Update) => {
                    return Err(PyException::new("django.contrib.sessions.exceptions.SessionInterrupted", SESSION_INTERRUPTED)
                        .with_kind(ExcKind::BadRequest)
                        .django_frame(
                            "contrib/sessions/middleware.py",
                            if cx.version == crate::conf::DjangoVersion::V5_2 { 62 } else { 63 },
                            "process_response",
                            "raise SessionInterrupted(",
                        ));
                }
                Err(SaveError::Create) => {
                    return Err(PyException::new("django.contrib.sessions.backends.base.CreateError", ""));
                }
                Err(SaveError::Raised(e)) => {
                    return Err(e.outer_frame(
                        &format!("{}/django/contrib/sessions/middleware.py", crate::handlers::exception::SITE_PACKAGES),
                        if cx.version == crate::conf::DjangoVersion::V5_2 { 60 } else { 61 },
                        "process_response",
                        "request.session.save()",
                    ))
                }
            }
            let args = CookieArgs {
                max_age,
                expires,
                path: Some(s.session_cookie_path.clone()),
                domain: s.session_cookie_domain.clone(),
                secure: s.session_cookie_secure,
                httponly: s.session_cookie_httponly,
                samesite: s.session_cookie_samesite.clone(),
            };
            response.set_cookie(name, session.session_key().unwrap_or(""), &args, cx.now).map_err(cookie_exception)?;
            // 5.2 adds `Vary: Cookie` with the cookie; 3.2 only when the session was accessed.
            if cx.version == crate::conf::DjangoVersion::V5_2 {
                patch_vary_cookie(response);
            }
        }
    }
    Ok(())
}
