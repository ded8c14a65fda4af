//! The settings evaluator: a small abstract interpreter over a Django settings
//! module and the modules it star-imports, run under a production [`Profile`].
//! Every setting gets a value (or `Unknown` with a reason) and its provenance:
//! the file and line that set it and, when it came from the environment, which
//! variable and which default.

mod builtins;
pub mod defaults;
mod env_read;
mod expr;
mod interp;
pub mod mask;
mod namespace;
pub mod value;

use std::collections::BTreeMap;

pub use interp::{evaluate_settings, ModuleLookup, ModuleSource};
pub use namespace::{EnvSource, Origin};
pub use value::{Cast, Object, Value};

use crate::notes::Note;

/// One evaluated setting.
#[derive(Debug, Clone)]
pub struct Setting {
    pub name: String,
    pub value: Value,
    pub origin: Origin,
}

/// Where the settings read an environment variable.
#[derive(Debug, Clone, PartialEq)]
pub struct EnvVarUse {
    pub name: String,
    pub path: String,
    pub line: u32,
    /// The default used when the variable is unset; `None` when it is required.
    pub default: Option<Value>,
    /// The setting assigned from it, when the read was part of an assignment.
    pub setting: Option<String>,
    /// Whether the profile gave it.
    pub in_profile: bool,
    /// The profile's value, for rules that must tell a read value from a literal.
    /// Internal: reports never print it.
    pub profile_value: Option<String>,
}

/// The settings module as production would see it.
#[derive(Debug, Clone, Default)]
pub struct EvaluatedSettings {
    /// Dotted module name, e.g. `mysite.settings.production`.
    pub module: String,
    /// Path of that module's file, relative to the project root.
    pub path: String,
    pub values: BTreeMap<String, Setting>,
    pub env_vars: Vec<EnvVarUse>,
    pub notes: Vec<Note>,
    /// Modules the evaluation executed, in order (the settings chain).
    pub files: Vec<String>,
}

impl EvaluatedSettings {
    pub fn get(&self, name: &str) -> Option<&Setting> {
        self.values.get(name)
    }

    /// The value production sees: the module's own, else Django's default.
    pub fn effective(&self, name: &str) -> Value {
        match self.values.get(name) {
            Some(setting) => setting.value.clone(),
            None => defaults::django_default(name),
        }
    }

    pub fn is_set(&self, name: &str) -> bool {
        self.values.contains_key(name)
    }
}
