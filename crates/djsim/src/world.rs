//! The World: the clock, the seeded randomness, the server, the browsers, the static sites, and the ordered log of events. OWNER: integration.
