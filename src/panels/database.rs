//! Database: the session store live (`django_session` for the db engine), each row
//! with the browsers whose cookie holds its key and, expanded, its decoding walked
//! through as Django does it; `clearsessions`; "Export db.sqlite3"; and a read-only
//! `sqlite3` console on the server's database.

pub mod rows;
pub mod shell;

use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};
use std::rc::Rc;

use djsim::handlers::SessionRow;
use djsim::pyjson::{repr_dict, Dict};
use djsim::sessions::codec::Format;
use djsim::world::World;
use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, KeyboardEvent};
use yew::prelude::*;

use self::rows::{decode_row, detail_parts, engine_note, has_encoded_data, holders_by_value, Holder, Part};
use self::shell::Shell;
use crate::markup::{el, header_row};
use crate::state::{Action, StateHandle};
use crate::use_playground;

/// More rows than this (after the filter) are shown as a scrolling list that renders
/// only the rows in view, one line each, with the decodings opened under it.
pub const LONG_LIST: usize = 100;
/// A long list's row height before a row is measured (static/database.css sets it).
const ROW_HEIGHT: f64 = 24.0;
/// Rows rendered above and below the visible ones.
const OVERSCAN: usize = 8;

/// What each `session_data` decodes to, with the settings that decoded it: only new
/// and changed rows are decoded again (the sessfun rows of one second are even the same
/// text, so they share one).
#[derive(Default)]
pub struct DecodeCache {
    context: Option<(String, Vec<String>, djsim::conf::DjangoVersion)>,
    known: HashMap<String, Rc<Loaded>>,
}

/// What Django loads from a row, and its `repr` (shown, and searched by the filter).
#[derive(PartialEq)]
pub struct Loaded {
    pub dict: Dict,
    pub repr: String,
}

thread_local! {
    /// Kept while the panel is hidden too: opening it again decodes nothing new.
    static DECODED: RefCell<DecodeCache> = RefCell::new(DecodeCache::default());
}

/// The session store as the panel shows it, derived once per change of the World: each
/// row with what Django loads and the browsers whose jar holds its key.
#[derive(PartialEq)]
pub struct Sessions {
    pub rows: Vec<Row>,
    /// The browsers holding each cookie value (looked up for the rows shown).
    holders: HashMap<String, Vec<Holder>>,
}

#[derive(PartialEq)]
pub struct Row {
    /// The row as stored. Its `decoded` is left empty where [`Row::loaded`] has it (the
    /// rows of the engines that store an encoded `session_data`), so that ten thousand
    /// dicts are not copied at every request.
    pub session: SessionRow,
    pub loaded: Rc<Loaded>,
}

impl Sessions {
    /// The rows now; `cache` keeps what each `session_data` decodes to across calls.
    pub fn of(world: &World, cache: &mut DecodeCache) -> Sessions {
        let server = world.server();
        let settings = server.settings();
        let context = (settings.secret_key.clone(), settings.secret_key_fallbacks.clone(), server.version());
        if cache.context.as_ref() != Some(&context) {
            cache.known.clear();
            cache.context = Some(context);
        }
        // What this World's rows use is kept; what they no longer use is forgotten.
        let mut known = std::mem::take(&mut cache.known);
        let mut used: HashMap<String, Rc<Loaded>> = HashMap::new();
        let mut decode = |data: &str| -> Dict {
            if !used.contains_key(data) {
                let loaded = known.remove(data).unwrap_or_else(|| {
                    let dict = server.decode_session_data(data);
                    Rc::new(Loaded { repr: repr_dict(&dict), dict })
                });
                used.insert(data.to_owned(), loaded);
            }
            Dict::new()
        };
        let sessions = server.sessions_with(world.now(), &mut decode);
        let rows = sessions
            .into_iter()
            .map(|mut session| Row {
                // The cache engine's rows come decoded (it holds dicts, not text).
                loaded: used.get(&session.session_data).cloned().unwrap_or_else(|| {
                    let dict = std::mem::take(&mut session.decoded);
                    Rc::new(Loaded { repr: repr_dict(&dict), dict })
                }),
                session,
            })
            .collect();
        cache.known = used;
        Sessions { rows, holders: holders_by_value(world) }
    }

    /// The browsers whose jar holds this row's key, in the World's order.
    pub fn holders(&self, row: &Row) -> &[Holder] {
        self.holders.get(&row.session.session_key).map_or(&[], Vec::as_slice)
    }

