//! `djproj/urls.py` and `lecture/urls.py`: the URLconf of lab-app.md, resolved as
//! Django's `URLResolver` / `RoutePattern` do. OWNER: server.

/// `settings.ROOT_URLCONF`.
pub const ROOT_URLCONF: &str = "djproj.urls";

/// The views of the lab app (lab-app.md), plus the CSRF form and messages pages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum View {
    Main,
    Cookie,
    Cookie2,
    Sessfun,
    Noop,
    Peek,
    Store,
    Show,
    Clear,
    Flush,
    Cycle,
    Expiry,
    Login,
    Whoami,
    Logout,
    Setsigned,
    Getsigned,
    Deletezap,
    Eurocookie,
    Resetcookie,
    Form,
    Message,
    Messages,
}

/// `path(route, view)` of `lecture/urls.py`, in order.
pub const SESSION_PATTERNS: [(&str, View); 23] = [
    ("", View::Main),
    ("cookie", View::Cookie),
    ("cookie2", View::Cookie2),
    ("sessfun", View::Sessfun),
    ("noop", View::Noop),
    ("peek", View::Peek),
    ("store", View::Store),
    ("show", View::Show),
    ("clear", View::Clear),
    ("flush", View::Flush),
    ("cycle", View::Cycle),
    ("expiry/<str:mode>", View::Expiry),
    ("login", View::Login),
    ("whoami", View::Whoami),
    ("logout", View::Logout),
    ("setsigned", View::Setsigned),
    ("getsigned", View::Getsigned),
    ("deletezap", View::Deletezap),
    ("eurocookie", View::Eurocookie),
    ("resetcookie", View::Resetcookie),
    ("form", View::Form),
    ("message", View::Message),
    ("messages", View::Messages),
];

/// The root URLconf's one pattern: `path("session/", include("lecture.urls"))`.
pub const SESSION_PREFIX: &str = "session/";

/// A matched URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Resolved {
    pub view: View,
    /// The view's keyword arguments (`mode` of `expiry/<str:mode>`).
    pub kwargs: Vec<(String, String)>,
    /// The route, as `ResolverMatch.route` shows it (`session/expiry/<str:mode>`).
    pub route: String,
}

/// `Resolver404`: the patterns tried (each a chain such as `["session/", "cookie"]`)
/// and the unmatched path (without the leading slash).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Resolver404 {
    pub tried: Vec<Vec<String>>,
    pub path: String,
}

/// `resolve(path_info)`.
pub fn resolve(path_info: &str) -> Result<Resolved, Resolver404> {
    // The root resolver's pattern is `^/`.
    let Some(path) = path_info.strip_prefix('/') else {
        return Err(Resolver404 { tried: Vec::new(), path: path_info.to_string() });
    };
    let Some(rest) = path.strip_prefix(SESSION_PREFIX) else {
        return Err(Resolver404 { tried: vec![vec![SESSION_PREFIX.to_string()]], path: path.to_string() });
    };
    for (route, view) in SESSION_PATTERNS {
        if let Some(kwargs) = match_route(route, rest) {
            let mut full = String::with_capacity(SESSION_PREFIX.len() + route.len());
            full.push_str(SESSION_PREFIX);
            full.push_str(route);
            return Ok(Resolved { view, kwargs, route: full });
        }
    }
    // Every pattern was tried, in order.
    let tried = SESSION_PATTERNS.iter().map(|(route, _)| vec![SESSION_PREFIX.to_string(), route.to_string()]).collect();
    Err(Resolver404 { tried, path: path.to_string() })
}

/// `RoutePattern.match` for an endpoint: exact, or with `<str:name>` converters
/// (`[^/]+`).
fn match_route(route: &str, path: &str) -> Option<Vec<(String, String)>> {
    if !route.contains('<') {
        return (route == path).then(Vec::new);
    }
    let mut kwargs = Vec::new();
    let mut p = path;
    let mut r = route;
    while !r.is_empty() {
        if let Some(after) = r.strip_prefix('<') {
            let end = after.find('>')?;
            let spec = &after[..end];
            let name = spec.split_once(':').map_or(spec, |(_, n)| n);
            r = &after[end + 1..];
            let seg_end = p.find('/').unwrap_or(p.len());
            if seg_end == 0 {
                return None;
            }
            kwargs.push((name.to_string(), p[..seg_end].to_string()));
            p = &p[seg_end..];
        } else {
            let lit_end = r.find('<').unwrap_or(r.len());
            let lit = &r[..lit_end];
            p = p.strip_prefix(lit)?;
            r = &r[lit_end..];
        }
    }
    p.is_empty().then_some(kwargs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_like_django() {
        assert_eq!(resolve("/session/cookie").unwrap().view, View::Cookie);
        assert_eq!(resolve("/session/").unwrap().view, View::Main);
        let r = resolve("/session/expiry/60").unwrap();
        assert_eq!((r.view, r.kwargs), (View::Expiry, vec![("mode".to_string(), "60".to_string())]));
        assert!(resolve("/session/expiry/").is_err());
        assert!(resolve("/session/expiry/a/b").is_err());
        assert!(resolve("/session/cookie/").is_err());
        let e = resolve("/favicon.ico").unwrap_err();
        assert_eq!(e, Resolver404 { tried: vec![vec!["session/".into()]], path: "favicon.ico".into() });
        let e = resolve("/session/nope").unwrap_err();
        assert_eq!(e.tried.len(), SESSION_PATTERNS.len());
        assert_eq!(e.path, "session/nope");
    }
}
