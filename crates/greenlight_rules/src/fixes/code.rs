//! Fixes for code findings: a timeout for outbound HTTP calls,
//! `get_object_or_404` for unguarded lookups in views, `yaml.safe_load`, and a
//! parameterised query for an f-string SQL whose rewrite is provably the same.

use greenlight_core::python::PythonModule;
use ruff_python_ast::{self as ast, Expr, InterpolatedStringElement};
use ruff_text_size::Ranged;

use super::source;
use crate::finding::Edit;

/// The timeout `fix` adds, in seconds.
pub const DEFAULT_TIMEOUT: &str = "10";

/// `requests.get(url)` → `requests.get(url, timeout=10)`; `timeout=None` → `timeout=10`.
pub fn add_timeout(module: &PythonModule, call: &ast::ExprCall) -> Option<Edit> {
    let args = &call.arguments;
    if args.keywords.iter().any(|k| k.arg.is_none()) || args.args.iter().any(Expr::is_starred_expr) {
        return None;
    }
    let path = &module.rel_path;
    if let Some(k) = args.keywords.iter().find(|k| k.arg.as_ref().is_some_and(|a| a.as_str() == "timeout")) {
        return Some(Edit::replace(path, k.value.start().to_usize(), k.value.end().to_usize(), DEFAULT_TIMEOUT));
    }
    let last = args.args.iter().map(|a| a.range()).chain(args.keywords.iter().map(|k| k.range())).max_by_key(|r| r.end());
    let Some(last) = last else {
        return Some(Edit::insert(path, args.end().to_usize() - 1, format!("timeout={DEFAULT_TIMEOUT}")));
    };
    let (end, close) = (last.end().to_usize(), args.end().to_usize() - 1);
    let between = &module.text[end..close];
    let code = between.split('#').next().unwrap_or("");
    Some(match code.find(',') {
        // A trailing comma: the new argument goes after it, on its own line when the call is split over lines.
        Some(comma) if between.contains('\n') => {
            let indent = source::indentation(&module.text, last.start().to_usize());
            Edit::insert(path, end + comma + 1, format!("\n{indent}timeout={DEFAULT_TIMEOUT},"))
        }
        Some(comma) => Edit::insert(path, end + comma + 1, format!(" timeout={DEFAULT_TIMEOUT}")),
        None => Edit::insert(path, end, format!(", timeout={DEFAULT_TIMEOUT}")),
    })
}

/// `Model.objects.get(...)` → `get_object_or_404(Model, ...)` (a queryset
/// or another manager is passed as it is), with the import added.
pub fn get_object_or_404(module: &PythonModule, call: &ast::ExprCall) -> Option<Vec<Edit>> {
    let Expr::Attribute(get) = call.func.as_ref() else { return None };
    let args = &call.arguments;
    if args.is_empty() || args.keywords.iter().any(|k| k.arg.is_none()) || args.args.iter().any(Expr::is_starred_expr) {
        return None;
    }
    let source = match get.value.as_ref() {
        Expr::Attribute(manager) if manager.attr.as_str() == "objects" => manager.value.as_ref(),
        other => other,
    };
    let inner = &module.text[args.start().to_usize() + 1..args.end().to_usize() - 1];
    let replacement = format!("get_object_or_404({}, {})", module.slice(source.range()), inner.trim_start());
    let mut edits: Vec<Edit> = source::ensure_import_from(module, "django.shortcuts", "get_object_or_404").into_iter().collect();
    edits.push(Edit::replace(&module.rel_path, call.start().to_usize(), call.end().to_usize(), replacement));
    Some(edits)
}

/// `yaml.load(x)` / `yaml.load_all(x)` with no Loader → `yaml.safe_load(x)` / `yaml.safe_load_all(x)`.
pub fn yaml_safe_load(module: &PythonModule, call: &ast::ExprCall) -> Option<Edit> {
    let Expr::Attribute(attr) = call.func.as_ref() else { return None };
    let function = attr.attr.as_str();
    if !matches!(function, "load" | "load_all") || call.arguments.args.len() != 1 || !call.arguments.keywords.is_empty() {
        return None;
    }
    if call.arguments.args[0].is_starred_expr() {
        return None;
    }
    Some(Edit::replace(&module.rel_path, attr.attr.start().to_usize(), attr.attr.end().to_usize(), format!("safe_{function}")))
}

