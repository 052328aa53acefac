//! `django.views.debug` and `django.views.defaults`: the DEBUG 404 page (byte-exact
//! with Django 5.2's), the technical 500 page (Django's layout: summary, traceback,
//! request information), and the production error pages. OWNER: server.

use super::{escape, LAB_VIEWS_PY};
use crate::handlers::exception::{PyException, PROJECT_DIR};
use crate::handlers::{Ctx, WsgiRequest};
use crate::http::response::HttpResponse;
use crate::urls::ROOT_URLCONF;

/// `technical_404_response(request, exception)` for a `Resolver404`.
pub fn technical_404(req: &WsgiRequest, cx: &mut Ctx<'_>, tried: &[Vec<String>], request_path: &str) -> HttpResponse {
    // Django 3.2's template uses <div>s, plain <th>s and no <code> per pattern.
    let v32 = cx.version == crate::conf::DjangoVersion::V3_2;
    let (open_summary, close_summary, open_info, close_info, open_expl, close_expl, h1_404, th) = if v32 {
        ("  <div id=\"summary\">", "  </div>\n  <div id=\"info\">", "", "  </div>", "  <div id=\"explanation\">", "  </div>", "<span>(404)</span>", "<th>")
    } else {
        ("  <header id=\"summary\">", "  </header>\n\n  <main id=\"info\">", "", "  </main>", "  <footer id=\"explanation\">", "  </footer>", "<small>(404)</small>", "<th scope=\"row\">")
    };
    let _ = open_info;
    let mut s = String::new();
    s.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n  <meta http-equiv=\"content-type\" content=\"text/html; charset=utf-8\">\n");
    s.push_str(&format!("  <title>Page not found at {}</title>\n", escape(&req.path)));
    s.push_str(if v32 { TECHNICAL_404_STYLE_32 } else { TECHNICAL_404_STYLE });
    s.push_str(&format!("<body>\n{open_summary}\n    <h1>Page not found {h1_404}</h1>\n    \n    <table class=\"meta\">\n      <tr>\n        {th}Request Method:</th>\n"));
    s.push_str(&format!("        <td>{}</td>\n      </tr>\n      <tr>\n        {th}Request URL:</th>\n", escape(&req.method)));
    s.push_str(&format!("        <td>{}</td>\n      </tr>\n      \n    </table>\n{close_summary}\n    ", escape(&req.build_absolute_uri(cx))));
    if !tried.is_empty() {
        s.push_str(&format!(
            "\n      <p>\n      Using the URLconf defined in <code>{ROOT_URLCONF}</code>,\n      Django tried these URL patterns, in this order:\n      </p>\n      <ol>\n        "
        ));
        for pattern in tried {
            s.push_str("\n          <li>\n            ");
            for pat in pattern {
                if v32 {
                    s.push_str(&format!("\n                {}\n                \n            ", escape(pat)));
                } else {
                    s.push_str(&format!("\n              <code>\n                {}\n                \n              </code>\n            ", escape(pat)));
                }
            }
            s.push_str("\n          </li>\n        ");
        }
        s.push_str("\n      </ol>\n      <p>\n        ");
        if request_path.is_empty() {
            s.push_str("\n          The empty path\n        ");
        } else {
            s.push_str(&format!("\n          The current path, <code>{}</code>,\n        ", escape(request_path)));
        }
        s.push_str("\n        didn’t match any of these.\n      </p>\n    ");
    }
    s.push_str(&format!("\n{close_info}\n\n{open_expl}\n    <p>\n      You’re seeing this error because you have <code>DEBUG = True</code> in\n      your Django settings file. Change that to <code>False</code>, and Django\n      will display a standard 404 page.\n    </p>\n{close_expl}\n</body>\n</html>\n"));
    let mut r = HttpResponse::new(s).with_status(404);
    // "HttpResponseNotFound(t.render(c), content_type='text/html')" (3.2); 5.2 sets
    // the default "text/html; charset=utf-8".
    if v32 {
        r.set_header("Content-Type", "text/html");
    }
    r
}

