//! Saving, sharing and restoring the playground. Everything a person did is the World's
//! recorded `djsim` scenario (`World::to_scenario`), so the whole state is that scenario
//! plus what was in front (browser tab, devtools tab, lesson step):
//!
//! - after each action it is saved in `localStorage` ([`encode_saved`]) and restored on the
//!   next start ([`boot`]);
//! - a share link carries the scenario in its fragment: `#s=` + base64url of the
//!   zlib-deflated JSON ([`share_fragment`]; plain JSON is read too), then what was in
//!   front: `&b=A&t=database&l=sessions:2:110` ([`share_link_fragment`]);
//! - export and import are the scenario file itself (what `djsim run` reads).
//!
//! A saved state or a link that cannot be restored never stops the page: the person gets
//! a clean start, a notice saying why, and the bad text to download.

use serde_json::{json, Value as Json};

use crate::lessons::LessonProgress;
use crate::state::{Notice, State};

/// The `localStorage` key the page uses (main.rs); tests use their own.
pub const STORAGE_KEY: &str = "djsim-playground";
/// The saved state's format name, written in it.
pub const SAVED_FORMAT: &str = "djsim-playground/1";

/// The playground as saved: the World's scenario and what was in front.
#[derive(Clone, Debug, PartialEq)]
pub struct Saved {
    /// A `djsim run` scenario: the World's start and every step performed.
    pub scenario: Json,
    /// The browser in front (its World name).
    pub browser: Option<String>,
    /// The devtools tab in front (its key: `network`, `storage`, …).
    pub devtools: Option<String>,
    pub lesson: Option<LessonProgress>,
}

/// Why a saved state or a link could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PersistError {
    /// Not JSON at all (the parser's message).
    NotJson(String),
    /// JSON, but not a saved playground (what is wrong with it).
    NotSaved(String),
    /// A link whose fragment is not `#s=…`, or whose data does not decode.
    BadLink(String),
}

impl std::fmt::Display for PersistError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PersistError::NotJson(e) => write!(f, "it is not valid JSON ({e})"),
            PersistError::NotSaved(e) => write!(f, "it is not a saved playground ({e})"),
            PersistError::BadLink(e) => write!(f, "{e}"),
        }
    }
}
impl std::error::Error for PersistError {}

/// The saved state as compact JSON.
pub fn encode_saved(saved: &Saved) -> String {
    write_saved(saved, None)
}

/// `saved` as compact JSON; with `steps`, those are its scenario's `steps` (written from
/// where they are, not copied: [`save`] runs after every action, and a long session has
/// ten thousand steps).
fn write_saved(saved: &Saved, steps: Option<&[Json]>) -> String {
    serde_json::to_string(&SavedJson { saved, steps }).unwrap_or_default()
}

struct SavedJson<'a> {
    saved: &'a Saved,
    steps: Option<&'a [Json]>,
}

impl serde::Serialize for SavedJson<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let saved = self.saved;
        let mut m = serializer.serialize_map(None)?;
        m.serialize_entry("format", SAVED_FORMAT)?;
        m.serialize_entry("scenario", &ScenarioJson { scenario: &saved.scenario, steps: self.steps })?;
        if let Some(browser) = &saved.browser {
            m.serialize_entry("browser", browser)?;
        }
        if let Some(devtools) = &saved.devtools {
            m.serialize_entry("devtools", devtools)?;
        }
        if let Some(lesson) = &saved.lesson {
            m.serialize_entry("lesson", &json!({"id": lesson.id, "step": lesson.step, "done": lesson.done}))?;
        }
        m.end()
    }
}

/// A scenario, or its head followed by `steps`.
struct ScenarioJson<'a> {
    scenario: &'a Json,
    steps: Option<&'a [Json]>,
}

impl serde::Serialize for ScenarioJson<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let (Some(steps), Json::Object(head)) = (self.steps, self.scenario) else { return self.scenario.serialize(serializer) };
        let mut m = serializer.serialize_map(Some(head.len() + 1))?;
        for (key, value) in head.iter().filter(|(key, _)| *key != "steps") {
            m.serialize_entry(key, value)?;
        }
        m.serialize_entry("steps", steps)?;
        m.end()
    }
}

