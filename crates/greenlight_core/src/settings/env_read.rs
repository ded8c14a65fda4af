//! Reading the environment the way settings modules do: `os.environ`,
//! `os.getenv`, python-decouple's `config(...)` and django-environ's `Env`.
//! Each follows its library's exact rules (which default is cast, which strings
//! are true), because "DEBUG is True unless DEBUG is set" depends on them.

use super::expr::Args;
use super::interp::{EnvRead, Exc, Frame, Interp};
use super::value::{Cast, Object, Value};

/// decouple's `Config._cast_boolean`: `''` is False, a bool stays itself,
/// other strings go through its `strtobool` table; anything else raises.
fn decouple_bool(value: &Value) -> Option<bool> {
    match value {
        Value::Bool(b) => Some(*b),
        Value::Str(text) => match text.to_lowercase().as_str() {
            "" | "n" | "no" | "f" | "false" | "off" | "0" => Some(false),
            "y" | "yes" | "t" | "true" | "on" | "1" => Some(true),
            _ => None,
        },
        _ => None,
    }
}

/// decouple's `Csv`: `shlex(value, posix=True)` with the delimiter as its only
/// whitespace, then each token stripped. Follows shlex's posix rules for quotes,
/// backslash escapes and `#` comments (to the end of the line); an unclosed
/// quote raises in Python and gives `None` here.
fn decouple_csv(text: &str, delimiter: &str) -> Option<Vec<String>> {
    let mut tokens = Vec::new();
    let mut token = String::new();
    let mut quoted = false;
    let mut chars = text.chars();
    let finish = |token: &mut String, quoted: &mut bool, tokens: &mut Vec<String>| {
        if !token.is_empty() || *quoted {
            tokens.push(token.trim().to_owned());
        }
        token.clear();
        *quoted = false;
    };
    while let Some(c) = chars.next() {
        if delimiter.contains(c) {
            finish(&mut token, &mut quoted, &mut tokens);
        } else if c == '#' {
            finish(&mut token, &mut quoted, &mut tokens);
            for skipped in chars.by_ref() {
                if skipped == '\n' {
                    break;
                }
            }
        } else if c == '\\' {
            token.push(chars.next()?);
        } else if c == '"' || c == '\'' {
            quoted = true;
            loop {
                match chars.next()? {
                    q if q == c => break,
                    '\\' if c == '"' => match chars.next()? {
                        escaped @ ('"' | '\\') => token.push(escaped),
                        other => {
                            token.push('\\');
                            token.push(other);
                        }
                    },
                    other => token.push(other),
                }
            }
        } else {
            token.push(c);
        }
    }
    finish(&mut token, &mut quoted, &mut tokens);
    Some(tokens)
}

/// django-environ's `Env.BOOLEAN_TRUE_STRINGS`.
const ENVIRON_TRUE: &[&str] = &["true", "on", "ok", "y", "yes", "1"];

impl<'a> Interp<'a> {
    pub(super) fn note_env_read(&mut self, f: &mut Frame<'a>, var: &str, present: bool, default: Option<Value>) {
        f.reads.push(EnvRead { var: var.to_owned(), present, default, line: f.stmt_line });
    }

    fn missing(&mut self, f: &mut Frame<'a>, var: &str, exc: Exc) -> Value {
        self.note_env_read(f, var, false, None);
        f.pending.get_or_insert(exc);
        Value::unknown(format!("environment variable {var} is required and not set in the profile"))
    }

    /// `os.environ['X']`.
    pub(super) fn env_required(&mut self, f: &mut Frame<'a>, var: &str) -> Value {
        match self.profile.get(var) {
            Some(value) => {
                self.note_env_read(f, var, true, None);
                Value::Str(value.to_owned())
            }
            None => self.missing(f, var, Exc::KeyError),
        }
    }

