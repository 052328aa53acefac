//! Settings: the simulated project's `settings.py`, editable. The form collects
//! changes; "Apply" performs one `{"settings": {…}}` step (effective from the next
//! request, as after runserver's autoreload); the World's error, which names the
//! setting, is shown when it refuses. Beside it: the Django version (a new World
//! replaying the same steps), "Restart server", and the file as Python.

pub mod form;
pub mod python;

use djsim::world::World;
use serde_json::{Map, Value as Json};
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use self::form::{DjangoChoice, Field, Kind, MiddlewareRow, GROUPS, HASHING_ALGORITHM, SAME_SITE};
use self::python::{highlight_file, settings_py, Style};
use crate::state::{Action, StateHandle};
use crate::use_playground;

/// What the panel last asked the World to do, to report its outcome once.
#[derive(Clone, Debug, PartialEq)]
struct Pending {
    /// The state revision the action produced.
    revision: u64,
    what: Done,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Done {
    Applied,
    Switched,
    Restarted { keep_db: bool },
}

#[function_component(SettingsPanel)]
pub fn settings_panel() -> Html {
    let state = use_playground();
    let edits = use_state(Map::<String, Json>::new);
    let middleware = use_state(|| None::<Vec<MiddlewareRow>>);
    let pending = use_state(|| None::<Pending>);
    let choice = use_state(|| None::<DjangoChoice>);
    let keep_db = use_state(|| true);

    // A successful Apply leaves nothing pending: the edits are the running settings now.
    {
        let edits = edits.clone();
        let middleware = middleware.clone();
        let outcome = pending.as_ref().filter(|p| p.revision == state.revision && state.last_error.is_none()).cloned();
        use_effect_with(outcome, move |outcome| {
            if outcome.is_some() {
                edits.set(Map::new());
                middleware.set(None);
            }
        });
    }

    let world = state.world();
    let version = world.server().version();
    let current = match world.server().settings().to_json() {
        Json::Object(map) => map,
        _ => Map::new(),
    };
    let running_choice = DjangoChoice::of(version, &current);
    let rows = (*middleware).clone().unwrap_or_else(|| form::middleware_rows(&current["MIDDLEWARE"]));
    let changes = form::changes(&current, &edits, middleware.as_deref());

    let on_apply = {
        let state = state.clone();
        let pending = pending.clone();
        let changes = changes.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            if let Some(step) = form::settings_step(&changes) {
                pending.set(Some(Pending { revision: state.revision + 1, what: Done::Applied }));
                state.dispatch(Action::Perform(step));
            }
        })
    };
    let on_reset = {
        let edits = edits.clone();
        let middleware = middleware.clone();
        Callback::from(move |_: MouseEvent| {
            edits.set(Map::new());
            middleware.set(None);
        })
    };
    let on_edit = {
        let edits = edits.clone();
        Callback::from(move |(name, value): (String, Json)| {
            let mut next = (*edits).clone();
            next.insert(name, value);
            edits.set(next);
        })
    };

    let status = pending.as_ref().filter(|p| p.revision == state.revision).map(|p| {
        // One element for every outcome (each `html!` element is code in the page).
        let (class, role, text) = match (&state.last_error, p.what) {
            (Some(error), _) => ("settings-status error", "alert", error.clone()),
            (None, Done::Applied) => ("settings-status", "status", "Applied: the next request runs with these settings.".to_owned()),
            (None, Done::Switched) => {
                ("settings-status", "status", format!("A new World runs {} (the recorded steps replayed).", running_choice.label()))
            }
            (None, Done::Restarted { keep_db }) => {
                let text = if keep_db {
                    "runserver restarted with db.sqlite3 kept; its banner is in the Console."
                } else {
                    "runserver restarted on a fresh, migrated database; see the Console."
                };
                ("settings-status", "status", text.to_owned())
            }
        };
        html! { <p {class} {role}>{ text }</p> }
    });

    let groups = GROUPS.iter().map(|group| {
        html! {
            <fieldset class="settings-group">
                <legend>{ group.title }</legend>
                { for group.fields.iter().map(|field| field_row(field, &current, &edits, &on_edit)) }
            </fieldset>
        }
    });
    let legacy = (version == djsim::conf::DjangoVersion::V3_2).then(|| {
        html! {
            <fieldset class="settings-group">
                <legend>{ "Django 3.2" }</legend>
                { field_row(&HASHING_ALGORITHM, &current, &edits, &on_edit) }
            </fieldset>
        }
    });
    let file = settings_py(&current, version);
    let pending_count = changes.len();

    html! {
        <div class="settings-panel">
            <form class="settings-form" aria-label="Edit settings" onsubmit={on_apply}>
                <div class="settings-actions">
                    <h3>{ "settings.py" }</h3>
                    <button type="submit" class="db-button primary" disabled={pending_count == 0}>{ "Apply" }</button>
                    <button type="button" class="db-button" disabled={pending_count == 0} onclick={on_reset}>{ "Discard changes" }</button>
                    <span class="muted">
                        { match pending_count {
                            0 => "No changes.".to_owned(),
                            1 => "1 change, applied at the next request.".to_owned(),
                            n => format!("{n} changes, applied at the next request."),
                        } }
                    </span>
                </div>
                { for status }
                { middleware_editor(&rows, &middleware) }
                { for groups }
                { for legacy }
            </form>
            <div class="settings-side">
                { server_controls(&state, &world, running_choice, &choice, &keep_db, &pending, &edits, &middleware) }
                <section class="settings-file" aria-label="settings.py (read-only)">
                    <h3>{ "settings.py " }<span class="muted">{ "(as the server runs it)" }</span></h3>
                    <pre class="python mono">{ for highlight_file(&file).into_iter().map(python_line) }</pre>
                </section>
            </div>
        </div>
    }
}

