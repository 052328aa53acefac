//! The browser's viewport: the simulated page in a sandboxed `<iframe srcdoc>`.
//!
//! Architecture invariant: no script of a simulated page ever runs, and nothing a page
//! holds reaches the real network. The iframe's `sandbox` has `allow-same-origin` but
//! not `allow-scripts` (nor `allow-forms`), so scripts and event handler attributes
//! never run while this page can still read the iframe's document and listen to it; and
//! every document starts with a Content-Security-Policy that lets it load nothing (an
//! `<img src="https://samples.dj4e.com/…">` is the World's business, not the network's).
//!
//! A click on a link becomes [`Action::FollowLink`]; a form submitted (a click on a
//! submit button, Enter in a field) becomes [`Action::SubmitForm`]: simulated requests.
//! The iframe itself never navigates.

use gloo::events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlIFrameElement, HtmlInputElement, HtmlOptionElement, HtmlTextAreaElement, KeyboardEvent, Node};
use yew::prelude::*;

use crate::state::{Action, Shown};
use crate::use_playground;

#[derive(Properties, PartialEq)]
pub struct ViewportProps {
    /// Index of the browser whose page this shows.
    pub browser: usize,
}

/// The policy every simulated document starts with: load nothing, run nothing, submit
/// nowhere; inline styles only (Django's error pages carry theirs).
pub const PAGE_POLICY: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'; base-uri 'none'";

#[function_component(Viewport)]
pub fn viewport(props: &ViewportProps) -> Html {
    let state = use_playground();
    let browser = props.browser;
    let Some(tab) = state.browsers.get(browser) else { return html! {} };
    // The listeners on the iframe's current document; replaced on every load.
    let listeners = use_mut_ref(Vec::<EventListener>::new);

    let onload = {
        let dispatcher = state.dispatcher();
        let listeners = listeners.clone();
        Callback::from(move |event: Event| {
            crate::startup::mark(crate::startup::PAGE_LOADED);
            let iframe: HtmlIFrameElement = event.target_unchecked_into();
            let Some(document) = iframe.content_document() else { return };
            let options = EventListenerOptions::enable_prevent_default();
            let on_click = {
                let dispatcher = dispatcher.clone();
                EventListener::new_with_options(&document, "click", options, move |event| {
                    if let Some(href) = clicked_link(event) {
                        event.prevent_default();
                        dispatcher.dispatch(Action::FollowLink { browser, href });
                    } else if let Some((form, submitter)) = clicked_submit(event) {
                        event.prevent_default();
                        dispatcher.dispatch(submission(browser, &form, Some(&submitter)));
                    }
                })
            };
            let on_key = {
                let dispatcher = dispatcher.clone();
                EventListener::new_with_options(&document, "keydown", options, move |event| {
                    if let Some((form, submitter)) = implicit_submission(event) {
                        event.prevent_default();
                        dispatcher.dispatch(submission(browser, &form, submitter.as_ref()));
                    }
                })
            };
            // The sandbox blocks submission before `submit` fires; this is for the day it
            // does not (`allow-forms`): the iframe must still never navigate.
            let on_submit = {
                let dispatcher = dispatcher.clone();
                EventListener::new_with_options(&document, "submit", options, move |event| {
                    event.prevent_default();
                    let Some(form) = event.target().map(|t| t.unchecked_into::<Element>()) else { return };
                    let submitter = event.unchecked_ref::<web_sys::SubmitEvent>().submitter();
                    dispatcher.dispatch(submission(browser, &form, submitter.as_ref().map(|s| s.unchecked_ref::<Element>())));
                })
            };
            *listeners.borrow_mut() = vec![on_click, on_key, on_submit];
        })
    };

    let document = match state.shown(browser) {
        Shown::Page(page) => page_document(&page.content_type, &page.body),
        Shown::Error(message) => error_document(&message),
        Shown::Blank if tab.private => notice_document(
            "Private window",
            &format!("Its cookie jar is its own, and closing the window forgets every cookie in it. Type an address above, e.g. {}", state.world().django_url("/session/")),
        ),
        Shown::Blank => notice_document("New browser window", &format!("Its cookie jar is empty. Type an address above, e.g. {}", state.world().django_url("/session/"))),
        Shown::Closed => notice_document(
            &format!("{} was closed", tab.title()),
            "Closing a browser ends its session: its session cookies are gone, cookies with an expiry date stay. Type an address above to open it again.",
        ),
    };
    html! {
        <div class="viewport">
            <iframe
                class="viewport-frame"
                title={format!("Page shown in {}", tab.title())}
                sandbox="allow-same-origin"
                referrerpolicy="no-referrer"
                srcdoc={sandboxed(&document)}
                {onload}
            />
        </div>
    }
}

