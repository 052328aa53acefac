//! The one root reducer: the simulated [`World`] plus what only the page has (the
//! address bars' text, the selected devtools tab and request, the lesson followed, a
//! notice). Every component reads it through the context that [`crate::App`]
//! provides and changes it only by dispatching an [`Action`].
//!
//! Architecture invariants: the page never decides anything Django or a browser's
//! cookie jar decides; it asks the World and renders the answer. Every change to the
//! World is a `djsim` scenario step given to `World::perform` (so it is recorded):
//! `world.to_scenario()` rebuilds the whole playground, which is what saving, sharing
//! and export rely on. The browser tabs are derived from the recorded steps, never
//! kept apart from them.

use std::cell::{Ref, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

use djsim::browser::Url;
use djsim::world::{Applied, PageView, World};
use serde_json::Value as Json;
use yew::prelude::*;

use crate::json::object;
use crate::lessons::{self, Lesson, LessonProgress};
use crate::persist::Saved;

/// The address Browser A opens when the page starts: the lecture's page.
pub const START_URL: &str = "http://127.0.0.1:8000/session/";

/// The handle every component gets from the context.
pub type StateHandle = UseReducerHandle<State>;

/// Everything the page renders.
pub struct State {
    /// The World is not `Clone`; states share it and `revision` tells them apart.
    world: Rc<RefCell<World>>,
    /// Bumped by every action, so that two states with one revision render alike.
    pub revision: u64,
    /// The browser windows shown, in the order they were opened (derived from the
    /// World's recorded steps, so a restored World shows the same tabs).
    pub browsers: Vec<BrowserTab>,
    /// Index into `browsers` of the tab in front.
    pub active: usize,
    /// Changes whenever `browsers` gets or loses a window or one's name, privacy or
    /// closed state changes (not its address): the tab strip re-renders only then.
    pub tabs_version: u64,
    pub devtools: DevtoolsTab,
    /// The network entry (its `id`) whose details the Network panel shows.
    pub selected_request: Option<usize>,
    /// Why the last [`Action::Perform`] failed, if it did (shown to the person).
    pub last_error: Option<String>,
    /// A message about the whole playground (a saved state or a link that could not be
    /// restored, an import that failed), shown in a banner until dismissed.
    pub notice: Option<Notice>,
    /// The lesson being followed, if any.
    pub lesson: Option<LessonProgress>,
    /// How many steps the World had recorded when the lesson's current step was shown:
    /// the steps recorded since are what the person did themselves (see
    /// [`State::note_lesson_step`]).
    lesson_mark: usize,
    /// What the last [`Action::Perform`] gave, if it succeeded (e.g. what became of a
    /// `document_cookie` assignment); `None` after any other action.
    pub last_applied: Option<djsim::world::Applied>,
    /// The session (its `session_key`) the Database panel shows selected: set by the
    /// Storage panel's "show its database row" link of a `sessionid` cookie.
    pub selected_session: Option<String>,
    /// The Console panel's own memory (the `document.cookie` prompts' histories, where
    /// "Clear" was pressed), kept here so that it survives switching tabs.
    pub console: crate::panels::ConsoleMemory,
    /// The value (e.g. a session key) the person points at: every [`crate::highlight::Value`]
    /// showing the same text is highlighted.
    pub highlight: Option<String>,
    /// The panels' filters, kept here so that they survive switching tabs.
    pub filters: PanelFilters,
    /// The windows the recorded steps opened, as far as they were read (each action
    /// reads only the steps added since: ten thousand steps stay fast).
    scan: TabScan,
}

/// The browser windows derived from the World's recorded steps: (name, closed), in the
/// order they were opened, and how many steps were read.
#[derive(Clone, Debug, Default, PartialEq)]
struct TabScan {
    /// Shared by the states until a step changes it (ten thousand windows stay cheap).
    order: Rc<Vec<(String, bool)>>,
    /// Where each name is in `order`.
    index: Rc<HashMap<String, usize>>,
    scanned: usize,
}

/// One simulated browser's window, as the page keeps it (the World keeps the
/// browser itself: its jar, its history and the pages in its back/forward cache).
#[derive(Clone, Debug, PartialEq)]
pub struct BrowserTab {
    /// The World's name for it (`"A"`), shown as "Browser A".
    pub name: String,
    /// The address bar's text (what the person typed, until they press Enter).
    pub address: String,
    /// The last request could not be made: the World's error, shown instead of a page.
    pub error: Option<String>,
    /// A private window: its own jar, forgotten when it is closed.
    pub private: bool,
    /// The window was closed (its session cookies are gone); it opens again on the
    /// next address typed.
    pub closed: bool,
}

/// What the Network and Storage panels' own controls hide (their filters, Persist
/// Logs, Clear): the page's, not the World's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PanelFilters {
    /// Network's "Filter URLs".
    pub network: String,
    /// Network's "Persist Logs" (on in the playground: comparing requests is the lesson).
    pub network_persist: bool,
    /// Network's "Clear": requests with a smaller id are hidden.
    pub network_cleared_before: usize,
    /// Storage's "Filter".
    pub storage: String,
}

impl Default for PanelFilters {
    fn default() -> Self {
        PanelFilters { network: String::new(), network_persist: true, network_cleared_before: 0, storage: String::new() }
    }
}

/// A banner for the person.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    /// One or two sentences: what happened and what the page did about it.
    pub text: String,
    /// Text the person made that could not be used (a corrupt saved state), offered
    /// for download so that nothing is lost.
    pub kept: Option<String>,
}

/// What the viewport shows.
#[derive(Clone, Debug, PartialEq)]
pub enum Shown {
    Page(PageView),
    /// The request could not be made (the World's error, one sentence).
    Error(String),
    /// A window with no page yet.
    Blank,
    /// A window that was closed.
    Closed,
}

/// The devtools tabs, in the order they appear.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DevtoolsTab {
    Network,
    Storage,
    Console,
    Database,
    Settings,
}

