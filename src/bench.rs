//! The benchmark page: the benchmark build of the playground (`--features bench`, which
//! scripts/release.sh builds into dist-bench/ through the same pipeline as dist/) opened
//! with `?bench` (`?bench=auto` runs at once) measures, in this browser and in the
//! release's code:
//!
//! - the simulation's throughput ([`sim`]): `sessfun` through the whole stack (World,
//!   jar, server, SQLite), `djsim::bench`'s workloads with `performance.now()` as their
//!   clock (the core reads none);
//! - the page with 10,000 browsers that each made a request and hold a session
//!   ([`ui`]): 10,000 requests in the Network log and 10,000 `django_session` rows. The
//!   real App is mounted below the results; selecting, filtering and sending one more
//!   request are timed from the DOM event to the first frame that shows the result.
//!
//! Each figure is a row of the results table and a line `bench: NAME: VALUE UNIT …` (also
//! on the console); the page's root gets `data-done` (`ok` or `error`) at the end.
//! Figures are printed, never asserted: `tools/e2e-bench.mjs` only checks that they are
//! all there and sane.

mod frame;
mod sim;
mod ui;

use std::cell::Cell;
use std::rc::Rc;

use wasm_bindgen::JsValue;
use web_sys::Element;

/// How many times each timed figure is measured (the best and the median are shown).
pub const RUNS: usize = 3;

/// Renders the benchmark page instead of the playground when the page's query string
/// asks for it (`?bench`, `?bench=auto`); returns whether it did.
pub fn start() -> bool {
    let search = web_sys::window().and_then(|w| w.location().search().ok()).unwrap_or_default();
    let Some(auto) = requested(&search) else { return false };
    if let Err(error) = mount(auto) {
        web_sys::console::error_2(&"bench: the page could not be built:".into(), &error);
    }
    true
}

/// `Some(auto)` when the query string asks for the benchmark page: `?bench` (run on
/// "Run") or `?bench=auto` (run at once).
pub fn requested(search: &str) -> Option<bool> {
    let query = search.strip_prefix('?').unwrap_or(search);
    query.split('&').find_map(|pair| match pair.split_once('=') {
        None if pair == "bench" => Some(false),
        Some(("bench", value)) => Some(value == "auto"),
        _ => None,
    })
}

/// What a figure counts or measures.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Unit {
    /// Requests per second (more is better); the target is a minimum.
    PerSecond,
    /// Milliseconds (less is better); the target is a maximum.
    Millis,
    /// A count of something simulated (its noun, plural), checked, not timed.
    Count(&'static str),
}

/// One measured figure: each run's value.
#[derive(Clone, Debug, PartialEq)]
pub struct Figure {
    pub name: String,
    pub unit: Unit,
    pub runs: Vec<f64>,
    pub target: Option<f64>,
}

impl Figure {
    pub fn new(name: impl Into<String>, unit: Unit, runs: Vec<f64>, target: Option<f64>) -> Figure {
        Figure { name: name.into(), unit, runs, target }
    }

    pub fn count(name: impl Into<String>, n: usize, noun: &'static str) -> Figure {
        Figure::new(name, Unit::Count(noun), vec![n as f64], None)
    }

    /// The best run: the highest rate, the shortest time.
    pub fn best(&self) -> f64 {
        let runs = self.runs.iter().copied();
        match self.unit {
            Unit::PerSecond => runs.fold(f64::NEG_INFINITY, f64::max),
            Unit::Millis => runs.fold(f64::INFINITY, f64::min),
            Unit::Count(_) => self.runs.first().copied().unwrap_or(0.0),
        }
    }

    pub fn median(&self) -> f64 {
        // An insertion sort: a handful of runs (and no second sort in the page's code).
        let mut runs: Vec<f64> = Vec::with_capacity(self.runs.len());
        for &v in &self.runs {
            let at = runs.iter().position(|&r| r > v).unwrap_or(runs.len());
            runs.insert(at, v);
        }
        match runs.len() {
            0 => 0.0,
            n if n % 2 == 1 => runs[n / 2],
            n => (runs[n / 2 - 1] + runs[n / 2]) / 2.0,
        }
    }

    /// Whether the best run meets the target.
    pub fn met(&self) -> Option<bool> {
        let target = self.target?;
        Some(match self.unit {
            Unit::PerSecond => self.best() >= target,
            Unit::Millis => self.best() < target,
            Unit::Count(_) => true,
        })
    }

