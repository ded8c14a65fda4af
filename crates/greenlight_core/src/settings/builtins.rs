//! Calls: the functions and methods settings modules use, evaluated with
//! Python's semantics, and the in-place list/dict mutations (`append`,
//! `insert`, `remove`, `update`, …) that build MIDDLEWARE and INSTALLED_APPS.

use ruff_python_ast::{self as ast, Expr};

use super::env_read::{cast_of, python_cast};
use super::expr::{truncate, Args};
use super::interp::{Exc, Frame, Interp, Raise};
use super::namespace::Origin;
use crate::python::PythonModule;
use super::value::{Cast, Object, Value};
use crate::notes::Note;

/// Dotted names of the functions the evaluator models.
const KNOWN_FUNCTIONS: &[&str] = &[
    "os.getenv",
    "os.environ.get",
    "decouple.config",
    "decouple.Csv",
    "decouple.Choices",
    "decouple.AutoConfig",
    "decouple.Config",
    "decouple.RepositoryEnv",
    "decouple.RepositoryIni",
    "environ.Env",
    "environ.FileAwareEnv",
    "environ.Env.read_env",
    "environ.Path",
    "pathlib.Path",
    "os.path.join",
    "os.path.dirname",
    "os.path.abspath",
];

/// Settings functions calling each other deeper than this are left unknown.
const MAX_CALL_DEPTH: usize = 8;

pub(super) fn is_known_function(name: &str) -> bool {
    KNOWN_FUNCTIONS.contains(&name)
}

impl<'a> Interp<'a> {
    pub(super) fn call(&mut self, f: &mut Frame<'a>, callee: Value, args: Args, line: u32) -> Value {
        match callee {
            Value::Object(Object::Function(name)) => self.call_function(f, &name, args, line),
            Value::Object(Object::Method(receiver, method)) => self.call_method(f, *receiver, &method, args),
            Value::Object(Object::EnvReader(scheme)) => self.environ_get(f, &scheme, None, &args),
            Value::Unknown(why) => Value::Unknown(why),
            other => Value::unknown(format!("call of {other}")),
        }
    }

    fn call_function(&mut self, f: &mut Frame<'a>, name: &str, args: Args, line: u32) -> Value {
        let first = args.positional.first();
        match name {
            "os.getenv" | "os.environ.get" => self.env_get(f, &args),
            "decouple.config" => self.decouple_config(f, &args),
            "decouple.AutoConfig" | "decouple.Config" => Value::Object(Object::Function("decouple.config".into())),
            "decouple.Csv" => {
                let item = args.get(0, "cast").map(|c| cast_of(c).unwrap_or(Cast::Opaque("Csv item cast".into()))).unwrap_or(Cast::Str);
                let delimiter = args.get(1, "delimiter").and_then(Value::as_str).unwrap_or(",").to_owned();
                let tuple = matches!(args.get(3, "post_process"), Some(Value::Object(Object::Function(p))) if p == "tuple");
                Value::Object(Object::Cast(Cast::Csv { delimiter, item: Box::new(item), tuple }))
            }
            "decouple.Choices" => Value::Object(Object::Cast(Cast::Opaque("Choices".into()))),
            "environ.Env" | "environ.FileAwareEnv" => Value::Object(Object::EnvReader(environ_scheme(&args))),
            "environ.Env.read_env" => {
                self.notes.push(Note::new(
                    f.module.rel_path.clone(),
                    format!("line {line}: environ.Env.read_env() loads a .env file at run time; greenlight evaluates the profile's variables only"),
                ));
                Value::None
            }
            "bool" => first.map(|v| python_cast(v, &Cast::Bool)).unwrap_or(Some(Value::Bool(false))).unwrap_or_else(|| unknown_call(name)),
            "str" => first.map(|v| python_cast(v, &Cast::Str)).unwrap_or(Some(Value::Str(String::new()))).unwrap_or_else(|| unknown_call(name)),
            "int" | "float" | "list" | "tuple" => {
                let cast = match name { "int" => Cast::Int, "float" => Cast::Float, "list" => Cast::List, _ => Cast::Tuple };
                match first {
                    None => python_cast(&Value::Int(0), &cast).unwrap_or(Value::List(Vec::new())),
                    Some(v) => python_cast(v, &cast).unwrap_or_else(|| {
                        f.pending.get_or_insert(super::interp::Exc::ValueError);
                        Value::unknown(format!("{name}({v}) fails"))
                    }),
                }
            }
            "len" => match first {
                Some(Value::Str(s)) => Value::Int(s.chars().count() as i64),
                Some(Value::List(i) | Value::Tuple(i)) => Value::Int(i.len() as i64),
                Some(Value::Dict(i)) => Value::Int(i.len() as i64),
                _ => unknown_call(name),
            },
            "dict" if args.positional.is_empty() => {
                Value::Dict(args.keywords.into_iter().map(|(k, v)| (Value::Str(k), v)).collect())
            }
            _ => match self.functions.get(name).cloned() {
                Some((def, module, module_name)) => self.call_user(f, name, def, module, &module_name, args),
                None => unknown_call(name),
            },
        }
    }

