//! argon2id password hashing (OWASP parameters: 19 MiB, 2 passes, 1 lane),
//! a bounded number of hashes at a time.

use std::sync::{Arc, Mutex, OnceLock};

use tokio::sync::Semaphore;

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
    SaltString::encode_b64(&bytes).map_err(|e| ServiceError::invariant(format!("salt: {e}")))
}

/// Runs the hashes of one process on `parallel` threads of their own (each
/// hash takes ~19 MiB and tens of milliseconds of a core; memory the
/// allocator keeps per thread stays bounded by the threads), with at most
/// `queue` more waiting; past that a caller is told to come back
/// (RATE_LIMITED) instead of adding to the pile.
#[derive(Clone)]
pub struct Hasher {
    inner: Arc<Lanes>,
}

type Work = Box<dyn FnOnce() + Send>;

struct Lanes {
    /// Hashes running or waiting.
    admitted: Semaphore,
    /// Work for the hashing threads.
    work: Mutex<std::sync::mpsc::Sender<Work>>,
    parallel: usize,
}

impl std::fmt::Debug for Hasher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Hasher")
            .field("parallel", &self.inner.parallel)
            .field("free", &self.inner.admitted.available_permits())
            .finish()
    }
}

impl Default for Hasher {
    /// As many threads as the machine has cores, and eight waiting per thread.
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(2, std::num::NonZero::get);
        Hasher::new(cores, cores * 8)
    }
}

impl Hasher {
    /// `parallel` hashing threads (at least one), `queue` more hashes waiting.
    /// The threads end when the last clone is dropped.
    pub fn new(parallel: usize, queue: usize) -> Hasher {
        let parallel = parallel.max(1);
        let (sender, receiver) = std::sync::mpsc::channel::<Work>();
        let receiver = Arc::new(Mutex::new(receiver));
        for n in 0..parallel {
            let receiver = receiver.clone();
            let spawned = std::thread::Builder::new()
                .name(format!("bangui-hash-{n}"))
                .spawn(move || {
                    loop {
                        let next = receiver
                            .lock()
                            .unwrap_or_else(std::sync::PoisonError::into_inner)
                            .recv();
                        match next {
                            Ok(work) => work(),
                            Err(_) => return,
                        }
                    }
                });
            if let Err(e) = spawned {
                tracing::error!(error = %e, "cannot start a password hashing thread");
            }
        }
        Hasher {
            inner: Arc::new(Lanes {
                admitted: Semaphore::new(parallel + queue),
                work: Mutex::new(sender),
                parallel,
            }),
        }
    }

    async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> ServiceResult<T> {
        let Ok(_admitted) = self.inner.admitted.try_acquire() else {
            return Err(ServiceError::RateLimited {
                retry_after_secs: 1,
            });
        };
        let (done, result) = tokio::sync::oneshot::channel();
        let job: Work = Box::new(move || {
            let _ = done.send(work());
        });
        self.inner
            .work
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .send(job)
            .map_err(|_| ServiceError::invariant("password hashing stopped"))?;
        result
            .await
            .map_err(|_| ServiceError::invariant("a password hash was lost"))
    }

    /// Hashes a password.
    pub async fn hash(&self, password: &str) -> ServiceResult<String> {
        let password = password.to_owned();
        self.run(move || {
            let salt = new_salt()?;
            hasher()
                .hash_password(password.as_bytes(), &salt)
                .map(|h| h.to_string())
                .map_err(|e| ServiceError::invariant(format!("hashing failed: {e}")))
        })
        .await?
    }

    /// Verifies `password` against `stored` (or against the decoy when `None`,
    /// so that an unknown user costs the same time as a wrong password).
    pub async fn verify(&self, password: &str, stored: Option<&str>) -> ServiceResult<bool> {
        let password = password.to_owned();
        let exists = stored.is_some();
        let stored = stored.map(str::to_owned);
        self.run(move || {
            let stored = stored.as_deref().unwrap_or_else(|| decoy());
            let Ok(parsed) = PasswordHash::new(stored) else {
                return false;
            };
            hasher()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
                && exists
        })
        .await
    }
}

/// A fixed hash to verify against when the user does not exist.
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

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_with_argon2id_owasp_parameters_and_verifies() {
        let hasher = Hasher::default();
        let h = hasher.hash("correct horse battery").await.unwrap();
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{h}");
        assert!(
            hasher
                .verify("correct horse battery", Some(&h))
                .await
                .unwrap()
        );
        assert!(
            !hasher
                .verify("wrong horse battery", Some(&h))
                .await
                .unwrap()
        );
        assert!(
            !hasher
                .verify("decoy password that matches nothing", None)
                .await
                .unwrap()
        );
    }

    /// Two threads and two waiting: of eight hashes asked for at once, four
    /// run (two at a time) and four are told to come back.
    #[tokio::test]
    async fn hashes_past_the_queue_are_refused_at_once() {
        let hasher = Hasher::new(2, 2);
        let calls: Vec<_> = (0..8)
            .map(|_| {
                let hasher = hasher.clone();
                tokio::spawn(async move { hasher.hash("correct horse battery").await })
            })
            .collect();
        let mut done = 0;
        let mut refused = 0;
        for call in calls {
            match call.await.unwrap() {
                Ok(_) => done += 1,
                Err(ServiceError::RateLimited {
                    retry_after_secs: 1,
                }) => refused += 1,
                Err(e) => panic!("{e}"),
            }
        }
        assert_eq!((done, refused), (4, 4));
        assert_eq!(hasher.inner.admitted.available_permits(), 4);
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
