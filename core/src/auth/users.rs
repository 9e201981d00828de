//! User accounts and API tokens: first-run setup, creation, deletion, passwords.

use entity::{api_token, user};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder,
};

use super::tokens;
use crate::actor::Role;
use crate::db::retry_busy;
use crate::error::{ServiceError, ServiceResult};

/// Checks a username: 1 to 64 letters, digits or `. _ @ -`.
pub fn check_username(name: &str) -> ServiceResult<&str> {
    let ok = !name.is_empty()
        && name.len() <= 64
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '@' | '-'));
    if ok {
        Ok(name)
    } else {
        Err(ServiceError::BadInput(
            "a username has 1 to 64 letters, digits or . _ @ -".to_owned(),
        ))
    }
}

/// True while no account exists.
pub async fn setup_required(db: &DatabaseConnection) -> ServiceResult<bool> {
    Ok(user::Entity::find().count(db).await? == 0)
}

/// The answer to a setup once an account exists.
pub fn already_set_up() -> ServiceError {
    ServiceError::Conflict("setup is already done; sign in instead".to_owned())
}

/// The answer when a username is taken.
pub fn taken(username: &str) -> ServiceError {
    ServiceError::Conflict(format!("the username {username:?} is taken"))
}

/// Stores the first ADMIN with its password hash; refused (CONFLICT) once any
/// account exists, even when two set-ups race.
pub async fn setup(
    db: &DatabaseConnection,
    username: &str,
    hash: &str,
) -> ServiceResult<user::Model> {
    check_username(username)?;
    let now = crate::time::now();
    let insert = Query::insert()
        .into_table(user::Entity)
        .columns([
            user::Column::Username,
            user::Column::PasswordHash,
            user::Column::Role,
            user::Column::CreatedAt,
            user::Column::UpdatedAt,
        ])
        .select_from(
            Query::select()
                .exprs([
                    Expr::val(username),
                    Expr::val(hash),
                    Expr::val(Role::Admin),
                    Expr::val(now),
                    Expr::val(now),
                ])
                .and_where(
                    Expr::exists(
                        Query::select()
                            .expr(Expr::val(1))
                            .from(user::Entity)
                            .to_owned(),
                    )
                    .not(),
                )
                .to_owned(),
        )
        .map_err(|e| ServiceError::internal("building the setup check", e))?
        .to_owned();
    let done = retry_busy(|| db.execute(&insert)).await?;
    if done.rows_affected() == 0 {
        return Err(already_set_up());
    }
    find_by_name(db, username)
        .await?
        .ok_or_else(|| ServiceError::invariant("the new user vanished"))
}

pub async fn find_by_name(
    db: &DatabaseConnection,
    username: &str,
) -> ServiceResult<Option<user::Model>> {
    Ok(user::Entity::find()
        .filter(user::Column::Username.eq(username))
        .one(db)
        .await?)
}

pub async fn find(db: &DatabaseConnection, id: i64) -> ServiceResult<Option<user::Model>> {
    Ok(user::Entity::find_by_id(id).one(db).await?)
}

pub async fn list(db: &DatabaseConnection) -> ServiceResult<Vec<user::Model>> {
    Ok(user::Entity::find()
        .order_by_asc(user::Column::Username)
        .all(db)
        .await?)
}

/// Stores an account with its password hash; CONFLICT when the name is taken.
pub async fn create(
    db: &DatabaseConnection,
    username: &str,
    hash: &str,
    role: Role,
) -> ServiceResult<user::Model> {
    check_username(username)?;
    let now = crate::time::now();
    let row = user::ActiveModel {
        username: Set(username.to_owned()),
        password_hash: Set(hash.to_owned()),
        role: Set(role),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    };
    let id = retry_busy(|| user::Entity::insert(row.clone()).exec(db))
        .await
        .map_err(|e| match e {
            crate::db::DbError::Query(ref inner) if inner.sql_err().is_some() => taken(username),
            other => other.into(),
        })?
        .last_insert_id;
    find(db, id)
        .await?
        .ok_or_else(|| ServiceError::invariant("the new user vanished"))
}

