//! The lessons' data: each one a `djsim` scenario to start from, and its steps' texts.
//! The texts say what to look for; the values themselves are the World's (the unit
//! tests in `lessons.rs` run every lesson and check each step's expectations).

use super::{Highlight, Lesson, LessonStep};
use crate::state::DevtoolsTab::{Console, Database, Network, Settings, Storage};

/// The slide's `session_data`: base64 of `9cd8d1b8…:{"num_visits":2}` (the decoding
/// lesson inserts it; its tests check the row).
#[cfg(test)]
pub(super) const LECTURE_SESSION_DATA: &str = "OWNkOGQxYjg4NzlkN2ZhOTc2NmU1ODY0NWMzZmQ4YjdhMzM4OTJhNjp7Im51bV92aXNpdHMiOjJ9";

/// Every lesson, in the lecture's order. Static data, built at compile time: the
/// scenarios and actions are JSON texts, parsed when used (code that built these values
/// was a large part of the page; `catalog_json_parses` checks each text).
pub static LESSONS: [Lesson; 7] = [COOKIES, SESSIONS, TWO_BROWSERS, DECODING, TAMPERING, SAMESITE, EXPIRY];

/// Every lesson, in the lecture's order.
pub fn all() -> &'static [Lesson] {
    &LESSONS
}

/// A step with its text; the builder methods below add the rest.
const fn step(title: &'static str, text: &'static str) -> LessonStep {
    LessonStep { title, text, action: None, panel: None, highlight: None, expect_page: None }
}

impl LessonStep {
    /// "Do it": one scenario step, or an array of them, as JSON text.
    const fn does(mut self, action: &'static str) -> Self {
        self.action = Some(action);
        self
    }
    const fn shows(mut self, panel: crate::state::DevtoolsTab, highlight: Highlight) -> Self {
        self.panel = Some(panel);
        self.highlight = Some(highlight);
        self
    }
    const fn page(mut self, text: &'static str) -> Self {
        self.expect_page = Some(text);
        self
    }
}

/// The lecture's World, with Browser A on the lecture's page.
const LECTURE: &str = r#"{"django": "5.2", "settings": {}, "steps": [{"browser": "A", "get": "/session/"}]}"#;

