//! E-mail channels: each message as a plain-text and an HTML part, sent
//! through the SMTP server of `BANGUI_SMTP_URL` (`smtps://` for TLS,
//! `smtp://…?tls=required` for STARTTLS). Its Message-ID names the delivery,
//! the same on every retry.

use std::time::Duration;

use lettre::message::{Mailbox, MultiPart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};

use super::error::SendError;
use super::message::Message;

/// How long one SMTP conversation may take.
const SMTP_TIMEOUT: Duration = Duration::from_secs(30);

/// The SMTP server and the sender of every message.
#[derive(Clone)]
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mailer")
            .field("from", &self.from)
            .finish_non_exhaustive()
    }
}

impl Mailer {
    /// The mailer of `url` (its password stays inside), sending as `from`.
    pub fn new(url: &str, from: &str) -> Result<Mailer, String> {
        let from: Mailbox = from
            .parse()
            .map_err(|e| format!("BANGUI_SMTP_FROM {from:?} is not an e-mail address: {e}"))?;
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| format!("BANGUI_SMTP_URL is not an SMTP URL: {e}"))?
            .timeout(Some(SMTP_TIMEOUT))
            .build();
        Ok(Mailer { transport, from })
    }

    /// Sends `message` to `to` as delivery `delivery`.
    pub async fn send(&self, to: &str, delivery: i64, message: &Message) -> Result<(), SendError> {
        let to: Mailbox = to
            .parse()
            .map_err(|e| SendError::Unusable(format!("{to:?} is not an e-mail address: {e}")))?;
        let domain = self.from.email.domain().to_owned();
        let email = lettre::Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(message.title.clone())
            .message_id(Some(format!("<bangui-delivery-{delivery}@{domain}>")))
            .multipart(MultiPart::alternative_plain_html(
                plain(message),
                html(message),
            ))
            .map_err(|e| SendError::Unusable(e.to_string()))?;
        self.transport
            .send(email)
            .await
            .map(|_| ())
            .map_err(|e| SendError::Transfer(format!("the SMTP server refused the message: {e}")))
    }
}

/// Whether `text` is an e-mail address.
pub fn is_address(text: &str) -> bool {
    text.parse::<lettre::Address>().is_ok()
}

fn plain(message: &Message) -> String {
    format!("{}\n\n{}\n", message.title, message.text)
}

fn html(message: &Message) -> String {
    let paragraphs: String = message
        .text
        .split('\n')
        .filter(|line| !line.is_empty())
        .map(|line| format!("<p>{}</p>", escape(line)))
        .collect();
    format!(
        "<!DOCTYPE html><html><body><h1 style=\"font-size:1.2em\">{}</h1>{paragraphs}</body></html>",
        escape(&message.title)
    )
}

/// Text safe inside HTML.
fn escape(text: &str) -> String {
    text.chars()
        .fold(String::with_capacity(text.len()), |mut out, c| {
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '"' => out.push_str("&quot;"),
                '\'' => out.push_str("&#39;"),
                c => out.push(c),
            }
            out
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notify::Trigger;

    #[test]
    fn html_parts_are_escaped() {
        let message = Message::new(Trigger::Test, 0, "a <b> & c".into(), "x\n\"y\"".into());
        assert_eq!(
            html(&message),
            "<!DOCTYPE html><html><body><h1 style=\"font-size:1.2em\">a &lt;b&gt; &amp; c</h1><p>x</p><p>&quot;y&quot;</p></body></html>"
        );
        assert!(is_address("ops@example.org"));
        assert!(!is_address("not an address"));
    }
}
