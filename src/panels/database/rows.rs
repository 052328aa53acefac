//! What the Database panel shows beside each stored session: its decoding walked
//! through as Django does it, and which browsers hold its key in a cookie (the
//! lecture's "A123 / B345 / C678" slide, live). Pure functions over the World.

use std::collections::HashMap;

use djsim::conf::{DjangoVersion, HashingAlgorithm, SessionEngine, Settings};
use djsim::sessions::codec::{self, Decoded};
use djsim::signing::Algorithm;
use djsim::world::World;

/// A browser whose jar holds a cookie with the session's key as its value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Holder {
    /// The World's name for the browser (`"A"`).
    pub browser: String,
    /// The cookie's name (`sessionid`, unless renamed).
    pub cookie: String,
}

/// A piece of a decoding step's explanation: prose, or a value to show in monospace.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Part {
    Text(String),
    Value(String),
}

/// `session_data` decoded as the running server decodes it: Django 5.2 with
/// `SECRET_KEY_FALLBACKS`, Django 3.2 with its `DEFAULT_HASHING_ALGORITHM`.
pub fn decode_row(settings: &Settings, version: DjangoVersion, data: &str) -> Decoded {
    match (version, settings.default_hashing_algorithm) {
        (DjangoVersion::V3_2, Some(HashingAlgorithm::Sha1)) => codec::decode_django32(data, &settings.secret_key, Algorithm::Sha1),
        _ => codec::decode(data, &settings.secret_key, &settings.secret_key_fallbacks, version),
    }
}

/// The browsers (in the World's order) whose cookie jar, at the World's time, holds a
/// cookie whose value is `session_key`: the reference [`holders_by_value`] is tested
/// against.
#[cfg(test)]
pub fn holders(world: &World, session_key: &str) -> Vec<Holder> {
    world
        .browser_names()
        .into_iter()
        .flat_map(|browser| {
            world
                .jar(&browser)
                .into_iter()
                .filter(|cookie| cookie.value == session_key)
                .map(move |cookie| Holder { browser: browser.clone(), cookie: cookie.name })
        })
        .collect()
}

/// Every cookie value that some browser's jar holds (at the World's time), with the
/// holders in the World's order: [`holders`] for all keys at once, in one pass over
/// the jars (ten thousand browsers and rows stay linear).
pub fn holders_by_value(world: &World) -> HashMap<String, Vec<Holder>> {
    let now = world.now();
    let mut by_value: HashMap<String, Vec<Holder>> = HashMap::new();
    for browser in world.browsers() {
        for cookie in browser.jar.cookies(now) {
            let holder = Holder { browser: browser.name.clone(), cookie: cookie.name.clone() };
            match by_value.get_mut(&cookie.value) {
                Some(holders) => holders.push(holder),
                None => {
                    by_value.insert(cookie.value.clone(), vec![holder]);
                }
            }
        }
    }
    by_value
}

/// Splits a step's explanation into prose and values: a quoted `'…'` (with its
/// quotes) or a balanced `{…}` (a Python dict's repr, quotes inside allowed) is a value.
pub fn detail_parts(detail: &str) -> Vec<Part> {
    let mut parts = Vec::new();
    let mut text = String::new();
    let chars: Vec<char> = detail.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let end = match chars[i] {
            '{' => balanced_end(&chars, i),
            // A quote that opens a value: at the start or after a space or bracket.
            '\'' if i == 0 || matches!(chars[i - 1], ' ' | '(' | '[' | '=') => chars[i + 1..].iter().position(|&c| c == '\'').map(|k| i + 1 + k),
            _ => None,
        };
        match end {
            Some(end) => {
                if !text.is_empty() {
                    parts.push(Part::Text(std::mem::take(&mut text)));
                }
                parts.push(Part::Value(chars[i..=end].iter().collect()));
                i = end + 1;
            }
            None => {
                text.push(chars[i]);
                i += 1;
            }
        }
    }
    if !text.is_empty() {
        parts.push(Part::Text(text));
    }
    parts
}

/// Where each engine keeps sessions, for the note above the table; `None` for the
/// `db` engine (the table is `django_session` itself).
pub fn engine_note(settings: &Settings) -> Option<String> {
    let engine = settings.session_engine.dotted_path();
    Some(match settings.session_engine {
        SessionEngine::Db => return None,
        SessionEngine::CachedDb => format!(
            "SESSION_ENGINE = '{engine}': each session is a django_session row (below) and a copy in the cache; reads try the cache first."
        ),
        SessionEngine::Cache => format!(
            "SESSION_ENGINE = '{engine}': sessions live only in the cache (LocMemCache, in the server's memory), not in django_session; a restart loses them. Below: the cache's session entries, each holding the dict itself."
        ),
        SessionEngine::File => format!(
            "SESSION_ENGINE = '{engine}': each session is a file {}/{}<session_key> holding the encoded data; django_session is not used. Below: those files.",
            settings.session_file_path.as_deref().unwrap_or("/tmp"),
            settings.session_cookie_name
        ),
        SessionEngine::SignedCookies => format!(
            "SESSION_ENGINE = '{engine}': the server stores nothing. The whole session, signed but not encrypted, is the {} cookie's value in the browser (see Storage); django_session is not used.",
            settings.session_cookie_name
        ),
    })
}

