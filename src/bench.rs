//! The benchmark page: the playground opened with `?bench` (`?bench=auto` runs at once)
//! measures, in this browser and in this very build:
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

use std::rc::Rc;

use yew::prelude::*;

/// How many times each timed figure is measured (the best and the median are shown).
pub const RUNS: usize = 3;

/// Renders the benchmark page instead of the playground when the page's query string
/// asks for it (`?bench`, `?bench=auto`); returns whether it did.
pub fn start() -> bool {
    let search = web_sys::window().and_then(|w| w.location().search().ok()).unwrap_or_default();
    let Some(auto) = requested(&search) else { return false };
    yew::Renderer::<BenchPage>::with_props(BenchProps { auto }).render();
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
            Unit::Millis => format!("{value:.1} ms"),
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
    let digits = format!("{:.0}", value.abs());
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

#[derive(Properties, PartialEq)]
pub struct BenchProps {
    /// Run at once (`?bench=auto`), without waiting for "Run".
    pub auto: bool,
}

/// The page's own state: the figures so far and where the run is.
#[derive(Clone, Default, PartialEq)]
struct Run {
    figures: Vec<Figure>,
    running: bool,
    /// What is being measured now.
    activity: String,
    /// `Some(Ok)` when all figures are in, `Some(Err(why))` when the run stopped.
    outcome: Option<Result<(), String>>,
}

enum Event {
    Start,
    Activity(String),
    Figure(Figure),
    Finish(Result<(), String>),
}

impl Reducible for Run {
    type Action = Event;
    fn reduce(self: Rc<Self>, event: Event) -> Rc<Self> {
        let mut next = (*self).clone();
        match event {
            Event::Start => next = Run { running: true, ..Run::default() },
            Event::Activity(text) => next.activity = text,
            Event::Figure(figure) => {
                web_sys::console::log_1(&figure.line().into());
                next.figures.push(figure);
            }
            Event::Finish(outcome) => {
                next.running = false;
                next.activity = match &outcome {
                    Ok(()) => format!("Done: {} figures.", next.figures.len()),
                    Err(why) => format!("Stopped: {why}"),
                };
                if let Err(why) = &outcome {
                    web_sys::console::error_1(&format!("bench: stopped: {why}").into());
                }
                next.outcome = Some(outcome);
            }
        }
        Rc::new(next)
    }
}

/// Reports progress and figures to the page.
#[derive(Clone)]
pub struct Reporter(UseReducerDispatcher<Run>);

impl Reporter {
    pub fn activity(&self, text: impl Into<String>) {
        self.0.dispatch(Event::Activity(text.into()));
    }
    pub fn figure(&self, figure: Figure) {
        self.0.dispatch(Event::Figure(figure));
    }
}

async fn run_all(reporter: Reporter) -> Result<(), String> {
    sim::run(&reporter).await?;
    ui::run(&reporter).await
}

#[function_component(BenchPage)]
pub fn bench_page(props: &BenchProps) -> Html {
    let run = use_reducer(Run::default);
    let start = {
        let dispatcher = run.dispatcher();
        Callback::from(move |()| {
            dispatcher.dispatch(Event::Start);
            let dispatcher = dispatcher.clone();
            yew::platform::spawn_local(async move {
                // Let the page show that it started before the first long measurement.
                frame::next_frame().await;
                let outcome = run_all(Reporter(dispatcher.clone())).await;
                dispatcher.dispatch(Event::Finish(outcome));
            });
        })
    };
    {
        let start = start.clone();
        use_effect_with(props.auto, move |auto| {
            if *auto {
                start.emit(());
            }
        });
    }
    let onclick = start.reform(|_: MouseEvent| ());
    let done = run.outcome.as_ref().map(|outcome| if outcome.is_ok() { "ok" } else { "error" });
    let rows = run.figures.iter().map(|figure| {
        let timed = !matches!(figure.unit, Unit::Count(_));
        let met = match figure.met() {
            Some(true) => "met",
            Some(false) => "missed",
            None => "",
        };
        let runs = figure.runs.iter().map(|&v| figure.value_text(v)).collect::<Vec<_>>().join(", ");
        let (median, runs) = if timed { (figure.value_text(figure.median()), runs) } else { Default::default() };
        let cells = [figure.value_text(figure.best()), median, runs, figure.target_text().unwrap_or_default(), met.to_owned()];
        html! {
            <tr class={(met == "missed").then_some("missed")}>
                <th scope="row">{ &figure.name }</th>
                { for cells.into_iter().enumerate().map(|(i, cell)| html! { <td class={(i < 3).then_some("num")}>{ cell }</td> }) }
            </tr>
        }
    });
    let lines: String = run.figures.iter().map(|f| f.line() + "\n").collect();
    html! {
        <main class="bench" data-done={done}>
            <h1>{ "Playground benchmarks" }</h1>
            <p>
                { "The simulation's throughput (sessfun through World, jar, server and SQLite), then the page itself \
                   with 10,000 browsers that each hold a session: 10,000 requests in the Network log and 10,000 \
                   django_session rows. Each action is timed from the DOM event to the first frame that shows its \
                   result, " }
                { RUNS }{ " times (best and median). The playground under test is below." }
            </p>
            <p>
                <button type="button" class="bench-run" {onclick} disabled={run.running}>{ "Run" }</button>
                { " " }<span role="status" aria-label="Benchmark progress">{ &run.activity }</span>
            </p>
            if let Some(Err(why)) = &run.outcome {
                <p class="bench-error" role="alert">{ why }</p>
            }
            <table class="bench-results" role="table" aria-label="Benchmark results">
                <thead>
                    <tr>{ for ["Figure", "Best", "Median", "Runs", "Target", "Met"].into_iter().map(|h| html! { <th scope="col">{ h }</th> }) }</tr>
                </thead>
                <tbody>{ for rows }</tbody>
            </table>
            <pre class="bench-lines" aria-label="Benchmark lines">{ lines }</pre>
        </main>
    }
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
