//! GraphQL types of bans; they wrap domain records, never database models.

use async_graphql::dataloader::DataLoader;
use async_graphql::{Context, ID, Object, SimpleObject};
use bangui_core::bans::{BanFilter, BanRecord};
use bangui_core::pagination::PageRequest;
use chrono::{DateTime, Utc};

use crate::connection_type;
use crate::graphql::context::app;
use crate::graphql::error::GqlResult;
use crate::graphql::geo::loader::country_of;
use crate::graphql::geo::types::Country;
use crate::graphql::pagination::PageInfo;

pub use super::filter::{BanFilterInput, BanOrigin, BanSource};

/// One ban of an address in a jail.
#[derive(Clone)]
pub struct Ban(pub BanRecord);

/// One ban of an address in a jail.
#[Object]
impl Ban {
    /// Stable identifier.
    async fn id(&self) -> ID {
        ID(self.0.id.clone())
    }

    /// The banned address.
    async fn ip(&self) -> &str {
        &self.0.ip
    }

    /// The jail it is banned in.
    async fn jail(&self) -> &str {
        &self.0.jail
    }

    /// When the ban started.
    async fn banned_at(&self) -> DateTime<Utc> {
        bangui_core::time::to_datetime(self.0.banned_at)
    }

    /// Ban length in seconds; -1 is permanent.
    async fn ban_time(&self) -> i64 {
        self.0.ban_time
    }

    /// When the ban ends; null when permanent.
    async fn expires_at(&self) -> Option<DateTime<Utc>> {
        self.0.expires_at.map(bangui_core::time::to_datetime)
    }

    /// How many times fail2ban has banned this address.
    async fn ban_count(&self) -> i64 {
        self.0.ban_count
    }

    /// Whether the ban is in force now.
    async fn active(&self) -> bool {
        self.0.active
    }

    /// Who caused the ban.
    async fn origin(&self) -> BanOrigin {
        self.0.origin.into()
    }

    /// Why it was banned, when someone banned it through BanGUI with a reason.
    async fn reason(&self) -> Option<&str> {
        self.0.reason.as_deref()
    }

    /// Who banned it through BanGUI.
    async fn banned_by(&self) -> Option<&str> {
        self.0.banned_by.as_deref()
    }

