//! The Settings panel's form, as data: which settings it edits, how a control's text
//! becomes the JSON a `{"settings": {…}}` step carries, the changes against the
//! running settings, the `MIDDLEWARE` list's rows, and switching Django versions (a
//! new World from the same scenario). Pure: the World judges every value.

use djsim::conf::{DjangoVersion, MiddlewareKind, SessionEngine};
use serde_json::{Map, Value as Json};

/// What kind of control a setting has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Text,
    /// A string or `None` (empty text).
    OptionalText,
    Integer,
    /// An integer or `None` (empty text).
    OptionalInteger,
    Bool,
    /// `'Lax'`, `'Strict'`, `'None'` (the string) or `False` (no attribute).
    SameSite,
    /// `SESSION_ENGINE`'s dotted paths.
    Engine,
    /// A list of strings, one per line.
    Lines,
    /// `DEFAULT_HASHING_ALGORITHM` (Django 3.2): `'sha256'` or `'sha1'`.
    HashingAlgorithm,
}

/// One editable setting.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Field {
    /// Django's name.
    pub name: &'static str,
    pub kind: Kind,
    /// One line on what it does (Django's documentation, shortened).
    pub help: &'static str,
}

/// A group of fields under one heading.
pub struct Group {
    pub title: &'static str,
    pub fields: &'static [Field],
}

/// The form's groups, in the order shown (`MIDDLEWARE` has its own editor).
pub const GROUPS: &[Group] = &[
    Group {
        title: "Secret key and debug",
        fields: &[
            Field { name: "SECRET_KEY", kind: Kind::Text, help: "Signs session data, cookies and tokens. Change it and every signed session stops decoding." },
            Field {
                name: "SECRET_KEY_FALLBACKS",
                kind: Kind::Lines,
                help: "Old keys still accepted when checking signatures, one per line (Django 4.1+; 3.2 has no such setting).",
            },
            Field { name: "DEBUG", kind: Kind::Bool, help: "Errors show the technical 500 page with the traceback." },
        ],
    },
    Group {
        title: "Sessions",
        fields: &[
            Field { name: "SESSION_ENGINE", kind: Kind::Engine, help: "Where sessions are stored." },
            Field { name: "SESSION_COOKIE_NAME", kind: Kind::Text, help: "The session cookie's name." },
            Field { name: "SESSION_COOKIE_AGE", kind: Kind::Integer, help: "Seconds a session lasts: the cookie's Max-Age and the row's expire_date." },
            Field { name: "SESSION_COOKIE_DOMAIN", kind: Kind::OptionalText, help: "The cookie's Domain attribute; empty for None (host-only)." },
            Field { name: "SESSION_COOKIE_PATH", kind: Kind::Text, help: "The cookie's Path attribute." },
            Field { name: "SESSION_COOKIE_SECURE", kind: Kind::Bool, help: "Adds Secure: the browser sends it only over https." },
            Field { name: "SESSION_COOKIE_HTTPONLY", kind: Kind::Bool, help: "Adds HttpOnly: scripts cannot read it (document.cookie)." },
            Field { name: "SESSION_COOKIE_SAMESITE", kind: Kind::SameSite, help: "The cookie's SameSite attribute; False leaves it out." },
            Field {
                name: "SESSION_EXPIRE_AT_BROWSER_CLOSE",
                kind: Kind::Bool,
                help: "A session cookie (no Expires/Max-Age): gone when the browser closes.",
            },
            Field { name: "SESSION_SAVE_EVERY_REQUEST", kind: Kind::Bool, help: "Save the session (and send the cookie) on every request, not only when modified." },
        ],
    },
    Group {
        title: "CSRF cookie",
        fields: &[
            Field { name: "CSRF_COOKIE_NAME", kind: Kind::Text, help: "The CSRF cookie's name." },
            Field { name: "CSRF_COOKIE_AGE", kind: Kind::OptionalInteger, help: "Seconds; empty for None (a session cookie)." },
            Field { name: "CSRF_COOKIE_DOMAIN", kind: Kind::OptionalText, help: "Empty for None (host-only)." },
            Field { name: "CSRF_COOKIE_PATH", kind: Kind::Text, help: "The cookie's Path attribute." },
            Field { name: "CSRF_COOKIE_SECURE", kind: Kind::Bool, help: "Adds Secure." },
            Field { name: "CSRF_COOKIE_HTTPONLY", kind: Kind::Bool, help: "Adds HttpOnly." },
            Field { name: "CSRF_COOKIE_SAMESITE", kind: Kind::SameSite, help: "False leaves SameSite out." },
            Field { name: "CSRF_USE_SESSIONS", kind: Kind::Bool, help: "Keep the CSRF token in the session instead of a cookie." },
        ],
    },
];