/// The element an event from the iframe landed on (the element itself, or a text
/// node's parent).
///
/// The event comes from the iframe's realm, where `instanceof Element` of this realm is
/// false: nodes are checked by `nodeType` and cast unchecked.
fn event_element(event: &Event) -> Option<Element> {
    let node: Node = event.target()?.unchecked_into();
    if node.node_type() == Node::ELEMENT_NODE { Some(node.unchecked_into()) } else { node.parent_element() }
}

/// The `href` attribute, as written, of the link a click landed on (if it did).
fn clicked_link(event: &Event) -> Option<String> {
    let link = event_element(event)?.closest("a[href]").ok()??;
    let href = link.get_attribute("href")?;
    let scheme = href.trim_start().get(..11).unwrap_or("").to_ascii_lowercase();
    (!scheme.starts_with("javascript:")).then_some(href)
}

/// The form and the submit button a click landed on (if it did).
fn clicked_submit(event: &Event) -> Option<(Element, Element)> {
    let button = event_element(event)?.closest("button, input").ok()??;
    if !is_submit_button(&button) || is_disabled(&button) {
        return None;
    }
    Some((button.closest("form").ok()??, button))
}

/// Enter in a form's text field: HTML's implicit submission ("if the form has a submit
/// button, the user agent must fire a click at the default button"; with none, it
/// submits when the form has no more than one field that blocks implicit submission).
fn implicit_submission(event: &Event) -> Option<(Element, Option<Element>)> {
    if event.unchecked_ref::<KeyboardEvent>().key() != "Enter" {
        return None;
    }
    let field = event_element(event)?;
    if !field.tag_name().eq_ignore_ascii_case("input") || is_submit_button(&field) {
        return None;
    }
    let kind = field.get_attribute("type").unwrap_or_default().to_ascii_lowercase();
    if matches!(kind.as_str(), "checkbox" | "radio" | "button" | "reset" | "file" | "hidden" | "range" | "color") {
        return None;
    }
    let form = field.closest("form").ok()??;
    let buttons = elements(&form, "button, input");
    if let Some(default) = buttons.iter().find(|b| is_submit_button(b)) {
        return (!is_disabled(default)).then(|| (form.clone(), Some(default.clone())));
    }
    let blocking = elements(&form, "input")
        .iter()
        .filter(|input| {
            let kind = input.get_attribute("type").unwrap_or_default().to_ascii_lowercase();
            !matches!(kind.as_str(), "checkbox" | "radio" | "button" | "reset" | "file" | "hidden" | "image" | "submit" | "range" | "color")
        })
        .count();
    (blocking <= 1).then_some((form, None))
}

/// `<button>` (type submit, the default) or `<input type=submit|image>`.
fn is_submit_button(element: &Element) -> bool {
    let kind = element.get_attribute("type").unwrap_or_default().to_ascii_lowercase();
    match element.tag_name().to_ascii_lowercase().as_str() {
        // "The missing value default and invalid value default are the Submit Button state."
        "button" => !matches!(kind.as_str(), "button" | "reset"),
        "input" => kind == "submit" || kind == "image",
        _ => false,
    }
}

fn is_disabled(element: &Element) -> bool {
    element.has_attribute("disabled") || element.closest("fieldset[disabled]").ok().flatten().is_some()
}

fn elements(root: &Element, selector: &str) -> Vec<Element> {
    let Ok(list) = root.query_selector_all(selector) else { return Vec::new() };
    (0..list.length()).filter_map(|i| list.item(i)).map(|node| node.unchecked_into()).collect()
}

/// The form's submission as an action: method and action (the submitter's `formmethod`
/// and `formaction` win) and the entry list.
fn submission(browser: usize, form: &Element, submitter: Option<&Element>) -> Action {
    let attribute = |name: &str, over: &str| submitter.and_then(|s| s.get_attribute(over)).or_else(|| form.get_attribute(name));
    Action::SubmitForm {
        browser,
        method: attribute("method", "formmethod").unwrap_or_default(),
        action: attribute("action", "formaction").unwrap_or_default(),
        fields: entry_list(form, submitter),
    }
}

