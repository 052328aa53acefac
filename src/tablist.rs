//! Keyboard behaviour shared by the page's tab lists (WAI-ARIA Authoring Practices,
//! "Tabs": "Left Arrow: moves focus to the previous tab. If focus is on the first tab,
//! moves focus to the last tab. … Home … End …"), with automatic activation.

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, KeyboardEvent};

/// The tab to select after `key` is pressed on tab `current` of `len` tabs, if any.
pub fn next_tab(key: &str, current: usize, len: usize) -> Option<usize> {
    if len == 0 {
        return None;
    }
    match key {
        "ArrowRight" => Some((current + 1) % len),
        "ArrowLeft" => Some((current + len - 1) % len),
        "Home" => Some(0),
        "End" => Some(len - 1),
        _ => None,
    }
}

/// Handles a keydown on a tab: returns the tab to select and moves the focus to its
/// sibling element (the tabs are siblings in one tab list).
pub fn on_tab_keydown(event: &KeyboardEvent, current: usize, len: usize) -> Option<usize> {
    let next = next_tab(&event.key(), current, len)?;
    event.prevent_default();
    // Yew delegates events, so `current_target` is its root: start from the target.
    let focus = event
        .target()
        .and_then(|target| target.dyn_into::<Element>().ok())
        .and_then(|target| target.closest("[role=tab]").ok().flatten())
        .and_then(|tab| tab.parent_element())
        .and_then(|list| list.query_selector_all("[role=tab]").ok())
        .and_then(|tabs| tabs.item(next as u32))
        .and_then(|tab| tab.dyn_into::<HtmlElement>().ok());
    if let Some(tab) = focus {
        let _ = tab.focus();
    }
    Some(next)
}

#[cfg(test)]
mod tests {
    use super::next_tab;

    #[track_caller]
    fn check(key: &str, current: usize, len: usize, expected: Option<usize>) {
        assert_eq!(next_tab(key, current, len), expected, "{key} on tab {current} of {len}");
    }

    #[test]
    fn keys() {
        check("ArrowRight", 0, 5, Some(1));
        check("ArrowRight", 4, 5, Some(0));
        check("ArrowLeft", 0, 5, Some(4));
        check("ArrowLeft", 3, 5, Some(2));
        check("Home", 3, 5, Some(0));
        check("End", 1, 5, Some(4));
        check("Enter", 1, 5, None);
        check("ArrowRight", 0, 0, None);
    }
}
