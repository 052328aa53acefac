//! What DevTools' reason names mean, in a sentence a student can read: why a cookie of
//! the jar was not sent with a request (`Network.CookieBlockedReason`) and why a
//! `Set-Cookie` line was not stored (`Network.SetCookieBlockedReason`). The names are
//! the ones the World records (`djsim::browser::reason`); the sentences follow the
//! tooltips of Chrome's Cookies tab, shortened.

/// Why a cookie of the jar did not go with the request.
pub fn not_sent(reason: &str) -> &'static str {
    match reason {
        "SecureOnly" => "It is Secure and this request is not over https.",
        "NotOnPath" => "The request's path is not inside the cookie's Path.",
        "DomainMismatch" => "The request's host does not match the cookie's domain.",
        "SameSiteStrict" => "It is SameSite=Strict and the request came from another site.",
        "SameSiteLax" => {
            "It is SameSite=Lax and the request came from another site without being a top-level navigation (a GET link click)."
        }
        "SameSiteUnspecifiedTreatedAsLax" => {
            "It has no SameSite attribute, so it is treated as Lax, and the request came from another site without being a top-level navigation."
        }
        // Chromium names every SameSite refusal Schemeful…: sites are compared with their
        // scheme, whether or not the scheme made the difference.
        "SchemefulSameSiteStrict" => {
            "It is SameSite=Strict and the request came from another site (http and https of one domain count as different sites)."
        }
        "SchemefulSameSiteLax" => {
            "It is SameSite=Lax and the request came from another site without being a top-level navigation (a GET link click); http and https of one domain count as different sites."
        }
        "SchemefulSameSiteUnspecifiedTreatedAsLax" => {
            "It has no SameSite attribute, so it is treated as Lax, and the request came from another site without being a top-level navigation (http and https of one domain count as different sites)."
        }
        "SameSiteNoneInsecure" => "It is SameSite=None without Secure, which browsers no longer allow.",
        "UserPreferences" => "The browser blocks third-party cookies (a user preference): the request came from another site.",
        _ => "A reason this page does not know.",
    }
}

/// Why a `Set-Cookie` line was not stored.
pub fn not_stored(reason: &str) -> &'static str {
    match reason {
        "SecureOnly" => "It has the Secure attribute but came over plain http.",
        "SameSiteStrict" => "It is SameSite=Strict and came in a response to a request from another site.",
        "SameSiteLax" => "It is SameSite=Lax and came from another site without a top-level navigation.",
        "SameSiteUnspecifiedTreatedAsLax" => {
            "It has no SameSite attribute (treated as Lax) and came from another site without a top-level navigation."
        }
        "SchemefulSameSiteStrict" => {
            "It is SameSite=Strict and came in a response to a request from another site (http and https of one domain count as different sites)."
        }
        "SchemefulSameSiteLax" => {
            "It is SameSite=Lax and came from another site without a top-level navigation (http and https of one domain count as different sites)."
        }
        "SchemefulSameSiteUnspecifiedTreatedAsLax" => {
            "It has no SameSite attribute (treated as Lax) and came from another site without a top-level navigation (http and https of one domain count as different sites)."
        }
        "SameSiteNoneInsecure" => "It is SameSite=None without Secure; SameSite=None needs Secure.",
        "UserPreferences" => "The browser blocks third-party cookies (a user preference): the response came from another site.",
        "SyntaxError" => "Its name or value holds a control character, so it is not a valid cookie.",
        "OverwriteSecure" => "It came over plain http and would replace a Secure cookie of the same name.",
        "InvalidDomain" => "Its Domain attribute does not match the response's host (or names a public suffix).",
        "InvalidPrefix" => {
            "Its name starts with __Secure- or __Host- without the attributes that prefix demands, or it came over plain http."
        }
        "NameValuePairExceedsMaxSize" => "Its name and value together are longer than 4096 bytes.",
        "DisallowedCharacter" => "It holds a control character (a tab inside its name, value or an attribute counts too).",
        "NoCookieContent" => "The line has neither a name nor a value.",
        _ => "A reason this page does not know.",
    }
}

#[cfg(test)]
mod tests {
    use djsim::browser::reason::{CookieBlockedReason as C, SetCookieBlockedReason as S};

    use super::{not_sent, not_stored};

    const UNKNOWN: &str = "A reason this page does not know.";

    /// Every reason the World can record has its own sentence.
    #[test]
    fn every_reason_is_explained() {
        let sent = [
            C::SecureOnly,
            C::NotOnPath,
            C::DomainMismatch,
            C::SameSiteStrict,
            C::SameSiteLax,
            C::SameSiteUnspecifiedTreatedAsLax,
            C::SchemefulSameSiteStrict,
            C::SchemefulSameSiteLax,
            C::SchemefulSameSiteUnspecifiedTreatedAsLax,
            C::SameSiteNoneInsecure,
            C::UserPreferences,
        ];
        let stored = [
            S::SecureOnly,
            S::SameSiteStrict,
            S::SameSiteLax,
            S::SameSiteUnspecifiedTreatedAsLax,
            S::SchemefulSameSiteStrict,
            S::SchemefulSameSiteLax,
            S::SchemefulSameSiteUnspecifiedTreatedAsLax,
            S::SameSiteNoneInsecure,
            S::UserPreferences,
            S::SyntaxError,
            S::OverwriteSecure,
            S::InvalidDomain,
            S::InvalidPrefix,
            S::NameValuePairExceedsMaxSize,
            S::DisallowedCharacter,
            S::NoCookieContent,
        ];
        let mut missing: Vec<String> = sent.iter().filter(|r| not_sent(r.as_str()) == UNKNOWN).map(|r| format!("not sent: {r}")).collect();
        missing.extend(stored.iter().filter(|r| not_stored(r.as_str()) == UNKNOWN).map(|r| format!("not stored: {r}")));
        assert!(missing.is_empty(), "{missing:?}");
        assert_eq!(not_sent("Nonsense"), UNKNOWN);
        assert_eq!(not_stored(""), UNKNOWN);
    }
}
