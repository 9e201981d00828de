//! `GET /export/bans?format=csv|ndjson&since=&until=&jail=&host=`: every
//! archived ban of a range, streamed page by page (constant memory whatever
//! the row count), for a VIEWER with a Bearer token or the session cookie.

use std::collections::HashMap;
use std::net::SocketAddr;

use axum::body::{Body, Bytes};
use axum::extract::{ConnectInfo, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use bangui_core::Role;
use bangui_core::bans::BanFilter;
use bangui_core::bans::export::{check_export, export_page};
use entity::ban_history;
use serde::Deserialize;
use serde_json::json;

use crate::state::AppState;

/// The columns of the CSV, its first line.
const CSV_HEADER: &str = "id,ip,jail,host,banned_at,ban_time,origin,country,asn\n";

/// The query string as sent.
#[derive(Deserialize)]
pub struct ExportQuery {
    format: Option<String>,
    since: Option<String>,
    until: Option<String>,
    jail: Option<String>,
    host: Option<String>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Csv,
    Ndjson,
}

/// A refusal as the API words it: the status, and a body with the message
/// and the code GraphQL would give.
fn refused(status: StatusCode, code: &str, message: String) -> Response {
    (
        status,
        axum::Json(json!({ "error": message, "code": code })),
    )
        .into_response()
}

fn bad_input(message: String) -> Response {
    refused(StatusCode::BAD_REQUEST, "BAD_USER_INPUT", message)
}

/// An instant as RFC 3339 (`2026-12-01T00:00:00Z`), as the API takes them.
fn instant(name: &str, value: Option<&str>) -> Result<Option<i64>, String> {
    value
        .map(|text| {
            chrono::DateTime::parse_from_rfc3339(text)
                .map(|t| t.timestamp())
                .map_err(|_| {
                    format!("{name} must be an RFC 3339 instant such as 2026-12-01T00:00:00Z")
                })
        })
        .transpose()
}

/// A CSV field, quoted when it holds a separator, a quote or a line break.
fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

/// One exported ban.
struct Row<'a> {
    ban: &'a ban_history::Model,
    host: &'a str,
    asn: Option<u32>,
}

impl Row<'_> {
    fn banned_at(&self) -> String {
        bangui_core::time::to_datetime(self.ban.banned_at)
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
    }

    fn write(&self, format: Format, out: &mut String) {
        let ban = self.ban;
        match format {
            Format::Csv => {
                let fields = [
                    ban.id.to_string(),
                    csv_field(&ban.ip),
                    csv_field(&ban.jail),
                    csv_field(self.host),
                    self.banned_at(),
                    ban.ban_time.to_string(),
                    ban.origin.as_str().to_owned(),
                    ban.country_code.clone().unwrap_or_default(),
                    self.asn.map(|n| n.to_string()).unwrap_or_default(),
                ];
                out.push_str(&fields.join(","));
            }
            Format::Ndjson => {
                let line = json!({
                    "id": ban.id.to_string(),
                    "ip": ban.ip,
                    "jail": ban.jail,
                    "host": self.host,
                    "banned_at": self.banned_at(),
                    "ban_time": ban.ban_time,
                    "origin": ban.origin.as_str(),
                    "country": ban.country_code,
                    "asn": self.asn,
                });
                out.push_str(&line.to_string());
            }
        }
        out.push('\n');
    }
}

/// `GET /export/bans`.
pub async fn bans(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Query(query): Query<ExportQuery>,
) -> Response {
    let request = match crate::request::identify(&state, &headers, peer).await {
        Ok(request) => request,
        Err(_) => return StatusCode::SERVICE_UNAVAILABLE.into_response(),
    };
    match request.credential {
        Some(c) if c.actor.role >= Role::Viewer => {}
        Some(_) => {
            return refused(
                StatusCode::FORBIDDEN,
                "FORBIDDEN",
                "exports need the VIEWER role".into(),
            );
        }
        None => {
            return refused(
                StatusCode::UNAUTHORIZED,
                "UNAUTHENTICATED",
                "sign in, or send an API token (Authorization: Bearer)".into(),
            );
        }
    }
    let format = match query.format.as_deref().unwrap_or("csv") {
        "csv" => Format::Csv,
        "ndjson" => Format::Ndjson,
        other => {
            return bad_input(format!(
                "format is csv or ndjson, not {:?}",
                bangui_core::validate::clip(other, 20)
            ));
        }
    };
    let (since, until) = match (
        instant("since", query.since.as_deref()),
        instant("until", query.until.as_deref()),
    ) {
        (Ok(since), Ok(until)) => (since, until),
        (Err(e), _) | (_, Err(e)) => return bad_input(e),
    };
    let host_id = match query.host.as_deref() {
        None => None,
        Some(name) => match state.hosts.id_of(name).await {
            Ok(Some(id)) => Some(id),
            Ok(None) => {
                return bad_input(format!(
                    "there is no host named {:?}",
                    bangui_core::validate::clip(name, 64)
                ));
            }
            Err(_) => return StatusCode::SERVICE_UNAVAILABLE.into_response(),
        },
    };
    let filter = BanFilter {
        jail: query.jail,
        since,
        until,
        host_id,
        ..Default::default()
    };
    // A bad filter is refused before the first byte is sent.
    if let Err(e) = check_export(&filter) {
        return bad_input(e.to_string());
    }
    let (content_type, name) = match format {
        Format::Csv => ("text/csv; charset=utf-8", "bans.csv"),
        Format::Ndjson => ("application/x-ndjson", "bans.ndjson"),
    };
    let body = Body::from_stream(stream(state, filter, format));
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        body,
    )
        .into_response()
}

/// The export's bytes, a page at a time.
fn stream(
    state: AppState,
    filter: BanFilter,
    format: Format,
) -> impl futures::Stream<Item = Result<Bytes, std::io::Error>> {
    async_stream::stream! {
        if format == Format::Csv {
            yield Ok(Bytes::from_static(CSV_HEADER.as_bytes()));
        }
        let mut hosts: HashMap<i64, String> = HashMap::new();
        let mut after = 0;
        loop {
            let page = match export_page(&state.db, &filter, after).await {
                Ok(page) => page,
                Err(e) => {
                    tracing::warn!(error = %e.chain(), after, "an export stopped");
                    yield Err(std::io::Error::other("the export could not be read to its end"));
                    return;
                }
            };
            let Some(last) = page.last() else {
                return;
            };
            after = last.id;
            let mut out = String::with_capacity(page.len() * 96);
            for ban in &page {
                if let std::collections::hash_map::Entry::Vacant(slot) = hosts.entry(ban.host_id) {
                    let name = state
                        .hosts
                        .name_of(ban.host_id)
                        .await
                        .unwrap_or_else(|_| format!("host-{}", ban.host_id));
                    slot.insert(name);
                }
                let host = hosts.get(&ban.host_id).map_or("", String::as_str);
                let asn = ban
                    .ip
                    .split('/')
                    .next()
                    .and_then(|ip| ip.parse().ok())
                    .and_then(|ip| state.geo.asn(ip))
                    .map(|a| a.number);
                Row { ban, host, asn }.write(format, &mut out);
            }
            yield Ok(Bytes::from(out));
        }
    }
}
