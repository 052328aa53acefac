//! The page with 10,000 browsers that each visited the lab once (`sessfun` or `store`)
//! and hold a session: 10,000 requests in the Network log, 10,000 `django_session` rows.
//!
//! The World is simulated here, saved as the page saves itself (`localStorage`), and
//! the real App is mounted on that saved state, so it restores it as after a reload.
//! Then it is driven only through its DOM, as a person would (clicks, typing, Enter):
//! each [`Probe`] prepares (untimed), acts, and is timed to the first frame that shows
//! the result. The probes are data, run by one loop, so that the page's code stays small.

use std::cell::RefCell;

use djsim::world::World;
use serde_json::json;
use wasm_bindgen::JsCast;
use web_sys::{Element, Event, EventInit, HtmlElement, HtmlInputElement, HtmlSelectElement};

use super::frame::{frames_until, next_frame, now};
use super::{thousands, Figure, Reporter, Unit, RUNS};
use crate::persist::{encode_saved, local_get, local_set, Saved};
use crate::{App, AppProps};

/// Browsers, each with one request and one session.
const BROWSERS: usize = 10_000;
/// Issue 5: selecting, filtering and one more request each stay under this.
pub const TARGET_MS: f64 = 100.0;
/// Where the App under test keeps its state (not the playground's own key).
const KEY: &str = "djsim-playground-bench";
const SESSFUN: &str = "http://127.0.0.1:8000/session/sessfun";
const GRID: &str = "[role=grid][aria-label=Requests]";
const COOKIE_ROWS: &str = "table[aria-label=Cookies] tbody tr";

/// Whether what an action does shows yet.
type Check = Box<dyn Fn() -> bool>;
/// Something done to the page (in run `k`), and how to see that it is done.
type Step = Box<dyn Fn(&Element, usize) -> Result<Check, String>>;

/// What the page is asked, in order.
enum Probe {
    /// `prepare` (untimed, each step awaited), then `act` timed, [`RUNS`] times.
    Timed { name: String, target: bool, prepare: Vec<Step>, act: Step },
    /// A count the page shows.
    Count { name: &'static str, noun: &'static str, count: fn(&Element) -> Option<usize> },
}

thread_local! {
    /// The App under test and its element, from the last run.
    static MOUNTED: RefCell<Option<(yew::AppHandle<App>, Element)>> = const { RefCell::new(None) };
}

pub async fn run(reporter: &Reporter) -> Result<(), String> {
    unmount();
    forget_saved();
    let n = thousands(BROWSERS as f64);

    reporter.activity(format!("simulating {n} browsers' first visits\u{2026}"));
    next_frame().await;
    let text = simulate(reporter)?;
    local_set(KEY, &text);
    if local_get(KEY).map(|t| t.len()) != Some(text.len()) {
        return Err(format!("localStorage did not keep the saved state ({} characters)", thousands(text.len() as f64)));
    }

    reporter.activity(format!("opening the playground with {n} browsers\u{2026}"));
    next_frame().await;
    let document = document()?;
    let root = document.create_element("div").map_err(|_| "no element")?;
    root.set_class_name("bench-app");
    document.body().ok_or("no body")?.append_child(&root).map_err(|_| "no body")?;
    let start = now();
    let handle = yew::Renderer::<App>::with_root_and_props(root.clone(), AppProps { storage_key: Some(KEY.into()) }).render();
    MOUNTED.with(|m| *m.borrow_mut() = Some((handle, root.clone())));
    let open = frames_until("opening the playground", start, &|| network_total(&root).is_some()).await?;
    reporter.figure(Figure::new(format!("open the playground: restore {n} steps, first render"), Unit::Millis, vec![open], None));

    for probe in probes() {
        match probe {
            Probe::Count { name, noun, count } => reporter.figure(Figure::count(name, count(&root).unwrap_or(0), noun)),
            Probe::Timed { name, target, prepare, act } => {
                reporter.activity(name.clone());
                let mut times = Vec::new();
                for k in 0..RUNS {
                    for step in &prepare {
                        let done = step(&root, k)?;
                        frames_until(&name, now(), &*done).await?;
                    }
                    let start = now();
                    let done = act(&root, k)?;
                    times.push(frames_until(&name, start, &*done).await?);
                }
                reporter.figure(Figure::new(name, Unit::Millis, times, target.then_some(TARGET_MS)));
            }
        }
    }
    // The Network panel in front for the screenshot; the saved state forgotten.
    let done = show_tab("network", GRID)(&root, 0)?;
    frames_until("showing the Network panel", now(), &*done).await?;
    forget_saved();
    Ok(())
}