/// Reads a saved state written by [`encode_saved`]. The scenario itself is checked when
/// it is run ([`State::restore`]).
pub fn decode_saved(text: &str) -> Result<Saved, PersistError> {
    let json: Json = serde_json::from_str(text).map_err(|e| PersistError::NotJson(e.to_string()))?;
    let obj = json.as_object().ok_or_else(|| PersistError::NotSaved("expected a JSON object".into()))?;
    match obj.get("format").and_then(Json::as_str) {
        Some(SAVED_FORMAT) => {}
        Some(other) => return Err(PersistError::NotSaved(format!("format {other:?}, expected {SAVED_FORMAT:?}"))),
        None => return Err(PersistError::NotSaved("no \"format\" field".into())),
    }
    let scenario = match obj.get("scenario") {
        Some(s @ Json::Object(_)) => s.clone(),
        _ => return Err(PersistError::NotSaved("no \"scenario\" object".into())),
    };
    let text_field = |key: &str| obj.get(key).and_then(Json::as_str).map(str::to_owned);
    let lesson = match obj.get("lesson") {
        None | Some(Json::Null) => None,
        Some(l) => {
            let id = l.get("id").and_then(Json::as_str);
            let step = l.get("step").and_then(Json::as_u64).and_then(|n| usize::try_from(n).ok());
            let done = l.get("done").and_then(Json::as_array).and_then(|d| d.iter().map(Json::as_bool).collect::<Option<Vec<bool>>>());
            match (id, step, done) {
                (Some(id), Some(step), Some(done)) => Some(LessonProgress { id: id.to_owned(), step, done }),
                _ => return Err(PersistError::NotSaved("the lesson progress needs an id, a step and done flags".into())),
            }
        }
    };
    Ok(Saved { scenario, browser: text_field("browser"), devtools: text_field("devtools"), lesson })
}

/// The fragment of a share link (without `#`): `s=` + base64url (no padding) of the
/// scenario's JSON, zlib-deflated.
pub fn share_fragment(scenario: &Json) -> String {
    let text = scenario.to_string();
    format!("s={}", djsim::signing::b64_encode(&djsim::signing::zlib_compress(text.as_bytes())))
}

/// The scenario a share link's fragment (with or without `#`) carries: base64url of
/// zlib-deflated JSON, or of the JSON itself.
pub fn decode_fragment(fragment: &str) -> Result<Json, PersistError> {
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    let data = fragment
        .strip_prefix("s=")
        .ok_or_else(|| PersistError::BadLink("the link does not hold a playground (its fragment should start with #s=)".into()))?;
    if data.is_empty() {
        return Err(PersistError::BadLink("the link's playground data is empty".into()));
    }
    if let Some(c) = data.chars().find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '='))) {
        return Err(PersistError::BadLink(format!("the link's data has a character base64url does not use ({c:?}); was it cut or changed?")));
    }
    let bytes = djsim::signing::b64_decode(data).map_err(|e| PersistError::BadLink(format!("the link's data is not base64url ({e})")))?;
    // A zlib stream starts with CMF 0x78 (deflate, 32 KiB window); JSON with `{`.
    let bytes = if bytes.first() == Some(&0x78) {
        djsim::signing::zlib_decompress(&bytes).map_err(|e| PersistError::BadLink(format!("the link's data does not inflate ({e}); was it cut short?")))?
    } else {
        bytes
    };
    let text = String::from_utf8(bytes).map_err(|_| PersistError::BadLink("the link's data is not UTF-8 text".into()))?;
    let json: Json = serde_json::from_str(&text).map_err(|e| PersistError::BadLink(format!("the link's data is not JSON ({e})")))?;
    if !json.is_object() {
        return Err(PersistError::BadLink("the link's data is not a scenario (a JSON object)".into()));
    }
    Ok(json)
}

/// The fragment of a share link for a whole saved state (without `#`): [`share_fragment`]
/// of its scenario, then what was in front: `&b=` the browser, `&t=` the devtools tab,
/// `&l=` the lesson as `id:step:done` (one `0`/`1` per step).
pub fn share_link_fragment(saved: &Saved) -> String {
    let mut fragment = share_fragment(&saved.scenario);
    let plain = |text: &str| !text.is_empty() && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    if let Some(browser) = saved.browser.as_deref().filter(|b| plain(b)) {
        fragment.push_str(&format!("&b={browser}"));
    }
    if let Some(tab) = saved.devtools.as_deref().filter(|t| plain(t)) {
        fragment.push_str(&format!("&t={tab}"));
    }
    if let Some(lesson) = saved.lesson.as_ref().filter(|l| plain(&l.id)) {
        let done: String = lesson.done.iter().map(|&d| if d { '1' } else { '0' }).collect();
        fragment.push_str(&format!("&l={}:{}:{done}", lesson.id, lesson.step));
    }
    fragment
}

