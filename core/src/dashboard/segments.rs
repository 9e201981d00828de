//! How a dashboard range splits into whole buckets of the pre-aggregated
//! tables and the rows left over at its edges, and what counts are grouped by.

use entity::{ban_count_bucket, ban_history};
use sea_orm::sea_query::{Expr, SimpleExpr};

use super::Scope;

pub(super) const HOUR: i64 = 3_600;
pub(super) const DAY: i64 = 86_400;
/// The longest bucket: 32 days, a whole number of days, so ranges tile by it.
pub(super) const LONG: i64 = 32 * DAY;

/// Where the counts of one part of the range come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Part {
    /// Rows of `ban_history`.
    Rows,
    /// Whole buckets of this many seconds in `ban_count_bucket`.
    Buckets(i64),
}

/// One part of a range: `[from, to)`, open where `None`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Segment {
    pub(super) part: Part,
    pub(super) from: Option<i64>,
    pub(super) to: Option<i64>,
}

pub(super) fn floor(t: i64, size: i64) -> i64 {
    t - t.rem_euclid(size)
}

pub(super) fn ceil(t: i64, size: i64) -> i64 {
    floor(t.saturating_add(size - 1), size)
}

/// Splits `[from, to)` into whole buckets of the largest `spans` that fit and the
/// rows left over at the edges. `spans` go from largest to smallest.
fn split(from: Option<i64>, to: Option<i64>, spans: &[i64], out: &mut Vec<Segment>) {
    if let (Some(f), Some(t)) = (from, to)
        && f >= t
    {
        return;
    }
    let Some((&span, rest)) = spans.split_first() else {
        out.push(Segment {
            part: Part::Rows,
            from,
            to,
        });
        return;
    };
    let first = from.map(|f| ceil(f, span));
    let last = to.map(|t| floor(t, span));
    if let (Some(a), Some(b)) = (first, last)
        && a >= b
    {
        split(from, to, rest, out);
        return;
    }
    if from.is_some() {
        split(from, first, rest, out);
    }
    out.push(Segment {
        part: Part::Buckets(span),
        from: first,
        to: last,
    });
    if to.is_some() {
        split(last, to, rest, out);
    }
}

/// The parts of the scope's range, using buckets no longer than `coarsest`.
pub(super) fn segments(scope: &Scope, coarsest: i64) -> Vec<Segment> {
    let spans: Vec<i64> = [LONG, DAY, HOUR]
        .into_iter()
        .filter(|s| *s <= coarsest)
        .collect();
    let mut out = Vec::new();
    split(scope.since, scope.until, &spans, &mut out);
    out
}

/// What counts are grouped by.
#[derive(Clone, Copy)]
pub(super) enum Key {
    Jail,
    Country,
    /// Start of a trend bucket of this many seconds.
    Start(i64),
}

impl Key {
    pub(super) fn on_rows(self) -> SimpleExpr {
        match self {
            Key::Jail => Expr::col(ban_history::Column::Jail),
            Key::Country => Expr::cust("COALESCE(country_code, '')"),
            // BanGUI's own constant, never input.
            Key::Start(size) => Expr::cust(format!("(banned_at - (banned_at % {size}))")),
        }
    }

    pub(super) fn on_buckets(self) -> SimpleExpr {
        match self {
            Key::Jail => Expr::col(ban_count_bucket::Column::Jail),
            Key::Country => Expr::col(ban_count_bucket::Column::CountryCode),
            Key::Start(size) => Expr::cust(format!("(start - (start % {size}))")),
        }
    }

    /// The largest bucket whose rows map onto one key.
    pub(super) fn coarsest(self) -> i64 {
        match self {
            Key::Start(size) => size,
            Key::Jail | Key::Country => LONG,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(since: Option<i64>, until: Option<i64>, coarsest: i64) -> Vec<Segment> {
        segments(
            &Scope {
                since,
                until,
                ..Default::default()
            },
            coarsest,
        )
    }

    fn seg(part: Part, from: Option<i64>, to: Option<i64>) -> Segment {
        Segment { part, from, to }
    }

    #[test]
    fn an_open_range_is_whole_long_buckets() {
        assert_eq!(
            parts(None, None, LONG),
            vec![seg(Part::Buckets(LONG), None, None)]
        );
        assert_eq!(
            parts(None, None, DAY),
            vec![seg(Part::Buckets(DAY), None, None)]
        );
    }

    #[test]
    fn months_fall_to_days_hours_then_rows() {
        let since = 100 * DAY + 3 * HOUR + 1;
        let until = 200 * DAY + 30;
        assert_eq!(
            parts(Some(since), Some(until), LONG),
            vec![
                seg(Part::Rows, Some(since), Some(100 * DAY + 4 * HOUR)),
                seg(
                    Part::Buckets(HOUR),
                    Some(100 * DAY + 4 * HOUR),
                    Some(101 * DAY)
                ),
                seg(Part::Buckets(DAY), Some(101 * DAY), Some(128 * DAY)),
                seg(Part::Buckets(LONG), Some(128 * DAY), Some(192 * DAY)),
                seg(Part::Buckets(DAY), Some(192 * DAY), Some(200 * DAY)),
                seg(Part::Rows, Some(200 * DAY), Some(until)),
            ]
        );
    }

    #[test]
    fn edges_fall_to_hours_then_rows() {
        let since = 10 * DAY + 5 * HOUR + 7;
        let until = 12 * DAY + 2 * HOUR + 30;
        assert_eq!(
            parts(Some(since), Some(until), DAY),
            vec![
                seg(Part::Rows, Some(since), Some(10 * DAY + 6 * HOUR)),
                seg(
                    Part::Buckets(HOUR),
                    Some(10 * DAY + 6 * HOUR),
                    Some(11 * DAY)
                ),
                seg(Part::Buckets(DAY), Some(11 * DAY), Some(12 * DAY)),
                seg(
                    Part::Buckets(HOUR),
                    Some(12 * DAY),
                    Some(12 * DAY + 2 * HOUR)
                ),
                seg(Part::Rows, Some(12 * DAY + 2 * HOUR), Some(until)),
            ]
        );
    }

    #[test]
    fn hourly_trends_never_read_days() {
        let since = 10 * DAY + 30;
        assert_eq!(
            parts(Some(since), None, HOUR),
            vec![
                seg(Part::Rows, Some(since), Some(10 * DAY + HOUR)),
                seg(Part::Buckets(HOUR), Some(10 * DAY + HOUR), None),
            ]
        );
    }

    #[test]
    fn a_range_inside_one_hour_is_rows_only() {
        assert_eq!(
            parts(Some(HOUR + 1), Some(HOUR + 50), DAY),
            vec![seg(Part::Rows, Some(HOUR + 1), Some(HOUR + 50))]
        );
        assert_eq!(parts(Some(HOUR), Some(HOUR), DAY), vec![]);
    }

    #[test]
    fn aligned_edges_leave_no_rows() {
        assert_eq!(
            parts(Some(DAY), Some(3 * DAY), DAY),
            vec![seg(Part::Buckets(DAY), Some(DAY), Some(3 * DAY))]
        );
    }
}
