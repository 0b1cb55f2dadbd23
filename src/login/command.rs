//! The external command driver: for servers whose pages need JavaScript, the user supplies a
//! program (a Playwright or Selenium script, say) that opens the authorization URL, logs in,
//! decides, and prints the URL the browser was finally sent to.
//!
//! Contract: `login.command` plus the authorization URL as last argument; environment
//! `OAUTH2SPEC_AUTHORIZATION_URL`, `OAUTH2SPEC_DECISION` (`approve` or `deny`),
//! `OAUTH2SPEC_USERNAME`, `OAUTH2SPEC_PASSWORD`, `OAUTH2SPEC_REDIRECT_PREFIX`; the last non-empty
//! line on stdout is the redirect URL; a non-zero exit is a failure.

use std::process::Stdio;
use std::time::Duration;

use url::Url;

use super::{FrontChannelOutcome, FrontChannelRequest, FrontChannelResult, LoginError, UserDebug};
use crate::config::UserSettings;

/// Lines of stderr quoted in an error.
const STDERR_TAIL_LINES: usize = 5;

pub struct CommandDriver {
    command: Vec<String>,
    user: Option<UserSettings>,
    timeout: Duration,
}

impl std::fmt::Debug for CommandDriver {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CommandDriver")
            .field("command", &self.command)
            .field("user", &UserDebug(&self.user))
            .field("timeout", &self.timeout)
            .finish()
    }
}

impl CommandDriver {
    pub fn new(command: Vec<String>, user: Option<UserSettings>, timeout: Duration) -> Self {
        CommandDriver {
            command,
            user,
            timeout,
        }
    }

    /// `stop_at_login` cannot be honoured: the command reports only where it ended.
    pub async fn run(
        &self,
        request: &FrontChannelRequest,
    ) -> Result<FrontChannelResult, LoginError> {
        let shown = self.command.join(" ");
        let error = |detail: String| LoginError::Command {
            detail: format!("`{shown}` {detail}"),
        };
        let Some((program, args)) = self.command.split_first() else {
            return Err(LoginError::Command {
                detail: "login.command is empty; set login.command = [\"program\", \"arg\", …]"
                    .into(),
            });
        };
        let mut command = tokio::process::Command::new(program);
        command
            .args(args)
            .arg(&request.authorization_url)
            .env("OAUTH2SPEC_AUTHORIZATION_URL", &request.authorization_url)
            .env("OAUTH2SPEC_DECISION", request.decision.as_str())
            .env(
                "OAUTH2SPEC_REDIRECT_PREFIX",
                request
                    .stop_at
                    .first()
                    .map(String::as_str)
                    .unwrap_or_default(),
            )
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            // A command that outlives its timeout is killed when the future is dropped.
            .kill_on_drop(true);
        if let Some(user) = &self.user {
            command
                .env("OAUTH2SPEC_USERNAME", &user.username)
                .env("OAUTH2SPEC_PASSWORD", &user.password);
        }
        let child = command
            .spawn()
            .map_err(|e| error(format!("could not be started: {e}")))?;
        let output = match tokio::time::timeout(self.timeout, child.wait_with_output()).await {
            Err(_) => {
                return Err(error(format!(
                    "did not finish within {:.1} s; it was killed",
                    self.timeout.as_secs_f64()
                )))
            }
            Ok(Err(e)) => return Err(error(format!("could not be waited for: {e}"))),
            Ok(Ok(output)) => output,
        };
        let stderr = String::from_utf8_lossy(&output.stderr);
        let tail = stderr_tail(&stderr);
        if !output.status.success() {
            return Err(error(format!("exited with {}{tail}", output.status)));
        }
        let stdout = String::from_utf8_lossy(&output.stdout);
        let Some(line) = stdout.lines().map(str::trim).rev().find(|l| !l.is_empty()) else {
            return Err(error(format!("printed nothing on stdout; its last line must be the URL the browser was redirected to{tail}")));
        };
        if Url::parse(line).is_err() {
            return Err(error(format!("printed {line:?} as its last stdout line, which is not an absolute URL; it must be the URL the browser was redirected to{tail}")));
        }
        Ok(FrontChannelResult {
            outcome: FrontChannelOutcome::Redirected {
                location: line.to_string(),
            },
            exchanges: Vec::new(),
            saw_login: false,
            saw_consent: true,
        })
    }
}

