//! The request list: a `role="grid"` table that renders only the rows in view (fixed row
//! height; spacer rows stand for the others), so 10,000 requests scroll, filter and
//! grow as fast as ten. The grid is one tab stop: arrow keys, Home/End and
//! PageUp/PageDown move the selection (`aria-activedescendant` names the selected row).

use std::rc::Rc;
use std::sync::atomic::{AtomicUsize, Ordering};

use web_sys::{Element, KeyboardEvent};
use yew::prelude::*;

use super::model::{bytes_to_string, row, type_title, Row};
use crate::use_playground;

/// Every row's height in CSS pixels (static/network.css sets the same).
pub const ROW_HEIGHT: f64 = 20.0;
/// Rows rendered above and below the visible ones.
const OVERSCAN: usize = 8;
/// The list's height before it is measured.
const DEFAULT_HEIGHT: f64 = 400.0;

/// The columns: header text, class, and the header's tooltip (which also names a column
/// whose header a narrow list cuts short). static/network.css sizes them, and hides the
/// least useful ones (Size, then Time) when the list is too narrow for all of them.
pub const COLUMNS: [(&str, &str, &str); 10] = [
    ("Status", "c-status", "Status: the response's status code"),
    ("Method", "c-method", "Method: GET, POST, \u{2026}"),
    ("Domain", "c-domain", "Domain: the host (and port) the request went to"),
    ("File", "c-file", "File: the last segment of the URL's path, and its query"),
    ("Type", "c-type", "Type: what asked for the request (Firefox's Cause): document, subdocument (an iframe), img, script, stylesheet or fetch"),
    ("Cookies", "c-cookies", "Cookies: how many cookies the request carried"),
    ("Set-Cookies", "c-setcookies", "Set-Cookies: how many Set-Cookie lines the response had"),
    ("Size", "c-size", "Size: bytes transferred (the response's head and body)"),
    ("Time", "c-time", "Time: the simulated clock when the request was made"),
    ("Browser", "c-browser", "Browser: the simulated browser that made the request"),
];

#[derive(Properties, PartialEq)]
pub struct RequestListProps {
    /// Indices into the World's network log, in list order.
    pub shown: Rc<Vec<usize>>,
    /// The selected request's id.
    pub selected: Option<usize>,
    pub on_select: Callback<usize>,
    /// What the list says when `shown` is empty.
    pub empty: AttrValue,
}

/// The rows `first..last` of `len` to render when the list is scrolled to `scroll_top`
/// and `height` pixels of it are visible (header included).
pub fn window(len: usize, scroll_top: f64, height: f64) -> (usize, usize) {
    let top = (scroll_top.max(0.0) / ROW_HEIGHT).floor() as usize;
    let visible = (height.max(0.0) / ROW_HEIGHT).ceil() as usize + 1;
    let first = top.saturating_sub(OVERSCAN).min(len);
    let last = (top + visible + OVERSCAN).min(len);
    (first, last)
}

/// The scrollTop of a list of `len` rows (and its header) scrolled to its end, when
/// `height` pixels of it are visible.
pub fn end_scroll_top(len: usize, height: f64) -> f64 {
    ((len + 1) as f64 * ROW_HEIGHT - height).max(0.0)
}

/// The position to select after `key` in a list of `len` rows showing `page` rows, from
/// `current` (`None`: nothing selected yet).
pub fn next_position(key: &str, current: Option<usize>, len: usize, page: usize) -> Option<usize> {
    if len == 0 {
        return None;
    }
    let last = len - 1;
    let page = page.max(1);
    Some(match (key, current) {
        ("Home", _) => 0,
        ("End", _) => last,
        ("ArrowDown" | "ArrowUp" | "PageDown" | "PageUp", None) => last,
        ("ArrowDown", Some(i)) => (i + 1).min(last),
        ("ArrowUp", Some(i)) => i.saturating_sub(1),
        ("PageDown", Some(i)) => (i + page).min(last),
        ("PageUp", Some(i)) => i.saturating_sub(page),
        _ => return None,
    })
}