/// Django 3.2's `<style>` of the technical 404 page.
const TECHNICAL_404_STYLE_32: &str = "  <meta name=\"robots\" content=\"NONE,NOARCHIVE\">\n  <style type=\"text/css\">\n    html * { padding:0; margin:0; }\n    body * { padding:10px 20px; }\n    body * * { padding:0; }\n    body { font:small sans-serif; background:#eee; color:#000; }\n    body>div { border-bottom:1px solid #ddd; }\n    h1 { font-weight:normal; margin-bottom:.4em; }\n    h1 span { font-size:60%; color:#666; font-weight:normal; }\n    table { border:none; border-collapse: collapse; width:100%; }\n    td, th { vertical-align:top; padding:2px 3px; }\n    th { width:12em; text-align:right; color:#666; padding-right:.5em; }\n    #info { background:#f6f6f6; }\n    #info ol { margin: 0.5em 4em; }\n    #info ol li { font-family: monospace; }\n    #summary { background: #ffc; }\n    #explanation { background:#eee; border-bottom: 0px none; }\n    pre.exception_value { font-family: sans-serif; color: #575757; font-size: 1.5em; margin: 10px 0 10px 0; }\n  </style>\n</head>\n";

const TECHNICAL_404_STYLE: &str = "  <meta name=\"robots\" content=\"NONE,NOARCHIVE\">\n  <style>\n    html * { padding:0; margin:0; }\n    body * { padding:10px 20px; }\n    body * * { padding:0; }\n    body { font-family: sans-serif; background:#eee; color:#000; }\n    body > :where(header, main, footer) { border-bottom:1px solid #ddd; }\n    h1 { font-weight:normal; margin-bottom:.4em; }\n    h1 small { font-size:60%; color:#666; font-weight:normal; }\n    table { border:none; border-collapse: collapse; width:100%; }\n    td, th { vertical-align:top; padding:2px 3px; }\n    th { width:12em; text-align:right; color:#666; padding-right:.5em; }\n    #info { background:#f6f6f6; }\n    #info ol { margin: 0.5em 4em; }\n    #info ol li { font-family: monospace; }\n    #summary { background: #ffc; }\n    #explanation { background:#eee; border-bottom: 0px none; }\n    pre.exception_value { font-family: sans-serif; color: #575757; font-size: 1.5em; margin: 10px 0 10px 0; }\n  </style>\n</head>\n";

/// `ERROR_PAGE_TEMPLATE` of `django.views.defaults` (DEBUG = False).
pub fn error_page(version: crate::conf::DjangoVersion, status: u16, title: &str, details: &str) -> HttpResponse {
    let mut r = HttpResponse::new(format!(
        "\n<!doctype html>\n<html lang=\"en\">\n<head>\n  <title>{title}</title>\n</head>\n<body>\n  <h1>{title}</h1><p>{details}</p>\n</body>\n</html>\n"
    ))
    .with_status(status);
    // 3.2: "HttpResponseNotFound(body, content_type='text/html')" and the like.
    if version == crate::conf::DjangoVersion::V3_2 {
        r.set_header("Content-Type", "text/html");
    }
    r
}

/// `technical_500_response(request, exc_type, exc_value, tb, status_code)`: HTML when
/// the client accepts it, else Django's plain-text report.
pub fn technical_500(req: &WsgiRequest, cx: &mut Ctx<'_>, exc: &PyException, status: u16) -> HttpResponse {
    let html = req.accepts_html();
    let body = if html { technical_500_html(req, cx, exc) } else { technical_500_text(req, cx, exc) };
    let mut r = HttpResponse::new(body).with_status(status);
    if !html {
        r.set_header("Content-Type", "text/plain; charset=utf-8");
    } else if cx.version == crate::conf::DjangoVersion::V3_2 {
        // 3.2: "HttpResponse(html, status=status_code, content_type='text/html')"
        r.set_header("Content-Type", "text/html");
    }
    r
}