    /// `os.environ.get('X', default)` and `os.getenv('X', default)`.
    pub(super) fn env_get(&mut self, f: &mut Frame<'a>, args: &Args) -> Value {
        let Some(Value::Str(var)) = args.get(0, "key") else { return Value::unknown("environment read with a computed name") };
        let default = args.get(1, "default").cloned().unwrap_or(Value::None);
        match self.profile.get(var) {
            Some(value) => {
                let var = var.clone();
                self.note_env_read(f, &var, true, Some(default));
                Value::Str(value.to_owned())
            }
            None => {
                let var = var.clone();
                self.note_env_read(f, &var, false, Some(default.clone()));
                default
            }
        }
    }

    /// python-decouple `config(name, default=..., cast=...)`.
    pub(super) fn decouple_config(&mut self, f: &mut Frame<'a>, args: &Args) -> Value {
        let Some(Value::Str(var)) = args.get(0, "option") else { return Value::unknown("config() with a computed name") };
        let var = var.clone();
        let default = args.get(1, "default").cloned();
        let cast = match args.get(2, "cast") {
            None => None,
            Some(c) => match cast_of(c) {
                Some(cast) => Some(cast),
                None => {
                    self.note_env_read(f, &var, self.profile.get(&var).is_some(), default);
                    return Value::unknown(format!("{var} is cast by a function greenlight does not model"));
                }
            },
        };
        let raw = match self.profile.get(&var) {
            Some(value) => {
                self.note_env_read(f, &var, true, default);
                Value::Str(value.to_owned())
            }
            None => match default {
                Some(default) => {
                    self.note_env_read(f, &var, false, Some(default.clone()));
                    default
                }
                None => return self.missing(f, &var, Exc::UndefinedValueError),
            },
        };
        match cast {
            None => raw,
            Some(cast) => self.decouple_cast(f, &raw, &cast),
        }
    }

    fn decouple_cast(&mut self, f: &mut Frame<'a>, raw: &Value, cast: &Cast) -> Value {
        let result = match cast {
            Cast::Bool => decouple_bool(raw).map(Value::Bool),
            Cast::Csv { delimiter, item, tuple } => {
                let tokens = match raw {
                    Value::None => Some(Vec::new()),
                    Value::Str(text) => decouple_csv(text, delimiter),
                    _ => None,
                };
                tokens.map(|tokens| {
                    let items = tokens.into_iter().map(|t| self.decouple_cast(f, &Value::Str(t), item)).collect();
                    if *tuple { Value::Tuple(items) } else { Value::List(items) }
                })
            }
            other => return python_cast(raw, other).unwrap_or_else(|| {
                f.pending.get_or_insert(Exc::ValueError);
                Value::unknown(format!("{raw} cannot be cast"))
            }),
        };
        result.unwrap_or_else(|| {
            f.pending.get_or_insert(Exc::ValueError);
            Value::unknown(format!("{raw} is not a value decouple can cast"))
        })
    }