    /// `value` with its unit: `45,123 req/s`, `12.3 ms`, `10,000 rows`.
    pub fn value_text(&self, value: f64) -> String {
        match self.unit {
            Unit::PerSecond => format!("{} req/s", thousands(value)),
            Unit::Millis => format!("{} ms", djsim::float::fixed(value, 1)),
            // "1 row", "10,000 rows"
            Unit::Count(noun) if value == 1.0 => format!("1 {}", noun.strip_suffix('s').unwrap_or(noun)),
            Unit::Count(noun) => format!("{} {noun}", thousands(value)),
        }
    }

    pub fn target_text(&self) -> Option<String> {
        let target = self.target?;
        Some(match self.unit {
            Unit::PerSecond => format!("\u{2265} {}", self.value_text(target)),
            Unit::Millis => format!("< {} ms", thousands(target)),
            Unit::Count(_) => self.value_text(target),
        })
    }

    /// The machine-readable line: `bench: NAME: VALUE UNIT (best of 3; median …; target …)`.
    pub fn line(&self) -> String {
        let mut line = format!("bench: {}: {}", self.name, self.value_text(self.best()));
        if !matches!(self.unit, Unit::Count(_)) {
            line.push_str(&format!(" (best of {}; median {}", self.runs.len(), self.value_text(self.median())));
            if let (Some(target), Some(met)) = (self.target_text(), self.met()) {
                line.push_str(&format!("; target {target}: {}", if met { "met" } else { "MISSED" }));
            }
            line.push(')');
        }
        line
    }
}

/// `12345.6` → `12,346`.
pub fn thousands(value: f64) -> String {
    let digits = djsim::float::fixed(value.abs(), 0);
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if value < -0.5 {
        out.insert(0, '-');
    }
    out
}

/// The page: its elements, filled as the run goes. Plain DOM, not a Yew component: a
/// page few people open should not cost the playground's code a component's machinery.
struct Page {
    root: Element,
    button: Element,
    status: Element,
    alert: Element,
    rows: Element,
    lines: Element,
    figures: Cell<usize>,
}

/// Reports progress and figures to the page (and each figure's line to the console).
#[derive(Clone)]
pub struct Reporter(Rc<Page>);

impl Reporter {
    pub fn activity(&self, text: impl Into<String>) {
        self.0.status.set_text_content(Some(&text.into()));
    }

    pub fn figure(&self, figure: Figure) {
        let page = &self.0;
        let line = figure.line();
        web_sys::console::log_1(&line.as_str().into());
        let _ = page.lines.append_with_str_1(&format!("{line}\n"));
        let timed = !matches!(figure.unit, Unit::Count(_));
        let met = match figure.met() {
            Some(true) => "met",
            Some(false) => "missed",
            None => "",
        };
        let runs = figure.runs.iter().map(|&v| figure.value_text(v)).collect::<Vec<_>>().join(", ");
        let (median, runs) = if timed { (figure.value_text(figure.median()), runs) } else { Default::default() };
        let cells = [figure.value_text(figure.best()), median, runs, figure.target_text().unwrap_or_default(), met.to_owned()];
        let Ok(row) = element(&page.rows, "tr", None, "") else { return };
        if met == "missed" {
            row.set_class_name("missed");
        }
        let _ = element(&row, "th", None, &figure.name).map(|th| th.set_attribute("scope", "row"));
        for (i, cell) in cells.iter().enumerate() {
            let _ = element(&row, "td", (i < 3).then_some("num"), cell);
        }
        page.figures.set(page.figures.get() + 1);
    }

    fn start(&self) {
        let page = &self.0;
        let _ = page.button.set_attribute("disabled", "");
        let _ = page.root.remove_attribute("data-done");
        page.alert.set_text_content(None);
        page.rows.set_text_content(None);
        page.lines.set_text_content(None);
        page.figures.set(0);
    }

    fn finish(&self, outcome: Result<(), String>) {
        let page = &self.0;
        let _ = page.button.remove_attribute("disabled");
        match &outcome {
            Ok(()) => self.activity(format!("Done: {} figures.", page.figures.get())),
            Err(why) => {
                self.activity(format!("Stopped: {why}"));
                page.alert.set_text_content(Some(why));
                web_sys::console::error_1(&format!("bench: stopped: {why}").into());
            }
        }
        let _ = page.root.set_attribute("data-done", if outcome.is_ok() { "ok" } else { "error" });
    }

    /// Runs every benchmark (unless a run is going on).
    fn run(&self) {
        if self.0.button.has_attribute("disabled") {
            return;
        }
        self.start();
        let reporter = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            // Let the page show that it started before the first long measurement.
            frame::next_frame().await;
            let outcome = run_all(&reporter).await;
            reporter.finish(outcome);
        });
    }
}

