//! Values the settings evaluator computes: the Python values a settings module
//! builds, or `Unknown` with the reason static evaluation stopped.

use std::fmt;

/// A cast applied to an environment string, as python-decouple and
/// django-environ spell them.
#[derive(Debug, Clone, PartialEq)]
pub enum Cast {
    Bool,
    Int,
    Float,
    Str,
    List,
    Tuple,
    /// decouple's `Csv(...)`: split on a delimiter, strip, drop empty items.
    Csv { delimiter: String, item: Box<Cast>, tuple: bool },
    /// A cast greenlight does not model (a lambda, a project function).
    Opaque(String),
}

/// Things a settings module holds that are not data: modules, functions and the
/// environment readers greenlight understands.
#[derive(Debug, Clone, PartialEq)]
pub enum Object {
    /// An imported module, by dotted name (`os`, `decouple`, `sentry_sdk`).
    Module(String),
    /// A callable known by dotted name (`os.getenv`, `decouple.config`, `bool`).
    Function(String),
    /// `os.environ`.
    Environ,
    /// A django-environ `Env(...)` instance with its scheme: name → (cast, default).
    EnvReader(Vec<(String, Option<Cast>, Option<Value>)>),
    /// A cast object (decouple's `Csv()`), passed as `cast=`.
    Cast(Cast),
    /// `value.method`, waiting to be called.
    Method(Box<Value>, String),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    None,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    List(Vec<Value>),
    Tuple(Vec<Value>),
    Dict(Vec<(Value, Value)>),
    Object(Object),
    Unknown(String),
}

impl Value {
    pub fn unknown(reason: impl Into<String>) -> Value {
        Value::Unknown(reason.into())
    }

    pub fn is_known(&self) -> bool {
        !matches!(self, Value::Unknown(_))
    }

    /// Python truthiness; `None` when it cannot be known.
    pub fn truthy(&self) -> Option<bool> {
        Some(match self {
            Value::None => false,
            Value::Bool(b) => *b,
            Value::Int(i) => *i != 0,
            Value::Float(f) => *f != 0.0,
            Value::Str(s) => !s.is_empty(),
            Value::List(items) | Value::Tuple(items) => !items.is_empty(),
            Value::Dict(items) => !items.is_empty(),
            Value::Object(_) => true,
            Value::Unknown(_) => return None,
        })
    }

    /// Python `==`; `None` when either side is unknown.
    pub fn py_eq(&self, other: &Value) -> Option<bool> {
        use Value::*;
        Some(match (self, other) {
            (Unknown(_), _) | (_, Unknown(_)) => return Option::None,
            (None, None) => true,
            (Bool(_) | Int(_) | Float(_), Bool(_) | Int(_) | Float(_)) => self.as_f64() == other.as_f64(),
            (Str(a), Str(b)) => a == b,
            (List(a), List(b)) | (Tuple(a), Tuple(b)) => {
                if a.len() != b.len() {
                    return Some(false);
                }
                for (x, y) in a.iter().zip(b) {
                    if !x.py_eq(y)? {
                        return Some(false);
                    }
                }
                true
            }
            (Dict(a), Dict(b)) => {
                if a.len() != b.len() {
                    return Some(false);
                }
                for (k, v) in a {
                    match other.dict_get(k)? {
                        Some(w) if v.py_eq(w)? => {}
                        _ => return Some(false),
                    }
                }
                true
            }
            (Object(a), Object(b)) => a == b,
            _ => false,
        })
    }

    fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Bool(b) => Some(if *b { 1.0 } else { 0.0 }),
            Value::Int(i) => Some(*i as f64),
            Value::Float(f) => Some(*f),
            _ => Option::None,
        }
    }

    /// `key in self`; `None` when it cannot be known.
    pub fn contains(&self, key: &Value) -> Option<bool> {
        match self {
            Value::List(items) | Value::Tuple(items) => {
                let mut unsure = false;
                for item in items {
                    match item.py_eq(key) {
                        Some(true) => return Some(true),
                        Some(false) => {}
                        Option::None => unsure = true,
                    }
                }
                if unsure { Option::None } else { Some(false) }
            }
            Value::Dict(_) => self.dict_get(key).map(|v| v.is_some()),
            Value::Str(s) => match key {
                Value::Str(k) => Some(s.contains(k.as_str())),
                _ => Option::None,
            },
            _ => Option::None,
        }
    }

    /// `self[key]` for a dict; `Some(None)` when the key is certainly absent.
    pub fn dict_get(&self, key: &Value) -> Option<Option<&Value>> {
        let Value::Dict(items) = self else { return Option::None };
        let mut unsure = false;
        for (k, v) in items.iter().rev() {
            match k.py_eq(key) {
                Some(true) => return Some(Some(v)),
                Some(false) => {}
                Option::None => unsure = true,
            }
        }
        if unsure { Option::None } else { Some(Option::None) }
    }

    /// A string key lookup for dict settings such as `DATABASES['default']`.
    pub fn get_str(&self, key: &str) -> Option<&Value> {
        self.dict_get(&Value::Str(key.to_owned())).flatten()
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s),
            _ => Option::None,
        }
    }

    /// Items of a list or tuple.
    pub fn items(&self) -> Option<&[Value]> {
        match self {
            Value::List(items) | Value::Tuple(items) => Some(items),
            _ => Option::None,
        }
    }

    /// Python's `str(value)`, when known.
    pub fn py_str(&self) -> Option<String> {
        match self {
            Value::Str(s) => Some(s.clone()),
            Value::Unknown(_) | Value::Object(_) => Option::None,
            other => Some(other.to_string()),
        }
    }

    /// A JSON view: known data as JSON; unknown parts as `null` (the reason is
    /// reported beside the value).
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match self {
            Value::None => J::Null,
            Value::Bool(b) => J::Bool(*b),
            Value::Int(i) => J::from(*i),
            Value::Float(f) => serde_json::Number::from_f64(*f).map(J::Number).unwrap_or(J::Null),
            Value::Str(s) => J::String(s.clone()),
            Value::List(items) | Value::Tuple(items) => J::Array(items.iter().map(Value::to_json).collect()),
            Value::Dict(items) => J::Object(
                items.iter().map(|(k, v)| (k.py_str().unwrap_or_else(|| k.to_string()), v.to_json())).collect(),
            ),
            Value::Object(_) | Value::Unknown(_) => J::Null,
        }
    }

    /// The first reason anything inside this value is unknown.
    pub fn unknown_reason(&self) -> Option<&str> {
        match self {
            Value::Unknown(reason) => Some(reason),
            Value::List(items) | Value::Tuple(items) => items.iter().find_map(Value::unknown_reason),
            Value::Dict(items) => items.iter().find_map(|(k, v)| k.unknown_reason().or_else(|| v.unknown_reason())),
            _ => Option::None,
        }
    }
}

/// Python `repr`-like display, used in messages.
impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fn seq(f: &mut fmt::Formatter<'_>, items: &[Value], open: &str, close: &str) -> fmt::Result {
            f.write_str(open)?;
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    f.write_str(", ")?;
                }
                write!(f, "{item}")?;
            }
            if open == "(" && items.len() == 1 {
                f.write_str(",")?;
            }
            f.write_str(close)
        }
        match self {
            Value::None => f.write_str("None"),
            Value::Bool(true) => f.write_str("True"),
            Value::Bool(false) => f.write_str("False"),
            Value::Int(i) => write!(f, "{i}"),
            Value::Float(x) => write!(f, "{x:?}"),
            Value::Str(s) => write!(f, "'{}'", s.replace('\\', "\\\\").replace('\'', "\\'")),
            Value::List(items) => seq(f, items, "[", "]"),
            Value::Tuple(items) => seq(f, items, "(", ")"),
            Value::Dict(items) => {
                f.write_str("{")?;
                for (i, (k, v)) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{k}: {v}")?;
                }
                f.write_str("}")
            }
            Value::Object(Object::Module(m)) => write!(f, "<module {m}>"),
            Value::Object(_) => f.write_str("<object>"),
            Value::Unknown(_) => f.write_str("<unknown>"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truthiness_follows_python() {
        assert_eq!(Value::Str("False".into()).truthy(), Some(true));
        assert_eq!(Value::List(vec![Value::Str(String::new())]).truthy(), Some(true));
        assert_eq!(Value::Int(0).truthy(), Some(false));
        assert_eq!(Value::unknown("x").truthy(), None);
    }

    #[test]
    fn equality_and_membership() {
        assert_eq!(Value::Bool(true).py_eq(&Value::Int(1)), Some(true));
        assert_eq!(Value::Str("1".into()).py_eq(&Value::Int(1)), Some(false));
        let list = Value::List(vec![Value::Str("a".into()), Value::unknown("x")]);
        assert_eq!(list.contains(&Value::Str("a".into())), Some(true));
        assert_eq!(list.contains(&Value::Str("b".into())), None);
    }

    #[test]
    fn display_is_python_repr() {
        let v = Value::Tuple(vec![Value::Str("it's".into())]);
        assert_eq!(v.to_string(), "('it\\'s',)");
        assert_eq!(Value::List(vec![Value::Bool(true), Value::None]).to_string(), "[True, None]");
    }
}
