//! The codec against byte-exact frames recorded from a real fail2ban-server
//! (scripts/record-fail2ban-frames.py), and the decoder against hostile bytes.

use std::path::PathBuf;

use bangui_fail2ban::pickle::{self, Value};
use bangui_fail2ban::{Fail2banError, JailStatus, ServerStatus, protocol, status::BannedIp};
use proptest::prelude::*;

fn frame(name: &str, kind: &str) -> Vec<u8> {
    let path: PathBuf = [
        env!("CARGO_MANIFEST_DIR"),
        "tests",
        "corpus",
        &format!("{name}.{kind}"),
    ]
    .iter()
    .collect();
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn answer(name: &str) -> Result<Value, Fail2banError> {
    protocol::response(&frame(name, "response"))
}

fn words(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

#[test]
fn requests_are_byte_identical_to_python() {
    let cases: &[(&str, &[&str])] = &[
        ("ping", &["ping"]),
        ("status_sshd", &["status", "sshd"]),
        ("status_sshd_all", &["status", "sshd", "--all"]),
        (
            "banip_many",
            &[
                "set",
                "blocklist",
                "banip",
                "198.51.100.1",
                "198.51.100.2",
                "2001:db8::1",
            ],
        ),
        (
            "get_banip_with_time",
            &["get", "blocklist", "banip", "--with-time"],
        ),
        ("set_bantime", &["set", "sshd", "bantime", "900"]),
        ("get_dbpurgeage", &["get", "dbpurgeage"]),
    ];
    for (name, command) in cases {
        assert_eq!(
            pickle::encode_str_list(&words(command)),
            frame(name, "request"),
            "{name}"
        );
    }
}

#[test]
fn decodes_simple_answers() {
    assert_eq!(answer("ping").unwrap(), Value::Str("pong".into()));
    assert_eq!(answer("version").unwrap(), Value::Str("1.0.2".into()));
    assert_eq!(answer("banip_many").unwrap(), Value::Int(3));
    assert_eq!(answer("banip_again").unwrap(), Value::Int(0));
    assert_eq!(answer("unbanip").unwrap(), Value::Int(1));
    assert_eq!(answer("get_bantime").unwrap(), Value::Int(600));
    assert_eq!(answer("set_bantime").unwrap(), Value::Int(900));
    assert_eq!(answer("get_dbpurgeage").unwrap(), Value::Int(86400));
    assert_eq!(
        answer("banned_ip").unwrap(),
        Value::List(vec![Value::List(vec![Value::Str("blocklist".into())])])
    );
    assert_eq!(
        answer("addignoreip").unwrap(),
        Value::List(vec![Value::Str("192.0.2.200".into())])
    );
    assert_eq!(answer("delignoreip").unwrap(), Value::List(vec![]));
    assert_eq!(
        answer("get_actions").unwrap(),
        Value::List(vec![Value::Str("dummy".into())])
    );
}

#[test]
fn decodes_status_answers() {
    assert_eq!(
        ServerStatus::parse(&answer("status").unwrap()).unwrap(),
        ServerStatus {
            jails: words(&["blocklist", "nginx-http-auth", "sshd"])
        }
    );
    assert_eq!(
        JailStatus::parse(&answer("status_sshd").unwrap()).unwrap(),
        JailStatus {
            currently_failed: 0,
            total_failed: 3,
            file_list: words(&["/tmp/f2b/log/auth.log"]),
            currently_banned: 1,
            total_banned: 1,
            banned_ips: words(&["192.0.2.10"]),
        }
    );
    let banned = BannedIp::parse_all(&answer("get_banip_with_time").unwrap());
    let ips: Vec<&str> = banned.iter().map(|b| b.ip.as_str()).collect();
    assert_eq!(
        ips,
        ["198.51.100.2", "2001:db8::1", "198.51.100.1", "not-an-ip"]
    );
    assert!(banned.iter().all(|b| b.ban_time == 604_800));
}

#[test]
fn keeps_exception_class_and_message() {
    assert_eq!(
        answer("status_unknown_jail"),
        Err(Fail2banError::UnknownJail("nojail".into()))
    );
    assert_eq!(
        answer("set_bantime_invalid"),
        Err(Fail2banError::Server {
            class: "NameError".into(),
            message: "name 'soon' is not defined".into()
        })
    );
    assert_eq!(
        answer("unknown_command"),
        Err(Fail2banError::Server {
            class: "Exception".into(),
            message: "Invalid command".into()
        })
    );
    let raw = pickle::decode(&frame("status_unknown_jail", "response")).unwrap();
    assert_eq!(
        raw,
        Value::Tuple(vec![
            Value::Int(1),
            Value::Object {
                class: "fail2ban.exceptions.UnknownJailException".into(),
                args: vec![Value::Str("nojail".into())]
            }
        ])
    );
}

#[test]
fn every_truncation_and_byte_flip_of_real_frames_is_handled() {
    for name in [
        "status_sshd",
        "status_unknown_jail",
        "get_banip_with_time",
        "get_failregex",
    ] {
        let bytes = frame(name, "response");
        for end in 0..bytes.len() {
            assert!(
                pickle::decode(&bytes[..end]).is_err(),
                "{name} truncated at {end}"
            );
        }
        for at in 0..bytes.len() {
            for replacement in [0x00, 0x28, 0x2e, 0x61, 0x94, 0x95, 0xff] {
                let mut mutated = bytes.clone();
                mutated[at] = replacement;
                let _ = pickle::decode(&mutated);
            }
        }
    }
}

proptest! {
    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = pickle::decode(&bytes);
        let _ = protocol::response(&bytes);
    }

    #[test]
    fn string_lists_round_trip(items in proptest::collection::vec(".{0,300}", 0..40)) {
        let decoded = pickle::decode(&pickle::encode_str_list(&items)).unwrap();
        prop_assert_eq!(decoded, Value::List(items.into_iter().map(Value::Str).collect()));
    }
}
