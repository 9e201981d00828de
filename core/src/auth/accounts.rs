//! The account use-cases that check or set a password: first-run setup,
//! sign-in, change of password, creation and reset. Guesses are throttled and
//! hashes bounded, whoever calls: the API or the command line.

use entity::user;
use sea_orm::DatabaseConnection;

use super::password::Hasher;
use super::ratelimit::{Attempt, LoginLimiter};
use super::users;
use crate::actor::Role;
use crate::error::{ServiceError, ServiceResult};

/// Accounts and their passwords.
pub struct Accounts {
    db: DatabaseConnection,
    hasher: Hasher,
    limiter: LoginLimiter,
}

impl Accounts {
    pub fn new(db: DatabaseConnection, hasher: Hasher) -> Accounts {
        Accounts {
            db,
            hasher,
            limiter: LoginLimiter::default(),
        }
    }

    /// Creates the first ADMIN; CONFLICT at once, without hashing anything,
    /// once an account exists.
    pub async fn setup(&self, username: &str, password: &str) -> ServiceResult<user::Model> {
        users::check_username(username)?;
        if !users::setup_required(&self.db).await? {
            return Err(users::already_set_up());
        }
        super::password::check_strength(password)?;
        let hash = self.hasher.hash(password).await?;
        users::setup(&self.db, username, &hash).await
    }

    /// The account whose password this is. Wrong names and wrong passwords are
    /// one answer; each guess is counted before it is checked.
    pub async fn sign_in(
        &self,
        username: &str,
        password: &str,
        client: &str,
    ) -> ServiceResult<user::Model> {
        let attempt = self.limiter.begin(username, client)?;
        let user = users::find_by_name(&self.db, username).await?;
        let stored = user.as_ref().map(|u| u.password_hash.as_str());
        let right = self.check(attempt, password, stored).await?;
        match user {
            Some(user) if right => Ok(user),
            _ => Err(ServiceError::Unauthenticated(
                "wrong username or password".to_owned(),
            )),
        }
    }

    /// Sets a new password once the current one is given; guesses of the
    /// current one are throttled like sign-ins.
    pub async fn change_password(
        &self,
        user_id: i64,
        current: &str,
        new: &str,
        client: &str,
    ) -> ServiceResult<()> {
        let user = users::find(&self.db, user_id)
            .await?
            .ok_or_else(|| ServiceError::NotFound(format!("no user with id {user_id}")))?;
        super::password::check_strength(new)?;
        let attempt = self.limiter.begin(&user.username, client)?;
        if !self
            .check(attempt, current, Some(&user.password_hash))
            .await?
        {
            return Err(ServiceError::BadInput(
                "the current password is wrong".to_owned(),
            ));
        }
        self.set_password(user_id, new).await
    }

    /// Checks the password of a counted attempt: a right one is forgiven, a
    /// wrong one stays counted, one the hasher had no room for counts neither
    /// way.
    async fn check(
        &self,
        attempt: Attempt,
        password: &str,
        stored: Option<&str>,
    ) -> ServiceResult<bool> {
        match self.hasher.verify(password, stored).await {
            Ok(true) => {
                self.limiter.succeeded(attempt);
                Ok(true)
            }
            Ok(_) => Ok(false),
            Err(e) => {
                self.limiter.abandoned(attempt);
                Err(e)
            }
        }
    }

    /// Creates an account; CONFLICT when the name is taken.
    pub async fn create(
        &self,
        username: &str,
        password: &str,
        role: Role,
    ) -> ServiceResult<user::Model> {
        users::check_username(username)?;
        super::password::check_strength(password)?;
        if users::find_by_name(&self.db, username).await?.is_some() {
            return Err(users::taken(username));
        }
        let hash = self.hasher.hash(password).await?;
        users::create(&self.db, username, &hash, role).await
    }

    /// Sets a new password without the current one (an ADMIN or the command line).
    pub async fn set_password(&self, user_id: i64, new: &str) -> ServiceResult<()> {
        super::password::check_strength(new)?;
        let hash = self.hasher.hash(new).await?;
        users::set_password_hash(&self.db, user_id, &hash).await
    }
}
