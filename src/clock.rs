//! The simulated clock in the page's header: the World's `now`, and buttons that move
//! it on. Each press is one `{"advance": seconds}` step (recorded); cookies and
//! sessions whose time has come are gone at the next render, since every panel reads
//! the World at its `now`.
//!
//! Architecture invariant: nothing here reads the machine's clock. The time shown is
//! the World's; the only way it moves is an `advance` step.

use std::fmt;

use djsim::time::SimTime;
use serde_json::Value as Json;
use web_sys::{HtmlInputElement, SubmitEvent};
use yew::prelude::*;

use crate::json::object;
use crate::state::Action;
use crate::use_playground;

/// The quick buttons: (label, seconds). 1000 s is `sakaicar`'s `max_age`; two weeks is
/// `SESSION_COOKIE_AGE`.
pub const PRESETS: [(&str, u64); 6] =
    [("+1 s", 1), ("+1 min", 60), ("+1000 s", 1000), ("+1 h", 3600), ("+1 day", 86_400), ("+2 weeks", 1_209_600)];

/// The largest step the scenario format accepts (seconds).
pub const MAX_ADVANCE: f64 = 1e11;

/// The units of the custom amount.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    Seconds,
    Minutes,
    Hours,
    Days,
    Weeks,
}

/// A custom amount that cannot be advanced by.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum ClockError {
    /// Not a number.
    NotANumber(String),
    /// Zero, negative, or more than [`MAX_ADVANCE`] seconds.
    OutOfRange(String),
}

impl fmt::Display for ClockError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ClockError::NotANumber(s) => write!(f, "{s:?} is not a number: type an amount such as 30."),
            ClockError::OutOfRange(s) => {
                write!(f, "{s} cannot be advanced by: the clock only moves forward, by at most about 3000 years at a time.")
            }
        }
    }
}
impl std::error::Error for ClockError {}

impl Unit {
    pub const ALL: [Unit; 5] = [Unit::Seconds, Unit::Minutes, Unit::Hours, Unit::Days, Unit::Weeks];

    pub fn seconds(self) -> f64 {
        match self {
            Unit::Seconds => 1.0,
            Unit::Minutes => 60.0,
            Unit::Hours => 3600.0,
            Unit::Days => 86_400.0,
            Unit::Weeks => 604_800.0,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Unit::Seconds => "seconds",
            Unit::Minutes => "minutes",
            Unit::Hours => "hours",
            Unit::Days => "days",
            Unit::Weeks => "weeks",
        }
    }

    pub fn from_label(label: &str) -> Option<Unit> {
        Unit::ALL.into_iter().find(|u| u.label() == label)
    }
}

/// The time as the clock shows it: `Sun, 29 Sep 2019 23:17:55 UTC`.
pub fn format_time(time: SimTime) -> String {
    let http = time.http_date();
    http.strip_suffix(" GMT").map_or(http.clone(), |t| format!("{t} UTC"))
}

/// The seconds a custom amount stands for.
pub fn custom_seconds(amount: &str, unit: Unit) -> Result<f64, ClockError> {
    let amount = amount.trim();
    let n: f64 = djsim::float::parse_f64(amount).ok_or_else(|| ClockError::NotANumber(amount.to_owned()))?;
    let seconds = n * unit.seconds();
    if !(n.is_finite() && seconds > 0.0 && seconds <= MAX_ADVANCE) {
        return Err(ClockError::OutOfRange(format!("{amount} {}", unit.label())));
    }
    Ok(seconds)
}

/// The step that moves the clock on by `seconds` (a whole number written as one).
pub fn advance_step(seconds: f64) -> Json {
    if seconds.fract() == 0.0 && seconds.abs() < 9.0e15 {
        object(vec![("advance", (seconds as i64).into())])
    } else {
        object(vec![("advance", seconds.into())])
    }
}