/// Everything that can happen on the page. Every change to the World goes through a
/// `djsim` scenario step, so that it is recorded (export, share and the saved state
/// replay those steps).
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Enter pressed in the address bar of browser `browser` (an index):
    /// `{"browser": "A", "get": url}`.
    Navigate { browser: usize, url: String },
    /// A link in the page was clicked; `href` is the attribute as written:
    /// `{"browser": "A", "get": absolute_url, "initiator": page_url}`.
    FollowLink { browser: usize, href: String },
    /// A form in the page was submitted (`method` and `action` as written, the fields
    /// in tree order): a `post` (or `get`) step with `form` and `initiator`.
    SubmitForm { browser: usize, method: String, action: String, fields: Vec<(String, String)> },
    /// The address bar's text changed (not yet submitted).
    EditAddress { browser: usize, text: String },
    Back(usize),
    Forward(usize),
    Reload(usize),
    SelectBrowser(usize),
    /// Opens one more browser (B, C, …) with an empty cookie jar: `{"browser": "B", "open": "normal"}`.
    AddBrowser,
    /// Opens a private window: `{"browser": "C", "open": "private"}`.
    AddPrivateBrowser,
    /// Closes browser `browser` (an index): `{"browser": "A", "close": true}`. Session
    /// cookies go, persistent ones stay; a private window forgets everything and its
    /// tab goes.
    CloseBrowser(usize),
    SelectDevtools(DevtoolsTab),
    SelectRequest(Option<usize>),
    /// Any change to the simulation, as one `djsim` scenario step (recorded, so the
    /// state can be exported, shared and restored): `{"advance": 1000}`,
    /// `{"browser": "A", "edit_cookie": {…}}`, `{"settings": {…}}`, `{"manage": "clearsessions"}`.
    /// A step that fails leaves the World as it was; its message goes to `last_error`.
    Perform(Json),
    /// Replaces the playground by a `djsim` scenario (an imported file). A scenario
    /// that does not run changes nothing and shows a notice.
    Import(Json),
    /// Starts afresh: the lecture's World, Browser A on the lecture's page.
    Reset,
    Notify(Notice),
    DismissNotice,
    /// Starts (or restarts) the lesson with this id, from its own World.
    StartLesson(String),
    /// Performs the current lesson step's action ("Do it").
    LessonDo,
    /// Shows lesson step `n` (Next / Back).
    LessonGo(usize),
    /// Leaves the lesson (the World stays as it is).
    EndLesson,
    /// "Show its database row" of a session cookie: the Database tab, with the session
    /// whose `session_key` this is selected.
    ShowSession(String),
    /// Typed at the Console's prompt of browser `browser` (the World's name, `"A"`):
    /// `document.cookie` or `document.cookie = "…"`, performed as a `document_cookie`
    /// step (recorded); the input and its answer join that prompt's history.
    ConsoleInput { browser: String, input: String },
    /// The Console's "Clear": hides what the console shows so far.
    ClearConsole,
    /// Opens a session's row in the Database panel (`None`: none).
    SelectSession(Option<String>),
    /// Replaces the World with the one a `djsim run` scenario describes (its steps
    /// replayed), e.g. the same steps under another Django version. The browser tabs
    /// stay (reopened by recorded `open` steps); one without a page in the new World
    /// loads its address again (a recorded `get`). On failure the old World stays and
    /// `last_error` says why.
    LoadScenario(Json),
    /// The person points at (`Some`) or leaves (`None`) a value shown by
    /// [`crate::highlight::Value`]; no change to the World.
    Highlight(Option<String>),
    /// A panel's filter changed (kept across tab switches); no change to the World.
    Filters(PanelFilters),
}

impl State {
    /// The lecture's World, with Browser A showing [`START_URL`].
    pub fn new() -> State {
        let mut state = State::from_world(World::lecture());
        crate::startup::mark(crate::startup::WORLD_BUILT);
        let _ = state.perform_step(object(vec![("browser", "A".into()), ("get", START_URL.into())]), true);
        crate::startup::mark(crate::startup::FIRST_RESPONSE);
        state
    }

    /// A state showing `world` (every browser on its current page).
    pub fn from_world(world: World) -> State {
        let selected_request = world.network().last().map(|entry| entry.id);
        let mut state = State {
            world: Rc::new(RefCell::new(world)),
            revision: 0,
            browsers: Vec::new(),
            active: 0,
            tabs_version: 0,
            devtools: DevtoolsTab::Network,
            selected_request,
            last_error: None,
            notice: None,
            lesson: None,
            lesson_mark: 0,
            last_applied: None,
            selected_session: None,
            console: Default::default(),
            highlight: None,
            filters: PanelFilters::default(),
            scan: TabScan::default(),
        };
        let recorded = state.world().recorded().len();
        state.lesson_mark = recorded;
        state.sync_browsers();
        state
    }

    /// Rebuilds a saved playground: its World from the scenario, and what was in front.
    pub fn restore(saved: &Saved) -> Result<State, String> {
        let scenario = djsim::scenario::Scenario::from_json(&saved.scenario).map_err(|e| e.to_string())?;
        let world = World::from_scenario(&scenario).map_err(|e| e.to_string())?;
        // Replaying the steps made the responses too.
        crate::startup::mark(crate::startup::WORLD_BUILT);
        crate::startup::mark(crate::startup::FIRST_RESPONSE);
        let mut state = State::from_world(world);
        // In front: the saved browser, else (a link, a file) the one the last step used.
        let last_used = state.world().recorded().iter().rev().find_map(|step| step.get("browser")?.as_str().map(str::to_owned));
        for name in [saved.browser.clone(), last_used].into_iter().flatten() {
            if let Some(i) = state.browsers.iter().position(|tab| tab.name == name) {
                state.active = i;
                break;
            }
        }
        if let Some(tab) = saved.devtools.as_deref().and_then(DevtoolsTab::from_key) {
            state.devtools = tab;
        }
        state.lesson = saved.lesson.clone().filter(|progress| {
            lessons::find(&progress.id).is_some_and(|lesson| progress.step < lesson.steps.len() && progress.done.len() == lesson.steps.len())
        });
        Ok(state)
    }

    /// What is saved (and restored by [`State::restore`]).
    pub fn to_saved(&self) -> Saved {
        Saved { scenario: self.world().to_scenario(), ..self.saved_without_steps() }
    }

