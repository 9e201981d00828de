//! E-mail channels through a real SMTP server (aiosmtpd): a test message
//! and an hourly digest, each with a plain-text and an HTML part.

use serde_json::json;

use super::{channel, settled, test_message};
use crate::helpers::{TestApp, TestDb, code};

#[tokio::test]
async fn an_email_channel_sends_a_plain_and_an_html_part_through_smtp() {
    let smtp = bangui_test_support::smtp::SmtpServer::start().unwrap();
    let url = smtp.url();
    let settings = [
        ("BANGUI_SMTP_URL", url.as_str()),
        ("BANGUI_SMTP_FROM", "BanGUI <bangui@hub.example>"),
    ];
    let app = TestApp::spawn_with(TestDb::sqlite(), None, &settings).await;
    let admin = app.admin().await;
    let bad = app
        .gql(
            &admin,
            "mutation($i: NotificationChannelInput!) { createNotificationChannel(input: $i) { id } }",
            json!({ "i": { "name": "mail", "kind": "EMAIL", "target": "not an address" } }),
        )
        .await;
    assert_eq!(code(&bad), "BAD_USER_INPUT", "{bad}");
    let id = channel(
        &app,
        &admin,
        json!({ "name": "on call", "kind": "EMAIL", "target": "oncall@ops.example" }),
    )
    .await;
    let delivery = test_message(&app, &admin, &id).await;
    let done = settled(&app, &admin, &delivery).await;
    assert_eq!(done["status"], "DELIVERED", "{done}");
    let messages = smtp.messages();
    assert_eq!(messages.len(), 1);
    let mail = messages[0].replace("\r\n", "\n");
    for line in [
        "From: BanGUI <bangui@hub.example>",
        "To: oncall@ops.example",
        "Subject: BanGUI test message",
        &format!("Message-ID: <bangui-delivery-{delivery}@hub.example>"),
        "Content-Type: multipart/alternative;",
        "Content-Type: text/plain; charset=utf-8",
        "Content-Type: text/html; charset=utf-8",
    ] {
        assert!(
            mail.lines().any(|l| l.starts_with(line)),
            "{line:?} not in {mail}"
        );
    }
    assert!(
        mail.contains("This is a test of the notification channel \"on call\"."),
        "{mail}"
    );
    // The HTML part is quoted-printable: soft line breaks and `=3D` for `=`.
    let html = mail.replace("=\n", "").replace("=3D", "=");
    assert!(
        html.contains("<h1 style=\"font-size:1.2em\">BanGUI test message</h1><p>This is a test of the notification channel &quot;on call&quot;.</p></body></html>"),
        "{html}"
    );

    // An hourly digest by e-mail, the clock set to just after the hour it tells.
    let rule = app
        .gql(
            &admin,
            "mutation($i: NotificationRuleInput!) { createNotificationRule(input: $i) { period } }",
            json!({ "i": { "name": "hourly", "trigger": "DIGEST", "channelIds": [id], "period": "HOURLY" } }),
        )
        .await;
    assert_eq!(
        rule["data"]["createNotificationRule"]["period"], "HOURLY",
        "{rule}"
    );
    let hour = (bangui_core::time::now() / 3_600 + 2) * 3_600;
    let state = app.running.as_ref().unwrap().state.clone();
    let ban = |ip: &str, at: i64| bangui_core::archive::NewBan {
        ip: ip.into(),
        jail: "sshd".into(),
        banned_at: at,
        ban_time: 600,
        ban_count: 1,
        origin: bangui_core::archive::Origin::Fail2ban,
        source_id: None,
        country_code: Some("DE".into()),
        host_id: bangui_core::archive::LOCAL_HOST_ID,
    };
    bangui_core::archive::record_bans(
        &state.db,
        &[ban("192.0.2.10", hour + 60), ban("192.0.2.11", hour + 120)],
    )
    .await
    .unwrap();
    state.notify.watch(hour + 3_605, &[]).await.unwrap();
    let started = std::time::Instant::now();
    while smtp.messages().len() < 2 {
        assert!(
            started.elapsed() < std::time::Duration::from_secs(20),
            "no digest mail"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let digest = smtp.messages()[1].replace("\r\n", "\n");
    assert!(
        digest.contains("Subject: BanGUI hourly digest: 2 bans"),
        "{digest}"
    );
    for line in [
        "Top countries: DE (2)",
        "Top jails: sshd (2)",
        "Top addresses: 192.0.2.10 (1), 192.0.2.11 (1)",
        "Top networks: 192.0.2.0/24 (2)",
        "fail2ban outages: 0",
    ] {
        assert!(
            digest.lines().any(|l| l == line),
            "{line:?} not in {digest}"
        );
    }
    app.stop().await;

    // Without an SMTP server there are no e-mail channels.
    let plain = TestApp::spawn().await;
    let admin = plain.admin().await;
    let refused = plain
        .gql(
            &admin,
            "mutation($i: NotificationChannelInput!) { createNotificationChannel(input: $i) { id } }",
            json!({ "i": { "name": "mail", "kind": "EMAIL", "target": "oncall@ops.example" } }),
        )
        .await;
    assert_eq!(
        refused["errors"][0]["message"],
        "EMAIL channels need an SMTP server: set BANGUI_SMTP_URL"
    );
    plain.stop().await;
}
