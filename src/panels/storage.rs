//! Storage → Cookies, as a browser's developer tools show them: a browser (private
//! ones marked) and one of the origins its cookies belong to; the table (Name, Value,
//! Domain, Path, Expires / Max-Age, Size, HttpOnly, Secure, SameSite, Last Accessed,
//! Created) with a filter; Add, edit by double-click, Delete (also the Delete key),
//! "Delete all session cookies", "Clear all"; and a sidebar reading the selected
//! cookie's value ([`value`]).
//!
//! Architecture invariant: every change is an `Action::Perform` of a scenario step
//! (`edit_cookie`, `delete_cookie`, and for Add the World's add step or a
//! `document_cookie` assignment), built by [`model`]: the World validates and records
//! it. What is shown is what the World's jar holds at the World's `now` (an expired
//! cookie is gone at the next render).

pub mod model;
pub mod value;

use djsim::conf::SessionEngine;
use djsim::world::{Applied, CookieView};
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, HtmlInputElement, KeyboardEvent};
use yew::prelude::*;

use self::model::{AddPlan, CookieKey, CookieRow, Draft, Field};
use self::value::{parse_value, ParsedValue};
use crate::markup::{el, header_row, term};
use crate::panels::console::prompt::describe_outcome;
use crate::state::Action;
use crate::use_playground;

/// A message under the toolbar: `ok` (status) or an error (alert).
#[derive(Clone, Debug, PartialEq)]
struct Note {
    ok: bool,
    text: String,
}