fn technical_500_text(req: &WsgiRequest, cx: &mut Ctx<'_>, exc: &PyException) -> String {
    let mut s = format!("{} at {}\n{}\n\n", exc.short_name(), req.path, exc.message);
    s.push_str(&format!("Request Method: {}\nRequest URL: {}\n", req.method, req.build_absolute_uri(cx)));
    s.push_str(&format!("Django Version: {}\nPython Executable: /usr/local/bin/python3\nPython Version: 3.11.7\n", cx.version.full()));
    s.push_str(&format!("Server time: {}\n", server_time(cx)));
    s.push('\n');
    s.push_str(&exc.traceback());
    s.push_str(&format!(
        "\n\nException Type: {} at {}\nException Value: {}\n",
        exc.short_name(),
        req.path,
        exc.message
    ));
    s.push_str("\nYou’re seeing this error because you have DEBUG = True in your\nDjango settings file. Change that to False, and Django will\ndisplay a standard page generated by the handler for this status code.\n\n");
    s
}

fn server_time(cx: &Ctx<'_>) -> String {
    let t = cx.now.plus_secs(cx.settings.utc_offset_secs());
    let c = t.civil();
    const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    format!(
        "{}, {} {} {} {:02}:{:02}:{:02} +0000",
        DAYS[c.weekday as usize],
        c.day,
        crate::time::MONTHS[c.month as usize - 1],
        c.year,
        c.hour,
        c.minute,
        c.second
    )
}