/// `cursor.execute(f"… = {x} …")` → `cursor.execute("… = %s …", [x])`, only
/// when that is provably the same query for the values it worked with: the
/// SQL is an f-string written in the call, the call has no parameters yet,
/// every placeholder is a plain name or attribute with no conversion or format
/// spec, stands where a value goes (after a comparison operator, LIKE, LIMIT
/// or OFFSET), outside any SQL quotes, and the SQL has no `%` or `{{ }}`
/// (which would mean something else once parameters are passed).
pub fn parameterised_sql(module: &PythonModule, call: &ast::ExprCall) -> Option<Edit> {
    let args = &call.arguments;
    if args.args.len() != 1 || !args.keywords.is_empty() {
        return None;
    }
    let Expr::FString(fstring) = &args.args[0] else { return None };
    let range = fstring.range();
    let base = range.start().to_usize();
    let original = module.slice(range);
    // The SQL text seen so far (literal parts only) decides quotes and positions.
    let mut sql = String::new();
    let mut values: Vec<&str> = Vec::new();
    // (start, end, replacement) inside `original`.
    let mut cuts: Vec<(usize, usize, String)> = Vec::new();
    let mut pending_placeholder = false;
    for part in fstring.value.iter() {
        match part {
            ast::FStringPart::Literal(lit) => {
                let text: &str = &lit.value;
                if text.contains('%') || (pending_placeholder && !follows_value(text)) {
                    return None;
                }
                pending_placeholder = false;
                sql.push_str(text);
            }
            ast::FStringPart::FString(f) => {
                let part_source = module.slice(f.range());
                let prefix_len = part_source.find(['\'', '"'])?;
                let prefix = &part_source[..prefix_len];
                if prefix.to_ascii_lowercase().contains('r') {
                    return None;
                }
                let f_at = prefix.find(['f', 'F'])?;
                let part_start = f.start().to_usize() - base;
                cuts.push((part_start + f_at, part_start + f_at + 1, String::new()));
                for element in f.elements.iter() {
                    match element {
                        InterpolatedStringElement::Literal(lit) => {
                            let raw = module.slice(lit.range());
                            if lit.value.contains('%') || raw.contains("{{") || raw.contains("}}") {
                                return None;
                            }
                            if pending_placeholder && !follows_value(&lit.value) {
                                return None;
                            }
                            pending_placeholder = false;
                            sql.push_str(&lit.value);
                        }
                        InterpolatedStringElement::Interpolation(i) => {
                            let plain = is_plain_reference(&i.expression);
                            if !plain || i.debug_text.is_some() || i.conversion != ast::ConversionFlag::None || i.format_spec.is_some() {
                                return None;
                            }
                            if pending_placeholder || inside_quotes(&sql) || !precedes_value(&sql) {
                                return None;
                            }
                            pending_placeholder = true;
                            values.push(module.slice(i.expression.range()));
                            cuts.push((i.start().to_usize() - base, i.end().to_usize() - base, "%s".to_owned()));
                        }
                    }
                }
            }
        }
    }
    if values.is_empty() {
        return None;
    }
    let mut rewritten = String::with_capacity(original.len());
    let mut at = 0;
    cuts.sort_by_key(|c| c.0);
    for (start, end, with) in cuts {
        rewritten.push_str(&original[at..start]);
        rewritten.push_str(&with);
        at = end;
    }
    rewritten.push_str(&original[at..]);
    let replacement = format!("{rewritten}, [{}]", values.join(", "));
    Some(Edit::replace(&module.rel_path, base, range.end().to_usize(), replacement))
}

fn is_plain_reference(expr: &Expr) -> bool {
    match expr {
        Expr::Name(_) => true,
        Expr::Attribute(a) => is_plain_reference(&a.value),
        _ => false,
    }
}

/// An odd number of `'` or `"` in the SQL so far: the placeholder is inside a literal.
fn inside_quotes(sql: &str) -> bool {
    sql.matches('\'').count() % 2 == 1 || sql.matches('"').count() % 2 == 1
}

/// The SQL before a placeholder ends where a value goes.
fn precedes_value(sql: &str) -> bool {
    let trimmed = sql.trim_end();
    if trimmed.len() == sql.len() && !(trimmed.ends_with('=') || trimmed.ends_with('<') || trimmed.ends_with('>')) {
        // `= {x}` needs no space, but `id{x}` is an identifier being built.
        return false;
    }
    if ["=", "<", ">"].iter().any(|op| trimmed.ends_with(op)) {
        return true;
    }
    let last_word = trimmed.rsplit(|c: char| !c.is_ascii_alphanumeric() && c != '_').next().unwrap_or("");
    ["like", "limit", "offset"].contains(&last_word.to_ascii_lowercase().as_str())
}

/// The SQL after a placeholder continues with a separator, not more of a token.
fn follows_value(text: &str) -> bool {
    text.is_empty() || text.starts_with(|c: char| c.is_whitespace() || c == ')' || c == ',' || c == ';')
}