async fn run_all(reporter: &Reporter) -> Result<(), String> {
    sim::run(reporter).await?;
    ui::run(reporter).await
}

/// A new `tag` at the end of `parent`, with a class and a text.
fn element(parent: &Element, tag: &str, class: Option<&str>, text: &str) -> Result<Element, JsValue> {
    let document = parent.owner_document().ok_or("no document")?;
    let element = document.create_element(tag)?;
    if let Some(class) = class {
        element.set_class_name(class);
    }
    if !text.is_empty() {
        element.set_text_content(Some(text));
    }
    parent.append_child(&element)?;
    Ok(element)
}

/// Builds the page in the document's body; runs at once when `auto`.
fn mount(auto: bool) -> Result<(), JsValue> {
    let document = web_sys::window().and_then(|w| w.document()).ok_or("no document")?;
    let body = document.body().ok_or("no body")?;
    // The page's own stylesheet comes with its code (index.html, the release page's, has
    // only the playground's).
    let head = document.query_selector("head")?.ok_or("no head")?;
    element(&head, "style", None, include_str!("../static/bench.css"))?;
    let root = element(&body, "main", Some("bench"), "")?;
    element(&root, "h1", None, "Playground benchmarks")?;
    element(
        &root,
        "p",
        None,
        &format!(
            "The simulation's throughput (sessfun through World, jar, server and SQLite), then the page itself with \
             10,000 browsers that each hold a session: 10,000 requests in the Network log and 10,000 django_session \
             rows. Each action is timed from the DOM event to the first frame that shows its result, {RUNS} times \
             (best and median). The playground under test is below."
        ),
    )?;
    let controls = element(&root, "p", None, "")?;
    let button = element(&controls, "button", Some("bench-run"), "Run")?;
    button.set_attribute("type", "button")?;
    let status = element(&controls, "span", None, "")?;
    status.set_attribute("role", "status")?;
    status.set_attribute("aria-label", "Benchmark progress")?;
    let alert = element(&root, "p", Some("bench-error"), "")?;
    alert.set_attribute("role", "alert")?;
    let table = element(&root, "table", Some("bench-results"), "")?;
    table.set_attribute("role", "table")?;
    table.set_attribute("aria-label", "Benchmark results")?;
    let head = element(&element(&table, "thead", None, "")?, "tr", None, "")?;
    for name in ["Figure", "Best", "Median", "Runs", "Target", "Met"] {
        element(&head, "th", None, name)?.set_attribute("scope", "col")?;
    }
    let rows = element(&table, "tbody", None, "")?;
    let lines = element(&root, "pre", Some("bench-lines"), "")?;
    lines.set_attribute("aria-label", "Benchmark lines")?;
    let reporter = Reporter(Rc::new(Page { root, button: button.clone(), status, alert, rows, lines, figures: Cell::new(0) }));
    let run = reporter.clone();
    // The page's one button lives as long as the page.
    gloo::events::EventListener::new(&button, "click", move |_| run.run()).forget();
    if auto {
        reporter.run();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_strings() {
        for (search, expected) in [
            ("?bench", Some(false)),
            ("?bench=auto", Some(true)),
            ("?x=1&bench=auto", Some(true)),
            ("?bench=", Some(false)),
            ("", None),
            ("?benchmark", None),
            ("?s=bench", None),
        ] {
            assert_eq!(requested(search), expected, "{search:?}");
        }
    }

    #[test]
    fn figures() {
        let rate = Figure::new("sessfun", Unit::PerSecond, vec![21_000.4, 45_123.0, 30_000.0], Some(20_000.0));
        assert_eq!(rate.line(), "bench: sessfun: 45,123 req/s (best of 3; median 30,000 req/s; target \u{2265} 20,000 req/s: met)");
        let time = Figure::new("select", Unit::Millis, vec![120.0, 101.25, 130.0], Some(100.0));
        assert_eq!(time.line(), "bench: select: 101.2 ms (best of 3; median 120.0 ms; target < 100 ms: MISSED)");
        assert_eq!(Figure::count("rows", 10_000, "rows").line(), "bench: rows: 10,000 rows");
        assert_eq!(Figure::new("m", Unit::Millis, vec![1.0, 3.0], None).median(), 2.0);
        assert_eq!((thousands(999.0), thousands(1000.0), thousands(1_234_567.0), thousands(0.0)), ("999".into(), "1,000".into(), "1,234,567".into(), "0".into()));
    }
}
