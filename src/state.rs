//! The one root reducer: the simulated [`World`] plus what only the page has (the
//! browser tabs with their address bars and histories, the selected devtools tab and
//! request). Every component reads it through the context that [`crate::App`]
//! provides and changes it only by dispatching an [`Action`].
//!
//! Architecture invariant: the page never decides anything Django or a browser's
//! cookie jar decides. It asks the World and renders the answer.

use std::cell::{Ref, RefCell};
use std::rc::Rc;

use djsim::world::{PageView, World, WorldError};
use yew::prelude::*;

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
    pub browsers: Vec<BrowserTab>,
    /// Index into `browsers` of the tab in front.
    pub active: usize,
    pub devtools: DevtoolsTab,
    /// The network entry (its `id`) whose details the Network panel shows.
    pub selected_request: Option<usize>,
    /// Why the last [`Action::Perform`] failed, if it did (shown to the person).
    pub last_error: Option<String>,
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
}

/// What the viewport shows.
#[derive(Clone, Debug, PartialEq)]
pub enum Shown {
    Page(PageView),
    /// The request could not be made (the World's error, one sentence).
    Error(String),
    Blank,
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

/// Everything that can happen on the page.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Enter pressed in the address bar of browser `browser` (an index).
    Navigate { browser: usize, url: String },
    /// A link in the page was clicked; `href` is the attribute as written.
    FollowLink { browser: usize, href: String },
    /// The address bar's text changed (not yet submitted).
    EditAddress { browser: usize, text: String },
    Back(usize),
    Forward(usize),
    Reload(usize),
    SelectBrowser(usize),
    /// Opens one more browser (B, C, …) with an empty cookie jar.
    AddBrowser,
    SelectDevtools(DevtoolsTab),
    SelectRequest(Option<usize>),
    /// Any change to the simulation, as one `djsim` scenario step (recorded, so the
    /// state can be exported, shared and restored): `{"advance": 1000}`,
    /// `{"browser": "A", "edit_cookie": {…}}`, `{"settings": {…}}`, `{"manage": "clearsessions"}`.
    /// A step that fails leaves the World as it was; its message goes to `last_error`.
    Perform(serde_json::Value),
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
    /// stay; one without a page in the new World loads its address again.
    LoadScenario(serde_json::Value),
    /// The person points at (`Some`) or leaves (`None`) a value shown by
    /// [`crate::highlight::Value`]; no change to the World.
    Highlight(Option<String>),
}

