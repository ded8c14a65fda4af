//! Statement execution and module loading for the settings evaluator.
//!
//! Python semantics are followed where settings modules rely on them
//! (star imports copy public names, a module runs once, `try/except ImportError`
//! falls back when a module is absent, the first matching `except` runs). Where
//! the value depends on something greenlight cannot know, the names involved
//! become `Unknown` with a reason; nothing is guessed.

use std::collections::HashMap;

use ruff_python_ast::{self as ast, Expr, Stmt};
use ruff_text_size::Ranged;

use super::namespace::{Binding, EnvSource, Namespace, Origin};
use super::value::{Object, Value};
use super::{EnvVarUse, EvaluatedSettings, Setting};
use crate::notes::Note;
use crate::profile::Profile;
use crate::python::PythonModule;

/// What the project holds under a dotted module name.
pub enum ModuleLookup<'a> {
    /// A parsed module of the project.
    Found(&'a PythonModule),
    /// Part of the project but unreadable or unparsable, with the reason.
    Broken(String),
    /// Inside one of the project's packages, but no such file: importing it
    /// raises `ImportError` (a gitignored `local.py` is absent in production).
    Absent,
    /// Not the project's: a third-party or standard-library module.
    External,
}

/// The project's Python modules, as the evaluator needs them.
pub trait ModuleSource: Sync {
    fn lookup(&self, dotted: &str) -> ModuleLookup<'_>;
    /// Whether the dotted name is a package (`__init__.py`), for relative imports.
    fn is_package(&self, dotted: &str) -> bool;
}

/// An exception the settings code raises under the profile.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Exc {
    ImportError,
    KeyError,
    ValueError,
    UndefinedValueError,
    ImproperlyConfigured,
    Other(String),
    /// A `return` inside a settings function: control flow, never caught.
    Return,
}

impl Exc {
    fn named(name: &str) -> Exc {
        match name {
            "ImportError" | "ModuleNotFoundError" => Exc::ImportError,
            "KeyError" | "LookupError" => Exc::KeyError,
            "ValueError" => Exc::ValueError,
            "UndefinedValueError" => Exc::UndefinedValueError,
            "ImproperlyConfigured" => Exc::ImproperlyConfigured,
            other => Exc::Other(other.to_owned()),
        }
    }

    /// Whether an `except <handler>` clause catches this exception.
    fn caught_by(&self, handler: &Exc) -> bool {
        if *self == Exc::Return {
            return false;
        }
        match handler {
            Exc::Other(name) if name == "Exception" || name == "BaseException" => true,
            // decouple's UndefinedValueError subclasses Exception only; ImproperlyConfigured too.
            other => other == self,
        }
    }
}

#[derive(Debug, Clone)]
pub(super) struct Raise {
    pub exc: Exc,
    pub line: u32,
}

/// One environment read inside the statement being executed.
#[derive(Debug, Clone)]
pub(super) struct EnvRead {
    pub var: String,
    pub present: bool,
    pub default: Option<Value>,
    pub line: u32,
}

/// The state of one executing module.
pub(super) struct Frame<'m> {
    pub module: &'m PythonModule,
    pub name: String,
    pub package: String,
    pub ns: Namespace,
    /// Exceptions caught by the enclosing `try` blocks, innermost last.
    pub catching: Vec<Vec<Option<Exc>>>,
    /// An exception an expression raised (a missing required variable).
    pub pending: Option<Exc>,
    /// Environment reads of the current statement.
    pub reads: Vec<EnvRead>,
    /// Line of the statement being executed (of the outermost call while a
    /// settings function runs, so its environment reads point at the caller).
    pub stmt_line: u32,
    pub depth: usize,
    /// How many settings functions are running.
    pub call_depth: usize,
    /// The value of the last `return`.
    pub returned: Option<Value>,
}

