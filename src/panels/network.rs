//! Network: every request the browsers made, as browser devtools list them (Status,
//! Method, Domain, File, Type, Cookies, Set-Cookies, Size, Time, Browser), with a URL
//! filter, Clear, Persist Logs, Export HAR and a status bar; and the selected request's
//! details (Headers with every `Set-Cookie` line and a Raw view, Payload, Preview,
//! Response, Cookies with the browser's reasons).
//!
//! Codemap: [`model`] derives the rows and the visible list (pure); [`list`] renders
//! only the rows on screen; [`details`] is the tabs; [`cookies`] and [`reasons`] say
//! what became of each cookie and why; [`har`] is the HAR 1.2 export.
//!
//! Filter text, Clear and Persist Logs are this panel's own state (the World keeps
//! every request; nothing here changes it).

mod cookies;
mod details;
pub mod har;
mod list;
pub mod model;
mod reasons;

use std::rc::Rc;

use web_sys::HtmlInputElement;
use yew::prelude::*;

use self::details::RequestDetails;
use self::list::RequestList;
use self::model::{log_version, transferred, visible, ListFilter, Summary};
use crate::state::{Action, PanelFilters};
use crate::use_playground;

#[function_component(NetworkPanel)]
pub fn network_panel() -> Html {
    let state = use_playground();
    // Kept in the root state, so that switching tabs keeps them. Devtools start with
    // Persist Logs off; the playground keeps the history on, since comparing the first
    // and the second request is the lesson.
    let kept = state.filters.clone();
    let world = state.world();
    let entries = world.network();
    let filter = ListFilter {
        text: kept.network.clone(),
        persist: kept.network_persist,
        // The World's log was emptied since "Clear": nothing of it is hidden any more.
        cleared_before: if kept.network_cleared_before > entries.len() { 0 } else { kept.network_cleared_before },
    };

    // Derived once per change of the log or the filter, not on every selection or hover.
    let version = log_version(entries);
    let shown = use_memo((version, filter.clone()), |(_, filter)| visible(entries, filter));
    let sizes = use_mut_ref(SizeCache::default);
    let status = use_memo((version, filter.clone()), |_| {
        let mut sizes = sizes.borrow_mut();
        sizes.update(entries);
        Summary::from_sizes(&sizes.sizes, &shown).text()
    });
    let selected = state.selected_request.filter(|&id| entries.get(id).is_some_and(|e| e.id == id));
    let empty = if entries.len() <= filter.cleared_before {
        "No requests yet: click a link in the page above."
    } else {
        "No requests match."
    };

    let on_select = {
        let dispatcher = state.dispatcher();
        Callback::from(move |id: usize| dispatcher.dispatch(Action::SelectRequest(Some(id))))
    };
    let on_clear = {
        let (dispatcher, kept) = (state.dispatcher(), kept.clone());
        let len = entries.len();
        Callback::from(move |_: MouseEvent| {
            dispatcher.dispatch(Action::Filters(PanelFilters { network_cleared_before: len, ..kept.clone() }));
            dispatcher.dispatch(Action::SelectRequest(None));
        })
    };
    let on_filter = {
        let (dispatcher, kept) = (state.dispatcher(), kept.clone());
        Callback::from(move |event: InputEvent| {
            let network = event.target_unchecked_into::<HtmlInputElement>().value();
            dispatcher.dispatch(Action::Filters(PanelFilters { network, ..kept.clone() }));
        })
    };
    let on_persist = {
        let (dispatcher, kept) = (state.dispatcher(), kept.clone());
        Callback::from(move |event: Event| {
            let network_persist = event.target_unchecked_into::<HtmlInputElement>().checked();
            dispatcher.dispatch(Action::Filters(PanelFilters { network_persist, ..kept.clone() }));
        })
    };
    let on_export = {
        let state = state.clone();
        let shown = Rc::clone(&shown);
        Callback::from(move |_: MouseEvent| {
            let world = state.world();
            let log = har::har_of(&world, shown.iter().filter_map(|&i| world.network().get(i)));
            let text = serde_json::to_string_pretty(&log).unwrap_or_default();
            download(har::FILE_NAME, "application/json", &text);
        })
    };

    html! {
        <div class={classes!("network-panel", selected.is_some().then_some("with-details"))}>
            <div class="net-main">
                <div class="net-toolbar">
                    <button type="button" class="net-button" title="Clear the list" onclick={on_clear}>{ "Clear" }</button>
                    <input
                        type="text"
                        class="net-filter"
                        aria-label="Filter URLs"
                        placeholder="Filter URLs"
                        spellcheck="false"
                        value={kept.network.clone()}
                        oninput={on_filter}
                    />
                    <label class="net-check" title="Keep the requests of earlier pages when a browser navigates">
                        <input type="checkbox" checked={kept.network_persist} onchange={on_persist} />
                        { "Persist Logs" }
                    </label>
                    <button type="button" class="net-button" title="Download the listed requests as a HAR file" onclick={on_export}>
                        { "Export HAR" }
                    </button>
                </div>
                <RequestList shown={Rc::clone(&shown)} {selected} {on_select} empty={empty} />
                <div class="net-status" role="status">{ (*status).clone() }</div>
            </div>
            if let Some(id) = selected {
                <RequestDetails {id} />
            }
        </div>
    }
}

/// Each request's transferred size, kept across renders and extended as requests come
/// (the log only grows; a log that changed otherwise is measured again).
#[derive(Default)]
struct SizeCache {
    sizes: Vec<usize>,
    /// [`log_version`] of the entries measured.
    measured: (usize, Option<(djsim::time::SimTime, usize, usize)>),
}

impl SizeCache {
    fn update(&mut self, entries: &[djsim::world::NetworkEntry]) {
        let known = self.sizes.len();
        let grown = known <= entries.len() && log_version(&entries[..known]) == self.measured;
        if !grown {
            self.sizes.clear();
        }
        let from = self.sizes.len();
        self.sizes.extend(entries[from..].iter().map(transferred));
        self.measured = log_version(entries);
    }
}

/// Saves `text` as a file named `name` ([`crate::download`]); a failure is logged.
fn download(name: &str, mime: &str, text: &str) {
    if let Err(error) = crate::download::download_text(text, name, mime) {
        web_sys::console::error_2(&"Export HAR failed:".into(), &error.into());
    }
}

#[cfg(test)]
mod tests {
    use super::model::tests::entry;
    use super::*;

    #[test]
    fn sizes_follow_the_log() {
        let mut cache = SizeCache::default();
        let mut log = vec![entry(0, "A", "http://h/a"), entry(1, "A", "http://h/bb")];
        cache.update(&log);
        assert_eq!(cache.sizes, log.iter().map(transferred).collect::<Vec<_>>());
        log.push(entry(2, "A", "http://h/c"));
        log[2].response_body = "longer body".into();
        cache.update(&log);
        assert_eq!(cache.sizes, log.iter().map(transferred).collect::<Vec<_>>());
        // The World's log emptied and refilled: measured again, not extended.
        let other = vec![entry(0, "B", "http://h/other"), entry(1, "B", "http://h/x")];
        let mut other = other;
        other[1].response_body = "a different body".into();
        cache.update(&other);
        assert_eq!(cache.sizes, other.iter().map(transferred).collect::<Vec<_>>());
        cache.update(&[]);
        assert!(cache.sizes.is_empty());
    }
}
