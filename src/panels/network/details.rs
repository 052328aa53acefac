//! The selected request's details, in tabs as Chrome's devtools have them: Headers
//! (General, Response Headers with every `Set-Cookie` line, Request Headers, and a Raw
//! view of both heads), Payload (for a request with a body or a query), Preview (the
//! page, rendered without scripts), Response (the body as text) and Cookies (sent and
//! not sent with the reasons; each `Set-Cookie` parsed, stored or rejected and why).

use std::sync::atomic::{AtomicUsize, Ordering};

use djsim::world::NetworkEntry;
use gloo::events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlIFrameElement, HtmlInputElement, KeyboardEvent, Node};
use yew::prelude::*;

use super::cookies::{cookie_pairs, expires_date, response_cookies, split_set_cookie};
use super::model::{header, remote_address, request_head, request_target, response_head};
use super::reasons::{not_sent, not_stored};
use crate::highlight::Value;
use crate::markup::{el, header_row, term};
use crate::panels::devtools_time;
use crate::tablist::on_tab_keydown;
use crate::use_playground;
use crate::viewport::page_document;

/// The details' tabs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DetailTab {
    Headers,
    Payload,
    Preview,
    Response,
    Cookies,
}

impl DetailTab {
    pub fn label(self) -> &'static str {
        match self {
            DetailTab::Headers => "Headers",
            DetailTab::Payload => "Payload",
            DetailTab::Preview => "Preview",
            DetailTab::Response => "Response",
            DetailTab::Cookies => "Cookies",
        }
    }

    fn key(self) -> &'static str {
        match self {
            DetailTab::Headers => "headers",
            DetailTab::Payload => "payload",
            DetailTab::Preview => "preview",
            DetailTab::Response => "response",
            DetailTab::Cookies => "cookies",
        }
    }

    /// The tabs a request has: Payload only when it sent a body or a query string.
    pub fn for_entry(entry: &NetworkEntry) -> Vec<DetailTab> {
        let payload = !entry.request_body.is_empty() || entry.url.contains('?');
        [DetailTab::Headers, DetailTab::Payload, DetailTab::Preview, DetailTab::Response, DetailTab::Cookies]
            .into_iter()
            .filter(|tab| *tab != DetailTab::Payload || payload)
            .collect()
    }
}

#[derive(Properties, PartialEq)]
pub struct RequestDetailsProps {
    /// The network entry's id.
    pub id: usize,
}

#[function_component(RequestDetails)]
pub fn request_details(props: &RequestDetailsProps) -> Html {
    let state = use_playground();
    let tab = use_state(|| DetailTab::Headers);
    let raw = use_state(|| false);
    let prefix = use_state(|| format!("netd{}", NEXT_DETAILS.fetch_add(1, Ordering::Relaxed)));
    let world = state.world();
    let Some(entry) = world.network().get(props.id) else { return html! {} };

    let tabs = DetailTab::for_entry(entry);
    // A tab this request lacks (Payload) falls back to Headers.
    let current = if tabs.contains(&tab) { *tab } else { DetailTab::Headers };
    let tab_id = |t: DetailTab| format!("{}-tab-{}", *prefix, t.key());
    let panel_id = format!("{}-panel", *prefix);
    let count = tabs.len();
    let buttons = tabs.iter().copied().enumerate().map(|(index, t)| {
        let selected = t == current;
        let onclick = {
            let tab = tab.clone();
            Callback::from(move |_: MouseEvent| tab.set(t))
        };
        let onkeydown = {
            let tab = tab.clone();
            let tabs = tabs.clone();
            Callback::from(move |event: KeyboardEvent| {
                if let Some(next) = on_tab_keydown(&event, index, count) {
                    tab.set(tabs[next]);
                }
            })
        };
        html! {
            <button
                type="button"
                role="tab"
                id={tab_id(t)}
                class={classes!("net-tab", selected.then_some("selected"))}
                aria-selected={selected.to_string()}
                aria-controls={selected.then(|| panel_id.clone())}
                tabindex={if selected { "0" } else { "-1" }}
                {onclick}
                {onkeydown}
            >
                { t.label() }
            </button>
        }
    });
    let on_raw = {
        let raw = raw.clone();
        Callback::from(move |event: Event| raw.set(event.target_unchecked_into::<HtmlInputElement>().checked()))
    };
    let body = match current {
        DetailTab::Headers => headers_tab(entry, *raw, on_raw),
        DetailTab::Payload => payload_tab(entry),
        DetailTab::Preview => html! { <Preview id={entry.id} /> },
        DetailTab::Response => response_tab(entry),
        DetailTab::Cookies => cookies_tab(entry),
    };

    html! {
        <section class="net-details" aria-label="Request details">
            <div class="net-tabs" role="tablist" aria-label="Request details">
                { for buttons }
            </div>
            <div class="net-tabpanel" role="tabpanel" id={panel_id.clone()} aria-labelledby={tab_id(current)} tabindex="0">
                { body }
            </div>
        </section>
    }
}