/// Django 3.2 only.
pub const HASHING_ALGORITHM: Field = Field {
    name: "DEFAULT_HASHING_ALGORITHM",
    kind: Kind::HashingAlgorithm,
    help: "Django 3.1–3.2's transition setting: 'sha1' writes sessions in the legacy format (base64 of hash:json).",
};

/// `SESSION_COOKIE_SAMESITE`'s choices: (the control's value, as settings.py writes it).
pub const SAME_SITE: [(&str, &str); 4] = [("Lax", "'Lax'"), ("Strict", "'Strict'"), ("None", "'None'"), ("False", "False")];

/// One line of the `MIDDLEWARE` editor: a class, and whether the list includes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MiddlewareRow {
    pub path: String,
    pub enabled: bool,
}

/// The Django a World runs, as the version switch offers it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DjangoChoice {
    V5_2,
    V3_2,
    /// Django 3.2 with `DEFAULT_HASHING_ALGORITHM = 'sha1'`: the legacy session format.
    V3_2Sha1,
}

/// The JSON a control's text stands for. Text that is not what the setting takes
/// (`"12a"` for an integer) stays a string, so the World's error names the setting.
pub fn value_from_text(kind: Kind, text: &str) -> Json {
    match kind {
        Kind::Text | Kind::Engine | Kind::HashingAlgorithm => Json::from(text),
        Kind::OptionalText if text.is_empty() => Json::Null,
        Kind::OptionalText => Json::from(text),
        Kind::OptionalInteger if text.trim().is_empty() => Json::Null,
        Kind::Integer | Kind::OptionalInteger => text.trim().parse::<i64>().map_or_else(|_| Json::from(text), Json::from),
        Kind::Bool => Json::Bool(text == "true"),
        Kind::SameSite if text == "False" => Json::Bool(false),
        Kind::SameSite => Json::from(text),
        Kind::Lines => Json::from(text.lines().map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>()),
    }
}

/// The text a control shows for a value (the inverse of [`value_from_text`]).
pub fn text_from_value(kind: Kind, value: &Json) -> String {
    match (kind, value) {
        (Kind::SameSite, Json::Null | Json::Bool(false)) => "False".to_owned(),
        (_, Json::Null) => String::new(),
        (_, Json::String(s)) => s.clone(),
        (_, Json::Bool(b)) => b.to_string(),
        (_, Json::Number(n)) => n.to_string(),
        (_, Json::Array(items)) => items.iter().map(|i| i.as_str().map_or_else(|| i.to_string(), str::to_owned)).collect::<Vec<_>>().join("\n"),
        (_, other) => other.to_string(),
    }
}

/// The edits that differ from the running settings (`current`, as `Settings::to_json`
/// gives them), in `current`'s order; the `MIDDLEWARE` rows when they change the list.
pub fn changes(current: &Map<String, Json>, edits: &Map<String, Json>, middleware: Option<&[MiddlewareRow]>) -> Map<String, Json> {
    let mut out = Map::new();
    for (name, running) in current {
        if name == "MIDDLEWARE" {
            if let Some(rows) = middleware {
                let value = middleware_value(rows);
                if &value != running {
                    out.insert(name.clone(), value);
                }
            }
            continue;
        }
        if let Some(edited) = edits.get(name) {
            if !same_setting(running, edited) {
                out.insert(name.clone(), edited.clone());
            }
        }
    }
    // Edits of settings the running Django does not have are still sent: the World says so.
    for (name, edited) in edits {
        if !current.contains_key(name) {
            out.insert(name.clone(), edited.clone());
        }
    }
    out
}

/// The scenario step that applies `changes`: `{"settings": {…}}`; none when empty.
pub fn settings_step(changes: &Map<String, Json>) -> Option<Json> {
    (!changes.is_empty()).then(|| crate::json::object(vec![("settings", Json::Object(changes.clone()))]))
}

