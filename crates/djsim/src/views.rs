//! `lecture/views.py`: the lecture's views and the session lab (lab-app.md), each
//! doing exactly what its Python does, including what it raises. OWNER: server.

pub mod debug;

use crate::contrib::{auth, messages};
use crate::handlers::exception::{view_frames, PyException};
use crate::handlers::{cookie_exception, Ctx, WsgiRequest};
use crate::http::response::{CookieArgs, HttpResponse, MaxAge};
use crate::pyjson::Value;
use crate::sessions::base::{type_name, ExpiryArg};
use crate::urls::{Resolved, View};

/// The Python source of `lecture/views.py`, for tracebacks and the 500 page.
pub const LAB_VIEWS_PY: &str = r#"from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.utils import timezone
from django.utils.html import escape
import datetime, json

def cookie(request):                      # as on the lecture's slide
    print(request.COOKIES)
    resp = HttpResponse('C is for cookie and that is good enough for me...')
    resp.set_cookie('zap', 42)  # No expired date = until browser close
    resp.set_cookie('sakaicar', 42, max_age=1000)  # seconds until expire
    return resp

def cookie2(request):                     # as in csev/dj4e-samples today
    print(request.COOKIES)
    oldval = request.COOKIES.get('zap', None)
    resp = HttpResponse('In a view - the zap cookie value is ' + str(oldval))
    if oldval:
        resp.set_cookie('zap', int(oldval) + 1)
    else:
        resp.set_cookie('zap', 42)
    resp.set_cookie('sakaicar', 42, max_age=1000)
    return resp

def sessfun(request):
    num_visits = request.session.get('num_visits', 0) + 1
    request.session['num_visits'] = num_visits
    if num_visits > 4:
        del(request.session['num_visits'])
    return HttpResponse('view count=' + str(num_visits))

def noop(request):                        # never touches request.session
    return HttpResponse('noop')

def peek(request):                        # reads the session, changes nothing
    return HttpResponse('num_visits=' + str(request.session.get('num_visits')))

def store(request):                       # several JSON types
    request.session['name'] = 'Zoë ✓ "quoted"; semi, comma'
    request.session['list'] = [1, 'two', 3.5, None, True]
    request.session['dict'] = {'a': 1, 'b': [1, 2]}
    request.session['flag'] = False
    return HttpResponse('stored')

def show(request):                        # the session as JSON, insertion order
    return HttpResponse(json.dumps(dict(request.session.items())),
                        content_type='application/json')

def clear(request):
    request.session.clear()
    return HttpResponse('cleared')

def flush(request):
    request.session.flush()
    return HttpResponse('flushed')

def cycle(request):
    request.session.cycle_key()
    return HttpResponse('cycled')

def expiry(request, mode):
    request.session['exp_mode'] = mode
    if mode == 'none':
        request.session.set_expiry(None)
    elif mode == 'td':
        request.session.set_expiry(datetime.timedelta(hours=1))
    elif mode == 'dt':
        request.session.set_expiry(
            timezone.now().replace(microsecond=0) + datetime.timedelta(days=1))
    else:
        request.session.set_expiry(int(mode))
    return HttpResponse('expiry ' + mode + ' -> age=' + str(request.session.get_expiry_age())
                        + ' browser_close=' + str(request.session.get_expire_at_browser_close()))

def login_view(request):                  # at /session/login
    user = authenticate(request, username='alice', password='wonderland-42')
    login(request, user)
    return HttpResponse('logged in as ' + user.username)

def whoami(request):
    return HttpResponse('user=' + str(request.user))

def logout_view(request):                 # at /session/logout
    logout(request)
    return HttpResponse('logged out')

def setsigned(request):
    resp = HttpResponse('signed cookie set')
    resp.set_signed_cookie('sig', 'hello world', salt='lecture')
    return resp

def getsigned(request):
    val = request.get_signed_cookie('sig', default='<bad or missing>', salt='lecture')
    return HttpResponse('sig=' + val)

def deletezap(request):
    resp = HttpResponse('deleted zap')
    resp.delete_cookie('zap')
    return resp

