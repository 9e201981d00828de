//! Who is acting: a signed-in user, an API token, or BanGUI itself.

pub use entity::kinds::Role;

/// The identity behind a request or a job, as written to the audit log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Actor {
    /// Username, `token:<name>`, or `system`.
    pub name: String,
    pub role: Role,
    /// The user behind a session or token, when there is one.
    pub user_id: Option<i64>,
}

impl Actor {
    /// BanGUI itself (jobs, syncs).
    pub fn system() -> Actor {
        Actor {
            name: "system".to_owned(),
            role: Role::Admin,
            user_id: None,
        }
    }
}