/// The `MIDDLEWARE` editor's rows: the running list in order (enabled), and each of
/// the lecture's classes left out (disabled) where a student would have commented it
/// out: after the running class nearest before it in `startproject`'s list.
pub fn middleware_rows(current: &Json) -> Vec<MiddlewareRow> {
    let running: Vec<&str> = current.as_array().into_iter().flatten().filter_map(Json::as_str).collect();
    let lecture: Vec<&str> = MiddlewareKind::LECTURE.iter().map(|k| k.dotted_path()).collect();
    // Slot k is after running[k - 1]; slot 0 is the top.
    let slot = |i: usize| lecture[..i].iter().rev().find_map(|p| running.iter().position(|r| r == p)).map_or(0, |at| at + 1);
    let missing: Vec<(usize, &str)> = lecture.iter().enumerate().filter(|(_, p)| !running.contains(p)).map(|(i, p)| (slot(i), *p)).collect();
    let left_out = |k: usize| missing.iter().filter(move |(s, _)| *s == k).map(|(_, p)| MiddlewareRow { path: p.to_string(), enabled: false });
    let mut rows: Vec<MiddlewareRow> = left_out(0).collect();
    for (j, path) in running.iter().enumerate() {
        rows.push(MiddlewareRow { path: path.to_string(), enabled: true });
        rows.extend(left_out(j + 1));
    }
    rows
}

/// `MIDDLEWARE` as the rows make it: the enabled classes, in order.
pub fn middleware_value(rows: &[MiddlewareRow]) -> Json {
    Json::from(rows.iter().filter(|r| r.enabled).map(|r| r.path.clone()).collect::<Vec<_>>())
}

/// Moves row `index` up (`-1`) or down (`1`); false when it cannot move.
pub fn move_row(rows: &mut [MiddlewareRow], index: usize, delta: isize) -> bool {
    let Some(target) = index.checked_add_signed(delta) else { return false };
    if index >= rows.len() || target >= rows.len() {
        return false;
    }
    rows.swap(index, target);
    true
}

/// The class name of a dotted path (`SessionMiddleware`).
pub fn class_name(path: &str) -> &str {
    path.rsplit('.').next().unwrap_or(path)
}

/// `SESSION_ENGINE`'s choices: the dotted paths.
pub fn engines() -> impl Iterator<Item = &'static str> {
    SessionEngine::ALL.into_iter().map(SessionEngine::dotted_path)
}

impl DjangoChoice {
    pub const ALL: [DjangoChoice; 3] = [DjangoChoice::V5_2, DjangoChoice::V3_2, DjangoChoice::V3_2Sha1];

    /// What the running World is.
    pub fn of(version: DjangoVersion, settings: &Map<String, Json>) -> DjangoChoice {
        match version {
            DjangoVersion::V5_2 => DjangoChoice::V5_2,
            DjangoVersion::V3_2 if settings.get("DEFAULT_HASHING_ALGORITHM").and_then(Json::as_str) == Some("sha1") => DjangoChoice::V3_2Sha1,
            DjangoVersion::V3_2 => DjangoChoice::V3_2,
        }
    }

    /// As the select shows it.
    pub fn label(self) -> &'static str {
        match self {
            DjangoChoice::V5_2 => "Django 5.2.19",
            DjangoChoice::V3_2 => "Django 3.2.25",
            DjangoChoice::V3_2Sha1 => "Django 3.2.25, DEFAULT_HASHING_ALGORITHM = 'sha1' (legacy session format)",
        }
    }

    /// A stable key for the select's option values.
    pub fn key(self) -> &'static str {
        match self {
            DjangoChoice::V5_2 => "5.2",
            DjangoChoice::V3_2 => "3.2",
            DjangoChoice::V3_2Sha1 => "3.2-sha1",
        }
    }

    pub fn from_key(key: &str) -> Option<DjangoChoice> {
        DjangoChoice::ALL.into_iter().find(|c| c.key() == key)
    }

    fn version(self) -> &'static str {
        match self {
            DjangoChoice::V5_2 => "5.2",
            DjangoChoice::V3_2 | DjangoChoice::V3_2Sha1 => "3.2",
        }
    }
}

/// The World's scenario (`World::to_scenario`) under another Django: `"django"`
/// changed, `DEFAULT_HASHING_ALGORITHM` set as chosen (3.2) and dropped from every
/// settings step, and the settings the target version lacks dropped too
/// (`SECURE_CROSS_ORIGIN_OPENER_POLICY` is 4.0+, `DEFAULT_HASHING_ALGORITHM` 3.1–3.2).
pub fn switch_django(scenario: &Json, choice: DjangoChoice) -> Json {
    let mut scenario = scenario.clone();
    let Some(top) = scenario.as_object_mut() else { return scenario };
    top.insert("django".into(), Json::from(choice.version()));
    let unknown: &[&str] = match choice {
        DjangoChoice::V5_2 => &["DEFAULT_HASHING_ALGORITHM"],
        DjangoChoice::V3_2 | DjangoChoice::V3_2Sha1 => &["SECURE_CROSS_ORIGIN_OPENER_POLICY", "DEFAULT_HASHING_ALGORITHM"],
    };
    let mut settings = top.get("settings").and_then(Json::as_object).cloned().unwrap_or_default();
    for name in unknown {
        settings.remove(*name);
    }
    if choice == DjangoChoice::V3_2Sha1 {
        settings.insert("DEFAULT_HASHING_ALGORITHM".into(), Json::from("sha1"));
    }
    top.insert("settings".into(), Json::Object(settings));
    if let Some(Json::Array(steps)) = top.get_mut("steps") {
        for step in steps.iter_mut() {
            if let Some(Json::Object(changes)) = step.get_mut("settings") {
                for name in unknown {
                    changes.remove(*name);
                }
            }
        }
        steps.retain(|step| !matches!(step.get("settings"), Some(Json::Object(c)) if c.is_empty()));
    }
    scenario
}