/// One setting's label and control.
fn field_row(field: &Field, current: &Map<String, Json>, edits: &Map<String, Json>, on_edit: &Callback<(String, Json)>) -> Html {
    let name = field.name;
    let running = current.get(name).cloned().unwrap_or(Json::Null);
    let value = edits.get(name).cloned().unwrap_or_else(|| running.clone());
    let changed = edits.get(name).is_some_and(|v| form::changes(current, &Map::from_iter([(name.to_owned(), v.clone())]), None).contains_key(name));
    let id = format!("setting-{name}");
    let kind = field.kind;
    let text = form::text_from_value(kind, &value);
    let emit = {
        let on_edit = on_edit.clone();
        move |text: String| on_edit.emit((name.to_owned(), form::value_from_text(kind, &text)))
    };
    let control = match kind {
        Kind::Bool => {
            let onchange = Callback::from(move |e: Event| emit(e.target_unchecked_into::<HtmlInputElement>().checked().to_string()));
            html! { <input type="checkbox" id={id.clone()} aria-label={name} checked={value == Json::Bool(true)} {onchange} /> }
        }
        Kind::SameSite | Kind::Engine | Kind::HashingAlgorithm => {
            let options: Vec<(String, String)> = match kind {
                Kind::SameSite => SAME_SITE.iter().map(|(v, l)| (v.to_string(), l.to_string())).collect(),
                Kind::Engine => form::engines().map(|e| (e.to_owned(), format!("'{e}'"))).collect(),
                _ => ["sha256", "sha1"].iter().map(|v| (v.to_string(), format!("'{v}'"))).collect(),
            };
            let onchange = Callback::from(move |e: Event| emit(e.target_unchecked_into::<HtmlSelectElement>().value()));
            html! {
                <select id={id.clone()} aria-label={name} class="mono" {onchange}>
                    { for options.into_iter().map(|(v, label)| html! { <option value={v.clone()} selected={v == text}>{ label }</option> }) }
                </select>
            }
        }
        Kind::Lines => {
            let oninput = Callback::from(move |e: InputEvent| emit(e.target_unchecked_into::<HtmlTextAreaElement>().value()));
            html! { <textarea id={id.clone()} aria-label={name} class="mono" rows="2" value={text} {oninput} placeholder="one key per line" /> }
        }
        _ => {
            let oninput = Callback::from(move |e: InputEvent| emit(e.target_unchecked_into::<HtmlInputElement>().value()));
            let placeholder = matches!(kind, Kind::OptionalText | Kind::OptionalInteger).then_some("None");
            html! { <input type="text" id={id.clone()} aria-label={name} class="mono" value={text} {oninput} {placeholder} spellcheck="false" /> }
        }
    };
    html! {
        <div class={classes!("setting", changed.then_some("changed"))} title={field.help} data-setting={name}>
            <label for={id} class="mono">{ name }</label>
            { control }
            <span class="setting-help">{ field.help }</span>
        </div>
    }
}

