//! Sending one message to one channel, in the format its kind expects:
//! BanGUI's JSON (signed when a secret is set) for a WEBHOOK, the incoming
//! webhook formats of Slack and Discord, ntfy's and Gotify's HTTP APIs, and
//! e-mail through the SMTP server.

use entity::notification_channel;
use hmac::{Hmac, Mac};
use reqwest::header::{AUTHORIZATION, CONTENT_TYPE};
use sha2::Sha256;

use super::email::Mailer;
use super::error::SendError;
use super::kinds::ChannelKind;
use super::message::Message;

/// Discord refuses a message longer than this.
const DISCORD_LIMIT: usize = 2_000;

/// The hex HMAC-SHA256 of `body` under `secret`.
pub fn signature(secret: &str, body: &[u8]) -> String {
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret.as_bytes()) else {
        return String::new();
    };
    mac.update(body);
    crate::digest::hex(&mac.finalize().into_bytes())
}

/// Sends `message` as delivery `delivery` of `channel`.
pub async fn send(
    client: &reqwest::Client,
    mailer: Option<&Mailer>,
    channel: &notification_channel::Model,
    delivery: i64,
    message: &Message,
) -> Result<(), SendError> {
    let kind: ChannelKind = channel
        .kind
        .parse()
        .map_err(|_| SendError::Unusable(format!("unknown channel kind {:?}", channel.kind)))?;
    let secret = channel.secret.as_deref();
    let request = match kind {
        ChannelKind::Webhook => {
            let body = serde_json::to_vec(&message.webhook_body())
                .map_err(|e| SendError::Unusable(e.to_string()))?;
            let mut request = client
                .post(&channel.target)
                .header(CONTENT_TYPE, "application/json")
                .header("X-BanGUI-Event", &message.event);
            if let Some(secret) = secret {
                request = request.header(
                    "X-BanGUI-Signature",
                    format!("sha256={}", signature(secret, &body)),
                );
            }
            request.body(body)
        }
        ChannelKind::Slack => client
            .post(&channel.target)
            .json(&serde_json::json!({ "text": format!("*{}*\n{}", message.title, message.text) })),
        ChannelKind::Discord => {
            let content: String = format!("**{}**\n{}", message.title, message.text)
                .chars()
                .take(DISCORD_LIMIT)
                .collect();
            client
                .post(&channel.target)
                .json(&serde_json::json!({ "content": content }))
        }
        ChannelKind::Ntfy => {
            let mut request = client
                .post(&channel.target)
                .header("Title", ascii(&message.title))
                .header("Tags", format!("bangui,{}", message.event))
                .header(CONTENT_TYPE, "text/plain; charset=utf-8")
                .body(message.text.clone());
            if let Some(token) = secret {
                request = request.header(AUTHORIZATION, format!("Bearer {token}"));
            }
            request
        }
        ChannelKind::Gotify => {
            let url = gotify_url(&channel.target);
            let mut request = client.post(url).json(&serde_json::json!({
                "title": message.title,
                "message": message.text,
                "priority": 5,
            }));
            if let Some(token) = secret {
                request = request.header("X-Gotify-Key", token);
            }
            request
        }
        ChannelKind::Email => {
            let Some(mailer) = mailer else {
                return Err(SendError::Unusable(
                    "e-mail needs an SMTP server: BANGUI_SMTP_URL is not set".into(),
                ));
            };
            return mailer.send(&channel.target, delivery, message).await;
        }
    };
    let response = request
        .header("X-BanGUI-Delivery", delivery.to_string())
        .send()
        .await
        .map_err(|e| SendError::Transfer(transfer(&e)))?;
    let status = response.status();
    if status.is_success() {
        Ok(())
    } else {
        Err(SendError::Status(status.as_u16()))
    }
}

/// Gotify takes messages at `<server>/message`.
fn gotify_url(target: &str) -> String {
    let base = target.trim_end_matches('/');
    if base.ends_with("/message") {
        base.to_owned()
    } else {
        format!("{base}/message")
    }
}

/// A header value: non-ASCII characters are replaced.
fn ascii(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_ascii() && !c.is_ascii_control() {
                c
            } else {
                '?'
            }
        })
        .collect()
}

/// A transfer error with its cause (a refused address says why), without
/// the URL, which may hold a token.
fn transfer(e: &reqwest::Error) -> String {
    let mut text = if e.is_timeout() {
        "the channel did not answer in time".to_owned()
    } else if e.is_connect() {
        "the channel could not be reached".to_owned()
    } else {
        "sending failed".to_owned()
    };
    let mut source = std::error::Error::source(e);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_are_hmac_sha256_in_hex() {
        // RFC 4231, test case 2.
        assert_eq!(
            signature("Jefe", b"what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        assert_eq!(
            gotify_url("https://push.example/"),
            "https://push.example/message"
        );
        assert_eq!(
            gotify_url("https://push.example/message"),
            "https://push.example/message"
        );
    }
}