const COOKIES: Lesson = Lesson {
    id: "cookies",
    title: "Cookies: zap and sakaicar",
    summary: "The lecture's cookie view sets two cookies: one lives until the browser closes, one for 1000 seconds.",
    scenario: LECTURE,
    steps: &[
        step(
            "Visit the cookie view",
            "The view calls resp.set_cookie('zap', 42) and resp.set_cookie('sakaicar', 42, max_age=1000). \
             Follow the link \u{201c}If you give a browser a cookie...\u{201d} in Browser A (or click \u{201c}Do it\u{201d}, \
             which does the same), then find the response's two Set-Cookie lines. zap has no expires \
             and no Max-Age: it is a session cookie.",
        )
        .does(r#"{"browser": "A", "get": "http://127.0.0.1:8000/session/cookie", "initiator": "http://127.0.0.1:8000/session/"}"#)
        .shows(Network, Highlight::SetCookie("zap"))
        .page("C is for cookie"),
        step(
            "sakaicar lasts 1000 seconds",
            "The sakaicar line carries Max-Age=1000 and an expires date 1000 seconds after the server's clock \
             (Django writes both). The browser keeps it until then, even across a restart.",
        )
        .shows(Network, Highlight::SetCookie("sakaicar")),
        step(
            "The browser's cookie jar",
            "Storage lists what the browser kept: zap with Expires \u{201c}Session\u{201d}, sakaicar with a date. \
             The server never sees this table; it only sees what the browser sends back.",
        )
        .shows(Storage, Highlight::JarRow("zap")),
        step(
            "What the view printed",
            "The view runs print(request.COOKIES). On this first visit the browser had no cookies for the site, \
             so runserver's console shows {}.",
        )
        .shows(Console, Highlight::ConsoleLine("{}")),
        step(
            "Visit again: the cookies come back",
            "\u{201c}Do it\u{201d} reloads the page. This time the request carries a Cookie header with zap=42 and \
             sakaicar=42: the browser sends back what it kept, without the attributes.",
        )
        .does(r#"{"browser": "A", "reload": true}"#)
        .shows(Network, Highlight::RequestCookieHeader)
        .page("C is for cookie"),
        step(
            "request.COOKIES on the server",
            "The console's new line is the dict Django parsed from that header: {'zap': '42', 'sakaicar': '42'}.",
        )
        .shows(Console, Highlight::ConsoleLine("'sakaicar': '42'")),
        step(
            "Close the browser",
            "\u{201c}Do it\u{201d} closes Browser A (as the \u{2715} on its tab does). Closing a browser ends its \
             session: zap, a session cookie, is gone. sakaicar has an expiry date, so it stays in the jar.",
        )
        .does(r#"{"browser": "A", "close": true}"#)
        .shows(Storage, Highlight::JarRow("sakaicar")),
        step(
            "Open it again and visit",
            "Browser A opens again on the cookie view. The request sends only sakaicar=42. The view sets both \
             cookies again, so zap is back.",
        )
        .does(r#"{"browser": "A", "get": "http://127.0.0.1:8000/session/cookie"}"#)
        .shows(Network, Highlight::RequestCookieHeader)
        .page("C is for cookie"),
        step(
            "Let 1000 seconds pass",
            "The simulated clock moves on 1000 seconds (the +1000 s button above does the same): sakaicar's expiry \
             date has come, and the browser drops it. zap stays: the browser has not been closed since it was set.",
        )
        .does(r#"{"advance": 1000}"#)
        .shows(Storage, Highlight::JarRow("zap")),
        step(
            "Visit once more",
            "Only zap=42 goes with the request now; the console prints {'zap': '42'}. Expiry is the browser's \
             decision, made with its own clock.",
        )
        .does(r#"{"browser": "A", "reload": true}"#)
        .shows(Console, Highlight::ConsoleLine("{'zap': '42'}"))
        .page("C is for cookie"),
],
};

const SESSIONS: Lesson = Lesson {
    id: "sessions",
    title: "Sessions: sessfun five times",
    summary: "sessfun counts visits in request.session; the server keeps the count, the browser only a key.",
    scenario: LECTURE,
    steps: &[
        step(
            "First visit",
            "sessfun adds 1 to request.session['num_visits']. The response sets one cookie, sessionid: a random \
             key, HttpOnly, SameSite=Lax, for two weeks (SESSION_COOKIE_AGE = 1209600).",
        )
        .does(r#"{"browser": "A", "get": "http://127.0.0.1:8000/session/sessfun", "initiator": "http://127.0.0.1:8000/session/"}"#)
        .shows(Network, Highlight::SetCookie("sessionid"))
        .page("view count=1"),
        step(
            "The row in django_session",
            "SessionMiddleware saved the session in the database: session_key is the cookie's value, \
             session_data holds {\"num_visits\":1} signed (eyJ\u{2026} is its base64), and expire_date is two weeks \
             ahead. Held by names the browser whose cookie carries the key; Django loads is what request.session \
             gets. Point at the key: every copy of it on the page lights up.",
        )
        .shows(Database, Highlight::SessionOf("A")),
        step(
            "Second visit",
            "Reload: the browser sends sessionid back, Django loads the row, and the count goes to 2.",
        )
        .does(r#"{"browser": "A", "reload": true}"#)
        .shows(Database, Highlight::SessionOf("A"))
        .page("view count=2"),
        step("Third visit", "Reload again: view count=3. The cookie's value has not changed; the row has.")
            .does(r#"{"browser": "A", "reload": true}"#)
            .shows(Database, Highlight::SessionOf("A"))
            .page("view count=3"),
        step("Fourth visit", "view count=4.").does(r#"{"browser": "A", "reload": true}"#).shows(Database, Highlight::SessionOf("A")).page("view count=4"),
        step(
            "Fifth visit",
            "The page says view count=5, but the view then ran del(request.session['num_visits']) because \
             num_visits > 4. Look at the row: session_data now starts e30 (base64 of {}), and Django loads {}.",
        )
        .does(r#"{"browser": "A", "reload": true}"#)
        .shows(Database, Highlight::SessionOf("A"))
        .page("view count=5"),
        step(
            "Sixth visit: the count restarts",
            "num_visits is missing, so get('num_visits', 0) gives 0 and the page says view count=1. \
             Same session key, same cookie: only the data changed.",
        )
        .does(r#"{"browser": "A", "reload": true}"#)
        .shows(Database, Highlight::SessionOf("A"))
        .page("view count=1"),
],
};

const TWO_BROWSERS: Lesson = Lesson {
    id: "two-browsers",
    title: "Two browsers, two sessions",
    summary: "Each browser has its own cookie jar, so the server gives each its own session row.",
    scenario: LECTURE,
    steps: &[
        step("Browser A visits sessfun", "Browser A gets a sessionid cookie and a row with num_visits 1.")
            .does(r#"{"browser": "A", "get": "http://127.0.0.1:8000/session/sessfun", "initiator": "http://127.0.0.1:8000/session/"}"#)
            .shows(Database, Highlight::SessionOf("A"))
            .page("view count=1"),
        step("And again", "Reload in Browser A: view count=2.").does(r#"{"browser": "A", "reload": true}"#).shows(Database, Highlight::SessionOf("A")).page("view count=2"),
        step(
            "Open Browser B",
            "A second browser (another program, another computer) starts with an empty cookie jar. \
             Its first visit to sessfun sends no cookie, so Django sets a sessionid with a new key.",
        )
        .does(r#"[{"browser": "B", "open": "normal"}, {"browser": "B", "get": "http://127.0.0.1:8000/session/sessfun"}]"#)
        .shows(Network, Highlight::SetCookie("sessionid"))
        .page("view count=1"),
        step(
            "Two rows",
            "The table now has two rows, labelled by Held by (the lecture's A123 / B345 slide, live): A's with \
             num_visits 2, B's with num_visits 1. B's session_data is the very text A's had after its first \
             visit (same data, same second, same SECRET_KEY): only the key tells the sessions apart.",
        )
        .shows(Database, Highlight::SessionRows),
        step("B's own count", "Reload in Browser B: B's count goes to 2; A's row does not change.")
            .does(r#"{"browser": "B", "reload": true}"#)
            .shows(Database, Highlight::SessionOf("B"))
            .page("view count=2"),
        step("A again", "Back in Browser A, a reload gives view count=3: A's session went on without B.")
            .does(r#"{"browser": "A", "reload": true}"#)
            .shows(Database, Highlight::SessionOf("A"))
            .page("view count=3"),
],
};

const DECODING: Lesson = Lesson {
    id: "decoding",
    title: "Decoding session_data",
    summary: "The lecture's slide decodes a session_data value by hand; here Django 3.2 writes that very value.",
    // SECRET_KEY: csev/dj4e-samples' (`session/session/settings.py`), the key under which the
    // lecture slide's `session_data` verifies (oracle legacy.json `lecture_example`).
    scenario: r#"{
        "django": "3.2",
        "settings": {"SECRET_KEY": "kz=1@)c(&%4t*glbd5t(5z6yp5e-)s!bq!n#cez&lre*-w#s+^", "DEFAULT_HASHING_ALGORITHM": "sha1"},
        "steps": [{"browser": "A", "get": "/session/"}],
        "description": "Django 3.2 with DEFAULT_HASHING_ALGORITHM = 'sha1' writes the format Django before 3.1 wrote; SECRET_KEY is dj4e-samples' key"
    }"#,
    steps: &[
        step(
            "The legacy format",
            "This server runs Django 3.2 with DEFAULT_HASHING_ALGORITHM = 'sha1' and the SECRET_KEY of the \
             dj4e-samples repository: it writes session_data as Django did before 3.1. Visit sessfun: the row's \
             session_data, YThiZWRj\u{2026}, is the first row of the lecture's sqlite3 listing ({\"num_visits\":1}).",
        )
        .does(r#"{"browser": "A", "get": "http://127.0.0.1:8000/session/sessfun", "initiator": "http://127.0.0.1:8000/session/"}"#)
        .shows(Database, Highlight::SessionOf("A"))
        .page("view count=1"),
        step(
            "The slide's value",
            "Reload. session_data is now OWNkOGQxYjg4…OjJ9: the very value on the lecture's slide, because the \
             legacy format has no timestamp: the same data under the same SECRET_KEY always encodes the same way.",
        )
        .does(r#"{"browser": "A", "reload": true}"#)
        .shows(Database, Highlight::SessionOf("A"))
        .page("view count=2"),
        step(
            "Decode it",
            "The row is open: Django's decoding, step by step. base64 gives 40 hex digits, a colon and the JSON \
             (the slide's Python: x[41:] is the JSON). The hex is an HMAC-SHA1 of the JSON, keyed with SHA-1 of \
             \"django.contrib.sessionsSessionStore\" + SECRET_KEY. Django recomputes it; if it differs, it logs \
             \u{201c}Session data corrupted\u{201d} and starts an empty session.",
        )
        .shows(Database, Highlight::Decoding("A")),
        step(
            "The slide's own row",
            "\u{201c}Do it\u{201d} inserts a row holding the slide's session_data under the key of the lecture's \
             sessionid cookie (xy414ikm\u{2026}), and points Browser A's sessionid at it (as editing it in Storage \
             does). The row is held by Browser A; Django loads {'num_visits': 2} from it.",
        )
        .does(r#"[{"sql": "INSERT INTO django_session (session_key, session_data, expire_date) VALUES ('xy414ikma0p80jw19mrg146inewhzp3s', 'OWNkOGQxYjg4NzlkN2ZhOTc2NmU1ODY0NWMzZmQ4YjdhMzM4OTJhNjp7Im51bV92aXNpdHMiOjJ9', '2019-10-13 23:17:55.591447')"}, {"browser": "A", "edit_cookie": {"name": "sessionid", "value": "xy414ikma0p80jw19mrg146inewhzp3s"}}]"#)
        .shows(Database, Highlight::SessionOf("A")),
        step(
            "Django verifies the slide",
            "Reload: Django 3.2 checks the slide's hash with dj4e-samples' SECRET_KEY, it matches, and the count goes \
             on from 2 (view count=3). Saving rewrites the row in the same legacy format.",
        )
        .does(r#"{"browser": "A", "reload": true}"#)
        .shows(Database, Highlight::SessionOf("A"))
        .page("view count=3"),
        step(
            "DEFAULT_HASHING_ALGORITHM = 'sha256'",
            "\u{201c}Do it\u{201d} switches the setting to 'sha256', the default since Django 3.1 (3.2 offers 'sha1' only \
             for the move from older versions).",
        )
        .does(r#"{"settings": {"DEFAULT_HASHING_ALGORITHM": "sha256"}}"#)
        .shows(Settings, Highlight::Setting("DEFAULT_HASHING_ALGORITHM")),
        step(
            "The modern format",
            "Reload: the row is rewritten as payload:timestamp:signature: base64url of the JSON (eyJ\u{2026} is '{\"'), \
             the time in base 62, and an HMAC-SHA256 signature; the open row follows Django's decoding of it. \
             Django 4.0 and later read only this format.",
        )
        .does(r#"{"browser": "A", "reload": true}"#)
        .shows(Database, Highlight::Decoding("A"))
        .page("view count=4"),
],
};

const TAMPERING: Lesson = Lesson {
    id: "tampering",
    title: "Tampering and theft",
    summary: "The session key is all a browser has: change it and the session is gone; copy it and the session is yours.",
    scenario: LECTURE,
    steps: &[
        step("A session to play with", "Browser A visits sessfun twice.")
            .does(r#"[{"browser": "A", "get": "http://127.0.0.1:8000/session/sessfun", "initiator": "http://127.0.0.1:8000/session/"}, {"browser": "A", "reload": true}]"#)
            .shows(Storage, Highlight::JarRow("sessionid"))
            .page("view count=2"),
        step(
            "Edit the cookie",
            "\u{201c}Do it\u{201d} changes sessionid's value to \u{201c}tampered\u{201d}, as double-clicking the value \
             in the Storage panel and typing does.",
        )
        // As the Storage panel edits a value (so that editing it there counts as done).
        .does(r#"{"browser": "A", "edit_cookie": {"name": "sessionid", "domain": "127.0.0.1", "path": "/", "value": "tampered"}}"#)
        .shows(Storage, Highlight::JarRow("sessionid")),
        step(
            "The server does not know that key",
            "Reload: no row has the key \u{201c}tampered\u{201d}, so Django starts a new, empty session: view count=1 and a \
             Set-Cookie with a fresh key. The old row is still in the table, unreachable.",
        )
        .does(r#"{"browser": "A", "reload": true}"#)
        .shows(Network, Highlight::SetCookie("sessionid"))
        .page("view count=1"),
        step("Back to counting", "Reload once more: view count=2 in the new session.")
            .does(r#"{"browser": "A", "reload": true}"#)
            .shows(Database, Highlight::SessionOf("A"))
            .page("view count=2"),
        step(
            "Steal the cookie",
            "A thief copies Browser A's sessionid into Browser B (HttpOnly keeps it from page scripts, not from \
             someone at the keyboard or on an unencrypted network). Then B visits sessfun.",
        )
        .does(r#"[{"browser": "B", "copy_cookie": {"from": "A", "name": "sessionid"}}, {"browser": "B", "get": "http://127.0.0.1:8000/session/sessfun"}]"#)
        .shows(Network, Highlight::RequestCookieHeader)
        .page("view count=3"),
        step(
            "One session, two browsers",
            "B's visit counted in A's session: view count=3. The row is held by Browser A and Browser B; the \
             server cannot tell them apart, the key is the identity. Reload in A: view count=4.",
        )
        .does(r#"{"browser": "A", "reload": true}"#)
        .shows(Database, Highlight::SessionOf("A"))
        .page("view count=4"),
        step(
            "Tamper with the row instead",
            "\u{201c}Do it\u{201d} runs the SQL UPDATE below on the server's database, then reloads. Its WHERE picks \
             one row, Browser A's (session_key is A's sessionid; an UPDATE without a WHERE changes every row), and \
             writes {\"num_visits\":99} there with a signature made for other data. The signature does not match: \
             Django logs \u{201c}Session data corrupted\u{201d} in the console and the session is empty (view count=1). \
             The old, unreachable row is untouched.",
        )
        // `{session_key:A}`: Browser A's key when "Do it" is pressed (lessons.rs `fill_sql`).
        .does(r#"[
            {"sql": "UPDATE django_session\nSET session_data = 'eyJudW1fdmlzaXRzIjo5OX0:1iEiRv:v_pDddnGsWD-zvciRsO5y4J18X4nZ10sssoxurPdAcU'\nWHERE session_key = {session_key:A}"},
            {"browser": "A", "reload": true}
        ]"#)
        .shows(Console, Highlight::ConsoleLine("Session data corrupted"))
        .page("view count=1"),
],
};

const SAMESITE: Lesson = Lesson {
    id: "samesite",
    title: "SameSite: requests from another site",
    summary: "A page on evil.example posts a form to, embeds an image from and links to samples.dj4e.com.",
    // evil.example's page: a form posting to sessfun, an image and a link to it.
    scenario: r#"{
        "django": "5.2",
        "host": "samples.dj4e.com",
        "https_hosts": ["samples.dj4e.com"],
        "settings": {},
        "sites": {"https://evil.example": {"/": {
            "status": 200,
            "headers": [["Content-Type", "text/html; charset=utf-8"]],
            "body": "<!DOCTYPE html><html><body><h1>You won a prize!</h1><form method=\"post\" action=\"https://samples.dj4e.com/session/sessfun\"><input type=\"hidden\" name=\"prize\" value=\"1\"><button>Claim it</button></form><p><img src=\"https://samples.dj4e.com/session/sessfun\" alt=\"(an image from samples.dj4e.com)\"></p><p><a href=\"https://samples.dj4e.com/session/sessfun\">Go to samples.dj4e.com</a></p></body></html>"
        }}},
        "steps": [{"browser": "A", "get": "https://samples.dj4e.com/session/sessfun"}]
    }"#,
    steps: &[
        step(
            "Logged in at samples.dj4e.com",
            "Browser A already visited sessfun on samples.dj4e.com over https: its sessionid cookie says SameSite=Lax, \
             Django's default (SESSION_COOKIE_SAMESITE).",
        )
        .shows(Storage, Highlight::JarRow("sessionid")),
        step(
            "Visit another site",
            "Type https://evil.example/ in Browser A's address bar (or \u{201c}Do it\u{201d}): a different site, with a form, \
             an image and a link to samples.dj4e.com.",
        )
            .does(r#"{"browser": "A", "get": "https://evil.example/"}"#)
            .shows(Network, Highlight::Page)
            .page("You won a prize"),
        step(
            "The form posts across sites",
            "Press Claim it in the page (or \u{201c}Do it\u{201d}): the form POSTs from evil.example to samples.dj4e.com. \
             Look at the request: sessionid was not sent, blocked as SchemefulSameSiteLax (Chrome compares sites \
             with their scheme, so it names every SameSite refusal Schemeful\u{2026}). And CsrfViewMiddleware answers 403: \
             the Origin is not trusted and there is no CSRF token.",
        )
        .does(r#"{"browser": "A", "post": "https://samples.dj4e.com/session/sessfun", "form": {"prize": "1"}, "initiator": "https://evil.example/"}"#)
        .shows(Network, Highlight::BlockedCookie("sessionid")),
        step(
            "The image",
            "\u{201c}Do it\u{201d} goes back to evil.example and loads its <img> (the simulated page loads no images by \
             itself). An image is a subresource: Lax cookies do not go with cross-site subresource requests either, \
             so Django sees no session and sets a new sessionid, which the browser refuses to store: a cross-site \
             image is a third party, and third-party cookies are blocked (UserPreferences).",
        )
        .does(r#"[{"browser": "A", "get": "https://evil.example/"}, {"browser": "A", "get": "https://samples.dj4e.com/session/sessfun", "initiator": "https://evil.example/", "kind": "subresource", "destination": "image"}]"#)
        .shows(Network, Highlight::SetCookie("sessionid")),
        step(
            "The link",
            "Follow the link \u{201c}Go to samples.dj4e.com\u{201d}: a top-level GET navigation, so Lax cookies are sent, \
             and the count goes on (view count=2).",
        )
        .does(r#"{"browser": "A", "get": "https://samples.dj4e.com/session/sessfun", "initiator": "https://evil.example/"}"#)
        .shows(Network, Highlight::RequestCookieHeader)
        .page("view count=2"),
        step(
            "SESSION_COOKIE_SAMESITE = 'Strict'",
            "\u{201c}Do it\u{201d} changes the setting in settings.py (as choosing 'Strict' here and Apply does).",
        )
        .does(r#"{"settings": {"SESSION_COOKIE_SAMESITE": "Strict"}}"#)
        .shows(Settings, Highlight::Setting("SESSION_COOKIE_SAMESITE")),
        step(
            "SameSite=Strict",
            "Visit sessfun directly (typed in the address bar: not a cross-site request). The session was modified, \
             so Django sends the cookie again: the new Set-Cookie says SameSite=Strict.",
        )
        .does(r#"{"browser": "A", "get": "https://samples.dj4e.com/session/sessfun"}"#)
        .shows(Network, Highlight::SetCookie("sessionid"))
        .page("view count=3"),
        step(
            "Strict holds back even links",
            "Back on evil.example, follow the link: a Strict cookie is not sent on any cross-site request, so \
             samples.dj4e.com sees a new visitor (view count=1), and the new session's cookie, set by this \
             top-level navigation, replaces the old one in the jar.",
        )
        .does(r#"[{"browser": "A", "get": "https://evil.example/"}, {"browser": "A", "get": "https://samples.dj4e.com/session/sessfun", "initiator": "https://evil.example/"}]"#)
        .shows(Network, Highlight::BlockedCookie("sessionid"))
        .page("view count=1"),
],
};

const EXPIRY: Lesson = Lesson {
    id: "expiry",
    title: "Expiry and clearsessions",
    summary: "With SESSION_COOKIE_AGE = 60 sessions last a minute; expired rows stay until clearsessions.",
    scenario: r#"{"django": "5.2", "settings": {"SESSION_COOKIE_AGE": 60}, "steps": [{"browser": "A", "get": "/session/"}]}"#,
    steps: &[
        step(
            "A one-minute session",
            "In this project's settings.py, SESSION_COOKIE_AGE is 60 (Django's default is 1209600, two weeks): \
             a session lasts a minute after it was last saved.",
        )
        .shows(Settings, Highlight::Setting("SESSION_COOKIE_AGE")),
        step(
            "Visit sessfun",
            "The Set-Cookie says Max-Age=60 and an expires one minute after the server's clock; the row's \
             expire_date (Database) is 60 seconds ahead too.",
        )
        .does(r#"{"browser": "A", "get": "http://127.0.0.1:8000/session/sessfun", "initiator": "http://127.0.0.1:8000/session/"}"#)
        .shows(Network, Highlight::SetCookie("sessionid"))
        .page("view count=1"),
        step(
            "Each save moves the expiry",
            "30 seconds later, reload: the session was modified, so Django saves it with a new expire_date and \
             sends the cookie again with a new expires.",
        )
        .does(r#"[{"advance": 30}, {"browser": "A", "reload": true}]"#)
        .shows(Database, Highlight::SessionOf("A"))
        .page("view count=2"),
        step(
            "61 seconds of nothing",
            "The clock moves on 61 seconds (type 61 seconds beside Advance above, or \u{201c}Do it\u{201d}). The browser deletes the expired cookie (Held by: no browser); the \
             server does nothing: the row stays in django_session, stale, and Django would not load it.",
        )
        .does(r#"{"advance": 61}"#)
        .shows(Database, Highlight::StaleSessions),
        step(
            "Back after the expiry",
            "Reload: no cookie goes with the request, so Django starts a new session (view count=1). The table has \
             two rows now: the stale one and the new one.",
        )
        .does(r#"{"browser": "A", "reload": true}"#)
        .shows(Database, Highlight::SessionRows)
        .page("view count=1"),
        step(
            "clearsessions",
            "python manage.py clearsessions deletes the rows whose expire_date has passed. \u{201c}Do it\u{201d} runs it \
             (as the clearsessions button above the table does): only the live session remains. Sites run it from cron.",
        )
        .does(r#"{"manage": "clearsessions"}"#)
        .shows(Database, Highlight::SessionRows),
],
};

#[cfg(test)]
mod tests {
    use super::*;

    /// Every JSON text of the catalog parses: the scenarios as objects, the actions as
    /// objects or arrays.
    #[test]
    fn catalog_json_parses() {
        let parse = |text: &str| serde_json::from_str::<serde_json::Value>(text).unwrap_or_else(|e| panic!("{e}: {text}"));
        for lesson in all() {
            assert!(parse(lesson.scenario).is_object(), "{}: scenario {}", lesson.id, lesson.scenario);
            for step in lesson.steps {
                if let Some(action) = step.action {
                    let action = parse(action);
                    assert!(action.is_object() || action.is_array(), "{} / {}: action {action}", lesson.id, step.title);
                }
            }
        }
    }
}