#[function_component(RequestList)]
pub fn request_list(props: &RequestListProps) -> Html {
    let state = use_playground();
    let scroller = use_node_ref();
    let len = props.shown.len();
    // (scrollTop, clientHeight) of the scroll container. It starts at its end (see
    // `at_end`): the first render already has the rows the list then shows.
    let view = use_state(|| (end_scroll_top(len, DEFAULT_HEIGHT), DEFAULT_HEIGHT));
    let prefix = use_state(|| format!("net{}", NEXT_LIST.fetch_add(1, Ordering::Relaxed)));
    // Whether the list was scrolled to its end (then new requests keep it there).
    let at_end = use_mut_ref(|| true);

    let position = props.selected.and_then(|id| props.shown.iter().position(|&i| i == id));

    // Measure the height once mounted.
    {
        let scroller = scroller.clone();
        let view = view.clone();
        use_effect_with((), move |_| {
            if let Some(element) = scroller.cast::<Element>() {
                remeasure(&element, &view);
            }
        });
    }
    // Keep the selected row in view. The rows of the new scroll position are rendered
    // now, not at the `scroll` event the browser fires a frame later.
    {
        let scroller = scroller.clone();
        let view = view.clone();
        use_effect_with((props.selected, position), move |&(_, position)| {
            if let (Some(position), Some(element)) = (position, scroller.cast::<Element>()) {
                scroll_into_view(&element, position);
                remeasure(&element, &view);
            }
        });
    }
    // New requests: stay at the end when the list was there.
    {
        let scroller = scroller.clone();
        let at_end = at_end.clone();
        let view = view.clone();
        use_effect_with(len, move |_| {
            if let Some(element) = scroller.cast::<Element>() {
                if *at_end.borrow() {
                    element.set_scroll_top(element.scroll_height());
                }
                remeasure(&element, &view);
            }
        });
    }

    let onscroll = {
        let view = view.clone();
        let at_end = at_end.clone();
        Callback::from(move |event: Event| {
            let element: Element = event.target_unchecked_into();
            let (top, height) = (f64::from(element.scroll_top()), f64::from(element.client_height()));
            *at_end.borrow_mut() = top + height >= f64::from(element.scroll_height()) - ROW_HEIGHT;
            if (top, height) != *view {
                view.set((top, height));
            }
        })
    };
    let onkeydown = {
        let shown = Rc::clone(&props.shown);
        let on_select = props.on_select.clone();
        let page = ((view.1 / ROW_HEIGHT) as usize).saturating_sub(2);
        Callback::from(move |event: KeyboardEvent| {
            if let Some(next) = next_position(&event.key(), position, shown.len(), page) {
                event.prevent_default();
                on_select.emit(shown[next]);
            }
        })
    };

    let (first, last) = window(len, view.0, view.1);
    let world = state.world();
    let entries = world.network();
    let row_id = |id: usize| format!("{}-row-{id}", *prefix);
    let rows = props.shown[first..last].iter().enumerate().filter_map(|(offset, &index)| {
        let entry = entries.get(index)?;
        let position = first + offset;
        let row = row(entry);
        let selected = props.selected == Some(row.id);
        let onclick = {
            let on_select = props.on_select.clone();
            let id = row.id;
            Callback::from(move |_: MouseEvent| on_select.emit(id))
        };
        Some(html! {
            <tr
                key={row.id}
                id={row_id(row.id)}
                role="row"
                aria-rowindex={(position + 2).to_string()}
                aria-selected={selected.to_string()}
                class={classes!(
                    "net-row",
                    (position % 2 == 1).then_some("odd"),
                    selected.then_some("selected"),
                    (row.status >= 400).then_some("error"),
                )}
                title={entry.url.clone()}
                {onclick}
            >
                { cells(&row, entry) }
            </tr>
        })
    });
    let top_spacer = first as f64 * ROW_HEIGHT;
    let bottom_spacer = (len - last) as f64 * ROW_HEIGHT;
    let spacer = |height: f64| {
        (height > 0.0).then(|| {
            html! {
                <tr class="net-spacer" aria-hidden="true">
                    <td colspan={COLUMNS.len().to_string()} style={format!("height: {}px", djsim::float::display(height))}></td>
                </tr>
            }
        })
    };

    html! {
        <div class="net-list" ref={scroller} {onscroll}>
            <table
                class="net-grid"
                role="grid"
                aria-label="Requests"
                aria-rowcount={(len + 1).to_string()}
                aria-activedescendant={props.selected.filter(|_| position.is_some_and(|p| (first..last).contains(&p))).map(row_id)}
                tabindex="0"
                {onkeydown}
            >
                <colgroup>
                    { for COLUMNS.iter().map(|(_, class, _)| html! { <col class={*class} /> }) }
                </colgroup>
                <thead>
                    <tr role="row" aria-rowindex="1">
                        { for COLUMNS.iter().map(|(name, class, title)| html! { <th role="columnheader" class={*class} title={*title}>{ *name }</th> }) }
                    </tr>
                </thead>
                <tbody>
                    { spacer(top_spacer) }
                    { for rows }
                    { spacer(bottom_spacer) }
                </tbody>
            </table>
            if len == 0 {
                <p class="empty net-empty">{ props.empty.clone() }</p>
            }
        </div>
    }
}

