//! Guided lessons that follow the DJ4E lecture "Cookies and Sessions": each lesson is a
//! `djsim` scenario (the World it starts from) and a list of steps. A step says what to
//! do or what to look at, may carry the scenario step(s) its "Do it" button performs,
//! and names the devtools tab to show and the element to highlight.
//!
//! Architecture invariant: a lesson never shows a canned value. Its texts describe what
//! to look at; the values on screen come from the World after the lesson's steps ran
//! (the unit tests below run every lesson through `djsim` and check what the texts say).

mod catalog;

use djsim::world::World;
use serde_json::Value as Json;

use crate::state::DevtoolsTab;

pub use catalog::all;

/// One guided lesson.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Lesson {
    /// Stable key (saved with the progress): `cookies`, `sessions`, …
    pub id: &'static str,
    pub title: &'static str,
    /// One sentence: what the lesson shows.
    pub summary: &'static str,
    /// The World the lesson starts from, as a `djsim run` scenario in JSON (its `steps`
    /// are already done when the lesson starts).
    pub scenario: &'static str,
    pub steps: &'static [LessonStep],
}

/// One step of a lesson.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LessonStep {
    /// A short heading.
    pub title: &'static str,
    /// What to do and what to look at.
    pub text: &'static str,
    /// What "Do it" performs: one scenario step, or an array of them, in JSON. `None`: a
    /// step to read and look (no button).
    pub action: Option<&'static str>,
    /// The devtools tab the step switches to.
    pub panel: Option<DevtoolsTab>,
    /// The element the step points at.
    pub highlight: Option<Highlight>,
    /// The text the browser's page shows after the action (the lesson's text relies on it;
    /// the unit tests check it).
    pub expect_page: Option<&'static str>,
}