#[function_component(StoragePanel)]
pub fn storage_panel() -> Html {
    let state = use_playground();
    let picked_browser = use_state(|| None::<String>);
    let picked_origin = use_state(|| None::<String>);
    // Kept in the root state, so that switching tabs keeps it.
    let filter = state.filters.storage.clone();
    let selected = use_state(|| None::<CookieKey>);
    let editing = use_state(|| None::<(CookieKey, Field)>);
    let draft = use_state(|| None::<Draft>);
    let note = use_state(|| None::<Note>);
    // The revision an Add by script will have, to show what became of it.
    let add_revision = use_state(|| None::<(u64, String)>);

    let world = state.world();
    let now = world.now();
    let browser = picked_browser
        .as_ref()
        .filter(|b| world.browser(b).is_some())
        .cloned()
        .unwrap_or_else(|| state.active_browser().name.clone());
    let jar: Vec<CookieView> = world.jar(&browser);
    let (visited, page_origin) = match world.browser(&browser) {
        Some(b) => (b.history.entries().iter().map(|u| u.to_string()).collect::<Vec<_>>(), b.current_url().and_then(|u| model::origin_of(&u.to_string()))),
        None => (Vec::new(), None),
    };
    let django_origin = model::origin_of(&world.django_url("/")).unwrap_or_default();
    let origins = model::origins(&django_origin, visited.iter().map(String::as_str), &jar);
    let origin = picked_origin
        .as_ref()
        .filter(|o| origins.contains(o))
        .cloned()
        .or_else(|| page_origin.filter(|o| origins.contains(o)))
        .unwrap_or_else(|| origins.first().cloned().unwrap_or_default());
    let rows: Vec<(CookieRow, &CookieView)> = jar
        .iter()
        .filter(|c| model::belongs_to(c, &origin))
        .map(|c| (CookieRow::new(c, now), c))
        .filter(|(row, _)| row.matches(&filter))
        .collect();
    let shown: Vec<CookieRow> = rows.iter().map(|(row, _)| row.clone()).collect();
    let selected_row = selected.as_ref().and_then(|key| rows.iter().find(|(row, _)| &row.key == key));

    // What became of an Add made by script (the World's answer to the step).
    let add_note = match (&*add_revision, &state.last_applied) {
        (Some((revision, assignment)), Some(Applied::SetCookie(outcome))) if *revision == state.revision => {
            let (ok, text) = describe_outcome(outcome);
            Some(Note { ok, text: format!("document.cookie = {assignment:?}: {text}") })
        }
        _ => None,
    };
    let error_note = state.last_error.clone().map(|text| Note { ok: false, text });
    let shown_note = error_note.or(add_note).or_else(|| (*note).clone());

    let perform = {
        let state = state.clone();
        let note = note.clone();
        Callback::from(move |steps: Vec<serde_json::Value>| {
            note.set(None);
            for step in steps {
                state.dispatch(Action::Perform(step));
            }
        })
    };

    // ---- toolbar ----
    let on_browser = {
        let picked_browser = picked_browser.clone();
        let selected = selected.clone();
        let picked_origin = picked_origin.clone();
        Callback::from(move |event: Event| {
            picked_browser.set(Some(select_value(&event)));
            picked_origin.set(None);
            selected.set(None);
        })
    };
    let on_filter = {
        let (dispatcher, kept) = (state.dispatcher(), state.filters.clone());
        Callback::from(move |event: InputEvent| {
            let input: HtmlInputElement = event.target_unchecked_into();
            dispatcher.dispatch(Action::Filters(crate::state::PanelFilters { storage: input.value(), ..kept.clone() }));
        })
    };
    let on_add = {
        let draft = draft.clone();
        let host = model::origin_host(&origin).to_owned();
        let editing = editing.clone();
        Callback::from(move |_: MouseEvent| {
            editing.set(None);
            draft.set(Some(Draft { domain: host.clone(), path: "/".into(), expires: "Session".into(), ..Default::default() }));
        })
    };
    let delete_selected = {
        let perform = perform.clone();
        let selected = selected.clone();
        let browser = browser.clone();
        Callback::from(move |key: CookieKey| {
            perform.emit(vec![model::delete_step(&browser, &key)]);
            selected.set(None);
        })
    };
    let on_delete = {
        let delete_selected = delete_selected.clone();
        let key = selected_row.map(|(row, _)| row.key.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some(key) = key.clone() {
                delete_selected.emit(key);
            }
        })
    };
    let on_delete_session = {
        let perform = perform.clone();
        let steps = model::delete_session_steps(&browser, &shown);
        Callback::from(move |_: MouseEvent| perform.emit(steps.clone()))
    };
    let on_clear = {
        let perform = perform.clone();
        let steps = model::clear_steps(&browser, &shown);
        Callback::from(move |_: MouseEvent| perform.emit(steps.clone()))
    };
    let filtering = !filter.trim().is_empty();
    let any_session = shown.iter().any(|r| r.session);

    let origin_items = origins.iter().map(|o| {
        let current = *o == origin;
        let count = jar.iter().filter(|c| model::belongs_to(c, o)).count();
        let onclick = {
            let picked_origin = picked_origin.clone();
            let selected = selected.clone();
            let o = o.clone();
            Callback::from(move |_: MouseEvent| {
                picked_origin.set(Some(o.clone()));
                selected.set(None);
            })
        };
        html! {
            <li>
                <button type="button" class={classes!("origin", current.then_some("selected"))}
                    aria-current={current.then_some("true")} title={format!("{count} cookie(s)")} {onclick}>
                    { o }
                </button>
            </li>
        }
    });

    // ---- table ----
    let body_rows = rows.iter().enumerate().map(|(index, (row, _))| {
        let is_selected = selected.as_ref() == Some(&row.key);
        let tabindex = if is_selected || (selected_row.is_none() && index == 0) { "0" } else { "-1" };
        let onclick = {
            let selected = selected.clone();
            let key = row.key.clone();
            Callback::from(move |_: MouseEvent| selected.set(Some(key.clone())))
        };
        let onkeydown = {
            let selected = selected.clone();
            let editing = editing.clone();
            let delete_selected = delete_selected.clone();
            let keys: Vec<CookieKey> = rows.iter().map(|(r, _)| r.key.clone()).collect();
            let key = row.key.clone();
            Callback::from(move |event: KeyboardEvent| {
                if is_editor(&event) {
                    return;
                }
                match event.key().as_str() {
                    "Delete" | "Backspace" => {
                        event.prevent_default();
                        delete_selected.emit(key.clone());
                        // The selection and the focus move to the next row (or the previous).
                        let down = index + 1 < keys.len();
                        let neighbour = if down { keys.get(index + 1) } else { index.checked_sub(1).and_then(|i| keys.get(i)) };
                        if let Some(neighbour) = neighbour {
                            selected.set(Some(neighbour.clone()));
                            focus_sibling_row(&event, down);
                        }
                    }
                    "Enter" | "F2" => {
                        event.prevent_default();
                        selected.set(Some(key.clone()));
                        editing.set(Some((key.clone(), Field::Value)));
                    }
                    "ArrowDown" | "ArrowUp" => {
                        event.prevent_default();
                        let down = event.key() == "ArrowDown";
                        let next = if down { index + 1 } else { index.wrapping_sub(1) };
                        if let Some(next_key) = keys.get(next) {
                            selected.set(Some(next_key.clone()));
                            focus_sibling_row(&event, down);
                        }
                    }
                    _ => {}
                }
            })
        };
        let cells = Field::ALL.iter().copied().map(|field| {
            let is_editing = editing.as_ref().is_some_and(|(k, f)| k == &row.key && *f == field);
            let ondblclick = {
                let editing = editing.clone();
                let selected = selected.clone();
                let key = row.key.clone();
                Callback::from(move |_: MouseEvent| {
                    selected.set(Some(key.clone()));
                    editing.set(Some((key.clone(), field)));
                })
            };
            let class = classes!(
                "cell",
                format!("col-{}", field_key(field)),
                matches!(field, Field::HttpOnly | Field::Secure).then_some("flag"),
                (field == Field::Value).then_some("value"),
                (!matches!(field, Field::HttpOnly | Field::Secure)).then_some("mono"),
            );
            let content = if is_editing {
                let oncommit = {
                    let perform = perform.clone();
                    let editing = editing.clone();
                    let selected = selected.clone();
                    let note = note.clone();
                    let row = row.clone();
                    let browser = browser.clone();
                    Callback::from(move |text: String| {
                        editing.set(None);
                        match model::edit_step(&browser, &row, field, &text) {
                            Ok(Some(step)) => {
                                perform.emit(vec![step]);
                                if field == Field::Name {
                                    selected.set(Some(CookieKey { name: text, ..row.key.clone() }));
                                }
                            }
                            Ok(None) => {}
                            Err(error) => note.set(Some(Note { ok: false, text: error.to_string() })),
                        }
                    })
                };
                let oncancel = {
                    let editing = editing.clone();
                    Callback::from(move |()| editing.set(None))
                };
                html! {
                    <CellEditor {field} initial={row.text(field)} label={format!("{} of {}", field.label(), row.key.name)} {oncommit} {oncancel} />
                }
            } else {
                match field {
                    Field::HttpOnly => flag(row.http_only),
                    Field::Secure => flag(row.secure),
                    Field::Expires => html! {
                        <>
                            { &row.expires }
                            if let Some(left) = row.expiring_in {
                                <span class="expiring-note" title={format!("Expires in {left} s")}>{ format!(" ({left} s left)") }</span>
                            }
                        </>
                    },
                    // Linked: the same value in the Network and Database panels lights up.
                    Field::Value => html! { <crate::highlight::Value text={row.value.clone()} /> },
                    _ => html! { { row.text(field) } },
                }
            };
            let title = (!is_editing).then(|| match field {
                Field::Value => format!("{}\n(double-click to edit)", row.value),
                _ => format!("Double-click to edit {}", field.label()),
            });
            html! { <td {class} {title} {ondblclick}>{ content }</td> }
        });
        let cells: Vec<Html> = cells.collect();
        let (first, rest) = cells.split_at(5);
        html! {
            <tr key={format!("{}\u{0}{}\u{0}{}", row.key.name, row.key.domain, row.key.path)} data-cookie={row.key.name.clone()}
                class={classes!(is_selected.then_some("selected"), row.expiring_in.is_some().then_some("expiring"))}
                aria-current={is_selected.then_some("true")} {tabindex} {onclick} {onkeydown}>
                { for first.iter().cloned() }
                { el("td", Some("mono col-size"), &row.size.to_string()) }
                { for rest.iter().cloned() }
                { el("td", Some("mono col-last-accessed"), &row.last_accessed) }
                { el("td", Some("mono col-created"), &row.created) }
            </tr>
        }
    });

    let draft_row = draft.as_ref().map(|d| draft_row(d, &draft, &perform, &browser, &add_revision, state.revision, &note));

    let sidebar = selected_row.map(|(row, cookie)| sidebar(&state, row, cookie));

    html! {
        <div class="storage-panel">
            <nav class="storage-nav" aria-label="Storage">
                <label class="storage-browser">
                    <span>{ "Browser" }</span>
                    <BrowserPicker state={state.clone()} version={state.tabs_version} browser={browser.clone()} onchange={on_browser} />
                </label>
                <h3>{ "Cookies" }</h3>
                <ul class="origins" aria-label="Origins">{ for origin_items }</ul>
            </nav>
            <div class="storage-main">
                <div class="storage-toolbar" role="toolbar" aria-label="Cookies toolbar">
                    <input type="search" class="storage-filter" aria-label="Filter cookies" placeholder="Filter"
                        value={filter.clone()} oninput={on_filter} />
                    <button type="button" onclick={on_add} title="Add a cookie: fill in the new row, then Enter">{ "Add" }</button>
                    <button type="button" onclick={on_delete} disabled={selected_row.is_none()}
                        title="Delete the selected cookie (Delete key)">{ "Delete" }</button>
                    <button type="button" onclick={on_delete_session} disabled={!any_session}
                        title="Delete the session cookies listed">{ "Delete all session cookies" }</button>
                    <button type="button" onclick={on_clear} disabled={shown.is_empty()}
                        title="Delete every cookie listed">{ if filtering { "Clear filtered" } else { "Clear all" } }</button>
                </div>
                // Every child below is always there (Yew matches unkeyed children from
                // the end: an optional child would make it rebuild the table, losing focus).
                <div class="storage-notes" role="status">
                    if let Some(n) = shown_note {
                        <p class={classes!("storage-note", if n.ok { "ok" } else { "error" })} role={(!n.ok).then_some("alert")}>
                            { n.text }
                        </p>
                    }
                </div>
                <div class="cookies-scroll">
                    <table class="grid cookies" aria-label="Cookies">
                        <thead>
                            { header_row(&["Name", "Value", "Domain", "Path", "Expires / Max-Age", "Size", "HttpOnly",
                                "Secure", "SameSite", "Last Accessed", "Created"]) }
                        </thead>
                        <tbody>
                            { for body_rows }
                            { for draft_row }
                        </tbody>
                    </table>
                    <p class="empty" hidden={!(rows.is_empty() && draft.is_none())}>
                        { if filtering { format!("No cookie of {origin} matches the filter.") } else { format!("No cookies for {origin}.") } }
                    </p>
                </div>
                <aside class="cookie-sidebar" aria-label="Selected cookie">
                    { sidebar.unwrap_or_else(|| el("p", Some("empty"), "Select a cookie to read its value.")) }
                </aside>
            </div>
        </div>
    }
}

