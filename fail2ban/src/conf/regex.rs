//! Filter tests by fail2ban's own `fail2ban-regex`: lines written to a file
//! of BanGUI's, the filter named or written to a file too, each argument
//! passed on its own (never through a shell), the run bounded in time.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::error::FilesError;

/// Most lines one test reads.
pub const MAX_LINES: usize = 100_000;
/// Longest line kept, in bytes; longer ones are cut.
pub const MAX_LINE_BYTES: usize = 4_096;
/// Most regular expressions of an ad-hoc filter, and their longest length.
pub const MAX_REGEXES: usize = 50;
pub const MAX_REGEX_BYTES: usize = 2_048;
/// How long one run of fail2ban-regex may take.
pub const TIME_LIMIT: Duration = Duration::from_secs(30);

/// The filter to test.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Regexes {
    /// An installed filter, by name.
    Installed(String),
    /// Regular expressions in fail2ban's dialect.
    AdHoc {
        fail: Vec<String>,
        ignore: Vec<String>,
    },
}

/// One line the filter matched.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Match {
    /// From 1, in the lines tested.
    pub line_number: usize,
    pub line: String,
    pub ip: String,
    /// The time fail2ban read from the line.
    pub at: Option<i64>,
}

/// fail2ban-regex's counts and matches.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outcome {
    pub lines_tested: u64,
    pub matched: u64,
    pub ignored: u64,
    pub missed: u64,
    pub matches: Vec<Match>,
}

/// Runs fail2ban-regex on `lines` with `regexes`, fail2ban's configuration
/// in `config_dir`.
pub async fn test(
    config_dir: &Path,
    regexes: &Regexes,
    lines: &[String],
) -> Result<Outcome, FilesError> {
    let work = WorkDir::new().map_err(|e| FilesError::failed("preparing a filter test", e))?;
    let log = work.path.join("lines.log");
    let mut text = lines.join("\n");
    text.push('\n');
    write_file(&log, &text).map_err(|e| FilesError::failed("preparing a filter test", e))?;
    let filter = match regexes {
        Regexes::Installed(name) => name.clone(),
        Regexes::AdHoc { fail, ignore } => {
            let file = work.path.join("filter.conf");
            write_file(&file, &ad_hoc_filter(config_dir, fail, ignore)?)
                .map_err(|e| FilesError::failed("preparing a filter test", e))?;
            file.to_string_lossy().into_owned()
        }
    };
    let log = log.to_string_lossy().into_owned();
    let summary = run(
        config_dir,
        &["--print-no-missed", "--print-no-ignored", &log, &filter],
    )
    .await?;
    let mut outcome = counts(&summary)?;
    let rows = run(config_dir, &["--out", "<time>\t<ip>\t<msg>", &log, &filter]).await?;
    outcome.matches = matches(&rows, lines);
    Ok(outcome)
}

/// The text of a filter file holding `fail` and `ignore`, with fail2ban's
/// common definitions (`%(__prefix_line)s` and the like) included.
fn ad_hoc_filter(
    config_dir: &Path,
    fail: &[String],
    ignore: &[String],
) -> Result<String, FilesError> {
    if fail.is_empty() {
        return Err(FilesError::Refused(
            "failRegex needs at least one expression".into(),
        ));
    }
    if fail.len() + ignore.len() > MAX_REGEXES {
        return Err(FilesError::Refused(format!(
            "a filter test takes at most {MAX_REGEXES} expressions"
        )));
    }
    for regex in fail.iter().chain(ignore) {
        if regex.trim().is_empty() || regex.len() > MAX_REGEX_BYTES || regex.contains(['\n', '\r'])
        {
            return Err(FilesError::Refused(format!(
                "each expression is one line of 1 to {MAX_REGEX_BYTES} bytes"
            )));
        }
    }
    let list = |regexes: &[String]| {
        regexes
            .iter()
            .map(|r| r.trim())
            .collect::<Vec<_>>()
            .join("\n            ")
    };
    Ok(format!(
        "[INCLUDES]\nbefore = {}\n\n[Definition]\nfailregex = {}\nignoreregex = {}\n",
        config_dir.join("filter.d").join("common.conf").display(),
        list(fail),
        list(ignore)
    ))
}

