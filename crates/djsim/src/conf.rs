//! `django.conf.settings`: the simulated project's settings. OWNER: server.

/// Which Django's behaviour the simulated server has.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum DjangoVersion {
    /// Django 5.2.19, the default.
    #[default]
    V5_2,
    /// Django 3.2.25: reads the legacy session format, no `Cross-Origin-Opener-Policy`,
    /// writes the legacy format with `DEFAULT_HASHING_ALGORITHM = "sha1"`.
    V3_2,
}

impl DjangoVersion {
    pub fn parse(s: &str) -> Option<DjangoVersion> {
        match s {
            "5.2" | "5.2.19" => Some(DjangoVersion::V5_2),
            "3.2" | "3.2.25" => Some(DjangoVersion::V3_2),
            _ => None,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            DjangoVersion::V5_2 => "5.2",
            DjangoVersion::V3_2 => "3.2",
        }
    }
    /// The full version runserver's banner prints.
    pub fn full(self) -> &'static str {
        match self {
            DjangoVersion::V5_2 => "5.2.19",
            DjangoVersion::V3_2 => "3.2.25",
        }
    }
}