/// The browsers to choose from, re-rendered only when the browsers or the one chosen
/// change (ten thousand options are not diffed again at every action).
#[derive(Properties)]
struct PickerProps {
    /// To read the World's browsers from (a handle reads the current state).
    state: crate::state::StateHandle,
    /// [`crate::state::State::tabs_version`]: every browser the World has is a window.
    version: u64,
    browser: String,
    onchange: Callback<Event>,
}

impl PartialEq for PickerProps {
    fn eq(&self, other: &Self) -> bool {
        // The callback only sets this panel's own state: any one of them will do.
        (self.version, &self.browser) == (other.version, &other.browser)
    }
}

#[function_component(BrowserPicker)]
fn browser_picker(props: &PickerProps) -> Html {
    let world = props.state.world();
    let options = world.browser_names().into_iter().map(|name| {
        let private = world.browser(&name).is_some_and(|b| b.private);
        let label = if private { format!("Browser {name} (private)") } else { format!("Browser {name}") };
        let selected = name == props.browser;
        html! { <option value={name} {selected}>{ label }</option> }
    });
    html! { <select aria-label="Browser" onchange={props.onchange.clone()}>{ for options }</select> }
}

/// The CSS key of a column.
fn field_key(field: Field) -> &'static str {
    match field {
        Field::Name => "name",
        Field::Value => "value",
        Field::Domain => "domain",
        Field::Path => "path",
        Field::Expires => "expires",
        Field::HttpOnly => "http-only",
        Field::Secure => "secure",
        Field::SameSite => "same-site",
    }
}

