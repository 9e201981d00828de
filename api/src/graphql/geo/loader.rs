//! One DataLoader for every `country` field: the addresses a response needs are
//! collected and resolved in one batch.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Arc;

use async_graphql::Context;
use async_graphql::dataloader::{DataLoader, Loader};
use bangui_core::geo::Geo;

use super::types::Country;

/// Resolves batches of addresses through [`Geo`].
pub struct CountryLoader(pub Arc<Geo>);

impl Loader<IpAddr> for CountryLoader {
    type Value = Country;
    type Error = Arc<str>;

    async fn load(&self, keys: &[IpAddr]) -> Result<HashMap<IpAddr, Country>, Self::Error> {
        let found = self.0.countries(keys).await;
        Ok(found
            .into_iter()
            .filter_map(|(ip, code)| code.map(|c| (ip, Country::from_code(&c))))
            .collect())
    }
}

/// The country of an address given as text, through the request's loader.
pub async fn country_of(ctx: &Context<'_>, ip: &str) -> async_graphql::Result<Option<Country>> {
    let Ok(addr) = ip.parse::<IpAddr>() else {
        return Ok(None);
    };
    let loader = ctx.data::<DataLoader<CountryLoader>>()?;
    Ok(loader.load_one(addr).await.unwrap_or(None))
}