#[function_component(Clock)]
pub fn clock() -> Html {
    let state = use_playground();
    let amount = use_state(|| "30".to_owned());
    let unit = use_state(|| Unit::Seconds);
    let error = use_state(|| None::<String>);
    let now = state.world().now();

    let presets = PRESETS.iter().map(|(label, seconds)| {
        let onclick = {
            let state = state.clone();
            let error = error.clone();
            let seconds = *seconds;
            Callback::from(move |_: MouseEvent| {
                error.set(None);
                state.dispatch(Action::Perform(advance_step(seconds as f64)));
            })
        };
        html! {
            <button type="button" class="clock-button" title={format!("Advance the simulated clock by {seconds} seconds")} {onclick}>
                { *label }
            </button>
        }
    });
    let on_amount = {
        let amount = amount.clone();
        Callback::from(move |event: InputEvent| amount.set(event.target_unchecked_into::<HtmlInputElement>().value()))
    };
    let on_unit = {
        let unit = unit.clone();
        Callback::from(move |event: Event| {
            // A <select>'s `value`, read through the structural `value` getter (the
            // crate's web-sys features have no HtmlSelectElement).
            if let Some(u) = Unit::from_label(&event.target_unchecked_into::<HtmlInputElement>().value()) {
                unit.set(u);
            }
        })
    };
    let onsubmit = {
        let state = state.clone();
        let amount = amount.clone();
        let unit = unit.clone();
        let error = error.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            match custom_seconds(&amount, *unit) {
                Ok(seconds) => {
                    error.set(None);
                    state.dispatch(Action::Perform(advance_step(seconds)));
                }
                Err(e) => error.set(Some(e.to_string())),
            }
        })
    };

    html! {
        <div class="sim-clock" role="group" aria-label="Simulated clock">
            <span class="clock-label">{ "Simulated time" }</span>
            <time class="clock-now mono" datetime={now.rfc3339()} aria-live="polite" aria-label="Simulated time">
                { format_time(now) }
            </time>
            <span class="clock-buttons">{ for presets }</span>
            <form class="clock-custom" {onsubmit}>
                <input type="number" class="clock-amount" aria-label="Amount of time" min="0" step="any"
                    value={(*amount).clone()} oninput={on_amount} />
                <select aria-label="Unit" onchange={on_unit}>
                    { for Unit::ALL.iter().map(|u| html! { <option value={u.label()} selected={*u == *unit}>{ u.label() }</option> }) }
                </select>
                <button type="submit" class="clock-button">{ "Advance" }</button>
            </form>
            if let Some(message) = &*error {
                <span class="clock-error" role="alert">{ message }</span>
            }
        </div>
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn shows_the_lecture_time() {
        assert_eq!(format_time(SimTime::LECTURE), "Sun, 29 Sep 2019 23:17:55 UTC");
        assert_eq!(format_time(SimTime::LECTURE.plus_secs(1_209_600)), "Sun, 13 Oct 2019 23:17:55 UTC");
    }

    #[track_caller]
    fn check_custom(amount: &str, unit: Unit, expected: Result<f64, &str>) {
        match (custom_seconds(amount, unit), expected) {
            (Ok(got), Ok(e)) => assert_eq!(got, e, "{amount} {unit:?}"),
            (Err(got), Err(e)) => assert!(got.to_string().contains(e), "{amount} {unit:?}: {got}"),
            (got, e) => panic!("{amount} {unit:?}: got {got:?}, expected {e:?}"),
        }
    }

    #[test]
    fn custom_amounts() {
        check_custom("30", Unit::Seconds, Ok(30.0));
        check_custom(" 2 ", Unit::Weeks, Ok(1_209_600.0));
        check_custom("1.5", Unit::Minutes, Ok(90.0));
        check_custom("0.25", Unit::Seconds, Ok(0.25));
        check_custom("", Unit::Seconds, Err("is not a number"));
        check_custom("soon", Unit::Days, Err("\"soon\" is not a number"));
        check_custom("0", Unit::Hours, Err("0 hours cannot be advanced by"));
        check_custom("-5", Unit::Seconds, Err("only moves forward"));
        check_custom("inf", Unit::Seconds, Err("cannot be advanced"));
        check_custom("NaN", Unit::Seconds, Err("cannot be advanced"));
        check_custom("1e10", Unit::Weeks, Err("cannot be advanced"));
    }

    #[test]
    fn steps_the_world_accepts() {
        assert_eq!(advance_step(1000.0), json!({"advance": 1000}));
        assert_eq!(advance_step(0.25), json!({"advance": 0.25}));
        for (_, seconds) in PRESETS {
            djsim::scenario::parse_step(0, &advance_step(seconds as f64)).unwrap();
        }
        djsim::scenario::parse_step(0, &advance_step(MAX_ADVANCE)).unwrap();
        assert_eq!(Unit::ALL.map(|u| Unit::from_label(u.label())), Unit::ALL.map(Some));
    }

    #[test]
    fn the_clock_makes_cookies_expire() {
        use crate::state::{Action, State};
        use std::rc::Rc;
        use yew::Reducible;
        let state = Rc::new(State::new()).reduce(Action::Navigate { browser: 0, url: "http://127.0.0.1:8000/session/cookie".into() });
        let names = |s: &State| s.world().jar("A").iter().map(|c| c.name.clone()).collect::<Vec<_>>();
        assert_eq!(names(&state), ["zap", "sakaicar"]);
        let state = state.reduce(Action::Perform(advance_step(999.0)));
        assert_eq!(names(&state), ["zap", "sakaicar"]);
        let state = state.reduce(Action::Perform(advance_step(1.0)));
        assert_eq!(names(&state), ["zap"], "Max-Age=1000 has passed");
        assert_eq!(format_time(state.world().now()), "Sun, 29 Sep 2019 23:34:35 UTC");
    }
}