    /// Runs a function defined in the project's settings (`def envbool(name, default)`),
    /// with its parameters bound, in a copy of its module's namespace.
    fn call_user(
        &mut self,
        f: &mut Frame<'a>,
        name: &str,
        def: &'a ast::StmtFunctionDef,
        module: &'a PythonModule,
        module_name: &str,
        args: Args,
    ) -> Value {
        let params = &def.parameters;
        if f.call_depth >= MAX_CALL_DEPTH || def.is_async || !def.decorator_list.is_empty() || params.vararg.is_some() || params.kwarg.is_some() {
            return unknown_call(name);
        }
        let globals = if module_name == f.name { f.ns.clone() } else { self.finished.get(module_name).cloned().unwrap_or_default() };
        let positional: Vec<&ast::ParameterWithDefault> = params.posonlyargs.iter().chain(params.args.iter()).collect();
        if args.positional.len() > positional.len() {
            return unknown_call(name);
        }
        let saved_module = std::mem::replace(&mut f.module, module);
        let saved_ns = std::mem::replace(&mut f.ns, globals);
        let origin = Origin { path: module.rel_path.clone(), line: module.line(def.range.start()), env: None };
        for (index, param) in positional.iter().copied().chain(params.kwonlyargs.iter()).enumerate() {
            let param_name = param.parameter.name.as_str();
            let given = if index < positional.len() { args.positional.get(index) } else { None };
            let value = match given.or_else(|| args.keyword(param_name)) {
                Some(v) => v.clone(),
                None => match &param.default {
                    Some(default) => self.eval(f, default),
                    None => Value::unknown(format!("{name}() called without `{param_name}`")),
                },
            };
            f.ns.set(param_name, value, origin.clone());
        }
        f.call_depth += 1;
        f.returned = None;
        let result = self.exec_block(f, &def.body);
        f.call_depth -= 1;
        f.module = saved_module;
        f.ns = saved_ns;
        let returned = f.returned.take();
        match result {
            Ok(()) => Value::None,
            Err(Raise { exc: Exc::Return, .. }) => returned.unwrap_or(Value::None),
            Err(raise) => {
                f.pending.get_or_insert(raise.exc);
                Value::unknown(format!("{name}() raises at line {}", raise.line))
            }
        }
    }

    fn call_method(&mut self, f: &mut Frame<'a>, receiver: Value, method: &str, args: Args) -> Value {
        match (&receiver, method) {
            (Value::Object(Object::Environ), "get" | "setdefault") => self.env_get(f, &args),
            (Value::Object(Object::EnvReader(_)), "read_env") => self.call_function(f, "environ.Env.read_env", args, f.stmt_line),
            (Value::Object(Object::EnvReader(scheme)), _) => self.environ_get(f, scheme, Some(method), &args),
            (Value::Str(s), _) => string_method(s, method, &args).unwrap_or_else(|| unknown_call(method)),
            (Value::Dict(_), "get") => match args.positional.first() {
                Some(key) => match receiver.dict_get(key) {
                    Some(Some(v)) => v.clone(),
                    Some(None) => args.positional.get(1).cloned().unwrap_or(Value::None),
                    None => Value::unknown("dict lookup with an unknown key"),
                },
                None => unknown_call(method),
            },
            (Value::Dict(_) | Value::List(_), "copy") => receiver.clone(),
            (Value::List(items) | Value::Tuple(items), "count") => match args.positional.first() {
                Some(x) => items.iter().map(|i| i.py_eq(x)).try_fold(0, |n, eq| eq.map(|e| n + e as i64)).map(Value::Int).unwrap_or_else(|| unknown_call(method)),
                None => unknown_call(method),
            },
            _ => unknown_call(method),
        }
    }