def eurocookie(request):                  # a value outside latin-1: runserver cannot send it
    resp = HttpResponse('euro cookie')
    resp.set_cookie('price', '5 €')
    return resp

def resetcookie(request):                 # set_cookie twice: the first call's attributes stay
    resp = HttpResponse('reset cookie')
    resp.set_cookie('a', 1, max_age=100, httponly=True, samesite='Strict')
    resp.set_cookie('b', 'x')
    resp.set_cookie('a', 2)
    return resp

def main(request):                        # templates/session/main.html
    return render(request, 'session/main.html')

def form(request):                        # a form protected by CsrfViewMiddleware
    if request.method == 'POST':
        request.session['form_name'] = request.POST.get('name', '')
        return HttpResponse('form accepted: name=' + escape(request.session['form_name']))
    return render(request, 'session/form.html')

def message(request):                     # queue a message (the messages cookie)
    messages.success(request, request.GET.get('text', 'Hello from the messages framework'))
    return HttpResponse('message added: <a href="messages">read the messages</a>')

def messages_view(request):               # read them (the cookie is deleted)
    lines = ['<li class="%s">%s</li>' % (m.tags, escape(m)) for m in messages.get_messages(request)]
    return HttpResponse('<ul>' + ''.join(lines) + '</ul><p><a href="message">add one</a></p>')
"#;

/// The main page: the lecture's `templates/session/main.html`, then the lab's links.
pub const MAIN_HTML: &str = r#"<html><body><p>This is the sessions sample code</p>
<p>This page is coming from a file in templates/session/main.html</p>
<p>
<ul>
    <li><a href="cookie">If you give a browser a cookie...</a></li>
    <li><a href="sessfun">Fun with sessions</a></li>
</ul>
</p>
<p>The session lab:</p>
<ul>
    <li><a href="cookie2">cookie2</a>: the cookie view as csev/dj4e-samples has it today</li>
    <li><a href="noop">noop</a>: never touches request.session</li>
    <li><a href="peek">peek</a>: reads the session, changes nothing</li>
    <li><a href="store">store</a>: several JSON types</li>
    <li><a href="show">show</a>: the session as JSON</li>
    <li><a href="clear">clear</a>, <a href="flush">flush</a>, <a href="cycle">cycle</a></li>
    <li>set_expiry: <a href="expiry/60">60</a>, <a href="expiry/0">0</a>, <a href="expiry/none">none</a>, <a href="expiry/td">td</a>, <a href="expiry/dt">dt</a></li>
    <li><a href="login">login</a>, <a href="whoami">whoami</a>, <a href="logout">logout</a></li>
    <li><a href="setsigned">setsigned</a>, <a href="getsigned">getsigned</a></li>
    <li><a href="deletezap">deletezap</a>, <a href="eurocookie">eurocookie</a>, <a href="resetcookie">resetcookie</a></li>
    <li><a href="form">form</a>: a form protected by CSRF</li>
    <li><a href="message">message</a>, <a href="messages">messages</a>: the messages framework</li>
</ul>
</body></html>
"#;

/// `django.utils.html.escape`.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#x27;"),
            c => out.push(c),
        }
    }
    out
}

/// The line of `LAB_VIEWS_PY` holding `code` (after `def <func>`).
pub fn view_line(func: &str, code: &str) -> u32 {
    let mut in_func = false;
    for (i, line) in LAB_VIEWS_PY.lines().enumerate() {
        let is_def = line.strip_prefix("def ").and_then(|l| l.strip_prefix(func)).is_some_and(|l| l.starts_with('('));
        if is_def {
            in_func = true;
        } else if in_func && line.trim() == code {
            return i as u32 + 1;
        }
    }
    0
}

/// Adds the view's frame (and the handler's) to an exception raised at `code`.
/// The line is looked up only when the exception is raised: on the happy path
/// this costs nothing.
fn at<'a>(cx: &Ctx<'_>, func: &'a str, code: &'a str) -> impl FnOnce(PyException) -> PyException + 'a {
    let version = cx.version;
    move |e| view_frames(e, version, func, view_line(func, code), code)
}

