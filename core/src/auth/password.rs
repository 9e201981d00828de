//! argon2id password hashing (OWASP parameters: 19 MiB, 2 passes, 1 lane).

use std::sync::OnceLock;

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};

use crate::error::{ServiceError, ServiceResult};

/// Shortest password accepted.
pub const MIN_LENGTH: usize = 12;
/// Longest password accepted (hashing cost does not depend on it, but memory does).
pub const MAX_LENGTH: usize = 1024;

fn hasher() -> Argon2<'static> {
    Argon2::new(Algorithm::Argon2id, Version::V0x13, Params::default())
}

/// Checks the length rules.
pub fn check_strength(password: &str) -> ServiceResult<()> {
    let n = password.chars().count();
    if n < MIN_LENGTH {
        return Err(ServiceError::BadInput(format!(
            "the password must have at least {MIN_LENGTH} characters"
        )));
    }
    if password.len() > MAX_LENGTH {
        return Err(ServiceError::BadInput(format!(
            "the password must have at most {MAX_LENGTH} bytes"
        )));
    }
    Ok(())
}

/// 16 random bytes of salt.
fn new_salt() -> ServiceResult<SaltString> {
    use rand::RngCore;
    let mut bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut bytes);
    SaltString::encode_b64(&bytes).map_err(|e| ServiceError::Internal(format!("salt: {e}")))
}

/// Hashes a password (off the async threads: it takes tens of milliseconds).
pub async fn hash(password: &str) -> ServiceResult<String> {
    let password = password.to_owned();
    tokio::task::spawn_blocking(move || {
        let salt = new_salt()?;
        hasher()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| ServiceError::Internal(format!("hashing failed: {e}")))
    })
    .await
    .map_err(|e| ServiceError::Internal(format!("hashing task failed: {e}")))?
}

/// A fixed hash to verify against when the user does not exist, so that an
/// unknown user costs the same time as a wrong password.
fn decoy() -> &'static str {
    static DECOY: OnceLock<String> = OnceLock::new();
    DECOY.get_or_init(|| {
        let Ok(salt) = new_salt() else {
            return String::new();
        };
        hasher()
            .hash_password(b"decoy password that matches nothing", &salt)
            .map(|h| h.to_string())
            .unwrap_or_default()
    })
}

/// Verifies `password` against `stored` (or against the decoy when `None`), in
/// constant time with respect to the password.
pub async fn verify(password: &str, stored: Option<&str>) -> bool {
    let password = password.to_owned();
    let exists = stored.is_some();
    let stored = stored.map_or_else(|| decoy().to_owned(), str::to_owned);
    tokio::task::spawn_blocking(move || {
        let Ok(parsed) = PasswordHash::new(&stored) else {
            return false;
        };
        hasher()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
            && exists
    })
    .await
    .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_with_argon2id_owasp_parameters_and_verifies() {
        let h = hash("correct horse battery").await.unwrap();
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{h}");
        assert!(verify("correct horse battery", Some(&h)).await);
        assert!(!verify("wrong horse battery", Some(&h)).await);
        assert!(!verify("decoy password that matches nothing", None).await);
    }

    #[test]
    fn short_passwords_are_refused() {
        assert_eq!(
            check_strength("short").unwrap_err().to_string(),
            "the password must have at least 12 characters"
        );
        assert!(check_strength("twelve chars").is_ok());
    }
}
