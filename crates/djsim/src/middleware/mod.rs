//! `MIDDLEWARE`: Django's request/response chain, in Rust's spelling, and the
//! lecture's middleware that live in `django.middleware` (security, common,
//! clickjacking, csrf). OWNER: server.
//!
//! "During the request phase, before calling the view, Django applies middleware in
//! the order it's defined in MIDDLEWARE, top-down. … during the response phase …
//! middleware are applied in reverse order, from the bottom up." Each middleware
//! decides whether to call the rest ([`Next`]); an exception it raises is turned
//! into a response right there (`convert_exception_to_response` wraps every layer).

pub mod csrf;

use crate::conf::{DjangoVersion, MiddlewareKind};
use crate::handlers::exception::{middleware_frames, PyException};
use crate::handlers::{self, Ctx, WsgiRequest};
use crate::http::response::HttpResponse;
use crate::urls::Resolved;

/// One entry of `MIDDLEWARE`.
pub trait Middleware {
    fn kind(&self) -> MiddlewareKind;
    /// `__call__(request)`: usually `process_request`, `next.run(…)`, `process_response`.
    fn call(&self, req: &mut WsgiRequest, cx: &mut Ctx<'_>, next: Next<'_>) -> Result<HttpResponse, PyException>;
    /// `process_view(request, view_func, view_args, view_kwargs)`.
    fn process_view(&self, _req: &mut WsgiRequest, _cx: &mut Ctx<'_>, _view: &Resolved) -> Result<Option<HttpResponse>, PyException> {
        Ok(None)
    }
}

/// The rest of `MIDDLEWARE`, then the view.
pub struct Next<'a> {
    rest: &'a [Box<dyn Middleware>],
    all: &'a [Box<dyn Middleware>],
}

