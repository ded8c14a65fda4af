//! The audit cache: a run on an unchanged tree with the same invocation prints
//! the stored report instead of parsing and checking everything again (the
//! pre-commit and CI re-run case).
//!
//! Like ruff's `.ruff_cache`, it lives in the project (`.greenlight_cache/`,
//! which ignores itself for git). An entry is keyed by the invocation (binary,
//! flags, the production environment, whether colour is on) and holds a hash
//! of the tree: every file discovery would read, by content, and every other
//! file that is not ignored, by size and modification time. Any change to
//! either makes a miss, and the entry is rewritten. Secrets from the profile
//! are hashed, never stored.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use greenlight_core::discover::{classify, relative, walker};
use ignore::WalkState;
use serde::{Deserialize, Serialize};

pub const DIR_NAME: &str = ".greenlight_cache";

/// Where an invocation's entry lives and the tree it must match.
pub struct Slot {
    path: PathBuf,
    tree: String,
}

/// What a run printed and how it ended.
#[derive(Serialize, Deserialize)]
pub struct Entry {
    tree: String,
    pub output: String,
    pub summary: Option<String>,
    pub exit_code: u8,
}

impl Slot {
    /// The slot of `invocation` (everything but the tree that decides the
    /// output) for the project at `root`; the cache directory comes from
    /// `GREENLIGHT_CACHE_DIR` when set.
    pub fn new(root: &Path, invocation: &impl Hash) -> Slot {
        let mut hasher = DefaultHasher::new();
        env!("CARGO_PKG_VERSION").hash(&mut hasher);
        binary_identity().hash(&mut hasher);
        invocation.hash(&mut hasher);
        let dir = std::env::var_os("GREENLIGHT_CACHE_DIR").map(PathBuf::from).unwrap_or_else(|| root.join(DIR_NAME));
        Slot { path: dir.join(format!("audit-{:016x}.json", hasher.finish())), tree: tree_hash(root) }
    }

    /// The stored run, when the tree is the one it was made from.
    pub fn load(&self) -> Option<Entry> {
        let text = std::fs::read_to_string(&self.path).ok()?;
        let entry: Entry = serde_json::from_str(&text).ok()?;
        (entry.tree == self.tree).then_some(entry)
    }

    /// Stores a run. A cache that cannot be written (read-only checkout) is
    /// not worth an error: the next run just recomputes.
    pub fn store(&self, output: &str, summary: Option<String>, exit_code: u8) {
        let entry = Entry { tree: self.tree.clone(), output: output.to_owned(), summary, exit_code };
        let Ok(text) = serde_json::to_string(&entry) else { return };
        let Some(dir) = self.path.parent() else { return };
        if std::fs::create_dir_all(dir).is_err() {
            return;
        }
        mark_cache_dir(dir);
        let temp = dir.join(format!(".tmp-{}", std::process::id()));
        if std::fs::write(&temp, text).is_ok() && std::fs::rename(&temp, &self.path).is_err() {
            let _ = std::fs::remove_file(&temp);
        }
    }
}

/// The running binary's size and modification time, so that a rebuilt
/// greenlight (new rules, same version number) never reads an old entry.
fn binary_identity() -> Option<(u64, std::time::SystemTime)> {
    let meta = std::fs::metadata(std::env::current_exe().ok()?).ok()?;
    Some((meta.len(), meta.modified().ok()?))
}

/// `.gitignore` and `CACHEDIR.TAG` in the cache directory's root, as ruff does.
fn mark_cache_dir(dir: &Path) {
    let gitignore = dir.join(".gitignore");
    if !gitignore.exists() {
        let _ = std::fs::write(gitignore, "# Automatically created by greenlight.\n*\n");
        let _ = std::fs::write(dir.join("CACHEDIR.TAG"), "Signature: 8a477f597d28d172789f06886806bc55\n# greenlight audit cache\n");
    }
}

/// One hash over the tree as discovery sees it: the files it reads by
/// content, every other file by size and modification time, and what could
/// not be walked or read.
fn tree_hash(root: &Path) -> String {
    let entries = Mutex::new(Vec::new());
    walker(root)
        .run(|| {
            Box::new(|result| {
                let entry = match result {
                    Ok(entry) if entry.file_type().is_some_and(|t| t.is_file()) => file_entry(root, entry.path()),
                    Ok(_) => return WalkState::Continue,
                    Err(error) => (String::new(), format!("walk error {error}")),
                };
                entries.lock().unwrap_or_else(|e| e.into_inner()).push(entry);
                WalkState::Continue
            })
        });
    let mut entries = entries.into_inner().unwrap_or_else(|e| e.into_inner());
    entries.sort();
    let mut hasher = DefaultHasher::new();
    entries.hash(&mut hasher);
    format!("{:016x}", hasher.finish())
}

/// A file's path and what stands for its state.
fn file_entry(root: &Path, path: &Path) -> (String, String) {
    let rel_path = relative(root, path);
    let state = if classify(&rel_path).is_some() {
        match std::fs::read(path) {
            Ok(bytes) => {
                let mut hasher = DefaultHasher::new();
                bytes.hash(&mut hasher);
                format!("{:016x}", hasher.finish())
            }
            Err(error) => format!("unreadable {}", error.kind()),
        }
    } else {
        match std::fs::metadata(path) {
            Ok(meta) => format!("{} {:?}", meta.len(), meta.modified().ok()),
            Err(error) => format!("unreadable {}", error.kind()),
        }
    };
    (rel_path, state)
}