/// The World of [`BROWSERS`] browsers, simulated here (its rate reported), as the page
/// saves itself.
fn simulate(reporter: &Reporter) -> Result<String, String> {
    let mut world = World::lecture();
    let start = now();
    for i in 1..=BROWSERS {
        let view = if i % 2 == 1 { "sessfun" } else { "store" };
        world.perform(json!({"browser": i.to_string(), "get": format!("http://127.0.0.1:8000/session/{view}")}))?;
    }
    let rate = BROWSERS as f64 / ((now() - start) / 1000.0).max(1e-9);
    reporter.figure(Figure::new(format!("{} browsers' first visits, as recorded steps", thousands(BROWSERS as f64)), Unit::PerSecond, vec![rate], None));
    reporter.figure(Figure::count("simulated: requests", world.network().len(), "requests"));
    reporter.figure(Figure::count("simulated: django_session rows", world.sessions().len(), "rows"));
    let saved = Saved { scenario: world.to_scenario(), browser: Some(BROWSERS.to_string()), devtools: Some("network".into()), lesson: None };
    Ok(encode_saved(&saved))
}

fn probes() -> Vec<Probe> {
    let n = thousands(BROWSERS as f64);
    let (network, database, storage) = (format!("Network, {n} requests"), format!("Database, {n} sessions"), format!("Storage, {n} browsers"));
    let timed = |panel: &str, action: &str, target: bool, prepare: Vec<Step>, act: Step| Probe::Timed { name: format!("{panel}: {action}"), target, prepare, act };
    let more = "one more request (a new browser visits sessfun)";
    vec![
        Probe::Count { name: "page: requests in the Network log", noun: "requests", count: network_total },
        timed(&network, "select a request", true, vec![], Box::new(select_request)),
        timed(&network, "filter (\u{201c}store\u{201d}: half of them)", true, vec![filter("Filter URLs", "", network_shown(BROWSERS))], filter("Filter URLs", "store", network_shown(BROWSERS / 2))),
        timed(&network, "clear the filter", true, vec![filter("Filter URLs", "store", network_shown(BROWSERS / 2))], filter("Filter URLs", "", network_shown(BROWSERS))),
        timed(&network, more, true, new_browser(), one_more(network_total)),
        timed(&database, "open the tab", false, vec![show_tab("network", GRID)], show_tab("database", ".db-count")),
        Probe::Count { name: "page: sessions in the Database panel (and 3 new browsers')", noun: "rows", count: sessions_total },
        timed(&database, "select (decode) a session", true, vec![], Box::new(decode_session)),
        timed(&database, "filter (\u{201c}num_visits\u{201d}: half of them)", true, vec![filter("Filter sessions", "", sessions_hidden(0))], filter("Filter sessions", "num_visits", sessions_hidden(BROWSERS / 2))),
        timed(&database, "clear the filter", true, vec![filter("Filter sessions", "num_visits", sessions_hidden(BROWSERS / 2))], filter("Filter sessions", "", sessions_hidden(0))),
        timed(&database, more, true, new_browser(), one_more(sessions_total)),
        timed(&storage, "open the tab", false, vec![show_tab("network", GRID)], show_tab("storage", "table[aria-label=Cookies]")),
        timed(&storage, more, true, new_browser(), one_more(|root| Some(all(root, COOKIE_ROWS).len()))),
        timed(&storage, "choose a browser", true, vec![], Box::new(|root, k| choose_browser(root, BROWSERS / 2 + k))),
        timed(&storage, "select a cookie", true, vec![Box::new(|root, k| choose_browser(root, BROWSERS / 4 + k))], Box::new(select_cookie)),
        timed(&storage, "filter", true, vec![filter("Filter cookies", "", cookie_rows(1))], filter("Filter cookies", "csrftoken", cookie_rows(0))),
        timed(&storage, "clear the filter", true, vec![filter("Filter cookies", "csrftoken", cookie_rows(0))], filter("Filter cookies", "", cookie_rows(1))),
    ]
}

