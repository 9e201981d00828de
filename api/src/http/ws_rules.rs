//! The graphql-transport-ws rules a connection keeps beside async-graphql's
//! protocol machine: a subscription id is in use until it completes (a second
//! `subscribe` with it closes the socket with 4409), and a subscription
//! refused before it ran (parse or validation) is answered with one `error`
//! message instead of `next` and `complete`.

use std::collections::HashSet;

use serde_json::Value;

/// The subscription ids of one connection.
#[derive(Debug, Default)]
pub struct Ids {
    /// Subscribed and not completed.
    active: HashSet<String>,
    /// Answered with `error`: the `complete` that follows is not sent.
    refused: HashSet<String>,
}

/// Why a client message ends the connection: a close code and reason.
pub type Close = (u16, String);

fn id_of(message: &Value) -> Option<&str> {
    message.get("id").and_then(Value::as_str)
}

impl Ids {
    /// Looks at a message from the client before async-graphql does.
    pub fn client(&mut self, text: &str) -> Result<(), Close> {
        let Ok(message) = serde_json::from_str::<Value>(text) else {
            return Ok(());
        };
        let Some(id) = id_of(&message) else {
            return Ok(());
        };
        match message.get("type").and_then(Value::as_str) {
            Some("subscribe") if !self.active.insert(id.to_owned()) => {
                Err((4409, format!("Subscriber for {id} already exists")))
            }
            Some("complete") => {
                self.active.remove(id);
                Ok(())
            }
            _ => Ok(()),
        }
    }

    /// A message to the client as it is sent, rewritten, or `None` when it
    /// is not sent at all.
    pub fn server(&mut self, text: String) -> Option<String> {
        if text.starts_with(r#"{"type":"complete""#) {
            let message: Value = serde_json::from_str(&text).ok()?;
            let id = id_of(&message)?;
            self.active.remove(id);
            return (!self.refused.remove(id)).then_some(text);
        }
        if !(text.starts_with(r#"{"type":"next""#) && text.contains(r#""data":null"#)) {
            return Some(text);
        }
        let Ok(message) = serde_json::from_str::<Value>(&text) else {
            return Some(text);
        };
        let errors = &message["payload"]["errors"];
        let never_ran = message["payload"]["data"].is_null()
            && errors
                .as_array()
                .is_some_and(|e| !e.is_empty() && e.iter().all(|e| e.get("path").is_none()));
        let Some(id) = id_of(&message).filter(|_| never_ran) else {
            return Some(text);
        };
        self.active.remove(id);
        self.refused.insert(id.to_owned());
        Some(serde_json::json!({ "type": "error", "id": id, "payload": errors }).to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_in_use_cannot_subscribe_again() {
        let mut ids = Ids::default();
        let subscribe = r#"{"type":"subscribe","id":"a","payload":{"query":"subscription { x }"}}"#;
        assert_eq!(ids.client(subscribe), Ok(()));
        assert_eq!(
            ids.client(subscribe),
            Err((4409, "Subscriber for a already exists".to_owned()))
        );
        assert_eq!(ids.client(r#"{"type":"complete","id":"a"}"#), Ok(()));
        assert_eq!(ids.client(subscribe), Ok(()));
        // Completed by the server: free again.
        assert_eq!(
            ids.server(r#"{"type":"complete","id":"a"}"#.to_owned()),
            Some(r#"{"type":"complete","id":"a"}"#.to_owned())
        );
        assert_eq!(ids.client(subscribe), Ok(()));
    }

    #[test]
    fn a_refused_subscription_gets_one_error_message() {
        let mut ids = Ids::default();
        let next = r#"{"type":"next","id":"1","payload":{"data":null,"errors":[{"message":"Unknown field","extensions":{"code":"GRAPHQL_VALIDATION_FAILED"}}]}}"#;
        assert_eq!(
            ids.server(next.to_owned()).unwrap(),
            r#"{"id":"1","payload":[{"extensions":{"code":"GRAPHQL_VALIDATION_FAILED"},"message":"Unknown field"}],"type":"error"}"#
        );
        assert_eq!(
            ids.server(r#"{"type":"complete","id":"1"}"#.to_owned()),
            None
        );
        // A field's error inside a running subscription stays a `next`.
        let field = r#"{"type":"next","id":"2","payload":{"data":null,"errors":[{"message":"x","path":["banEvents"]}]}}"#;
        assert_eq!(ids.server(field.to_owned()).unwrap(), field);
    }
}
