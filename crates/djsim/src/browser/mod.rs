//! The browsers' side: URLs and sites, and the cookie jar that decides like Chromium. OWNER: browser jar.