/// Deletes an account (its sessions go with it, its API tokens are revoked).
/// The last ADMIN cannot be deleted.
pub async fn delete(db: &DatabaseConnection, id: i64) -> ServiceResult<()> {
    let target = find(db, id)
        .await?
        .ok_or_else(|| ServiceError::NotFound(format!("no user with id {id}")))?;
    if target.role == Role::Admin {
        let admins = user::Entity::find()
            .filter(user::Column::Role.eq(Role::Admin))
            .count(db)
            .await?;
        if admins <= 1 {
            return Err(ServiceError::Conflict(
                "the last ADMIN cannot be deleted".to_owned(),
            ));
        }
    }
    let now = crate::time::now();
    retry_busy(|| {
        api_token::Entity::update_many()
            .col_expr(api_token::Column::RevokedAt, Expr::value(now))
            .filter(api_token::Column::CreatedBy.eq(id))
            .filter(api_token::Column::RevokedAt.is_null())
            .exec(db)
    })
    .await?;
    retry_busy(|| user::Entity::delete_by_id(id).exec(db)).await?;
    Ok(())
}

/// Stores a new password hash.
pub async fn set_password_hash(db: &DatabaseConnection, id: i64, hash: &str) -> ServiceResult<()> {
    let now = crate::time::now();
    let done = retry_busy(|| {
        user::Entity::update_many()
            .col_expr(user::Column::PasswordHash, Expr::value(hash))
            .col_expr(user::Column::UpdatedAt, Expr::value(now))
            .filter(user::Column::Id.eq(id))
            .exec(db)
    })
    .await?;
    if done.rows_affected == 0 {
        return Err(ServiceError::NotFound(format!("no user with id {id}")));
    }
    Ok(())
}

/// Creates an API token; the token itself is returned once and never stored.
pub async fn create_api_token(
    db: &DatabaseConnection,
    name: &str,
    role: Role,
    expires_at: Option<i64>,
    created_by: Option<i64>,
) -> ServiceResult<(String, api_token::Model)> {
    let name = name.trim();
    if name.is_empty() || name.len() > 100 {
        return Err(ServiceError::BadInput(
            "a token name has 1 to 100 characters".to_owned(),
        ));
    }
    let now = crate::time::now();
    if expires_at.is_some_and(|e| e <= now) {
        return Err(ServiceError::BadInput(
            "expiresAt must be in the future".to_owned(),
        ));
    }
    let token = tokens::generate(tokens::API_PREFIX);
    let row = api_token::ActiveModel {
        token_hash: Set(tokens::hash(&token)),
        name: Set(name.to_owned()),
        role: Set(role),
        created_by: Set(created_by),
        created_at: Set(now),
        expires_at: Set(expires_at),
        last_used_at: Set(None),
        revoked_at: Set(None),
        ..Default::default()
    };
    let id = retry_busy(|| api_token::Entity::insert(row.clone()).exec(db))
        .await?
        .last_insert_id;
    let model = api_token::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| ServiceError::invariant("the new token vanished"))?;
    Ok((token, model))
}

/// Tokens not revoked, newest first.
pub async fn list_api_tokens(db: &DatabaseConnection) -> ServiceResult<Vec<api_token::Model>> {
    Ok(api_token::Entity::find()
        .filter(api_token::Column::RevokedAt.is_null())
        .order_by_desc(api_token::Column::Id)
        .all(db)
        .await?)
}

/// Revokes a token at once.
pub async fn revoke_api_token(db: &DatabaseConnection, id: i64) -> ServiceResult<()> {
    let now = crate::time::now();
    let done = retry_busy(|| {
        api_token::Entity::update_many()
            .col_expr(api_token::Column::RevokedAt, Expr::value(now))
            .filter(api_token::Column::Id.eq(id))
            .filter(api_token::Column::RevokedAt.is_null())
            .exec(db)
    })
    .await?;
    if done.rows_affected == 0 {
        return Err(ServiceError::NotFound(format!(
            "no active API token with id {id}"
        )));
    }
    Ok(())
}
