//! The SQL statements the process runs: counted in all for `/metrics`, and per
//! piece of work (a GraphQL operation) when it runs inside [`counted`].

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use sea_orm::DatabaseConnection;

tokio::task_local! {
    static CURRENT: Arc<AtomicU64>;
}

static SUCCEEDED: AtomicU64 = AtomicU64::new(0);
static FAILED: AtomicU64 = AtomicU64::new(0);

/// Counts every statement run through `db` and its clones.
pub fn observe(db: &mut DatabaseConnection) {
    db.set_metric_callback(|info| {
        let total = if info.failed { &FAILED } else { &SUCCEEDED };
        total.fetch_add(1, Ordering::Relaxed);
        let _ = CURRENT.try_with(|count| count.fetch_add(1, Ordering::Relaxed));
    });
}

/// Statements run since start: `(succeeded, failed)`.
pub fn totals() -> (u64, u64) {
    (
        SUCCEEDED.load(Ordering::Relaxed),
        FAILED.load(Ordering::Relaxed),
    )
}

/// Runs `work` and returns its output with the number of statements it ran,
/// tasks started with [`spawn`] included. They count for an enclosing
/// `counted` as well.
pub async fn counted<F: Future>(work: F) -> (F::Output, u64) {
    let count = Arc::new(AtomicU64::new(0));
    let output = CURRENT.scope(count.clone(), work).await;
    let ran = count.load(Ordering::Relaxed);
    let _ = CURRENT.try_with(|outer| outer.fetch_add(ran, Ordering::Relaxed));
    (output, ran)
}

/// `tokio::spawn`, with the statements of the task counted for the work that
/// started it (DataLoaders load in tasks of their own).
pub fn spawn<F>(task: F) -> tokio::task::JoinHandle<F::Output>
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    match CURRENT.try_with(Arc::clone) {
        Ok(count) => tokio::spawn(CURRENT.scope(count, task)),
        Err(_) => tokio::spawn(task),
    }
}

#[cfg(test)]
mod tests {
    use sea_orm::{ConnectionTrait, Statement};

    use super::*;

    fn select(db: &DatabaseConnection, n: i64) -> Statement {
        Statement::from_string(db.get_database_backend(), format!("SELECT {n}"))
    }

    #[tokio::test]
    async fn statements_are_counted_for_the_work_and_its_tasks() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}/count.db", dir.path().display());
        let db = crate::db::connect(&url).await.unwrap();
        let (_, none) = counted(async {}).await;
        assert_eq!(none, 0);
        let (_, three) = counted(async {
            db.query_all_raw(select(&db, 1)).await.unwrap();
            let db = db.clone();
            spawn(async move {
                db.query_one_raw(select(&db, 2)).await.unwrap();
                db.execute_raw(select(&db, 3)).await.unwrap();
            })
            .await
            .unwrap();
        })
        .await;
        assert_eq!(three, 3);
        let (inner, outer) = counted(async {
            db.query_all_raw(select(&db, 4)).await.unwrap();
            counted(async { db.query_all_raw(select(&db, 5)).await.unwrap() })
                .await
                .1
        })
        .await;
        assert_eq!((inner, outer), (1, 2));
    }
}