/// The view function's name in `lecture/views.py`.
pub fn python_name(v: View) -> &'static str {
    match v {
        View::Main => "main",
        View::Cookie => "cookie",
        View::Cookie2 => "cookie2",
        View::Sessfun => "sessfun",
        View::Noop => "noop",
        View::Peek => "peek",
        View::Store => "store",
        View::Show => "show",
        View::Clear => "clear",
        View::Flush => "flush",
        View::Cycle => "cycle",
        View::Expiry => "expiry",
        View::Login => "login_view",
        View::Whoami => "whoami",
        View::Logout => "logout_view",
        View::Setsigned => "setsigned",
        View::Getsigned => "getsigned",
        View::Deletezap => "deletezap",
        View::Eurocookie => "eurocookie",
        View::Resetcookie => "resetcookie",
        View::Form => "form",
        View::Message => "message",
        View::Messages => "messages_view",
    }
}

/// Calls the view `r` names.
pub fn call(r: &Resolved, req: &mut WsgiRequest, cx: &mut Ctx<'_>) -> Result<HttpResponse, PyException> {
    match r.view {
        View::Main => Ok(HttpResponse::new(MAIN_HTML)),
        View::Cookie => cookie(req, cx),
        View::Cookie2 => cookie2(req, cx),
        View::Sessfun => sessfun(req, cx),
        View::Noop => Ok(HttpResponse::new("noop")),
        View::Peek => {
            let f = at(cx, "peek", "return HttpResponse('num_visits=' + str(request.session.get('num_visits')))");
            let v = with_session(req, |s| s.get(cx, "num_visits")).map_err(f)?;
            Ok(HttpResponse::new(format!("num_visits={}", py_str(v.as_ref().unwrap_or(&Value::None)))))
        }
        View::Store => store(req, cx),
        View::Show => {
            let f = at(cx, "show", "return HttpResponse(json.dumps(dict(request.session.items())),");
            let items = with_session(req, |s| s.items_json(cx)).map_err(f)?.map_err(|e| {
                let mut e = at(cx, "show", "return HttpResponse(json.dumps(dict(request.session.items())),")(e);
                // Python underlines the call that raised: json.dumps, not HttpResponse.
                if let Some(view) = e.frames.iter_mut().find(|f| f.function == "show") {
                    view.raised = Some("json.dumps(dict(request.session.items()))");
                }
                e
            })?;
            let mut resp = HttpResponse::new(dumps_default(&Value::Dict(items)));
            resp.set_header("Content-Type", "application/json");
            Ok(resp)
        }
        View::Clear => {
            let f = at(cx, "clear", "request.session.clear()");
            with_session(req, |s| {
                s.clear();
                Ok(())
            })
            .map_err(f)?;
            Ok(HttpResponse::new("cleared"))
        }
        View::Flush => {
            let f = at(cx, "flush", "request.session.flush()");
            with_session(req, |s| s.flush(cx)).map_err(f)?;
            Ok(HttpResponse::new("flushed"))
        }
        View::Cycle => {
            let f = at(cx, "cycle", "request.session.cycle_key()");
            with_session(req, |s| s.cycle_key(cx)).map_err(f)?;
            Ok(HttpResponse::new("cycled"))
        }
        View::Expiry => {
            let mode = r.kwargs.iter().find(|(k, _)| k == "mode").map(|(_, v)| v.clone()).unwrap_or_default();
            expiry(req, cx, &mode)
        }
        View::Login => {
            let user = auth::authenticate(cx, auth::ALICE, auth::ALICE_PASSWORD)
                .map_err(at(cx, "login_view", "user = authenticate(request, username='alice', password='wonderland-42')"))?;
            let name = user.as_ref().map(|u| u.username.clone());
            auth::login(req, cx, user).map_err(at(cx, "login_view", "login(request, user)"))?;
            Ok(HttpResponse::new(format!("logged in as {}", name.unwrap_or_default())))
        }
        View::Whoami => {
            let u = auth::request_user(req, cx).map_err(at(cx, "whoami", "return HttpResponse('user=' + str(request.user))"))?;
            Ok(HttpResponse::new(format!("user={}", auth::user_str(&u))))
        }
        View::Logout => {
            auth::logout(req, cx).map_err(at(cx, "logout_view", "logout(request)"))?;
            Ok(HttpResponse::new("logged out"))
        }
        View::Setsigned => {
            let mut resp = HttpResponse::new("signed cookie set");
            resp.set_signed_cookie("sig", "hello world", "lecture", &cx.settings.secret_key, cx.version, &CookieArgs::default(), cx.now)
                .map_err(|e| at(cx, "setsigned", "resp.set_signed_cookie('sig', 'hello world', salt='lecture')")(cookie_exception(e)))?;
            Ok(resp)
        }
        View::Getsigned => {
            let fallbacks: &[String] = if cx.version == crate::conf::DjangoVersion::V5_2 { &cx.settings.secret_key_fallbacks } else { &[] };
            let val = crate::http::response::get_signed_cookie(
                &req.cookies,
                "sig",
                "lecture",
                &cx.settings.secret_key,
                fallbacks,
                None,
                cx.settings.signed_cookie_legacy_salt_fallback,
                cx.version,
                cx.now,
            )
            // "default='<bad or missing>'": any failure gives the default.
            .unwrap_or_else(|_| "<bad or missing>".to_string());
            Ok(HttpResponse::new(format!("sig={val}")))
        }
        View::Deletezap => {
            let mut resp = HttpResponse::new("deleted zap");
            resp.delete_cookie("zap", "/", None, None, cx.now).map_err(|e| at(cx, "deletezap", "resp.delete_cookie('zap')")(cookie_exception(e)))?;
            Ok(resp)
        }
        View::Eurocookie => {
            let mut resp = HttpResponse::new("euro cookie");
            resp.set_cookie("price", "5 €", &CookieArgs::default(), cx.now)
                .map_err(|e| at(cx, "eurocookie", "resp.set_cookie('price', '5 €')")(cookie_exception(e)))?;
            Ok(resp)
        }
        View::Resetcookie => {
            let mut resp = HttpResponse::new("reset cookie");
            let a1 = CookieArgs { max_age: Some(MaxAge::Int(100)), httponly: true, samesite: Some("Strict".into()), ..CookieArgs::default() };
            let f = |cx: &Ctx<'_>, code: &'static str| at(cx, "resetcookie", code);
            resp.set_cookie("a", "1", &a1, cx.now)
                .map_err(|e| f(cx, "resp.set_cookie('a', 1, max_age=100, httponly=True, samesite='Strict')")(cookie_exception(e)))?;
            resp.set_cookie("b", "x", &CookieArgs::default(), cx.now).map_err(|e| f(cx, "resp.set_cookie('b', 'x')")(cookie_exception(e)))?;
            resp.set_cookie("a", "2", &CookieArgs::default(), cx.now).map_err(|e| f(cx, "resp.set_cookie('a', 2)")(cookie_exception(e)))?;
            Ok(resp)
        }
        View::Form => form(req, cx),
        View::Message => {
            let text = req.get_param("text").unwrap_or_else(|| "Hello from the messages framework".to_string());
            messages::add_message(req, messages::SUCCESS, &text)
                .map_err(at(cx, "message", "messages.success(request, request.GET.get('text', 'Hello from the messages framework'))"))?;
            Ok(HttpResponse::new("message added: <a href=\"messages\">read the messages</a>"))
        }
        View::Messages => {
            let lines: String = messages::get_messages(req, cx)
                .iter()
                .map(|m| format!("<li class=\"{}\">{}</li>", m.tags(), escape(&m.message)))
                .collect();
            Ok(HttpResponse::new(format!("<ul>{lines}</ul><p><a href=\"message\">add one</a></p>")))
        }
    }
}