impl State {
    /// The lecture's World, with Browser A showing [`START_URL`].
    pub fn new() -> State {
        let mut state = State {
            world: Rc::new(RefCell::new(World::lecture())),
            revision: 0,
            browsers: vec![BrowserTab::new("A")],
            active: 0,
            devtools: DevtoolsTab::Network,
            selected_request: None,
            last_error: None,
            last_applied: None,
            selected_session: None,
            console: Default::default(),
            highlight: None,
        };
        state.act(0, |world, name| world.navigate(name, START_URL));
        state
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

    /// What browser `browser` (an index) shows.
    pub fn shown(&self, browser: usize) -> Shown {
        let Some(tab) = self.browsers.get(browser) else { return Shown::Blank };
        if let Some(error) = &tab.error {
            return Shown::Error(error.clone());
        }
        self.world().page(&tab.name).map_or(Shown::Blank, Shown::Page)
    }

    /// Whether browser `browser` has a page to go back (`-1`) or forward (`1`) to.
    pub fn can_go(&self, browser: usize, delta: i32) -> bool {
        let Some(tab) = self.browsers.get(browser) else { return false };
        let world = self.world();
        let Some(history) = world.browser(&tab.name).map(|b| &b.history) else { return false };
        if delta < 0 { history.can_go_back() } else { history.can_go_forward() }
    }

    /// Runs a request of browser `browser` (an index) on the World, then shows its result:
    /// the page in the address bar, the last hop selected in the Network panel, or the error.
    fn act(&mut self, browser: usize, request: impl FnOnce(&mut World, &str) -> Result<Vec<usize>, WorldError>) {
        let Some(name) = self.browsers.get(browser).map(|tab| tab.name.clone()) else { return };
        let result = request(&mut self.world.borrow_mut(), &name);
        let page_url = self.world().page(&name).map(|page| page.url);
        let tab = &mut self.browsers[browser];
        match result {
            Ok(ids) => {
                tab.error = None;
                self.selected_request = ids.last().copied().or(self.selected_request);
            }
            Err(error) => tab.error = Some(error.to_string()),
        }
        if let Some(url) = page_url {
            tab.address = url;
        }
    }

    /// [`Action::LoadScenario`]: a new World; on failure the old one stays and
    /// `last_error` says why.
    fn load(&mut self, scenario: &serde_json::Value) {
        let world = djsim::scenario::Scenario::from_json(scenario).and_then(|s| World::from_scenario(&s));
        let world = match world {
            Ok(world) => world,
            Err(error) => {
                self.last_error = Some(error.to_string());
                return;
            }
        };
        self.world = Rc::new(RefCell::new(world));
        self.selected_request = None;
        self.selected_session = None;
        for i in 0..self.browsers.len() {
            let tab = &mut self.browsers[i];
            tab.error = None;
            let name = tab.name.clone();
            let address = tab.address.clone();
            self.world.borrow_mut().open_browser(&name, false);
            let page = self.world().page(&name).map(|page| page.url);
            match page {
                Some(url) => self.browsers[i].address = url,
                None if !address.trim().is_empty() => self.act(i, |world, name| world.navigate(name, address.trim())),
                None => {}
            }
        }
    }

    /// Back (`-1`) or forward (`1`): the World answers from the back/forward cache.
    fn go(&mut self, browser: usize, delta: i32) {
        let Some(name) = self.browsers.get(browser).map(|tab| tab.name.clone()) else { return };
        let result = if delta < 0 { self.world.borrow_mut().back(&name) } else { self.world.borrow_mut().forward(&name) };
        let tab = &mut self.browsers[browser];
        match result {
            Ok(Some(page)) => {
                tab.error = None;
                tab.address = page.url;
            }
            Ok(None) => {}
            Err(error) => tab.error = Some(error.to_string()),
        }
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
            devtools: self.devtools,
            selected_request: self.selected_request,
            last_error: None,
            last_applied: None,
            selected_session: self.selected_session.clone(),
            console: self.console.clone(),
            highlight: self.highlight.clone(),
        };
        match action {
            Action::Navigate { browser, url } => {
                let url = url.trim().to_owned();
                if !url.is_empty() {
                    next.act(browser, |world, name| world.navigate(name, &url));
                }
            }
            Action::FollowLink { browser, href } => next.act(browser, |world, name| world.follow_link(name, &href)),
            Action::EditAddress { browser, text } => {
                if let Some(tab) = next.browsers.get_mut(browser) {
                    tab.address = text;
                }
            }
            Action::Back(browser) => next.go(browser, -1),
            Action::Forward(browser) => next.go(browser, 1),
            Action::Reload(browser) => next.act(browser, |world, name| world.reload(name)),
            Action::SelectBrowser(browser) => {
                if browser < next.browsers.len() {
                    next.active = browser;
                }
            }
            Action::AddBrowser => {
                let taken = next.world().browser_names();
                let name = (b'A'..=b'Z').map(|c| (c as char).to_string()).find(|n| !taken.contains(n) && next.browsers.iter().all(|t| &t.name != n));
                if let Some(name) = name {
                    next.world.borrow_mut().open_browser(&name, false);
                    next.browsers.push(BrowserTab::new(&name));
                    next.active = next.browsers.len() - 1;
                }
            }
            Action::SelectDevtools(tab) => next.devtools = tab,
            Action::SelectRequest(id) => next.selected_request = id,
            Action::Perform(step) => {
                let result = next.world.borrow_mut().perform(step);
                match result {
                    Ok(applied) => next.last_applied = Some(applied),
                    Err(error) => next.last_error = Some(error),
                }
            }
            Action::ShowSession(key) => {
                next.selected_session = Some(key);
                next.devtools = DevtoolsTab::Database;
            }
            Action::ConsoleInput { browser, input } => {
                next.console.evaluate(&mut next.world.borrow_mut(), &browser, &input);
            }
            Action::ClearConsole => {
                let printed = next.world().console().len();
                next.console.clear(printed);
            }
            Action::SelectSession(key) => next.selected_session = key,
            Action::LoadScenario(scenario) => next.load(&scenario),
            Action::Highlight(value) => next.highlight = value,
        }
        Rc::new(next)
    }
}

impl BrowserTab {
    pub fn new(name: &str) -> BrowserTab {
        BrowserTab { name: name.into(), address: String::new(), error: None }
    }

    /// "Browser A".
    pub fn title(&self) -> String {
        format!("Browser {}", self.name)
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
        check_page(&[link("sessfun"), Action::Back(0)], START_URL, &State::new().world().page("A").unwrap().body.trim().to_owned());
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
}