fn flag(on: bool) -> Html {
    html! { <span aria-label={if on { "true" } else { "false" }}>{ if on { "\u{2713}" } else { "" } }</span> }
}

/// A keydown that an editor inside the row handles itself.
fn is_editor(event: &KeyboardEvent) -> bool {
    event.target().and_then(|t| t.dyn_into::<Element>().ok()).is_some_and(|e| matches!(e.tag_name().as_str(), "INPUT" | "SELECT"))
}

/// Moves the focus to the row above or below the event's row.
fn focus_sibling_row(event: &KeyboardEvent, down: bool) {
    let row = event.target().and_then(|t| t.dyn_into::<Element>().ok()).and_then(|e| e.closest("tr").ok().flatten());
    let next = row.and_then(|r| if down { r.next_element_sibling() } else { r.previous_element_sibling() });
    if let Some(next) = next.and_then(|n| n.dyn_into::<HtmlElement>().ok()) {
        let _ = next.focus();
    }
}

#[derive(Properties, PartialEq)]
struct CellEditorProps {
    field: Field,
    initial: String,
    /// The accessible name: "Value of zap".
    label: String,
    oncommit: Callback<String>,
    oncancel: Callback<()>,
}

/// The editor a double-clicked cell becomes: Enter (or leaving it) commits, Escape
/// cancels. Flags and SameSite are lists; the rest is text.
#[function_component(CellEditor)]
fn cell_editor(props: &CellEditorProps) -> Html {
    let text = use_state(|| props.initial.clone());
    let done = use_mut_ref(|| false);
    let node = use_node_ref();
    {
        let node = node.clone();
        use_effect_with((), move |_| {
            if let Some(element) = node.cast::<HtmlElement>() {
                let _ = element.focus();
                if element.tag_name() == "INPUT" {
                    element.unchecked_into::<HtmlInputElement>().select();
                }
            }
        });
    }
    let finish = {
        let done = done.clone();
        let oncommit = props.oncommit.clone();
        let oncancel = props.oncancel.clone();
        move |commit: Option<String>| {
            if std::mem::replace(&mut *done.borrow_mut(), true) {
                return;
            }
            match commit {
                Some(text) => oncommit.emit(text),
                None => oncancel.emit(()),
            }
        }
    };
    let onkeydown = {
        let finish = finish.clone();
        let node = node.clone();
        Callback::from(move |event: KeyboardEvent| {
            let commit = match event.key().as_str() {
                "Enter" => Some(current_value(&node)),
                "Escape" => None,
                _ => return,
            };
            event.prevent_default();
            event.stop_propagation();
            finish(commit);
            // Back to the row, as the keyboard user left it (the editor goes away).
            let row = node.cast::<Element>().and_then(|e| e.closest("tr").ok().flatten());
            if let Some(row) = row.and_then(|r| r.dyn_into::<HtmlElement>().ok()) {
                let _ = row.focus();
            }
        })
    };
    let onblur = {
        let finish = finish.clone();
        let node = node.clone();
        Callback::from(move |_: FocusEvent| finish(Some(current_value(&node))))
    };
    let oninput = {
        let text = text.clone();
        Callback::from(move |event: InputEvent| text.set(event.target_unchecked_into::<HtmlInputElement>().value()))
    };
    let stop = Callback::from(|event: MouseEvent| event.stop_propagation());
    let options: Option<&[&str]> = match props.field {
        Field::HttpOnly | Field::Secure => Some(&["true", "false"]),
        Field::SameSite => Some(&["", "Strict", "Lax", "None"]),
        _ => None,
    };
    match options {
        Some(options) => html! {
            <select class="cell-editor" aria-label={props.label.clone()} ref={node} {onkeydown} {onblur}
                onclick={stop.clone()} ondblclick={stop}>
                { for options.iter().map(|o| html! { <option value={*o} selected={*o == props.initial}>{ if o.is_empty() { "(unset)" } else { o } }</option> }) }
            </select>
        },
        None => html! {
            <input type="text" class="cell-editor mono" aria-label={props.label.clone()} spellcheck="false" autocomplete="off"
                ref={node} value={(*text).clone()} {oninput} {onkeydown} {onblur} onclick={stop.clone()} ondblclick={stop} />
        },
    }
}