impl Frame<'_> {
    fn catches(&self, exc: &Exc) -> bool {
        self.catching.iter().flatten().any(|h| h.as_ref().is_none_or(|h| exc.caught_by(h)))
    }

    pub fn line(&self, node: &impl Ranged) -> u32 {
        self.module.line(node.start())
    }

    fn origin(&self, line: u32) -> Origin {
        self.origin_of(line, None)
    }

    /// Provenance of `value` set at `line`: the environment read whose default
    /// became the value, else the last read (the outermost call, as in
    /// `config('A', default=config('B'))`).
    fn origin_of(&self, line: u32, value: Option<&Value>) -> Origin {
        let read = value
            .and_then(|v| self.reads.iter().rev().find(|r| !r.present && r.default.as_ref() == Some(v)))
            .or_else(|| self.reads.last());
        let env = read.map(|r| EnvSource { var: r.var.clone(), present: r.present, default: r.default.clone() });
        Origin { path: self.module.rel_path.clone(), line, env }
    }
}

pub(super) struct Interp<'a> {
    pub source: &'a dyn ModuleSource,
    pub profile: &'a Profile,
    pub(super) finished: HashMap<String, Namespace>,
    stack: Vec<String>,
    pub files: Vec<String>,
    pub notes: Vec<Note>,
    pub env_uses: Vec<EnvVarUse>,
    /// Functions defined in the project's settings modules, by dotted name.
    pub functions: HashMap<String, (&'a ast::StmtFunctionDef, &'a PythonModule, String)>,
}

/// Evaluates the settings module `module` under `profile`.
pub fn evaluate_settings<'a>(source: &'a dyn ModuleSource, module: &str, profile: &'a Profile) -> EvaluatedSettings {
    let mut interp = Interp {
        source,
        profile,
        finished: HashMap::new(),
        stack: Vec::new(),
        files: Vec::new(),
        notes: Vec::new(),
        env_uses: Vec::new(),
        functions: HashMap::new(),
    };
    let path = match source.lookup(module) {
        ModuleLookup::Found(m) => m.rel_path.clone(),
        _ => String::new(),
    };
    let ns = interp.run_module(module).unwrap_or_default();
    let values = ns
        .vars
        .into_iter()
        .filter(|(name, _)| is_setting_name(name))
        .map(|(name, b)| (name.clone(), Setting { name, value: b.value, origin: b.origin }))
        .collect();
    let mut env_vars = interp.env_uses;
    env_vars.sort_by(|a, b| (&a.name, &a.path, a.line).cmp(&(&b.name, &b.path, b.line)));
    env_vars.dedup_by(|a, b| a.name == b.name && a.path == b.path && a.line == b.line);
    EvaluatedSettings { module: module.to_owned(), path, values, env_vars, notes: interp.notes, files: interp.files }
}

/// Django reads only upper-case names from a settings module.
fn is_setting_name(name: &str) -> bool {
    name.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && name.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
}

impl<'a> Interp<'a> {
    /// Executes a project module once and returns its namespace.
    fn run_module(&mut self, dotted: &str) -> Option<Namespace> {
        if let Some(ns) = self.finished.get(dotted) {
            return Some(ns.clone());
        }
        let module = match self.source.lookup(dotted) {
            ModuleLookup::Found(m) => m,
            ModuleLookup::Broken(why) => {
                self.notes.push(Note::new(dotted.replace('.', "/") + ".py", format!("settings module {dotted} could not be evaluated: {why}")));
                return None;
            }
            _ => return None,
        };
        if self.stack.iter().any(|m| m == dotted) {
            self.notes.push(Note::new(module.rel_path.clone(), format!("circular import of {dotted}; names it defines later are not seen")));
            return Some(Namespace::default());
        }
        self.stack.push(dotted.to_owned());
        self.files.push(module.rel_path.clone());
        let package = if self.source.is_package(dotted) {
            dotted.to_owned()
        } else {
            dotted.rsplit_once('.').map(|(p, _)| p.to_owned()).unwrap_or_default()
        };
        let mut frame = Frame {
            module,
            name: dotted.to_owned(),
            package,
            ns: Namespace::default(),
            catching: Vec::new(),
            pending: None,
            reads: Vec::new(),
            stmt_line: 1,
            depth: 0,
            call_depth: 0,
            returned: None,
        };
        if let Err(raise) = self.exec_block(&mut frame, &module.ast().body) {
            self.notes.push(Note::new(
                module.rel_path.clone(),
                format!("{dotted} raises {:?} at line {} under this profile; later settings were not evaluated", raise.exc, raise.line),
            ));
        }
        self.stack.pop();
        self.finished.insert(dotted.to_owned(), frame.ns.clone());
        Some(frame.ns)
    }