static NEXT_DETAILS: AtomicUsize = AtomicUsize::new(0);

fn headers_tab(entry: &NetworkEntry, raw: bool, on_raw: Callback<Event>) -> Html {
    let general = html! {
        <dl class="net-headers" aria-label="General">
            { term("Request URL", Some("mono"), &entry.url) }
            { term("Request Method", Some("mono"), &entry.method) }
            <dt>{ "Status Code" }</dt>
            <dd class={classes!("mono", (entry.status >= 400).then_some("error"))}>
                { format!("{} {}", entry.status, entry.reason) }
                if entry.incomplete {
                    <span class="note">{ " \u{2014} runserver could not finish sending this response (see the Console)" }</span>
                }
            </dd>
            { term("Remote Address", Some("mono"), &remote_address(&entry.url)) }
            if let Some(initiator) = &entry.initiator {
                { term("Initiator", Some("mono"), initiator) }
            }
            { term("Browser", None, &format!("Browser {}", entry.browser)) }
        </dl>
    };
    let response = if raw {
        html! { <pre class="net-raw-head mono" aria-label="Raw response headers">{ response_head(entry) }</pre> }
    } else {
        let mut set_cookies = entry.set_cookies.iter();
        let rows = entry.response_headers.iter().map(|(name, value)| {
            if !name.eq_ignore_ascii_case("set-cookie") {
                return term(name, Some("mono"), value);
            }
            // The n-th Set-Cookie header is the n-th of `set_cookies`.
            let rejected = set_cookies.next().and_then(|(_, reason)| reason.clone());
            let (cookie_name, cookie_value, rest) = split_set_cookie(value);
            html! {
                <>
                    <dt>{ name }</dt>
                    <dd class={classes!("mono", rejected.is_some().then_some("rejected"))} data-set-cookie={cookie_name.to_owned()}>
                        if value.contains('=') {
                            { cookie_name }{ "=" }<Value text={cookie_value.to_owned()} />{ rest }
                        } else {
                            { value }
                        }
                        if let Some(reason) = rejected {
                            <span class="note" title={not_stored(&reason)}>{ format!(" \u{26a0} not stored: {reason}") }</span>
                        }
                    </dd>
                </>
            }
        });
        html! { <dl class="net-headers" aria-label="Response headers">{ for rows }</dl> }
    };
    let request = if raw {
        html! { <pre class="net-raw-head mono" aria-label="Raw request headers">{ request_head(entry) }</pre> }
    } else {
        let rows = entry.request_headers.iter().map(|(name, value)| {
            if !name.eq_ignore_ascii_case("cookie") {
                return term(name, Some("mono"), value);
            }
            let pairs = cookie_pairs(value);
            let last = pairs.len().saturating_sub(1);
            let pairs = pairs.into_iter().enumerate().map(|(i, (name, value))| {
                html! {
                    <>
                        if !name.is_empty() { { name }{ "=" } }
                        <Value text={value.to_owned()} />
                        if i < last { { "; " } }
                    </>
                }
            });
            html! { <><dt data-header="cookie">{ name }</dt><dd class="mono" data-header="cookie">{ for pairs }</dd></> }
        });
        html! { <dl class="net-headers" aria-label="Request headers">{ for rows }</dl> }
    };
    html! {
        <div class="net-headers-tab">
            <div class="net-section-bar">
                { el("h4", None, "General") }
                <label class="net-check net-raw-toggle" title="Show the heads as they went over the wire">
                    <input type="checkbox" role="switch" checked={raw} onchange={on_raw} />
                    { "Raw" }
                </label>
            </div>
            { general }
            { el("h4", None, &format!("Response Headers ({})", entry.response_headers.len())) }
            { response }
            { el("h4", None, &format!("Request Headers ({})", entry.request_headers.len())) }
            { request }
        </div>
    }
}