/// The value of the editor element (an input or a select): both have a `value`
/// property, read through web-sys' structural getter (the crate's web-sys features
/// have no HtmlSelectElement).
fn current_value(node: &NodeRef) -> String {
    node.get().map(|n| n.unchecked_into::<HtmlInputElement>().value()).unwrap_or_default()
}

/// The value of the `<select>` an event comes from (see [`current_value`]).
fn select_value(event: &Event) -> String {
    event.target().map(|t| t.unchecked_into::<HtmlInputElement>().value()).unwrap_or_default()
}

/// The row "Add" opens: one input per attribute; Enter adds, Escape cancels.
fn draft_row(
    d: &Draft,
    draft: &UseStateHandle<Option<Draft>>,
    perform: &Callback<Vec<serde_json::Value>>,
    browser: &str,
    add_revision: &UseStateHandle<Option<(u64, String)>>,
    revision: u64,
    note: &UseStateHandle<Option<Note>>,
) -> Html {
    let same_site = {
        let draft = draft.clone();
        let onchange = Callback::from(move |event: Event| {
            if let Some(mut d) = (*draft).clone() {
                d.same_site = select_value(&event);
                draft.set(Some(d));
            }
        });
        html! {
            <select aria-label="New cookie SameSite" {onchange}>
                { for ["", "Strict", "Lax", "None"].iter().map(|o| html! {
                    <option value={*o} selected={*o == d.same_site}>{ if o.is_empty() { "(unset)" } else { o } }</option>
                }) }
            </select>
        }
    };
    let save = {
        let draft = draft.clone();
        let perform = perform.clone();
        let browser = browser.to_owned();
        let add_revision = add_revision.clone();
        let note = note.clone();
        Callback::from(move |()| {
            let Some(d) = (*draft).clone() else { return };
            if d.name.is_empty() && d.value.is_empty() {
                note.set(Some(Note { ok: false, text: "A cookie needs a name or a value: type one in the new row.".into() }));
                return;
            }
            match model::add_step(&browser, &d) {
                Ok(AddPlan::Step(step)) => perform.emit(vec![step]),
                Ok(AddPlan::Script { step, assignment }) => {
                    perform.emit(vec![step]);
                    add_revision.set(Some((revision + 1, assignment)));
                }
                Err(error) => {
                    note.set(Some(Note { ok: false, text: error.to_string() }));
                    return;
                }
            }
            draft.set(None);
        })
    };
    let onkeydown = {
        let save = save.clone();
        let draft = draft.clone();
        Callback::from(move |event: KeyboardEvent| match event.key().as_str() {
            "Enter" => {
                event.prevent_default();
                save.emit(());
            }
            "Escape" => {
                event.prevent_default();
                draft.set(None);
            }
            _ => {}
        })
    };
    let on_save = {
        let save = save.clone();
        Callback::from(move |_: MouseEvent| save.emit(()))
    };
    let on_cancel = {
        let draft = draft.clone();
        Callback::from(move |_: MouseEvent| draft.set(None))
    };
    let size = d.name.len() + d.value.len();
    html! {
        <tr key="\u{0}draft" class="draft" {onkeydown}>
            { draft_text(draft, "name", &d.name, |d, v| d.name = v) }
            { draft_text(draft, "value", &d.value, |d, v| d.value = v) }
            { draft_text(draft, "domain", &d.domain, |d, v| d.domain = v) }
            { draft_text(draft, "path", &d.path, |d, v| d.path = v) }
            { draft_text(draft, "expires", &d.expires, |d, v| d.expires = v) }
            <td class="mono">{ size }</td>
            { draft_check(draft, "HttpOnly", d.http_only, |d, v| d.http_only = v) }
            { draft_check(draft, "Secure", d.secure, |d, v| d.secure = v) }
            <td>{ same_site }</td>
            <td colspan="2" class="draft-actions">
                <button type="button" onclick={on_save}>{ "Save" }</button>
                <button type="button" onclick={on_cancel}>{ "Cancel" }</button>
            </td>
        </tr>
    }
}