    pub(super) fn exec_block(&mut self, f: &mut Frame<'a>, body: &'a [Stmt]) -> Result<(), Raise> {
        for stmt in body {
            self.exec_stmt(f, stmt)?;
        }
        Ok(())
    }

    fn exec_stmt(&mut self, f: &mut Frame<'a>, stmt: &'a Stmt) -> Result<(), Raise> {
        let in_function = f.call_depth > 0;
        if !in_function {
            f.reads.clear();
            f.pending = None;
        }
        let line = f.line(stmt);
        if !in_function {
            f.stmt_line = line;
        }
        match stmt {
            Stmt::Assign(s) => {
                let value = self.eval(f, &s.value);
                self.raise_if_caught(f, line)?;
                let single = match s.targets.as_slice() {
                    [Expr::Name(n)] => Some(n.id.to_string()),
                    _ => None,
                };
                self.record_env_uses(f, single);
                let origin = f.origin_of(line, Some(&value));
                for target in &s.targets {
                    self.assign(f, target, value.clone(), &origin);
                }
            }
            Stmt::AnnAssign(s) => {
                if let Some(value_expr) = &s.value {
                    let value = self.eval(f, value_expr);
                    self.raise_if_caught(f, line)?;
                    self.record_env_uses(f, target_name(&s.target));
                    let origin = f.origin(line);
                    self.assign(f, &s.target, value, &origin);
                }
            }
            Stmt::AugAssign(s) => {
                let current = self.eval(f, &s.target);
                let rhs = self.eval(f, &s.value);
                self.raise_if_caught(f, line)?;
                let value = self.binop(&current, s.op, &rhs);
                self.record_env_uses(f, target_name(&s.target));
                let origin = f.origin(line);
                self.assign(f, &s.target, value, &origin);
            }
            Stmt::Expr(s) => {
                self.exec_expr_stmt(f, &s.value, line);
                self.raise_if_caught(f, line)?;
                self.record_env_uses(f, None);
            }
            Stmt::If(s) => return self.exec_if(f, &s.test, &s.body, &s.elif_else_clauses, line),
            Stmt::Try(s) => return self.exec_try(f, s),
            Stmt::With(s) => {
                for item in &s.items {
                    self.eval(f, &item.context_expr);
                    if let Some(var) = &item.optional_vars {
                        let origin = f.origin(line);
                        self.assign(f, var, Value::unknown("bound by a with statement"), &origin);
                    }
                }
                return self.exec_block(f, &s.body);
            }
            Stmt::For(s) => return self.exec_for(f, s, line),
            Stmt::While(s) => self.havoc(f, &s.body, line, "assigned in a while loop"),
            Stmt::Match(s) => {
                for case in &s.cases {
                    self.havoc(f, &case.body, line, "assigned in a match statement");
                }
            }
            Stmt::FunctionDef(s) => {
                let origin = f.origin(line);
                let key = format!("{}.{}", f.name, s.name);
                self.functions.insert(key.clone(), (s, f.module, f.name.clone()));
                f.ns.set(&s.name, Value::Object(Object::Function(key)), origin);
            }
            Stmt::Return(s) => {
                let value = s.value.as_deref().map(|v| self.eval(f, v)).unwrap_or(Value::None);
                f.returned = Some(value);
                return Err(Raise { exc: Exc::Return, line });
            }
            Stmt::ClassDef(s) => {
                let origin = f.origin(line);
                f.ns.set(&s.name, Value::unknown(format!("class {} defined in the settings", s.name)), origin);
            }
            Stmt::Delete(s) => {
                for target in &s.targets {
                    if let Expr::Name(n) = target {
                        f.ns.vars.remove(n.id.as_str());
                    }
                }
            }
            Stmt::Import(s) => return self.exec_import(f, s, line),
            Stmt::ImportFrom(s) => return self.exec_import_from(f, s, line),
            Stmt::Raise(s) => {
                let exc = s.exc.as_deref().map(exception_name).map(|n| Exc::named(&n)).unwrap_or(Exc::Other("re-raise".into()));
                return Err(Raise { exc, line });
            }
            _ => {}
        }
        Ok(())
    }

