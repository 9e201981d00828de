//! What the worst GraphQL documents cost before they are answered or refused:
//! fragment bombs, documents at the field budget, the longest documents, the
//! deepest nesting. Each goes through the real schema (parse, the document
//! budget, validation, execution of `__typename` and introspection fields);
//! the figures are the median and the slowest of 25 runs, and the growth of
//! the process's peak resident memory over all of them.
//!
//! Run with `make bench` (or `cargo bench -p bangui-api --bench document_budget`).

use std::time::{Duration, Instant};

use async_graphql::Request;
use bangui_core::{Actor, Role};

/// Fragments that each spread the next `fan` times, `levels` deep.
fn bomb(levels: usize, fan: usize) -> String {
    let mut doc = String::from("{...F0}");
    for level in 0..levels {
        let spreads = vec![format!("...F{}", level + 1); fan].join(" ");
        doc.push_str(&format!(" fragment F{level} on Query{{{spreads}}}"));
    }
    doc.push_str(&format!(" fragment F{levels} on Query{{__typename}}"));
    doc
}

/// Peak resident memory of this process, in KiB.
fn peak_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

fn ms(d: Duration) -> String {
    format!("{:.3} ms", d.as_secs_f64() * 1000.0)
}

#[tokio::main]
async fn main() {
    let schema = bangui_api::graphql::build(None);
    let admin = Actor {
        name: "admin".to_owned(),
        role: Role::Admin,
        user_id: Some(1),
    };
    let nested = {
        let mut q = String::from("__typename");
        for _ in 0..14 {
            q = format!("__schema {{ queryType {{ fields {{ type {{ ofType {{ {q} }} }} }} }} }}");
        }
        format!("{{ {q} }}")
    };
    let documents: Vec<(&str, String, bool)> = vec![
        (
            "fragment bomb 10^8, anonymous (refused)",
            bomb(8, 10),
            false,
        ),
        ("fragment bomb 10^8, signed in (refused)", bomb(8, 10), true),
        (
            "fragments expanding to 1,728 fields (accepted)",
            bomb(3, 12),
            true,
        ),
        (
            "1,999 __typename in one selection (accepted)",
            format!("{{ {} }}", "__typename ".repeat(1_999)),
            true,
        ),
        (
            "64 KiB string argument (accepted)",
            format!("{{ __type(name: \"{}\") {{ name }} }}", "a".repeat(65_400)),
            true,
        ),
        (
            "64 KiB of braces (refused by the parser)",
            "{".repeat(65_536),
            true,
        ),
        ("introspection nested 15 deep (refused)", nested, true),
        (
            "8 KiB document over the anonymous budget (refused)",
            format!("{{ {} }}", "__typename ".repeat(1_000)),
            false,
        ),
    ];
    let before = peak_kib();
    println!(
        "[documents] peak RSS before: {:.1} MiB",
        before as f64 / 1024.0
    );
    for (name, document, signed_in) in &documents {
        let mut times = Vec::new();
        let mut outcome = String::new();
        for _ in 0..25 {
            let mut request = Request::new(document.as_str());
            if *signed_in {
                request = request.data(admin.clone());
            }
            let started = Instant::now();
            let response = schema.execute(request).await;
            times.push(started.elapsed());
            outcome = match response.errors.first() {
                Some(e) => format!(
                    "refused: {}",
                    e.message.chars().take(70).collect::<String>()
                ),
                None => "answered".to_owned(),
            };
        }
        times.sort();
        println!(
            "[documents] {name} ({} bytes): median {}, slowest {}; {outcome}",
            document.len(),
            ms(times[times.len() / 2]),
            ms(times[times.len() - 1])
        );
    }
    println!(
        "[documents] peak RSS after: {:.1} MiB (+{:.1} MiB)",
        peak_kib() as f64 / 1024.0,
        peak_kib().saturating_sub(before) as f64 / 1024.0
    );
}
