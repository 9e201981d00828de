//! How an SQLite connection waits for another's write lock. SQLite's own
//! handler sleeps longer and longer (1, 2, 5 … 100 ms) between looks, so a
//! writer that waits behind a busy one (a stream of agents' batches) can miss
//! many short gaps and wait hundreds of milliseconds for a lock that was free
//! most of that time. This handler looks every millisecond, up to the same
//! overall timeout.

use std::ffi::{c_int, c_void};
use std::time::Duration;

use libsqlite3_sys::{SQLITE_OK, sqlite3_busy_handler};
use sqlx::SqliteConnection;

/// The pause between two looks at a lock held by another connection.
const LOOK_EVERY: Duration = Duration::from_millis(1);

/// Looks before giving up: about `timeout` worth of pauses.
fn looks(timeout: Duration) -> c_int {
    let looks = timeout.as_micros() / LOOK_EVERY.as_micros().max(1);
    c_int::try_from(looks).unwrap_or(c_int::MAX)
}

/// SQLite calls this with the number of times it already did for the same
/// lock; `0` gives up (the statement fails with SQLITE_BUSY), anything else
/// tries again. It runs on the connection's own worker thread, so the sleep
/// holds up no task.
extern "C" fn look_again(limit: *mut c_void, count: c_int) -> c_int {
    // The pointer carries the limit itself, not an address.
    let limit = limit.addr();
    if usize::try_from(count).is_ok_and(|count| count >= limit) {
        return 0;
    }
    std::thread::sleep(LOOK_EVERY);
    1
}

/// Makes `conn` wait for locks by looking every millisecond for up to
/// `timeout`; it replaces the connection's busy timeout.
pub(super) async fn look_often(
    conn: &mut SqliteConnection,
    timeout: Duration,
) -> Result<(), sqlx::Error> {
    let mut handle = conn.lock_handle().await?;
    let limit = usize::try_from(looks(timeout)).unwrap_or(0);
    #[expect(
        unsafe_code,
        reason = "SQLite's busy handler can only be set through its C API; the handle is locked for this call and the callback touches nothing but its argument"
    )]
    let rc = unsafe {
        sqlite3_busy_handler(
            handle.as_raw_handle().as_ptr(),
            Some(look_again),
            std::ptr::without_provenance_mut(limit),
        )
    };
    if rc == SQLITE_OK {
        Ok(())
    } else {
        Err(sqlx::Error::Configuration(
            format!("SQLite refused the busy handler (code {rc})").into(),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn looks_add_up_to_the_timeout() {
        assert_eq!(looks(Duration::from_secs(5)), 5_000);
        assert_eq!(looks(Duration::ZERO), 0);
        let three = std::ptr::without_provenance_mut(3);
        assert_eq!(look_again(three, 3), 0);
        assert_eq!(look_again(three, 2), 1);
    }
}
