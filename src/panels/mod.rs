//! The devtools panels, one per file. Each reads the World through the shared state
//! and renders it; none changes the simulation except through an `Action`.

mod console;
mod database;
pub(crate) mod network;
mod settings;
mod storage;

pub use console::{ConsoleMemory, ConsolePanel};
pub use database::DatabasePanel;
pub use network::NetworkPanel;
pub use settings::SettingsPanel;
pub use storage::StoragePanel;

/// A URL split as the Network panel shows it: (domain, file), e.g.
/// `http://127.0.0.1:8000/session/sessfun?x=1` → (`127.0.0.1:8000`, `sessfun?x=1`),
/// `…/session/` → (`…`, `session/`).
pub fn domain_and_file(url: &str) -> (String, String) {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let (domain, path) = match rest.find('/') {
        Some(slash) => (&rest[..slash], &rest[slash..]),
        None => (rest, "/"),
    };
    let (path, query) = match path.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (path, None),
    };
    let trimmed = path.trim_end_matches('/');
    let mut file = match trimmed.rsplit_once('/') {
        Some((_, last)) => last.to_owned(),
        None => trimmed.to_owned(),
    };
    if path.ends_with('/') {
        file.push('/');
    }
    if let Some(query) = query {
        file.push('?');
        file.push_str(query);
    }
    (domain.to_owned(), file)
}

/// A time as Chrome's devtools show a cookie's expiry: `2019-10-13T23:17:55.000Z`.
pub fn devtools_time(time: djsim::time::SimTime) -> String {
    let c = time.civil();
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
        c.year, c.month, c.day, c.hour, c.minute, c.second, c.micros / 1000
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check_split(url: &str, domain: &str, file: &str) {
        assert_eq!(domain_and_file(url), (domain.to_owned(), file.to_owned()), "{url}");
    }

    #[test]
    fn splits() {
        check_split("http://127.0.0.1:8000/session/", "127.0.0.1:8000", "session/");
        check_split("http://127.0.0.1:8000/session/sessfun", "127.0.0.1:8000", "sessfun");
        check_split("http://127.0.0.1:8000/session/sessfun?a=1/2", "127.0.0.1:8000", "sessfun?a=1/2");
        check_split("http://127.0.0.1:8000/", "127.0.0.1:8000", "/");
        check_split("http://127.0.0.1:8000", "127.0.0.1:8000", "/");
        check_split("https://samples.dj4e.com/x", "samples.dj4e.com", "x");
    }

    #[test]
    fn times() {
        assert_eq!(devtools_time(djsim::time::SimTime::LECTURE.plus_micros(1_500)), "2019-09-29T23:17:55.001Z");
    }
}