/// Runs `f` on `request.session`, or raises Django's `AttributeError` when
/// `SessionMiddleware` did not set it.
pub fn with_session<T>(
    req: &mut WsgiRequest,
    f: impl FnOnce(&mut crate::sessions::SessionStore) -> Result<T, PyException>,
) -> Result<T, PyException> {
    match req.session.as_mut() {
        Some(s) => f(s),
        None => Err(PyException::no_attribute("WSGIRequest", "session")),
    }
}

fn cookie(req: &mut WsgiRequest, cx: &mut Ctx<'_>) -> Result<HttpResponse, PyException> {
    cx.print(&crate::http::cookie::cookies_repr(&req.cookies));
    let mut resp = HttpResponse::new("C is for cookie and that is good enough for me...");
    resp.set_cookie("zap", "42", &CookieArgs::default(), cx.now)
        .map_err(|e| at(cx, "cookie", "resp.set_cookie('zap', 42)  # No expired date = until browser close")(cookie_exception(e)))?;
    let a = CookieArgs { max_age: Some(MaxAge::Int(1000)), ..CookieArgs::default() };
    resp.set_cookie("sakaicar", "42", &a, cx.now)
        .map_err(|e| at(cx, "cookie", "resp.set_cookie('sakaicar', 42, max_age=1000)  # seconds until expire")(cookie_exception(e)))?;
    Ok(resp)
}

