//! The one root reducer: the simulated [`World`] plus what only the page has (the
//! browser tabs with their address bars and histories, the selected devtools tab and
//! request). Every component reads it through the context that [`crate::App`]
//! provides and changes it only by dispatching an [`Action`].
//!
//! Architecture invariant: the page never decides anything Django or a browser's
//! cookie jar decides. It asks the World and renders the answer.

use std::cell::{Ref, RefCell};
use std::rc::Rc;

use djsim::world::{BrowserRequest, PageView, RequestKind, World};
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
}

/// One simulated browser, as its window shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct BrowserTab {
    /// The World's name for it (`"A"`), shown as "Browser A".
    pub name: String,
    /// The address bar's text (what the person typed, until they press Enter).
    pub address: String,
    pub history: Vec<HistoryEntry>,
    /// Index into `history` of the entry shown.
    pub position: usize,
}

/// One entry of a browser's session history.
#[derive(Clone, Debug, PartialEq)]
pub struct HistoryEntry {
    pub url: String,
    pub shown: Shown,
}

/// What the viewport shows for a history entry.
#[derive(Clone, Debug, PartialEq)]
pub enum Shown {
    Page(PageView),
    /// The request could not be made (the World's error, one sentence).
    Error(String),
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
        };
        state.navigate(0, START_URL, None);
        state
    }

    /// The simulation, to read (panels render from it).
    pub fn world(&self) -> Ref<'_, World> {
        self.world.borrow()
    }

    /// The browser tab in front.
    pub fn active_browser(&self) -> &BrowserTab {
        &self.browsers[self.active]
    }

    /// Makes `browser` request `url` and records the result as a new history entry.
    /// `initiator`: the page the request comes from (a link), `None` when typed.
    fn navigate(&mut self, browser: usize, url: &str, initiator: Option<String>) {
        let Some(tab) = self.browsers.get(browser) else { return };
        let name = tab.name.clone();
        let request = BrowserRequest {
            method: "GET".into(),
            url: url.into(),
            initiator,
            kind: RequestKind::Navigation,
            ..Default::default()
        };
        let result = self.world.borrow_mut().request(&name, request);
        let entry = match result {
            Ok(ids) => {
                self.selected_request = ids.last().copied().or(self.selected_request);
                match self.world.borrow().page(&name) {
                    Some(page) => HistoryEntry { url: page.url.clone(), shown: Shown::Page(page) },
                    None => HistoryEntry { url: url.into(), shown: Shown::Error(format!("Browser {name} shows no page after requesting {url}.")) },
                }
            }
            Err(error) => HistoryEntry { url: url.into(), shown: Shown::Error(error.to_string()) },
        };
        self.browsers[browser].push(entry);
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
        let mut next = State {
            world: Rc::clone(&self.world),
            revision: self.revision + 1,
            browsers: self.browsers.clone(),
            active: self.active,
            devtools: self.devtools,
            selected_request: self.selected_request,
        };
        match action {
            Action::Navigate { browser, url } => {
                let url = url.trim().to_owned();
                if !url.is_empty() {
                    next.navigate(browser, &url, None);
                }
            }
            Action::FollowLink { browser, href } => {
                let from = next.browsers.get(browser).and_then(|tab| tab.current()).map(|entry| entry.url.clone());
                next.navigate(browser, &href, from);
            }
            Action::EditAddress { browser, text } => {
                if let Some(tab) = next.browsers.get_mut(browser) {
                    tab.address = text;
                }
            }
            // Chrome answers back/forward from its back/forward cache: no request is made.
            Action::Back(browser) => {
                if let Some(tab) = next.browsers.get_mut(browser) {
                    tab.go(-1);
                }
            }
            Action::Forward(browser) => {
                if let Some(tab) = next.browsers.get_mut(browser) {
                    tab.go(1);
                }
            }
            Action::Reload(browser) => {
                if let Some(url) = next.browsers.get(browser).and_then(|tab| tab.current()).map(|entry| entry.url.clone()) {
                    next.navigate(browser, &url, None);
                    // A reload replaces the entry it reloads.
                    let tab = &mut next.browsers[browser];
                    if tab.position > 0 {
                        tab.history.remove(tab.position - 1);
                        tab.position -= 1;
                    }
                }
            }
            Action::SelectBrowser(browser) => {
                if browser < next.browsers.len() {
                    next.active = browser;
                }
            }
            Action::AddBrowser => {
                let letter = (b'A' + (next.browsers.len() % 26) as u8) as char;
                next.browsers.push(BrowserTab::new(&letter.to_string()));
                next.active = next.browsers.len() - 1;
            }
            Action::SelectDevtools(tab) => next.devtools = tab,
            Action::SelectRequest(id) => next.selected_request = id,
        }
        Rc::new(next)
    }
}

impl BrowserTab {
    pub fn new(name: &str) -> BrowserTab {
        BrowserTab { name: name.into(), address: String::new(), history: Vec::new(), position: 0 }
    }

    /// "Browser A".
    pub fn title(&self) -> String {
        format!("Browser {}", self.name)
    }

    /// The history entry shown, if any.
    pub fn current(&self) -> Option<&HistoryEntry> {
        self.history.get(self.position)
    }

    pub fn can_go_back(&self) -> bool {
        self.position > 0
    }

    pub fn can_go_forward(&self) -> bool {
        self.position + 1 < self.history.len()
    }

    /// Adds `entry` after the one shown, dropping the forward entries.
    fn push(&mut self, entry: HistoryEntry) {
        if !self.history.is_empty() {
            self.history.truncate(self.position + 1);
        }
        self.address = entry.url.clone();
        self.history.push(entry);
        self.position = self.history.len() - 1;
    }

    fn go(&mut self, delta: isize) {
        let target = self.position as isize + delta;
        if target >= 0 && (target as usize) < self.history.len() {
            self.position = target as usize;
            self.address = self.history[self.position].url.clone();
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
