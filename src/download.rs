//! Saving a file from the page: a `Blob`, an object URL, and a click on an
//! `<a download>` (the browser's own download, no server involved). One function for
//! every download the page offers (the database file, HAR, scenarios, a saved state).

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
    // `new Blob([Uint8Array])`: a Vec<u8> becomes a Uint8Array, a Vec<JsValue> an Array.
    save(JsValue::from(vec![JsValue::from(bytes)]), file_name, mime)
}

/// Offers `text` for download (UTF-8) as `file_name` with media type `mime`.
pub fn download_text(text: &str, file_name: &str, mime: &str) -> Result<(), String> {
    save(JsValue::from(vec![JsValue::from_str(text)]), file_name, mime)
}

fn save(parts: JsValue, file_name: &str, mime: &str) -> Result<(), String> {
    blob_download(parts, file_name, mime).map_err(|e| e.as_string().unwrap_or_else(|| format!("{e:?}")))
}

fn blob_download(parts: JsValue, file_name: &str, mime: &str) -> Result<(), JsValue> {
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