fn cookie2(req: &mut WsgiRequest, cx: &mut Ctx<'_>) -> Result<HttpResponse, PyException> {
    cx.print(&crate::http::cookie::cookies_repr(&req.cookies));
    let oldval = req.cookie("zap");
    let mut resp = HttpResponse::new(format!("In a view - the zap cookie value is {}", oldval.clone().unwrap_or_else(|| "None".into())));
    match oldval.filter(|v| !v.is_empty()) {
        Some(v) => {
            let code = "resp.set_cookie('zap', int(oldval) + 1)";
            let n = py_int(&v).ok_or_else(|| at(cx, "cookie2", code)(PyException::int_literal(&v)))?;
            let next = int_add(&n, 1);
            resp.set_cookie("zap", &next, &CookieArgs::default(), cx.now).map_err(|e| at(cx, "cookie2", code)(cookie_exception(e)))?;
        }
        None => {
            resp.set_cookie("zap", "42", &CookieArgs::default(), cx.now)
                .map_err(|e| at(cx, "cookie2", "resp.set_cookie('zap', 42)")(cookie_exception(e)))?;
        }
    }
    let a = CookieArgs { max_age: Some(MaxAge::Int(1000)), ..CookieArgs::default() };
    resp.set_cookie("sakaicar", "42", &a, cx.now)
        .map_err(|e| at(cx, "cookie2", "resp.set_cookie('sakaicar', 42, max_age=1000)")(cookie_exception(e)))?;
    Ok(resp)
}

fn sessfun(req: &mut WsgiRequest, cx: &mut Ctx<'_>) -> Result<HttpResponse, PyException> {
    let l1 = "num_visits = request.session.get('num_visits', 0) + 1";
    let v = with_session(req, |s| s.get(cx, "num_visits")).map_err(at(cx, "sessfun", l1))?.unwrap_or(Value::int(0));
    let num_visits = py_add_one(&v).map_err(at(cx, "sessfun", l1))?;
    with_session(req, |s| s.set(cx, "num_visits", num_visits.clone())).map_err(at(cx, "sessfun", "request.session['num_visits'] = num_visits"))?;
    if py_gt_4(&num_visits) {
        with_session(req, |s| s.delete_item(cx, "num_visits")).map_err(at(cx, "sessfun", "del(request.session['num_visits'])"))?;
    }
    Ok(HttpResponse::new(format!("view count={}", py_str(&num_visits))))
}

fn store(req: &mut WsgiRequest, cx: &mut Ctx<'_>) -> Result<HttpResponse, PyException> {
    let mut inner = crate::pyjson::Dict::new();
    inner.insert("a", Value::int(1));
    inner.insert("b", Value::List(vec![Value::int(1), Value::int(2)]));
    let items = [
        ("name", Value::str("Zoë ✓ \"quoted\"; semi, comma"), "request.session['name'] = 'Zoë ✓ \"quoted\"; semi, comma'"),
        (
            "list",
            Value::List(vec![Value::int(1), Value::str("two"), Value::Float(3.5), Value::None, Value::Bool(true)]),
            "request.session['list'] = [1, 'two', 3.5, None, True]",
        ),
        ("dict", Value::Dict(inner), "request.session['dict'] = {'a': 1, 'b': [1, 2]}"),
        ("flag", Value::Bool(false), "request.session['flag'] = False"),
    ];
    for (k, v, code) in items {
        with_session(req, |s| s.set(cx, k, v)).map_err(at(cx, "store", code))?;
    }
    Ok(HttpResponse::new("stored"))
}

