//! URLs as the simulated browsers see them: `http`/`https` only, with the origin and the
//! schemeful site that cookie decisions compare. No `url` crate: the simulation needs
//! a small, predictable subset of WHATWG URL parsing (and the web page its bytes).

use std::fmt;

use super::psl;

/// An absolute `http` or `https` URL.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Url {
    scheme: Scheme,
    host: String,
    port: u16,
    path: String,
    query: Option<String>,
}

/// The two schemes the simulated browsers speak.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scheme {
    Http,
    Https,
}

/// A URL's origin: scheme, host and port (HTML's "tuple origin").
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Origin {
    pub scheme: Scheme,
    pub host: String,
    pub port: u16,
}

/// A schemeful site: the scheme and the registrable domain (eTLD+1), or the host itself
/// when it has none (an IP address, `localhost`). Two URLs are same-site when their
/// sites are equal; `http://x.example` and `https://x.example` are different sites.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Site {
    pub scheme: Scheme,
    pub domain: String,
}

/// A URL that could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum UrlError {
    /// No `scheme://` at the start.
    NotAbsolute(String),
    /// A scheme other than `http` or `https`.
    UnsupportedScheme(String),
    /// Nothing between `://` and the path.
    EmptyHost(String),
    /// A host with characters a host may not hold.
    InvalidHost(String),
    /// A port that is not a number from 1 to 65535.
    InvalidPort(String),
}

impl fmt::Display for UrlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UrlError::NotAbsolute(u) => write!(f, "{u:?} is not an absolute URL like http://127.0.0.1:8000/"),
            UrlError::UnsupportedScheme(u) => write!(f, "{u:?} does not use http or https"),
            UrlError::EmptyHost(u) => write!(f, "{u:?} has no host"),
            UrlError::InvalidHost(u) => write!(f, "{u:?} has a host with characters a host name may not hold"),
            UrlError::InvalidPort(u) => write!(f, "{u:?} has a port that is not a number from 1 to 65535"),
        }
    }
}
impl std::error::Error for UrlError {}

impl Scheme {
    pub fn as_str(self) -> &'static str {
        match self {
            Scheme::Http => "http",
            Scheme::Https => "https",
        }
    }
    pub fn default_port(self) -> u16 {
        match self {
            Scheme::Http => 80,
            Scheme::Https => 443,
        }
    }
    /// Whether the scheme is cryptographic (`https`).
    pub fn is_secure(self) -> bool {
        self == Scheme::Https
    }
}

impl Url {
    /// Parses an absolute `http(s)://host[:port][/path][?query][#fragment]` URL. The
    /// host is lowercased, the fragment dropped, an empty path becomes `/`.
    pub fn parse(input: &str) -> Result<Url, UrlError> {
        let s = input.trim();
        let (scheme_str, rest) = s.split_once("://").ok_or_else(|| UrlError::NotAbsolute(input.to_string()))?;
        let scheme = match scheme_str {
            s if s.eq_ignore_ascii_case("http") => Scheme::Http,
            s if s.eq_ignore_ascii_case("https") => Scheme::Https,
            _ if scheme_str.is_empty() || !scheme_str.bytes().all(|b| b.is_ascii_alphanumeric() || b"+-.".contains(&b)) => {
                return Err(UrlError::NotAbsolute(input.to_string()))
            }
            _ => return Err(UrlError::UnsupportedScheme(input.to_string())),
        };
        let rest = rest.split('#').next().unwrap_or("");
        let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
        let (authority, tail) = rest.split_at(authority_end);
        // Userinfo (`user:pass@`) is allowed by URLs and plays no part in cookies.
        let hostport = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
        let (host, port) = split_host_port(hostport, input)?;
        if host.is_empty() {
            return Err(UrlError::EmptyHost(input.to_string()));
        }
        let host = host.to_ascii_lowercase();
        let host_ok = if host.starts_with('[') {
            host.len() > 2 && host.ends_with(']') && host[1..host.len() - 1].bytes().all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.')
        } else {
            host.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._".contains(&b))
        };
        if !host_ok {
            return Err(UrlError::InvalidHost(input.to_string()));
        }
        let port = port.unwrap_or(scheme.default_port());
        let (path, query) = match tail.split_once('?') {
            Some((p, q)) => (p, Some(q.to_string())),
            None => (tail, None),
        };
        let path = if path.is_empty() { "/".to_string() } else { remove_dot_segments(path) };
        Ok(Url { scheme, host, port, path, query })
    }

    /// Resolves `reference` against this URL as a browser resolves a link or a
    /// `Location` header: absolute URLs, `//host/…`, `/path`, `?query`, and relative paths.
    pub fn join(&self, reference: &str) -> Result<Url, UrlError> {
        let r = reference.trim();
        if r.contains("://") && r.split("://").next().is_some_and(|s| !s.contains(['/', '?', '#'])) {
            return Url::parse(r);
        }
        if let Some(rest) = r.strip_prefix("//") {
            return Url::parse(&format!("{}://{}", self.scheme.as_str(), rest));
        }
        let r = r.split('#').next().unwrap_or("");
        let base = self.origin().to_string();
        if r.is_empty() {
            return Url::parse(&format!("{base}{}{}", self.path, self.query_suffix()));
        }
        if r.starts_with('?') {
            return Url::parse(&format!("{base}{}{r}", self.path));
        }
        if r.starts_with('/') {
            return Url::parse(&format!("{base}{r}"));
        }
        let dir = &self.path[..self.path.rfind('/').map_or(0, |i| i + 1)];
        Url::parse(&format!("{base}{dir}{r}"))
    }