    /// Turns a pending exception into control flow when an enclosing `try` catches it.
    fn raise_if_caught(&self, f: &mut Frame<'a>, line: u32) -> Result<(), Raise> {
        match f.pending.take() {
            Some(exc) if f.catches(&exc) => Err(Raise { exc, line }),
            _ => Ok(()),
        }
    }

    fn record_env_uses(&mut self, f: &Frame, setting: Option<String>) {
        if f.call_depth > 0 {
            // Inside a settings function: the caller's statement records them.
            return;
        }
        for read in &f.reads {
            self.env_uses.push(EnvVarUse {
                name: read.var.clone(),
                path: f.module.rel_path.clone(),
                line: read.line,
                default: read.default.clone(),
                setting: setting.clone().filter(|s| is_setting_name(s)),
                in_profile: read.present,
                profile_value: self.profile.get(&read.var).map(str::to_owned),
            });
        }
    }

    /// Binds `value` to an assignment target.
    fn assign(&mut self, f: &mut Frame<'a>, target: &Expr, value: Value, origin: &Origin) {
        match target {
            Expr::Name(n) => f.ns.set(&n.id, value, origin.clone()),
            Expr::Tuple(ast::ExprTuple { elts, .. }) | Expr::List(ast::ExprList { elts, .. }) => {
                let items = value.items().filter(|items| items.len() == elts.len()).map(<[Value]>::to_vec);
                for (i, elt) in elts.iter().enumerate() {
                    let item = match &items {
                        Some(items) => items[i].clone(),
                        None => Value::unknown("unpacked from a value greenlight could not evaluate"),
                    };
                    self.assign(f, elt, item, origin);
                }
            }
            Expr::Subscript(_) => {
                let Some((name, keys)) = self.subscript_path(f, target) else { return };
                if let Some(binding) = f.ns.vars.get_mut(&name) {
                    set_nested(&mut binding.value, &keys, value);
                }
            }
            _ => {}
        }
    }

    /// `NAME[k1][k2]` → ("NAME", [k1, k2]): the binding and the keys an
    /// assignment or an in-place method call changes.
    pub(super) fn subscript_path(&mut self, f: &mut Frame<'a>, expr: &Expr) -> Option<(String, Vec<Value>)> {
        match expr {
            Expr::Name(n) => Some((n.id.to_string(), Vec::new())),
            Expr::Subscript(s) => {
                let (name, mut keys) = self.subscript_path(f, &s.value)?;
                keys.push(self.eval(f, &s.slice));
                Some((name, keys))
            }
            _ => None,
        }
    }

    fn exec_if(
        &mut self,
        f: &mut Frame<'a>,
        test: &'a Expr,
        body: &'a [Stmt],
        rest: &'a [ast::ElifElseClause],
        line: u32,
    ) -> Result<(), Raise> {
        let condition = self.eval(f, test);
        self.raise_if_caught(f, line)?;
        match condition.truthy() {
            Some(true) => self.exec_block(f, body),
            Some(false) => self.exec_else(f, rest),
            None => {
                let reason = format!(
                    "depends on `{}` ({}:{line}), which greenlight could not evaluate",
                    f.module.slice(test.range()),
                    f.module.rel_path
                );
                let before = f.ns.clone();
                let then = self.exec_block(f, body);
                let then_returned = f.returned.take();
                let then_ns = std::mem::replace(&mut f.ns, before);
                let other = self.exec_else(f, rest);
                let else_returned = f.returned.take();
                let else_ns = std::mem::take(&mut f.ns);
                let returns = |r: &Result<(), Raise>| matches!(r, Err(Raise { exc: Exc::Return, .. }));
                if returns(&then) || returns(&other) {
                    // Inside a settings function: the result depends on the condition
                    // unless both branches return the same value.
                    f.ns = Namespace::merge(then_ns, else_ns, &reason, &f.origin(line));
                    f.returned = match (then_returned, else_returned) {
                        (Some(a), Some(b)) if returns(&then) && returns(&other) && a == b => Some(a),
                        _ => Some(Value::unknown(reason)),
                    };
                    return Err(Raise { exc: Exc::Return, line });
                }
                // A branch that raises stops the process at start-up: production
                // can only be running the other one.
                match (then, other) {
                    (Ok(()), Ok(())) => f.ns = Namespace::merge(then_ns, else_ns, &reason, &f.origin(line)),
                    (Ok(()), Err(_)) => f.ns = then_ns,
                    (Err(_), Ok(())) => f.ns = else_ns,
                    (Err(raise), Err(_)) => {
                        f.ns = then_ns;
                        return Err(raise);
                    }
                }
                Ok(())
            }
        }
    }

