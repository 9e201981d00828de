//! Sessions and API tokens as credentials: creating, checking, revoking.

use std::time::Duration;

use entity::{api_token, session, user};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use tokio::sync::broadcast;
use tokio_util::sync::CancellationToken;

use super::cache::{self, CredentialCache, Entry};
use super::credential::Credential;
use super::tokens;
use crate::actor::Actor;
use crate::db::retry_busy;
use crate::error::ServiceResult;

/// How long a session lives.
#[derive(Clone, Copy, Debug)]
pub struct SessionPolicy {
    /// Unused for this long, it expires.
    pub idle: Duration,
    /// After this long since sign-in, it expires regardless.
    pub absolute: Duration,
}

/// How often `last_seen_at` / `last_used_at` is written at most.
const TOUCH_EVERY_SECS: i64 = 60;

/// A new session handed to the client once.
#[derive(Clone, Debug)]
pub struct NewSession {
    pub token: String,
    pub expires_at: i64,
}

/// Session and token checks.
pub struct Sessions {
    db: DatabaseConnection,
    policy: SessionPolicy,
    /// Ids of sessions ended, here or on another instance, for open
    /// WebSockets to notice.
    revoked: broadcast::Sender<i64>,
    cache: std::sync::Arc<CredentialCache>,
}

fn secs(d: Duration) -> i64 {
    i64::try_from(d.as_secs()).unwrap_or(i64::MAX)
}

impl Sessions {
    pub fn new(db: DatabaseConnection, policy: SessionPolicy) -> Self {
        let (revoked, _) = broadcast::channel(256);
        Self {
            db,
            policy,
            revoked,
            cache: std::sync::Arc::default(),
        }
    }

    /// Ids of sessions as they are revoked.
    pub fn revocations(&self) -> broadcast::Receiver<i64> {
        self.revoked.subscribe()
    }

    /// Hears other instances' revocations until `stop` (PostgreSQL only).
    pub fn listen(&self, stop: CancellationToken) -> tokio::task::JoinHandle<()> {
        tokio::spawn(cache::listen(
            self.db.clone(),
            self.cache.clone(),
            self.revoked.clone(),
            stop,
        ))
    }

    /// Forgets every cached credential here and on the other instances, and
    /// closes the WebSockets of the sessions `ids`.
    async fn announce(&self, ids: Vec<i64>) {
        self.cache.clear();
        for id in &ids {
            // Nobody listening is fine.
            let _ = self.revoked.send(*id);
        }
        cache::announce(&self.db, &ids).await;
    }

    /// Revokes an API token at once, on every instance.
    pub async fn revoke_api_token(&self, id: i64) -> ServiceResult<()> {
        let done = super::users::revoke_api_token(&self.db, id).await;
        self.announce(Vec::new()).await;
        done
    }