fn payload_tab(entry: &NetworkEntry) -> Html {
    let target = request_target(&entry.url);
    let query = target.split_once('?').map(|(_, query)| query);
    let pairs = |text: &str| {
        text.split('&')
            .filter(|pair| !pair.is_empty())
            .map(|pair| {
                let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
                html! { <><dt class="mono">{ name.to_owned() }</dt><dd class="mono">{ value.to_owned() }</dd></> }
            })
            .collect::<Html>()
    };
    let form = header(&entry.request_headers, "content-type")
        .is_some_and(|mime| mime.to_ascii_lowercase().starts_with("application/x-www-form-urlencoded"));
    html! {
        <div class="net-payload">
            if let Some(query) = query {
                { el("h4", None, "Query String Parameters") }
                <dl class="net-headers" aria-label="Query string parameters">{ pairs(query) }</dl>
            }
            if !entry.request_body.is_empty() {
                if form {
                    { el("h4", None, "Form Data") }
                    <dl class="net-headers" aria-label="Form data">{ pairs(&entry.request_body) }</dl>
                }
                { el("h4", None, "Request body") }
                <pre class="body" aria-label="Request body">{ &entry.request_body }</pre>
            }
        </div>
    }
}

fn response_tab(entry: &NetworkEntry) -> Html {
    if entry.response_body.is_empty() {
        return el("p", Some("empty"), "This response has no body.");
    }
    html! { <pre class="body net-body" aria-label="Response body">{ &entry.response_body }</pre> }
}