fn technical_500_html(req: &WsgiRequest, cx: &mut Ctx<'_>, exc: &PyException) -> String {
    let e = |s: &str| escape(s);
    let name = exc.short_name().to_string();
    let mut s = String::new();
    s.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n  <meta http-equiv=\"content-type\" content=\"text/html; charset=utf-8\">\n  <meta name=\"robots\" content=\"NONE,NOARCHIVE\">\n");
    s.push_str(&format!("  <title>{}\n          at {}</title>\n", e(&name), e(&req.path)));
    let v32 = cx.version == crate::conf::DjangoVersion::V3_2;
    s.push_str(if v32 { TECHNICAL_500_HEAD_32 } else { TECHNICAL_500_HEAD });
    s.push_str(if v32 { "<body>\n<div id=\"summary\">\n" } else { "<body>\n<header id=\"summary\">\n" });
    s.push_str(&format!("  <h1>{}\n       at {}</h1>\n", e(&name), e(&req.path)));
    s.push_str(&format!("  <pre class=\"exception_value\">{}</pre>\n", e(if exc.message.is_empty() { "No exception message supplied" } else { &exc.message })));
    s.push_str("  <table class=\"meta\">\n\n");
    let th = if v32 { "<th>" } else { "<th scope=\"row\">" };
    let row = |k: &str, v: &str| format!("    <tr>\n      {th}{k}</th>\n      <td>{v}</td>\n    </tr>\n");
    s.push_str(&row("Request Method:", &e(&req.method)));
    s.push_str(&row("Request URL:", &e(&req.build_absolute_uri(cx))));
    s.push('\n');
    s.push_str(&row("Django Version:", cx.version.full()));
    s.push('\n');
    s.push_str(&row("Exception Type:", &e(&name)));
    s.push_str("\n\n");
    s.push_str(&row("Exception Value:", &format!("<pre>{}</pre>", e(&exc.message))));
    s.push_str("\n\n");
    if let Some(f) = exc.frames.last() {
        s.push_str(&row("Exception Location:", &format!("<span class=\"fname\">{}</span>, line {}, in {}", e(&f.file), f.line, e(&f.function))));
    }
    s.push('\n');
    if !v32 {
        s.push('\n');
        if let Some(v) = req.view_dotted_name() {
            s.push_str(&row("Raised during:", &e(&v)));
        }
        s.push('\n');
    }
    s.push_str(&row("Python Executable:", "/usr/local/bin/python3"));
    s.push_str(&row("Python Version:", "3.11.7"));
    let path = format!(
        "[&#x27;{PROJECT_DIR}&#x27;,\n &#x27;/usr/local/lib/python311.zip&#x27;,\n &#x27;/usr/local/lib/python3.11&#x27;,\n &#x27;/usr/local/lib/python3.11/lib-dynload&#x27;,\n &#x27;/usr/local/lib/python3.11/site-packages&#x27;]"
    );
    s.push_str(&row("Python Path:", &if v32 { format!("<pre>{path}</pre>") } else { format!("<pre><code>{path}</code></pre>") }));
    s.push_str(&row("Server time:", &server_time(cx)));
    s.push_str(if v32 { "  </table>\n</div>\n\n\n\n\n<div id=\"traceback\">" } else { "  </table>\n</header>\n\n<main id=\"info\">\n\n\n\n\n<div id=\"traceback\">" });
    s.push_str("\n  <h2>Traceback <span class=\"commands\"><a href=\"#\" role=\"button\">Switch to copy-and-paste view</a></span></h2>\n  <div id=\"browserTraceback\">\n    <ul class=\"traceback\">\n");
    for f in exc.frames.iter().rev() {
        let user = !f.file.contains("site-packages");
        s.push_str(&format!(
            "        <li class=\"frame {}\">\n          <code class=\"fname\">{}</code>, line {}, in {}\n",
            if user { "user" } else { "django" },
            e(&f.file),
            f.line,
            e(&f.function)
        ));
        s.push_str("          <div class=\"context\">\n            <ol start=\"");
        s.push_str(&f.line.to_string());
        s.push_str(&format!("\" class=\"context-line\">\n              <li><pre>{}</pre> <span>…</span></li>\n            </ol>\n", e(&context_line(f))));
        s.push_str("          </div>\n        </li>\n");
    }
    s.push_str("    </ul>\n  </div>\n  <form action=\"https://dpaste.com/\" name=\"pasteform\" id=\"pasteform\" method=\"post\">\n  <div id=\"pastebinTraceback\" class=\"pastebin\">\n    <textarea id=\"traceback_area\" cols=\"140\" rows=\"25\">\n");
    s.push_str(&e(&format!(
        "Environment:\n\n\nRequest Method: {}\nRequest URL: {}\n\nDjango Version: {}\nPython Version: 3.11.7\n\n\n{}\n\nException Type: {} at {}\nException Value: {}\n",
        req.method,
        req.build_absolute_uri(cx),
        cx.version.full(),
        exc.traceback(),
        name,
        req.path,
        exc.message
    )));
    s.push_str("</textarea>\n  </div>\n</form>\n</div>\n\n<div id=\"requestinfo\">\n  <h2>Request information</h2>\n\n  <h3 id=\"user-info\">USER</h3>\n");
    s.push_str(&format!("  <p>{}</p>\n\n", e(&user_info(req))));
    s.push_str(&table("get-info", "GET", &req.query_pairs()));
    s.push_str(&table("post-info", "POST", &req.post_pairs()));
    s.push_str("  <h3 id=\"files-info\">FILES</h3>\n    <p>No FILES data</p>\n\n");
    s.push_str(&table("cookie-info", "COOKIES", &req.cookies));
    s.push_str(&table("meta-info", "META", &req.meta()));
    s.push_str("\n  <h3 id=\"settings-info\">Settings</h3>\n  <h4>Using settings module <code>djproj.settings</code></h4>\n");
    let settings = cx.settings.to_json();
    let mut rows: Vec<(String, String)> = settings
        .as_object()
        .map(|m| {
            m.iter()
                .map(|(k, v)| {
                    let shown = if k.contains("SECRET") { "'********************'".to_string() } else { v.to_string() };
                    (k.clone(), shown)
                })
                .collect()
        })
        .unwrap_or_default();
    rows.sort();
    s.push_str(&table_body(&rows));
    s.push_str("\n</div>\n</main>\n\n  <footer id=\"explanation\">\n    <p>\n      You’re seeing this error because you have <code>DEBUG = True</code> in your\n      Django settings file. Change that to <code>False</code>, and Django will\n      display a standard page generated by the handler for this status code.\n    </p>\n  </footer>\n\n</body>\n</html>\n");
    s
}