/// A text cell of the draft row: `set` stores what is typed. A function, not a closure
/// called five times: its markup is in the page once.
#[inline(never)]
fn draft_text(draft: &UseStateHandle<Option<Draft>>, label: &'static str, value: &str, set: fn(&mut Draft, String)) -> Html {
    let draft = draft.clone();
    let oninput = Callback::from(move |event: InputEvent| {
        let input: HtmlInputElement = event.target_unchecked_into();
        if let Some(mut d) = (*draft).clone() {
            set(&mut d, input.value());
            draft.set(Some(d));
        }
    });
    html! {
        <td>
            <input type="text" class="cell-editor mono" aria-label={format!("New cookie {label}")} spellcheck="false"
                autocomplete="off" value={value.to_owned()} {oninput} />
        </td>
    }
}

/// A flag cell of the draft row (see [`draft_text`]).
#[inline(never)]
fn draft_check(draft: &UseStateHandle<Option<Draft>>, label: &'static str, on: bool, set: fn(&mut Draft, bool)) -> Html {
    let draft = draft.clone();
    let onchange = Callback::from(move |event: Event| {
        let input: HtmlInputElement = event.target_unchecked_into();
        if let Some(mut d) = (*draft).clone() {
            set(&mut d, input.checked());
            draft.set(Some(d));
        }
    });
    html! { <td class="flag"><input type="checkbox" aria-label={format!("New cookie {label}")} checked={on} {onchange} /></td> }
}

