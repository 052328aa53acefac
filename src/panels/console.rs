//! Console: the simulated server's terminal (everything `manage.py runserver` prints:
//! its banner, `migrate`'s output, access lines coloured by status as runserver colours
//! them, `print()` output, warnings, tracebacks) and, per browser, a JavaScript-style
//! prompt where `document.cookie` is read or assigned ([`prompt`]).
//!
//! Architecture invariant: the prompt's answers are the World's. A read or assignment
//! is a `document_cookie` step, performed (and recorded) by the reducer through
//! [`ConsoleMemory::evaluate`]; nothing here decides what a jar stores.

pub mod prompt;

use djsim::world::{Applied, ConsoleEntry, World};
use web_sys::{HtmlElement, HtmlInputElement, KeyboardEvent, SubmitEvent};
use yew::prelude::*;

use self::prompt::{describe_outcome, js_string, PromptInput};
use crate::state::Action;
use crate::use_playground;

/// What the Console remembers besides the World's own console lines: each prompt's
/// inputs and answers, and where "Clear" was pressed. Kept in the root state so that it
/// survives switching devtools tabs.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ConsoleMemory {
    /// Every prompt's history, oldest first (each entry names its browser).
    pub entries: Vec<PromptEntry>,
    /// The World's console lines before this index are hidden ("Clear").
    pub cleared_at: usize,
}

/// One statement typed at a browser's prompt, and the answer.
#[derive(Clone, Debug, PartialEq)]
pub struct PromptEntry {
    /// The World's name of the browser (`"A"`).
    pub browser: String,
    pub input: String,
    pub output: PromptOutput,
}

/// A prompt's answer.
#[derive(Clone, Debug, PartialEq)]
pub enum PromptOutput {
    /// The value of a read, as the console echoes a string: `'zap=42; sakaicar=42'`.
    Value(String),
    /// An assignment: the echoed string, and what became of the cookie.
    Assigned { echo: String, stored: bool, note: String },
    /// Not simulated, or the World refused the step: one sentence.
    Error(String),
}

/// How runserver colours a console line. Only access lines are coloured: Django's
/// `ServerFormatter` (the `django.server` logger) styles them by status with the
/// terminal palette (`django.utils.termcolors`, "dark"); everything else (prints,
/// `Not Found:`, `Internal Server Error:` and tracebacks from `django.request`,
/// `Session data corrupted` from `django.security`) goes through the plain console
/// handler, uncoloured.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineTone {
    /// Not an access line, or `HTTP_SUCCESS` (2xx): `{}`.
    Plain,
    /// `HTTP_INFO` (1xx): `{'opts': ('bold',)}`.
    Info,
    /// `HTTP_REDIRECT` (3xx): `{'fg': 'green'}`.
    Redirect,
    /// `HTTP_NOT_MODIFIED` (304): `{'fg': 'cyan'}`.
    NotModified,
    /// `HTTP_NOT_FOUND` (404): `{'fg': 'yellow'}`.
    NotFound,
    /// `HTTP_BAD_REQUEST` (other 4xx): `{'fg': 'red', 'opts': ('bold',)}`.
    BadRequest,
    /// `HTTP_SERVER_ERROR` (5xx and anything else): `{'fg': 'magenta', 'opts': ('bold',)}`.
    ServerError,
}

impl ConsoleMemory {
    /// Runs `input` typed at `browser`'s prompt on the World (a `document_cookie` step,
    /// recorded), and remembers the input and the answer.
    pub fn evaluate(&mut self, world: &mut World, browser: &str, input: &str) {
        let step = |assign: serde_json::Value| crate::json::object(vec![("browser", browser.into()), ("document_cookie", assign)]);
        let output = match prompt::parse(input) {
            Err(error) => PromptOutput::Error(error.to_string()),
            Ok(PromptInput::Read) => match world.perform(step(serde_json::Value::Null)) {
                Ok(Applied::DocumentCookie(value)) => PromptOutput::Value(js_string(&value)),
                Ok(other) => PromptOutput::Error(format!("The World answered a read with {other:?}.")),
                Err(error) => PromptOutput::Error(error),
            },
            Ok(PromptInput::Assign(value)) => match world.perform(step(serde_json::Value::String(value.clone()))) {
                Ok(Applied::SetCookie(outcome)) => {
                    let (stored, note) = describe_outcome(&outcome);
                    PromptOutput::Assigned { echo: js_string(&value), stored, note }
                }
                Ok(other) => PromptOutput::Error(format!("The World answered an assignment with {other:?}.")),
                Err(error) => PromptOutput::Error(error),
            },
        };
        self.entries.push(PromptEntry { browser: browser.to_owned(), input: input.trim().to_owned(), output });
    }

