//! What a message says: a title, a text, and the fields a webhook receives.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::kinds::Trigger;

/// One message, as composed before its first attempt and sent unchanged by
/// every retry.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Message {
    /// The webhook's `event`: `ban`, `unban`, `test`, …
    pub event: String,
    /// RFC 3339.
    pub at: String,
    pub title: String,
    pub text: String,
    /// How many events the message stands for.
    pub count: u64,
    /// The event's own fields (`ip`, `jail`, `host`, `origin`, `country` for a ban).
    pub fields: Map<String, Value>,
}

impl Message {
    pub fn new(trigger: Trigger, at: i64, title: String, text: String) -> Message {
        Message {
            event: trigger.event().to_owned(),
            at: rfc3339(at),
            title,
            text,
            count: 1,
            fields: Map::new(),
        }
    }

    /// The test message of `testNotificationChannel`.
    pub fn test(channel: &str, at: i64) -> Message {
        Message::new(
            Trigger::Test,
            at,
            "BanGUI test message".into(),
            format!("This is a test of the notification channel {channel:?}."),
        )
    }

    /// The body a WEBHOOK receives: `event`, `at`, `title`, `text`, `count`
    /// and the event's fields.
    pub fn webhook_body(&self) -> Value {
        let mut body = Map::new();
        body.insert("event".into(), Value::from(self.event.clone()));
        body.insert("at".into(), Value::from(self.at.clone()));
        body.insert("title".into(), Value::from(self.title.clone()));
        body.insert("text".into(), Value::from(self.text.clone()));
        body.insert("count".into(), Value::from(self.count));
        for (key, value) in &self.fields {
            body.entry(key.clone()).or_insert_with(|| value.clone());
        }
        Value::Object(body)
    }
}

fn rfc3339(at: i64) -> String {
    chrono::DateTime::from_timestamp(at, 0)
        .unwrap_or_default()
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// `1204` as `1,204`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_have_thousands_separators() {
        assert_eq!(thousands(7), "7");
        assert_eq!(thousands(1_204), "1,204");
        assert_eq!(thousands(100_000), "100,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }

    #[test]
    fn a_webhook_body_carries_the_fields() {
        let mut message = Message::new(Trigger::Ban, 0, "t".into(), "x".into());
        message.fields.insert("ip".into(), "192.0.2.1".into());
        assert_eq!(
            message.webhook_body(),
            serde_json::json!({ "event": "ban", "at": "1970-01-01T00:00:00Z", "title": "t", "text": "x", "count": 1, "ip": "192.0.2.1" })
        );
    }
}