/// What a share link's fragment (with or without `#`) holds: the scenario
/// ([`decode_fragment`]) and, from `&b=`, `&t=` and `&l=`, what was in front. Those
/// extras are a convenience: one that does not read is left out, never an error.
pub fn decode_link(fragment: &str) -> Result<Saved, PersistError> {
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    let mut parts = fragment.split('&');
    let scenario = decode_fragment(parts.next().unwrap_or_default())?;
    let mut saved = saved_scenario(scenario);
    for part in parts {
        match part.split_once('=') {
            Some(("b", browser)) => saved.browser = Some(browser.to_owned()),
            Some(("t", tab)) => saved.devtools = Some(tab.to_owned()),
            Some(("l", lesson)) => {
                let mut fields = lesson.split(':');
                let (id, step, done) = (fields.next(), fields.next().and_then(|s| s.parse().ok()), fields.next());
                let done = done.and_then(|d| d.chars().map(|c| matches!(c, '0' | '1').then_some(c == '1')).collect::<Option<Vec<bool>>>());
                if let (Some(id), Some(step), Some(done)) = (id, step, done) {
                    saved.lesson = Some(LessonProgress { id: id.to_owned(), step, done });
                }
            }
            _ => {}
        }
    }
    Ok(saved)
}

/// The saved state of a scenario alone (a link, an imported file).
pub fn saved_scenario(scenario: Json) -> Saved {
    Saved { scenario, browser: None, devtools: None, lesson: None }
}

/// The state to start with, in the page: a share link in the address bar wins, then the
/// state saved under `key`, then a fresh start. Whatever cannot be restored is kept
/// (under `key.unrestorable` and offered for download) and explained in a notice.
pub fn boot(key: &str) -> State {
    let saved_text = local_get(key);
    let fragment = web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default();
    if fragment.starts_with("#s=") {
        clear_fragment();
        // The link replaces the playground saved here: keep that one.
        let kept = saved_text.clone();
        if let Some(text) = &kept {
            local_set(&format!("{key}.previous"), text);
        }
        let previous = "Your own previous playground was kept: \u{201c}Download the saved state\u{201d} gives you a copy.";
        return match decode_link(&fragment).map_err(|e| e.to_string()).and_then(|saved| State::restore(&saved)) {
            Ok(state) => match kept {
                Some(text) => state.with_notice(Notice { text: format!("Opened a shared playground. {previous}"), kept: Some(text) }),
                None => state,
            },
            Err(reason) => State::new().with_notice(Notice {
                text: format!("This share link could not be opened: {reason}. Starting fresh.{}", if kept.is_some() { format!(" {previous}") } else { String::new() }),
                kept,
            }),
        };
    }
    let Some(text) = saved_text else { return State::new() };
    match decode_saved(&text).map_err(|e| e.to_string()).and_then(|saved| State::restore(&saved)) {
        Ok(state) => state,
        Err(reason) => {
            local_set(&format!("{key}.unrestorable"), &text);
            State::new().with_notice(Notice {
                text: format!("Your saved playground could not be restored: {reason}. Starting fresh."),
                kept: Some(text),
            })
        }
    }
}

/// Saves the state under `key` (quietly does nothing where storage is unavailable).
pub fn save(key: &str, state: &State) {
    local_set(key, &write_saved(&state.saved_without_steps(), Some(state.world().recorded())));
}