    /// "Clear": hides the `console_len` server lines printed so far and every prompt's history.
    pub fn clear(&mut self, console_len: usize) {
        self.cleared_at = console_len;
        self.entries.clear();
    }

    /// The inputs typed at `browser`'s prompt, oldest first (for ArrowUp/ArrowDown).
    pub fn inputs(&self, browser: &str) -> Vec<String> {
        self.entries.iter().filter(|e| e.browser == browser).map(|e| e.input.clone()).collect()
    }
}

/// The colour runserver gives `line`: `ServerFormatter.format`'s choice, "if 200 <=
/// status_code < 300: … HTTP_SUCCESS, elif 100 <= status_code < 200: HTTP_INFO, elif
/// status_code == 304: HTTP_NOT_MODIFIED, elif 300 <= status_code < 400: HTTP_REDIRECT,
/// elif status_code == 404: HTTP_NOT_FOUND, elif 400 <= status_code < 500:
/// HTTP_BAD_REQUEST, else: HTTP_SERVER_ERROR".
pub fn line_tone(line: &ConsoleEntry) -> LineTone {
    let Some(status) = access_status(&line.text) else { return LineTone::Plain };
    match status {
        200..=299 => LineTone::Plain,
        100..=199 => LineTone::Info,
        304 => LineTone::NotModified,
        300..=399 => LineTone::Redirect,
        404 => LineTone::NotFound,
        400..=499 => LineTone::BadRequest,
        _ => LineTone::ServerError,
    }
}

/// The status of a runserver access line, `[29/Sep/2019 23:17:55] "GET / HTTP/1.1" 404 179`.
pub fn access_status(text: &str) -> Option<u16> {
    let rest = text.strip_prefix('[')?;
    let (_, rest) = rest.split_once("] \"")?;
    let (_, rest) = rest.rsplit_once("\" ")?;
    let status = rest.split(' ').next()?;
    if status.len() == 3 { status.parse().ok() } else { None }
}

impl LineTone {
    fn class(self) -> Option<&'static str> {
        match self {
            LineTone::Plain => None,
            LineTone::Info => Some("tone-info"),
            LineTone::Redirect => Some("tone-redirect"),
            LineTone::NotModified => Some("tone-not-modified"),
            LineTone::NotFound => Some("tone-not-found"),
            LineTone::BadRequest => Some("tone-bad-request"),
            LineTone::ServerError => Some("tone-server-error"),
        }
    }
}

