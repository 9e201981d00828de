//! Filter tests on given lines or on a jail's log files.

use bangui_fail2ban::conf::Lines;

use super::inputs::FilterTest;
use super::service::{ConfigService, installed_filter};
use bangui_fail2ban::conf::regex;

use super::view;
use crate::error::{ServiceError, ServiceResult};

impl ConfigService {
    /// Tests a filter with fail2ban-regex.
    pub async fn test_filter(&self, input: FilterTest) -> ServiceResult<regex::Outcome> {
        let max = match input.max_lines {
            None => 10_000,
            Some(n) if (1..=regex::MAX_LINES as i64).contains(&n) => n as usize,
            Some(n) => {
                return Err(ServiceError::BadInput(format!(
                    "maxLines must be between 1 and {}, not {n}",
                    regex::MAX_LINES
                )));
            }
        };
        let regexes = match (&input.filter, &input.fail_regex) {
            (Some(_), Some(_)) => {
                return Err(ServiceError::BadInput(
                    "give either filter or failRegex, not both".into(),
                ));
            }
            (Some(filter), None) => installed_filter(&self.fail2ban, filter).await?,
            (None, Some(fail)) => regex::Regexes::AdHoc {
                fail: fail.clone(),
                ignore: input.ignore_regex.clone().unwrap_or_default(),
            },
            (None, None) => match &input.jail {
                Some(jail) => {
                    let filter = view::configured(&self.layers().await?, jail).filter;
                    let name = filter.split('[').next().unwrap_or_default().to_owned();
                    installed_filter(&self.fail2ban, &name).await?
                }
                None => {
                    return Err(ServiceError::BadInput(
                        "give a filter, failRegex or a jail".into(),
                    ));
                }
            },
        };
        let lines = match (input.lines, &input.jail) {
            (Some(lines), _) => {
                if lines.len() > max {
                    return Err(ServiceError::BadInput(format!(
                        "at most {max} lines (maxLines)"
                    )));
                }
                Lines::Given(lines.iter().map(|l| regex::cut(l)).collect())
            }
            (None, Some(jail)) => {
                let paths = self.fail2ban.log_paths(jail).await?;
                Lines::Logs { paths, max }
            }
            (None, None) => return Err(ServiceError::BadInput("give lines or a jail".into())),
        };
        Ok(self.fail2ban.files().test_regex(&regexes, &lines).await?)
    }
}