impl<'a> Next<'a> {
    /// The whole chain, outermost first.
    pub fn chain(all: &'a [Box<dyn Middleware>]) -> Next<'a> {
        Next { rest: all, all }
    }

    /// `get_response(request)`: never raises (each layer converts exceptions).
    pub fn run(self, req: &mut WsgiRequest, cx: &mut Ctx<'_>) -> HttpResponse {
        let result = match self.rest.split_first() {
            Some((mw, rest)) => mw.call(req, cx, Next { rest, all: self.all }),
            None => handlers::get_response_inner(req, cx, self.all),
        };
        match result {
            Ok(r) => r,
            Err(e) => handlers::response_for_exception(req, cx, e),
        }
    }
}

/// The middleware instances of `MIDDLEWARE`, in order.
pub fn build(kinds: &[MiddlewareKind]) -> Vec<Box<dyn Middleware>> {
    kinds
        .iter()
        .map(|k| -> Box<dyn Middleware> {
            match k {
                MiddlewareKind::Security => Box::new(SecurityMiddleware),
                MiddlewareKind::Session => Box::new(crate::sessions::middleware::SessionMiddleware),
                MiddlewareKind::Common => Box::new(CommonMiddleware),
                MiddlewareKind::Csrf => Box::new(csrf::CsrfViewMiddleware),
                MiddlewareKind::Authentication => Box::new(crate::contrib::auth::AuthenticationMiddleware),
                MiddlewareKind::Message => Box::new(crate::contrib::messages::MessageMiddleware),
                MiddlewareKind::XFrameOptions => Box::new(XFrameOptionsMiddleware),
            }
        })
        .collect()
}

/// Adds the frames of a middleware's `process_request` / `process_response` to an
/// exception raised there.
pub fn raised_in(e: PyException, version: DjangoVersion, response_phase: bool) -> PyException {
    middleware_frames(e, version, response_phase)
}

/// `patch_vary_headers(response, ("Cookie",))`: adds `Cookie` to `Vary` unless it
/// is there (any case); an existing `Vary` keeps its position.
pub fn patch_vary_cookie(response: &mut HttpResponse) {
    match response.header("Vary") {
        // The usual cases, with the result the general path gives.
        None => return response.set_header("Vary", "Cookie"),
        Some("Cookie") => return,
        Some(_) => {}
    }
    let mut vary: Vec<String> = match response.header("Vary") {
        Some(v) => v.split(',').map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect(),
        None => Vec::new(),
    };
    if !vary.iter().any(|h| h.eq_ignore_ascii_case("cookie")) {
        vary.push("Cookie".into());
    }
    let value = if vary.iter().any(|h| h == "*") { "*".to_string() } else { vary.join(", ") };
    response.set_header("Vary", value);
}

/// `django.middleware.security.SecurityMiddleware`.
pub struct SecurityMiddleware;

impl Middleware for SecurityMiddleware {
    fn kind(&self) -> MiddlewareKind {
        MiddlewareKind::Security
    }
    fn call(&self, req: &mut WsgiRequest, cx: &mut Ctx<'_>, next: Next<'_>) -> Result<HttpResponse, PyException> {
        // SECURE_SSL_REDIRECT is False in the lecture's project: no redirect.
        let mut response = next.run(req, cx);
        let s = cx.settings;
        // "response.headers.setdefault('X-Content-Type-Options', 'nosniff')"
        if s.secure_content_type_nosniff && !response.has_header("X-Content-Type-Options") {
            response.set_header("X-Content-Type-Options", "nosniff");
        }
        if let Some(policy) = s.secure_referrer_policy.as_deref().filter(|p| !p.is_empty()) {
            if !response.has_header("Referrer-Policy") {
                // "','.join(v.strip() for v in self.referrer_policy.split(','))"
                let mut v = String::with_capacity(policy.len());
                for (i, part) in policy.split(',').enumerate() {
                    if i > 0 {
                        v.push(',');
                    }
                    v.push_str(part.trim());
                }
                response.set_header("Referrer-Policy", v);
            }
        }
        if cx.version == DjangoVersion::V5_2 {
            if let Some(coop) = s.secure_cross_origin_opener_policy.as_deref().filter(|p| !p.is_empty()) {
                if !response.has_header("Cross-Origin-Opener-Policy") {
                    response.set_header("Cross-Origin-Opener-Policy", coop);
                }
            }
        }
        Ok(response)
    }
}

/// `django.middleware.common.CommonMiddleware`.
pub struct CommonMiddleware;

impl Middleware for CommonMiddleware {
    fn kind(&self) -> MiddlewareKind {
        MiddlewareKind::Common
    }
    fn call(&self, req: &mut WsgiRequest, cx: &mut Ctx<'_>, next: Next<'_>) -> Result<HttpResponse, PyException> {
        // process_request: "host = request.get_host()" (DisallowedHost is raised here).
        req.get_host(cx).map_err(|e| raised_in(e, cx.version, false))?;
        let mut response = match cx.version {
            // Django 3.2 redirects to the slashed URL already in process_request.
            DjangoVersion::V3_2 if should_redirect_with_slash(req, cx) => {
                let location = get_full_path_with_slash(req, cx).map_err(|e| {
                    let e = e.outer_frame(&common_py(), 54, "process_request", "path = self.get_full_path_with_slash(request)");
                    raised_in(e, cx.version, false)
                })?;
                handlers::redirect(301, &location)
            }
            _ => next.run(req, cx),
        };
        // process_response: "If the given URL is 'Not Found', then check if we
        // should redirect to a path with a slash appended."
        if response.status == 404 && should_redirect_with_slash(req, cx) {
            // "return self.response_redirect_class(…)": no Content-Length is added.
            let location = get_full_path_with_slash(req, cx).map_err(|e| {
                let code = "return self.response_redirect_class(self.get_full_path_with_slash(request))";
                raised_in(e.outer_frame(&common_py(), 108, "process_response", code), cx.version, true)
            })?;
            return Ok(handlers::redirect(301, &location));
        }
        // "Add the Content-Length header to non-streaming responses if not already set."
        if !response.has_header("Content-Length") {
            let n = response.content.len();
            response.set_header("Content-Length", n.to_string());
        }
        Ok(response)
    }
}

fn common_py() -> String {
    format!("{}/django/middleware/common.py", crate::handlers::exception::SITE_PACKAGES)
}

fn should_redirect_with_slash(req: &WsgiRequest, cx: &Ctx<'_>) -> bool {
    cx.settings.append_slash
        && !req.path.ends_with('/')
        && crate::urls::resolve(&req.path).is_err()
        && crate::urls::resolve(&format!("{}/", req.path)).is_ok()
}

fn get_full_path_with_slash(req: &WsgiRequest, cx: &mut Ctx<'_>) -> Result<String, PyException> {
    let mut new_path = req.get_full_path(true);
    // escape_leading_slashes: "//evil" would be scheme-relative.
    if new_path.starts_with("//") {
        new_path = format!("/%2F{}", &new_path[2..]);
    }
    if cx.settings.debug && matches!(req.method.as_str(), "POST" | "PUT" | "PATCH") {
        let host = req.get_host(cx).unwrap_or_default();
        return Err(PyException::new(
            "RuntimeError",
            format!(
                "You called this URL via {m}, but the URL doesn't end in a slash and you have APPEND_SLASH set. Django can't redirect to the slash URL while maintaining {m} data. Change your form to point to {host}{new_path} (note the trailing slash), or set APPEND_SLASH=False in your Django settings.",
                m = req.method
            ),
        )
        .django_frame("middleware/common.py", if cx.version == DjangoVersion::V5_2 { 87 } else { 88 }, "get_full_path_with_slash", "raise RuntimeError("));
    }
    Ok(new_path)
}

/// `django.middleware.clickjacking.XFrameOptionsMiddleware`.
pub struct XFrameOptionsMiddleware;

impl Middleware for XFrameOptionsMiddleware {
    fn kind(&self) -> MiddlewareKind {
        MiddlewareKind::XFrameOptions
    }
    fn call(&self, req: &mut WsgiRequest, cx: &mut Ctx<'_>, next: Next<'_>) -> Result<HttpResponse, PyException> {
        let mut response = next.run(req, cx);
        // "Don't set it if it's already in the response"
        if !response.has_header("X-Frame-Options") {
            response.set_header("X-Frame-Options", cx.settings.x_frame_options.to_uppercase());
        }
        Ok(response)
    }
}