    fn exec_else(&mut self, f: &mut Frame<'a>, clauses: &'a [ast::ElifElseClause]) -> Result<(), Raise> {
        let Some((first, rest)) = clauses.split_first() else { return Ok(()) };
        match &first.test {
            Some(test) => self.exec_if(f, test, &first.body, rest, f.line(first)),
            None => self.exec_block(f, &first.body),
        }
    }

    fn exec_try(&mut self, f: &mut Frame<'a>, s: &'a ast::StmtTry) -> Result<(), Raise> {
        let handlers: Vec<(&ast::ExceptHandlerExceptHandler, Vec<Option<Exc>>)> = s
            .handlers
            .iter()
            .map(|h| {
                let ast::ExceptHandler::ExceptHandler(h) = h;
                (h, handler_kinds(h.type_.as_deref()))
            })
            .collect();
        f.catching.push(handlers.iter().flat_map(|(_, kinds)| kinds.clone()).collect());
        let result = self.exec_block(f, &s.body);
        f.catching.pop();
        let outcome = match result {
            Ok(()) => self.exec_block(f, &s.orelse),
            Err(raise) => {
                let handler = handlers
                    .iter()
                    .find(|(_, kinds)| kinds.iter().any(|k| k.as_ref().is_none_or(|k| raise.exc.caught_by(k))));
                match handler {
                    Some((h, _)) => {
                        if let Some(name) = &h.name {
                            let origin = f.origin(raise.line);
                            f.ns.set(name, Value::unknown("the caught exception"), origin);
                        }
                        self.exec_block(f, &h.body)
                    }
                    None => Err(raise),
                }
            }
        };
        self.exec_block(f, &s.finalbody)?;
        outcome
    }

    fn exec_for(&mut self, f: &mut Frame<'a>, s: &'a ast::StmtFor, line: u32) -> Result<(), Raise> {
        let iterable = self.eval(f, &s.iter);
        let items = match &iterable {
            Value::List(items) | Value::Tuple(items) if items.len() <= 1000 && !breaks(&s.body) => items.clone(),
            Value::Dict(items) if items.len() <= 1000 && !breaks(&s.body) => items.iter().map(|(k, _)| k.clone()).collect(),
            _ => {
                self.havoc(f, &s.body, line, "assigned in a loop greenlight could not unroll");
                return Ok(());
            }
        };
        for item in items {
            let origin = f.origin(line);
            self.assign(f, &s.target, item, &origin);
            self.exec_block(f, &s.body)?;
        }
        self.exec_block(f, &s.orelse)
    }

    /// Marks every name a block may assign or mutate as unknown.
    fn havoc(&mut self, f: &mut Frame<'a>, body: &[Stmt], line: u32, reason: &str) {
        let mut names = Vec::new();
        collect_assigned(body, &mut names);
        for name in names {
            let origin = f.origin(line);
            f.ns.set(&name, Value::unknown(format!("{reason} ({}:{line})", f.module.rel_path)), origin);
        }
    }