    /// An expression statement: mutations of settings (`MIDDLEWARE.insert(0, …)`)
    /// change the binding; other calls are evaluated for their environment reads.
    pub(super) fn exec_expr_stmt(&mut self, f: &mut Frame<'a>, expr: &Expr, line: u32) {
        let Expr::Call(call) = expr else {
            self.eval(f, expr);
            return;
        };
        let Expr::Attribute(attr) = call.func.as_ref() else {
            self.eval(f, expr);
            return;
        };
        let method = attr.attr.as_str();
        if !matches!(method, "append" | "insert" | "extend" | "remove" | "update" | "setdefault" | "pop" | "clear") {
            self.eval(f, expr);
            return;
        }
        let Some((name, keys)) = self.subscript_path(f, &attr.value) else {
            self.eval(f, expr);
            return;
        };
        let args = self.eval_args(f, &call.arguments);
        let Some(binding) = f.ns.vars.get_mut(&name) else { return };
        let Some(target) = nested_mut(&mut binding.value, &keys) else { return };
        let text = truncate(f.module.slice(ruff_text_size::Ranged::range(call)));
        mutate(target, method, &args, &format!("`{text}` ({}:{line})", f.module.rel_path));
    }
}

fn unknown_call(name: &str) -> Value {
    Value::unknown(format!("result of calling {name}()"))
}

/// django-environ's `Env(NAME=(cast, default), OTHER=cast)` scheme.
fn environ_scheme(args: &Args) -> Vec<(String, Option<Cast>, Option<Value>)> {
    args.keywords
        .iter()
        .map(|(name, spec)| match spec {
            Value::Tuple(items) if items.len() == 2 => (name.clone(), cast_of(&items[0]), Some(items[1].clone())),
            other => (name.clone(), cast_of(other), None),
        })
        .collect()
}

fn nested_mut<'v>(value: &'v mut Value, keys: &[Value]) -> Option<&'v mut Value> {
    let Some((key, rest)) = keys.split_first() else { return Some(value) };
    let next = match value {
        Value::Dict(items) => items.iter_mut().rev().find(|(k, _)| k.py_eq(key) == Some(true)).map(|(_, v)| v)?,
        Value::List(items) => match key {
            Value::Int(i) if *i >= 0 => items.get_mut(*i as usize)?,
            _ => return None,
        },
        _ => return None,
    };
    nested_mut(next, rest)
}

