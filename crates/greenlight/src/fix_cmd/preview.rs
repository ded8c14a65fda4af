//! `fix --diff`: the fixes run on a scratch copy of the project, so the
//! passes see each other's results exactly as a real run would, and the
//! changes are shown as a unified diff against the untouched original.

use std::collections::BTreeSet;
use std::path::Path;

use crate::UserError;

/// Directories never copied into the `--diff` scratch copy.
const SKIP_DIRS: &[&str] = &[".git", ".hg", ".venv", "venv", "node_modules", "__pycache__", "target", ".tox", ".mypy_cache"];

/// A copy of the project for `--diff`. Symlinked files are copied as regular
/// files, so writes to the copy can never reach the original; symlinked
/// directories are left out.
pub fn scratch_copy(root: &Path) -> Result<tempfile::TempDir, UserError> {
    let dir = tempfile::tempdir().map_err(|e| UserError(format!("cannot create a scratch directory for --diff: {e}")))?;
    copy_tree(root, dir.path()).map_err(|e| UserError(format!("cannot copy {} for --diff: {e}", root.display())))?;
    Ok(dir)
}

fn copy_tree(from: &Path, to: &Path) -> std::io::Result<()> {
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let name = entry.file_name();
        let kind = entry.file_type()?;
        let (src, dst) = (entry.path(), to.join(&name));
        if kind.is_dir() {
            if !SKIP_DIRS.iter().any(|s| name == *s) {
                std::fs::create_dir_all(&dst)?;
                copy_tree(&src, &dst)?;
            }
        } else if src.is_file() {
            // Unreadable files are left out of the copy, as the audit leaves them out.
            let _ = std::fs::copy(&src, &dst);
        }
    }
    Ok(())
}

pub fn unified_diff(original: &Path, fixed: &Path, changed: &BTreeSet<String>) -> String {
    let mut out = String::new();
    for path in changed {
        let before = std::fs::read(original.join(path)).unwrap_or_default();
        let after = std::fs::read(fixed.join(path)).unwrap_or_default();
        let (before, after) = (String::from_utf8_lossy(&before), String::from_utf8_lossy(&after));
        let diff = similar::TextDiff::from_lines(before.as_ref(), after.as_ref());
        out.push_str(&diff.unified_diff().context_radius(3).header(&format!("a/{path}"), &format!("b/{path}")).to_string());
    }
    out
}

