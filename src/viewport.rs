//! The browser's viewport: the simulated page in a sandboxed `<iframe srcdoc>`.
//!
//! Architecture invariant: no script of a simulated page ever runs. The iframe's
//! `sandbox` has `allow-same-origin` but not `allow-scripts`, so scripts inside are
//! blocked while this page can still read the iframe's document and listen to its
//! clicks. A click on a link becomes [`Action::FollowLink`], a simulated request; the
//! iframe itself never navigates.

use gloo::events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlIFrameElement, Node};
use yew::prelude::*;

use crate::state::{Action, Shown};
use crate::use_playground;

#[derive(Properties, PartialEq)]
pub struct ViewportProps {
    /// Index of the browser whose page this shows.
    pub browser: usize,
}

#[function_component(Viewport)]
pub fn viewport(props: &ViewportProps) -> Html {
    let state = use_playground();
    let browser = props.browser;
    let Some(tab) = state.browsers.get(browser) else { return html! {} };
    // The click listener on the iframe's current document; replaced on every load.
    let click_listener = use_mut_ref(|| None::<EventListener>);

    let onload = {
        let dispatcher = state.dispatcher();
        let click_listener = click_listener.clone();
        Callback::from(move |event: Event| {
            let iframe: HtmlIFrameElement = event.target_unchecked_into();
            let Some(document) = iframe.content_document() else { return };
            let dispatcher = dispatcher.clone();
            let listener = EventListener::new_with_options(
                &document,
                "click",
                EventListenerOptions::enable_prevent_default(),
                move |event| {
                    if let Some(href) = clicked_link(event) {
                        event.prevent_default();
                        dispatcher.dispatch(Action::FollowLink { browser, href });
                    }
                },
            );
            *click_listener.borrow_mut() = Some(listener);
        })
    };

    let srcdoc = match state.shown(browser) {
        Shown::Page(page) => page_document(&page.content_type, &page.body),
        Shown::Error(message) => error_document(&message),
        Shown::Blank => String::new(),
    };
    html! {
        <div class="viewport">
            <iframe
                class="viewport-frame"
                title={format!("Page shown in {}", tab.title())}
                sandbox="allow-same-origin"
                referrerpolicy="no-referrer"
                {srcdoc}
                {onload}
            />
        </div>
    }
}

/// The `href` attribute, as written, of the link a click landed on (if it did).
///
/// The event comes from the iframe's realm, where `instanceof Element` of this realm is
/// false: nodes are checked by `nodeType` and cast unchecked.
fn clicked_link(event: &Event) -> Option<String> {
    let node: Node = event.target()?.unchecked_into();
    let element: Element = if node.node_type() == Node::ELEMENT_NODE { node.unchecked_into() } else { node.parent_element()? };
    let link = element.closest("a[href]").ok()??;
    let href = link.get_attribute("href")?;
    let scheme = href.trim_start().get(..11).unwrap_or("").to_ascii_lowercase();
    (!scheme.starts_with("javascript:")).then_some(href)
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

/// The browser's own error page, for a request the World could not make.
pub fn error_document(message: &str) -> String {
    format!("<h1>This site can\u{2019}t be reached</h1><p>{}</p>", escape_html(message))
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
}