async fn run(config_dir: &Path, args: &[&str]) -> Result<String, FilesError> {
    let mut command = tokio::process::Command::new("fail2ban-regex");
    command
        .arg("-c")
        .arg(config_dir)
        .arg("--raw")
        .args(args)
        .env("LANG", "C.UTF-8")
        .stdin(std::process::Stdio::null())
        .kill_on_drop(true);
    let output = tokio::time::timeout(TIME_LIMIT, command.output())
        .await
        .map_err(|_| {
            FilesError::Refused(format!(
                "the filter test took longer than {} s",
                TIME_LIMIT.as_secs()
            ))
        })?
        .map_err(|e| FilesError::failed("running fail2ban-regex", e))?;
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let reason = stdout
            .lines()
            .chain(stderr.lines())
            .find(|l| l.contains("ERROR") || l.contains("Wrong config") || l.contains("error"))
            .unwrap_or("fail2ban-regex failed")
            .trim()
            .to_owned();
        return Err(FilesError::Refused(format!("fail2ban-regex: {reason}")));
    }
    Ok(stdout)
}

/// The counts of fail2ban-regex's `Lines: 4 lines, 0 ignored, 3 matched, 1 missed`.
fn counts(summary: &str) -> Result<Outcome, FilesError> {
    let line = summary
        .lines()
        .find_map(|l| l.strip_prefix("Lines: "))
        .ok_or_else(|| FilesError::unexpected("fail2ban-regex printed no line counts"))?;
    let mut numbers = line.split(',').map(|part| {
        part.split_whitespace()
            .next()
            .and_then(|n| n.parse::<u64>().ok())
    });
    let mut next = || {
        numbers
            .next()
            .flatten()
            .ok_or_else(|| FilesError::unexpected("fail2ban-regex's line counts are not numbers"))
    };
    Ok(Outcome {
        lines_tested: next()?,
        ignored: next()?,
        matched: next()?,
        missed: next()?,
        matches: Vec::new(),
    })
}

/// The rows of `--out '<time>\t<ip>\t<msg>'`, each matched back to its line
/// in order.
fn matches(rows: &str, lines: &[String]) -> Vec<Match> {
    let mut found = Vec::new();
    let mut cursor = 0;
    for row in rows.lines() {
        let mut parts = row.splitn(3, '\t');
        let (Some(time), Some(ip), Some(message)) = (parts.next(), parts.next(), parts.next())
        else {
            continue;
        };
        let Some(offset) = lines[cursor..]
            .iter()
            .position(|l| l.trim_end() == message.trim_end())
        else {
            continue;
        };
        let index = cursor + offset;
        cursor = index + 1;
        found.push(Match {
            line_number: index + 1,
            line: lines[index].clone(),
            ip: ip.to_owned(),
            at: time.parse::<f64>().ok().map(|t| t as i64),
        });
    }
    found
}

/// The last `max` lines of `paths` (a jail's log files, in order), each cut
/// to [`MAX_LINE_BYTES`]. Each file is read from its end, only as far back as
/// those lines go, however large it is.
pub fn tail(paths: &[PathBuf], max: usize) -> std::io::Result<Vec<String>> {
    let mut lines: std::collections::VecDeque<String> = std::collections::VecDeque::new();
    for path in paths {
        for line in tail_of(path, max)? {
            if lines.len() == max {
                lines.pop_front();
            }
            lines.push_back(line);
        }
    }
    Ok(lines.into())
}

/// Bytes read at a time from the end of a file.
const TAIL_BLOCK: u64 = 64 * 1024;

