//! The World as the playground drives it: steps performed, recorded, exported as a
//! scenario and rebuilt from it; restarts that keep or wipe the database.

use djsim::world::{Applied, World};
use serde_json::json;

fn body(world: &World, browser: &str) -> String {
    world.page(browser).map(|p| p.body).unwrap_or_default()
}

#[test]
fn performed_steps_export_as_a_scenario_that_rebuilds_the_world() {
    let mut w = World::lecture();
    w.perform(json!({"browser": "A", "get": "/session/sessfun"})).unwrap();
    w.perform(json!({"advance": 30})).unwrap();
    w.perform(json!({"browser": "A", "get": "/session/sessfun"})).unwrap();
    w.perform(json!({"browser": "B", "open": "private"})).unwrap();
    w.perform(json!({"browser": "B", "get": "/session/cookie"})).unwrap();
    assert_eq!(body(&w, "A"), "view count=2");
    let exported = w.to_scenario();
    assert_eq!(exported["steps"].as_array().unwrap().len(), 5);

    let scenario = djsim::scenario::Scenario::from_json(&exported).unwrap();
    let again = World::from_scenario(&scenario).unwrap();
    assert_eq!(body(&again, "A"), "view count=2");
    assert_eq!(again.jar("A"), w.jar("A"), "same seed, same steps: the same session key");
    assert_eq!(again.sessions().len(), 1);
    assert_eq!(again.now(), w.now());
    assert_eq!(again.to_scenario(), exported);
}

#[test]
fn a_failed_step_is_reported_and_not_recorded() {
    let mut w = World::lecture();
    let e = w.perform(json!({"browser": "A", "delete_cookie": {"name": "zap"}})).unwrap_err();
    assert!(e.contains("no browser named \"A\""), "{e}");
    w.perform(json!({"browser": "A", "open": "normal"})).unwrap();
    let e = w.perform(json!({"browser": "A", "delete_cookie": {"name": "zap"}})).unwrap_err();
    assert!(e.contains("zap"), "{e}");
    let e = w.perform(json!({"advance": "soon"})).unwrap_err();
    assert!(e.contains("seconds"), "{e}");
    assert_eq!(w.recorded().len(), 1, "only the step that worked: {:?}", w.recorded());
}

#[test]
fn restart_keeps_or_wipes_the_database() {
    let mut w = World::lecture();
    w.perform(json!({"browser": "A", "get": "/session/sessfun"})).unwrap();
    let Applied::Log(log) = w.perform(json!({"restart": "keep_db"})).unwrap() else { panic!("a restart prints") };
    assert!(log.iter().any(|l| l.contains("Starting development server")), "{log:?}");
    assert!(!log.iter().any(|l| l.contains("Applying")), "no migrations on a migrated database: {log:?}");
    w.perform(json!({"browser": "A", "get": "/session/sessfun"})).unwrap();
    assert_eq!(body(&w, "A"), "view count=2", "the session row survived the restart");

    let Applied::Log(log) = w.perform(json!({"restart": "wipe_db"})).unwrap() else { panic!("a restart prints") };
    assert!(log.iter().any(|l| l.contains("Applying sessions.0001_initial... OK")), "{log:?}");
    w.perform(json!({"browser": "A", "get": "/session/sessfun"})).unwrap();
    assert_eq!(body(&w, "A"), "view count=1", "a new database knows no session");
}

#[test]
fn settings_apply_to_the_next_request() {
    let mut w = World::lecture();
    w.perform(json!({"settings": {"SESSION_COOKIE_AGE": 60}})).unwrap();
    w.perform(json!({"browser": "A", "get": "/session/sessfun"})).unwrap();
    let cookie = w.jar("A").into_iter().find(|c| c.name == "sessionid").unwrap();
    assert_eq!(cookie.expires.unwrap().micros_since(w.now()), 60_000_000);
    let e = w.perform(json!({"settings": {"SESSION_COOKIE_AEG": 60}})).unwrap_err();
    assert!(e.contains("SESSION_COOKIE_AEG"), "{e}");
}

#[test]
fn devtools_add_edit_delete() {
    let mut w = World::lecture();
    w.perform(json!({"browser": "A", "get": "/session/"})).unwrap();
    w.perform(json!({"browser": "A", "add_cookie": {"name": "theme", "value": "dark", "http_only": true}})).unwrap();
    let c = w.jar("A").into_iter().find(|c| c.name == "theme").unwrap();
    assert_eq!((c.domain.as_str(), c.host_only, c.http_only, c.path.as_str()), ("127.0.0.1", true, true, "/"));
    w.perform(json!({"browser": "A", "edit_cookie": {"name": "theme", "value": "light"}})).unwrap();
    w.perform(json!({"browser": "A", "get": "/session/cookie"})).unwrap();
    let sent = &w.network().last().unwrap().cookies_sent;
    assert!(sent.contains(&("theme".to_string(), "light".to_string())), "{sent:?}");
    w.perform(json!({"browser": "A", "edit_cookie": {"name": "theme", "new_path": "/admin/"}})).unwrap();
    w.perform(json!({"browser": "A", "get": "/session/cookie"})).unwrap();
    assert!(w.network().last().unwrap().cookies_sent.iter().all(|(n, _)| n != "theme"), "a cookie on /admin/ is not sent to /session/");
    w.perform(json!({"browser": "A", "delete_cookie": {"name": "theme"}})).unwrap();
    assert!(w.jar("A").iter().all(|c| c.name != "theme"));
    let e = w.perform(json!({"browser": "A", "add_cookie": {"name": "bad;name", "value": "x"}})).unwrap_err();
    assert!(e.contains("bad;name"), "{e}");
}
