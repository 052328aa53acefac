//! Python exceptions as the simulated server raises them, and their tracebacks.
//! OWNER: server.
//!
//! A view or middleware that would raise in Django returns `Err(PyException)`;
//! `convert_exception_to_response` (in [`crate::handlers`]) turns it into the
//! response Django gives (404 page, 400, 403, or the technical 500 page).

use crate::conf::DjangoVersion;

/// Where Django's own files live in the simulated installation.
pub const SITE_PACKAGES: &str = "/usr/local/lib/python3.11/site-packages";
/// The project's directory (`manage.py` is here).
pub const PROJECT_DIR: &str = "/home/dj4e/djproj";

/// What kind of exception it is, for `response_for_exception`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExcKind {
    /// `Resolver404`: no URL pattern matched. `tried` holds each tried pattern
    /// chain (e.g. `["session/", "cookie"]`), `path` the unmatched rest.
    Resolver404 { tried: Vec<Vec<String>>, path: String },
    /// `Http404` raised by a view.
    Http404,
    /// `PermissionDenied` → 403.
    PermissionDenied,
    /// `BadRequest` (e.g. `SessionInterrupted`) → 400.
    BadRequest,
    /// A `SuspiciousOperation` subclass (e.g. `DisallowedHost`) → 400, logged on
    /// `django.security.<ClassName>`.
    Suspicious,
    /// Anything else → 500.
    Other,
}

/// One traceback frame: `File "…", line N, in func` and its source line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Frame {
    pub file: String,
    pub line: u32,
    pub function: String,
    pub code: String,
    /// The sub-expression of `code` that raised, when Python underlines another part
    /// of the line than `caret_span` finds (`json.dumps(…)` inside `HttpResponse(…)`).
    pub raised: Option<&'static str>,
}

/// A raised Python exception.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PyException {
    pub kind: ExcKind,
    /// As the traceback's last line names it: `ValueError`,
    /// `django.core.exceptions.ImproperlyConfigured`.
    pub qualname: String,
    pub message: String,
    /// Outermost first, as Python prints them.
    pub frames: Vec<Frame>,
}

impl PyException {
    pub fn new(qualname: &str, message: impl Into<String>) -> PyException {
        PyException { kind: ExcKind::Other, qualname: qualname.to_string(), message: message.into(), frames: Vec::new() }
    }
    pub fn with_kind(mut self, kind: ExcKind) -> PyException {
        self.kind = kind;
        self
    }
    /// Adds a frame inside the ones already there (the raise site goes last).
    pub fn frame(mut self, file: &str, line: u32, function: &str, code: &str) -> PyException {
        self.frames.push(Frame { file: file.to_string(), line, function: function.to_string(), code: code.to_string(), raised: None });
        self
    }
    /// Adds a frame outside the ones already there.
    pub fn outer_frame(mut self, file: &str, line: u32, function: &str, code: &str) -> PyException {
        self.frames.insert(0, Frame { file: file.to_string(), line, function: function.to_string(), code: code.to_string(), raised: None });
        self
    }
    /// Says which part of the last frame's line raised (where Python puts its carets).
    pub fn raised_at(mut self, sub: &'static str) -> PyException {
        if let Some(f) = self.frames.last_mut() {
            f.raised = Some(sub);
        }
        self
    }
    /// Adds `frame` outside the ones already there.
    pub fn outer_frame_of(mut self, frame: Frame) -> PyException {
        self.frames.insert(0, frame);
        self
    }
    /// A frame in a file of Django's (`django/contrib/sessions/backends/base.py`).
    pub fn django_frame(self, rel: &str, line: u32, function: &str, code: &str) -> PyException {
        let file = format!("{SITE_PACKAGES}/django/{rel}");
        self.frame(&file, line, function, code)
    }
    /// The class name alone: `ImproperlyConfigured`.
    pub fn short_name(&self) -> &str {
        self.qualname.rsplit('.').next().unwrap_or(&self.qualname)
    }
    /// `str(exc)`.
    pub fn str(&self) -> &str {
        &self.message
    }
    /// The last line of a traceback: `ValueError: invalid literal …` (`KeyError: 'x'`).
    pub fn last_line(&self) -> String {
        if self.message.is_empty() {
            self.qualname.clone()
        } else {
            format!("{}: {}", self.qualname, self.message)
        }
    }
    /// What `traceback.print_exception` prints (no trailing newline).
    pub fn traceback(&self) -> String {
        let mut s = String::from("Traceback (most recent call last):\n");
        for f in &self.frames {
            s.push_str(&format!("  File \"{}\", line {}, in {}\n", f.file, f.line, f.function));
            if !f.code.is_empty() {
                s.push_str(&format!("    {}\n", f.code));
                let span = match f.raised.and_then(|sub| f.code.find(sub).map(|i| (i, sub))) {
                    Some((i, sub)) => Some((f.code[..i].chars().count(), sub.chars().count())),
                    None => caret_span(&f.code),
                };
                if let Some((start, len)) = span {
                    s.push_str(&format!("    {}{}\n", " ".repeat(start), "^".repeat(len)));
                }
            }
        }
        s.push_str(&self.last_line());
        s
    }

    /// `ValueError: invalid literal for int() with base 10: 'abc'`.
    pub fn int_literal(s: &str) -> PyException {
        PyException::new("ValueError", format!("invalid literal for int() with base 10: {}", crate::py::repr_str(s)))
    }
    /// `AttributeError: 'WSGIRequest' object has no attribute 'session'`.
    pub fn no_attribute(obj: &str, attr: &str) -> PyException {
        PyException::new("AttributeError", format!("'{obj}' object has no attribute '{attr}'"))
    }
    /// `KeyError: 'name'`.
    pub fn key_error(key: &str) -> PyException {
        PyException::new("KeyError", crate::py::repr_str(key))
    }
    /// A database error, as Django's SQLite backend raises it.
    pub fn operational(message: &str) -> PyException {
        PyException::new("django.db.utils.OperationalError", message).django_frame(
            "db/backends/sqlite3/base.py",
            354,
            "execute",
            "return super().execute(query, params)",
        )
    }
}

