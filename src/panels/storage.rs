//! Storage: the cookie jar of the browser in front, as Chrome's Application → Cookies
//! table shows it.

use yew::prelude::*;

use super::devtools_time;
use crate::use_playground;

#[function_component(StoragePanel)]
pub fn storage_panel() -> Html {
    let state = use_playground();
    let browser = state.active_browser();
    let cookies = state.world().jar(&browser.name);

    let rows = cookies.iter().map(|cookie| {
        // Chrome writes a domain cookie's Domain with a leading dot.
        let domain = if cookie.host_only { cookie.domain.clone() } else { format!(".{}", cookie.domain.trim_start_matches('.')) };
        let expires = cookie.expires.map_or_else(|| "Session".to_owned(), devtools_time);
        html! {
            <tr>
                <td class="mono">{ &cookie.name }</td>
                <td class="mono value">{ &cookie.value }</td>
                <td class="mono">{ domain }</td>
                <td class="mono">{ &cookie.path }</td>
                <td class="mono">{ expires }</td>
                <td class="mono">{ cookie.name.len() + cookie.value.len() }</td>
                <td class="flag">{ if cookie.http_only { "\u{2713}" } else { "" } }</td>
                <td class="flag">{ if cookie.secure { "\u{2713}" } else { "" } }</td>
                <td class="mono">{ cookie.same_site.clone().unwrap_or_default() }</td>
            </tr>
        }
    });

    html! {
        <div class="storage-panel">
            <h3>{ format!("Cookies \u{2014} {}", browser.title()) }</h3>
            if cookies.is_empty() {
                <p class="empty">{ "No cookies." }</p>
            } else {
                <table class="grid cookies" aria-label="Cookies">
                    <thead>
                        <tr>
                            <th>{ "Name" }</th><th>{ "Value" }</th><th>{ "Domain" }</th><th>{ "Path" }</th>
                            <th>{ "Expires / Max-Age" }</th><th>{ "Size" }</th><th>{ "HttpOnly" }</th>
                            <th>{ "Secure" }</th><th>{ "SameSite" }</th>
                        </tr>
                    </thead>
                    <tbody>{ for rows }</tbody>
                </table>
            }
        </div>
    }
}