/// Whether rows of this engine hold encoded `session_data` (the cache holds the dict).
pub fn has_encoded_data(engine: SessionEngine) -> bool {
    !matches!(engine, SessionEngine::Cache | SessionEngine::SignedCookies)
}

fn balanced_end(chars: &[char], start: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    for (k, &c) in chars.iter().enumerate().skip(start) {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), '\\') => {}
            (Some(_), _) => {}
            (None, '\'' | '"') => quote = Some(c),
            (None, '{') => depth += 1,
            (None, '}') => {
                depth -= 1;
                if depth == 0 {
                    return Some(k);
                }
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Part {
        Part::Text(s.into())
    }
    fn value(s: &str) -> Part {
        Part::Value(s.into())
    }

    #[track_caller]
    fn check_parts(detail: &str, expected: &[Part]) {
        assert_eq!(detail_parts(detail), expected, "{detail}");
        let joined: String = detail_parts(detail).into_iter().map(|p| match p {
            Part::Text(s) | Part::Value(s) => s,
        }).collect();
        assert_eq!(joined, detail, "nothing is lost");
    }

    #[test] // the details djsim's codec writes
    fn values_are_found_in_details() {
        check_parts(
            "base64 decoding of 'eyJudW1fdmlzaXRzIjoyfQ' gives '{\"num_visits\":2}'.",
            &[text("base64 decoding of "), value("'eyJudW1fdmlzaXRzIjoyfQ'"), text(" gives "), value("'{\"num_visits\":2}'"), text(".")],
        );
        check_parts(
            "json.loads gives a dict with 1 key: {'num_visits': 2}.",
            &[text("json.loads gives a dict with 1 key: "), value("{'num_visits': 2}"), text(".")],
        );
        check_parts("loads an empty session {}.", &[text("loads an empty session "), value("{}"), text(".")]);
        check_parts("Django's rule", &[text("Django's rule")]);
        check_parts("unclosed 'quote", &[text("unclosed 'quote")]);
        check_parts("{'a': '}'}", &[value("{'a': '}'}")]);
        check_parts("", &[]);
        check_parts("{{", &[text("{{")]);
    }

    fn sessfun(world: &mut World, browser: &str) {
        world.navigate(browser, "http://127.0.0.1:8000/session/sessfun").unwrap();
    }

    #[test]
    fn the_browsers_holding_a_session() {
        let mut world = World::lecture();
        sessfun(&mut world, "A");
        sessfun(&mut world, "B");
        world.perform(serde_json::json!({"browser": "C", "copy_cookie": {"from": "A", "name": "sessionid"}})).unwrap();
        let rows = world.sessions();
        assert_eq!(rows.len(), 2);
        let names = |key: &str| holders(&world, key).into_iter().map(|h| format!("{}:{}", h.browser, h.cookie)).collect::<Vec<_>>();
        let by_a = rows.iter().find(|r| world.jar("A").iter().any(|c| c.value == r.session_key)).unwrap();
        let by_b = rows.iter().find(|r| r.session_key != by_a.session_key).unwrap();
        assert_eq!(names(&by_a.session_key), ["A:sessionid", "C:sessionid"]);
        assert_eq!(names(&by_b.session_key), ["B:sessionid"]);
        assert!(names("nosuchkey").is_empty());
        // All at once: the same holders, in the same order.
        let all = holders_by_value(&world);
        for row in &rows {
            assert_eq!(all.get(&row.session_key).cloned().unwrap_or_default(), holders(&world, &row.session_key));
        }
    }

    #[test]
    fn decoding_follows_the_running_django() {
        let mut world = World::lecture();
        sessfun(&mut world, "A");
        sessfun(&mut world, "A");
        let row = &world.sessions()[0];
        let settings = world.server().settings();
        let decoded = decode_row(settings, world.server().version(), &row.session_data);
        assert!(decoded.valid);
        assert_eq!(djsim::pyjson::repr_dict(&decoded.data), "{'num_visits': 2}");
        assert!(decoded.steps.iter().any(|s| s.detail.contains("SECRET_KEY")), "{:?}", decoded.steps);

        // Django 3.2 with DEFAULT_HASHING_ALGORITHM = 'sha1' writes the legacy format.
        let config = djsim::world::WorldConfig {
            version: DjangoVersion::V3_2,
            settings: serde_json::json!({"DEFAULT_HASHING_ALGORITHM": "sha1"}).as_object().unwrap().clone(),
            ..Default::default()
        };
        let mut world = World::new(config).unwrap();
        sessfun(&mut world, "A");
        let row = &world.sessions()[0];
        let decoded = decode_row(world.server().settings(), world.server().version(), &row.session_data);
        assert_eq!(decoded.format, codec::Format::Legacy);
        assert!(decoded.steps.iter().any(|s| s.stage == "hash check" && s.ok), "{:?}", decoded.steps);
    }

    #[test]
    fn engines_are_named() {
        let mut settings = Settings::defaults(DjangoVersion::V5_2);
        assert_eq!(engine_note(&settings), None);
        for engine in SessionEngine::ALL.into_iter().filter(|e| *e != SessionEngine::Db) {
            settings.session_engine = engine;
            let note = engine_note(&settings).unwrap();
            assert!(note.contains(engine.dotted_path()), "{note}");
        }
    }
}
