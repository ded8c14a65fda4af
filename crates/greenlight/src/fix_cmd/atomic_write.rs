//! Replacing a file so that a crash or a failed write leaves either the old or
//! the new content, never half of each: a temporary file in the same directory,
//! fsync, rename over the target, fsync of the directory. Symlinks are written
//! through (the link stays a link); permissions are kept; a file that changed
//! since it was read, or a read-only file or directory, is refused.

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Why a file was not written; the message says what to do.
#[derive(Debug)]
pub struct WriteError(pub String);

/// Writes `new` to `path` if its current content is still `expected`.
pub fn replace_file(path: &Path, expected: &[u8], new: &[u8]) -> Result<(), WriteError> {
    // Write through a symlink to the file it points at.
    let target = fs::canonicalize(path).map_err(|e| WriteError(format!("cannot resolve {}: {e}", path.display())))?;
    let metadata = fs::metadata(&target).map_err(|e| WriteError(format!("cannot read {}: {e}", target.display())))?;
    if metadata.permissions().readonly() {
        return Err(WriteError(format!("{} is read-only; make it writable (chmod u+w) or leave its rules out with --ignore", path.display())));
    }
    let dir = target.parent().map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("."));
    let dir_meta = fs::metadata(&dir).map_err(|e| WriteError(format!("cannot read directory {}: {e}", dir.display())))?;
    if dir_meta.permissions().readonly() {
        return Err(WriteError(format!(
            "the directory {} is read-only, so {} cannot be replaced safely; make the directory writable (chmod u+w)",
            dir.display(),
            path.display()
        )));
    }
    let current = fs::read(&target).map_err(|e| WriteError(format!("cannot read {}: {e}", target.display())))?;
    if current != expected {
        return Err(WriteError(format!("{} changed since greenlight read it; nothing was written to it. Run `greenlight fix` again", path.display())));
    }
    let temp = temp_path(&target);
    let result = write_temp(&temp, new, &metadata).and_then(|()| {
        fail_point()?;
        fs::rename(&temp, &target).map_err(|e| WriteError(format!("cannot replace {}: {e}", target.display())))
    });
    if result.is_err() {
        let _ = fs::remove_file(&temp);
        return result;
    }
    if let Ok(d) = File::open(&dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

fn temp_path(target: &Path) -> PathBuf {
    let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    target.with_file_name(format!(".{name}.greenlight-{}.tmp", std::process::id()))
}

fn write_temp(temp: &Path, content: &[u8], original: &fs::Metadata) -> Result<(), WriteError> {
    let fail = |e: std::io::Error| WriteError(format!("cannot write {}: {e}", temp.display()));
    let mut file = OpenOptions::new().write(true).create_new(true).open(temp).map_err(fail)?;
    file.write_all(content).map_err(fail)?;
    file.set_permissions(original.permissions()).map_err(fail)?;
    file.sync_all().map_err(fail)?;
    Ok(())
}

/// Test hook, debug builds only: `GREENLIGHT_TEST_FAIL_BEFORE_RENAME=1` makes
/// the write fail after the temporary file is complete and before the rename,
/// as a crash there would.
fn fail_point() -> Result<(), WriteError> {
    if cfg!(debug_assertions) && std::env::var_os("GREENLIGHT_TEST_FAIL_BEFORE_RENAME").is_some() {
        return Err(WriteError("injected failure before rename (GREENLIGHT_TEST_FAIL_BEFORE_RENAME)".into()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn a_symlink_stays_a_symlink_and_its_target_keeps_its_mode() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.py");
        fs::write(&real, "old\n").unwrap();
        fs::set_permissions(&real, fs::Permissions::from_mode(0o640)).unwrap();
        let link = dir.path().join("link.py");
        std::os::unix::fs::symlink("real.py", &link).unwrap();
        replace_file(&link, b"old\n", b"new\n").unwrap();
        assert!(fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
        assert_eq!(fs::read(&real).unwrap(), b"new\n");
        assert_eq!(fs::metadata(&real).unwrap().permissions().mode() & 0o777, 0o640);
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 2, "a temp file was left behind");
    }

    #[test]
    fn a_file_changed_since_it_was_read_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.py");
        fs::write(&path, "edited meanwhile\n").unwrap();
        let err = replace_file(&path, b"what greenlight read\n", b"fixed\n").unwrap_err();
        assert!(err.0.contains("changed since greenlight read it"), "{}", err.0);
        assert_eq!(fs::read(&path).unwrap(), b"edited meanwhile\n");
    }
}
