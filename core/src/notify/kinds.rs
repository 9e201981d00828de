//! The names the API and the database share (channel kinds, triggers,
//! digest periods) and a stored rule as read.

use std::fmt;
use std::str::FromStr;

use entity::notification_rule;

use crate::error::ServiceError;

macro_rules! names {
    ($(#[$doc:meta])* $name:ident { $($variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = ServiceError;
            fn from_str(text: &str) -> Result<Self, ServiceError> {
                match text {
                    $($text => Ok($name::$variant),)+
                    other => Err(ServiceError::invariant(format!(
                        concat!("unknown ", stringify!($name), " {:?}"), other
                    ))),
                }
            }
        }
    };
}

names!(
    /// Where a channel's messages go.
    ChannelKind {
        Webhook = "WEBHOOK",
        Slack = "SLACK",
        Discord = "DISCORD",
        Ntfy = "NTFY",
        Gotify = "GOTIFY",
        Email = "EMAIL",
    }
);

names!(
    /// What a rule tells.
    Trigger {
        Ban = "BAN",
        Unban = "UNBAN",
        Burst = "BURST",
        Fail2banDown = "FAIL2BAN_DOWN",
        Fail2banUp = "FAIL2BAN_UP",
        ImportFailed = "IMPORT_FAILED",
        Digest = "DIGEST",
        Test = "TEST",
    }
);

names!(
    /// How often a digest is sent.
    DigestPeriod {
        Hourly = "HOURLY",
        Daily = "DAILY",
        Weekly = "WEEKLY",
    }
);

impl Trigger {
    /// The `event` field of a webhook's body.
    pub fn event(self) -> &'static str {
        match self {
            Trigger::Ban => "ban",
            Trigger::Unban => "unban",
            Trigger::Burst => "burst",
            Trigger::Fail2banDown => "fail2ban_down",
            Trigger::Fail2banUp => "fail2ban_up",
            Trigger::ImportFailed => "import_failed",
            Trigger::Digest => "digest",
            Trigger::Test => "test",
        }
    }
}

impl ChannelKind {
    /// Whether the target is a URL (every kind but EMAIL).
    pub fn has_url(self) -> bool {
        self != ChannelKind::Email
    }
}

/// A stored rule with its filters read and its channels.
#[derive(Clone, Debug)]
pub struct Rule {
    pub row: notification_rule::Model,
    pub trigger: Trigger,
    pub channel_ids: Vec<i64>,
    pub jails: Vec<String>,
    pub countries: Vec<String>,
    pub origins: Vec<String>,
    pub hosts: Vec<String>,
}