fn cookies_tab(entry: &NetworkEntry) -> Html {
    let sent = entry.cookies_sent.iter().map(|(name, value)| {
        html! {
            <tr data-sent-cookie={name.clone()}>
                <td class="mono">{ name }</td>
                <td class="mono net-value"><Value text={value.clone()} /></td>
                <td class="net-sent net-status-cell">{ "sent" }</td>
            </tr>
        }
    });
    let blocked = entry.cookies_blocked.iter().map(|(name, value, reasons)| {
        let reasons = reasons.iter().map(|reason| {
            html! { <li><code>{ reason }</code>{ " \u{2014} " }{ not_sent(reason) }</li> }
        });
        html! {
            <tr class="blocked" data-blocked-cookie={name.clone()}>
                <td class="mono">{ name }</td>
                <td class="mono net-value"><Value text={value.clone()} /></td>
                <td class="net-status-cell">{ "not sent" }<ul class="net-reasons">{ for reasons }</ul></td>
            </tr>
        }
    });
    let set = response_cookies(entry).into_iter().map(|cookie| {
        let status = match cookie.rejected {
            None => html! { <td class="net-sent net-status-cell">{ "stored" }</td> },
            Some(reason) => html! {
                <td class="net-status-cell">{ "not stored" }<ul class="net-reasons"><li><code>{ reason }</code>{ " \u{2014} " }{ not_stored(reason) }</li></ul></td>
            },
        };
        let class = classes!(cookie.rejected.is_some().then_some("blocked"));
        match &cookie.parsed {
            Ok(parsed) => {
                let expires = expires_date(parsed, entry.at).map_or_else(|| "Session".to_owned(), devtools_time);
                let flag = |on: bool| if on { "\u{2713}" } else { "" };
                html! {
                    <tr {class}>
                        { el("td", Some("mono"), &parsed.name) }
                        <td class="mono net-value"><Value text={parsed.value.clone()} /></td>
                        { el("td", Some("mono"), parsed.domain.as_deref().unwrap_or_default()) }
                        { el("td", Some("mono"), parsed.path.as_deref().unwrap_or_default()) }
                        { el("td", Some("mono"), &expires) }
                        { el("td", Some("flag"), flag(parsed.http_only)) }
                        { el("td", Some("flag"), flag(parsed.secure)) }
                        { el("td", Some("mono"), parsed.same_site.map(|s| s.as_str()).unwrap_or("")) }
                        { status }
                    </tr>
                }
            }
            Err(_) => html! {
                <tr {class}>
                    <td class="mono" colspan="8">{ cookie.line }</td>
                    { status }
                </tr>
            },
        }
    });
    let has_request = !entry.cookies_sent.is_empty() || !entry.cookies_blocked.is_empty();
    html! {
        <div class="net-cookies">
            { el("h4", None, "Request Cookies") }
            if has_request {
                <div class="net-table-wrap">
                    <table class="grid" aria-label="Request cookies">
                        <thead>{ header_row(&["Name", "Value", "Status"]) }</thead>
                        <tbody>{ for sent }{ for blocked }</tbody>
                    </table>
                </div>
            } else {
                { el("p", Some("empty"), "This request sent no cookies, and the jar held none for this host.") }
            }
            { el("h4", None, "Response Cookies") }
            if entry.set_cookies.is_empty() {
                { el("p", Some("empty"), "The response set no cookies.") }
            } else {
                <div class="net-table-wrap">
                    <table class="grid" aria-label="Response cookies">
                        <thead>
                            { header_row(&["Name", "Value", "Domain", "Path", "Expires / Max-Age", "HttpOnly", "Secure",
                                "SameSite", "Status"]) }
                        </thead>
                        <tbody>{ for set }</tbody>
                    </table>
                </div>
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct PreviewProps {
    id: usize,
}

/// The response rendered as a page, in an iframe whose `sandbox` allows no scripts;
/// links in it do nothing (the page's own links are followed in the browser above).
#[function_component(Preview)]
fn preview(props: &PreviewProps) -> Html {
    let state = use_playground();
    let listener = use_mut_ref(|| None::<EventListener>);
    let world = state.world();
    let Some(entry) = world.network().get(props.id) else { return html! {} };
    let content_type = header(&entry.response_headers, "content-type").unwrap_or("");
    let srcdoc = page_document(content_type, &entry.response_body);
    let onload = Callback::from(move |event: Event| {
        let frame: HtmlIFrameElement = event.target_unchecked_into();
        let Some(document) = frame.content_document() else { return };
        let inert = EventListener::new_with_options(&document, "click", EventListenerOptions::enable_prevent_default(), |event| {
            // The event comes from the iframe's realm: check the node type, cast unchecked.
            let Some(target) = event.target() else { return };
            let node: Node = target.unchecked_into();
            let element: Option<Element> =
                if node.node_type() == Node::ELEMENT_NODE { Some(node.unchecked_into()) } else { node.parent_element() };
            if element.and_then(|e| e.closest("a[href]").ok().flatten()).is_some() {
                event.prevent_default();
            }
        });
        *listener.borrow_mut() = Some(inert);
    });
    html! {
        <iframe
            class="net-preview"
            title="Preview of the response"
            sandbox="allow-same-origin"
            referrerpolicy="no-referrer"
            {srcdoc}
            {onload}
        />
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::panels::network::model::tests::entry;

    #[test]
    fn payload_only_with_a_body_or_query() {
        let labels = |e: &NetworkEntry| DetailTab::for_entry(e).iter().map(|t| t.label()).collect::<Vec<_>>().join(" ");
        let mut e = entry(0, "A", "http://127.0.0.1:8000/session/");
        assert_eq!(labels(&e), "Headers Preview Response Cookies");
        e.url.push_str("?x=1");
        assert_eq!(labels(&e), "Headers Payload Preview Response Cookies");
        e.url = "http://127.0.0.1:8000/session/login".into();
        e.request_body = "a=1".into();
        assert_eq!(labels(&e), "Headers Payload Preview Response Cookies");
    }
}