    /// The indices of the rows whose key, loaded dict or holder ("Browser A") contains
    /// `needle` (ASCII case ignored; all rows for an empty one).
    pub fn matching(&self, needle: &str) -> Vec<usize> {
        let needle = needle.trim().to_ascii_lowercase();
        let has = |text: &str| text.to_ascii_lowercase().contains(&needle);
        (0..self.rows.len())
            .filter(|&i| {
                let row = &self.rows[i];
                needle.is_empty() || has(&row.session.session_key) || has(&row.loaded.repr) || self.holders(row).iter().any(|h| has(&format!("Browser {}", h.browser)))
            })
            .collect()
    }
}

/// The rows `first..last` of `len` to render when a list of rows `height` pixels high is
/// scrolled to `scroll_top` and `visible` pixels of it show.
pub fn window(len: usize, scroll_top: f64, visible: f64, height: f64) -> (usize, usize) {
    let height = height.max(1.0);
    let top = (scroll_top.max(0.0) / height).floor() as usize;
    let count = (visible.max(0.0) / height).ceil() as usize + 1;
    (top.saturating_sub(OVERSCAN).min(len), (top + count + OVERSCAN).min(len))
}

#[function_component(DatabasePanel)]
pub fn database_panel() -> Html {
    let state = use_playground();
    let expanded = use_state(BTreeSet::<String>::new);
    let filter = use_state(String::new);
    // What this panel last asked the World to do: (the revision it produced, a message
    // to show then, the row count before it), so that its outcome is shown once.
    let status = use_state(|| None::<(u64, String, usize)>);
    // A long list: (scrollTop, clientHeight) of its scroller, and a row's height.
    let view = use_state(|| (0.0, 400.0));
    let row_height = use_state(|| ROW_HEIGHT);
    let scroller = use_node_ref();
    let world = state.world();
    let settings = world.server().settings();
    let engine = settings.session_engine;
    let version = state.world_version();
    let sessions = use_memo(version, |_| DECODED.with(|cache| Sessions::of(&world, &mut cache.borrow_mut())));
    let shown = use_memo((version, filter.trim().to_ascii_lowercase()), |(_, needle)| sessions.matching(needle));
    let rows = &sessions.rows;
    let long = shown.len() > LONG_LIST;
    let selected = state.selected_session.clone();
    let selected_at = selected.as_ref().and_then(|key| shown.iter().position(|&i| rows[i].session.session_key == *key));

    // Show the session a sessionid cookie links to.
    {
        let (scroller, view, row_height) = (scroller.clone(), view.clone(), *row_height);
        use_effect_with((selected.clone(), selected_at, long), move |(selected, at, long)| {
            let Some(key) = selected else { return };
            match (long, at, scroller.cast::<web_sys::Element>()) {
                (true, Some(at), Some(list)) => {
                    let top = *at as f64 * row_height - f64::from(list.client_height()) / 3.0;
                    list.set_scroll_top(top.max(0.0) as i32);
                    remeasure(&list, &view);
                }
                _ => {
                    let row = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(&row_id(key)));
                    if let Some(row) = row {
                        row.scroll_into_view();
                    }
                }
            }
        });
    }
    // A long list: its height once shown, and a row's height as rendered.
    {
        let (scroller, view, row_height) = (scroller.clone(), view.clone(), row_height.clone());
        use_effect_with(long, move |long| {
            let Some(list) = scroller.cast::<web_sys::Element>().filter(|_| *long) else { return };
            remeasure(&list, &view);
            let measured = list.query_selector("tbody tr.session-row").ok().flatten().and_then(|r| r.dyn_into::<web_sys::HtmlElement>().ok());
            if let Some(height) = measured.map(|r| f64::from(r.offset_height())).filter(|&h| h > 0.0 && h != *row_height) {
                row_height.set(height);
            }
        });
    }

    let on_clearsessions = {
        let state = state.clone();
        let status = status.clone();
        let before = rows.len();
        Callback::from(move |_: MouseEvent| {
            status.set(Some((state.revision + 1, "$ python manage.py clearsessions".into(), before)));
            state.dispatch(Action::Perform(crate::json::object(vec![("manage", "clearsessions".into())])));
        })
    };
    let on_export = {
        let state = state.clone();
        let status = status.clone();
        Callback::from(move |_: MouseEvent| {
            let bytes = state.world().server().database_file();
            let message = match bytes {
                Ok(bytes) => {
                    let size = bytes.len();
                    match crate::download::download(bytes, "db.sqlite3", "application/vnd.sqlite3") {
                        Ok(()) => format!("db.sqlite3 saved ({size} bytes): open it with `sqlite3 db.sqlite3`."),
                        Err(error) => format!("The download failed: {error}"),
                    }
                }
                Err(error) => format!("The database could not be read: {error}"),
            };
            status.set(Some((state.revision, message, 0)));
        })
    };
    let on_filter = {
        let filter = filter.clone();
        Callback::from(move |event: InputEvent| filter.set(event.target_unchecked_into::<HtmlInputElement>().value()))
    };
    let onscroll = {
        let view = view.clone();
        Callback::from(move |event: Event| remeasure(&event.target_unchecked_into(), &view))
    };

    let status_line = status.as_ref().filter(|(revision, ..)| *revision == state.revision).map(|(_, message, before)| {
        if message.starts_with("$ python manage.py clearsessions") {
            match &state.last_error {
                Some(error) => format!("{message}: {error}"),
                None => format!("{message}: {} expired session(s) deleted.", before.saturating_sub(rows.len())),
            }
        } else {
            message.clone()
        }
    });

    let title = match engine {
        djsim::conf::SessionEngine::Db | djsim::conf::SessionEngine::CachedDb => "django_session",
        djsim::conf::SessionEngine::File => "Session files",
        djsim::conf::SessionEngine::Cache => "Cache entries (sessions)",
        djsim::conf::SessionEngine::SignedCookies => "django_session (not used)",
    };
    let now_text = world.now().sqlite_datetime();
    let noun = if rows.len() == 1 { "session" } else { "sessions" };
    let count = if shown.len() == rows.len() { format!("{} {noun}", rows.len()) } else { format!("{} / {} {noun}", shown.len(), rows.len()) };
    let is_open = |key: &str| expanded.contains(key) || selected.as_deref() == Some(key);
    let toggle = |key: &str| {
        let open = is_open(key);
        let expanded = expanded.clone();
        let state = state.clone();
        let key = key.to_owned();
        let is_selected = selected.as_deref() == Some(key.as_str());
        Callback::from(move |_: MouseEvent| {
            let mut next = (*expanded).clone();
            if open {
                next.remove(&key);
                if is_selected {
                    state.dispatch(Action::SelectSession(None));
                }
            } else {
                next.insert(key.clone());
            }
            expanded.set(next);
        })
    };
    // The rows rendered: all of them, or in a long list the ones in view.
    let (first, last) = if long { window(shown.len(), view.0, view.1, *row_height) } else { (0, shown.len()) };
    let body = shown[first..last].iter().enumerate().map(|(offset, &i)| {
        let row = &rows[i];
        let key = row.session.session_key.as_str();
        // A long list numbers its rows (the header is row 1), as only some are there.
        let index = long.then_some(first + offset + 2);
        session_row(&world, row, sessions.holders(row), is_open(key), index, selected.as_deref() == Some(key), toggle(key))
    });
    let spacer = |rows: usize| {
        (rows > 0).then(|| {
            html! { <tr class="db-spacer" aria-hidden="true"><td colspan="5" style={format!("height: {}px", djsim::float::display(rows as f64 * *row_height))}></td></tr> }
        })
    };
    // A long list opens its decodings under it.
    let decodings_below = long.then(|| {
        let open = rows.iter().filter(|row| is_open(&row.session.session_key)).take(20);
        html! {
            <div class="db-decodings">
                { for open.map(|row| html! {
                    <section class="decode-below" id={format!("session-decode-{}", row.session.session_key)}
                        aria-label={format!("Session {}", row.session.session_key)}>
                        <h4 class="mono">{ &row.session.session_key }</h4>
                        { walkthrough(&world, row) }
                    </section>
                }) }
            </div>
        }
    });
    let table = html! {
        <table class={classes!("grid", "sessions", long.then_some("long"))} aria-label="Sessions" aria-rowcount={long.then(|| (shown.len() + 1).to_string())}>
            if long {
                <colgroup>
                    <col class="c-key" /><col class="c-data" /><col class="c-expire" /><col class="c-held" /><col class="c-loads" />
                </colgroup>
            }
            <thead>
                { header_row(&["session_key", "session_data", "expire_date", "Held by", "Django loads"]) }
            </thead>
            <tbody>
                { spacer(first) }
                { for body }
                { spacer(shown.len() - last) }
            </tbody>
        </table>
    };

    html! {
        <div class="database-panel">
            <div class="db-toolbar">
                <h3>{ title }</h3>
                <span class="mono db-engine">{ format!("SESSION_ENGINE = '{}'", engine.dotted_path()) }</span>
                <span class="db-now">{ "now " }<span class="mono">{ now_text }</span></span>
                <input type="search" class="db-filter" aria-label="Filter sessions" placeholder="Filter"
                    value={(*filter).clone()} oninput={on_filter} />
                <span class="db-count">{ count }</span>
                <span class="db-spacer"></span>
                <button type="button" class="db-button" onclick={on_clearsessions}
                    title="python manage.py clearsessions: deletes the expired sessions">
                    { "clearsessions" }
                </button>
                <button type="button" class="db-button" onclick={on_export}
                    title="Download the server's SQLite database file">
                    { "Export db.sqlite3" }
                </button>
            </div>
            if let Some(line) = status_line {
                <p class="db-status" role="status">{ line }</p>
            }
            if let Some(note) = engine_note(settings) {
                <p class="db-note">{ note }</p>
            }
            if rows.is_empty() {
                { el("p", Some("empty"), "No sessions stored.") }
            } else if long {
                <div class="db-rows" ref={scroller} {onscroll}>{ table }</div>
                { for decodings_below }
            } else {
                { table }
            }
            <SqliteConsole />
        </div>
    }
}

