//! Exit codes of `oauth2spec`, stable for CI. Documented in README.md and `--help`.

/// Every selected MUST-level check passed (SHOULD-level ones too, under `--strict`).
pub const SUCCESS: u8 = 0;
/// At least one check failed: the target does not conform. Takes precedence over 3.
pub const CHECK_FAILED: u8 = 1;
/// Usage or configuration error: bad flags, a broken target config or feature file, a tag or
/// section filter that selects nothing.
pub const USAGE: u8 = 2;
/// The harness could not reach a verdict: the target is unreachable, timed out, answered
/// garbage, or a login page could not be driven.
pub const HARNESS_ERROR: u8 = 3;
/// Standard output was closed before everything was written (`oauth2spec list | head`): the
/// code a program killed by SIGPIPE reports in a shell. Not listed in `--help`: it is what
/// every command-line tool does.
pub const OUTPUT_CLOSED: u8 = 141;

/// The table shown at the end of `--help`.
pub const HELP: &str = "Exit codes:
  0  every selected MUST check passed (and SHOULD checks, with --strict)
  1  at least one check failed
  2  usage or configuration error (bad flag, config, feature file, or a filter that selects nothing)
  3  target unreachable or harness error (no verdict could be reached for some scenario)
With --baseline, only failures the baseline does not list count (docs/ci.md, docs/baseline.md).";

/// The exit code for a finished run.
pub fn for_report(report: &crate::report::model::Report) -> u8 {
    if report.totals.failed > 0 {
        CHECK_FAILED
    } else if report.totals.errors > 0 {
        HARNESS_ERROR
    } else {
        SUCCESS
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_distinct_and_documented() {
        let codes = [SUCCESS, CHECK_FAILED, USAGE, HARNESS_ERROR];
        for (i, a) in codes.iter().enumerate() {
            assert!(codes[i + 1..].iter().all(|b| a != b));
            assert!(
                HELP.contains(&format!("  {a}  ")),
                "code {a} missing from HELP"
            );
        }
    }
}