/// The sidebar's content for the selected cookie, read: its value decoded, a signed value's parts, and for the
/// session cookie what the server holds under it.
fn sidebar(state: &crate::state::StateHandle, row: &CookieRow, cookie: &CookieView) -> Html {
    let parsed: ParsedValue = parse_value(&cookie.value);
    let world = state.world();
    let settings = world.server().settings();
    let is_session_cookie = cookie.name == settings.session_cookie_name;
    let signed = parsed.signed.as_ref().map(|s| {
        let payload = s.payload.as_ref().map(|p| {
            let label = if p.compressed { "payload (zlib, base64)" } else { "payload (base64 JSON)" };
            match &p.json {
                Ok(json) => term(label, Some("mono"), json),
                Err(why) => term(label, Some("error"), why),
            }
        });
        html! {
            <>
                { el("h4", None, "Django signed value") }
                <dl class="value-parts">
                    { term("value", Some("mono"), &s.value) }
                    { for payload }
                    if let Some((b62, at)) = &s.timestamp {
                        { term("timestamp", Some("mono"), &format!("{b62} = {} ({})", at.unix_secs(), crate::clock::format_time(*at))) }
                    }
                    { term("signature", Some("mono"), &s.signature) }
                </dl>
            </>
        }
    });
    let session = is_session_cookie.then(|| {
        let engine = settings.session_engine;
        match engine {
            SessionEngine::Db | SessionEngine::CachedDb => {
                let found = world.session(&parsed.decoded);
                match found {
                    Some(found) => {
                        let onclick = {
                            let state = state.clone();
                            let key = found.session_key.clone();
                            Callback::from(move |_: MouseEvent| state.dispatch(Action::ShowSession(key.clone())))
                        };
                        html! {
                            <p class="session-link">
                                { "This is a session key: django_session has its row (" }
                                <span class="mono">{ djsim::pyjson::repr_dict(&found.decoded) }</span>
                                { if found.expired { ", expired)" } else { ")" } }
                                { " \u{2014} " }
                                <button type="button" class="link" {onclick}>{ "show its database row" }</button>
                            </p>
                        }
                    }
                    None => el(
                        "p",
                        Some("session-link missing"),
                        "No row of django_session has this key: at the next request Django finds no session and starts a new one (a new key, sent in Set-Cookie) when the view stores anything.",
                    ),
                }
            }
            SessionEngine::SignedCookies => el(
                "p",
                Some("session-link"),
                "With the signed_cookies engine the session data itself is in the cookie (signed, not encrypted: anyone can read it; changing it breaks the signature).",
            ),
            _ => el("p", Some("session-link"), &format!("This is a session key; the data is kept by {}.", engine.dotted_path())),
        }
    });
    html! {
        <>
            { el("h4", None, &format!("{} \u{2014} {} {}", row.key.name, row.key.domain, row.key.path)) }
            <dl class="value-parts">
                { term("Cookie Value", Some("mono"), &parsed.raw) }
                if parsed.decoded != parsed.raw {
                    { term("Decoded", Some("mono"), &parsed.decoded) }
                }
            </dl>
            { for signed }
            { for session }
            if let Some(left) = row.expiring_in {
                <p class="expiring-note">{ format!("Expires in {left} s: after that the browser neither keeps nor sends it.") }</p>
            }
        </>
    }
}

#[cfg(test)]
mod tests {
    use std::rc::Rc;

    use djsim::time::SimTime;
    use yew::Reducible;

    use super::model::{self, CookieRow, Field};
    use crate::state::{Action, State};

    fn row(state: &State, name: &str) -> CookieRow {
        let jar = state.world().jar("A");
        let cookie = jar.iter().find(|c| c.name == name).unwrap_or_else(|| panic!("no {name} in {jar:?}"));
        CookieRow::new(cookie, state.world().now())
    }

