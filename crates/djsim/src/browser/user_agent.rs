//! A simulated browser: a name, a cookie jar, whether it is a private window, and the
//! session history of its one tab. It makes no requests: the World does the round trips
//! and asks the browser what to send and what to keep.

use super::jar::Jar;
use super::url::Url;
use crate::time::SimTime;

/// One simulated browser (one profile, one tab).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Browser {
    pub name: String,
    pub jar: Jar,
    /// A private (incognito) window: its jar is its own, and closing it forgets every
    /// cookie, persistent ones too.
    pub private: bool,
    pub history: History,
}

/// The tab's session history: the pages visited and where the tab stands among them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct History {
    entries: Vec<Url>,
    /// Index of the current entry; `None` before the first visit.
    index: Option<usize>,
}

/// How a browser is closed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Close {
    /// A normal close: session cookies go, persistent ones stay.
    #[default]
    Normal,
    /// "Continue where you left off" (or a crash and restore): session cookies survive.
    ContinueWhereLeftOff,
}

impl Browser {
    pub fn new(name: &str) -> Browser {
        Browser { name: name.to_string(), jar: Jar::new(), private: false, history: History::default() }
    }

    pub fn new_private(name: &str) -> Browser {
        Browser { private: true, ..Browser::new(name) }
    }

    /// The page the tab shows.
    pub fn current_url(&self) -> Option<&Url> {
        self.history.current()
    }

    /// Closes the browser. The tab's history goes in every case but "continue where
    /// you left off"; cookies go as [`Close`] says (a private window forgets them all).
    pub fn close(&mut self, how: Close, now: SimTime) {
        if self.private {
            self.jar.clear();
            self.history = History::default();
            return;
        }
        match how {
            Close::Normal => {
                self.jar.close(now);
                self.history = History::default();
            }
            Close::ContinueWhereLeftOff => {
                self.jar.purge_expired(now);
            }
        }
    }
}

impl History {
    /// A new page was loaded in the tab (link, form, typed URL): the entries after the
    /// current one are dropped and the page becomes the current entry.
    pub fn visit(&mut self, url: Url) {
        let keep = self.index.map_or(0, |i| i + 1);
        self.entries.truncate(keep);
        self.entries.push(url);
        self.index = Some(self.entries.len() - 1);
    }

    /// A redirect answered the current navigation: the new URL takes the place of the
    /// current entry instead of adding one (Back does not return to a redirect).
    pub fn replace(&mut self, url: Url) {
        match self.index {
            Some(i) => self.entries[i] = url,
            None => self.visit(url),
        }
    }

    /// The Back button: moves one entry back and returns the URL to load, or `None`
    /// when there is nothing to go back to.
    pub fn back(&mut self) -> Option<Url> {
        let i = self.index?.checked_sub(1)?;
        self.index = Some(i);
        Some(self.entries[i].clone())
    }

    /// The Forward button.
    pub fn forward(&mut self) -> Option<Url> {
        let i = self.index? + 1;
        let url = self.entries.get(i)?.clone();
        self.index = Some(i);
        Some(url)
    }

    /// The Reload button: the current URL, loaded again (history unchanged).
    pub fn reload(&self) -> Option<Url> {
        self.current().cloned()
    }

    pub fn current(&self) -> Option<&Url> {
        self.entries.get(self.index?)
    }

    pub fn can_go_back(&self) -> bool {
        self.index.is_some_and(|i| i > 0)
    }

    pub fn can_go_forward(&self) -> bool {
        self.index.is_some_and(|i| i + 1 < self.entries.len())
    }

    /// Every entry, oldest first.
    pub fn entries(&self) -> &[Url] {
        &self.entries
    }

    pub fn index(&self) -> Option<usize> {
        self.index
    }
}