    fn exec_import(&mut self, f: &mut Frame<'a>, s: &ast::StmtImport, line: u32) -> Result<(), Raise> {
        for alias in &s.names {
            let full = alias.name.as_str();
            if matches!(self.source.lookup(full), ModuleLookup::Absent) {
                self.import_failed(f, full, line)?;
                continue;
            }
            let origin = f.origin(line);
            match &alias.asname {
                Some(asname) => f.ns.set(asname, Value::Object(Object::Module(full.to_owned())), origin),
                None => {
                    let top = full.split('.').next().unwrap_or(full);
                    f.ns.set(top, Value::Object(Object::Module(top.to_owned())), origin);
                }
            }
        }
        Ok(())
    }

    fn exec_import_from(&mut self, f: &mut Frame<'a>, s: &ast::StmtImportFrom, line: u32) -> Result<(), Raise> {
        let Some(full) = resolve_module(&f.package, s.module.as_ref().map(|m| m.as_str()), s.level) else {
            return Ok(());
        };
        let origin = f.origin(line);
        match self.source.lookup(&full) {
            ModuleLookup::Absent => self.import_failed(f, &full, line)?,
            ModuleLookup::External => {
                for alias in &s.names {
                    if alias.name.as_str() == "*" {
                        continue;
                    }
                    let value = external_name(&full, alias.name.as_str());
                    let bound = alias.asname.as_ref().unwrap_or(&alias.name);
                    f.ns.set(bound, value, origin.clone());
                }
            }
            ModuleLookup::Found(_) | ModuleLookup::Broken(_) => {
                let imported = self.run_module(&full).unwrap_or_default();
                for alias in &s.names {
                    let name = alias.name.as_str();
                    if name == "*" {
                        for (n, binding) in imported.public() {
                            f.ns.vars.insert(n.clone(), binding.clone());
                        }
                        continue;
                    }
                    let bound = alias.asname.as_ref().unwrap_or(&alias.name);
                    let binding = match imported.get(name) {
                        Some(binding) => binding.clone(),
                        None => Binding {
                            value: Value::unknown(format!("{name} imported from {full}")),
                            origin: origin.clone(),
                        },
                    };
                    f.ns.vars.insert(bound.to_string(), binding);
                }
            }
        }
        Ok(())
    }

    /// An import of a project module that does not exist raises ImportError;
    /// outside a `try` that catches it, Python would stop — greenlight notes it and goes on.
    fn import_failed(&mut self, f: &mut Frame<'a>, module: &str, line: u32) -> Result<(), Raise> {
        if f.catches(&Exc::ImportError) {
            return Err(Raise { exc: Exc::ImportError, line });
        }
        self.notes.push(Note::new(
            f.module.rel_path.clone(),
            format!("line {line}: imports {module}, which is not in the project (gitignored or missing); the import would fail"),
        ));
        Ok(())
    }
}

/// Resolves `from <level dots><module> import …` against the importing package.
fn resolve_module(package: &str, module: Option<&str>, level: u32) -> Option<String> {
    if level == 0 {
        return module.map(str::to_owned);
    }
    let mut parts: Vec<&str> = if package.is_empty() { Vec::new() } else { package.split('.').collect() };
    for _ in 1..level {
        parts.pop()?;
    }
    if let Some(m) = module {
        parts.push(m);
    }
    (!parts.is_empty()).then(|| parts.join("."))
}

/// What `from <external module> import <name>` binds.
fn external_name(module: &str, name: &str) -> Value {
    let full = format!("{module}.{name}");
    match full.as_str() {
        "os.environ" => Value::Object(Object::Environ),
        "os.path" => Value::Object(Object::Module(full)),
        _ if super::builtins::is_known_function(&full) => Value::Object(Object::Function(full)),
        _ => Value::unknown(format!("{name} imported from {module}")),
    }
}

fn target_name(target: &Expr) -> Option<String> {
    match target {
        Expr::Name(n) => Some(n.id.to_string()),
        _ => None,
    }
}

fn exception_name(expr: &Expr) -> String {
    match expr {
        Expr::Call(call) => exception_name(&call.func),
        Expr::Name(n) => n.id.to_string(),
        Expr::Attribute(a) => a.attr.to_string(),
        _ => String::new(),
    }
}

