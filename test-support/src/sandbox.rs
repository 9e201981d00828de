//! A real fail2ban-server in a temporary directory, for tests and demos, started
//! by the project's `scripts/fail2ban-sandbox` (dummy actions: no firewall is
//! touched).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A running sandboxed fail2ban-server; stopped when dropped.
pub struct Sandbox {
    dir: tempfile::TempDir,
    script: PathBuf,
}

impl Sandbox {
    /// Starts fail2ban with the jails `sshd`, `nginx-http-auth` and `blocklist`.
    pub fn start() -> std::io::Result<Sandbox> {
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../scripts/fail2ban-sandbox");
        let dir = tempfile::Builder::new().prefix("bangui-f2b-").tempdir()?;
        let sandbox = Sandbox { dir, script };
        sandbox.run("start")?;
        Ok(sandbox)
    }

    fn run(&self, action: &str) -> std::io::Result<()> {
        let out = Command::new(&self.script)
            .arg(action)
            .arg(self.dir.path())
            .output()?;
        if out.status.success() {
            Ok(())
        } else {
            Err(std::io::Error::other(format!(
                "fail2ban-sandbox {action} failed: {}",
                String::from_utf8_lossy(&out.stderr)
            )))
        }
    }

    /// Starts the server again after [`Sandbox::stop`], with the configuration
    /// it had (BanGUI's files included).
    pub fn restart(&self) -> std::io::Result<()> {
        self.run("restart")
    }

    /// fail2ban's configuration directory.
    pub fn config_dir(&self) -> PathBuf {
        self.dir.path().join("etc")
    }

    /// Stops the server (the directory stays until drop).
    pub fn stop(&self) -> std::io::Result<()> {
        self.run("stop")
    }

    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    pub fn socket(&self) -> PathBuf {
        self.dir.path().join("fail2ban.sock")
    }

    pub fn db_file(&self) -> PathBuf {
        self.dir.path().join("fail2ban.sqlite3")
    }

    /// The settings that point BanGUI at this fail2ban: its socket, its
    /// database and its configuration directory.
    pub fn settings(&self) -> [(&'static str, String); 3] {
        [
            (
                "BANGUI_FAIL2BAN_SOCKET",
                self.socket().display().to_string(),
            ),
            ("BANGUI_FAIL2BAN_DB", self.db_file().display().to_string()),
            (
                "BANGUI_FAIL2BAN_CONFIG_DIR",
                self.dir().join("etc").display().to_string(),
            ),
        ]
    }

    /// Runs `fail2ban-client` against this server and returns its output.
    pub fn client(&self, args: &[&str]) -> std::io::Result<String> {
        let out = Command::new("fail2ban-client")
            .arg("-c")
            .arg(self.dir.path().join("etc"))
            .args(args)
            .output()?;
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    }

    /// Appends sshd "Failed password" lines for `ip`, as an attack would.
    pub fn fail_ssh_login(&self, ip: &str, times: usize) -> std::io::Result<()> {
        let mut log = std::fs::OpenOptions::new()
            .append(true)
            .open(self.dir.path().join("log/auth.log"))?;
        let stamp = chrono::Local::now().format("%b %e %H:%M:%S");
        for i in 0..times {
            writeln!(
                log,
                "{stamp} bastion sshd[{pid}]: Failed password for invalid user admin from {ip} port {port} ssh2",
                pid = 4000 + i,
                port = 40000 + i
            )?;
        }
        Ok(())
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        let _ = self.run("stop");
    }
}
