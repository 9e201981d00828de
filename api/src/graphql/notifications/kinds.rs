//! The enums of notifications, as the contract names them, and their
//! conversions to the service's.

use async_graphql::Enum;
use bangui_core::notify;
use entity::delivery;

macro_rules! mirror {
    ($(#[$doc:meta])* $api:ident = $core:path { $($(#[$vdoc:meta])* $variant:ident),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
        #[graphql(rename_items = "SCREAMING_SNAKE_CASE")]
        pub enum $api { $($(#[$vdoc])* $variant),+ }

        impl From<$api> for $core {
            fn from(value: $api) -> Self {
                match value { $($api::$variant => <$core>::$variant),+ }
            }
        }

        impl From<$core> for $api {
            fn from(value: $core) -> Self {
                match value { $(<$core>::$variant => $api::$variant),+ }
            }
        }
    };
}

mirror!(
    /// Where a channel's messages go.
    ChannelKind = notify::ChannelKind {
        /// BanGUI's JSON by POST, signed with HMAC-SHA256 when a secret is set.
        Webhook,
        /// A Slack incoming webhook.
        Slack,
        /// A Discord webhook.
        Discord,
        /// An ntfy topic URL; the secret is its access token.
        Ntfy,
        /// A Gotify server; the secret is its application token.
        Gotify,
        /// An e-mail address.
        Email,
    }
);

mirror!(
    /// What a rule tells.
    NotificationTrigger = notify::Trigger {
        /// A ban.
        Ban,
        /// An unban.
        Unban,
        /// Many bans within a window.
        Burst,
        /// fail2ban stopped answering.
        #[graphql(name = "FAIL2BAN_DOWN")]
        Fail2banDown,
        /// fail2ban answers again.
        #[graphql(name = "FAIL2BAN_UP")]
        Fail2banUp,
        /// A blocklist import failed.
        ImportFailed,
        /// A summary every period.
        Digest,
        /// A test message of testNotificationChannel.
        Test,
    }
);

mirror!(
    /// How often a digest is sent.
    DigestPeriod = notify::DigestPeriod {
        /// Every hour.
        Hourly,
        /// Every day.
        Daily,
        /// Every week.
        Weekly,
    }
);

/// Where a delivery stands.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(rename_items = "SCREAMING_SNAKE_CASE")]
pub enum DeliveryStatus {
    /// Waiting for its first attempt.
    Pending,
    /// An attempt failed; another is queued.
    Retrying,
    /// The channel took it.
    Delivered,
    /// Every attempt failed, or the channel cannot take it.
    Failed,
}

impl DeliveryStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            DeliveryStatus::Pending => delivery::PENDING,
            DeliveryStatus::Retrying => delivery::RETRYING,
            DeliveryStatus::Delivered => delivery::DELIVERED,
            DeliveryStatus::Failed => delivery::FAILED,
        }
    }

    pub fn of(text: &str) -> DeliveryStatus {
        match text {
            delivery::RETRYING => DeliveryStatus::Retrying,
            delivery::DELIVERED => DeliveryStatus::Delivered,
            delivery::FAILED => DeliveryStatus::Failed,
            _ => DeliveryStatus::Pending,
        }
    }
}