    /// [`State::to_saved`] with the scenario's head only, not its steps (which are
    /// `world().recorded()`): what [`crate::persist::save`] writes the steps beside.
    pub fn saved_without_steps(&self) -> Saved {
        Saved {
            scenario: Json::Object(self.world().scenario_head()),
            browser: Some(self.active_browser().name.clone()),
            devtools: Some(self.devtools.key().to_owned()),
            lesson: self.lesson.clone(),
        }
    }

    /// This state with a banner.
    pub fn with_notice(mut self, notice: Notice) -> State {
        self.notice = Some(notice);
        self
    }

    /// What the saved state depends on: which World, how many steps it has performed,
    /// and what is in front. Saving when this changes (not on every action, e.g. a
    /// pointer moving over values) keeps the saved state current.
    pub fn saved_key(&self) -> (usize, usize, usize, DevtoolsTab, Option<LessonProgress>) {
        let (world, steps) = self.world_version();
        (world, steps, self.active, self.devtools, self.lesson.clone())
    }

    /// Which World and how many steps it has performed: every change to the World is a
    /// recorded step, so what is derived from the World can be kept until this changes.
    pub fn world_version(&self) -> (usize, usize) {
        (Rc::as_ptr(&self.world) as usize, self.world().recorded().len())
    }

    /// Does now the work the World left for later and no one has needed yet (setting up
    /// the server's database: `migrate`); changes nothing anyone can see.
    pub fn prepare(&self) {
        let _ = self.world().server().prepare_database();
    }