/// HTML's "constructing the entry list" for the fields a form holds, in tree order:
/// named, enabled controls; checkboxes and radio buttons only when checked (value
/// default `on`); of the buttons, only the submitter; no file inputs.
pub fn entry_list(form: &Element, submitter: Option<&Element>) -> Vec<(String, String)> {
    let mut entries = Vec::new();
    for field in elements(form, "input, select, textarea, button") {
        if field.closest("form").ok().flatten().as_ref() != Some(form) || is_disabled(&field) {
            continue;
        }
        let Some(name) = field.get_attribute("name").filter(|n| !n.is_empty()) else { continue };
        let kind = field.get_attribute("type").unwrap_or_default().to_ascii_lowercase();
        let is_submitter = submitter == Some(&field);
        match field.tag_name().to_ascii_lowercase().as_str() {
            "button" => {
                if is_submitter {
                    entries.push((name, field.get_attribute("value").unwrap_or_default()));
                }
            }
            "select" => {
                for option in elements(&field, "option") {
                    let option: HtmlOptionElement = option.unchecked_into();
                    if option.selected() && !option.disabled() {
                        entries.push((name.clone(), option.value()));
                    }
                }
            }
            "textarea" => {
                let value = field.unchecked_ref::<HtmlTextAreaElement>().value();
                entries.push((name, value.replace("\r\n", "\n").replace('\n', "\r\n")));
            }
            _ => {
                let input = field.unchecked_ref::<HtmlInputElement>();
                match kind.as_str() {
                    "submit" => {
                        if is_submitter {
                            entries.push((name, field.get_attribute("value").unwrap_or_else(|| "Submit".into())));
                        }
                    }
                    "image" => {
                        if is_submitter {
                            entries.push((format!("{name}.x"), "0".into()));
                            entries.push((format!("{name}.y"), "0".into()));
                        }
                    }
                    "button" | "reset" | "file" => {}
                    "checkbox" | "radio" => {
                        if input.checked() {
                            entries.push((name, field.get_attribute("value").unwrap_or_else(|| "on".into())));
                        }
                    }
                    _ => entries.push((name, input.value())),
                }
            }
        }
    }
    entries
}

/// The document the iframe shows for a response: HTML as is; anything else as Chrome
/// shows plain text (escaped, in a `<pre>`).
pub fn page_document(content_type: &str, body: &str) -> String {
    let mime = content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    if mime == "text/html" || mime.is_empty() {
        body.to_owned()
    } else {
        format!("<pre>{}</pre>", escape_html(body))
    }
}

/// `document` with [`PAGE_POLICY`] in front (after a doctype, which must come first to
/// keep the page out of quirks mode).
pub fn sandboxed(document: &str) -> String {
    let meta = format!("<meta http-equiv=\"Content-Security-Policy\" content=\"{PAGE_POLICY}\">");
    let trimmed = document.trim_start();
    if trimmed.get(..9).is_some_and(|start| start.eq_ignore_ascii_case("<!doctype")) {
        if let Some(end) = trimmed.find('>') {
            return format!("{}{meta}{}", &trimmed[..=end], &trimmed[end + 1..]);
        }
    }
    format!("{meta}{document}")
}

/// The browser's own error page, for a request the World could not make.
pub fn error_document(message: &str) -> String {
    format!("<h1>This site can\u{2019}t be reached</h1><p>{}</p>", escape_html(message))
}

/// The browser's own page for a window with nothing loaded.
pub fn notice_document(title: &str, text: &str) -> String {
    format!(
        "<div style=\"font: 14px system-ui, sans-serif; color: #5f6368; padding: 24px\"><h2>{}</h2><p>{}</p></div>",
        escape_html(title),
        escape_html(text)
    )
}

/// Escapes text for HTML element content and attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#x27;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check_page(content_type: &str, body: &str, expected: &str) {
        assert_eq!(page_document(content_type, body), expected, "{content_type}");
    }

    #[test]
    fn page_documents() {
        check_page("text/html; charset=utf-8", "view count=1", "view count=1");
        check_page("TEXT/HTML", "<b>x</b>", "<b>x</b>");
        check_page("application/json", r#"{"a": "<b>"}"#, "<pre>{&quot;a&quot;: &quot;&lt;b&gt;&quot;}</pre>");
        check_page("text/plain", "a & b", "<pre>a &amp; b</pre>");
    }

    #[track_caller]
    fn check_sandboxed(document: &str, expected: &str) {
        let meta = format!("<meta http-equiv=\"Content-Security-Policy\" content=\"{PAGE_POLICY}\">");
        assert_eq!(sandboxed(document), expected.replace("META", &meta), "{document}");
    }

    #[test]
    fn every_document_starts_with_the_policy() {
        check_sandboxed("view count=1", "METAview count=1");
        check_sandboxed("<!DOCTYPE html>\n<html>", "<!DOCTYPE html>META\n<html>");
        check_sandboxed("  <!doctype html><p>x", "<!doctype html>META<p>x");
        check_sandboxed("<!DOCTYPE", "META<!DOCTYPE");
        check_sandboxed("", "META");
    }
}
