//! The error type of nines, and the exit code each kind maps to.

/// What went wrong, already phrased for the user as one line.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Bad input: a scenario file, a flag value, a missing file. Exit code 2.
    #[error("{0}")]
    Input(String),
    /// Anything else: an output that cannot be written, a thread pool that cannot start.
    /// Exit code 1.
    #[error("{0}")]
    Runtime(String),
}

impl Error {
    /// The process exit code for this error (DESIGN.md: 2 for bad input, 1 otherwise).
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Input(_) => 2,
            Error::Runtime(_) => 1,
        }
    }
}

/// Shorthand for results whose error is [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
