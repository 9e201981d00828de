//! The `Host` and `AgentEnrollment` types.

use async_graphql::{Context, ID, Object, SimpleObject};
use bangui_core::ServiceError;
use bangui_core::hosts::HostView;
use bangui_core::jails::JailService;
use chrono::{DateTime, Utc};

use crate::graphql::context::app;
use crate::graphql::error::GqlResult;
use crate::graphql::jails::types::Jail;

/// A fail2ban BanGUI manages: the local one, or one behind `bangui agent`.
pub struct Host(pub HostView);

/// A fail2ban BanGUI manages: the local one, or one behind `bangui agent`.
#[Object]
impl Host {
    /// Stable identifier (`rotateAgentToken`, `removeHost`).
    async fn id(&self) -> ID {
        ID(self.0.host.id.to_string())
    }

    /// Its name, as `host` arguments and fields give it.
    async fn name(&self) -> &str {
        &self.0.host.name
    }

    /// Whether it is this BanGUI's own machine.
    async fn local(&self) -> bool {
        self.0.host.local
    }

    /// Whether it can be reached now: the local host always, an agent host
    /// while its agent is connected.
    async fn connected(&self) -> bool {
        self.0.connected
    }

    /// When its agent was last heard from (the local host: now).
    async fn last_seen_at(&self) -> Option<DateTime<Utc>> {
        if self.0.host.local {
            return Some(bangui_core::time::to_datetime(bangui_core::time::now()));
        }
        self.0.host.last_seen_at.map(bangui_core::time::to_datetime)
    }

    /// The version of its `bangui agent`, as it last said; null for the local host.
    async fn agent_version(&self) -> Option<&str> {
        self.0.host.agent_version.as_deref()
    }

    /// Its fail2ban's version; null when unknown.
    #[graphql(name = "fail2banVersion")]
    async fn fail2ban_version(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<String>> {
        if self.0.host.local {
            return Ok(app(ctx)?.fail2ban.client().version().await.ok());
        }
        Ok(self.0.host.fail2ban_version.clone())
    }

    /// Why the hub last refused its agent (an incompatible protocol
    /// version); null once the agent is accepted.
    async fn refusal(&self) -> Option<&str> {
        self.0.host.refusal.as_deref()
    }

    /// When its agent token was made; null for the local host.
    async fn token_created_at(&self) -> Option<DateTime<Utc>> {
        self.0
            .host
            .token_created_at
            .map(bangui_core::time::to_datetime)
    }

    /// Its jails; empty while its agent is not connected.
    async fn jails(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Jail>> {
        let state = app(ctx)?;
        if self.0.host.local {
            let list = state.configuration.jails().await.gql()?;
            return Ok(list
                .into_iter()
                .map(|(name, running)| Jail::new(name, running))
                .collect());
        }
        let service = state.hosts.for_write(Some(&self.0.host.name)).await.gql()?;
        let jails = JailService::new(service.clone());
        match state.configuration.on(service).jails().await {
            Ok(list) => Ok(list
                .into_iter()
                .map(|(name, running)| Jail::on(&jails, name, running))
                .collect()),
            Err(ServiceError::HostUnavailable { .. }) => Ok(Vec::new()),
            Err(e) => Err(e).gql(),
        }
    }
}

/// A host with its new agent token.
#[derive(SimpleObject)]
pub struct AgentEnrollment {
    /// The host.
    pub host: Host,
    /// The agent token: shown this once, kept only as a hash. The agent
    /// reads it from BANGUI_AGENT_TOKEN or BANGUI_AGENT_TOKEN_FILE.
    pub token: String,
}
