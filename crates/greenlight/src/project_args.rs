//! What the commands that read a project (audit, fix, scaffold) share: the
//! project flags, and opening the project's configuration and production
//! environment from them.

use std::path::PathBuf;

use clap::Args;
use greenlight_core::Profile;

use crate::config::{self, Config};
use crate::UserError;

/// The project and the production it is judged for.
#[derive(Debug, Clone, Args)]
pub struct ProjectArgs {
    /// The project directory (the one with manage.py).
    #[arg(default_value = ".")]
    pub path: PathBuf,

    /// The production settings module (e.g. `mysite.settings.production`); detected when omitted.
    #[arg(long, value_name = "MODULE")]
    pub settings: Option<String>,

    /// A production environment variable, KEY=VALUE (repeatable).
    #[arg(long = "env", value_name = "KEY=VALUE")]
    pub env: Vec<String>,

    /// A dotenv file with the production environment.
    #[arg(long, value_name = "FILE")]
    pub env_file: Option<PathBuf>,
}

/// A project directory's `[tool.greenlight]`, production environment and
/// settings module (`--settings`, else the configuration's).
pub struct Opened {
    pub config: Config,
    pub profile: Profile,
    pub settings_module: Option<String>,
}

impl ProjectArgs {
    /// Checks the directory and reads its configuration and production
    /// environment (with the shell's variables when `inherit_env`).
    pub fn open(&self, inherit_env: bool) -> Result<Opened, UserError> {
        if !self.path.is_dir() {
            return Err(UserError(format!("{} is not a directory; pass the directory that holds your Django project", self.path.display())));
        }
        let config = config::load(&self.path)?;
        let profile = self.build_profile(&config, inherit_env)?;
        let settings_module = self.settings.clone().or_else(|| config.settings.clone());
        Ok(Opened { config, profile, settings_module })
    }

    /// The production environment: `env` of the config, its `env-file`, then
    /// `--env-file`, then `--env` (later wins), and the shell only with `--inherit-env`.
    fn build_profile(&self, config: &Config, inherit_env: bool) -> Result<Profile, UserError> {
        let mut profile = Profile::new();
        for (name, value) in &config.env {
            profile.set(name.clone(), value.clone());
        }
        let config_env_file = config.env_file.as_ref().map(|f| self.path.join(f));
        for path in config_env_file.iter().chain(&self.env_file) {
            let text = std::fs::read_to_string(path).map_err(|e| UserError(format!("cannot read env file {}: {e}", path.display())))?;
            profile
                .load_env_file(&text)
                .map_err(|e| UserError(format!("{}: {e}; fix the file or pass variables with --env KEY=VALUE", path.display())))?;
        }
        for assignment in &self.env {
            profile.set_assignment(assignment).map_err(|e| UserError(format!("--env {e}; write it as --env KEY=VALUE")))?;
        }
        if inherit_env {
            profile.inherit_process_env();
        }
        Ok(profile)
    }
}
