//! fail2ban's wire format: a pickled list of strings, then `<F2B_END_COMMAND>`; the
//! answer is a pickled `(code, value)` tuple with the same terminator.

use crate::error::{Fail2banError, Result};
use crate::pickle::{self, Value};

/// Ends every frame in both directions.
pub const END: &[u8] = b"<F2B_END_COMMAND>";
/// Sent before END to close a connection politely.
pub const CLOSE: &[u8] = b"<F2B_CLOSE_COMMAND>";

/// The request frame for `words`, terminator included.
pub fn request(words: &[String]) -> Vec<u8> {
    let mut frame = pickle::encode_str_list(words);
    frame.extend_from_slice(END);
    frame
}

/// Interprets a response pickle (without the terminator).
pub fn response(payload: &[u8]) -> Result<Value> {
    let value = pickle::decode(payload).map_err(|e| Fail2banError::Protocol(e.to_string()))?;
    match value {
        Value::Tuple(mut parts) if parts.len() == 2 => {
            let body = parts.pop().unwrap_or(Value::None);
            match parts[0].as_int() {
                Some(0) => Ok(body),
                Some(_) => Err(exception(body)),
                None => Err(Fail2banError::Protocol(
                    "status code is not an integer".into(),
                )),
            }
        }
        // A request fail2ban could not even load comes back as a bare message.
        Value::Str(message) => Err(Fail2banError::Server {
            class: "Error".into(),
            message: message.trim_start_matches("ERROR: ").to_owned(),
        }),
        other => Err(Fail2banError::Protocol(format!(
            "unexpected answer {other}"
        ))),
    }
}

/// Maps a pickled exception to a typed error, keeping its class and message.
fn exception(value: Value) -> Fail2banError {
    let (class, args) = match value {
        Value::Object { class, args } => (class, args),
        other => ("unknown".to_owned(), vec![other]),
    };
    let message = args
        .iter()
        .map(|a| a.as_str().map_or_else(|| a.to_string(), str::to_owned))
        .collect::<Vec<_>>()
        .join(", ");
    if class == "fail2ban.exceptions.UnknownJailException" {
        return Fail2banError::UnknownJail(message);
    }
    let short = class.rsplit('.').next().unwrap_or(&class).to_owned();
    Fail2banError::Server {
        class: short,
        message,
    }
}