    /// The simulation, to read (panels render from it).
    pub fn world(&self) -> Ref<'_, World> {
        self.world.borrow()
    }

    /// Runs one SQL statement on the server's database WITHOUT recording it: only for
    /// reads (the Database panel's sqlite3 console checks its statements first).
    /// Errors are SQLite's message.
    pub fn query(&self, statement: &str) -> Result<djsim::db::SqlResult, String> {
        match self.world.borrow_mut().server_mut().sql(statement) {
            Ok(result) => Ok(result),
            Err(djsim::handlers::ServerError::Sql(message)) => Err(message),
            Err(other) => Err(other.to_string()),
        }
    }

    /// The browser tab in front.
    pub fn active_browser(&self) -> &BrowserTab {
        &self.browsers[self.active]
    }

    /// The lesson being followed and where the person is in it.
    pub fn lesson(&self) -> Option<(Lesson, &LessonProgress)> {
        let progress = self.lesson.as_ref()?;
        Some((lessons::find(&progress.id)?, progress))
    }

    /// What browser `browser` (an index) shows.
    pub fn shown(&self, browser: usize) -> Shown {
        let Some(tab) = self.browsers.get(browser) else { return Shown::Blank };
        if let Some(error) = &tab.error {
            return Shown::Error(error.clone());
        }
        match self.world().page(&tab.name) {
            Some(page) => Shown::Page(page),
            None if tab.closed => Shown::Closed,
            None => Shown::Blank,
        }
    }

    /// Whether browser `browser` has a page to go back (`-1`) or forward (`1`) to.
    pub fn can_go(&self, browser: usize, delta: i32) -> bool {
        let Some(tab) = self.browsers.get(browser) else { return false };
        let world = self.world();
        let Some(history) = world.browser(&tab.name).map(|b| &b.history) else { return false };
        if delta < 0 { history.can_go_back() } else { history.can_go_forward() }
    }

    /// Performs one scenario step on the World (recorded), then updates what the page
    /// shows: the tabs, the browser the step names comes to the front with its page in
    /// the address bar, and a request's last hop is selected in the Network panel.
    /// With `show_errors`, a failed request shows as that browser's error page.
    fn perform_step(&mut self, step: Json, show_errors: bool) -> Result<Applied, String> {
        let browser = step.get("browser").and_then(Json::as_str).map(str::to_owned);
        let result = self.world.borrow_mut().perform(step);
        self.sync_browsers();
        let Some(name) = browser else { return result };
        let Some(index) = self.browsers.iter().position(|tab| tab.name == name) else { return result };
        self.active = index;
        let page_url = self.world().page(&name).map(|page| page.url);
        let failed = match &result {
            Ok(Applied::Requests(ids)) => {
                self.selected_request = ids.last().copied().or(self.selected_request);
                // A request that reached no server (status 0): the browser's error page.
                let world = self.world();
                let last = ids.last().and_then(|id| world.network().get(*id));
                last.filter(|entry| entry.status == 0 && entry.kind == djsim::world::RequestKind::Navigation)
                    .map(|entry| format!("{}: {}", entry.url, entry.reason))
            }
            Ok(_) => None,
            Err(error) => show_errors.then(|| error.clone()),
        };
        let tab = &mut self.browsers[index];
        if result.is_ok() || show_errors {
            tab.error = failed;
        }
        tab.address = page_url.unwrap_or_default();
        result
    }

    /// Recomputes the tabs from the World's recorded steps: a browser appears with the
    /// first step that names it; a closed private window disappears.
    fn sync_browsers(&mut self) {
        let world = self.world.borrow();
        let recorded = world.recorded();
        if self.scan.scanned > recorded.len() {
            self.scan = TabScan::default();
        }
        let mut changed = self.browsers.is_empty();
        for step in &recorded[self.scan.scanned..] {
            let Some(name) = step.get("browser").and_then(Json::as_str) else { continue };
            let closing = step.get("close").is_some();
            let private = world.browser(name).is_some_and(|b| b.private);
            let scan = &mut self.scan;
            match scan.index.get(name).copied() {
                Some(i) if closing && private => {
                    Rc::make_mut(&mut scan.order).remove(i);
                    scan.index = Rc::new(scan.order.iter().enumerate().map(|(i, (name, _))| (name.clone(), i)).collect());
                }
                Some(i) if scan.order[i].1 == closing => continue,
                Some(i) => Rc::make_mut(&mut scan.order)[i].1 = closing,
                None if closing && private => continue,
                None => {
                    Rc::make_mut(&mut scan.index).insert(name.to_owned(), scan.order.len());
                    Rc::make_mut(&mut scan.order).push((name.to_owned(), closing));
                }
            }
            changed = true;
        }
        self.scan.scanned = recorded.len();
        if !changed {
            return; // the same windows: each keeps its address and error
        }
        let mut order = (*self.scan.order).clone();
        if order.is_empty() {
            // Always one window: Browser A, created by its first request.
            let taken = world.browser_names();
            let name = browser_name(|n| taken.iter().any(|t| t == n)).unwrap_or_else(|| "A".into());
            order.push((name, false));
        }
        let active_name = self.browsers.get(self.active).map(|tab| tab.name.clone());
        // The windows only come at the end or go: each old tab is found by walking the
        // old list once, in order.
        let mut rest = self.browsers.as_slice();
        let tabs: Vec<BrowserTab> = order
            .into_iter()
            .map(|(name, closed)| {
                let old = rest.iter().position(|tab| tab.name == name).map(|at| {
                    let tab = &rest[at];
                    rest = &rest[at + 1..];
                    tab
                });
                BrowserTab {
                    address: old.map_or_else(|| world.page(&name).map(|p| p.url).unwrap_or_default(), |tab| tab.address.clone()),
                    error: old.and_then(|tab| tab.error.clone()),
                    private: world.browser(&name).is_some_and(|b| b.private),
                    closed,
                    name,
                }
            })
            .collect();
        drop(world);
        let fallback = self.active.min(tabs.len() - 1);
        self.active = active_name.and_then(|name| tabs.iter().position(|tab| tab.name == name)).unwrap_or(fallback);
        self.browsers = tabs;
        thread_local! {
            static TABS_VERSION: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
        }
        self.tabs_version = TABS_VERSION.with(|v| {
            v.set(v.get() + 1);
            v.get()
        });
    }

    /// Marks the lesson's current step done when the person did it themselves: the
    /// steps recorded since it was shown end with exactly what its "Do it" performs
    /// (the link clicked in the page, the reload button, the clock's +1000 s, …).
    fn note_lesson_step(&mut self) {
        if self.lesson.is_none() || self.world().recorded().len() <= self.lesson_mark {
            return; // nothing done since the step was shown (e.g. the pointer moved)
        }
        let Some((lesson, progress)) = self.lesson().map(|(lesson, progress)| (lesson, progress.clone())) else { return };
        let Some(step) = lesson.steps.get(progress.step) else { return };
        let actions = step.actions(&self.world());
        if actions.is_empty() || progress.done.get(progress.step).copied().unwrap_or(true) {
            return;
        }
        let did_it = {
            let world = self.world();
            let recorded = world.recorded();
            recorded.len() >= self.lesson_mark + actions.len() && recorded[recorded.len() - actions.len()..] == actions[..]
        };
        if let (true, Some(done)) = (did_it, self.lesson.as_mut().and_then(|p| p.done.get_mut(progress.step))) {
            *done = true;
            if let Some(panel) = step.panel {
                self.devtools = panel;
            }
        }
    }

    /// Performs a step for browser tab `browser` (an index), built from its name.
    fn browse(&mut self, browser: usize, step: impl FnOnce(&str) -> Option<Json>) {
        let Some(name) = self.browsers.get(browser).map(|tab| tab.name.clone()) else { return };
        if let Some(step) = step(&name) {
            let _ = self.perform_step(step, true);
        }
    }

    /// A name for one more browser: the first letter no browser has had.
    fn new_browser_name(&self) -> Option<String> {
        let taken = self.world().browser_names();
        browser_name(|n| taken.iter().any(|t| t == n) || self.browsers.iter().any(|tab| tab.name == n))
    }

    /// [`Action::LoadScenario`]: a new World, the same windows in front of it.
    fn load(&mut self, scenario: &Json) -> Result<(), String> {
        let world = djsim::scenario::Scenario::from_json(scenario).and_then(|s| World::from_scenario(&s)).map_err(|e| e.to_string())?;
        let old = std::mem::take(&mut self.browsers);
        let active = old.get(self.active).map(|tab| tab.name.clone());
        self.world = Rc::new(RefCell::new(world));
        self.scan = TabScan::default();
        let last = self.world().network().last().map(|entry| entry.id);
        self.selected_request = last;
        self.selected_session = None;
        self.sync_browsers();
        for tab in &old {
            if !self.browsers.iter().any(|t| t.name == tab.name) {
                let kind = if tab.private { "private" } else { "normal" };
                let _ = self.perform_step(object(vec![("browser", tab.name.as_str().into()), ("open", kind.into())]), false);
            }
            let has_page = self.world().page(&tab.name).is_some();
            let address = address_to_url(&tab.address);
            if !has_page && !address.is_empty() && !tab.closed {
                let _ = self.perform_step(object(vec![("browser", tab.name.as_str().into()), ("get", address.into())]), true);
            }
        }
        self.active = active.and_then(|name| self.browsers.iter().position(|t| t.name == name)).unwrap_or(0);
        Ok(())
    }

    /// The state after a new World replaced this one (its revision goes on, so that
    /// everything that watches it sees the change).
    fn replaced_by(&self, mut next: State) -> State {
        next.revision = self.revision + 1;
        next
    }
}

impl Default for State {
    fn default() -> Self {
        State::new()
    }
}

