//! Writing without ever clobbering: new files appear atomically and only if
//! nothing is at the path (a temporary file in the same directory, then a
//! hard link that fails when the name exists); the one edit of an existing
//! file replaces it atomically, keeps its permissions, and refuses when the
//! file changed since it was read.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The outcome of a create-only write.
#[derive(Debug, PartialEq, Eq)]
pub enum Created {
    Yes,
    /// Something is already at the path; nothing was written.
    Exists,
}

fn temp_path(target: &Path) -> PathBuf {
    let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    target.with_file_name(format!(".{name}.greenlight-{}.tmp", std::process::id()))
}

fn write_temp(target: &Path, text: &str) -> std::io::Result<PathBuf> {
    let temp = temp_path(target);
    let mut file = fs::OpenOptions::new().write(true).create_new(true).open(&temp)?;
    let result = file.write_all(text.as_bytes()).and_then(|_| file.sync_all());
    if let Err(e) = result {
        let _ = fs::remove_file(&temp);
        return Err(e);
    }
    Ok(temp)
}

/// Creates `target` with `text` unless something is there already.
pub fn create_new(target: &Path, text: &str) -> std::io::Result<Created> {
    if target.symlink_metadata().is_ok() {
        return Ok(Created::Exists);
    }
    if let Some(dir) = target.parent() {
        fs::create_dir_all(dir)?;
    }
    let temp = write_temp(target, text)?;
    let linked = fs::hard_link(&temp, target);
    let _ = fs::remove_file(&temp);
    match linked {
        Ok(()) => Ok(Created::Yes),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(Created::Exists),
        // File systems without hard links: an exclusive create (still never clobbers).
        Err(_) => match fs::OpenOptions::new().write(true).create_new(true).open(target) {
            Ok(mut file) => {
                file.write_all(text.as_bytes())?;
                Ok(Created::Yes)
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(Created::Exists),
            Err(e) => Err(e),
        },
    }
}

/// Replaces `target`, whose content was `expected` when read, with `text`:
/// atomically (temp file + rename), with the same permissions. Refuses when
/// the file changed in between.
pub fn replace(target: &Path, expected: &str, text: &str) -> Result<(), String> {
    let now = fs::read(target).map_err(|e| format!("cannot read {}: {e}", target.display()))?;
    if now != expected.as_bytes() {
        return Err(format!("{} changed while greenlight was working; nothing was written, run scaffold again", target.display()));
    }
    let permissions = fs::metadata(target).map(|m| m.permissions()).ok();
    let temp = write_temp(target, text).map_err(|e| format!("cannot write beside {}: {e}", target.display()))?;
    if let Some(permissions) = permissions {
        let _ = fs::set_permissions(&temp, permissions);
    }
    fs::rename(&temp, target).map_err(|e| {
        let _ = fs::remove_file(&temp);
        format!("cannot replace {}: {e}", target.display())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_clobbers() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a/b.txt");
        assert_eq!(create_new(&path, "one").unwrap(), Created::Yes);
        assert_eq!(create_new(&path, "two").unwrap(), Created::Exists);
        assert_eq!(fs::read_to_string(&path).unwrap(), "one");
        let leftovers: Vec<_> = fs::read_dir(path.parent().unwrap()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no temporary file is left behind");
    }

    #[test]
    fn replace_refuses_a_changed_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("urls.py");
        fs::write(&path, "x = 1\n").unwrap();
        assert!(replace(&path, "x = 0\n", "y = 2\n").is_err());
        assert_eq!(fs::read_to_string(&path).unwrap(), "x = 1\n");
        replace(&path, "x = 1\n", "y = 2\n").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "y = 2\n");
    }
}