fn expiry(req: &mut WsgiRequest, cx: &mut Ctx<'_>, mode: &str) -> Result<HttpResponse, PyException> {
    with_session(req, |s| s.set(cx, "exp_mode", Value::str(mode))).map_err(at(cx, "expiry", "request.session['exp_mode'] = mode"))?;
    let (arg, code) = match mode {
        "none" => (ExpiryArg::None, "request.session.set_expiry(None)"),
        "td" => (ExpiryArg::Timedelta(3_600_000_000), "request.session.set_expiry(datetime.timedelta(hours=1))"),
        "dt" => {
            let now = cx.now;
            let day = crate::sessions::base::checked_add(now.plus_micros(-now.subsec_micros()), 86_400_000_000)
                .map_err(at(cx, "expiry", "timezone.now().replace(microsecond=0) + datetime.timedelta(days=1))"))?;
            (ExpiryArg::Datetime(day), "request.session.set_expiry(")
        }
        other => {
            let code = "request.session.set_expiry(int(mode))";
            let n = py_int(other).ok_or_else(|| at(cx, "expiry", code)(PyException::int_literal(other)))?;
            (ExpiryArg::Int(Value::Int(n)), code)
        }
    };
    with_session(req, |s| s.set_expiry(cx, arg)).map_err(at(cx, "expiry", code))?;
    let age_code = "return HttpResponse('expiry ' + mode + ' -> age=' + str(request.session.get_expiry_age())";
    let age = with_session(req, |s| s.get_expiry_age(cx)).map_err(at(cx, "expiry", age_code))?;
    let close = with_session(req, |s| s.get_expire_at_browser_close(cx)).map_err(at(cx, "expiry", age_code))?;
    Ok(HttpResponse::new(format!("expiry {mode} -> age={} browser_close={}", age.py_str(), if close { "True" } else { "False" })))
}

fn form(req: &mut WsgiRequest, cx: &mut Ctx<'_>) -> Result<HttpResponse, PyException> {
    if req.method == "POST" {
        let name = req.post_get("name").unwrap_or_default();
        with_session(req, |s| s.set(cx, "form_name", Value::str(name.clone())))
            .map_err(at(cx, "form", "request.session['form_name'] = request.POST.get('name', '')"))?;
        return Ok(HttpResponse::new(format!("form accepted: name={}", escape(&name))));
    }
    let token = crate::middleware::csrf::get_token(req, cx);
    Ok(HttpResponse::new(format!(
        "<html><body><p>A form protected by CsrfViewMiddleware</p>\n<form method=\"post\" action=\"form\">\n    <input type=\"hidden\" name=\"csrfmiddlewaretoken\" value=\"{token}\">\n    <label for=\"name\">Name:</label> <input type=\"text\" name=\"name\" id=\"name\">\n    <input type=\"submit\" value=\"Send\">\n</form>\n</body></html>\n"
    )))
}

/// Python's `str(v)` of a session value.
pub fn py_str(v: &Value) -> String {
    match v {
        Value::Str(s) => s.clone(),
        other => crate::pyjson::repr(other),
    }
}

/// `int(s)` of a `str`: surrounding whitespace, a sign, digits with single
/// underscores between them. The normalized decimal, or `None` (ValueError).
pub fn py_int(s: &str) -> Option<String> {
    let t = s.trim_matches(|c: char| c.is_whitespace());
    let (neg, digits) = match t.as_bytes().first()? {
        b'-' => (true, &t[1..]),
        b'+' => (false, &t[1..]),
        _ => (false, t),
    };
    if digits.is_empty() || digits.starts_with('_') || digits.ends_with('_') || digits.contains("__") {
        return None;
    }
    if !digits.chars().all(|c| c.is_ascii_digit() || c == '_') {
        return None;
    }
    let clean: String = digits.chars().filter(|c| *c != '_').collect();
    let clean = clean.trim_start_matches('0');
    let clean = if clean.is_empty() { "0" } else { clean };
    Some(if neg && clean != "0" { format!("-{clean}") } else { clean.to_string() })
}