impl PartialEq for State {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.world, &other.world) && self.revision == other.revision
    }
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        if let Action::Highlight(value) = &action {
            if *value == self.highlight {
                return self; // nothing changes: no re-render on every mouse move
            }
        }
        let mut next = State {
            world: Rc::clone(&self.world),
            revision: self.revision + 1,
            browsers: self.browsers.clone(),
            active: self.active,
            tabs_version: self.tabs_version,
            devtools: self.devtools,
            selected_request: self.selected_request,
            last_error: None,
            notice: self.notice.clone(),
            lesson: self.lesson.clone(),
            lesson_mark: self.lesson_mark,
            last_applied: None,
            selected_session: self.selected_session.clone(),
            console: self.console.clone(),
            highlight: self.highlight.clone(),
            filters: self.filters.clone(),
            scan: self.scan.clone(),
        };
        match action {
            Action::Navigate { browser, url } => {
                let url = address_to_url(&url);
                if !url.is_empty() {
                    next.browse(browser, |name| Some(object(vec![("browser", name.into()), ("get", url.into())])));
                }
            }
            Action::FollowLink { browser, href } => {
                let page = next.browsers.get(browser).and_then(|tab| next.world().page(&tab.name));
                match page.map(|page| link_target(&page.url, &href).map(|target| target.map(|to| (page.url, to)))) {
                    Some(Ok(Some((from, to)))) => next.browse(browser, |name| Some(object(vec![("browser", name.into()), ("get", to.into()), ("initiator", from.into())]))),
                    Some(Err(error)) => {
                        if let Some(tab) = next.browsers.get_mut(browser) {
                            tab.error = Some(error);
                        }
                    }
                    Some(Ok(None)) | None => {}
                }
            }
            Action::SubmitForm { browser, method, action, fields } => {
                let page = next.browsers.get(browser).and_then(|tab| next.world().page(&tab.name));
                if let Some(page) = page {
                    match form_step(&page.url, &method, &action, &fields) {
                        Ok(step) => next.browse(browser, |name| {
                            let mut step = step;
                            step.as_object_mut()?.insert("browser".into(), Json::from(name));
                            Some(step)
                        }),
                        Err(error) => {
                            if let Some(tab) = next.browsers.get_mut(browser) {
                                tab.error = Some(error);
                            }
                        }
                    }
                }
            }
            Action::EditAddress { browser, text } => {
                if let Some(tab) = next.browsers.get_mut(browser) {
                    tab.address = text;
                }
            }
            Action::Back(browser) => {
                if next.can_go(browser, -1) {
                    next.browse(browser, |name| Some(object(vec![("browser", name.into()), ("back", true.into())])));
                }
            }
            Action::Forward(browser) => {
                if next.can_go(browser, 1) {
                    next.browse(browser, |name| Some(object(vec![("browser", name.into()), ("forward", true.into())])));
                }
            }
            Action::Reload(browser) => {
                if matches!(next.shown(browser), Shown::Page(_)) {
                    next.browse(browser, |name| Some(object(vec![("browser", name.into()), ("reload", true.into())])));
                }
            }
            Action::SelectBrowser(browser) => {
                if browser < next.browsers.len() {
                    next.active = browser;
                }
            }
            Action::AddBrowser | Action::AddPrivateBrowser => {
                let private = action == Action::AddPrivateBrowser;
                if let Some(name) = next.new_browser_name() {
                    let kind = if private { "private" } else { "normal" };
                    let _ = next.perform_step(object(vec![("browser", name.into()), ("open", kind.into())]), false);
                }
            }
            Action::CloseBrowser(browser) => next.browse(browser, |name| Some(object(vec![("browser", name.into()), ("close", true.into())]))),
            Action::SelectDevtools(tab) => next.devtools = tab,
            Action::SelectRequest(id) => next.selected_request = id,
            Action::Perform(step) => match next.perform_step(step, false) {
                Ok(applied) => next.last_applied = Some(applied),
                Err(error) => next.last_error = Some(error),
            },
            Action::ShowSession(key) => {
                next.selected_session = Some(key);
                next.devtools = DevtoolsTab::Database;
            }
            Action::ConsoleInput { browser, input } => {
                next.console.evaluate(&mut next.world.borrow_mut(), &browser, &input);
                next.sync_browsers();
            }
            Action::ClearConsole => {
                let printed = next.world().console().len();
                next.console.clear(printed);
            }
            Action::SelectSession(key) => next.selected_session = key,
            Action::LoadScenario(scenario) => next.last_error = next.load(&scenario).err(),
            Action::Highlight(value) => next.highlight = value,
            Action::Filters(filters) => next.filters = filters,
            Action::Import(scenario) => {
                let saved = Saved { scenario, browser: None, devtools: Some(next.devtools.key().into()), lesson: None };
                match State::restore(&saved) {
                    Ok(state) => next = self.replaced_by(state),
                    Err(error) => {
                        next.notice = Some(Notice { text: format!("The scenario could not be imported: {error}. Nothing changed."), kept: None })
                    }
                }
            }
            Action::Reset => next = self.replaced_by(State::new()),
            Action::Notify(notice) => next.notice = Some(notice),
            Action::DismissNotice => next.notice = None,
            Action::StartLesson(id) => match lessons::find(&id).map(|lesson| lesson.world().map(|world| (lesson, world))) {
                Some(Ok((lesson, world))) => {
                    let mut state = self.replaced_by(State::from_world(world));
                    state.devtools = lesson.steps.first().and_then(|step| step.panel).unwrap_or(self.devtools);
                    state.lesson = Some(LessonProgress::start(&lesson));
                    next = state;
                }
                Some(Err(error)) => next.notice = Some(Notice { text: format!("The lesson could not start: {error}."), kept: None }),
                None => next.notice = Some(Notice { text: format!("There is no lesson {id:?}."), kept: None }),
            },
            Action::LessonDo => {
                if let Some((lesson, progress)) = next.lesson().map(|(lesson, progress)| (lesson, progress.clone())) {
                    if let Some(step) = lesson.steps.get(progress.step) {
                        let mut ok = true;
                        // Filled in from the World as it is when pressed (a session's key).
                        let actions = step.actions(&next.world());
                        for action in actions {
                            if let Err(error) = next.perform_step(action, false) {
                                next.last_error = Some(error);
                                ok = false;
                                break;
                            }
                        }
                        if let Some(panel) = step.panel {
                            next.devtools = panel;
                        }
                        if let Some(progress) = next.lesson.as_mut() {
                            if let Some(done) = progress.done.get_mut(progress.step) {
                                *done = ok;
                            }
                        }
                    }
                }
            }
            Action::LessonGo(n) => {
                if let Some((lesson, _)) = next.lesson() {
                    let n = n.min(lesson.steps.len().saturating_sub(1));
                    if let Some(panel) = lesson.steps.get(n).and_then(|step| step.panel) {
                        next.devtools = panel;
                    }
                    if let Some(progress) = next.lesson.as_mut() {
                        progress.step = n;
                    }
                    let recorded = next.world().recorded().len();
                    next.lesson_mark = recorded;
                }
            }
            Action::EndLesson => next.lesson = None,
        }
        next.note_lesson_step();
        Rc::new(next)
    }
}