fn check(done: impl Fn() -> bool + 'static) -> Result<Check, String> {
    Ok(Box::new(done))
}

/// Clicks the devtools tab `key`; done when `ready` is on the page.
fn show_tab(key: &'static str, ready: &'static str) -> Step {
    Box::new(move |root, _| {
        click(&one(root, &format!("#devtools-tab-{key}"))?);
        let root = root.clone();
        check(move || one(&root, ready).is_ok())
    })
}

/// Types `text` into the input named `label`; done when `shows` holds.
fn filter(label: &'static str, text: &'static str, shows: fn(&Element) -> bool) -> Step {
    Box::new(move |root, _| {
        type_into(&one(root, &format!("input[aria-label='{label}']"))?, text);
        let root = root.clone();
        check(move || shows(&root))
    })
}

/// Whether the Network status shows `shown` requests of all (all: no " / ").
fn network_shown(shown: usize) -> fn(&Element) -> bool {
    if shown == BROWSERS {
        |root| network_total(root).is_some() && !status(root).contains(" / ")
    } else {
        |root| status(root).starts_with(&format!("{} / ", BROWSERS / 2))
    }
}

/// Whether the Database count hides `hidden` sessions.
fn sessions_hidden(hidden: usize) -> fn(&Element) -> bool {
    if hidden == 0 {
        |root| sessions_total(root).is_some() && !sessions_status(root).contains(" / ")
    } else {
        |root| {
            let total = sessions_total(root).unwrap_or(0);
            sessions_status(root).starts_with(&format!("{} / ", total.saturating_sub(BROWSERS / 2)))
        }
    }
}

fn cookie_rows(n: usize) -> fn(&Element) -> bool {
    if n == 0 {
        |root| all(root, COOKIE_ROWS).is_empty()
    } else {
        |root| all(root, COOKIE_ROWS).len() == 1
    }
}

/// Clicks the (k+2)th request not selected; done when it is.
fn select_request(root: &Element, k: usize) -> Result<Check, String> {
    let row = all(&one(root, GRID)?, "tbody tr[role=row]:not([aria-selected=true])").into_iter().nth(k + 1).ok_or("the request list shows too few rows")?;
    click(&row);
    let id = row.id();
    check(move || element_by_id(&id).is_some_and(|r| r.get_attribute("aria-selected").as_deref() == Some("true")))
}

/// Expands the (k+1)th collapsed session; done when its decoding shows.
fn decode_session(root: &Element, k: usize) -> Result<Check, String> {
    let toggle = all(root, "table[aria-label=Sessions] button.row-toggle[aria-expanded=false]").into_iter().nth(k).ok_or("the sessions table shows too few rows")?;
    let label = toggle.get_attribute("aria-label").unwrap_or_default();
    click(&toggle);
    let steps = format!("ol[aria-label='How Django decodes session {}']", label.rsplit(' ').next().unwrap_or_default());
    let expanded = format!("button[aria-label='{label}'][aria-expanded=true]");
    let root = root.clone();
    check(move || one(&root, &expanded).is_ok() && one(&root, &steps).is_ok())
}

/// Picks Browser `n` in the Storage panel; done when its cookie shows.
fn choose_browser(root: &Element, n: usize) -> Result<Check, String> {
    let picker: HtmlSelectElement = one(root, "select[aria-label=Browser]")?.unchecked_into();
    let value = |root: &Element| one(root, "table[aria-label=Cookies] tbody td.col-value").ok().and_then(|c| c.text_content()).unwrap_or_default();
    let before = value(root);
    picker.set_value(&n.to_string());
    fire(&picker, "change");
    let root = root.clone();
    check(move || !value(&root).is_empty() && value(&root) != before && one(&root, "tr[aria-current=true]").is_err())
}

/// Clicks the first cookie; done when it is the current one.
fn select_cookie(root: &Element, _: usize) -> Result<Check, String> {
    click(&one(root, COOKIE_ROWS)?);
    let root = root.clone();
    check(move || one(&root, "table[aria-label=Cookies] tbody tr[aria-current=true]").is_ok())
}