/// `n + k` for a decimal integer string of any size and a small `k`.
pub fn int_add(n: &str, k: i64) -> String {
    if let Ok(v) = n.parse::<i128>() {
        if let Some(r) = v.checked_add(k as i128) {
            return r.to_string();
        }
    }
    // Big magnitudes: |n| is far above |k|, so the sign stays.
    let (neg, mag) = match n.strip_prefix('-') {
        Some(m) => (true, m),
        None => (false, n),
    };
    let add = (k >= 0) != neg;
    let mut digits: Vec<u8> = mag.bytes().map(|b| b - b'0').collect();
    let mut carry = k.unsigned_abs() as u128;
    let mut i = digits.len();
    while carry > 0 && i > 0 {
        i -= 1;
        let d = digits[i] as i128;
        let c = (carry % 10) as i128;
        carry /= 10;
        let v = if add { d + c } else { d - c };
        if v >= 10 {
            digits[i] = (v - 10) as u8;
            carry += 1;
        } else if v < 0 {
            digits[i] = (v + 10) as u8;
            carry += 1;
        } else {
            digits[i] = v as u8;
        }
    }
    let mut s: String = digits.iter().map(|d| (d + b'0') as char).collect();
    if carry > 0 {
        s = format!("{carry}{s}");
    }
    let s = s.trim_start_matches('0').to_string();
    if neg {
        format!("-{s}")
    } else {
        s
    }
}

/// `v + 1` as Python computes it for a session value.
pub fn py_add_one(v: &Value) -> Result<Value, PyException> {
    match v {
        Value::Int(s) => Ok(Value::Int(int_add(s, 1))),
        Value::Float(f) => Ok(Value::Float(f + 1.0)),
        Value::Bool(b) => Ok(Value::int(*b as i64 + 1)),
        Value::Str(_) => Err(PyException::new("TypeError", "can only concatenate str (not \"int\") to str")),
        Value::List(_) => Err(PyException::new("TypeError", "can only concatenate list (not \"int\") to list")),
        other => Err(PyException::new("TypeError", format!("unsupported operand type(s) for +: '{}' and 'int'", type_name(other)))),
    }
}

/// `v > 4` for the numbers `py_add_one` returns.
pub fn py_gt_4(v: &Value) -> bool {
    match v {
        Value::Int(s) => match s.parse::<i64>() {
            Ok(n) => n > 4,
            Err(_) => !s.starts_with('-'),
        },
        Value::Float(f) => *f > 4.0,
        _ => false,
    }
}

/// `json.dumps(obj)` with the default separators `", "` and `": "`.
pub fn dumps_default(v: &Value) -> String {
    match v {
        Value::List(items) => format!("[{}]", items.iter().map(dumps_default).collect::<Vec<_>>().join(", ")),
        Value::Dict(d) => format!(
            "{{{}}}",
            d.iter().map(|(k, v)| format!("{}: {}", crate::pyjson::dumps(&Value::str(k)), dumps_default(v))).collect::<Vec<_>>().join(", ")
        ),
        other => crate::pyjson::dumps(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_int() {
        for (s, want) in [("42", Some("42")), (" 7 ", Some("7")), ("+5", Some("5")), ("-0", Some("0")), ("1_000", Some("1000")), ("007", Some("7"))] {
            assert_eq!(py_int(s).as_deref(), want, "{s:?}");
        }
        for s in ["abc", "", "1__0", "_1", "1_", "4.2", "- 1", "٣x"] {
            assert_eq!(py_int(s), None, "{s:?}");
        }
        assert_eq!(int_add("42", 1), "43");
        assert_eq!(int_add("-1", 1), "0");
        assert_eq!(int_add("99999999999999999999999999999999999999999", 1), "100000000000000000000000000000000000000000");
    }

    #[test]
    fn view_lines_are_found() {
        assert!(view_line("cookie2", "resp.set_cookie('zap', int(oldval) + 1)") > 0);
        assert!(view_line("sessfun", "num_visits = request.session.get('num_visits', 0) + 1") > 0);
    }
}