/// Reads a long list's scroll position and height into `view` (when they changed).
fn remeasure(list: &web_sys::Element, view: &UseStateHandle<(f64, f64)>) {
    let measured = (f64::from(list.scroll_top()), f64::from(list.client_height()));
    if measured != **view {
        view.set(measured);
    }
}

/// The `id` of a session's row.
fn row_id(key: &str) -> String {
    format!("session-row-{key}")
}

/// A session's row; its decoding in a row under it when `open`, unless it is row `index`
/// of a long list (which opens it under the list instead).
fn session_row(world: &World, row: &Row, holders: &[Holder], open: bool, index: Option<usize>, selected: bool, ontoggle: Callback<MouseEvent>) -> Html {
    let inline = index.is_none();
    let settings = world.server().settings();
    let session = &row.session;
    let decode_id = format!("session-decode-{}", session.session_key);
    let held_by = if holders.is_empty() {
        html! { <span class="muted" title="No browser's jar holds this key: nobody can use this session any more. It stays until it expires and clearsessions deletes it.">{ "no browser" }</span> }
    } else {
        html! {
            <>{ for holders.iter().map(|h| {
                let label = if h.cookie == settings.session_cookie_name {
                    format!("Browser {}", h.browser)
                } else {
                    format!("Browser {} (cookie {})", h.browser, h.cookie)
                };
                html! { <span class="badge holder">{ label }</span> }
            }) }</>
        }
    };
    let expired_note = "expire_date is past: Django ignores this row (a request with its key gets a new, empty session) until clearsessions deletes it.";
    html! {
        <>
            <tr id={row_id(&session.session_key)} aria-rowindex={index.map(|i| i.to_string())}
                class={classes!("session-row", session.expired.then_some("expired"), selected.then_some("selected"))}
                data-session-key={session.session_key.clone()} data-expired={session.expired.to_string()}>
                <td class="mono">
                    <button
                        type="button"
                        class="row-toggle"
                        aria-expanded={open.to_string()}
                        aria-controls={decode_id.clone()}
                        aria-label={format!("Decode session {}", session.session_key)}
                        onclick={ontoggle}
                    >
                        <span aria-hidden="true">{ if open { "\u{25be} " } else { "\u{25b8} " } }</span>
                        <crate::highlight::Value text={session.session_key.clone()} focusable={false} />
                    </button>
                </td>
                <td class="mono value" title={(!inline).then(|| session.session_data.clone())}>{ &session.session_data }</td>
                <td class="mono">
                    { &session.expire_date }
                    if session.expired {
                        { " " }<span class="badge expired" title={expired_note}>{ "expired" }</span>
                    }
                </td>
                <td>{ held_by }</td>
                <td class="mono value">
                    if session.expired {
                        // SessionStore.load() asks only for rows with expire_date__gt=now.
                        <span class="muted" title={expired_note}>{ "{} (expired: a new session)" }</span>
                    } else {
                        { &row.loaded.repr }
                    }
                </td>
            </tr>
            if open && inline {
                <tr class="decode-row" id={decode_id}>
                    <td colspan="5">{ walkthrough(world, row) }</td>
                </tr>
            }
        </>
    }
}

