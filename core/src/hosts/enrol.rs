//! Enrolling hosts: adding one with its agent token, rotating and revoking
//! tokens, and recognising an agent by its token when it connects.

use entity::host;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use tracing::info;

use super::{AGENT_PREFIX, Enrollment, Hosts, find_named, host_name};
use crate::actor::Actor;
use crate::auth::tokens;
use crate::error::{ServiceError, ServiceResult};
use crate::jails::HostRef;

impl Hosts {
    /// Adds a host (or brings back a removed one of that name, with its
    /// archive) and returns its agent token.
    pub async fn add(&self, actor: &Actor, name: &str) -> ServiceResult<Enrollment> {
        let result = async {
            host_name(name)?;
            let token = tokens::generate(AGENT_PREFIX);
            let now = crate::time::now();
            let row = match find_named(&self.db, name).await? {
                Some(existing) if existing.removed_at.is_none() => {
                    return Err(ServiceError::Conflict(format!(
                        "there is a host named {name:?} already"
                    )));
                }
                Some(removed) => {
                    let mut row: host::ActiveModel = removed.into();
                    row.removed_at = Set(None);
                    row.token_hash = Set(Some(tokens::hash(&token)));
                    row.token_created_at = Set(Some(now));
                    row.refusal = Set(None);
                    row.update(&self.db).await?
                }
                None => {
                    host::ActiveModel {
                        name: Set(name.to_owned()),
                        local: Set(false),
                        token_hash: Set(Some(tokens::hash(&token))),
                        token_created_at: Set(Some(now)),
                        created_at: Set(now),
                        ..Default::default()
                    }
                    .insert(&self.db)
                    .await?
                }
            };
            self.forget_names();
            info!(host = name, id = row.id, "host added");
            Ok(Enrollment {
                host: self.view(row),
                token,
            })
        }
        .await;
        self.audit
            .record(actor, "addHost", Some(name.to_owned()), &result, None)
            .await;
        result
    }

    async fn agent_host(&self, id: i64) -> ServiceResult<host::Model> {
        let row = host::Entity::find_by_id(id)
            .one(&self.db)
            .await?
            .filter(|h| h.removed_at.is_none())
            .ok_or_else(|| ServiceError::NotFound(format!("there is no host {id}")))?;
        if row.local {
            return Err(ServiceError::BadInput(
                "the local host has no agent token".to_owned(),
            ));
        }
        Ok(row)
    }

    /// Gives a host a new agent token; the old one stops working at once.
    pub async fn rotate(&self, actor: &Actor, id: i64) -> ServiceResult<Enrollment> {
        let result = async {
            let row = self.agent_host(id).await?;
            let token = tokens::generate(AGENT_PREFIX);
            let mut active: host::ActiveModel = row.into();
            active.token_hash = Set(Some(tokens::hash(&token)));
            active.token_created_at = Set(Some(crate::time::now()));
            let row = active.update(&self.db).await?;
            self.disconnect(id).await;
            Ok(Enrollment {
                host: self.view(row),
                token,
            })
        }
        .await;
        self.audit
            .record(
                actor,
                "rotateAgentToken",
                Some(id.to_string()),
                &result,
                None,
            )
            .await;
        result
    }

    /// Removes a host: its token stops working and its agent is
    /// disconnected; its archived bans stay.
    pub async fn remove(&self, actor: &Actor, id: i64) -> ServiceResult<bool> {
        let result = async {
            let row = self.agent_host(id).await?;
            let mut active: host::ActiveModel = row.into();
            active.token_hash = Set(None);
            active.removed_at = Set(Some(crate::time::now()));
            active.update(&self.db).await?;
            self.disconnect(id).await;
            Ok(true)
        }
        .await;
        self.audit
            .record(actor, "removeHost", Some(id.to_string()), &result, None)
            .await;
        result
    }

    /// The host an agent token belongs to.
    pub async fn authenticate(&self, token: &str) -> ServiceResult<HostRef> {
        let refused = || ServiceError::Unauthenticated("unknown or revoked agent token".into());
        if !token.starts_with(AGENT_PREFIX) {
            return Err(refused());
        }
        let row = host::Entity::find()
            .filter(host::Column::TokenHash.eq(tokens::hash(token)))
            .filter(host::Column::RemovedAt.is_null())
            .one(&self.db)
            .await?
            .ok_or_else(refused)?;
        Ok(HostRef {
            id: row.id,
            name: row.name,
        })
    }

    /// Records what a connecting agent said of itself, or why it was refused.
    pub async fn record_hello(
        &self,
        host: &HostRef,
        agent_version: &str,
        fail2ban_version: Option<&str>,
        refusal: Option<&str>,
    ) -> ServiceResult<()> {
        host::Entity::update_many()
            .col_expr(host::Column::AgentVersion, agent_version.into())
            .col_expr(
                host::Column::Fail2banVersion,
                fail2ban_version.map(str::to_owned).into(),
            )
            .col_expr(host::Column::Refusal, refusal.map(str::to_owned).into())
            .col_expr(host::Column::LastSeenAt, crate::time::now().into())
            .filter(host::Column::Id.eq(host.id))
            .exec(&self.db)
            .await?;
        Ok(())
    }

    /// Records the version of the host's fail2ban, after it changed.
    pub async fn record_fail2ban_version(
        &self,
        host: &HostRef,
        version: Option<&str>,
    ) -> ServiceResult<()> {
        host::Entity::update_many()
            .col_expr(
                host::Column::Fail2banVersion,
                version.map(str::to_owned).into(),
            )
            .filter(host::Column::Id.eq(host.id))
            .exec(&self.db)
            .await?;
        Ok(())
    }

    /// Notes that the host's agent was heard from now; written with the
    /// next batch of bans, or within a few seconds.
    pub fn seen(&self, host: &HostRef) {
        self.ingest.seen(host.id);
    }
}