/// The first of `A`…`Z`, then `AA`… that `taken` refuses.
fn browser_name(taken: impl Fn(&str) -> bool) -> Option<String> {
    let letters = (b'A'..=b'Z').map(|c| (c as char).to_string());
    let pairs = (b'A'..=b'Z').flat_map(|a| (b'A'..=b'Z').map(move |b| format!("{}{}", a as char, b as char)));
    letters.chain(pairs).find(|name| !taken(name))
}

/// What the address bar's text asks for: a path on the Django host as typed, an
/// absolute URL as typed, and a bare host (`127.0.0.1:8000/session/`) over http, as
/// browsers complete it.
pub fn address_to_url(text: &str) -> String {
    let text = text.trim();
    if text.is_empty() || text.starts_with('/') || text.contains("://") {
        text.to_owned()
    } else {
        format!("http://{text}")
    }
}

/// Where a click on a link with this `href` on the page at `page_url` goes: `None` for
/// links that load nothing in the simulation (`#fragment`, `mailto:` and other schemes).
pub fn link_target(page_url: &str, href: &str) -> Result<Option<String>, String> {
    let href = href.trim();
    if href.starts_with('#') {
        return Ok(None);
    }
    // "A URL-scheme string must be one ASCII alpha, followed by zero or more of ASCII
    // alphanumeric, U+002B (+), U+002D (-), and U+002E (.)" (URL Standard) then ":".
    if let Some((scheme, _)) = href.split_once(':') {
        let is_scheme = scheme.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
            && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
        if is_scheme && !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
            return Ok(None);
        }
    }
    let base = Url::parse(page_url).map_err(|e| e.to_string())?;
    base.join(href).map(|url| Some(url.to_string())).map_err(|e| format!("{href:?}: {e}"))
}

/// The scenario step a form submission makes (without its `browser`): HTML's form
/// submission with the `application/x-www-form-urlencoded` encoding. "If action is the
/// empty string, let action be the URL of the form document"; a GET form's fields
/// replace the action's query ("mutate action URL").
pub fn form_step(page_url: &str, method: &str, action: &str, fields: &[(String, String)]) -> Result<Json, String> {
    let base = Url::parse(page_url).map_err(|e| e.to_string())?;
    let action = if action.trim().is_empty() { page_url } else { action };
    let target = base.join(action).map_err(|e| format!("form action {action:?}: {e}"))?.to_string();
    if method.trim().eq_ignore_ascii_case("post") {
        let unique = fields.iter().enumerate().all(|(i, (name, _))| fields[..i].iter().all(|(other, _)| other != name));
        // An object when the names are unique (as a person writes a scenario); pairs otherwise.
        let form = if unique {
            Json::Object(fields.iter().map(|(k, v)| (k.clone(), Json::from(v.as_str()))).collect())
        } else {
            Json::Array(fields.iter().map(|(k, v)| Json::Array(vec![k.as_str().into(), v.as_str().into()])).collect())
        };
        Ok(object(vec![("post", target.into()), ("form", form), ("initiator", page_url.into())]))
    } else {
        let without_query = target.split('?').next().unwrap_or(&target).to_owned();
        let url = format!("{without_query}?{}", djsim::world::form_urlencode(fields));
        Ok(object(vec![("get", url.into()), ("initiator", page_url.into())]))
    }
}

impl BrowserTab {
    pub fn new(name: &str) -> BrowserTab {
        BrowserTab { name: name.into(), address: String::new(), error: None, private: false, closed: false }
    }

    /// "Browser A"; "Browser C (private)".
    pub fn title(&self) -> String {
        if self.private {
            format!("Browser {} (private)", self.name)
        } else {
            format!("Browser {}", self.name)
        }
    }
}

impl DevtoolsTab {
    pub const ALL: [DevtoolsTab; 5] =
        [DevtoolsTab::Network, DevtoolsTab::Storage, DevtoolsTab::Console, DevtoolsTab::Database, DevtoolsTab::Settings];

