//! The socket client against a real fail2ban-server in a sandbox, and against
//! hand-made sockets for timeouts and sharing of identical calls.

#![expect(
    clippy::unwrap_used,
    reason = "test helpers fail loudly when their set-up breaks"
)]

use std::net::IpAddr;

use ipnet::IpNet;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use bangui_fail2ban::{Fail2ban, Fail2banError, JailSetting, SocketClient};
use bangui_test_support::Sandbox;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// Addresses and networks.
fn ips(list: &[&str]) -> Vec<IpNet> {
    list.iter()
        .map(|s| {
            s.parse::<IpNet>()
                .unwrap_or_else(|_| IpNet::from(s.parse::<IpAddr>().unwrap()))
        })
        .collect()
}

fn client(sandbox: &Sandbox) -> SocketClient {
    SocketClient::new(sandbox.socket(), Duration::from_secs(10))
}

#[tokio::test]
async fn bans_many_addresses_in_one_command() {
    let sandbox = Sandbox::start().unwrap();
    let f2b = client(&sandbox);
    let banned = f2b
        .ban(
            "blocklist",
            &ips(&[
                "198.51.100.7",
                "198.51.100.8",
                "2001:db8::7",
                "203.0.113.0/25",
            ]),
        )
        .await
        .unwrap();
    assert_eq!(banned, 4);
    assert_eq!(
        f2b.ban("blocklist", &ips(&["198.51.100.7"])).await.unwrap(),
        0
    );
    let listed = sandbox.client(&["get", "blocklist", "banip"]).unwrap();
    let mut listed: Vec<&str> = listed.split_whitespace().collect();
    listed.sort_unstable();
    assert_eq!(
        listed,
        [
            "198.51.100.7",
            "198.51.100.8",
            "2001:db8::7",
            "203.0.113.0/25"
        ]
    );
    assert_eq!(
        f2b.banned_in("198.51.100.8".parse().unwrap())
            .await
            .unwrap(),
        ["blocklist"]
    );
    assert_eq!(
        f2b.unban("blocklist", &ips(&["198.51.100.8"]))
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        f2b.unban("blocklist", &ips(&["203.0.113.0/25"]))
            .await
            .unwrap(),
        1
    );
    let status = f2b.jail_status("blocklist").await.unwrap();
    assert_eq!(status.currently_banned, 2);
    assert_eq!(status.total_banned, 4);
}