fn user_info(req: &WsgiRequest) -> String {
    match &req.user {
        None => "[unable to retrieve the current user]".into(),
        Some(crate::contrib::auth::UserSlot::User(u)) => u.username.clone(),
        Some(_) => "AnonymousUser".into(),
    }
}

fn context_line(f: &crate::handlers::exception::Frame) -> String {
    if f.file == format!("{PROJECT_DIR}/lecture/views.py") {
        if let Some(l) = LAB_VIEWS_PY.lines().nth(f.line.saturating_sub(1) as usize) {
            return l.to_string();
        }
    }
    format!("    {}", f.code)
}

fn table(id: &str, title: &str, rows: &[(String, String)]) -> String {
    let mut s = format!("  <h3 id=\"{id}\">{title}</h3>\n");
    if rows.is_empty() {
        s.push_str(&format!("    <p>No {title} data</p>\n\n"));
    } else {
        let shown: Vec<(String, String)> = rows.iter().map(|(k, v)| (k.clone(), crate::py::repr_str(v))).collect();
        s.push_str(&table_body(&shown));
    }
    s
}

fn table_body(rows: &[(String, String)]) -> String {
    let mut s = String::from("    <table class=\"req\">\n      <thead>\n        <tr>\n          <th scope=\"col\">Variable</th>\n          <th scope=\"col\">Value</th>\n        </tr>\n      </thead>\n      <tbody>\n");
    for (k, v) in rows {
        s.push_str(&format!(
            "          <tr>\n            <td>{}</td>\n            <td class=\"code\"><pre>{}</pre></td>\n          </tr>\n",
            escape(k),
            escape(v)
        ));
    }
    s.push_str("      </tbody>\n    </table>\n\n");
    s
}

