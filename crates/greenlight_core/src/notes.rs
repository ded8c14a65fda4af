//! Notes: files greenlight could not read or parse, and why. They go into the
//! report so that nothing is skipped silently.

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Note {
    /// Path relative to the project root, `/` separators; empty for the project as a whole.
    pub path: String,
    pub message: String,
}

impl Note {
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        Note { path: path.into(), message: message.into() }
    }
}