impl std::fmt::Display for PyException {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.last_line())
    }
}
impl std::error::Error for PyException {}

/// Where Python 3.11 puts its `^^^^` under a frame's line: under the expression
/// being evaluated, and not at all when that is the whole line (a bare call, a
/// `raise`, an `assert`). The sub-expressions that fail inside a line (`int(…)`,
/// `request.session`, the inner call) are known for the lab's lines.
pub fn caret_span(code: &str) -> Option<(usize, usize)> {
    // (a line of the lab's tracebacks, the sub-expression that fails in it)
    const INNER: [(&str, &str); 7] = [
        ("int(oldval) + 1", "int(oldval)"),
        ("set_expiry(int(mode))", "int(mode)"),
        ("json.dumps(obj, separators=(',', ':')).encode", "json.dumps(obj, separators=(',', ':'))"),
        ("**kw).encode(obj)", "encode(obj)"),
        ("(self.get_full_path_with_slash(request))", "self.get_full_path_with_slash(request)"),
        ("num_visits = request.session.get(", "request.session"),
        ("request.session['", "request.session"),
    ];
    if let Some((_, sub)) = INNER.iter().find(|(line, _)| code.contains(*line)) {
        let start = code.find(sub)?;
        return Some((code[..start].chars().count(), sub.chars().count()));
    }
    let t = code.trim_end();
    if t.starts_with("raise ") || t.starts_with("assert ") {
        return None;
    }
    let (start, expr) = if let Some(rest) = t.strip_prefix("return ") {
        (7, rest)
    } else if let Some(i) = t.find(" = ") {
        (i + 3, &t[i + 3..])
    } else if let Some(i) = t.find('=').filter(|i| !t[..*i].contains('(')) {
        (i + 1, &t[i + 1..])
    } else {
        return None;
    };
    let expr = expr.trim_end_matches(',');
    Some((t[..start].chars().count(), expr.chars().count()))
}

/// Line numbers of the handler frames every traceback starts with.
pub fn handler_frames(version: DjangoVersion) -> (u32, u32) {
    match version {
        // exception.py `inner`, base.py `_get_response`
        DjangoVersion::V5_2 => (55, 197),
        DjangoVersion::V3_2 => (47, 181),
    }
}

/// The outer frame of every exception `convert_exception_to_response` catches.
pub fn inner_frame(exc: PyException, version: DjangoVersion) -> PyException {
    let (inner, _) = handler_frames(version);
    let file = format!("{SITE_PACKAGES}/django/core/handlers/exception.py");
    exc.outer_frame(&file, inner, "inner", "response = get_response(request)")
}

/// The frames of a view call: `_get_response` then the view's own line.
pub fn view_frames(exc: PyException, version: DjangoVersion, view: &str, line: u32, code: &str) -> PyException {
    let (_, get_response) = handler_frames(version);
    let views = format!("{PROJECT_DIR}/lecture/views.py");
    let base = format!("{SITE_PACKAGES}/django/core/handlers/base.py");
    let mut exc = exc;
    exc.frames.insert(0, Frame { file: views, line, function: view.to_string(), code: code.to_string(), raised: None });
    exc.frames.insert(
        0,
        Frame {
            file: base,
            line: get_response,
            function: "_get_response".into(),
            code: "response = wrapped_callback(request, *callback_args, **callback_kwargs)".into(),
            raised: None,
        },
    );
    exc
}

/// The frame of a `MiddlewareMixin.__call__` calling `process_request` / `process_response`.
pub fn middleware_frames(exc: PyException, version: DjangoVersion, response_phase: bool) -> PyException {
    let file = format!("{SITE_PACKAGES}/django/utils/deprecation.py");
    let (line, code) = match (version, response_phase) {
        (DjangoVersion::V5_2, false) => (119, "response = self.process_request(request)"),
        (DjangoVersion::V5_2, true) => (122, "response = self.process_response(request, response)"),
        (DjangoVersion::V3_2, false) => (116, "response = self.process_request(request)"),
        (DjangoVersion::V3_2, true) => (119, "response = self.process_response(request, response)"),
    };
    exc.outer_frame(&file, line, "__call__", code)
}

#[cfg(test)]
mod tests {
    use super::caret_span;

    #[track_caller]
    fn check(code: &str, want: &str) {
        let got = match caret_span(code) {
            Some((start, len)) => format!("{}{}", " ".repeat(start), "^".repeat(len)),
            None => String::new(),
        };
        assert_eq!(got, want, "{code}");
    }

    #[test] // as CPython 3.11.7 printed them under Django 5.2.19 / 3.2.25
    fn carets_like_python_311() {
        check("response = get_response(request)", "           ^^^^^^^^^^^^^^^^^^^^^");
        check("resp.set_cookie('zap', int(oldval) + 1)", "                       ^^^^^^^^^^^");
        check("request.session.save()", "");
        check("session_data=self.encode(data),", "             ^^^^^^^^^^^^^^^^^");
        check("return signing.dumps(", "       ^^^^^^^^^^^^^^");
        check("**kw).encode(obj)", "      ^^^^^^^^^^^");
        check("return json.dumps(obj, separators=(',', ':')).encode('latin-1')", "       ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^");
        check("raise TypeError(f'Object of type {o.__class__.__name__} '", "");
        check("assert hasattr(request, 'session'), (", "");
    }
}