#[tokio::test]
async fn reads_and_changes_jail_settings() {
    let sandbox = Sandbox::start().unwrap();
    let f2b = client(&sandbox);
    assert_eq!(
        f2b.status().await.unwrap().jails,
        ["blocklist", "nginx-http-auth", "sshd"]
    );
    assert_eq!(f2b.get("sshd", JailSetting::BanTime).await.unwrap(), 600);
    assert_eq!(
        f2b.set("sshd", JailSetting::BanTime, 1200).await.unwrap(),
        1200
    );
    assert_eq!(f2b.get("sshd", JailSetting::BanTime).await.unwrap(), 1200);
    assert_eq!(f2b.get("sshd", JailSetting::MaxRetry).await.unwrap(), 3);
    assert_eq!(
        f2b.add_ignore_ip("sshd", "192.0.2.0/24").await.unwrap(),
        ["192.0.2.0/24"]
    );
    assert_eq!(f2b.ignore_ips("sshd").await.unwrap(), ["192.0.2.0/24"]);
    assert!(
        f2b.del_ignore_ip("sshd", "192.0.2.0/24")
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(f2b.actions("sshd").await.unwrap(), ["dummy"]);
    let log = sandbox.dir().join("log/auth.log");
    assert_eq!(
        f2b.log_paths("sshd").await.unwrap(),
        [log.display().to_string()]
    );
    assert_eq!(f2b.db_purge_age().await.unwrap(), 86_400);
    assert_eq!(
        f2b.db_file().await.unwrap(),
        Some(sandbox.db_file().display().to_string())
    );
    assert_eq!(f2b.version().await.unwrap(), "1.0.2");
}

#[tokio::test]
async fn unknown_jail_is_typed() {
    let sandbox = Sandbox::start().unwrap();
    let err = client(&sandbox).jail_status("nojail").await.unwrap_err();
    assert_eq!(err, Fail2banError::UnknownJail("nojail".into()));
}

#[tokio::test]
async fn log_lines_trigger_a_real_ban() {
    let sandbox = Sandbox::start().unwrap();
    let f2b = client(&sandbox);
    sandbox.fail_ssh_login("203.0.113.45", 3).unwrap();
    let mut banned = Vec::new();
    for _ in 0..50 {
        banned = f2b.jail_status("sshd").await.unwrap().banned_ips;
        if !banned.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(banned, ["203.0.113.45"]);
    let with_time = f2b.banned_with_time("sshd").await.unwrap();
    assert_eq!(with_time.len(), 1);
    assert_eq!(with_time[0].ban_time, 600);
    let age = chrono::Utc::now() - with_time[0].banned_at;
    assert!(age.num_seconds() >= 0 && age.num_seconds() < 30, "{age}");
}

#[tokio::test]
async fn recovers_when_fail2ban_restarts() {
    let sandbox = Sandbox::start().unwrap();
    let f2b = client(&sandbox);
    f2b.ping().await.unwrap();
    sandbox.stop().unwrap();
    tokio::time::sleep(Duration::from_millis(1100)).await; // past the read cache
    match f2b.ping().await {
        Err(Fail2banError::Unavailable { socket, .. }) => assert_eq!(socket, sandbox.socket()),
        other => panic!("expected Unavailable, got {other:?}"),
    }
    sandbox.restart().unwrap();
    f2b.ping().await.unwrap();
}

/// A socket that accepts connections and answers `(0, 'pong')` after `delay`,
/// counting connections; `None` never answers.
async fn fake_server(
    delay: Option<Duration>,
) -> (tempfile::TempDir, std::path::PathBuf, Arc<AtomicUsize>) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fake.sock");
    let listener = tokio::net::UnixListener::bind(&path).unwrap();
    let count = Arc::new(AtomicUsize::new(0));
    let seen = count.clone();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            seen.fetch_add(1, Ordering::SeqCst);
            tokio::spawn(async move {
                let mut buf = [0u8; 1024];
                let _ = stream.read(&mut buf).await;
                match delay {
                    Some(d) => {
                        tokio::time::sleep(d).await;
                        let _ = stream
                            .write_all(b"\x80\x05K\x00\x8c\x04pong\x86.<F2B_END_COMMAND>")
                            .await;
                        let _ = stream.read(&mut buf).await;
                    }
                    None => tokio::time::sleep(Duration::from_secs(3600)).await,
                }
            });
        }
    });
    (dir, path, count)
}

#[tokio::test]
async fn a_silent_server_times_out() {
    let (_dir, path, _) = fake_server(None).await;
    let f2b = SocketClient::new(path, Duration::from_millis(300));
    assert_eq!(
        f2b.ping().await,
        Err(Fail2banError::Timeout {
            after: Duration::from_millis(300)
        })
    );
}

#[tokio::test]
async fn concurrent_identical_reads_share_one_round_trip() {
    let (_dir, path, count) = fake_server(Some(Duration::from_millis(200))).await;
    let f2b = SocketClient::new(path, Duration::from_secs(5));
    let calls = (0..20).map(|_| {
        let f2b = f2b.clone();
        tokio::spawn(async move { f2b.ping().await })
    });
    for call in futures::future::join_all(calls).await {
        call.unwrap().unwrap();
    }
    assert_eq!(count.load(Ordering::SeqCst), 1);
    // Within a second the answer is reused; after that it is asked again.
    f2b.ping().await.unwrap();
    assert_eq!(count.load(Ordering::SeqCst), 1);
    tokio::time::sleep(Duration::from_millis(1100)).await;
    f2b.ping().await.unwrap();
    assert_eq!(count.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_read_its_callers_gave_up_on_does_not_hold_up_the_next_calls() {
    let (_dir, path, count) = fake_server(Some(Duration::from_millis(300))).await;
    let f2b = SocketClient::new(path, Duration::from_secs(2));
    // The caller goes away while fail2ban is still answering, as a request of a
    // closed browser tab does.
    let gave_up = tokio::time::timeout(Duration::from_millis(50), f2b.ping()).await;
    assert!(gave_up.is_err(), "the first ping should still be waiting");
    let started = std::time::Instant::now();
    f2b.start_jail("sshd").await.unwrap();
    assert!(
        started.elapsed() < Duration::from_millis(1500),
        "the write waited {:?} for the abandoned read",
        started.elapsed()
    );
    assert_eq!(count.load(Ordering::SeqCst), 2);
    // The abandoned read finished on its own and was not kept past the write.
    f2b.ping().await.unwrap();
    assert_eq!(count.load(Ordering::SeqCst), 3);
}
