//! Which cookies a request may carry: domain and path matching (RFC 6265bis §5.1.3,
//! §5.1.4) and the same-site context of a request (RFC 6265bis §5.2, as Chromium's
//! `cookie_util::ComputeSameSiteContextForRequest` computes it).

use super::url::Url;

/// How a request is made, which decides its same-site context.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum RequestKind {
    /// A top-level navigation: typed URL, link click, form submission, redirect.
    #[default]
    Navigation,
    /// The document of an `<iframe>`.
    Iframe,
    /// An `<img>`, a script, a `fetch`.
    Subresource,
}

/// Who makes a request and how.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestContext {
    /// The page the request comes from; `None` when typed into the address bar.
    pub initiator: Option<Url>,
    pub kind: RequestKind,
    /// The HTTP method, upper-case (`GET`, `POST`).
    pub method: String,
    /// For an iframe or subresource, the top-level page it belongs to (Chromium's
    /// `site_for_cookies`); `None` means the initiator is the top-level page.
    pub top_frame: Option<Url>,
}

/// Chromium's `SameSiteCookieContext::ContextType`, weakest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SameSiteContext {
    CrossSite,
    /// A cross-site top-level navigation with an unsafe method (POST).
    LaxMethodUnsafe,
    /// A cross-site top-level navigation with a safe method (GET).
    Lax,
    /// Same-site.
    Strict,
}

impl Default for RequestContext {
    fn default() -> Self {
        RequestContext::typed("GET")
    }
}

impl RequestContext {
    /// A top-level navigation typed into the address bar (no initiator).
    pub fn typed(method: &str) -> RequestContext {
        RequestContext { initiator: None, kind: RequestKind::Navigation, method: method.to_ascii_uppercase(), top_frame: None }
    }
    /// A request of `kind` made from the page `initiator`.
    pub fn from_page(initiator: &Url, kind: RequestKind, method: &str) -> RequestContext {
        RequestContext {
            initiator: Some(initiator.clone()),
            kind,
            method: method.to_ascii_uppercase(),
            top_frame: None,
        }
    }

    /// "A request's method is "safe" if it is GET, HEAD, OPTIONS or TRACE" (RFC 9110
    /// §9.2.1; Chromium `HttpUtil::IsMethodSafe`).
    pub fn method_is_safe(&self) -> bool {
        matches!(self.method.to_ascii_uppercase().as_str(), "GET" | "HEAD" | "OPTIONS" | "TRACE")
    }

    /// The top-level page whose site decides first- vs third-party (Chromium's
    /// `site_for_cookies`): the target itself for a navigation.
    pub fn site_for_cookies<'a>(&'a self, url: &'a Url) -> &'a Url {
        match self.kind {
            RequestKind::Navigation => url,
            RequestKind::Iframe | RequestKind::Subresource => {
                self.top_frame.as_ref().or(self.initiator.as_ref()).unwrap_or(url)
            }
        }
    }

    /// Whether the request is a third-party one (an iframe or subresource of a page of
    /// another site). Schemeful, as `SiteForCookies::IsFirstParty` is with schemeful
    /// same-site: recorded on Chromium 156, an image or iframe of `http://b.a.example.test`
    /// gets no cookie of `https://a.example.test`, `SameSite=None; Secure` ones included
    /// (UserPreferences).
    pub fn is_third_party(&self, url: &Url) -> bool {
        !self.site_for_cookies(url).same_site(url)
    }

    /// The context in which cookies are sent with a request to `url`:
    /// Strict when the target, the initiator and the top-level page are all same-site;
    /// Lax (or LaxMethodUnsafe for an unsafe method) when the top-level page is
    /// same-site with the target but the initiator is not (a cross-site link or form to
    /// a top-level page); otherwise CrossSite. `schemeful` compares schemes too.
    pub fn request_context(&self, url: &Url, schemeful: bool) -> SameSiteContext {
        let same = |a: &Url, b: &Url| if schemeful { a.same_site(b) } else { a.same_site_schemeless(b) };
        if !same(self.site_for_cookies(url), url) {
            return SameSiteContext::CrossSite;
        }
        if self.initiator.as_ref().is_none_or(|i| same(i, url)) {
            return SameSiteContext::Strict;
        }
        if self.method_is_safe() {
            SameSiteContext::Lax
        } else {
            SameSiteContext::LaxMethodUnsafe
        }
    }

    /// The context in which a response's `Set-Cookie` is stored. "Strict contexts are
    /// all normalized to lax for cookie writes"; a top-level navigation's response is
    /// always Lax (Chromium `ComputeSameSiteContextForResponse`), whatever the method.
    pub fn response_context(&self, url: &Url, schemeful: bool) -> SameSiteContext {
        if self.kind == RequestKind::Navigation {
            return SameSiteContext::Lax;
        }
        match self.request_context(url, schemeful) {
            SameSiteContext::CrossSite => SameSiteContext::CrossSite,
            _ => SameSiteContext::Lax,
        }
    }
}

/// RFC 6265bis §5.1.3: "A string domain-matches a given domain string if at least one
/// of the following conditions hold: The domain string and the string are identical. …
/// All of the following conditions hold: The domain string is a suffix of the string.
/// The last character of the string that is not included in the domain string is a
/// %x2E (".") character. The string is a host name (i.e., not an IP address)."
pub fn domain_match(string: &str, domain: &str) -> bool {
    if string == domain {
        return true;
    }
    string.len() > domain.len()
        && string.ends_with(domain)
        && string.as_bytes()[string.len() - domain.len() - 1] == b'.'
        && !super::psl::is_ip_address(string)
}

/// RFC 6265bis §5.1.4: "A request-path path-matches a given cookie-path if at least one
/// of the following conditions holds: The cookie-path and the request-path are
/// identical. The cookie-path is a prefix of the request-path, and the last character of
/// the cookie-path is %x2F ("/"). The cookie-path is a prefix of the request-path, and
/// the first character of the request-path that is not included in the cookie-path is a
/// %x2F ("/") character."
pub fn path_match(request_path: &str, cookie_path: &str) -> bool {
    if request_path == cookie_path {
        return true;
    }
    request_path.starts_with(cookie_path)
        && (cookie_path.ends_with('/') || request_path.as_bytes().get(cookie_path.len()) == Some(&b'/'))
}

/// RFC 6265bis §5.1.4 default-path: "If the uri-path is empty or if the first character
/// of the uri-path is not a %x2F ("/") character, output %x2F ("/"). If the uri-path
/// contains no more than one %x2F ("/") character, output %x2F ("/"). Output the
/// characters of the uri-path from the first character up to, but not including, the
/// right-most %x2F ("/")."
pub fn default_path(uri_path: &str) -> String {
    match uri_path.rfind('/') {
        Some(i) if i > 0 && uri_path.starts_with('/') => uri_path[..i].to_string(),
        _ => "/".to_string(),
    }
}