    /// Deletes an account: its sessions end and its API tokens are revoked at
    /// once, on every instance. The last ADMIN cannot be deleted.
    pub async fn delete_user(&self, id: i64) -> ServiceResult<()> {
        let sessions: Vec<i64> = session::Entity::find()
            .filter(session::Column::UserId.eq(id))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|s| s.id)
            .collect();
        super::users::delete(&self.db, id).await?;
        self.announce(sessions).await;
        Ok(())
    }

    /// Starts a session for `user_id`.
    pub async fn create(
        &self,
        user_id: i64,
        client_addr: Option<String>,
        user_agent: Option<String>,
    ) -> ServiceResult<NewSession> {
        let token = tokens::generate(tokens::SESSION_PREFIX);
        let now = crate::time::now();
        let expires_at = now.saturating_add(secs(self.policy.absolute));
        let row = session::ActiveModel {
            token_hash: Set(tokens::hash(&token)),
            user_id: Set(user_id),
            created_at: Set(now),
            last_seen_at: Set(now),
            expires_at: Set(expires_at),
            client_addr: Set(client_addr),
            user_agent: Set(user_agent.map(|ua| ua.chars().take(256).collect())),
            ..Default::default()
        };
        retry_busy(|| session::Entity::insert(row.clone()).exec(&self.db)).await?;
        Ok(NewSession {
            token,
            expires_at: expires_at.min(now.saturating_add(secs(self.policy.idle))),
        })
    }

    /// Checks a session or API token; `None` when unknown, expired or revoked.
    /// A credential checked in the last seconds is answered from memory.
    pub async fn authenticate(&self, token: &str) -> ServiceResult<Option<Credential>> {
        let hash = tokens::hash(token);
        if let Some(found) = self.cached(&hash).await? {
            return Ok(Some(found));
        }
        let generation = self.cache.generation();
        if token.starts_with(tokens::API_PREFIX) {
            self.authenticate_api_token(hash, generation).await
        } else {
            self.authenticate_session(hash, generation).await
        }
    }

    /// The cached credential while it is still valid; `None` sends the caller
    /// to the database, which alone may say no.
    async fn cached(&self, hash: &str) -> ServiceResult<Option<Credential>> {
        let Some(entry) = self.cache.get(hash) else {
            return Ok(None);
        };
        let now = crate::time::now();
        if entry.hard_end.is_some_and(|end| end <= now) {
            return Ok(None);
        }
        let mut credential = entry.credential;
        let Some(session_id) = credential.session_id else {
            return Ok(Some(credential));
        };
        let idle = secs(self.policy.idle);
        if entry.last_seen_at.saturating_add(idle) <= now {
            return Ok(None);
        }
        let mut seen = entry.last_seen_at;
        if now - seen >= TOUCH_EVERY_SECS {
            self.touch_session(session_id, now).await?;
            self.cache.touched(hash, now);
            seen = now;
        }
        credential.expires_at = entry.hard_end.map(|end| end.min(seen.saturating_add(idle)));
        Ok(Some(credential))
    }

    async fn touch_session(&self, id: i64, now: i64) -> ServiceResult<()> {
        retry_busy(|| {
            session::Entity::update_many()
                .col_expr(session::Column::LastSeenAt, Expr::value(now))
                .filter(session::Column::Id.eq(id))
                .exec(&self.db)
        })
        .await?;
        Ok(())
    }

    async fn authenticate_session(
        &self,
        hash: String,
        generation: u64,
    ) -> ServiceResult<Option<Credential>> {
        let now = crate::time::now();
        let found = session::Entity::find()
            .filter(session::Column::TokenHash.eq(hash.clone()))
            .find_also_related(user::Entity)
            .one(&self.db)
            .await?;
        let Some((session, Some(user))) = found else {
            return Ok(None);
        };
        let idle_end = session.last_seen_at.saturating_add(secs(self.policy.idle));
        if session.expires_at <= now || idle_end <= now {
            return Ok(None);
        }
        let role = user.role;
        let seen = if now - session.last_seen_at >= TOUCH_EVERY_SECS {
            self.touch_session(session.id, now).await?;
            now
        } else {
            session.last_seen_at
        };
        let credential = Credential {
            actor: Actor {
                name: user.username,
                role,
                user_id: Some(user.id),
            },
            session_id: Some(session.id),
            api_token_id: None,
            account_created_at: Some(user.created_at),
            expires_at: Some(
                session
                    .expires_at
                    .min(seen.saturating_add(secs(self.policy.idle))),
            ),
        };
        self.cache.put(
            hash,
            Entry::new(credential.clone(), seen, Some(session.expires_at)),
            generation,
        );
        Ok(Some(credential))
    }

    async fn authenticate_api_token(
        &self,
        hash: String,
        generation: u64,
    ) -> ServiceResult<Option<Credential>> {
        let now = crate::time::now();
        let found = api_token::Entity::find()
            .filter(api_token::Column::TokenHash.eq(hash.clone()))
            .one(&self.db)
            .await?;
        let Some(row) = found else { return Ok(None) };
        if row.revoked_at.is_some() || row.expires_at.is_some_and(|e| e <= now) {
            return Ok(None);
        }
        let role = row.role;
        if row.last_used_at.is_none_or(|t| now - t >= TOUCH_EVERY_SECS) {
            retry_busy(|| {
                api_token::Entity::update_many()
                    .col_expr(api_token::Column::LastUsedAt, Expr::value(now))
                    .filter(api_token::Column::Id.eq(row.id))
                    .exec(&self.db)
            })
            .await?;
        }
        let credential = Credential {
            actor: Actor {
                name: format!("token:{}", row.name),
                role,
                user_id: row.created_by,
            },
            session_id: None,
            api_token_id: Some(row.id),
            expires_at: row.expires_at,
            account_created_at: None,
        };
        self.cache.put(
            hash,
            Entry::new(credential.clone(), now, row.expires_at),
            generation,
        );
        Ok(Some(credential))
    }

    /// Ends the session with this token; true when there was one.
    pub async fn revoke(&self, token: &str) -> ServiceResult<bool> {
        let hash = tokens::hash(token);
        let ids: Vec<i64> = session::Entity::find()
            .filter(session::Column::TokenHash.eq(hash.clone()))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|s| s.id)
            .collect();
        let done = retry_busy(|| {
            session::Entity::delete_many()
                .filter(session::Column::TokenHash.eq(hash.clone()))
                .exec(&self.db)
        })
        .await?;
        self.announce(ids).await;
        Ok(done.rows_affected > 0)
    }

    /// Ends every session of a user except `keep`.
    pub async fn revoke_user(&self, user_id: i64, keep: Option<i64>) -> ServiceResult<u64> {
        let ids: Vec<i64> = session::Entity::find()
            .filter(session::Column::UserId.eq(user_id))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|s| s.id)
            .filter(|id| Some(*id) != keep)
            .collect();
        let done = retry_busy(|| {
            session::Entity::delete_many()
                .filter(session::Column::Id.is_in(ids.clone()))
                .exec(&self.db)
        })
        .await?;
        self.announce(ids).await;
        Ok(done.rows_affected)
    }
}
