//! A module's names while it executes, each with where its value came from.

use std::collections::HashMap;

use super::value::Value;

/// An environment variable a value was read from.
#[derive(Debug, Clone, PartialEq)]
pub struct EnvSource {
    pub var: String,
    /// Whether the profile set the variable (else the default, if any, was used).
    pub present: bool,
    /// The default written in the code; `None` when there is none.
    pub default: Option<Value>,
}

/// Provenance of a binding: the statement that last set it.
#[derive(Debug, Clone, PartialEq)]
pub struct Origin {
    pub path: String,
    pub line: u32,
    pub env: Option<EnvSource>,
}

#[derive(Debug, Clone)]
pub struct Binding {
    pub value: Value,
    pub origin: Origin,
}

#[derive(Debug, Clone, Default)]
pub struct Namespace {
    pub vars: HashMap<String, Binding>,
}

impl Namespace {
    pub fn get(&self, name: &str) -> Option<&Binding> {
        self.vars.get(name)
    }

    pub fn set(&mut self, name: &str, value: Value, origin: Origin) {
        self.vars.insert(name.to_owned(), Binding { value, origin });
    }

    /// Names `from module import *` copies: all not starting with `_`.
    pub fn public(&self) -> impl Iterator<Item = (&String, &Binding)> {
        self.vars.iter().filter(|(name, _)| !name.starts_with('_'))
    }

    /// Joins two branches of an `if` whose test is unknown: names the branches
    /// agree on keep their value, the others become unknown.
    pub fn merge(a: Namespace, b: Namespace, reason: &str, origin: &Origin) -> Namespace {
        let mut merged = Namespace::default();
        let names: std::collections::BTreeSet<&String> = a.vars.keys().chain(b.vars.keys()).collect();
        for name in names {
            let binding = match (a.vars.get(name), b.vars.get(name)) {
                // Unchanged by either branch (even an unknown value keeps its reason),
                // or set to equal values by both.
                (Some(x), Some(y)) if x.value == y.value || x.value.py_eq(&y.value) == Some(true) => x.clone(),
                (x, y) => {
                    let origin = x.or(y).map(|b| b.origin.clone()).unwrap_or_else(|| origin.clone());
                    Binding { value: Value::unknown(reason), origin: Origin { env: None, ..origin } }
                }
            };
            merged.vars.insert(name.clone(), binding);
        }
        merged
    }
}
