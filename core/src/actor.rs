//! Who is acting: a signed-in user, an API token, or BanGUI itself.

use std::fmt;

/// A role of the API contract; each grants what the roles below it grant.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    Viewer,
    Operator,
    Admin,
}

impl Role {
    /// The role as stored and as the API spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Viewer => "VIEWER",
            Role::Operator => "OPERATOR",
            Role::Admin => "ADMIN",
        }
    }

    /// Parses a stored role.
    pub fn parse(text: &str) -> Option<Role> {
        match text {
            "VIEWER" => Some(Role::Viewer),
            "OPERATOR" => Some(Role::Operator),
            "ADMIN" => Some(Role::Admin),
            _ => None,
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

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