    /// The tab's name, as shown and as screen readers announce it.
    pub fn label(self) -> &'static str {
        match self {
            DevtoolsTab::Network => "Network",
            DevtoolsTab::Storage => "Storage",
            DevtoolsTab::Console => "Console",
            DevtoolsTab::Database => "Database",
            DevtoolsTab::Settings => "Settings",
        }
    }

    /// The tab with this [`DevtoolsTab::key`].
    pub fn from_key(key: &str) -> Option<DevtoolsTab> {
        DevtoolsTab::ALL.into_iter().find(|tab| tab.key() == key)
    }

    /// A stable lower-case key, used in element ids.
    pub fn key(self) -> &'static str {
        match self {
            DevtoolsTab::Network => "network",
            DevtoolsTab::Storage => "storage",
            DevtoolsTab::Console => "console",
            DevtoolsTab::Database => "database",
            DevtoolsTab::Settings => "settings",
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn run(actions: &[Action]) -> Rc<State> {
        actions.iter().cloned().fold(Rc::new(State::new()), |state, action| state.reduce(action))
    }

    #[track_caller]
    fn check_page(actions: &[Action], url: &str, body: &str) {
        let state = run(actions);
        match state.shown(state.active) {
            Shown::Page(page) => {
                assert_eq!(page.url, url);
                assert_eq!(page.body.trim(), body);
            }
            other => panic!("expected a page, got {other:?}"),
        }
        assert_eq!(state.active_browser().address, url, "the address bar follows the page");
    }

    fn link(href: &str) -> Action {
        Action::FollowLink { browser: 0, href: href.into() }
    }

    #[test]
    fn starts_on_the_lecture_page() {
        let state = State::new();
        let Shown::Page(page) = state.shown(0) else { panic!("no start page") };
        assert_eq!(page.url, START_URL);
        assert!(page.body.contains("sessfun"), "{}", page.body);
    }

    #[test]
    fn pages() {
        check_page(&[link("sessfun")], "http://127.0.0.1:8000/session/sessfun", "view count=1");
        check_page(&[link("sessfun"), Action::Back(0), link("sessfun")], "http://127.0.0.1:8000/session/sessfun", "view count=2");
        check_page(&[link("sessfun"), Action::Reload(0)], "http://127.0.0.1:8000/session/sessfun", "view count=2");
        check_page(&[link("sessfun"), Action::Back(0)], START_URL, State::new().world().page("A").unwrap().body.trim());
        check_page(
            &[Action::Navigate { browser: 0, url: " http://127.0.0.1:8000/session/sessfun ".into() }],
            "http://127.0.0.1:8000/session/sessfun",
            "view count=1",
        );
    }

    #[test]
    fn back_and_forward_make_no_request() {
        let state = run(&[link("sessfun"), Action::Back(0), Action::Forward(0)]);
        assert_eq!(state.world().network().len(), 2);
        assert!(state.can_go(0, -1) && !state.can_go(0, 1));
    }

    #[test]
    fn a_new_browser_has_its_own_jar() {
        let state = run(&[link("sessfun"), Action::AddBrowser]);
        assert_eq!(state.active_browser().title(), "Browser B");
        assert!(state.world().jar("B").is_empty());
        assert_eq!(state.world().jar("A").iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), ["sessionid"]);
    }

    #[test]
    fn load_scenario_replaces_the_world_and_keeps_the_tabs() {
        let state = run(&[Action::Perform(serde_json::json!({"browser": "A", "get": "/session/sessfun"})), Action::AddBrowser]);
        let mut scenario = state.world().to_scenario();
        scenario["django"] = "3.2".into();
        let next = state.reduce(Action::LoadScenario(scenario));
        assert_eq!(next.world().server().version(), djsim::conf::DjangoVersion::V3_2);
        assert_eq!(next.last_error, None);
        assert_eq!(next.browsers[0].address, "http://127.0.0.1:8000/session/sessfun", "the replayed page");
        assert_eq!(next.world().sessions().len(), 1);
        assert!(next.world().browser("B").is_some(), "every tab has its browser");

        let refused = next.reduce(Action::LoadScenario(serde_json::json!({"django": "9.9"})));
        assert!(refused.last_error.as_deref().is_some_and(|e| e.contains("django")), "{:?}", refused.last_error);
        assert_eq!(refused.world().server().version(), djsim::conf::DjangoVersion::V3_2, "the old World stays");
    }

    #[test]
    fn load_scenario_reopens_windows_the_scenario_lacks() {
        // A tab the new World lacks comes back by a recorded `open`, then loads its address.
        let state = run(&[Action::AddBrowser, Action::Navigate { browser: 1, url: "/session/sessfun".into() }]);
        let next = state.reduce(Action::LoadScenario(serde_json::json!({"steps": [{"browser": "A", "get": "/session/"}]})));
        assert_eq!(next.browsers.iter().map(|t| t.name.as_str()).collect::<Vec<_>>(), ["A", "B"]);
        assert_eq!(next.active, 1);
        let recorded = next.world().recorded().to_vec();
        assert_eq!(recorded[1..], [json!({"browser": "B", "open": "normal"}), json!({"browser": "B", "get": "http://127.0.0.1:8000/session/sessfun"})]);
    }

    #[test]
    fn a_session_is_selected_and_cleared() {
        let state = run(&[Action::SelectSession(Some("k".into()))]);
        assert_eq!(state.selected_session.as_deref(), Some("k"));
        assert_eq!(state.reduce(Action::SelectSession(None)).selected_session, None);
    }

    #[test]
    fn a_bad_address_shows_an_error_page() {
        let state = run(&[Action::Navigate { browser: 0, url: "http://[".into() }]);
        assert!(matches!(state.shown(0), Shown::Error(_)), "{:?}", state.shown(0));
    }
    #[test]
    fn every_action_is_a_recorded_step() {
        let state = run(&[
            link("sessfun"),
            Action::Back(0),
            Action::Forward(0),
            Action::Reload(0),
            Action::AddBrowser,
            Action::Navigate { browser: 1, url: "127.0.0.1:8000/session/sessfun".into() },
            Action::AddPrivateBrowser,
            Action::CloseBrowser(0),
        ]);
        let recorded = state.world().recorded().to_vec();
        let expected = [
            json!({"browser": "A", "get": START_URL}),
            json!({"browser": "A", "get": "http://127.0.0.1:8000/session/sessfun", "initiator": START_URL}),
            json!({"browser": "A", "back": true}),
            json!({"browser": "A", "forward": true}),
            json!({"browser": "A", "reload": true}),
            json!({"browser": "B", "open": "normal"}),
            json!({"browser": "B", "get": "http://127.0.0.1:8000/session/sessfun"}),
            json!({"browser": "C", "open": "private"}),
            json!({"browser": "A", "close": true}),
        ];
        assert_eq!(recorded, expected);
        // The scenario rebuilds the same World.
        let scenario = djsim::scenario::Scenario::from_json(&state.world().to_scenario()).unwrap();
        let replayed = World::from_scenario(&scenario).unwrap();
        assert_eq!(replayed.network(), state.world().network());
        assert_eq!(replayed.jar("A"), state.world().jar("A"));
        assert_eq!(replayed.sessions().len(), 2);
    }

    #[test]
    fn closing_a_browser() {
        // A normal window: session cookies go, persistent ones stay, the tab stays (closed).
        let state = run(&[link("cookie"), Action::CloseBrowser(0)]);
        assert_eq!(state.browsers.len(), 1);
        assert!(state.browsers[0].closed);
        assert_eq!(state.shown(0), Shown::Closed);
        assert_eq!(state.world().jar("A").iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), ["sakaicar"]);
        // It opens again on the next address.
        let state = state.reduce(Action::Navigate { browser: 0, url: START_URL.into() });
        assert!(!state.browsers[0].closed && matches!(state.shown(0), Shown::Page(_)));

        // A private window forgets everything, and its tab goes.
        let state = run(&[Action::AddPrivateBrowser, Action::Navigate { browser: 1, url: "/session/cookie".into() }]);
        assert_eq!(state.active_browser().title(), "Browser B (private)");
        assert_eq!(state.world().jar("B").len(), 2);
        let state = state.reduce(Action::CloseBrowser(1));
        assert_eq!(state.browsers.iter().map(|t| t.title()).collect::<Vec<_>>(), ["Browser A"]);
        assert_eq!(state.active, 0);
        assert!(state.world().jar("B").is_empty());
        // The next window gets a new name.
        assert_eq!(state.reduce(Action::AddBrowser).active_browser().title(), "Browser C");
    }

    #[test]
    fn a_form_in_the_page_is_a_post_step() {
        let fields = vec![("csrfmiddlewaretoken".to_owned(), "tok".to_owned()), ("prize".to_owned(), "1".to_owned())];
        let state = run(&[Action::SubmitForm { browser: 0, method: "POST".into(), action: "sessfun".into(), fields }]);
        assert_eq!(
            state.world().recorded().last(),
            Some(&json!({"post": "http://127.0.0.1:8000/session/sessfun", "form": {"csrfmiddlewaretoken": "tok", "prize": "1"},
                         "initiator": START_URL, "browser": "A"}))
        );
        let entry = state.world().network().last().cloned().unwrap();
        assert_eq!((entry.method.as_str(), entry.status), ("POST", 403), "CsrfViewMiddleware refuses a bad token");
    }

    #[track_caller]
    fn check_form(method: &str, action: &str, fields: &[(&str, &str)], expected: Json) {
        let fields: Vec<(String, String)> = fields.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        assert_eq!(form_step("http://h.test/a/page?x=1", method, action, &fields), Ok(expected));
    }

    #[test]
    fn form_steps() {
        let from = "http://h.test/a/page?x=1";
        check_form("post", "", &[("a", "1")], json!({"post": "http://h.test/a/page?x=1", "form": {"a": "1"}, "initiator": from}));
        check_form("POST", "/b", &[("a", "1"), ("a", "2")], json!({"post": "http://h.test/b", "form": [["a", "1"], ["a", "2"]], "initiator": from}));
        check_form("get", "q?old=1", &[("q", "a b&c")], json!({"get": "http://h.test/a/q?q=a+b%26c", "initiator": from}));
        check_form("", "", &[], json!({"get": "http://h.test/a/page?", "initiator": from}));
        check_form("dialog", "https://other.test/", &[("k", "\u{e9}")], json!({"get": "https://other.test/?k=%C3%A9", "initiator": from}));
    }

    #[track_caller]
    fn check_link(href: &str, expected: Option<&str>) {
        assert_eq!(link_target("http://h.test/session/", href), Ok(expected.map(str::to_owned)), "{href}");
    }

    #[test]
    fn link_targets() {
        check_link("sessfun", Some("http://h.test/session/sessfun"));
        check_link("/x?y=1#top", Some("http://h.test/x?y=1"));
        check_link("https://evil.example/", Some("https://evil.example/"));
        check_link("//evil.example/p", Some("http://evil.example/p"));
        check_link("#top", None);
        check_link("mailto:a@b.test", None);
        check_link("JavaScript:alert(1)", None);
        check_link("ftp://h.test/", None);
        assert!(link_target("http://h.test/", "http://[").is_err());
    }

    #[test]
    fn addresses() {
        for (typed, url) in [
            ("http://127.0.0.1:8000/x", "http://127.0.0.1:8000/x"),
            (" /session/ ", "/session/"),
            ("127.0.0.1:8000/session/", "http://127.0.0.1:8000/session/"),
            ("", ""),
        ] {
            assert_eq!(address_to_url(typed), url, "{typed:?}");
        }
    }

    #[test]
    fn lessons_start_do_and_go() {
        let state = run(&[Action::StartLesson("sessions".into())]);
        let (lesson, progress) = state.lesson().unwrap();
        assert_eq!((lesson.id, progress.step), ("sessions", 0));
        assert_eq!(state.world().recorded().len(), 1, "the lesson's own World");
        let state = state.reduce(Action::LessonDo);
        assert!(state.lesson.as_ref().unwrap().done[0]);
        assert_eq!(state.devtools, DevtoolsTab::Network);
        let Shown::Page(page) = state.shown(0) else { panic!() };
        assert_eq!(page.body, "view count=1");
        let state = state.reduce(Action::LessonGo(1));
        assert_eq!((state.lesson.as_ref().unwrap().step, state.devtools), (1, DevtoolsTab::Database));
        let state = state.reduce(Action::LessonGo(99));
        assert_eq!(state.lesson.as_ref().unwrap().step, lesson.steps.len() - 1);
        // Restart: the lesson's World again.
        let state = state.reduce(Action::StartLesson("sessions".into()));
        assert_eq!(state.world().recorded().len(), 1);
        assert_eq!(state.clone().reduce(Action::EndLesson).lesson, None);
        let state = state.reduce(Action::StartLesson("nope".into()));
        assert!(state.notice.as_ref().unwrap().text.contains("no lesson"));
    }

    #[test]
    fn a_lesson_step_done_by_hand_counts() {
        // "Reload" (sessions, step 3) done with the browser's own reload button.
        let state = run(&[Action::StartLesson("sessions".into()), Action::LessonDo, Action::LessonGo(1), Action::LessonGo(2)]);
        assert!(!state.lesson.as_ref().unwrap().done[2], "step 1's reload does not count for step 3");
        let state = state.reduce(Action::SelectDevtools(DevtoolsTab::Console)).reduce(Action::Reload(0));
        assert!(state.lesson.as_ref().unwrap().done[2]);
        assert_eq!(state.devtools, DevtoolsTab::Database, "the step's panel comes to the front");
        // Something else (a link elsewhere) does not.
        let state = state.reduce(Action::LessonGo(3)).reduce(link("cookie"));
        assert!(!state.lesson.as_ref().unwrap().done[3]);
    }

    #[test]
    fn a_bad_import_changes_nothing() {
        let state = run(&[link("sessfun"), Action::Import(json!({"steps": [{"browser": "A", "teleport": 1}]}))]);
        assert!(state.notice.as_ref().unwrap().text.starts_with("The scenario could not be imported: scenario field steps[0]"), "{:?}", state.notice);
        assert_eq!(state.world().recorded().len(), 2);
        let state = state.reduce(Action::Import(json!({"steps": [{"browser": "Z", "get": "/session/sessfun"}]})));
        assert_eq!(state.browsers.iter().map(|t| t.name.as_str()).collect::<Vec<_>>(), ["Z"]);
        assert_eq!(state.reduce(Action::Reset).world().recorded().len(), 1);
    }
}