/// Whether two values are the same setting: `None` and `False` are one SameSite.
fn same_setting(running: &Json, edited: &Json) -> bool {
    // No setting takes both: only the SameSite ones take None or False.
    let norm = |v: &Json| if v == &Json::Bool(false) { Json::Null } else { v.clone() };
    norm(running) == norm(edited)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use djsim::conf::Settings;

    fn current() -> Map<String, Json> {
        match Settings::defaults(DjangoVersion::V5_2).to_json() {
            Json::Object(map) => map,
            _ => unreachable!("settings are an object"),
        }
    }

    #[track_caller]
    fn check_text(kind: Kind, text: &str, value: Json) {
        assert_eq!(value_from_text(kind, text), value, "{kind:?} {text:?}");
        assert_eq!(text_from_value(kind, &value), if kind == Kind::Lines { text.trim().to_owned() } else { text.to_owned() });
    }

    #[test]
    fn control_text_and_values() {
        check_text(Kind::Text, "sessionid", json!("sessionid"));
        check_text(Kind::Text, "", json!(""));
        check_text(Kind::OptionalText, "", Json::Null);
        check_text(Kind::OptionalText, ".example.com", json!(".example.com"));
        check_text(Kind::Integer, "60", json!(60));
        check_text(Kind::Integer, "-1", json!(-1));
        check_text(Kind::Integer, "12a", json!("12a"));
        check_text(Kind::OptionalInteger, "", Json::Null);
        check_text(Kind::OptionalInteger, "31449600", json!(31449600));
        check_text(Kind::Bool, "true", json!(true));
        check_text(Kind::Bool, "false", json!(false));
        check_text(Kind::SameSite, "Lax", json!("Lax"));
        check_text(Kind::SameSite, "None", json!("None"));
        check_text(Kind::SameSite, "False", json!(false));
        check_text(Kind::Lines, "old-key\nolder-key", json!(["old-key", "older-key"]));
        check_text(Kind::Lines, "", json!([]));
        assert_eq!(value_from_text(Kind::Lines, " a \n\n b\n"), json!(["a", "b"]));
        assert_eq!(text_from_value(Kind::SameSite, &Json::Null), "False");
    }

    #[track_caller]
    fn check_step(edits: Json, middleware: Option<&[MiddlewareRow]>, expected: Option<Json>) {
        let edits = edits.as_object().cloned().unwrap_or_default();
        assert_eq!(settings_step(&changes(&current(), &edits, middleware)), expected);
    }

    #[test]
    fn only_changes_make_the_step() {
        check_step(json!({}), None, None);
        check_step(json!({"SESSION_COOKIE_AGE": 1209600}), None, None);
        check_step(json!({"SESSION_COOKIE_AGE": 60}), None, Some(json!({"settings": {"SESSION_COOKIE_AGE": 60}})));
        check_step(
            json!({"DEBUG": false, "SECRET_KEY": "new", "SESSION_COOKIE_NAME": "sessionid"}),
            None,
            Some(json!({"settings": {"SECRET_KEY": "new", "DEBUG": false}})),
        );
        check_step(json!({"SESSION_COOKIE_SAMESITE": false}), None, Some(json!({"settings": {"SESSION_COOKIE_SAMESITE": false}})));
        check_step(json!({"SESSION_COOKIE_DOMAIN": null}), None, None);
        check_step(json!({"SESSION_COOKIE_AGE": "12a"}), None, Some(json!({"settings": {"SESSION_COOKIE_AGE": "12a"}})));
        check_step(json!({"DEFAULT_HASHING_ALGORITHM": "sha1"}), None, Some(json!({"settings": {"DEFAULT_HASHING_ALGORITHM": "sha1"}})));

        let mut rows = middleware_rows(&current()["MIDDLEWARE"]);
        check_step(json!({}), Some(&rows), None);
        rows[1].enabled = false;
        let without_sessions: Vec<&str> =
            MiddlewareKind::LECTURE.iter().filter(|k| **k != MiddlewareKind::Session).map(|k| k.dotted_path()).collect();
        check_step(json!({}), Some(&rows), Some(json!({"settings": {"MIDDLEWARE": without_sessions}})));
    }

    #[test]
    fn a_rejected_setting_names_itself() {
        let mut world = djsim::world::World::lecture();
        let step = settings_step(&changes(&current(), json!({"SESSION_COOKIE_AGE": "12a"}).as_object().unwrap(), None)).unwrap();
        let error = world.perform(step).unwrap_err();
        assert!(error.contains("SESSION_COOKIE_AGE"), "{error}");
        let step = settings_step(&changes(&current(), json!({"SESSION_COOKIE_AGE": 60}).as_object().unwrap(), None)).unwrap();
        world.perform(step).unwrap();
        assert_eq!(world.server().settings().session_cookie_age, 60);
    }

    #[test]
    fn middleware_rows_reorder_and_toggle() {
        let mut rows = middleware_rows(&json!([MiddlewareKind::Session.dotted_path(), MiddlewareKind::Security.dotted_path()]));
        let paths: Vec<&str> = rows.iter().map(|r| class_name(&r.path)).collect();
        assert_eq!(
            paths,
            ["SessionMiddleware", "CommonMiddleware", "CsrfViewMiddleware", "AuthenticationMiddleware", "MessageMiddleware", "XFrameOptionsMiddleware", "SecurityMiddleware"]
        );
        let without_sessions: Vec<&str> =
            MiddlewareKind::LECTURE.iter().filter(|k| **k != MiddlewareKind::Session).map(|k| k.dotted_path()).collect();
        let left_out = middleware_rows(&json!(without_sessions));
        assert_eq!(left_out[1], MiddlewareRow { path: MiddlewareKind::Session.dotted_path().into(), enabled: false }, "stays in its place");
        assert_eq!(middleware_value(&left_out), json!(without_sessions));
        assert_eq!(rows.iter().filter(|r| r.enabled).count(), 2);
        assert!(move_row(&mut rows, 6, -6));
        assert!(!move_row(&mut rows, 0, -1));
        assert!(!move_row(&mut rows, 6, 1));
        assert!(!move_row(&mut rows, 9, -1));
        assert_eq!(middleware_value(&rows), json!([MiddlewareKind::Security.dotted_path(), MiddlewareKind::Session.dotted_path()]));
    }

    #[test]
    fn switching_django_replays_the_steps() {
        let mut world = djsim::world::World::lecture();
        world.perform(json!({"settings": {"SESSION_COOKIE_AGE": 600, "SECURE_CROSS_ORIGIN_OPENER_POLICY": null}})).unwrap();
        world.perform(json!({"browser": "A", "get": "/session/sessfun"})).unwrap();
        world.perform(json!({"settings": {"SECURE_CROSS_ORIGIN_OPENER_POLICY": "same-origin"}})).unwrap();

        let scenario = switch_django(&world.to_scenario(), DjangoChoice::V3_2Sha1);
        assert_eq!(scenario["django"], "3.2");
        assert_eq!(scenario["settings"]["DEFAULT_HASHING_ALGORITHM"], "sha1");
        assert_eq!(scenario["steps"].as_array().unwrap().len(), 2, "the emptied settings step is dropped: {scenario}");
        let parsed = djsim::scenario::Scenario::from_json(&scenario).unwrap();
        let legacy = djsim::world::World::from_scenario(&parsed).unwrap();
        assert_eq!(legacy.server().version(), DjangoVersion::V3_2);
        assert_eq!(legacy.server().settings().session_cookie_age, 600);
        let row = &legacy.sessions()[0];
        assert!(!row.session_data.contains(':'), "legacy format is plain base64: {}", row.session_data);
        assert_eq!(DjangoChoice::of(DjangoVersion::V3_2, legacy.server().settings().to_json().as_object().unwrap()), DjangoChoice::V3_2Sha1);

        let back = switch_django(&legacy.to_scenario(), DjangoChoice::V5_2);
        let parsed = djsim::scenario::Scenario::from_json(&back).unwrap();
        let modern = djsim::world::World::from_scenario(&parsed).unwrap();
        assert_eq!(modern.server().version(), DjangoVersion::V5_2);
        assert!(modern.sessions()[0].session_data.contains(':'));
        for choice in DjangoChoice::ALL {
            assert_eq!(DjangoChoice::from_key(choice.key()), Some(choice));
        }
    }
}