/// The `<style>` and `<script>` of Django 5.2's technical 500 page, through `</head>`.
const TECHNICAL_500_HEAD: &str = "  <style>\n    html * { padding:0; margin:0; }\n    body * { padding:10px 20px; }\n    body * * { padding:0; }\n    body { font-family: sans-serif; background-color:#fff; color:#000; }\n    body > :where(header, main, footer) { border-bottom:1px solid #ddd; }\n    h1 { font-weight:normal; }\n    h2 { margin-bottom:.8em; }\n    h3 { margin:1em 0 .5em 0; }\n    h4 { margin:0 0 .5em 0; font-weight: normal; }\n    code, pre { font-size: 100%; white-space: pre-wrap; word-break: break-word; }\n    summary { cursor: pointer; }\n    table { border:1px solid #ccc; border-collapse: collapse; width:100%; background:white; }\n    tbody td, tbody th { vertical-align:top; padding:2px 3px; }\n    thead th {\n      padding:1px 6px 1px 3px; background:#fefefe; text-align:left;\n      font-weight:normal; font-size: 0.6875rem; border:1px solid #ddd;\n    }\n    tbody th { width:12em; text-align:right; color:#666; padding-right:.5em; }\n    table.vars { margin:5px 10px 2px 40px; width: auto; }\n    table.vars td, table.req td { font-family:monospace; }\n    table td.code { width:100%; }\n    table td.code pre { overflow:hidden; }\n    table.source th { color:#666; }\n    table.source td { font-family:monospace; white-space:pre; border-bottom:1px solid #eee; }\n    ul.traceback { list-style-type:none; color: #222; }\n    ul.traceback li.cause { word-break: break-word; }\n    ul.traceback li.frame { padding-bottom:1em; color:#4f4f4f; }\n    ul.traceback li.user { background-color:#e0e0e0; color:#000 }\n    div.context { padding:10px 0; overflow:hidden; }\n    div.context ol { padding-left:30px; margin:0 10px; list-style-position: inside; }\n    div.context ol li { font-family:monospace; white-space:pre; color:#777; cursor:pointer; padding-left: 2px; }\n    div.context ol li pre { display:inline; }\n    div.context ol.context-line li { color:#464646; background-color:#dfdfdf; padding: 3px 2px; }\n    div.context ol.context-line li span { position:absolute; right:32px; }\n    .user div.context ol.context-line li { background-color:#bbb; color:#000; }\n    .user div.context ol li { color:#666; }\n    div.commands, summary.commands { margin-left: 40px; }\n    div.commands a, summary.commands { color:#555; text-decoration:none; }\n    .user div.commands a { color: black; }\n    #summary { background: #ffc; }\n    #summary h2 { font-weight: normal; color: #666; }\n    #info { padding: 0; }\n    #info > * { padding:10px 20px; }\n    #explanation { background:#eee; }\n    #template, #template-not-exist { background:#f6f6f6; }\n    #template-not-exist ul { margin: 0 0 10px 20px; }\n    #template-not-exist .postmortem-section { margin-bottom: 3px; }\n    #unicode-hint { background:#eee; }\n    #traceback { background:#eee; }\n    #requestinfo { background:#f6f6f6; padding-left:120px; }\n    #summary table { border:none; background:transparent; }\n    #requestinfo h2, #requestinfo h3 { position:relative; margin-left:-100px; }\n    #requestinfo h3 { margin-bottom:-1em; }\n    .error { background: #ffc; }\n    .specific { color:#cc3300; font-weight:bold; }\n    h2 span.commands { font-size: 0.7rem; font-weight:normal; }\n    span.commands a:link {color:#5E5694;}\n    pre.exception_value { font-family: sans-serif; color: #575757; font-size: 1.5rem; margin: 10px 0 10px 0; }\n    .append-bottom { margin-bottom: 10px; }\n    .fname { user-select: all; }\n  </style>\n  \n  <script>\n    function hideAll(elems) {\n      for (var e = 0; e < elems.length; e++) {\n        elems[e].style.display = 'none';\n      }\n    }\n    window.onload = function() {\n      hideAll(document.querySelectorAll('ol.pre-context'));\n      hideAll(document.querySelectorAll('ol.post-context'));\n      hideAll(document.querySelectorAll('div.pastebin'));\n    }\n    function toggle() {\n      for (var i = 0; i < arguments.length; i++) {\n        var e = document.getElementById(arguments[i]);\n        if (e) {\n          e.style.display = e.style.display == 'none' ? 'block': 'none';\n        }\n      }\n      return false;\n    }\n    function switchPastebinFriendly(link) {\n      s1 = \"Switch to copy-and-paste view\";\n      s2 = \"Switch back to interactive view\";\n      link.textContent = link.textContent.trim() == s1 ? s2: s1;\n      toggle('browserTraceback', 'pastebinTraceback');\n      return false;\n    }\n  </script>\n  \n</head>\n";