    /// django-environ `env(var, cast=None, default=NOTSET)` and `env.<cast>(var, default=...)`.
    pub(super) fn environ_get(
        &mut self,
        f: &mut Frame<'a>,
        scheme: &[(String, Option<Cast>, Option<Value>)],
        method: Option<&str>,
        args: &Args,
    ) -> Value {
        let Some(Value::Str(var)) = args.get(0, "var") else { return Value::unknown("env() with a computed name") };
        let var = var.clone();
        let mut cast = match method {
            None => match args.get(1, "cast") {
                Some(c) => match cast_of(c) {
                    Some(cast) => Some(cast),
                    None => return Value::unknown(format!("{var} is cast by a function greenlight does not model")),
                },
                None => None,
            },
            Some("bool") => Some(Cast::Bool),
            Some("int") => Some(Cast::Int),
            Some("float") => Some(Cast::Float),
            Some("str") => Some(Cast::Str),
            Some("list") => Some(Cast::List),
            Some("tuple") => Some(Cast::Tuple),
            Some(other) => {
                let present = self.profile.get(&var).is_some();
                self.note_env_read(f, &var, present, args.get(1, "default").cloned());
                return Value::unknown(format!("{var} is parsed by django-environ's env.{other}()"));
            }
        };
        let default_index = if method.is_none() { 2 } else { 1 };
        let mut default = args.get(default_index, "default").cloned();
        if let Some((_, scheme_cast, scheme_default)) = scheme.iter().find(|(name, _, _)| *name == var) {
            if cast.is_none() {
                cast = scheme_cast.clone();
            }
            if default.is_none() {
                default = scheme_default.clone();
            }
        }
        let parse_default = args.keyword("parse_default").and_then(Value::truthy).unwrap_or(false);
        let value = match self.profile.get(&var) {
            Some(text) => {
                self.note_env_read(f, &var, true, default.clone());
                Value::Str(text.to_owned())
            }
            None => match &default {
                Some(d) => {
                    self.note_env_read(f, &var, false, Some(d.clone()));
                    d.clone()
                }
                None => return self.missing(f, &var, Exc::ImproperlyConfigured),
            },
        };
        // A value starting with '$' is a reference to another variable.
        if let Value::Str(text) = &value {
            if let Some(target) = text.strip_prefix('$') {
                return self.environ_proxy(f, target.trim_start_matches('$'), &value);
            }
        }
        // smart_cast: with no cast, the default's type is the cast.
        if cast.is_none() {
            cast = match &default {
                Some(Value::Bool(_)) => Some(Cast::Bool),
                Some(Value::Int(_)) => Some(Cast::Int),
                Some(Value::Float(_)) => Some(Cast::Float),
                Some(Value::Str(_)) => Some(Cast::Str),
                Some(Value::List(_)) => Some(Cast::List),
                Some(Value::Tuple(_)) => Some(Cast::Tuple),
                _ => None,
            };
        }
        let value = match (&default, &value) {
            (Some(Value::None), Value::Str(s)) if s.is_empty() => Value::None,
            _ => value,
        };
        let differs = match &default {
            Some(d) => match value.py_eq(d) {
                Some(same) => !same,
                None => return Value::unknown(format!("{var}'s default could not be evaluated")),
            },
            None => true,
        };
        if !(differs || (parse_default && value != Value::None)) {
            return value;
        }
        match cast {
            None => value,
            Some(cast) => environ_parse(&value, &cast).unwrap_or_else(|| {
                f.pending.get_or_insert(Exc::ValueError);
                Value::unknown(format!("{value} cannot be cast by django-environ"))
            }),
        }
    }
}

impl<'a> Interp<'a> {
    /// django-environ's proxied values: `$NAME` reads the variable NAME. When it
    /// is unset the default is read again, which recurses without end when the
    /// default is a `$` value too (Python's RecursionError at start-up).
    fn environ_proxy(&mut self, f: &mut Frame<'a>, target: &str, original: &Value) -> Value {
        match self.profile.get(target) {
            Some(text) if !text.starts_with('$') => {
                self.note_env_read(f, target, true, None);
                Value::Str(text.to_owned())
            }
            _ => Value::unknown(format!(
                "{original} starts with '$', which django-environ reads as a reference to another variable ({target})"
            )),
        }
    }
}

/// A `cast=` argument as a [`Cast`]; `None` for casts greenlight does not model.
pub(super) fn cast_of(value: &Value) -> Option<Cast> {
    match value {
        Value::Object(Object::Function(name)) => match name.as_str() {
            "bool" => Some(Cast::Bool),
            "int" => Some(Cast::Int),
            "float" => Some(Cast::Float),
            "str" => Some(Cast::Str),
            "list" => Some(Cast::List),
            "tuple" => Some(Cast::Tuple),
            _ => None,
        },
        Value::Object(Object::Cast(cast)) => Some(cast.clone()),
        // django-environ's `[str]` means "list of str".
        Value::List(items) if items.len() == 1 => cast_of(&items[0]).map(|_| Cast::List),
        Value::Tuple(items) if items.len() == 2 => cast_of(&items[0]),
        _ => None,
    }
}