/// "+ New browser", then its address typed: the untimed part of [`one_more`].
fn new_browser() -> Vec<Step> {
    let front = |root: &Element| one(root, ".browser-tabs [role=tab][aria-selected=true]").ok().and_then(|t| t.text_content());
    vec![
        Box::new(move |root, _| {
            let before = front(root);
            click(&one(root, "button[aria-label='New browser']")?);
            let root = root.clone();
            check(move || front(&root) != before)
        }),
        Box::new(|root, _| {
            type_into(&one(root, "input[aria-label=Address]")?, SESSFUN);
            let root = root.clone();
            check(move || one(&root, "input[aria-label=Address]").is_ok_and(|i| i.unchecked_into::<HtmlInputElement>().value() == SESSFUN))
        }),
    ]
}

/// Enter in the address bar; done when `count` (what the panel in front shows) has
/// grown by one.
fn one_more(count: fn(&Element) -> Option<usize>) -> Step {
    Box::new(move |root, _| {
        let before = count(root).ok_or("nothing counted before the request")?;
        fire(&one(root, "form.browser-toolbar")?, "submit");
        let root = root.clone();
        check(move || count(&root) == Some(before + 1))
    })
}

fn unmount() {
    if let Some((handle, root)) = MOUNTED.with(|m| m.borrow_mut().take()) {
        handle.destroy();
        root.remove();
    }
}

/// Removes what the App under test saved (its state, its split, …).
fn forget_saved() {
    let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) else { return };
    let keys: Vec<String> = (0..storage.length().unwrap_or(0)).filter_map(|i| storage.key(i).ok().flatten()).collect();
    for key in keys.into_iter().filter(|k| k.starts_with(KEY)) {
        let _ = storage.remove_item(&key);
    }
}

// ---- the DOM, as a person meets it ----

fn document() -> Result<web_sys::Document, String> {
    web_sys::window().and_then(|w| w.document()).ok_or_else(|| "no document".into())
}

fn one(root: &Element, selector: &str) -> Result<Element, String> {
    root.query_selector(selector).ok().flatten().ok_or_else(|| format!("the page has no {selector}"))
}

fn all(root: &Element, selector: &str) -> Vec<Element> {
    let Ok(list) = root.query_selector_all(selector) else { return Vec::new() };
    (0..list.length()).filter_map(|i| list.item(i)?.dyn_into().ok()).collect()
}

fn element_by_id(id: &str) -> Option<Element> {
    document().ok()?.get_element_by_id(id)
}

fn click(element: &Element) {
    element.unchecked_ref::<HtmlElement>().click();
}

/// Fires a bubbling event of `kind` at `target`.
fn fire(target: &Element, kind: &str) {
    let init = EventInit::new();
    init.set_bubbles(true);
    init.set_cancelable(true);
    if let Ok(event) = Event::new_with_event_init_dict(kind, &init) {
        let _ = target.dispatch_event(&event);
    }
}

fn type_into(input: &Element, text: &str) {
    input.unchecked_ref::<HtmlInputElement>().set_value(text);
    fire(input, "input");
}

fn text(root: &Element, selector: &str) -> String {
    one(root, selector).ok().and_then(|e| e.text_content()).unwrap_or_default()
}

/// The Network panel's status bar: `10000 requests, …` or `5000 / 10000 requests, …`.
fn status(root: &Element) -> String {
    text(root, ".net-status")
}

/// The Database panel's count: `10000 sessions` or `5000 / 10000 sessions`.
fn sessions_status(root: &Element) -> String {
    text(root, ".db-count")
}

/// The total in a status such as `5000 / 10000 requests, …`: the number before the noun.
pub fn total_before(status: &str, noun: &str) -> Option<usize> {
    let end = status.find(noun)?;
    status[..end].split_whitespace().last()?.replace(',', "").parse().ok()
}

fn network_total(root: &Element) -> Option<usize> {
    total_before(&status(root), " request")
}

fn sessions_total(root: &Element) -> Option<usize> {
    total_before(&sessions_status(root), " session")
}

#[cfg(test)]
mod tests {
    use super::total_before;

    #[test]
    fn totals() {
        assert_eq!(total_before("10000 requests, 2.1 MB transferred", " request"), Some(10_000));
        assert_eq!(total_before("5000 / 10003 requests, 1 MB / 2 MB transferred", " request"), Some(10_003));
        assert_eq!(total_before("1 request, 1 kB transferred", " request"), Some(1));
        assert_eq!(total_before("12 / 10,001 sessions", " session"), Some(10_001));
        assert_eq!(total_before("", " session"), None);
    }
}
