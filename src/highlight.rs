//! Linked highlighting: point at a value (a session key in a `Set-Cookie` line, the
//! `Cookie` header, the jar, the `django_session` table) and every place on the page
//! that shows the same value lights up, so the person sees that they are one thing.
//!
//! The shared part is one field of the root state, [`State::highlight`], set by
//! [`Action::Highlight`]. Any panel shows a value with `<Value text={…} />`: a
//! `<span class="value" data-value="…">` that gets the class `hl` while the
//! highlighted value equals its text, and sets the highlight on `mouseenter`/`focus`
//! and clears it on `mouseleave`/`blur`.
//!
//! [`State::highlight`]: crate::state::State::highlight

use yew::prelude::*;

use crate::state::Action;
use crate::use_playground;

#[derive(Properties, PartialEq)]
pub struct ValueProps {
    /// The value, shown as is (also in `data-value`).
    pub text: AttrValue,
    /// Extra classes (e.g. `mono`).
    #[prop_or_default]
    pub class: Classes,
    /// Reachable by Tab (and lit on focus). `false` inside a control that is itself
    /// focusable (a button's label): pointing at it still lights the others.
    #[prop_or(true)]
    pub focusable: bool,
}

/// A value that highlights every other [`Value`] with the same text while pointed at
/// or focused. An empty value is shown but never highlights anything.
#[function_component(Value)]
pub fn value(props: &ValueProps) -> Html {
    let state = use_playground();
    let text = props.text.clone();
    let linkable = !text.is_empty();
    let lit = linkable && is_highlighted(state.highlight.as_deref(), &text);
    let enter = {
        let dispatcher = state.dispatcher();
        let text = text.clone();
        Callback::from(move |_: ()| {
            if !text.is_empty() {
                dispatcher.dispatch(Action::Highlight(Some(text.to_string())));
            }
        })
    };
    let leave = {
        let dispatcher = state.dispatcher();
        Callback::from(move |_: ()| dispatcher.dispatch(Action::Highlight(None)))
    };
    html! {
        <span
            class={classes!("value", lit.then_some("hl"), props.class.clone())}
            data-value={text.clone()}
            tabindex={(linkable && props.focusable).then_some("0")}
            onmouseenter={enter.reform(|_: MouseEvent| ())}
            onfocus={enter.reform(|_: FocusEvent| ())}
            onmouseleave={leave.reform(|_: MouseEvent| ())}
            onblur={leave.reform(|_: FocusEvent| ())}
        >
            { text }
        </span>
    }
}

/// Whether a value showing `text` is lit while `highlight` is pointed at.
pub fn is_highlighted(highlight: Option<&str>, text: &str) -> bool {
    !text.is_empty() && highlight == Some(text)
}

#[cfg(test)]
mod tests {
    use std::rc::Rc;

    use yew::Reducible;

    use super::is_highlighted;
    use crate::state::{Action, State};

    #[track_caller]
    fn check(highlight: Option<&str>, text: &str, expected: bool) {
        assert_eq!(is_highlighted(highlight, text), expected, "{highlight:?} / {text:?}");
    }

    #[test]
    fn equal_values_light_up() {
        check(Some("abc"), "abc", true);
        check(Some("abc"), "abcd", false);
        check(Some("abc"), "ABC", false);
        check(None, "abc", false);
        check(Some(""), "", false);
    }

    #[test]
    fn the_state_keeps_the_highlight() {
        let state = Rc::new(State::new());
        let lit = Rc::clone(&state).reduce(Action::Highlight(Some("k".into())));
        assert_eq!(lit.highlight.as_deref(), Some("k"));
        assert_eq!(lit.revision, state.revision + 1);
        // The same highlight again changes nothing (no re-render while the mouse moves).
        let same = Rc::clone(&lit).reduce(Action::Highlight(Some("k".into())));
        assert!(Rc::ptr_eq(&same, &lit));
        // Other actions keep it; clearing it drops it.
        let kept = Rc::clone(&lit).reduce(Action::SelectRequest(None));
        assert_eq!(kept.highlight.as_deref(), Some("k"));
        assert_eq!(kept.reduce(Action::Highlight(None)).highlight, None);
    }
}