/// Applies a list or dict method in place, or marks the value unknown when the
/// result cannot be known.
fn mutate(target: &mut Value, method: &str, args: &Args, what: &str) {
    let arg = |i: usize| args.positional.get(i).cloned();
    let unknown = |why: &str| Value::unknown(format!("{why} by {what}"));
    let result = match (&mut *target, method) {
        (Value::List(items), "append") => arg(0).map(|v| items.push(v)),
        (Value::List(items), "insert") => match (arg(0), arg(1)) {
            (Some(Value::Int(at)), Some(v)) => {
                let len = items.len() as i64;
                let at = if at < 0 { (len + at).max(0) } else { at.min(len) };
                items.insert(at as usize, v);
                Some(())
            }
            _ => None,
        },
        (Value::List(items), "extend") => match arg(0) {
            Some(Value::List(more) | Value::Tuple(more)) => {
                items.extend(more);
                Some(())
            }
            _ => None,
        },
        (Value::List(items), "remove") => match arg(0) {
            Some(v) => match items.iter().position(|i| i.py_eq(&v) == Some(true)) {
                Some(at) => {
                    items.remove(at);
                    Some(())
                }
                None if items.iter().all(|i| i.py_eq(&v).is_some()) => {
                    // Python raises ValueError here; the start-up would fail.
                    Some(())
                }
                None => None,
            },
            None => None,
        },
        (Value::List(items), "clear") => {
            items.clear();
            Some(())
        }
        (Value::Dict(items), "clear") => {
            items.clear();
            Some(())
        }
        (Value::Dict(items), "update") => match arg(0) {
            Some(Value::Dict(more)) => {
                for (k, v) in more {
                    items.retain(|(old, _)| old.py_eq(&k) != Some(true));
                    items.push((k, v));
                }
                for (k, v) in &args.keywords {
                    let key = Value::Str(k.clone());
                    items.retain(|(old, _)| old.py_eq(&key) != Some(true));
                    items.push((key, v.clone()));
                }
                Some(())
            }
            _ => None,
        },
        (Value::Dict(items), "setdefault") => match arg(0) {
            Some(k) if k.is_known() => {
                if !items.iter().any(|(old, _)| old.py_eq(&k) == Some(true)) {
                    items.push((k, arg(1).unwrap_or(Value::None)));
                }
                Some(())
            }
            _ => None,
        },
        (Value::Dict(items), "pop") => match arg(0) {
            Some(k) => {
                items.retain(|(old, _)| old.py_eq(&k) != Some(true));
                Some(())
            }
            None => None,
        },
        (Value::Tuple(_), _) => None,
        (Value::Unknown(_), _) => Some(()),
        _ => None,
    };
    if result.is_none() {
        *target = unknown("changed in a way greenlight could not follow");
    }
}

/// The `str` methods settings use on environment strings.
fn string_method(s: &str, method: &str, args: &Args) -> Option<Value> {
    let arg_str = |i: usize| args.positional.get(i).and_then(Value::as_str);
    Some(match method {
        "lower" | "casefold" => Value::Str(s.to_lowercase()),
        "upper" => Value::Str(s.to_uppercase()),
        "strip" | "lstrip" | "rstrip" => {
            let chars: Option<Vec<char>> = arg_str(0).map(|c| c.chars().collect());
            let pred = |c: char| match &chars {
                Some(set) => set.contains(&c),
                None => c.is_whitespace(),
            };
            Value::Str(match method {
                "strip" => s.trim_matches(pred),
                "lstrip" => s.trim_start_matches(pred),
                _ => s.trim_end_matches(pred),
            }.to_owned())
        }
        "split" => {
            let maxsplit = match args.get(1, "maxsplit") {
                Some(Value::Int(n)) if *n >= 0 => Some(*n as usize),
                _ => None,
            };
            let parts: Vec<Value> = match args.get(0, "sep") {
                None | Some(Value::None) => {
                    let words: Vec<&str> = s.split_whitespace().collect();
                    match maxsplit {
                        Some(_) => return None,
                        None => words.into_iter().map(|w| Value::Str(w.to_owned())).collect(),
                    }
                }
                Some(Value::Str(sep)) if !sep.is_empty() => match maxsplit {
                    Some(n) => s.splitn(n + 1, sep.as_str()).map(|p| Value::Str(p.to_owned())).collect(),
                    None => s.split(sep.as_str()).map(|p| Value::Str(p.to_owned())).collect(),
                },
                _ => return None,
            };
            Value::List(parts)
        }
        "startswith" => Value::Bool(s.starts_with(arg_str(0)?)),
        "endswith" => Value::Bool(s.ends_with(arg_str(0)?)),
        "replace" => Value::Str(s.replace(arg_str(0)?, arg_str(1)?)),
        "isdigit" => Value::Bool(!s.is_empty() && s.chars().all(|c| c.is_ascii_digit())),
        "title" | "capitalize" => return None,
        "join" => {
            let items = args.positional.first()?.items()?;
            let parts: Option<Vec<&str>> = items.iter().map(Value::as_str).collect();
            Value::Str(parts?.join(s))
        }
        _ => return None,
    })
}