#[function_component(ConsolePanel)]
pub fn console_panel() -> Html {
    let state = use_playground();
    let world = state.world();
    let all = world.console();
    let from = state.console.cleared_at.min(all.len());
    let shown = &all[from..];
    let log_ref = use_node_ref();

    // Auto-scroll to the end whenever lines arrive.
    {
        let log_ref = log_ref.clone();
        use_effect_with((all.len(), from), move |_| {
            if let Some(log) = log_ref.cast::<HtmlElement>() {
                log.set_scroll_top(log.scroll_height());
            }
        });
    }

    // Keyed by position in the World's console: a new line is appended, not a
    // re-render of every line (Yew matches unkeyed children from the end).
    let lines = shown.iter().enumerate().map(|(i, line)| {
        html! {
            <div key={from + i} class={classes!("console-line", line.stderr.then_some("stderr"), line_tone(line).class())}>{ &line.text }</div>
        }
    });
    let onclear = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::ClearConsole))
    };
    let browsers = world.browser_names();
    let prompts = browsers.iter().map(|name| {
        let private = world.browser(name).is_some_and(|b| b.private);
        let entries: Vec<PromptEntry> = state.console.entries.iter().filter(|e| &e.browser == name).cloned().collect();
        html! { <JsPrompt key={name.clone()} browser={name.clone()} {private} {entries} /> }
    });

    html! {
        <div class="console-panel">
            <div class="console-toolbar">
                <button type="button" class="console-clear" title="Clear the console" onclick={onclear}>{ "Clear" }</button>
                <span class="console-title">{ "Server console (runserver)" }</span>
            </div>
            <div class="console-lines mono" role="log" aria-label="Server console" tabindex="0" ref={log_ref}>
                { for lines }
            </div>
            <p class="console-empty" hidden={!shown.is_empty()}>{ "Nothing printed since the console was cleared." }</p>
            <div class="js-consoles">{ for prompts }</div>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct JsPromptProps {
    browser: String,
    private: bool,
    entries: Vec<PromptEntry>,
}

/// One browser's JavaScript console: its history and its input line.
#[function_component(JsPrompt)]
fn js_prompt(props: &JsPromptProps) -> Html {
    let state = use_playground();
    let text = use_state(String::new);
    // Where ArrowUp/ArrowDown stand in this prompt's inputs (`None`: the line being typed).
    let recall = use_state(|| None::<usize>);
    let history_ref = use_node_ref();
    {
        let history_ref = history_ref.clone();
        use_effect_with(props.entries.len(), move |_| {
            if let Some(history) = history_ref.cast::<HtmlElement>() {
                history.set_scroll_top(history.scroll_height());
            }
        });
    }
    let title = format!("Browser {}", props.browser);
    let label = format!("document.cookie for {title}");

    let oninput = {
        let text = text.clone();
        let recall = recall.clone();
        Callback::from(move |event: InputEvent| {
            let input: HtmlInputElement = event.target_unchecked_into();
            text.set(input.value());
            recall.set(None);
        })
    };
    let onsubmit = {
        let state = state.clone();
        let text = text.clone();
        let recall = recall.clone();
        let browser = props.browser.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            if text.trim().is_empty() {
                return;
            }
            state.dispatch(Action::ConsoleInput { browser: browser.clone(), input: (*text).clone() });
            text.set(String::new());
            recall.set(None);
        })
    };
    let onkeydown = {
        let text = text.clone();
        let recall = recall.clone();
        let inputs: Vec<String> = props.entries.iter().map(|e| e.input.clone()).collect();
        Callback::from(move |event: KeyboardEvent| {
            let next = match (event.key().as_str(), *recall) {
                ("ArrowUp", None) if !inputs.is_empty() => Some(Some(inputs.len() - 1)),
                ("ArrowUp", Some(i)) => Some(Some(i.saturating_sub(1))),
                ("ArrowDown", Some(i)) if i + 1 < inputs.len() => Some(Some(i + 1)),
                ("ArrowDown", Some(_)) => Some(None),
                _ => None,
            };
            if let Some(next) = next {
                event.prevent_default();
                text.set(next.and_then(|i| inputs.get(i).cloned()).unwrap_or_default());
                recall.set(next);
            }
        })
    };

    let history = props.entries.iter().enumerate().map(|(i, entry)| {
        let output = match &entry.output {
            PromptOutput::Value(value) => html! { <li class="js-result">{ value }</li> },
            PromptOutput::Assigned { echo, stored, note } => html! {
                <>
                    <li class="js-result">{ echo }</li>
                    <li class={classes!("js-note", if *stored { "ok" } else { "refused" })}>{ note }</li>
                </>
            },
            PromptOutput::Error(message) => html! { <li class="js-error">{ message }</li> },
        };
        html! {
            <li key={i} class="js-entry">
                <ol>
                    <li class="js-input">{ &entry.input }</li>
                    { output }
                </ol>
            </li>
        }
    });

    html! {
        <section class="js-console" aria-label={format!("JavaScript console of {title}")}>
            <h4>
                { format!("{title} \u{2014} page script") }
                if props.private {
                    <span class="private-badge">{ "private" }</span>
                }
            </h4>
            <ol class="js-history mono" role="log" aria-label={format!("Console history of {title}")} ref={history_ref}>
                { for history }
            </ol>
            <form class="js-prompt" {onsubmit}>
                <span class="js-caret mono" aria-hidden="true">{ "\u{203a}" }</span>
                <input
                    type="text"
                    class="mono"
                    aria-label={label}
                    placeholder="document.cookie"
                    spellcheck="false"
                    autocomplete="off"
                    value={(*text).clone()}
                    {oninput}
                    {onkeydown}
                />
            </form>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use djsim::time::SimTime;

    fn line(text: &str, level: Option<&str>) -> ConsoleEntry {
        ConsoleEntry { at: SimTime::LECTURE, stderr: true, level: level.map(str::to_owned), text: text.to_owned() }
    }

    #[track_caller]
    fn check_tone(text: &str, level: Option<&str>, tone: LineTone) {
        assert_eq!(line_tone(&line(text, level)), tone, "{text:?} {level:?}");
    }

    #[test]
    fn tones() {
        let at = "[29/Sep/2019 23:17:55] \"GET /session/x HTTP/1.1\"";
        check_tone(&format!("{at} 200 449"), Some("INFO"), LineTone::Plain);
        check_tone(&format!("{at} 101 0"), Some("INFO"), LineTone::Info);
        check_tone(&format!("{at} 302 0"), Some("INFO"), LineTone::Redirect);
        check_tone(&format!("{at} 304 0"), Some("INFO"), LineTone::NotModified);
        check_tone(&format!("{at} 404 2990"), Some("WARNING"), LineTone::NotFound);
        check_tone(&format!("{at} 403 2990"), Some("WARNING"), LineTone::BadRequest);
        check_tone(&format!("{at} 500 61234"), Some("ERROR"), LineTone::ServerError);
        check_tone("[29/Sep/2019 23:17:55] \"GET /a\" b HTTP/1.1\" 400 12", None, LineTone::BadRequest);
        // django.request and django.security go through the plain console handler.
        check_tone("Session data corrupted", Some("WARNING"), LineTone::Plain);
        check_tone("Internal Server Error: /session/cookie2", Some("ERROR"), LineTone::Plain);
        check_tone("Not Found: /nope", Some("WARNING"), LineTone::Plain);
        check_tone("{'zap': '42'}", None, LineTone::Plain);
        check_tone("  File \"/x.py\", line 3, in cookie2", None, LineTone::Plain);
        check_tone("[not an access line] 500", None, LineTone::Plain);
        check_tone(&format!("{at} 2000 1"), None, LineTone::Plain);
    }

    /// Every line a World prints gets a tone; access lines are found in real output.
    #[test]
    fn tones_of_a_session() {
        let mut world = World::lecture();
        for path in ["/session/", "/session/nope", "/session/login", "/session/logout"] {
            world.navigate("A", &format!("http://127.0.0.1:8000{path}")).unwrap();
        }
        let tones: Vec<(u16, LineTone)> = world.console().iter().filter_map(|l| Some((access_status(&l.text)?, line_tone(l)))).collect();
        assert!(tones.contains(&(200, LineTone::Plain)) && tones.contains(&(404, LineTone::NotFound)), "{tones:?}");
        assert_eq!(tones.len(), 4, "one access line per request: {tones:?}");
    }

    #[track_caller]
    fn check_prompt(world: &mut World, input: &str, expected: PromptOutput) {
        let mut memory = ConsoleMemory::default();
        memory.evaluate(world, "A", input);
        assert_eq!(memory.entries[0].output, expected, "{input:?}");
    }

    #[test]
    fn prompt_reads_and_assigns_through_the_world() {
        let mut world = World::lecture();
        world.navigate("A", "http://127.0.0.1:8000/session/cookie").unwrap();
        check_prompt(&mut world, "document.cookie", PromptOutput::Value("'zap=42; sakaicar=42'".into()));
        check_prompt(
            &mut world,
            "document.cookie = \"theme=dark; Path=/\"",
            PromptOutput::Assigned { echo: "'theme=dark; Path=/'".into(), stored: true, note: "Stored: a new cookie in the jar.".into() },
        );
        check_prompt(&mut world, "document.cookie;", PromptOutput::Value("'zap=42; sakaicar=42; theme=dark'".into()));
        let PromptOutput::Assigned { stored: false, note, .. } = ({
            let mut memory = ConsoleMemory::default();
            memory.evaluate(&mut world, "A", "document.cookie = 'x=1; Domain=example.com'");
            memory.entries.remove(0).output
        }) else {
            panic!("a foreign Domain is refused")
        };
        assert!(note.contains("InvalidDomain"), "{note}");
        check_prompt(&mut world, "alert(1)", PromptOutput::Error(prompt::parse("alert(1)").unwrap_err().to_string()));
        // Every read and assignment is a recorded step; the refused input is not.
        let steps: Vec<String> = world.recorded().iter().map(|s| s.to_string()).collect();
        assert_eq!(
            steps,
            [
                r#"{"browser":"A","document_cookie":null}"#,
                r#"{"browser":"A","document_cookie":"theme=dark; Path=/"}"#,
                r#"{"browser":"A","document_cookie":null}"#,
                r#"{"browser":"A","document_cookie":"x=1; Domain=example.com"}"#,
            ]
        );
    }

    #[test]
    fn clear_hides_what_was_printed() {
        let mut memory = ConsoleMemory::default();
        let mut world = World::lecture();
        memory.evaluate(&mut world, "A", "document.cookie");
        memory.evaluate(&mut world, "B", "document.cookie");
        assert_eq!(memory.inputs("A"), ["document.cookie"]);
        memory.clear(7);
        assert_eq!(memory, ConsoleMemory { entries: Vec::new(), cleared_at: 7 });
    }
}
