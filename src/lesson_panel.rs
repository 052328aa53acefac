//! The lesson beside the playground: the step's text, "Do it", Back/Next, restart and
//! close; and the highlight of what the step points at (class `lesson-hl`).

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{Element, MutationObserver, MutationObserverInit};
use yew::prelude::*;

use crate::lessons::{Target, TextMatch};
use crate::state::Action;
use crate::use_playground;

/// The class that marks what a lesson step points at.
pub const HIGHLIGHT: &str = "lesson-hl";

#[function_component(LessonPanel)]
pub fn lesson_panel() -> Html {
    let state = use_playground();
    let panel = use_node_ref();
    let lesson = state.lesson().map(|(lesson, progress)| (lesson, progress.clone()));
    let target = lesson.as_ref().and_then(|(lesson, progress)| {
        let step = lesson.steps.get(progress.step)?;
        Some(step.highlight.as_ref()?.target(&state.world()))
    });

    // Mark the target after every render, and again whenever a panel redraws its rows
    // (a panel's own state, e.g. a selected request, re-renders only that panel).
    // Scrolled into view when the target or the devtools tab changes, not on every action.
    let scrolled_to = use_mut_ref(|| None::<(Option<Target>, &'static str)>);
    {
        let panel = panel.clone();
        let shown = (target.clone(), state.devtools.key());
        use_effect_with((target, state.revision), move |(target, _)| {
            let root = panel.cast::<Element>().and_then(|p| p.closest(".playground").ok().flatten());
            let mut observer = None;
            if let Some(root) = root {
                let scroll = scrolled_to.borrow().as_ref() != Some(&shown);
                *scrolled_to.borrow_mut() = Some(shown);
                mark(&root, target.as_ref(), scroll);
                let (watched, target) = (root.clone(), target.clone());
                // Until the target is found, each redraw may bring it: scroll to it then.
                let found = std::cell::Cell::new(!elements(&root, &format!(".{HIGHLIGHT}")).is_empty());
                let callback = Closure::<dyn FnMut()>::new(move || {
                    let now = mark(&watched, target.as_ref(), !found.get());
                    found.set(found.get() || now);
                });
                if let Ok(o) = MutationObserver::new(callback.as_ref().unchecked_ref()) {
                    let options = MutationObserverInit::new();
                    options.set_child_list(true);
                    options.set_subtree(true);
                    if let Some(devtools) = root.query_selector(".devtools").ok().flatten() {
                        let _ = o.observe_with_options(&devtools, &options);
                    }
                    observer = Some((o, callback));
                }
            }
            move || {
                if let Some((o, _callback)) = observer {
                    o.disconnect();
                }
            }
        });
    }

    let Some((lesson, progress)) = lesson else { return html! {} };
    let index = progress.step.min(lesson.steps.len().saturating_sub(1));
    let step = lesson.steps[index].clone();
    let count = lesson.steps.len();
    let done = progress.done.get(index).copied().unwrap_or(false);
    // The SQL "Do it" runs, with this World's values (a session's key) filled in.
    let sql = step.sql(&state.world());

    let dispatch = |action: Action| {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(action.clone()))
    };
    // A step is done when its "Do it" ran, or, for a step only to read, once passed.
    let step_done = |i: usize| progress.done.get(i).copied().unwrap_or(false) || (lesson.steps[i].action.is_none() && i < index);
    let next_lesson = {
        let all = crate::lessons::all();
        let at = all.iter().position(|l| l.id == lesson.id);
        at.and_then(|at| all.into_iter().nth(at + 1))
    };
    let last = index + 1 == count;
    let steps_nav = (0..count).map(|i| {
        let current = i == index;
        let label = format!("Step {}: {}", i + 1, lesson.steps[i].title);
        html! {
            <li>
                <button type="button"
                    class={classes!("lesson-dot", current.then_some("current"), step_done(i).then_some("done"))}
                    aria-label={label.clone()} title={label} aria-current={current.then_some("step")}
                    onclick={dispatch(Action::LessonGo(i))} />
            </li>
        }
    });

    html! {
        <aside class="lesson-panel" aria-label="Lesson" ref={panel}>
            <div class="lesson-head">
                <h2>{ lesson.title }</h2>
                <button type="button" class="lesson-close" aria-label="Close lesson" title="Leave the lesson (the playground stays as it is)"
                    onclick={dispatch(Action::EndLesson)}>{ "\u{2715}" }</button>
            </div>
            <p class="lesson-summary">{ lesson.summary }</p>
            <ol class="lesson-steps" aria-label="Steps">{ for steps_nav }</ol>
            <section class="lesson-step" aria-live="polite" aria-label={format!("Step {} of {count}", index + 1)}>
                <p class="lesson-count">{ format!("Step {} of {count}", index + 1) }</p>
                <h3>{ step.title }</h3>
                <p class="lesson-text">{ step.text }</p>
                if !sql.is_empty() {
                    <pre class="lesson-sql" aria-label="SQL run by Do it">
                        { for sql.iter().map(|statement| html! { <code>{ format!("{statement};") }</code> }) }
                    </pre>
                }
                if step.action.is_some() {
                    <button type="button" class="primary lesson-do" disabled={done} onclick={dispatch(Action::LessonDo)}>
                        { if done { "Done \u{2713}" } else { "Do it" } }
                    </button>
                }
                if let Some(error) = state.last_error.clone() {
                    <p class="lesson-error" role="alert">{ error }</p>
                }
                if last && (done || step.action.is_none()) {
                    <p class="lesson-end">
                        { "End of the lesson. " }
                        if let Some(next) = &next_lesson {
                            <button type="button" class="primary" onclick={dispatch(Action::StartLesson(next.id.to_owned()))}>
                                { format!("Next lesson: {} \u{2192}", next.title) }
                            </button>
                        } else {
                            { "That was the last one: the playground is yours (close the lesson to keep it as it is)." }
                        }
                    </p>
                }
            </section>
            <div class="lesson-nav">
                <button type="button" aria-label="Previous step" disabled={index == 0} onclick={dispatch(Action::LessonGo(index.saturating_sub(1)))}>
                    { "\u{2190} Back" }
                </button>
                <button type="button" aria-label="Next step" class={classes!((!last && (done || step.action.is_none())).then_some("primary"))}
                    disabled={index + 1 >= count} onclick={dispatch(Action::LessonGo(index + 1))}>
                    { "Next \u{2192}" }
                </button>
                <button type="button" class="lesson-restart" title="Start this lesson again from its beginning"
                    onclick={dispatch(Action::StartLesson(lesson.id.to_owned()))}>{ "Restart lesson" }</button>
            </div>
        </aside>
    }
}

/// Puts [`HIGHLIGHT`] on the target's elements under `root` (and takes it off the rest);
/// with `scroll`, brings the first into view, or, when none is on screen, presses the
/// panel tab that shows it. Returns whether something is marked.
pub fn mark(root: &Element, target: Option<&Target>, scroll: bool) -> bool {
    let wanted = target.map(|t| find(root, t)).unwrap_or_default();
    if let (true, true, Some(reveal)) = (wanted.is_empty(), scroll, target.and_then(|t| t.reveal.as_ref())) {
        let on = |e: &Element, attribute: &str| e.get_attribute(attribute).as_deref() == Some("true");
        let control = elements(root, &reveal.selector).into_iter().find(|e| {
            reveal.text.as_ref().is_none_or(|name| e.text_content().is_some_and(|text| text.trim() == name))
                && !on(e, "aria-selected")
                && !on(e, "aria-expanded")
        });
        if let Some(control) = control.and_then(|c| c.dyn_into::<web_sys::HtmlElement>().ok()) {
            // The panel redraws; the observer marks the target then.
            control.click();
        }
    }
    for old in elements(root, &format!(".{HIGHLIGHT}")) {
        if !wanted.contains(&old) {
            let _ = old.class_list().remove_1(HIGHLIGHT);
        }
    }
    // A target that appears (after "Do it", or redrawn by its panel) is brought into
    // view too, not only when the step or the tab changes.
    let mut fresh = false;
    for element in &wanted {
        if !element.class_list().contains(HIGHLIGHT) {
            let _ = element.class_list().add_1(HIGHLIGHT);
            fresh = true;
        }
    }
    if scroll || fresh {
        if let Some(first) = wanted.first() {
            let options = web_sys::ScrollIntoViewOptions::new();
            options.set_block(web_sys::ScrollLogicalPosition::Nearest);
            first.scroll_into_view_with_scroll_into_view_options(&options);
        }
    }
    !wanted.is_empty()
}

/// The elements a target names: by data attribute, else by text.
fn find(root: &Element, target: &Target) -> Vec<Element> {
    let by_data = elements(root, &target.selector);
    if !by_data.is_empty() {
        return by_data;
    }
    let candidates = elements(root, &target.within);
    let text = |e: &Element| {
        // A table row is known by its first cell.
        let cell = if e.tag_name().eq_ignore_ascii_case("tr") { e.first_element_child() } else { Some(e.clone()) };
        cell.and_then(|c| c.text_content()).unwrap_or_default().trim().to_owned()
    };
    let mut found: Vec<Element> = match &target.text {
        TextMatch::Any => candidates,
        TextMatch::Equals(s) => candidates.into_iter().filter(|e| text(e) == *s).collect(),
        TextMatch::StartsWith(s) => candidates.into_iter().filter(|e| text(e).starts_with(s.as_str())).collect(),
        TextMatch::LastContaining(s) => candidates.into_iter().rev().find(|e| text(e).contains(s.as_str())).into_iter().collect(),
    };
    if target.and_next {
        let next: Vec<Element> = found.iter().filter_map(Element::next_element_sibling).collect();
        found.extend(next);
    }
    found
}

fn elements(root: &Element, selector: &str) -> Vec<Element> {
    let Ok(list) = root.query_selector_all(selector) else { return Vec::new() };
    (0..list.length()).filter_map(|i| list.item(i)).filter_map(|node| node.dyn_into::<Element>().ok()).collect()
}