/// `MIDDLEWARE`: each of the lecture's seven with a checkbox, in order, movable.
fn middleware_editor(rows: &[MiddlewareRow], middleware: &UseStateHandle<Option<Vec<MiddlewareRow>>>) -> Html {
    // What a control does to row `index`: toggle it (0) or move it by -1/1.
    let change = |index: usize, delta: isize| {
        let middleware = middleware.clone();
        let rows = rows.to_vec();
        move || {
            let mut next = rows.clone();
            if delta == 0 {
                next[index].enabled = !next[index].enabled;
            } else {
                form::move_row(&mut next, index, delta);
            }
            middleware.set(Some(next));
        }
    };
    let items = rows.iter().enumerate().map(|(index, row)| {
        let (toggle, up, down) = (change(index, 0), change(index, -1), change(index, 1));
        let class = form::class_name(&row.path).to_owned();
        let id = format!("middleware-{class}");
        html! {
            <li class={classes!("middleware", (!row.enabled).then_some("disabled"))}>
                <input type="checkbox" id={id.clone()} aria-label={row.path.clone()} checked={row.enabled}
                    onchange={Callback::from(move |_: Event| toggle())} />
                <label for={id} class="mono">{ &row.path }</label>
                <button type="button" class="icon-button" aria-label={format!("Move {class} up")} disabled={index == 0}
                    onclick={Callback::from(move |_: MouseEvent| up())}>{ "\u{2191}" }</button>
                <button type="button" class="icon-button" aria-label={format!("Move {class} down")} disabled={index + 1 == rows.len()}
                    onclick={Callback::from(move |_: MouseEvent| down())}>{ "\u{2193}" }</button>
            </li>
        }
    });
    html! {
        <fieldset class="settings-group">
            <legend>{ "MIDDLEWARE " }<span class="muted">{ "(in order: requests go down the list, responses come back up)" }</span></legend>
            <ol class="middleware-list">{ for items }</ol>
        </fieldset>
    }
}

/// The Django version switch and "Restart server".
#[allow(clippy::too_many_arguments)]
fn server_controls(
    state: &StateHandle,
    world: &World,
    running: DjangoChoice,
    choice: &UseStateHandle<Option<DjangoChoice>>,
    keep_db: &UseStateHandle<bool>,
    pending: &UseStateHandle<Option<Pending>>,
    edits: &UseStateHandle<Map<String, Json>>,
    middleware: &UseStateHandle<Option<Vec<MiddlewareRow>>>,
) -> Html {
    let chosen = choice.unwrap_or(running);
    let steps = world.recorded().len();
    let on_choose = {
        let choice = choice.clone();
        Callback::from(move |e: Event| choice.set(DjangoChoice::from_key(&e.target_unchecked_into::<HtmlSelectElement>().value())))
    };
    let on_switch = {
        let state = state.clone();
        let pending = pending.clone();
        let choice = choice.clone();
        let edits = edits.clone();
        let middleware = middleware.clone();
        Callback::from(move |_: MouseEvent| {
            let scenario = form::switch_django(&state.world().to_scenario(), chosen);
            pending.set(Some(Pending { revision: state.revision + 1, what: Done::Switched }));
            choice.set(None);
            edits.set(Map::new());
            middleware.set(None);
            state.dispatch(Action::LoadScenario(scenario));
        })
    };
    let on_restart = {
        let state = state.clone();
        let pending = pending.clone();
        let keep = **keep_db;
        Callback::from(move |_: MouseEvent| {
            pending.set(Some(Pending { revision: state.revision + 1, what: Done::Restarted { keep_db: keep } }));
            state.dispatch(Action::Perform(crate::json::object(vec![("restart", if keep { "keep_db" } else { "wipe_db" }.into())])));
        })
    };
    html! {
        <section class="settings-server" aria-label="Server">
            <h3>{ "Server" }</h3>
            <div class="setting">
                <label for="django-version">{ "Django version" }</label>
                <select id="django-version" aria-label="Django version" onchange={on_choose}>
                    { for DjangoChoice::ALL.iter().map(|c| html! { <option value={c.key()} selected={*c == chosen}>{ c.label() }</option> }) }
                </select>
                <button type="button" class="db-button" disabled={chosen == running} onclick={on_switch}>{ "Switch Django version" }</button>
            </div>
            <p class="setting-help">
                { format!("Running {}. Switching starts a new World with that Django and replays the {steps} recorded step(s) in it.", running.label()) }
            </p>
            <div class="setting" role="radiogroup" aria-label="On restart">
                { restart_radio(keep_db, true, "keep db.sqlite3") }
                { restart_radio(keep_db, false, "wipe database") }
                <button type="button" class="db-button" onclick={on_restart}>{ "Restart server" }</button>
            </div>
        </section>
    }
}

/// One choice of what a restart does to the database (a function: the page has its
/// markup once).
#[inline(never)]
fn restart_radio(keep_db: &UseStateHandle<bool>, keep: bool, label: &'static str) -> Html {
    let keep_db = keep_db.clone();
    html! {
        <label class="radio">
            <input type="radio" name="restart-db" checked={*keep_db == keep} onchange={Callback::from(move |_: Event| keep_db.set(keep))} />
            { label }
        </label>
    }
}

fn python_line(pieces: Vec<(Style, &str)>) -> Html {
    let pieces = pieces.into_iter().map(|(style, text)| {
        let class = match style {
            Style::Plain => return html! { { text } },
            Style::Comment => "py-comment",
            Style::String => "py-string",
            Style::Constant => "py-constant",
            Style::Name => "py-name",
        };
        html! { <span class={class}>{ text }</span> }
    });
    html! { <>{ for pieces }{ "\n" }</> }
}