    pub fn scheme(&self) -> Scheme {
        self.scheme
    }
    /// The lowercase host (an IPv6 literal keeps its brackets).
    pub fn host(&self) -> &str {
        &self.host
    }
    pub fn port(&self) -> u16 {
        self.port
    }
    /// The path, always starting with `/`.
    pub fn path(&self) -> &str {
        &self.path
    }
    pub fn query(&self) -> Option<&str> {
        self.query.as_deref()
    }
    /// The path and query as a request line carries them: `/session/?a=1`.
    pub fn path_and_query(&self) -> String {
        format!("{}{}", self.path, self.query_suffix())
    }
    /// The `Host` header value: the host, and the port when it is not the scheme's default.
    pub fn host_header(&self) -> String {
        if self.port == self.scheme.default_port() {
            self.host.clone()
        } else {
            let mut h = String::with_capacity(self.host.len() + 6);
            h.push_str(&self.host);
            h.push(':');
            crate::push_decimal(&mut h, u64::from(self.port));
            h
        }
    }
    /// Whether the scheme is `https`.
    pub fn is_secure(&self) -> bool {
        self.scheme.is_secure()
    }
    /// Whether the host is an IP address (never a `Domain` target, never has a registrable domain).
    pub fn host_is_ip(&self) -> bool {
        psl::is_ip_address(&self.host)
    }
    /// Whether the host is `localhost`, a `*.localhost` name or a loopback address:
    /// what Chromium's `IsLocalhost` calls potentially trustworthy over plain http.
    pub fn is_localhost(&self) -> bool {
        self.host == "localhost"
            || self.host.ends_with(".localhost")
            || self.host == "[::1]"
            || (psl::is_ip_address(&self.host) && self.host.starts_with("127."))
    }
    pub fn origin(&self) -> Origin {
        Origin { scheme: self.scheme, host: self.host.clone(), port: self.port }
    }
    /// The registrable domain of the host, or the host itself when it has none.
    pub fn registrable_domain(&self) -> &str {
        psl::registrable_domain(&self.host).unwrap_or(&self.host)
    }
    /// The schemeful site: scheme + registrable domain.
    pub fn site(&self) -> Site {
        Site { scheme: self.scheme, domain: self.registrable_domain().to_string() }
    }
    /// Same-site ignoring the scheme (what Chromium's "schemeless" context and
    /// third-party cookie blocking compare).
    pub fn same_site_schemeless(&self, other: &Url) -> bool {
        self.registrable_domain() == other.registrable_domain()
    }
    /// Same-site including the scheme (schemeful same-site).
    pub fn same_site(&self, other: &Url) -> bool {
        // `self.site() == other.site()`, without building the sites.
        self.scheme == other.scheme && self.registrable_domain() == other.registrable_domain()
    }

    fn query_suffix(&self) -> String {
        self.query.as_ref().map(|q| format!("?{q}")).unwrap_or_default()
    }
}

impl fmt::Display for Url {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The origin, the path, `?query`.
        f.write_str(self.scheme.as_str())?;
        f.write_str("://")?;
        f.write_str(&self.host)?;
        if self.port != self.scheme.default_port() {
            write!(f, ":{}", self.port)?;
        }
        f.write_str(&self.path)?;
        if let Some(q) = &self.query {
            f.write_str("?")?;
            f.write_str(q)?;
        }
        Ok(())
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}://{}", self.scheme.as_str(), self.host)?;
        if self.port != self.scheme.default_port() {
            write!(f, ":{}", self.port)?;
        }
        Ok(())
    }
}

impl fmt::Display for Site {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}://{}", self.scheme.as_str(), self.domain)
    }
}

impl std::str::FromStr for Url {
    type Err = UrlError;
    fn from_str(s: &str) -> Result<Url, UrlError> {
        Url::parse(s)
    }
}

fn split_host_port<'a>(hostport: &'a str, input: &str) -> Result<(&'a str, Option<u16>), UrlError> {
    let bad_port = || UrlError::InvalidPort(input.to_string());
    let (host, port) = if hostport.starts_with('[') {
        match hostport.find(']') {
            Some(i) => match &hostport[i + 1..] {
                "" => (&hostport[..=i], None),
                p => (&hostport[..=i], Some(p.strip_prefix(':').ok_or_else(bad_port)?)),
            },
            None => return Err(UrlError::InvalidHost(input.to_string())),
        }
    } else {
        match hostport.rsplit_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (hostport, None),
        }
    };
    let port = match port {
        None | Some("") => None,
        Some(p) => {
            if !p.bytes().all(|b| b.is_ascii_digit()) || p.len() > 5 {
                return Err(bad_port());
            }
            let n: u32 = p.parse().map_err(|_| bad_port())?;
            if n == 0 || n > 65535 {
                return Err(bad_port());
            }
            Some(n as u16)
        }
    };
    Ok((host, port))
}

/// RFC 3986 §5.2.4: removes `.` and `..` segments from a path.
fn remove_dot_segments(path: &str) -> String {
    // Without a `.` or `..` segment an absolute path stays as it is.
    if path.starts_with('/') && !path.split('/').any(|seg| seg == "." || seg == "..") {
        return path.to_string();
    }
    let mut out: Vec<&str> = Vec::new();
    let segments: Vec<&str> = path.split('/').skip(1).collect();
    let n = segments.len();
    for (i, seg) in segments.iter().enumerate() {
        let last = i + 1 == n;
        match *seg {
            "." => {
                if last {
                    out.push("");
                }
            }
            ".." => {
                out.pop();
                if last {
                    out.push("");
                }
            }
            s => out.push(s),
        }
    }
    format!("/{}", out.join("/"))
}
