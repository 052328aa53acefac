//! Saving bytes as a file from the page: a `Blob`, an object URL, and a click on an
//! `<a download>` (the browser's own download, no server involved).

use std::cell::RefCell;

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Blob, BlobPropertyBag, HtmlElement, Url};

thread_local! {
    /// The object URL of the last download, revoked at the next one (revoking it at
    /// once could cancel a download the browser has not started yet).
    static LAST_URL: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Offers `bytes` for download as `file_name` with media type `mime`. Errors are the
/// browser's, as text.
pub fn download(bytes: Vec<u8>, file_name: &str, mime: &str) -> Result<(), String> {
    save(bytes, file_name, mime).map_err(|e| e.as_string().unwrap_or_else(|| format!("{e:?}")))
}

fn save(bytes: Vec<u8>, file_name: &str, mime: &str) -> Result<(), JsValue> {
    // `new Blob([Uint8Array])`: a Vec<u8> becomes a Uint8Array, a Vec<JsValue> an Array.
    let parts = JsValue::from(vec![JsValue::from(bytes)]);
    let options = BlobPropertyBag::new();
    options.set_type(mime);
    let blob = Blob::new_with_u8_array_sequence_and_options(&parts, &options)?;
    let url = Url::create_object_url_with_blob(&blob)?;
    if let Some(old) = LAST_URL.with(|last| last.borrow_mut().replace(url.clone())) {
        Url::revoke_object_url(&old)?;
    }
    let document = web_sys::window().and_then(|w| w.document()).ok_or_else(|| JsValue::from_str("no document"))?;
    let body = document.body().ok_or_else(|| JsValue::from_str("no body"))?;
    let anchor = document.create_element("a")?;
    anchor.set_attribute("href", &url)?;
    anchor.set_attribute("download", file_name)?;
    anchor.set_attribute("hidden", "")?;
    body.append_child(&anchor)?;
    anchor.unchecked_ref::<HtmlElement>().click();
    body.remove_child(&anchor)?;
    Ok(())
}
