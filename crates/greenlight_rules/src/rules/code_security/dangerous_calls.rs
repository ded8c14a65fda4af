//! Calls that run what they are given: `eval`/`exec` (SEC035), unpickling and
//! unsafe YAML (SEC036), shell commands (SEC037). Constant arguments are fine;
//! run-time ones are high, request data critical.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use ruff_python_ast::{self as ast, Expr};

use super::support::{self, finding_at};
use crate::analysis::visit::{argument, keyword};
use crate::analysis::{Function, PyFile};
use crate::checker::Checker;
use crate::finding::{Category, Finding, Fix, Severity};
use crate::rule::Rule;

pub static EVAL_EXEC: Rule = Rule {
    code: "SEC035",
    effort_minutes: 30,
    name: "eval-of-dynamic-input",
    category: Category::Security,
    severity: Severity::High,
    django_checks: &[],
    cwe: Some(95),
    summary: "`eval()` or `exec()` runs a string built at run time",
    doc: r#"## What it does
Reports the builtins `eval()` and `exec()` called with anything but a string literal.
Critical when the argument reads request data in the same function.

## Why is this bad?
Whatever reaches the string runs with the application's rights: database credentials,
`SECRET_KEY`, the file system. Sandboxing `eval` (empty `__builtins__`) is known not to work.

## Example
```python
result = eval(request.GET["expression"])
```

Use instead:
```python
result = ast.literal_eval(request.GET["expression"])  # literals only
```

## References
- [Python: ast.literal_eval](https://docs.python.org/3/library/ast.html#ast.literal_eval)
- [CWE-95: Eval Injection](https://cwe.mitre.org/data/definitions/95.html)
"#,
    check: check_eval,
};

pub static UNSAFE_DESERIALIZATION: Rule = Rule {
    code: "SEC036",
    effort_minutes: 30,
    name: "unsafe-deserialization",
    category: Category::Security,
    severity: Severity::High,
    django_checks: &[],
    cwe: Some(502),
    summary: "Data is unpickled, or YAML loaded with a loader that builds arbitrary objects",
    doc: r#"## What it does
Reports `pickle.load()`/`loads()` (and `cPickle`, `_pickle`, `dill`, `jsonpickle.decode`,
`pandas.read_pickle`), and `yaml.load()`/`load_all()` without `Loader=yaml.SafeLoader` (or
`CSafeLoader`/`BaseLoader`), `yaml.unsafe_load()` and `yaml.full_load()`. Critical when the data
read comes from the request in the same function.

## Why is this bad?
Unpickling runs code chosen by whoever wrote the bytes (`__reduce__`); so does YAML's full
loader through `!!python/object` tags. Data that crossed a trust boundary (a request, a cache or
queue others can write to, an uploaded file) becomes remote code execution.

## Example
```python
profile = pickle.loads(base64.b64decode(request.COOKIES["profile"]))
config = yaml.load(upload.read())
```

Use instead:
```python
profile = json.loads(signing.loads(request.COOKIES["profile"]))
config = yaml.safe_load(upload.read())
```

## References
- [Python: pickle security warning](https://docs.python.org/3/library/pickle.html)
- [PyYAML: yaml.load deprecation](https://github.com/yaml/pyyaml/wiki/PyYAML-yaml.load(input)-Deprecation)
- [CWE-502: Deserialization of Untrusted Data](https://cwe.mitre.org/data/definitions/502.html)
"#,
    check: check_deserialization,
};

pub static SHELL_INJECTION: Rule = Rule {
    code: "SEC037",
    effort_minutes: 30,
    name: "shell-command-built-at-run-time",
    category: Category::Security,
    severity: Severity::High,
    django_checks: &[],
    cwe: Some(78),
    summary: "A shell command built at run time is run with `shell=True`, `os.system` or `os.popen`",
    doc: r#"## What it does
Reports `subprocess.run/call/check_call/check_output/Popen(..., shell=True)`,
`subprocess.getoutput/getstatusoutput`, `os.system` and `os.popen` when the command is not a
string literal. Critical when it reads request data in the same function. Constant commands are
not reported.

## Why is this bad?
The shell interprets `;`, `|`, `$(...)` and backticks in the command. A file name or form value
containing them runs arbitrary commands on the server.

## Example
```python
subprocess.run(f"convert {upload.name} out.png", shell=True)
```

Use instead:
```python
subprocess.run(["convert", upload.name, "out.png"], check=True)
```

## References
- [Python: subprocess security considerations](https://docs.python.org/3/library/subprocess.html#security-considerations)
- [CWE-78: OS Command Injection](https://cwe.mitre.org/data/definitions/78.html)
"#,
    check: check_shell,
};

/// What a call's function knows of its locals: their values and which hold
/// request data, worked out (once, for all rules) only when a rule asks —
/// most calls are not the ones a rule looks for.
struct Locals<'f, 'a> {
    file: &'f PyFile<'a>,
    def: Option<&'a ast::StmtFunctionDef>,
}

impl<'f, 'a> Locals<'f, 'a> {
    fn function(&self) -> Option<&'f Function<'a>> {
        self.def.and_then(|def| self.file.function_of(def))
    }

    fn assignments(&self) -> &'f HashMap<&'a str, Vec<&'a Expr>> {
        static NONE: OnceLock<HashMap<&'static str, Vec<&'static Expr>>> = OnceLock::new();
        self.function().map_or_else(|| NONE.get_or_init(HashMap::new), support::assignments_of)
    }

    fn tainted(&self) -> &'f HashSet<String> {
        static NONE: OnceLock<HashSet<String>> = OnceLock::new();
        self.function().map_or_else(|| NONE.get_or_init(HashSet::new), support::tainted_of)
    }
}

/// Calls of application code with what their function knows of its locals.
fn for_each_call(checker: &Checker, mut f: impl FnMut(&PyFile, &ast::ExprCall, &Locals)) {
    for file in checker.application_files() {
        file.for_each_node(&mut |node, scope| {
            let crate::analysis::visit::Node::Call(call) = node else { return };
            if scope.debug_only {
                return;
            }
            let locals = Locals { file, def: scope.function };
            f(file, call, &locals);
        });
    }
}

/// A command or code string fixed in the source: literals, constants, and
/// locals only ever given such values (`cmd = "ls"`; `"kill %d" % int(pid)`).
fn is_fixed(expr: &Expr, locals: &Locals) -> bool {
    support::is_harmless(expr, locals.assignments(), &|e| matches!(e, Expr::List(l) if l.elts.iter().all(crate::analysis::visit::is_constant_string)))
}

fn severity_for(expr: &Expr, tainted: &HashSet<String>) -> (Severity, &'static str) {
    if support::reads_tainted(expr, tainted) {
        (Severity::Critical, " from the request")
    } else {
        (Severity::High, "")
    }
}

fn check_eval(checker: &Checker, out: &mut Vec<Finding>) {
    for_each_call(checker, |file, call, locals| {
        let Some(name) = file.callee(call) else { return };
        if !matches!(&*name, "eval" | "exec" | "builtins.eval" | "builtins.exec") || !matches!(call.func.as_ref(), Expr::Name(_) | Expr::Attribute(_)) {
            return;
        }
        let Some(code) = call.arguments.args.first() else { return };
        if is_fixed(code, locals) {
            return;
        }
        let (severity, origin) = severity_for(code, locals.tainted());
        let shown = file.module.slice(ruff_text_size::Ranged::range(code));
        let short = name.rsplit('.').next().unwrap_or(&name);
        let message = format!("`{short}({shown})` runs code built at run time{origin}; whoever controls it controls the server");
        out.push(finding_at(&EVAL_EXEC, file, call, message).with_severity(severity).with_fix(Fix::manual(
            "Parse data instead of running it (json, ast.literal_eval) or dispatch through a dict of allowed functions",
            Some("value = ast.literal_eval(text)"),
        )));
    });
}

const PICKLE_MODULES: &[&str] = &["pickle", "cPickle", "_pickle", "dill", "cloudpickle"];

fn deserializer_problem(file: &PyFile, call: &ast::ExprCall) -> Option<String> {
    let name = file.callee(call)?;
    let (module, function) = name.rsplit_once('.')?;
    if PICKLE_MODULES.contains(&module) && matches!(function, "loads" | "load" | "Unpickler") {
        return Some(format!("`{module}.{function}()` can run arbitrary code from the data it reads"));
    }
    if name == "jsonpickle.decode" || name == "pandas.read_pickle" {
        return Some(format!("`{name}()` unpickles, which can run arbitrary code from the data"));
    }
    if module != "yaml" {
        return None;
    }
    match function {
        "unsafe_load" | "full_load" | "unsafe_load_all" | "full_load_all" => Some(format!("`yaml.{function}()` can build arbitrary Python objects")),
        "load" | "load_all" => {
            let loader = argument(call, 1, "Loader");
            let safe = loader.and_then(|l| file.imports.qualified(l)).is_some_and(|l| {
                let last = l.rsplit('.').next().unwrap_or(&l);
                matches!(last, "SafeLoader" | "CSafeLoader" | "BaseLoader" | "CBaseLoader")
            });
            (!safe).then(|| format!("`yaml.{function}()` without `Loader=yaml.SafeLoader` can build arbitrary Python objects"))
        }
        _ => None,
    }
}

/// `yaml.load`/`yaml.load_all` called through the module (the only shape `fix` rewrites).
fn is_yaml_load(file: &PyFile, call: &ast::ExprCall) -> bool {
    file.callee(call).is_some_and(|q| q == "yaml.load" || q == "yaml.load_all")
        && matches!(call.func.as_ref(), Expr::Attribute(a) if matches!(a.value.as_ref(), Expr::Name(n) if n.id.as_str() == "yaml"))
}

fn check_deserialization(checker: &Checker, out: &mut Vec<Finding>) {
    for_each_call(checker, |file, call, locals| {
        let Some(problem) = deserializer_problem(file, call) else { return };
        let (severity, origin) = match call.arguments.args.first() {
            Some(data) => severity_for(data, locals.tainted()),
            None => (Severity::High, ""),
        };
        let origin = if origin.is_empty() { String::new() } else { ", and the data comes from the request".to_owned() };
        let message = format!("{problem}{origin}; use JSON or `yaml.safe_load` for data that crosses a trust boundary");
        out.push(finding_at(&UNSAFE_DESERIALIZATION, file, call, message).with_severity(severity).with_fix(Fix::manual(
            "Use a data-only format (json, yaml.safe_load); sign what must round-trip through clients (django.core.signing)",
            Some("data = yaml.safe_load(text)"),
        )
        .with_edits(crate::finding::Applicability::Safe, crate::fixes::code::yaml_safe_load(file.module, call).filter(|_| is_yaml_load(file, call)).map(|e| vec![e]))));
    });
}

const SHELL_TRUE_FUNCTIONS: &[&str] = &["subprocess.run", "subprocess.call", "subprocess.check_call", "subprocess.check_output", "subprocess.Popen"];
const ALWAYS_SHELL: &[&str] = &["os.system", "os.popen", "subprocess.getoutput", "subprocess.getstatusoutput", "commands.getoutput", "commands.getstatusoutput"];

fn check_shell(checker: &Checker, out: &mut Vec<Finding>) {
    for_each_call(checker, |file, call, locals| {
        let Some(name) = file.callee(call) else { return };
        let shell = if SHELL_TRUE_FUNCTIONS.contains(&&*name) {
            keyword(call, "shell").is_some_and(|s| !matches!(s, Expr::BooleanLiteral(b) if !b.value) && !matches!(s, Expr::NoneLiteral(_)))
        } else {
            ALWAYS_SHELL.contains(&&*name)
        };
        if !shell {
            return;
        }
        let Some(command) = argument(call, 0, "args").or_else(|| argument(call, 0, "cmd")).or_else(|| argument(call, 0, "command")) else { return };
        if is_fixed(command, locals) {
            return;
        }
        let (severity, origin) = severity_for(command, locals.tainted());
        let shown = file.module.slice(ruff_text_size::Ranged::range(command));
        let message = format!("`{name}` runs the shell command `{shown}`, built at run time{origin}; shell metacharacters in it run other commands");
        out.push(finding_at(&SHELL_INJECTION, file, call, message).with_severity(severity).with_fix(Fix::manual(
            "Pass the command as a list without shell=True (no shell parses it)",
            Some("subprocess.run([\"convert\", path, \"out.png\"], check=True)"),
        )));
    });
}