static NEXT_LIST: AtomicUsize = AtomicUsize::new(0);

fn cells(row: &Row, entry: &djsim::world::NetworkEntry) -> Html {
    let count = |n: usize| if n == 0 { String::new() } else { n.to_string() };
    html! {
        <>
            { cell("c-status mono", None, &row.status.to_string()) }
            { cell("c-method mono", None, &row.method) }
            { cell("c-domain mono", None, &row.domain) }
            { cell("c-file mono", None, &row.file) }
            { cell("c-type", Some(type_title(entry)), row.kind) }
            { cell("c-cookies num", None, &count(row.cookies)) }
            { cell("c-setcookies num", None, &count(row.set_cookies)) }
            { cell("c-size num", Some(format!("{} bytes", row.size)), &bytes_to_string(row.size)) }
            { cell("c-time mono", None, &row.time) }
            { cell("c-browser", None, &row.browser) }
        </>
    }
}

/// One cell of a request's row (a function: the page has its markup once, not ten times).
#[inline(never)]
fn cell(class: &'static str, title: Option<String>, text: &str) -> Html {
    html! { <td role="gridcell" {class} {title}>{ crate::markup::text(text) }</td> }
}

/// Reads the list's scroll position and height into `view` (when they changed).
fn remeasure(element: &Element, view: &UseStateHandle<(f64, f64)>) {
    let measured = (f64::from(element.scroll_top()), f64::from(element.client_height()));
    if measured != **view {
        view.set(measured);
    }
}

/// Scrolls `element` (the list) so that row `position` is fully visible below the header.
fn scroll_into_view(element: &Element, position: usize) {
    let top = f64::from(element.scroll_top());
    let height = f64::from(element.client_height());
    let row_top = position as f64 * ROW_HEIGHT; // under the sticky header, one row high
    let row_bottom = row_top + 2.0 * ROW_HEIGHT;
    if row_top < top {
        element.set_scroll_top(row_top as i32);
    } else if row_bottom > top + height {
        element.set_scroll_top((row_bottom - height).ceil() as i32);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check_window(len: usize, scroll_top: f64, height: f64, expected: (usize, usize)) {
        assert_eq!(window(len, scroll_top, height), expected, "{len} rows, top {scroll_top}, height {height}");
    }

    #[test]
    fn windows() {
        check_window(0, 0.0, 400.0, (0, 0));
        check_window(5, 0.0, 400.0, (0, 5));
        check_window(10_000, 0.0, 400.0, (0, 29));
        check_window(10_000, 2000.0, 400.0, (92, 129));
        check_window(10_000, 200_000.0, 400.0, (9992, 10_000));
        check_window(10_000, 1e12, 400.0, (10_000, 10_000));
        check_window(10_000, -5.0, -1.0, (0, 9));
    }

    #[test]
    fn a_list_starts_at_its_end() {
        assert_eq!(end_scroll_top(0, 400.0), 0.0);
        assert_eq!(end_scroll_top(19, 400.0), 0.0, "all rows and the header fit");
        check_window(41, end_scroll_top(41, 400.0), 400.0, (14, 41));
        check_window(10_000, end_scroll_top(10_000, 400.0), 400.0, (9973, 10_000));
    }

    #[track_caller]
    fn check_key(key: &str, current: Option<usize>, len: usize, expected: Option<usize>) {
        assert_eq!(next_position(key, current, len, 10), expected, "{key} from {current:?} of {len}");
    }

    #[test]
    fn keys() {
        check_key("ArrowDown", Some(0), 3, Some(1));
        check_key("ArrowDown", Some(2), 3, Some(2));
        check_key("ArrowUp", Some(0), 3, Some(0));
        check_key("ArrowUp", Some(2), 3, Some(1));
        check_key("ArrowDown", None, 3, Some(2));
        check_key("Home", Some(2), 3, Some(0));
        check_key("End", None, 3, Some(2));
        check_key("PageDown", Some(5), 100, Some(15));
        check_key("PageUp", Some(5), 100, Some(0));
        check_key("PageDown", Some(95), 100, Some(99));
        check_key("ArrowDown", None, 0, None);
        check_key("Enter", Some(1), 3, None);
    }
}