/// What a lesson step points at. Resolved against the page by [`Highlight::target`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Highlight {
    /// A `Set-Cookie` line of the selected response (Network), by cookie name.
    SetCookie(&'static str),
    /// The `Cookie:` header of the selected request (Network).
    RequestCookieHeader,
    /// A cookie of the jar the selected request did not send, and why (Network).
    BlockedCookie(&'static str),
    /// A cookie of the browser in front (Storage), by name.
    JarRow(&'static str),
    /// The `django_session` row whose key is this browser's session cookie (Database).
    SessionOf(&'static str),
    /// That row opened: Django's decoding of its `session_data`, step by step (Database).
    Decoding(&'static str),
    /// Every row of the session table (Database).
    SessionRows,
    /// The rows whose `expire_date` has passed (Database).
    StaleSessions,
    /// The last console line containing this text (Console).
    ConsoleLine(&'static str),
    /// A setting (Settings), by name.
    Setting(&'static str),
    /// The simulated page itself.
    Page,
}

/// How to find a highlight's elements: first by the panels' data attributes; when
/// nothing matches, by text, as a person reading the screen would.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    /// A CSS selector on the data attributes the panels write.
    pub selector: String,
    /// The fallback: elements matching this selector…
    pub within: String,
    /// …whose text (the first cell's, for table rows) matches.
    pub text: TextMatch,
    /// Also mark the element right after each match (a `<dt>`'s `<dd>`).
    pub and_next: bool,
    /// When nothing matches: the control that shows the target (a panel's own tab, a
    /// row's disclosure button), pressed once to reveal it.
    pub reveal: Option<Reveal>,
}

/// A control to press when a [`Target`] is not on screen: the first element matching
/// `selector` (whose trimmed text is `text`, when given) that is not already selected
/// or expanded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reveal {
    pub selector: String,
    pub text: Option<String>,
}

/// A text test for [`Target`]'s fallback.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TextMatch {
    Any,
    Equals(String),
    StartsWith(String),
    /// The last element containing the text.
    LastContaining(String),
}

/// Where a person is in a lesson (saved with the playground).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LessonProgress {
    pub id: String,
    /// Index of the step shown.
    pub step: usize,
    /// Which steps' actions were performed.
    pub done: Vec<bool>,
}

/// The lesson with this id.
pub fn find(id: &str) -> Option<Lesson> {
    all().iter().find(|lesson| lesson.id == id).copied()
}

impl Lesson {
    /// The World the lesson starts from.
    pub fn world(&self) -> Result<World, String> {
        let scenario = serde_json::from_str(self.scenario).map_err(|e| e.to_string())?;
        let scenario = djsim::scenario::Scenario::from_json(&scenario).map_err(|e| e.to_string())?;
        World::from_scenario(&scenario).map_err(|e| e.to_string())
    }
}

impl LessonStep {
    /// The scenario steps "Do it" performs, in order, their placeholders filled in from
    /// `world` as it is now ([`fill_sql`]): what they do if pressed now.
    pub fn actions(&self, world: &World) -> Vec<Json> {
        let steps = match self.action.and_then(|text| serde_json::from_str(text).ok()) {
            None => Vec::new(),
            Some(Json::Array(steps)) => steps,
            Some(step) => vec![step],
        };
        steps
            .into_iter()
            .map(|mut step| {
                if let Some(Json::String(sql)) = step.get_mut("sql") {
                    *sql = fill_sql(sql, world);
                }
                step
            })
            .collect()
    }

    /// The SQL statements "Do it" runs on the server's database, as it would run them now.
    pub fn sql(&self, world: &World) -> Vec<String> {
        self.actions(world).iter().filter_map(|step| step.get("sql")?.as_str().map(str::to_owned)).collect()
    }
}

/// In a lesson's `sql` statement, `{session_key:A}` stands for the key of Browser A's
/// session (its session cookie's value, which is random: it depends on what the person
/// did) as an SQL string literal, so that a statement touches that session's row only.
const SESSION_KEY_OF: &str = "{session_key:";

/// `sql` with each `{session_key:NAME}` replaced by browser NAME's session key in `world`,
/// quoted as an SQL string literal (`'…'`, a quote in it doubled: the key is a cookie's
/// value, which a person may have edited). A browser without a session cookie gives `''`,
/// which no row has.
pub fn fill_sql(sql: &str, world: &World) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut rest = sql;
    while let Some(at) = rest.find(SESSION_KEY_OF) {
        let after = &rest[at + SESSION_KEY_OF.len()..];
        let Some(end) = after.find('}') else { break };
        out.push_str(&rest[..at]);
        out.push_str(&sql_string(&session_key(world, &after[..end])));
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

/// The value of `browser`'s session cookie (`SESSION_COOKIE_NAME`), or "" when it has none.
pub fn session_key(world: &World, browser: &str) -> String {
    let cookie_name = &world.server().settings().session_cookie_name;
    world.jar(browser).into_iter().find(|c| c.name == *cookie_name).map(|c| c.value).unwrap_or_default()
}

/// `text` as an SQL string literal: in single quotes, each quote doubled (SQLite's
/// "A string constant is formed by enclosing the string in single quotes (').  A single
/// quote within the string can be encoded by putting two single quotes in a row").
fn sql_string(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

impl LessonProgress {
    pub fn start(lesson: &Lesson) -> LessonProgress {
        LessonProgress { id: lesson.id.to_owned(), step: 0, done: vec![false; lesson.steps.len()] }
    }
}

impl Highlight {
    /// How to find the element(s) on the page, given the World (`browser` is the
    /// browser in front).
    pub fn target(&self, world: &World) -> Target {
        let by = |selector: String, within: &str, text: TextMatch| Target { selector, within: within.to_owned(), text, and_next: false, reveal: None };
        // The Network panel's request details have tabs of their own.
        let details = |tab: &str| {
            Some(Reveal { selector: "[role=tablist][aria-label=\"Request details\"] [role=tab]".to_owned(), text: Some(tab.to_owned()) })
        };
        let session_key = |browser: &str| session_key(world, browser);
        match self {
            Highlight::SetCookie(name) => Target {
                reveal: details("Headers"),
                ..by(
                    format!("[data-set-cookie=\"{}\"]", css_string(name)),
                    "[aria-label=\"Response headers\"] dd",
                    TextMatch::StartsWith(format!("{name}=")),
                )
            },
            Highlight::RequestCookieHeader => Target {
                and_next: true,
                reveal: details("Headers"),
                ..by(
                    "[aria-label=\"Request headers\"] [data-header=\"cookie\"]".to_owned(),
                    "[aria-label=\"Request headers\"] dt",
                    TextMatch::Equals("Cookie".into()),
                )
            },
            Highlight::BlockedCookie(name) => Target {
                reveal: details("Cookies"),
                ..by(
                    format!("[data-blocked-cookie=\"{}\"]", css_string(name)),
                    "[aria-label=\"Request cookies\"] tr.blocked",
                    TextMatch::Equals((*name).to_owned()),
                )
            },
            Highlight::JarRow(name) => by(
                format!("[data-cookie=\"{}\"]", css_string(name)),
                "table[aria-label=\"Cookies\"] tbody tr",
                TextMatch::Equals((*name).to_owned()),
            ),
            Highlight::SessionOf(browser) => {
                let key = session_key(browser);
                by(
                    format!("[data-session-key=\"{0}\"], tr[id=\"session-row-{0}\"]", css_string(&key)),
                    "table[aria-label=\"Sessions\"] tbody tr",
                    TextMatch::Equals(key),
                )
            }
            Highlight::Decoding(browser) => {
                let key = css_string(&session_key(browser));
                Target {
                    reveal: Some(Reveal { selector: format!("button[aria-controls=\"session-decode-{key}\"]"), text: None }),
                    ..by(format!("[id=\"session-decode-{key}\"]"), &format!("tr[id=\"session-decode-{key}\"]"), TextMatch::Any)
                }
            }
            Highlight::SessionRows => by("[data-session-key]".into(), "table[aria-label=\"Sessions\"] tbody tr", TextMatch::Any),
            Highlight::StaleSessions => {
                by("[data-session-key][data-expired=\"true\"]".into(), "table[aria-label=\"Sessions\"] tbody tr.expired", TextMatch::Any)
            }
            Highlight::ConsoleLine(text) => by(
                // No data attribute carries a line's text: the fallback is the search.
                ".lesson-no-such-element".into(),
                ".console-line, [data-console-line]",
                TextMatch::LastContaining((*text).to_owned()),
            ),
            Highlight::Setting(name) => by(
                format!("[data-setting=\"{}\"]", css_string(name)),
                ".devtools-panel tr",
                TextMatch::Equals((*name).to_owned()),
            ),
            Highlight::Page => by(".viewport".into(), ".viewport", TextMatch::Any),
        }
    }
}

/// Escapes text for a CSS double-quoted string (CSS Syntax §4.3.5: `"` and `\` escaped;
/// a newline cannot appear unescaped).
pub fn css_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' | '\u{c}' | '\0' => out.push_str(&format!("\\{:x} ", c as u32)),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use djsim::world::Applied;

    /// Runs a lesson the way a student does: every step's "Do it", in order, checking the
    /// page each step expects and that every highlight points at something that exists.
    fn check_lesson(lesson: &Lesson) -> (usize, Vec<String>) {
        let mut world = lesson.world().unwrap_or_else(|e| panic!("lesson {}: its scenario does not start: {e}", lesson.id));
        let mut problems = Vec::new();
        let mut last_request = world.network().last().map(|e| e.id);
        let mut front = "A".to_owned();
        for (i, step) in lesson.steps.iter().enumerate() {
            for action in step.actions(&world) {
                if let Some(browser) = action.get("browser").and_then(Json::as_str) {
                    front = browser.to_owned();
                }
                match world.perform(action.clone()) {
                    Ok(Applied::Requests(ids)) => last_request = ids.last().copied().or(last_request),
                    Ok(_) => {}
                    Err(e) => problems.push(format!("step {i} ({}): {action} failed: {e}", step.title)),
                }
            }
            if let Some(expected) = step.expect_page {
                let body = world.page(&front).map(|p| p.body).unwrap_or_default();
                if !body.contains(expected) {
                    problems.push(format!("step {i} ({}): browser {front} shows {body:?}, the text expects {expected:?}", step.title));
                }
            }
            if let Some(highlight) = &step.highlight {
                if let Err(why) = points_at_something(highlight, &world, &front, last_request) {
                    problems.push(format!("step {i} ({}): highlight {highlight:?}: {why}", step.title));
                }
            }
            if step.text.trim().is_empty() || step.title.trim().is_empty() {
                problems.push(format!("step {i}: no title or text"));
            }
        }
        (lesson.steps.len(), problems.into_iter().map(|p| format!("lesson {}: {p}", lesson.id)).collect())
    }

    /// Whether the World has the thing a highlight points at (so the page will show it).
    fn points_at_something(highlight: &Highlight, world: &World, front: &str, request: Option<usize>) -> Result<(), String> {
        let entry = || request.and_then(|id| world.network().get(id)).ok_or("no request selected");
        let ok = |found: bool, what: &str| if found { Ok(()) } else { Err(what.to_owned()) };
        match highlight {
            Highlight::SetCookie(name) => {
                let entry = entry()?;
                ok(entry.set_cookies.iter().any(|(line, _)| line.starts_with(&format!("{name}="))), "no such Set-Cookie in the selected response")
            }
            Highlight::RequestCookieHeader => {
                ok(entry()?.request_headers.iter().any(|(n, _)| n.eq_ignore_ascii_case("cookie")), "the selected request sent no Cookie header")
            }
            Highlight::BlockedCookie(name) => ok(entry()?.cookies_blocked.iter().any(|(n, _, _)| n == name), "no such blocked cookie"),
            Highlight::JarRow(name) => ok(world.jar(front).iter().any(|c| c.name == *name), "no such cookie in the jar"),
            Highlight::SessionOf(browser) | Highlight::Decoding(browser) => {
                let target = Highlight::SessionOf(browser).target(world);
                let TextMatch::Equals(key) = target.text else { return Err("bad target".into()) };
                ok(world.sessions().iter().any(|row| row.session_key == key), &format!("browser {browser}'s session key {key:?} has no row"))
            }
            Highlight::SessionRows => ok(!world.sessions().is_empty(), "no session rows"),
            Highlight::StaleSessions => ok(world.sessions().iter().any(|row| row.expired), "no expired row"),
            Highlight::ConsoleLine(text) => ok(world.console().iter().any(|line| line.text.contains(text)), "no such console line"),
            Highlight::Setting(name) => {
                ok(world.server().settings().to_json().get(*name).is_some(), "no such setting")
            }
            Highlight::Page => ok(world.page(front).is_some(), "no page shown"),
        }
    }

    #[test]
    fn every_lesson_runs_through_djsim() {
        let lessons = all();
        let mut steps = 0;
        let mut problems = Vec::new();
        for lesson in lessons {
            let (n, found) = check_lesson(lesson);
            steps += n;
            problems.extend(found);
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));
        let mut ids: Vec<_> = lessons.iter().map(|l| l.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), lessons.len(), "lesson ids are unique");
        eprintln!("lessons: {} lessons, {steps} steps run through djsim", lessons.len());
    }

    /// The World after lesson `id`'s steps up to and including step `upto`, and the
    /// last request made.
    fn after(id: &str, upto: usize) -> (World, Option<djsim::world::NetworkEntry>) {
        let lesson = find(id).unwrap();
        let mut world = lesson.world().unwrap();
        for step in &lesson.steps[..=upto] {
            for action in step.actions(&world) {
                world.perform(action).unwrap();
            }
        }
        let last = world.network().last().cloned();
        (world, last)
    }

    fn jar_names(world: &World, browser: &str) -> Vec<String> {
        world.jar(browser).into_iter().map(|c| c.name).collect()
    }

    fn decoded(world: &World) -> Vec<String> {
        world.sessions().iter().map(|row| djsim::pyjson::repr_dict(&row.decoded)).collect()
    }

    /// What the lessons' texts say, checked against the World (one line per claim).
    #[test]
    fn the_texts_say_what_the_world_does() {
        let (w, _) = after("cookies", 0);
        assert_eq!(jar_names(&w, "A"), ["zap", "sakaicar"], "cookies: both kept");
        assert!(w.jar("A")[0].expires.is_none() && w.jar("A")[1].expires.is_some(), "cookies: zap is a session cookie, sakaicar is not");
        assert_eq!(after("cookies", 6).0.jar("A").into_iter().map(|c| c.name).collect::<Vec<_>>(), ["sakaicar"], "cookies: closing drops zap");
        let (w, last) = after("cookies", 7);
        assert_eq!(last.unwrap().cookies_sent, [("sakaicar".to_owned(), "42".to_owned())], "cookies: only sakaicar sent after the close");
        assert_eq!(jar_names(&w, "A"), ["sakaicar", "zap"]);
        assert_eq!(jar_names(&after("cookies", 8).0, "A"), ["zap"], "cookies: sakaicar expires after 1000 s");
        assert_eq!(decoded(&after("sessions", 5).0), ["{}"], "sessions: the fifth visit deletes num_visits");
        assert_eq!(decoded(&after("two-browsers", 3).0), ["{'num_visits': 2}", "{'num_visits': 1}"], "two browsers: two rows");
        let first_a = after("two-browsers", 0).0.sessions()[0].session_data.clone();
        assert_eq!(after("two-browsers", 3).0.sessions()[1].session_data, first_a, "two browsers: B's data is A's first");
        let (w, _) = after("tampering", 2);
        assert_eq!(w.sessions().len(), 2, "tampering: the old row stays");
        assert_eq!(after("tampering", 6).0.console().iter().filter(|l| l.text == "Session data corrupted").count(), 1);
        // The forged row is A's only: its key is filled in when "Do it" is pressed.
        let (w, _) = after("tampering", 5);
        let (a_key, rows) = (session_key(&w, "A"), w.sessions());
        let old = rows.iter().find(|row| row.session_key != a_key).expect("tampering: the old row");
        let sql = find("tampering").unwrap().steps[6].sql(&w);
        assert_eq!(sql.len(), 1);
        assert!(sql[0].ends_with(&format!("\nWHERE session_key = '{a_key}'")), "tampering: {}", sql[0]);
        let (w, _) = after("tampering", 6);
        let old_after = w.sessions().into_iter().find(|row| row.session_key == old.session_key).unwrap();
        assert_eq!(old_after.session_data, old.session_data, "tampering: the UPDATE leaves the old row alone");
        let (_, post) = after("samesite", 2);
        let post = post.unwrap();
        assert_eq!((post.method.as_str(), post.status), ("POST", 403), "samesite: CSRF refuses the POST");
        assert_eq!(post.cookies_blocked.iter().map(|(n, _, r)| (n.as_str(), r[0].as_str())).collect::<Vec<_>>(), [("sessionid", "SchemefulSameSiteLax")]);
        let (_, img) = after("samesite", 3);
        let img = img.unwrap();
        assert_eq!(img.set_cookies.iter().map(|(_, r)| r.as_deref()).collect::<Vec<_>>(), [Some("UserPreferences")], "samesite: the image's cookie is refused");
        assert_eq!(crate::panels::network::model::resource_type(&img), "img", "samesite: the Network list says it is an image");
        let (w, link) = after("samesite", 7);
        assert_eq!(link.unwrap().cookies_blocked.iter().map(|(_, _, r)| r[0].as_str()).collect::<Vec<_>>(), ["SchemefulSameSiteStrict"]);
        assert_eq!(w.jar("A")[0].same_site.as_deref(), Some("Strict"));
        let (w, _) = after("expiry", 3);
        assert!(w.jar("A").is_empty() && w.sessions().iter().all(|row| row.expired), "expiry: the cookie is gone, the row is stale");
        assert_eq!(after("expiry", 4).0.sessions().len(), 2);
        let (w, _) = after("expiry", 5);
        assert_eq!(w.sessions().iter().map(|row| row.expired).collect::<Vec<_>>(), [false], "expiry: clearsessions leaves the live row");
        // The lecture's sqlite3 listing: vosaoain… | YThiZWRj… ({"num_visits":1}).
        let first = after("decoding", 0).0.sessions()[0].session_data.clone();
        assert_eq!(first, "YThiZWRjMjQ1NzZhMzYzMTBhZjYxNWI2ZDgyODI1Y2ExODI2MTJjNzp7Im51bV92aXNpdHMiOjF9", "decoding: the listing's first row");
        let (w, _) = after("decoding", 3);
        let slide = w.sessions().into_iter().find(|row| row.session_key == "xy414ikma0p80jw19mrg146inewhzp3s").unwrap();
        assert_eq!(slide.session_data, catalog::LECTURE_SESSION_DATA, "decoding: the slide's row as inserted");
        assert_eq!(djsim::pyjson::repr_dict(&slide.decoded), "{'num_visits': 2}", "decoding: Django loads the slide's dict");
        assert_eq!(w.jar("A")[0].value, slide.session_key, "decoding: Browser A holds the slide's key");
        let (w, _) = after("decoding", 6);
        assert!(w.sessions().iter().any(|row| row.session_data.starts_with("eyJudW1fdmlzaXRzIjo0fQ:")), "decoding: the modern format");
    }

    #[test]
    fn the_lecture_topics_are_all_there() {
        let ids: Vec<_> = all().iter().map(|l| l.id).collect();
        assert_eq!(ids, ["cookies", "sessions", "two-browsers", "decoding", "tampering", "samesite", "expiry"]);
    }

    #[test]
    fn lessons_replay_identically() {
        // Restarting a lesson gives the same World: same session keys, same rows.
        for lesson in all() {
            let a = lesson.world().unwrap();
            let b = lesson.world().unwrap();
            assert_eq!(a.to_scenario(), b.to_scenario(), "{}", lesson.id);
            assert_eq!(a.sessions().len(), b.sessions().len(), "{}", lesson.id);
        }
    }

    #[test]
    fn the_decoding_lesson_reproduces_the_lecture_slide() {
        // legacy.json `lecture_example`: Django 3.2 with DEFAULT_HASHING_ALGORITHM = "sha1"
        // and dj4e-samples' SECRET_KEY writes exactly the slide's value at the second visit.
        let lesson = find("decoding").unwrap();
        let mut world = lesson.world().unwrap();
        for step in &lesson.steps[..2] {
            for action in step.actions(&world) {
                world.perform(action).unwrap();
            }
        }
        let rows: Vec<_> = world.sessions().into_iter().map(|row| row.session_data).collect();
        assert_eq!(rows, ["OWNkOGQxYjg4NzlkN2ZhOTc2NmU1ODY0NWMzZmQ4YjdhMzM4OTJhNjp7Im51bV92aXNpdHMiOjJ9"]);
    }

    #[track_caller]
    fn check_target(highlight: Highlight, selector: &str, within: &str, text: TextMatch) {
        let world = World::lecture();
        let target = highlight.target(&world);
        assert_eq!((target.selector.as_str(), target.within.as_str(), target.text), (selector, within, text));
    }

    #[test]
    fn targets() {
        check_target(
            Highlight::SetCookie("zap"),
            "[data-set-cookie=\"zap\"]",
            "[aria-label=\"Response headers\"] dd",
            TextMatch::StartsWith("zap=".into()),
        );
        check_target(Highlight::JarRow("a\"b"), "[data-cookie=\"a\\\"b\"]", "table[aria-label=\"Cookies\"] tbody tr", TextMatch::Equals("a\"b".into()));
        check_target(Highlight::SessionOf("A"), "[data-session-key=\"\"], tr[id=\"session-row-\"]", "table[aria-label=\"Sessions\"] tbody tr", TextMatch::Equals(String::new()));
        assert!(Highlight::RequestCookieHeader.target(&World::lecture()).and_next);
        let decoding = Highlight::Decoding("A").target(&World::lecture());
        assert_eq!(decoding.reveal, Some(Reveal { selector: "button[aria-controls=\"session-decode-\"]".into(), text: None }));
    }

    #[track_caller]
    fn check_fill(world: &World, sql: &str, expected: &str) {
        assert_eq!(fill_sql(sql, world), expected, "{sql}");
    }

    #[test]
    fn sql_placeholders_take_the_live_session_key() {
        let mut world = World::lecture();
        world.perform(serde_json::json!({"browser": "A", "get": "/session/sessfun"})).unwrap();
        let key = session_key(&world, "A");
        assert_eq!(key.len(), 32, "{key}");
        check_fill(&world, "DELETE FROM django_session WHERE session_key = {session_key:A}", &format!("DELETE FROM django_session WHERE session_key = '{key}'"));
        check_fill(&world, "SELECT {session_key:A}, {session_key:A}", &format!("SELECT '{key}', '{key}'"));
        check_fill(&world, "SELECT {session_key:B}", "SELECT ''");
        check_fill(&world, "SELECT 1", "SELECT 1");
        check_fill(&world, "SELECT '{session_key:A'", "SELECT '{session_key:A'");
        check_fill(&world, "SELECT {session_key:}", "SELECT ''");
        // A key edited in Storage to hold a quote stays one string literal.
        world.perform(serde_json::json!({"browser": "A", "edit_cookie": {"name": "sessionid", "value": "x' OR '1'='1"}})).unwrap();
        check_fill(&world, "WHERE session_key = {session_key:A}", "WHERE session_key = 'x'' OR ''1''=''1'");
    }

    #[test]
    fn css_strings() {
        assert_eq!(css_string("plain"), "plain");
        assert_eq!(css_string("a\"b\\c"), "a\\\"b\\\\c");
        assert_eq!(css_string("a\nb"), "a\\a b");
    }
}