/// The lecture's decoding, step by step, as the running Django does it.
fn walkthrough(world: &World, row: &Row) -> Html {
    let (row, loaded) = (&row.session, &row.loaded);
    let settings = world.server().settings();
    let version = world.server().version();
    if !has_encoded_data(settings.session_engine) {
        return html! {
            <p class="decode-note">
                { "The cache holds the session dict itself (LocMemCache pickles it), not an encoded string: nothing to decode. It holds " }
                <code>{ &loaded.repr }</code>{ "." }
            </p>
        };
    }
    let decoded = decode_row(settings, version, &row.session_data);
    let format = match decoded.format {
        Format::Signed => "the signed format payload:timestamp:signature (Django \u{2265} 3.1)",
        Format::Legacy => "the legacy format: base64 of hash:json (Django < 3.1, or 3.2 with DEFAULT_HASHING_ALGORITHM = 'sha1')",
        Format::Unknown => "neither format Django writes",
    };
    let steps = decoded.steps.iter().map(|step| {
        let parts = detail_parts(&step.detail).into_iter().map(|part| match part {
            Part::Text(text) => html! { { text } },
            Part::Value(value) => html! { <code>{ value }</code> },
        });
        html! {
            <li class={classes!("decode-step", if step.ok { "ok" } else { "fail" })}>
                <span class="mark" aria-label={if step.ok { "passed" } else { "failed" }}>{ if step.ok { "\u{2713}" } else { "\u{2717}" } }</span>
                { " " }<span class="stage">{ &step.stage }</span>{ " " }
                <span class="detail">{ for parts }</span>
            </li>
        }
    });
    html! {
        <div class="decode">
            <p class="decode-note">
                { format!("Django {} decodes session_data, written in {format}:", version.full()) }
            </p>
            <ol class="decode-steps" aria-label={format!("How Django decodes session {}", row.session_key)}>
                { for steps }
            </ol>
            if !decoded.log.is_empty() {
                <p class="decode-note">{ "Logged: " }<code>{ decoded.log.join("; ") }</code></p>
            }
        </div>
    }
}

