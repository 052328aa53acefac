//! The resizable split between the browser (above) and the developer tools (below): a
//! drag handle that is a WAI-ARIA window splitter ("a moveable separator … role
//! separator, focusable, aria-valuenow; Up/Down Arrow move a horizontal splitter, Home and
//! End move it to its minimum and maximum").

use web_sys::{Element, KeyboardEvent, PointerEvent};
use yew::prelude::*;

use crate::persist;

/// The browser's share of the height, in percent: where it starts, and its bounds.
pub const DEFAULT_SHARE: u32 = 45;
pub const MIN_SHARE: u32 = 20;
pub const MAX_SHARE: u32 = 80;
/// How far one arrow key press moves the splitter (percentage points).
pub const STEP: u32 = 5;

#[derive(Properties, PartialEq)]
pub struct SplitProps {
    /// The two panes: the browser, then the devtools.
    pub children: Children,
    /// Where the share is kept between visits (`<key>.split`), if anywhere.
    #[prop_or_default]
    pub storage_key: Option<AttrValue>,
}

/// The share after `key` is pressed on the splitter, if the key moves it.
pub fn share_after_key(key: &str, share: u32) -> Option<u32> {
    let next = match key {
        "ArrowUp" | "ArrowLeft" => share.saturating_sub(STEP),
        "ArrowDown" | "ArrowRight" => share + STEP,
        "PageUp" => share.saturating_sub(3 * STEP),
        "PageDown" => share + 3 * STEP,
        "Home" => MIN_SHARE,
        "End" => MAX_SHARE,
        _ => return None,
    };
    Some(next.clamp(MIN_SHARE, MAX_SHARE))
}

/// The share for a pointer at `y` in a container from `top` to `top + height`.
pub fn share_at(y: f64, top: f64, height: f64) -> u32 {
    if height <= 0.0 || !y.is_finite() {
        return DEFAULT_SHARE;
    }
    let share = ((y - top) / height * 100.0).round().clamp(MIN_SHARE as f64, MAX_SHARE as f64);
    share as u32
}

#[function_component(Split)]
pub fn split(props: &SplitProps) -> Html {
    let storage = props.storage_key.as_ref().map(|key| format!("{key}.split"));
    let share = {
        let storage = storage.clone();
        use_state(move || {
            storage
                .and_then(|key| persist::local_get(&key))
                .and_then(|text| text.parse::<u32>().ok())
                .map_or(DEFAULT_SHARE, |share| share.clamp(MIN_SHARE, MAX_SHARE))
        })
    };
    let container = use_node_ref();
    let dragging = use_mut_ref(|| false);
    {
        let storage = storage.clone();
        use_effect_with(*share, move |share| {
            if let Some(key) = storage {
                persist::local_set(&key, &share.to_string());
            }
        });
    }

    let onkeydown = {
        let share = share.clone();
        Callback::from(move |event: KeyboardEvent| {
            if let Some(next) = share_after_key(&event.key(), *share) {
                event.prevent_default();
                share.set(next);
            }
        })
    };
    let onpointerdown = {
        let dragging = dragging.clone();
        Callback::from(move |event: PointerEvent| {
            event.prevent_default();
            *dragging.borrow_mut() = true;
            if let Some(handle) = event.target_dyn_into::<Element>() {
                let _ = handle.set_pointer_capture(event.pointer_id());
                if let Some(handle) = event.target_dyn_into::<web_sys::HtmlElement>() {
                    let _ = handle.focus();
                }
            }
        })
    };
    let onpointermove = {
        let dragging = dragging.clone();
        let share = share.clone();
        let container = container.clone();
        Callback::from(move |event: PointerEvent| {
            if !*dragging.borrow() {
                return;
            }
            if let Some(element) = container.cast::<Element>() {
                let rect = element.get_bounding_client_rect();
                let next = share_at(event.client_y() as f64, rect.top(), rect.height());
                if next != *share {
                    share.set(next);
                }
            }
        })
    };
    let onpointerup = {
        let dragging = dragging.clone();
        Callback::from(move |_: PointerEvent| *dragging.borrow_mut() = false)
    };

    let mut panes = props.children.iter();
    let (first, second) = (panes.next(), panes.next());
    html! {
        <div class="workspace" ref={container} style={format!("--browser-share: {}%", *share)}>
            { for first }
            <div
                class="splitter"
                role="separator"
                aria-orientation="horizontal"
                aria-label="Resize the browser and the developer tools"
                aria-valuenow={share.to_string()}
                aria-valuemin={MIN_SHARE.to_string()}
                aria-valuemax={MAX_SHARE.to_string()}
                aria-valuetext={format!("browser {}% of the height", *share)}
                tabindex="0"
                title="Drag, or use the arrow keys, to resize"
                {onkeydown}
                {onpointerdown}
                {onpointermove}
                onpointerup={onpointerup.clone()}
                onpointercancel={onpointerup}
            />
            { for second }
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check_key(key: &str, share: u32, expected: Option<u32>) {
        assert_eq!(share_after_key(key, share), expected, "{key} at {share}%");
    }

    #[test]
    fn keys() {
        check_key("ArrowUp", 45, Some(40));
        check_key("ArrowDown", 45, Some(50));
        check_key("ArrowUp", 22, Some(MIN_SHARE));
        check_key("ArrowDown", 78, Some(MAX_SHARE));
        check_key("PageDown", 45, Some(60));
        check_key("Home", 45, Some(MIN_SHARE));
        check_key("End", 45, Some(MAX_SHARE));
        check_key("Enter", 45, None);
    }

    #[test]
    fn pointer_positions() {
        assert_eq!(share_at(150.0, 100.0, 200.0), 25);
        assert_eq!(share_at(0.0, 100.0, 200.0), MIN_SHARE);
        assert_eq!(share_at(1000.0, 100.0, 200.0), MAX_SHARE);
        assert_eq!(share_at(150.0, 100.0, 0.0), DEFAULT_SHARE);
        assert_eq!(share_at(f64::NAN, 100.0, 200.0), DEFAULT_SHARE);
    }
}