/// The exceptions an `except` clause names; `None` stands for a bare `except:`.
fn handler_kinds(type_: Option<&Expr>) -> Vec<Option<Exc>> {
    match type_ {
        None => vec![None],
        Some(Expr::Tuple(t)) => t.elts.iter().map(|e| Some(Exc::named(&exception_name(e)))).collect(),
        Some(e) => vec![Some(Exc::named(&exception_name(e)))],
    }
}

fn set_nested(target: &mut Value, keys: &[Value], value: Value) {
    let Some((key, rest)) = keys.split_first() else {
        *target = value;
        return;
    };
    match target {
        Value::Dict(items) => {
            if let Some((_, slot)) = items.iter_mut().rev().find(|(k, _)| k.py_eq(key) == Some(true)) {
                set_nested(slot, rest, value);
            } else if rest.is_empty() && key.is_known() {
                items.push((key.clone(), value));
            } else {
                *target = Value::unknown("a nested key greenlight could not resolve was assigned");
            }
        }
        Value::List(items) => match key {
            Value::Int(i) if (*i as usize) < items.len() && *i >= 0 => set_nested(&mut items[*i as usize], rest, value),
            _ => *target = Value::unknown("an item greenlight could not resolve was assigned"),
        },
        _ => {}
    }
}

fn breaks(body: &[Stmt]) -> bool {
    body.iter().any(|s| match s {
        Stmt::Break(_) | Stmt::Continue(_) => true,
        Stmt::If(i) => breaks(&i.body) || i.elif_else_clauses.iter().any(|c| breaks(&c.body)),
        Stmt::Try(t) => breaks(&t.body),
        Stmt::With(w) => breaks(&w.body),
        _ => false,
    })
}

/// Names a block assigns, or mutates through a method call.
fn collect_assigned(body: &[Stmt], out: &mut Vec<String>) {
    fn target(expr: &Expr, out: &mut Vec<String>) {
        match expr {
            Expr::Name(n) => out.push(n.id.to_string()),
            Expr::Tuple(t) => t.elts.iter().for_each(|e| target(e, out)),
            Expr::List(l) => l.elts.iter().for_each(|e| target(e, out)),
            Expr::Subscript(s) => target(&s.value, out),
            _ => {}
        }
    }
    for stmt in body {
        match stmt {
            Stmt::Assign(s) => s.targets.iter().for_each(|t| target(t, out)),
            Stmt::AugAssign(s) => target(&s.target, out),
            Stmt::AnnAssign(s) => target(&s.target, out),
            Stmt::For(s) => {
                target(&s.target, out);
                collect_assigned(&s.body, out);
            }
            Stmt::While(s) => collect_assigned(&s.body, out),
            Stmt::If(s) => {
                collect_assigned(&s.body, out);
                s.elif_else_clauses.iter().for_each(|c| collect_assigned(&c.body, out));
            }
            Stmt::With(s) => collect_assigned(&s.body, out),
            Stmt::Try(s) => {
                collect_assigned(&s.body, out);
                collect_assigned(&s.orelse, out);
                collect_assigned(&s.finalbody, out);
            }
            Stmt::Expr(s) => {
                if let Expr::Call(call) = s.value.as_ref() {
                    if let Expr::Attribute(attr) = call.func.as_ref() {
                        target(&attr.value, out);
                    }
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::resolve_module;

    #[test]
    fn relative_imports_resolve_like_python() {
        assert_eq!(resolve_module("proj.settings", Some("base"), 1).as_deref(), Some("proj.settings.base"));
        assert_eq!(resolve_module("proj.settings", Some("x"), 2).as_deref(), Some("proj.x"));
        assert_eq!(resolve_module("proj.settings", None, 1).as_deref(), Some("proj.settings"));
        assert_eq!(resolve_module("", Some("base"), 1).as_deref(), Some("base"));
        assert_eq!(resolve_module("proj", Some("x"), 3), None);
        assert_eq!(resolve_module("", Some("os"), 0).as_deref(), Some("os"));
    }
}
