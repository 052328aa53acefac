//! Network: every request the browsers made, oldest first (status, method, domain,
//! file), and the selected one's headers — each `Set-Cookie` line on its own, with
//! the reason when the browser rejected it — and the cookies it carried.

use djsim::world::NetworkEntry;
use yew::prelude::*;

use super::domain_and_file;
use crate::state::Action;
use crate::use_playground;

#[function_component(NetworkPanel)]
pub fn network_panel() -> Html {
    let state = use_playground();
    let world = state.world();
    let entries = world.network();
    let selected = state.selected_request.and_then(|id| entries.iter().find(|entry| entry.id == id));

    let rows = entries.iter().map(|entry| {
        let (domain, file) = domain_and_file(&entry.url);
        let is_selected = selected.is_some_and(|s| s.id == entry.id);
        let onclick = {
            let state = state.clone();
            let id = entry.id;
            Callback::from(move |_: MouseEvent| state.dispatch(Action::SelectRequest(Some(id))))
        };
        html! {
            <tr class={classes!(is_selected.then_some("selected"), (entry.status >= 400).then_some("error"))}>
                <td class="name">
                    <button type="button" class="row-select" aria-pressed={is_selected.to_string()} title={entry.url.clone()} {onclick}>
                        { file }
                    </button>
                </td>
                <td class="mono">{ entry.status }</td>
                <td class="mono">{ &entry.method }</td>
                <td class="mono">{ domain }</td>
                <td>{ &entry.browser }</td>
            </tr>
        }
    });

    html! {
        <div class="network-panel">
            if entries.is_empty() {
                <p class="empty">{ "No requests yet." }</p>
            } else {
                <table class="grid network-requests" aria-label="Requests">
                    <thead>
                        <tr><th>{ "Name" }</th><th>{ "Status" }</th><th>{ "Method" }</th><th>{ "Domain" }</th><th>{ "Browser" }</th></tr>
                    </thead>
                    <tbody>{ for rows }</tbody>
                </table>
            }
            if let Some(entry) = selected {
                { details(entry) }
            }
        </div>
    }
}

fn details(entry: &NetworkEntry) -> Html {
    let mut set_cookies = entry.set_cookies.iter();
    let response_headers = entry.response_headers.iter().map(|(name, value)| {
        // The n-th Set-Cookie header is the n-th of `set_cookies`.
        let rejected = if name.eq_ignore_ascii_case("set-cookie") { set_cookies.next().and_then(|(_, reason)| reason.clone()) } else { None };
        html! {
            <>
                <dt>{ name }</dt>
                <dd class={classes!("mono", rejected.is_some().then_some("rejected"))}>
                    { value }
                    if let Some(reason) = rejected {
                        <span class="note">{ format!(" \u{26a0} {reason}") }</span>
                    }
                </dd>
            </>
        }
    });
    let request_headers = entry.request_headers.iter().map(|(name, value)| {
        html! { <><dt>{ name }</dt><dd class="mono">{ value }</dd></> }
    });
    let sent = entry.cookies_sent.iter().map(|(name, value)| {
        html! { <tr><td class="mono">{ name }</td><td class="mono">{ value }</td><td>{ "sent" }</td></tr> }
    });
    let blocked = entry.cookies_blocked.iter().map(|(name, value, reasons)| {
        html! { <tr class="blocked"><td class="mono">{ name }</td><td class="mono">{ value }</td><td>{ reasons.join("; ") }</td></tr> }
    });
    let has_cookies = !entry.cookies_sent.is_empty() || !entry.cookies_blocked.is_empty();

    html! {
        <section class="request-details" aria-label="Request details">
            <h3>{ "General" }</h3>
            <dl class="headers">
                <dt>{ "Request URL" }</dt><dd class="mono">{ &entry.url }</dd>
                <dt>{ "Request Method" }</dt><dd class="mono">{ &entry.method }</dd>
                <dt>{ "Status Code" }</dt><dd class="mono">{ format!("{} {}", entry.status, entry.reason) }</dd>
            </dl>
            <h3>{ "Response Headers" }</h3>
            <dl class="headers" aria-label="Response headers">{ for response_headers }</dl>
            <h3>{ "Request Headers" }</h3>
            <dl class="headers" aria-label="Request headers">{ for request_headers }</dl>
            if has_cookies {
                <h3>{ "Request Cookies" }</h3>
                <table class="grid" aria-label="Request cookies">
                    <thead><tr><th>{ "Name" }</th><th>{ "Value" }</th><th>{ "" }</th></tr></thead>
                    <tbody>{ for sent }{ for blocked }</tbody>
                </table>
            }
            if !entry.request_body.is_empty() {
                <h3>{ "Payload" }</h3>
                <pre class="body">{ &entry.request_body }</pre>
            }
            <h3>{ "Response" }</h3>
            <pre class="body">{ &entry.response_body }</pre>
        </section>
    }
}
