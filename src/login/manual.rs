//! The manual driver: a human opens the authorization URL in a browser, logs in, decides, and
//! pastes the URL the browser ended at. Prompts go to stderr so reports on stdout stay clean.

use std::io::BufRead as _;
use std::sync::Arc;

use tokio::sync::Mutex;
use url::Url;

use super::{FrontChannelOutcome, FrontChannelRequest, FrontChannelResult, LoginError};

/// Scenarios running side by side take turns at the terminal. (Std's stdin is buffered
/// process-wide, so lines pasted ahead are not lost between prompts.)
#[derive(Debug, Clone, Default)]
pub struct ManualDriver {
    turn: Arc<Mutex<()>>,
}

impl ManualDriver {
    pub fn new() -> Self {
        Self::default()
    }

    /// `stop_at_login` cannot be honoured: the human reports only where the browser ended.
    pub async fn run(
        &self,
        request: &FrontChannelRequest,
    ) -> Result<FrontChannelResult, LoginError> {
        let _turn = self.turn.lock().await;
        let prefix = request
            .stop_at
            .first()
            .map(String::as_str)
            .unwrap_or("the client's redirect URI");
        eprintln!(
            "\nOpen this URL in a browser, log in, and {} the request:\n\n  {}\n\nThen paste the full URL the browser was sent to (it starts with {prefix}) and press Enter:",
            request.decision.as_str(),
            request.authorization_url
        );
        loop {
            let line = read_line().await.map_err(|e| LoginError::Manual {
                detail: format!("reading the redirect URL from stdin failed: {e}"),
            })?;
            let Some(line) = line else {
                return Err(LoginError::Manual {
                    detail: format!(
                        "stdin closed before a redirect URL was entered for {}",
                        request.authorization_url
                    ),
                });
            };
            let line = line.trim();
            if line.is_empty() {
                continue;
            }
            if Url::parse(line).is_err() {
                eprintln!("{line:?} is not an absolute URL; paste the whole address from the browser's address bar:");
                continue;
            }
            return Ok(FrontChannelResult {
                outcome: FrontChannelOutcome::Redirected {
                    location: line.to_string(),
                },
                exchanges: Vec::new(),
                saw_login: false,
                saw_consent: true,
            });
        }
    }
}

/// One line from stdin, `None` at end of input. Read on a blocking thread: the runtime's
/// workers must not wait for a human.
async fn read_line() -> std::io::Result<Option<String>> {
    tokio::task::spawn_blocking(|| {
        let mut line = String::new();
        let n = std::io::stdin().lock().read_line(&mut line)?;
        Ok((n > 0).then_some(line))
    })
    .await
    .map_err(std::io::Error::other)?
}
