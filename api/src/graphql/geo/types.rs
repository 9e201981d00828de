//! The `Country` type.

use async_graphql::SimpleObject;
use bangui_core::geo::countries;

/// A country.
#[derive(SimpleObject, Clone, Debug, PartialEq, Eq)]
pub struct Country {
    /// ISO 3166-1 alpha-2 code, e.g. `DE`.
    pub code: String,
    /// English name, when known.
    pub name: Option<String>,
}

impl Country {
    /// The country with this code, named from BanGUI's own list.
    pub fn from_code(code: &str) -> Country {
        let code = code.to_ascii_uppercase();
        Country {
            name: countries::name(&code).map(str::to_owned),
            code,
        }
    }
}