/// A `sqlite3 db.sqlite3` session on the server's database, read-only.
#[function_component(SqliteConsole)]
fn sqlite_console() -> Html {
    let state = use_playground();
    let shell = use_mut_ref(Shell::default);
    let transcript = use_state(String::new);
    let input = use_state(String::new);
    let history = use_mut_ref(Vec::<String>::new);
    let history_at = use_mut_ref(|| 0usize);
    let output_ref = use_node_ref();

    // The banner sqlite3 prints when it starts, with the SQLite the server runs.
    {
        let state = state.clone();
        let transcript = transcript.clone();
        use_effect_with((), move |_| {
            let version = state.query("select sqlite_version()").ok().and_then(|r| r.rows.first()?.first().map(shell::cell_text));
            transcript.set(banner(version.as_deref()));
        });
    }
    // Keep the newest output in view.
    {
        let output_ref = output_ref.clone();
        use_effect_with((*transcript).clone(), move |_| {
            if let Some(output) = output_ref.cast::<web_sys::Element>() {
                output.set_scroll_top(output.scroll_height());
            }
        });
    }

    let run = {
        let state = state.clone();
        let shell = shell.clone();
        let transcript = transcript.clone();
        let input = input.clone();
        let history = history.clone();
        let history_at = history_at.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let line = (*input).clone();
            let output = run_line(&state, &shell, &line);
            let mut text = (*transcript).clone();
            text.push_str(&format!("sqlite> {line}\n{output}"));
            transcript.set(text);
            if !line.trim().is_empty() {
                history.borrow_mut().push(line);
            }
            *history_at.borrow_mut() = history.borrow().len();
            input.set(String::new());
        })
    };
    let oninput = {
        let input = input.clone();
        Callback::from(move |event: InputEvent| input.set(event.target_unchecked_into::<HtmlInputElement>().value()))
    };
    let onkeydown = {
        let input = input.clone();
        Callback::from(move |event: KeyboardEvent| {
            let delta: isize = match event.key().as_str() {
                "ArrowUp" => -1,
                "ArrowDown" => 1,
                _ => return,
            };
            event.prevent_default();
            let history = history.borrow();
            let mut at = history_at.borrow_mut();
            let next = (*at as isize + delta).clamp(0, history.len() as isize) as usize;
            *at = next;
            input.set(history.get(next).cloned().unwrap_or_default());
        })
    };

    html! {
        <section class="sqlite-console" aria-label="sqlite3 console">
            <h3>{ "sqlite3 db.sqlite3 " }<span class="muted">{ "(read-only)" }</span></h3>
            <pre class="sqlite-output mono" role="log" aria-label="sqlite3 output" ref={output_ref}>{ (*transcript).clone() }</pre>
            <form class="sqlite-prompt" onsubmit={run}>
                <label class="mono" for="sqlite-input">{ "sqlite>" }</label>
                <input
                    id="sqlite-input"
                    class="mono"
                    type="text"
                    aria-label="sqlite>"
                    autocomplete="off"
                    spellcheck="false"
                    value={(*input).clone()}
                    {oninput}
                    {onkeydown}
                />
            </form>
        </section>
    }
}