    /// The blocklist source whose import banned it.
    async fn blocklist_source(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Option<crate::graphql::blocklists::types::BlocklistSource>> {
        let Some(id) = self.0.source_id else {
            return Ok(None);
        };
        let sources = ctx.data::<DataLoader<crate::graphql::blocklists::loader::SourceLoader>>()?;
        let source = sources
            .load_one(id)
            .await
            .map_err(|e| crate::graphql::error::loader_failed(&e))?;
        Ok(source.map(Into::into))
    }

    /// The fail2ban host that holds it.
    async fn host(&self, ctx: &Context<'_>) -> async_graphql::Result<String> {
        app(ctx)?.hosts.name_of(self.0.host_id).await.gql()
    }

    /// The address's country, when known.
    async fn country(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Country>> {
        match &self.0.country_code {
            Some(code) => Ok(Some(Country::from_code(code))),
            None => country_of(ctx, &self.0.ip).await,
        }
    }

    /// The autonomous system that announces the address (a network's first
    /// address's), from the ASN database as it is now; null when unknown.
    async fn asn(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Asn>> {
        let geo = &app(ctx)?.geo;
        let first = self.0.ip.split('/').next().unwrap_or_default();
        Ok(first.parse().ok().and_then(|ip| geo.asn(ip)).map(Asn))
    }
}

/// What `bans` was asked, kept to count the whole list on demand.
pub struct BanQuery {
    pub filter: BanFilter,
    pub bans: bangui_core::bans::BanService,
}

impl BanQuery {
    pub async fn total_count(&self, _ctx: &Context<'_>) -> async_graphql::Result<i64> {
        let n = self.bans.count(&self.filter).await.gql()?;
        Ok(i64::try_from(n).unwrap_or(i64::MAX))
    }
}

connection_type!(BanConnection, BanEdge, Ban, BanQuery);

/// What banning one address did.
#[derive(SimpleObject)]
pub struct BanResult {
    /// The jail.
    pub jail: String,
    /// The address, normalised.
    pub ip: String,
    /// True when it was banned there already.
    pub already_banned: bool,
    /// The fail2ban host.
    pub host: String,
}

/// What banning many addresses did.
#[derive(SimpleObject)]
pub struct BulkBanResult {
    /// The jail.
    pub jail: String,
    /// How many addresses were newly banned.
    pub banned: i64,
    /// How many were banned already (or repeated in the input).
    pub already_banned: i64,
    /// Entries that are not IP addresses; nothing was done with them.
    pub invalid: Vec<String>,
}

/// What unbanning many addresses did.
#[derive(SimpleObject)]
pub struct BulkUnbanResult {
    /// Entries lifted in at least one jail.
    pub unbanned: i64,
    /// Valid entries that were banned nowhere (or not in the jail given).
    pub not_banned: i64,
    /// Entries that are not IP addresses or networks; nothing was done with them.
    pub invalid: Vec<String>,
}

/// What unbanning did.
#[derive(SimpleObject)]
pub struct UnbanResult {
    /// The address, normalised.
    pub ip: String,
    /// The jails it was unbanned from; empty when it was banned nowhere.
    pub jails: Vec<String>,
}

/// Everything known about one address or network.
pub struct IpInfo {
    pub target: ipnet::IpNet,
}

impl IpInfo {
    /// The address, or the network in CIDR notation.
    fn text(&self) -> String {
        bangui_core::net::target(&self.target)
    }
}

/// An autonomous system: a network operator announcing addresses.
pub struct Asn(pub bangui_core::geo::asn::Asn);

/// An autonomous system: a network operator announcing addresses.
#[Object]
impl Asn {
    /// Its number (AS number); 0 stands for addresses of no known system.
    async fn number(&self) -> u32 {
        self.0.number
    }

    /// Its operator's name, when known.
    async fn name(&self) -> Option<&str> {
        self.0.name.as_deref()
    }
}

/// Everything known about one address or network.
#[Object]
impl IpInfo {
    /// The address, or the network in CIDR notation, normalised.
    async fn ip(&self) -> String {
        self.text()
    }

    /// Its country (a network's first address's), when known.
    async fn country(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Country>> {
        country_of(ctx, &self.target.network().to_string()).await
    }

    /// The autonomous system that announces it (a network's first address's),
    /// when the ASN database knows it.
    async fn asn(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Asn>> {
        Ok(app(ctx)?.geo.asn(self.target.network()).map(Asn))
    }

    /// fail2ban's active network bans that contain it (its own ban left out).
    async fn covering_bans(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Ban>> {
        let bans = app(ctx)?.bans.covering(self.target).await.gql()?;
        Ok(bans.into_iter().map(Ban).collect())
    }

    /// The blocklist sources whose latest list contained the address.
    async fn blocklist_sources(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<crate::graphql::blocklists::types::BlocklistSource>> {
        let state = app(ctx)?;
        let sources = state.blocklists.containing(&self.text()).await.gql()?;
        let last_runs = ctx.look_ahead().field("lastRun").exists();
        crate::graphql::blocklists::prefetch::sources_with_last_runs(ctx, sources, last_runs).await
    }

    /// The jails where it is banned right now (asks fail2ban); for a network,
    /// the jails holding a ban of that network.
    async fn banned_in(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<String>> {
        let state = app(ctx)?;
        state.bans.banned_in(self.target).await.gql()
    }

    /// Its bans in the archive, newest first.
    async fn history(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "How many bans, newest first.")] first: Option<i64>,
        #[graphql(desc = "A cursor: the bans after it.")] after: Option<String>,
        #[graphql(desc = "How many bans from the oldest end, or before `before`.")] last: Option<
            i64,
        >,
        #[graphql(desc = "A cursor: the bans before it.")] before: Option<String>,
    ) -> async_graphql::Result<BanConnection> {
        let filter = BanFilterInput {
            ip: Some(self.text()),
            ..Default::default()
        };
        ban_connection(
            ctx,
            filter,
            bangui_core::pagination::PageRequest {
                first,
                after,
                last,
                before,
            },
        )
        .await
    }
}

/// One page of bans as a connection.
pub async fn ban_connection(
    ctx: &Context<'_>,
    filter: BanFilterInput,
    request: PageRequest,
) -> async_graphql::Result<BanConnection> {
    let (filter, bans) = filter.resolve(ctx).await?;
    let page = bans.page(&filter, &request).await.gql()?;
    Ok(BanConnection {
        page_info: PageInfo::of(&page),
        edges: page
            .items
            .into_iter()
            .map(|(cursor, record)| BanEdge {
                cursor,
                node: Ban(record),
            })
            .collect(),
        query: BanQuery { filter, bans },
    })
}