/// Django 3.2's `<style>` and `<script>` of the technical 500 page, through `</head>`.
const TECHNICAL_500_HEAD_32: &str = "  <style type=\"text/css\">\n    html * { padding:0; margin:0; }\n    body * { padding:10px 20px; }\n    body * * { padding:0; }\n    body { font:small sans-serif; background-color:#fff; color:#000; }\n    body>div { border-bottom:1px solid #ddd; }\n    h1 { font-weight:normal; }\n    h2 { margin-bottom:.8em; }\n    h3 { margin:1em 0 .5em 0; }\n    h4 { margin:0 0 .5em 0; font-weight: normal; }\n    code, pre { font-size: 100%; white-space: pre-wrap; }\n    table { border:1px solid #ccc; border-collapse: collapse; width:100%; background:white; }\n    tbody td, tbody th { vertical-align:top; padding:2px 3px; }\n    thead th {\n      padding:1px 6px 1px 3px; background:#fefefe; text-align:left;\n      font-weight:normal; font-size:11px; border:1px solid #ddd;\n    }\n    tbody th { width:12em; text-align:right; color:#666; padding-right:.5em; }\n    table.vars { margin:5px 0 2px 40px; }\n    table.vars td, table.req td { font-family:monospace; }\n    table td.code { width:100%; }\n    table td.code pre { overflow:hidden; }\n    table.source th { color:#666; }\n    table.source td { font-family:monospace; white-space:pre; border-bottom:1px solid #eee; }\n    ul.traceback { list-style-type:none; color: #222; }\n    ul.traceback li.frame { padding-bottom:1em; color:#4f4f4f; }\n    ul.traceback li.user { background-color:#e0e0e0; color:#000 }\n    div.context { padding:10px 0; overflow:hidden; }\n    div.context ol { padding-left:30px; margin:0 10px; list-style-position: inside; }\n    div.context ol li { font-family:monospace; white-space:pre; color:#777; cursor:pointer; padding-left: 2px; }\n    div.context ol li pre { display:inline; }\n    div.context ol.context-line li { color:#464646; background-color:#dfdfdf; padding: 3px 2px; }\n    div.context ol.context-line li span { position:absolute; right:32px; }\n    .user div.context ol.context-line li { background-color:#bbb; color:#000; }\n    .user div.context ol li { color:#666; }\n    div.commands { margin-left: 40px; }\n    div.commands a { color:#555; text-decoration:none; }\n    .user div.commands a { color: black; }\n    #summary { background: #ffc; }\n    #summary h2 { font-weight: normal; color: #666; }\n    #explanation { background:#eee; }\n    #template, #template-not-exist { background:#f6f6f6; }\n    #template-not-exist ul { margin: 0 0 10px 20px; }\n    #template-not-exist .postmortem-section { margin-bottom: 3px; }\n    #unicode-hint { background:#eee; }\n    #traceback { background:#eee; }\n    #requestinfo { background:#f6f6f6; padding-left:120px; }\n    #summary table { border:none; background:transparent; }\n    #requestinfo h2, #requestinfo h3 { position:relative; margin-left:-100px; }\n    #requestinfo h3 { margin-bottom:-1em; }\n    .error { background: #ffc; }\n    .specific { color:#cc3300; font-weight:bold; }\n    h2 span.commands { font-size:.7em; font-weight:normal; }\n    span.commands a:link {color:#5E5694;}\n    pre.exception_value { font-family: sans-serif; color: #575757; font-size: 1.5em; margin: 10px 0 10px 0; }\n    .append-bottom { margin-bottom: 10px; }\n    .fname { user-select: all; }\n  </style>\n  \n  <script>\n    function hideAll(elems) {\n      for (var e = 0; e < elems.length; e++) {\n        elems[e].style.display = 'none';\n      }\n    }\n    window.onload = function() {\n      hideAll(document.querySelectorAll('table.vars'));\n      hideAll(document.querySelectorAll('ol.pre-context'));\n      hideAll(document.querySelectorAll('ol.post-context'));\n      hideAll(document.querySelectorAll('div.pastebin'));\n    }\n    function toggle() {\n      for (var i = 0; i < arguments.length; i++) {\n        var e = document.getElementById(arguments[i]);\n        if (e) {\n          e.style.display = e.style.display == 'none' ? 'block': 'none';\n        }\n      }\n      return false;\n    }\n    function varToggle(link, id) {\n      toggle('v' + id);\n      var s = link.getElementsByTagName('span')[0];\n      var uarr = String.fromCharCode(0x25b6);\n      var darr = String.fromCharCode(0x25bc);\n      s.textContent = s.textContent == uarr ? darr : uarr;\n      return false;\n    }\n    function switchPastebinFriendly(link) {\n      s1 = \"Switch to copy-and-paste view\";\n      s2 = \"Switch back to interactive view\";\n      link.textContent = link.textContent.trim() == s1 ? s2: s1;\n      toggle('browserTraceback', 'pastebinTraceback');\n      return false;\n    }\n  </script>\n  \n</head>\n";