fn run_line(state: &StateHandle, shell: &Rc<RefCell<Shell>>, line: &str) -> String {
    let mut sql = |statement: &str| state.query(statement);
    shell.borrow_mut().run(line, &mut sql)
}

fn banner(version: Option<&str>) -> String {
    let version = version.map(|v| format!("SQLite version {v}\n")).unwrap_or_default();
    format!(
        "{version}Enter \".help\" for usage hints.\n\
         Try: .tables   .schema django_session   .mode column   select * from django_session;\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[track_caller]
    fn check_rows(world: &World, cache: &mut DecodeCache) -> Sessions {
        let derived = Sessions::of(world, cache);
        let expected = world.sessions();
        let stored = |r: &SessionRow| (r.session_key.clone(), r.session_data.clone(), r.expire_date.clone(), r.expired);
        assert_eq!(derived.rows.iter().map(|r| stored(&r.session)).collect::<Vec<_>>(), expected.iter().map(stored).collect::<Vec<_>>());
        for (row, expected) in derived.rows.iter().zip(&expected) {
            assert_eq!(row.loaded.dict, expected.decoded);
        }
        for row in &expected {
            assert_eq!(world.session(&row.session_key).as_ref(), Some(row), "one row, found by its key");
        }
        assert_eq!(world.session("nosuchkey"), None);
        for row in &derived.rows {
            assert_eq!(row.loaded.repr, repr_dict(&row.loaded.dict));
            let holders: Vec<&str> = derived.holders(row).iter().map(|h| h.browser.as_str()).collect();
            let expected: Vec<String> =
                world.browser_names().into_iter().filter(|b| world.jar(b).iter().any(|c| c.value == row.session.session_key)).collect();
            assert_eq!(holders, expected);
        }
        derived
    }

    #[test]
    fn rows_follow_the_world_through_the_cache() {
        let mut world = World::lecture();
        for browser in ["A", "B", "C"] {
            world.navigate(browser, "/session/sessfun").unwrap();
        }
        world.navigate("C", "/session/store").unwrap();
        let mut cache = DecodeCache::default();
        let rows = check_rows(&world, &mut cache);
        assert_eq!(rows.matching("NUM_VISITS").len(), 3);
        assert_eq!(rows.matching("zoë").len(), 1, "store's name");
        assert_eq!(rows.matching("browser b").len(), 1);
        assert_eq!(rows.matching(" ").len(), 3, "blank: all");
        // A row that changed is decoded again.
        world.navigate("B", "/session/sessfun").unwrap();
        let rows = check_rows(&world, &mut cache);
        assert!(rows.rows.iter().any(|r| r.loaded.repr == "{'num_visits': 2}"));
        // Another SECRET_KEY: nothing decodes any more, and the cache does not pretend.
        world.perform(json!({"settings": {"SECRET_KEY": "another key"}})).unwrap();
        let rows = check_rows(&world, &mut cache);
        assert!(rows.rows.iter().all(|r| r.loaded.repr == "{}"), "{:?}", rows.rows.iter().map(|r| &r.loaded.repr).collect::<Vec<_>>());
    }

    #[test]
    fn windows() {
        assert_eq!(window(0, 0.0, 400.0, 24.0), (0, 0));
        assert_eq!(window(150, 0.0, 480.0, 24.0), (0, 29));
        assert_eq!(window(150, 2400.0, 480.0, 24.0), (92, 129));
        assert_eq!(window(150, 1e9, 480.0, 24.0), (150, 150));
        assert_eq!(window(150, -3.0, 0.0, 0.0), (0, 9));
    }
}
