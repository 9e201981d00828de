//! GraphQL types of bans; they wrap domain records, never database models.

use async_graphql::dataloader::DataLoader;
use async_graphql::{Context, Enum, ID, InputObject, Object, SimpleObject};
use bangui_core::archive::Origin;
use bangui_core::bans::{BanFilter, BanRecord, Source};
use bangui_core::pagination::PageRequest;
use chrono::{DateTime, Utc};

use crate::connection_type;
use crate::graphql::context::app;
use crate::graphql::error::{ErrorCode, GqlResult, error};
use crate::graphql::geo::loader::country_of;
use crate::graphql::geo::types::Country;
use crate::graphql::pagination::PageInfo;

/// Who caused a ban.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum BanOrigin {
    /// fail2ban banned it after failures in a log.
    #[graphql(name = "FAIL2BAN")]
    Fail2ban,
    /// Someone banned it through BanGUI.
    Manual,
    /// A blocklist import banned it.
    Blocklist,
}

impl From<Origin> for BanOrigin {
    fn from(o: Origin) -> Self {
        match o {
            Origin::Fail2ban => BanOrigin::Fail2ban,
            Origin::Manual => BanOrigin::Manual,
            Origin::Blocklist => BanOrigin::Blocklist,
        }
    }
}

impl From<BanOrigin> for Origin {
    fn from(o: BanOrigin) -> Self {
        match o {
            BanOrigin::Fail2ban => Origin::Fail2ban,
            BanOrigin::Manual => Origin::Manual,
            BanOrigin::Blocklist => Origin::Blocklist,
        }
    }
}

/// Where bans are read from.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum BanSource {
    /// BanGUI's own long-term history.
    #[default]
    Archive,
    /// fail2ban's database: the bans in force now.
    #[graphql(name = "FAIL2BAN")]
    Fail2ban,
}

/// Which bans to list.
#[derive(InputObject, Default)]
#[graphql(name = "BanFilter")]
pub struct BanFilterInput {
    /// Only this jail.
    pub jail: Option<String>,
    /// An exact address or a CIDR network.
    pub ip: Option<String>,
    /// ISO 3166-1 alpha-2 country code.
    pub country: Option<String>,
    /// Only bans of this origin.
    pub origin: Option<BanOrigin>,
    /// Bans from this instant on.
    pub since: Option<DateTime<Utc>>,
    /// Bans before this instant.
    pub until: Option<DateTime<Utc>>,
    /// Only bans in force now.
    pub active_only: Option<bool>,
    /// The archive (the default, also for an explicit null) or fail2ban's own database.
    #[graphql(default_with = "Some(BanSource::Archive)")]
    pub source: Option<BanSource>,
    /// Only bans on this fail2ban host; every host's when null (fail2ban's own
    /// database: the local host's when null).
    pub host: Option<String>,
}

impl BanFilterInput {
    /// The filter with its host found, and the ban service of that host
    /// (the local one when none is named); BAD_USER_INPUT for an unknown host.
    pub async fn resolve(
        self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<(BanFilter, bangui_core::bans::BanService)> {
        let state = app(ctx)?;
        let Some(name) = self.host.clone() else {
            return Ok((BanFilter::from(self), state.bans.clone()));
        };
        let unknown = || {
            error(
                ErrorCode::BadUserInput,
                format!("there is no host named {name:?}"),
            )
        };
        let id = state.hosts.id_of(&name).await.gql()?.ok_or_else(unknown)?;
        let live = self.source == Some(BanSource::Fail2ban);
        let bans = match state.hosts.by_id(id).await.gql()? {
            Some(h) if !h.host.local => {
                state
                    .bans
                    .on(state.hosts.for_write(Some(&h.host.name)).await.gql()?)
            }
            Some(_) => state.bans.clone(),
            // A removed host's archived bans can still be listed; its
            // fail2ban can no longer be read.
            None if live => {
                return Err(error(
                    ErrorCode::BadUserInput,
                    format!("host {name:?} was removed: its fail2ban cannot be read"),
                ));
            }
            None => state.bans.clone(),
        };
        let mut filter = BanFilter::from(self);
        filter.host_id = Some(id);
        Ok((filter, bans))
    }
}

impl From<BanFilterInput> for BanFilter {
    fn from(f: BanFilterInput) -> Self {
        BanFilter {
            host_id: None,
            jail: f.jail,
            ip: f.ip,
            country: f.country,
            origin: f.origin.map(Into::into),
            since: f.since.map(|t| t.timestamp()),
            until: f.until.map(|t| t.timestamp()),
            active_only: f.active_only.unwrap_or(false),
            source: match f.source.unwrap_or(BanSource::Archive) {
                BanSource::Archive => Source::Archive,
                BanSource::Fail2ban => Source::Fail2ban,
            },
        }
    }
}

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