/// Python's `int(x)`, `str(x)`, `float(x)`, `bool(x)`, `list(x)`, `tuple(x)`.
pub(super) fn python_cast(value: &Value, cast: &Cast) -> Option<Value> {
    Some(match (cast, value) {
        (_, Value::Unknown(_)) => return Some(value.clone()),
        (Cast::Bool, v) => Value::Bool(v.truthy()?),
        (Cast::Str, v) => Value::Str(v.py_str()?),
        (Cast::Int, Value::Int(i)) => Value::Int(*i),
        (Cast::Int, Value::Bool(b)) => Value::Int(*b as i64),
        (Cast::Int, Value::Float(x)) => Value::Int(x.trunc() as i64),
        (Cast::Int, Value::Str(s)) => Value::Int(s.trim().replace('_', "").parse().ok()?),
        (Cast::Float, Value::Int(i)) => Value::Float(*i as f64),
        (Cast::Float, Value::Float(x)) => Value::Float(*x),
        (Cast::Float, Value::Str(s)) => Value::Float(s.trim().parse().ok()?),
        (Cast::List, Value::List(items) | Value::Tuple(items)) => Value::List(items.clone()),
        (Cast::Tuple, Value::List(items) | Value::Tuple(items)) => Value::Tuple(items.clone()),
        (Cast::List, Value::Str(s)) => Value::List(s.chars().map(|c| Value::Str(c.to_string())).collect()),
        (Cast::Tuple, Value::Str(s)) => Value::Tuple(s.chars().map(|c| Value::Str(c.to_string())).collect()),
        _ => return None,
    })
}

/// django-environ's `Env.parse_value`.
fn environ_parse(value: &Value, cast: &Cast) -> Option<Value> {
    match cast {
        Cast::Bool => match value {
            Value::Str(s) => Some(Value::Bool(match s.trim().parse::<i64>() {
                Ok(i) => i != 0,
                Err(_) => ENVIRON_TRUE.contains(&s.to_lowercase().trim()),
            })),
            other => python_cast(other, &Cast::Int).map(|i| Value::Bool(i != Value::Int(0))),
        },
        Cast::List => {
            let text = value.as_str()?;
            Some(Value::List(text.split(',').filter(|x| !x.is_empty()).map(|x| Value::Str(x.to_owned())).collect()))
        }
        Cast::Tuple => {
            let text = value.as_str()?.trim_start_matches('(').trim_end_matches(')');
            Some(Value::Tuple(text.split(',').filter(|x| !x.is_empty()).map(|x| Value::Str(x.to_owned())).collect()))
        }
        Cast::Float => {
            let cleaned: String = value.as_str()?.chars().filter(|c| c.is_ascii_digit() || matches!(c, ',' | '.' | '-')).collect();
            let parts: Vec<&str> = cleaned.split([',', '.']).collect();
            let text = match parts.as_slice() {
                [one] => one.to_string(),
                [init @ .., last] => format!("{}.{last}", init.concat()),
                [] => return None,
            };
            text.parse().ok().map(Value::Float)
        }
        other => python_cast(value, other),
    }
}

#[cfg(test)]
mod tests {
    use super::decouple_csv;

    /// Expected values printed by python-decouple 3.8's `Csv()(value)`.
    #[test]
    fn csv_follows_shlex() {
        let cases: &[(&str, &[&str])] = &[
            ("a, ,b", &["a", "", "b"]),
            (" a , b ", &["a", "b"]),
            ("a,,b", &["a", "b"]),
            ("", &[]),
            (",", &[]),
            ("a#b,c", &["a"]),
            ("\"a,b\",c", &["a,b", "c"]),
            ("k#1,x\ny,z", &["k", "y", "z"]),
            ("''", &[""]),
        ];
        for (input, expected) in cases {
            assert_eq!(decouple_csv(input, ",").unwrap(), expected.to_vec(), "{input:?}");
        }
        assert_eq!(decouple_csv("'open", ","), None);
    }
}