/// "; stderr ends with: …" with the last few lines, or nothing when stderr is empty.
fn stderr_tail(stderr: &str) -> String {
    let lines: Vec<&str> = stderr
        .lines()
        .map(str::trim_end)
        .filter(|l| !l.is_empty())
        .collect();
    if lines.is_empty() {
        return String::new();
    }
    let start = lines.len().saturating_sub(STDERR_TAIL_LINES);
    format!("; stderr ends with:\n{}", lines[start..].join("\n"))
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use crate::login::Decision;

    fn request() -> FrontChannelRequest {
        FrontChannelRequest {
            authorization_url: "http://as.test/authorize?state=xyz".into(),
            stop_at: vec!["http://127.0.0.1:9999/cb".into()],
            decision: Decision::Deny,
            stop_at_login: false,
        }
    }

    fn sh(script: &str) -> CommandDriver {
        let user = UserSettings {
            username: "alice".into(),
            password: "pw-1234".into(),
        };
        CommandDriver::new(
            vec!["sh".into(), "-c".into(), script.into(), "driver".into()],
            Some(user),
            Duration::from_secs(5),
        )
    }

    #[tokio::test]
    async fn the_last_stdout_line_is_the_redirect_and_the_environment_is_set() {
        let script = r#"echo "starting $1"; echo "$OAUTH2SPEC_REDIRECT_PREFIX?error=access_denied&d=$OAUTH2SPEC_DECISION&u=$OAUTH2SPEC_USERNAME&p=$OAUTH2SPEC_PASSWORD&same=$([ "$1" = "$OAUTH2SPEC_AUTHORIZATION_URL" ] && echo yes)"; echo"#;
        let result = sh(script)
            .run(&request())
            .await
            .expect("the command succeeds");
        assert_eq!(
            result.outcome,
            FrontChannelOutcome::Redirected {
                location:
                    "http://127.0.0.1:9999/cb?error=access_denied&d=deny&u=alice&p=pw-1234&same=yes"
                        .into()
            }
        );
    }

    #[tokio::test]
    async fn a_failing_command_reports_its_status_and_stderr() {
        let err = sh("echo one >&2; echo two >&2; exit 3")
            .run(&request())
            .await
            .expect_err("fails");
        let message = err.to_string();
        assert!(
            message.contains("exit status: 3") && message.ends_with("one\ntwo"),
            "{message}"
        );
    }

    #[tokio::test]
    async fn a_command_that_prints_no_url_is_an_error() {
        let err = sh("echo 'logged in'")
            .run(&request())
            .await
            .expect_err("no URL");
        assert!(err.to_string().contains("not an absolute URL"), "{err}");
        let err = sh("true")
            .run(&request())
            .await
            .expect_err("nothing printed");
        assert!(err.to_string().contains("printed nothing"), "{err}");
    }

    #[tokio::test]
    async fn a_command_that_hangs_is_killed() {
        let driver = CommandDriver::new(
            vec!["sh".into(), "-c".into(), "exec sleep 30".into()],
            None,
            Duration::from_millis(300),
        );
        let err = driver.run(&request()).await.expect_err("times out");
        assert!(err.to_string().contains("did not finish"), "{err}");
    }

    #[tokio::test]
    async fn a_missing_program_is_an_error() {
        let driver = CommandDriver::new(
            vec!["/nonexistent/oauth2spec-login".into()],
            None,
            Duration::from_secs(1),
        );
        let err = driver.run(&request()).await.expect_err("cannot start");
        assert!(err.to_string().contains("could not be started"), "{err}");
    }
}
