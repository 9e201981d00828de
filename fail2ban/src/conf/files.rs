//! Writing a file so that a crash at any moment leaves either its old or its
//! new content: a temporary file in the same directory, fsync, rename over
//! the old one, fsync of the directory.

use std::io::Write;
use std::path::Path;

/// A file's content before a change: `None` when it did not exist.
pub type Before = Option<String>;

/// Reads `path`, `None` when it does not exist.
pub fn read(path: &Path) -> std::io::Result<Before> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(Some(text)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

/// Gives `path` the content `text`, or removes it for `None`, atomically.
pub fn put(path: &Path, text: Option<&str>) -> std::io::Result<()> {
    let dir = path
        .parent()
        .ok_or_else(|| std::io::Error::other("a configuration file needs a directory"))?;
    match text {
        Some(text) => {
            std::fs::create_dir_all(dir)?;
            let name = path
                .file_name()
                .ok_or_else(|| std::io::Error::other("a configuration file needs a name"))?;
            // A name fail2ban skips (it reads *.conf and *.local only).
            let temporary = dir.join(format!(
                ".{}.{}.tmp",
                name.to_string_lossy(),
                std::process::id()
            ));
            let written = (|| {
                let mut file = std::fs::File::create(&temporary)?;
                file.write_all(text.as_bytes())?;
                file.sync_all()?;
                set_readable(&temporary)?;
                std::fs::rename(&temporary, path)
            })();
            if written.is_err() {
                let _ = std::fs::remove_file(&temporary);
            }
            written?;
        }
        None => match std::fs::remove_file(path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(e),
        },
    }
    std::fs::File::open(dir)?.sync_all()
}

/// fail2ban's own files are readable by everyone; so are BanGUI's.
#[cfg(unix)]
fn set_readable(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn set_readable(_path: &Path) -> std::io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_replaced_and_removed_whole() {
        let dir = std::env::temp_dir().join(format!("bangui-files-{}", std::process::id()));
        let path = dir.join("jail.d").join("bangui.local");
        assert_eq!(read(&path).unwrap(), None);
        put(&path, Some("[sshd]\nbantime = 60\n")).unwrap();
        put(&path, Some("[sshd]\nbantime = 120\n")).unwrap();
        assert_eq!(
            read(&path).unwrap().as_deref(),
            Some("[sshd]\nbantime = 120\n")
        );
        let left: Vec<_> = std::fs::read_dir(path.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(left, vec![std::ffi::OsString::from("bangui.local")]);
        put(&path, None).unwrap();
        put(&path, None).unwrap();
        assert_eq!(read(&path).unwrap(), None);
        std::fs::remove_dir_all(dir).unwrap();
    }
}