    fn edit(state: Rc<State>, name: &str, field: Field, text: &str) -> Rc<State> {
        let step = model::edit_step("A", &row(&state, name), field, text).unwrap().expect("a change");
        let next = state.reduce(Action::Perform(step));
        assert_eq!(next.last_error, None);
        next
    }

    fn link(state: Rc<State>, href: &str) -> Rc<State> {
        state.reduce(Action::FollowLink { browser: 0, href: href.into() })
    }

    /// Editing the session cookie is how a student tampers: the next request carries a
    /// key the server has no row for, and Django starts a new session.
    #[test]
    fn a_tampered_sessionid_starts_a_new_session() {
        let state = link(link(Rc::new(State::new()), "sessfun"), "/session/");
        let original = row(&state, "sessionid").value;
        let state = edit(state, "sessionid", Field::Value, "tampered");
        assert_eq!(row(&state, "sessionid").value, "tampered");
        let state = link(state, "sessfun");
        let page = state.world().page("A").unwrap();
        assert_eq!(page.body.trim(), "view count=1", "a new session");
        let now = row(&state, "sessionid").value;
        assert!(now != "tampered" && now != original, "a new key was set: {now}");
        let entry = state.world().network().last().unwrap().clone();
        assert_eq!(entry.cookies_sent, [("sessionid".to_owned(), "tampered".to_owned())]);
        assert!(entry.set_cookies.iter().any(|(line, stored)| line.starts_with(&format!("sessionid={now};")) && stored.is_none()));
    }

    #[test]
    fn every_cell_edit_is_a_recorded_step() {
        let state = Rc::new(State::new()).reduce(Action::Navigate { browser: 0, url: "http://127.0.0.1:8000/session/cookie".into() });
        // Navigations are recorded steps too: count the edits' own.
        let before = state.world().recorded().len();
        let state = edit(state, "zap", Field::Value, "43");
        let state = edit(state, "zap", Field::Expires, "2019-09-29T23:18:25.000Z");
        let state = edit(state, "zap", Field::Secure, "true");
        let state = edit(state, "zap", Field::SameSite, "Strict");
        let state = edit(state, "zap", Field::HttpOnly, "true");
        let state = edit(state, "zap", Field::Name, "zip");
        let zip = row(&state, "zip");
        assert_eq!(
            (zip.value.as_str(), zip.expires.as_str(), zip.secure, zip.http_only, zip.same_site.as_str()),
            ("43", "2019-09-29T23:18:25.000Z", true, true, "Strict")
        );
        assert_eq!(zip.expiring_in, Some(30), "expires within the minute: greyed");
        assert_eq!(state.world().recorded().len() - before, 6);
        let state = state.reduce(Action::Perform(crate::clock::advance_step(30.0)));
        assert!(state.world().jar("A").iter().all(|c| c.name != "zip"), "gone at its expiry");
        let steps = model::clear_steps("A", &[row(&state, "sakaicar")]);
        let state = steps.into_iter().fold(state, |s, step| s.reduce(Action::Perform(step)));
        assert!(state.world().jar("A").is_empty());
        assert_eq!(state.world().now(), SimTime::LECTURE.plus_secs(30));
    }

    #[test]
    fn add_by_script_reports_the_outcome() {
        let state = Rc::new(State::new());
        let draft = model::Draft { name: "theme".into(), value: "dark".into(), domain: "127.0.0.1".into(), path: "/".into(), ..Default::default() };
        let state = match model::add_step("A", &draft).unwrap() {
            model::AddPlan::Script { step, .. } => {
                let state = state.reduce(Action::Perform(step));
                let stored = djsim::world::Applied::SetCookie(djsim::browser::SetCookieOutcome::Stored { replaced: false });
                assert_eq!(format!("{:?}", state.last_applied), format!("{:?}", Some(stored)));
                state
            }
            model::AddPlan::Step(step) => state.reduce(Action::Perform(step)),
        };
        assert_eq!(row(&state, "theme").value, "dark");
    }

    #[test]
    fn show_session_opens_the_database_tab() {
        let state = Rc::new(State::new()).reduce(Action::ShowSession("abc".into()));
        assert_eq!(state.selected_session.as_deref(), Some("abc"));
        assert_eq!(state.devtools, crate::state::DevtoolsTab::Database);
    }
}