/// The page's URL with `#s=…` for the state's scenario and what is in front.
pub fn share_url(state: &State) -> String {
    let location = web_sys::window().map(|w| w.location());
    let base = location
        .and_then(|l| Some(format!("{}{}{}", l.origin().ok()?, l.pathname().ok()?, l.search().ok()?)))
        .unwrap_or_default();
    format!("{base}#{}", share_link_fragment(&state.to_saved()))
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The text saved under `key`, if any.
pub fn local_get(key: &str) -> Option<String> {
    storage()?.get_item(key).ok()?
}

/// Saves `text` under `key` (a full or refused storage is ignored: the page goes on).
pub fn local_set(key: &str, text: &str) {
    if let Some(storage) = storage() {
        let _ = storage.set_item(key, text);
    }
}

/// Removes `#…` from the address bar without a reload, so that a reload restores the
/// saved state rather than the link again.
fn clear_fragment() {
    let Some(window) = web_sys::window() else { return };
    let location = window.location();
    let url = format!("{}{}", location.pathname().unwrap_or_default(), location.search().unwrap_or_default());
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lecture_scenario() -> Json {
        State::new().world().to_scenario()
    }

    #[track_caller]
    fn check_round_trip(saved: Saved) {
        let text = encode_saved(&saved);
        assert_eq!(decode_saved(&text).as_ref(), Ok(&saved), "{text}");
    }

    #[test]
    fn saving_writes_the_steps_in_place() {
        let state = std::rc::Rc::new(State::new());
        let state = yew::Reducible::reduce(state, crate::state::Action::Navigate { browser: 0, url: "/session/sessfun".into() });
        let written = write_saved(&state.saved_without_steps(), Some(state.world().recorded()));
        assert_eq!(written, encode_saved(&state.to_saved()));
        assert_eq!(decode_saved(&written), Ok(state.to_saved()));
    }

    #[test]
    fn saved_states_round_trip() {
        check_round_trip(saved_scenario(lecture_scenario()));
        check_round_trip(Saved {
            scenario: lecture_scenario(),
            browser: Some("B".into()),
            devtools: Some("database".into()),
            lesson: Some(LessonProgress { id: "sessions".into(), step: 2, done: vec![true, true, false] }),
        });
    }

    #[track_caller]
    fn check_corrupt(text: &str, expected: &str) {
        match decode_saved(text) {
            Ok(saved) => panic!("{text:?} decoded as {saved:?}"),
            Err(e) => assert!(e.to_string().contains(expected), "{text:?}: {e}"),
        }
    }

    #[test]
    fn corrupt_saved_states_are_errors() {
        check_corrupt("", "not valid JSON");
        check_corrupt("{\"format\": \"djsim-playground/1\", \"scen", "not valid JSON");
        check_corrupt("[]", "expected a JSON object");
        check_corrupt("{}", "no \"format\" field");
        check_corrupt(r#"{"format": "djsim-playground/0", "scenario": {}}"#, "format \"djsim-playground/0\"");
        check_corrupt(r#"{"format": "djsim-playground/1"}"#, "no \"scenario\" object");
        check_corrupt(r#"{"format": "djsim-playground/1", "scenario": {}, "lesson": {"id": "x"}}"#, "lesson progress");
    }

    #[test]
    fn a_saved_scenario_that_fails_is_an_error_not_a_panic() {
        for scenario in [
            json!({"steps": [{"browser": "A", "get": "/session/"}, {"browser": "A", "edit_cookie": {"name": "nope", "value": "1"}}]}),
            json!({"steps": [{"teleport": true}]}),
            json!({"settings": {"NO_SUCH_SETTING": 1}, "steps": []}),
            json!({"steps": "none"}),
        ] {
            let error = State::restore(&saved_scenario(scenario.clone())).err();
            assert!(error.as_deref().is_some_and(|e| e.contains("scenario field")), "{scenario}: {error:?}");
        }
    }

    #[test]
    fn restore_brings_back_the_world_and_what_was_in_front() {
        use crate::state::{Action, DevtoolsTab};
        use std::rc::Rc;
        use yew::Reducible;
        let actions = [
            Action::FollowLink { browser: 0, href: "sessfun".into() },
            Action::AddBrowser,
            Action::Navigate { browser: 1, url: "http://127.0.0.1:8000/session/sessfun".into() },
            Action::SelectDevtools(DevtoolsTab::Database),
        ];
        let state = actions.into_iter().fold(Rc::new(State::new()), |state, action| state.reduce(action));
        let text = encode_saved(&state.to_saved());
        let restored = State::restore(&decode_saved(&text).unwrap()).unwrap();
        assert_eq!(restored.world().to_scenario(), state.world().to_scenario());
        assert_eq!(restored.browsers, state.browsers);
        assert_eq!((restored.active, restored.devtools), (1, DevtoolsTab::Database));
        assert_eq!(restored.world().sessions().len(), 2);
        assert_eq!(restored.world().network().len(), state.world().network().len());
    }

    #[test]
    fn share_fragments_round_trip() {
        let scenario = lecture_scenario();
        let fragment = share_fragment(&scenario);
        assert!(fragment.starts_with("s=eJ"), "zlib-deflated: {fragment}");
        assert_eq!(decode_fragment(&fragment), Ok(scenario.clone()));
        assert_eq!(decode_fragment(&format!("#{fragment}")), Ok(scenario.clone()));
        // Plain (undeflated) JSON is read too.
        let plain = format!("#s={}", djsim::signing::b64_encode(scenario.to_string().as_bytes()));
        assert_eq!(decode_fragment(&plain), Ok(scenario));
    }

    #[test]
    fn share_links_keep_what_was_in_front() {
        let saved = Saved {
            scenario: lecture_scenario(),
            browser: Some("B".into()),
            devtools: Some("database".into()),
            lesson: Some(LessonProgress { id: "two-browsers".into(), step: 2, done: vec![true, true, false] }),
        };
        let fragment = share_link_fragment(&saved);
        assert!(fragment.ends_with("&b=B&t=database&l=two-browsers:2:110"), "{fragment}");
        assert_eq!(decode_link(&format!("#{fragment}")), Ok(saved.clone()));
        // A link of the scenario alone, or with extras that do not read, opens the same World.
        let bare = share_fragment(&saved.scenario);
        assert_eq!(decode_link(&bare), Ok(saved_scenario(saved.scenario.clone())));
        let odd = decode_link(&format!("{bare}&l=sessions:x:1&l=a:1:2&zz=1&t")).unwrap();
        assert_eq!((odd.lesson, odd.devtools), (None, None));
        assert!(decode_link(&format!("&t=network&{bare}")).is_err(), "the scenario comes first");
    }

    #[track_caller]
    fn check_bad_link(fragment: &str, expected: &str) {
        match decode_fragment(fragment) {
            Ok(json) => panic!("{fragment:?} decoded as {json}"),
            Err(e) => assert!(e.to_string().contains(expected), "{fragment:?}: {e}"),
        }
    }

    #[test]
    fn corrupt_links_are_errors() {
        let good = share_fragment(&lecture_scenario());
        check_bad_link("", "should start with #s=");
        check_bad_link("#x=abc", "should start with #s=");
        check_bad_link("#s=", "empty");
        check_bad_link("#s=abc%20def", "character base64url does not use");
        check_bad_link(&good[..good.len() / 2], "does not inflate");
        check_bad_link(&format!("#s={}", djsim::signing::b64_encode(b"not json")), "not JSON");
        check_bad_link(&format!("#s={}", djsim::signing::b64_encode(b"[1, 2]")), "not a scenario");
        check_bad_link(&format!("#s={}", djsim::signing::b64_encode(&[0xff, 0xfe])), "not UTF-8");
    }

    /// Fuzz: cut, flipped and spliced versions of good texts, and random bytes, never
    /// panic the decoders (a seeded generator: the same cases every run).
    #[test]
    fn no_text_panics_the_decoders() {
        let good_saved = encode_saved(&saved_scenario(lecture_scenario()));
        let mut good_link = share_fragment(&lecture_scenario());
        good_link.push_str("&b=A&t=database&l=sessions:1:1000000");
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let alphabet = b"{}[]\":,0123456789abcdefs=-_#eJxyz \\\n\xc3\xa9&:lbt";
        for case in 0..3000 {
            let base = if case % 2 == 0 { good_saved.as_bytes() } else { good_link.as_bytes() };
            let mut bytes = base.to_vec();
            match next() % 4 {
                0 => bytes.truncate((next() as usize) % (bytes.len() + 1)),
                1 => {
                    let i = (next() as usize) % bytes.len();
                    bytes[i] = alphabet[(next() as usize) % alphabet.len()];
                }
                2 => bytes = (0..next() % 64).map(|_| alphabet[(next() as usize) % alphabet.len()]).collect(),
                _ => {
                    let i = (next() as usize) % bytes.len();
                    bytes.drain(i..(i + 8).min(bytes.len()));
                }
            }
            let text = String::from_utf8_lossy(&bytes);
            if let Ok(saved) = decode_saved(&text) {
                let _ = State::restore(&saved);
            }
            if let Ok(saved) = decode_link(&text) {
                let _ = State::restore(&saved);
            }
        }
        eprintln!("persist: 3000 fuzz cases decoded without a panic");
    }
}
