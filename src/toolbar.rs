//! The page's toolbar: the lesson picker, Share (a link that reproduces the playground),
//! Export and Import (the `djsim` scenario file) and Reset.

use gloo::events::EventListener;
use web_sys::{HtmlElement, HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::lessons;
use crate::persist;
use crate::state::{Action, Notice};
use crate::use_playground;

/// What the confirmation box asks.
#[derive(Clone, PartialEq)]
struct Confirm {
    question: String,
    ok_label: &'static str,
    action: Action,
}

#[function_component(Toolbar)]
pub fn toolbar() -> Html {
    let state = use_playground();
    // The picker's choices, built once (not at every render of the page).
    let choices = use_memo((), |_| lessons::all().into_iter().map(|lesson| (lesson.id, lesson.title, lesson.summary)).collect::<Vec<_>>());
    let confirm = use_state(|| None::<Confirm>);
    let share = use_state(|| None::<String>);
    let copied = use_state(|| false);
    let ok_button = use_node_ref();
    let share_field = use_node_ref();
    {
        // The confirmation's default button and the share link take the focus when shown.
        let ok_button = ok_button.clone();
        use_effect_with(confirm.is_some(), move |shown| {
            if *shown {
                if let Some(button) = ok_button.cast::<HtmlElement>() {
                    let _ = button.focus();
                }
            }
        });
        let share_field = share_field.clone();
        use_effect_with(share.is_some(), move |shown| {
            if *shown {
                if let Some(field) = share_field.cast::<HtmlInputElement>() {
                    let _ = field.focus();
                    field.select();
                }
            }
        });
    }
    // Changes made by hand (beyond the start page) would be lost by a lesson or a reset.
    let has_work = state.lesson.is_none() && state.world().recorded().len() > 1;

    let on_lesson = {
        let state = state.clone();
        let confirm = confirm.clone();
        Callback::from(move |event: Event| {
            let select: HtmlSelectElement = event.target_unchecked_into();
            let id = select.value();
            select.set_value("");
            let Some(lesson) = lessons::find(&id) else { return };
            let action = Action::StartLesson(id);
            if has_work {
                confirm.set(Some(Confirm {
                    question: format!("Start the lesson \u{201c}{}\u{201d}? It replaces this playground (Export it first to keep it).", lesson.title),
                    ok_label: "Start lesson",
                    action,
                }));
            } else {
                state.dispatch(action);
            }
        })
    };
    let on_share = {
        let state = state.clone();
        let share = share.clone();
        let copied = copied.clone();
        Callback::from(move |_: MouseEvent| {
            copied.set(false);
            share.set(if share.is_some() { None } else { Some(persist::share_url(&state)) });
        })
    };
    let on_copy = {
        let share = share.clone();
        let copied = copied.clone();
        Callback::from(move |_: MouseEvent| {
            if let (Some(url), Some(window)) = (share.as_ref(), web_sys::window()) {
                let _ = window.navigator().clipboard().write_text(url);
                copied.set(true);
            }
        })
    };
    let on_close_share = {
        let share = share.clone();
        Callback::from(move |_: MouseEvent| share.set(None))
    };
    let on_export = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| {
            let scenario = state.world().to_scenario();
            let text = serde_json::to_string_pretty(&scenario).unwrap_or_else(|_| scenario.to_string());
            download("playground-scenario.json", &format!("{text}\n"));
        })
    };
    let on_import = {
        let state = state.clone();
        Callback::from(move |event: Event| {
            let input: HtmlInputElement = event.target_unchecked_into();
            let Some(file) = input.files().and_then(|files| files.get(0)) else { return };
            input.set_value("");
            let Ok(reader) = web_sys::FileReader::new() else { return };
            let name = file.name();
            let state = state.clone();
            let loaded = reader.clone();
            EventListener::once(&reader, "load", move |_| {
                let text = loaded.result().ok().and_then(|r| r.as_string()).unwrap_or_default();
                match serde_json::from_str(&text) {
                    Ok(scenario) => state.dispatch(Action::Import(scenario)),
                    Err(e) => state.dispatch(Action::Notify(Notice {
                        text: format!("{name} could not be imported: it is not valid JSON ({e}). Nothing changed."),
                        kept: None,
                    })),
                }
            })
            .forget();
            let _ = reader.read_as_text(&file);
        })
    };
    let on_reset = {
        let confirm = confirm.clone();
        Callback::from(move |_: MouseEvent| {
            confirm.set(Some(Confirm {
                question: "Start fresh? Everything done in this playground is discarded (Export it first to keep it).".into(),
                ok_label: "Reset",
                action: Action::Reset,
            }))
        })
    };

    let dialog = (*confirm).clone().map(|c| {
        let on_ok = {
            let state = state.clone();
            let confirm = confirm.clone();
            let action = c.action.clone();
            Callback::from(move |_: MouseEvent| {
                confirm.set(None);
                state.dispatch(action.clone());
            })
        };
        let on_cancel = {
            let confirm = confirm.clone();
            Callback::from(move |_: MouseEvent| confirm.set(None))
        };
        let on_key = {
            let confirm = confirm.clone();
            Callback::from(move |event: KeyboardEvent| {
                if event.key() == "Escape" {
                    confirm.set(None);
                }
            })
        };
        html! {
            <div class="popover confirm" role="alertdialog" aria-label="Confirm" aria-describedby="confirm-question" onkeydown={on_key}>
                <p id="confirm-question">{ c.question }</p>
                <button type="button" class="primary" ref={ok_button.clone()} onclick={on_ok}>{ c.ok_label }</button>
                <button type="button" onclick={on_cancel}>{ "Cancel" }</button>
            </div>
        }
    });
    let share_box = (*share).clone().map(|url| {
        let on_key = {
            let share = share.clone();
            Callback::from(move |event: KeyboardEvent| {
                if event.key() == "Escape" {
                    share.set(None);
                }
            })
        };
        html! {
            <div class="popover share" role="dialog" aria-label="Share" onkeydown={on_key}>
                <p>{ "This link opens the playground as it is now, on any machine:" }</p>
                <input ref={share_field.clone()} type="text" readonly=true aria-label="Share link" value={url} />
                <button type="button" class="primary" onclick={on_copy}>{ if *copied { "Copied" } else { "Copy link" } }</button>
                <button type="button" onclick={on_close_share}>{ "Close" }</button>
            </div>
        }
    });

    html! {
        <div class="toolbar" role="toolbar" aria-label="Playground">
            <select class="lesson-picker" aria-label="Lessons" onchange={on_lesson}>
                <option value="" selected=true>{ "Lessons\u{2026}" }</option>
                { for choices.iter().map(|&(id, title, summary)| html! {
                    <option value={id} title={summary}>{ title }</option>
                }) }
            </select>
            <button type="button" aria-expanded={share.is_some().to_string()} title="A link that reproduces this playground" onclick={on_share}>{ "Share" }</button>
            <button type="button" aria-label="Export scenario" title="Download this playground as a djsim scenario file" onclick={on_export}>{ "Export" }</button>
            <label class="button file-button" title="Open a djsim scenario file">
                { "Import" }
                <input type="file" class="visually-hidden" accept=".json,application/json" aria-label="Import scenario" onchange={on_import} />
            </label>
            <button type="button" aria-label="Reset playground" title="Start afresh" onclick={on_reset}>{ "Reset" }</button>
            { for dialog }
            { for share_box }
        </div>
    }
}

/// Offers `text` for download as `filename` (a JSON file; a failure leaves the page as it was).
pub fn download(filename: &str, text: &str) {
    let _ = crate::download::download_text(text, filename, "application/json");
}