fn tail_of(path: &Path, max: usize) -> std::io::Result<Vec<String>> {
    use std::io::{Read, Seek, SeekFrom};
    let mut file = std::fs::File::open(path)?;
    let len = file.metadata()?.len();
    // Enough bytes for `max` lines of at most MAX_LINE_BYTES each, and no more.
    let budget = (max as u64 + 1).saturating_mul(MAX_LINE_BYTES as u64 + 1);
    let mut start = len;
    let mut tail: Vec<u8> = Vec::new();
    while start > 0 && len - start < budget {
        let step = TAIL_BLOCK.min(start);
        start -= step;
        file.seek(SeekFrom::Start(start))?;
        let mut block = vec![0; step as usize];
        file.read_exact(&mut block)?;
        block.extend_from_slice(&tail);
        tail = block;
        if tail.iter().filter(|b| **b == b'\n').count() > max {
            break;
        }
    }
    let text = String::from_utf8_lossy(&tail);
    let mut all: Vec<&str> = text.lines().collect();
    // The first line may have been cut by where reading started.
    if start > 0 && !all.is_empty() {
        all.remove(0);
    }
    let skip = all.len().saturating_sub(max);
    Ok(all[skip..].iter().map(|l| cut(l)).collect())
}

/// A line within [`MAX_LINE_BYTES`], cut at a character boundary.
pub fn cut(line: &str) -> String {
    if line.len() <= MAX_LINE_BYTES {
        return line.to_owned();
    }
    let mut end = MAX_LINE_BYTES;
    while !line.is_char_boundary(end) {
        end -= 1;
    }
    line[..end].to_owned()
}

fn write_file(path: &Path, text: &str) -> std::io::Result<()> {
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    file.write_all(text.as_bytes())
}

/// A directory of BanGUI's own for one test, removed afterwards.
struct WorkDir {
    path: PathBuf,
}

impl WorkDir {
    fn new() -> std::io::Result<WorkDir> {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let path = std::env::temp_dir().join(format!(
            "bangui-filter-test-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        let mut builder = std::fs::DirBuilder::new();
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        builder.create(&path)?;
        Ok(WorkDir { path })
    }
}

impl Drop for WorkDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_matches_are_read_from_fail2ban_regex() {
        let outcome =
            counts("Results\n=======\n\nLines: 4 lines, 1 ignored, 2 matched, 1 missed\n").unwrap();
        assert_eq!(
            (
                outcome.lines_tested,
                outcome.ignored,
                outcome.matched,
                outcome.missed
            ),
            (4, 1, 2, 1)
        );
        let lines: Vec<String> = ["a 1.2.3.4", "b", "a 1.2.3.4", "c 5.6.7.8"]
            .map(String::from)
            .to_vec();
        let found = matches(
            "1796205601.0\t1.2.3.4\ta 1.2.3.4\n1796205602.0\t1.2.3.4\ta 1.2.3.4\n",
            &lines,
        );
        assert_eq!(
            found
                .iter()
                .map(|m| (m.line_number, m.at))
                .collect::<Vec<_>>(),
            vec![(1, Some(1_796_205_601)), (3, Some(1_796_205_602))]
        );
        assert_eq!(cut(&"é".repeat(3000)).len(), 4096);
    }

    #[test]
    fn the_tail_of_a_large_file_is_read_from_its_end() {
        let dir = std::env::temp_dir().join(format!("bangui-tail-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let big = dir.join("big.log");
        let text: String = (0..200_000).map(|i| format!("line {i}\n")).collect();
        std::fs::write(&big, &text).unwrap();
        let small = dir.join("small.log");
        std::fs::write(&small, "a\nb").unwrap();
        assert_eq!(
            tail(std::slice::from_ref(&big), 3).unwrap(),
            ["line 199997", "line 199998", "line 199999"]
        );
        assert_eq!(
            tail(&[big.clone(), small.clone()], 3).unwrap(),
            ["line 199999", "a", "b"]
        );
        assert_eq!(tail(&[small], 10).unwrap(), ["a", "b"]);
        let all = tail(&[big], 150_000).unwrap();
        assert_eq!(all.len(), 150_000);
        assert_eq!(all[0], "line 50000");
        std::fs::remove_dir_all(dir).unwrap();
    }
}
