//! Expression evaluation for the settings evaluator.

use ruff_python_ast::{self as ast, CmpOp, Expr, Number, Operator, UnaryOp};
use ruff_text_size::Ranged;

use super::interp::{Frame, Interp};
use super::value::{Object, Value};

/// Deeper expressions than this are left unknown rather than risk the stack.
const MAX_DEPTH: usize = 150;

/// Call arguments, evaluated.
pub(super) struct Args {
    pub positional: Vec<Value>,
    pub keywords: Vec<(String, Value)>,
    /// `*args`/`**kwargs` were used: the call cannot be modelled.
    pub opaque: bool,
}

impl Args {
    /// The argument at `index`, or the keyword `name`.
    pub fn get(&self, index: usize, name: &str) -> Option<&Value> {
        self.keyword(name).or_else(|| self.positional.get(index))
    }

    pub fn keyword(&self, name: &str) -> Option<&Value> {
        self.keywords.iter().find(|(k, _)| k == name).map(|(_, v)| v)
    }
}

impl<'a> Interp<'a> {
    pub(super) fn eval(&mut self, f: &mut Frame<'a>, expr: &Expr) -> Value {
        if f.depth > MAX_DEPTH {
            return Value::unknown("expression nested too deeply to evaluate");
        }
        f.depth += 1;
        let value = self.eval_inner(f, expr);
        f.depth -= 1;
        value
    }

    fn eval_inner(&mut self, f: &mut Frame<'a>, expr: &Expr) -> Value {
        match expr {
            Expr::BooleanLiteral(b) => Value::Bool(b.value),
            Expr::NoneLiteral(_) => Value::None,
            Expr::NumberLiteral(n) => match &n.value {
                Number::Int(i) => i.as_i64().map(Value::Int).unwrap_or_else(|| Value::unknown("integer too large")),
                Number::Float(x) => Value::Float(*x),
                Number::Complex { .. } => Value::unknown("complex number"),
            },
            Expr::StringLiteral(s) => Value::Str(s.value.to_str().to_owned()),
            Expr::FString(fs) => self.eval_fstring(f, fs),
            Expr::Name(n) => self.lookup(f, n.id.as_str()),
            Expr::List(l) => self.eval_items(f, &l.elts).map(Value::List).unwrap_or_else(|u| u),
            Expr::Tuple(t) => self.eval_items(f, &t.elts).map(Value::Tuple).unwrap_or_else(|u| u),
            Expr::Set(s) => self.eval_items(f, &s.elts).map(Value::List).unwrap_or_else(|u| u),
            Expr::Dict(d) => self.eval_dict(f, d),
            Expr::Attribute(a) => {
                let base = self.eval(f, &a.value);
                attribute(base, a.attr.as_str())
            }
            Expr::Subscript(s) => {
                let base = self.eval(f, &s.value);
                if let Expr::Slice(slice) = s.slice.as_ref() {
                    return self.eval_slice(f, base, slice);
                }
                let key = self.eval(f, &s.slice);
                self.subscript(f, base, key, s)
            }
            Expr::Call(call) => {
                let callee = self.eval(f, &call.func);
                let args = self.eval_args(f, &call.arguments);
                if args.opaque {
                    return Value::unknown(format!("call with *args/**kwargs: `{}`", f.module.slice(call.range())));
                }
                let line = f.line(call);
                // Environment reads inside the call are located at the call's line.
                if f.call_depth > 0 {
                    return self.call(f, callee, args, line);
                }
                let statement_line = std::mem::replace(&mut f.stmt_line, line);
                let value = self.call(f, callee, args, line);
                f.stmt_line = statement_line;
                value
            }
            Expr::BinOp(b) => {
                let left = self.eval(f, &b.left);
                let right = self.eval(f, &b.right);
                self.binop(&left, b.op, &right)
            }
            Expr::UnaryOp(u) => {
                let operand = self.eval(f, &u.operand);
                match (u.op, &operand) {
                    (UnaryOp::Not, v) => v.truthy().map(|t| Value::Bool(!t)).unwrap_or(operand),
                    (UnaryOp::USub, Value::Int(i)) => Value::Int(-i),
                    (UnaryOp::USub, Value::Float(x)) => Value::Float(-x),
                    (UnaryOp::UAdd, Value::Int(_) | Value::Float(_)) => operand,
                    _ => Value::unknown("unary operation on an unknown value"),
                }
            }
            Expr::BoolOp(b) => self.eval_boolop(f, b),
            Expr::Compare(c) => self.eval_compare(f, c),
            Expr::If(i) => {
                let test = self.eval(f, &i.test);
                match test.truthy() {
                    Some(true) => self.eval(f, &i.body),
                    Some(false) => self.eval(f, &i.orelse),
                    None => {
                        let body = self.eval(f, &i.body);
                        let orelse = self.eval(f, &i.orelse);
                        if body.py_eq(&orelse) == Some(true) { body } else { test }
                    }
                }
            }
            Expr::ListComp(c) => self.eval_list_comp(f, c),
            Expr::Named(n) => {
                let value = self.eval(f, &n.value);
                if let Expr::Name(name) = n.target.as_ref() {
                    let origin = super::namespace::Origin { path: f.module.rel_path.clone(), line: f.line(n), env: None };
                    f.ns.set(&name.id, value.clone(), origin);
                }
                value
            }
            _ => Value::unknown(format!("`{}` is beyond what greenlight evaluates", truncate(f.module.slice(expr.range())))),
        }
    }

    fn lookup(&self, f: &Frame, name: &str) -> Value {
        if let Some(binding) = f.ns.get(name) {
            return binding.value.clone();
        }
        match name {
            "bool" | "int" | "str" | "float" | "list" | "tuple" | "len" | "dict" | "set" => {
                Value::Object(Object::Function(name.to_owned()))
            }
            "__file__" => Value::unknown("the settings file's path"),
            _ => Value::unknown(format!("`{name}` is not defined where it is used")),
        }
    }

    /// List/tuple items, expanding `*starred` known sequences.
    fn eval_items(&mut self, f: &mut Frame<'a>, elts: &[Expr]) -> Result<Vec<Value>, Value> {
        let mut items = Vec::with_capacity(elts.len());
        for elt in elts {
            if let Expr::Starred(s) = elt {
                match self.eval(f, &s.value) {
                    Value::List(inner) | Value::Tuple(inner) => items.extend(inner),
                    Value::Unknown(why) => return Err(Value::Unknown(why)),
                    _ => return Err(Value::unknown("unpacking of a non-sequence")),
                }
            } else {
                items.push(self.eval(f, elt));
            }
        }
        Ok(items)
    }

    fn eval_dict(&mut self, f: &mut Frame<'a>, d: &ast::ExprDict) -> Value {
        // Every key/value in order; a later equal key wins (and takes the later place).
        let mut pushes: Vec<(Value, Value)> = Vec::with_capacity(d.items.len());
        for item in &d.items {
            let value = self.eval(f, &item.value);
            match &item.key {
                Some(key) => {
                    let key = self.eval(f, key);
                    pushes.push((key, value));
                }
                None => match value {
                    Value::Dict(inner) => pushes.extend(inner),
                    other => return Value::unknown(format!("`**` of {other}")),
                },
            }
        }
        Value::Dict(last_of_each_key(pushes))
    }

    pub(super) fn eval_args(&mut self, f: &mut Frame<'a>, arguments: &ast::Arguments) -> Args {
        let mut args = Args { positional: Vec::new(), keywords: Vec::new(), opaque: false };
        for arg in arguments.args.iter() {
            if let Expr::Starred(_) = arg {
                args.opaque = true;
            } else {
                args.positional.push(self.eval(f, arg));
            }
        }
        for keyword in arguments.keywords.iter() {
            let value = self.eval(f, &keyword.value);
            match &keyword.arg {
                Some(name) => args.keywords.push((name.to_string(), value)),
                None => args.opaque = true,
            }
        }
        args
    }

    fn eval_fstring(&mut self, f: &mut Frame<'a>, fs: &ast::ExprFString) -> Value {
        let mut out = String::new();
        for part in fs.value.iter() {
            match part {
                ast::FStringPart::Literal(l) => out.push_str(&l.value),
                ast::FStringPart::FString(inner) => {
                    for element in inner.elements.iter() {
                        match element {
                            ast::InterpolatedStringElement::Literal(l) => out.push_str(&l.value),
                            ast::InterpolatedStringElement::Interpolation(i) => {
                                if i.format_spec.is_some() || i.conversion != ast::ConversionFlag::None {
                                    return Value::unknown("formatted f-string field");
                                }
                                match self.eval(f, &i.expression).py_str() {
                                    Some(text) => out.push_str(&text),
                                    None => return Value::unknown("f-string with an unknown field"),
                                }
                            }
                        }
                    }
                }
            }
        }
        Value::Str(out)
    }

    fn eval_boolop(&mut self, f: &mut Frame<'a>, b: &ast::ExprBoolOp) -> Value {
        let is_and = b.op == ast::BoolOp::And;
        let mut last = Value::None;
        for operand in &b.values {
            last = self.eval(f, operand);
            match last.truthy() {
                // `a and b` stops at the first falsy operand, `a or b` at the first truthy.
                Some(t) if t != is_and => return last,
                Some(_) => {}
                None => return Value::unknown(format!("`{}` depends on an unknown operand", truncate(f.module.slice(b.range())))),
            }
        }
        last
    }

    fn eval_compare(&mut self, f: &mut Frame<'a>, c: &ast::ExprCompare) -> Value {
        let mut left = self.eval(f, &c.left);
        for (op, right_expr) in c.ops.iter().zip(c.comparators.iter()) {
            let right = self.eval(f, right_expr);
            let result = match op {
                CmpOp::Eq => left.py_eq(&right),
                CmpOp::NotEq => left.py_eq(&right).map(|b| !b),
                CmpOp::In => self.contains(f, &right, &left),
                CmpOp::NotIn => self.contains(f, &right, &left).map(|b| !b),
                CmpOp::Is | CmpOp::IsNot => {
                    let same = match (&left, &right) {
                        (Value::None, Value::None) => Some(true),
                        (Value::Bool(a), Value::Bool(b)) => Some(a == b),
                        (Value::Unknown(_), _) | (_, Value::Unknown(_)) => None,
                        (Value::None, _) | (_, Value::None) | (Value::Bool(_), _) | (_, Value::Bool(_)) => Some(false),
                        _ => None,
                    };
                    if *op == CmpOp::Is { same } else { same.map(|b| !b) }
                }
                CmpOp::Lt | CmpOp::LtE | CmpOp::Gt | CmpOp::GtE => order(&left, &right).map(|o| match op {
                    CmpOp::Lt => o.is_lt(),
                    CmpOp::LtE => o.is_le(),
                    CmpOp::Gt => o.is_gt(),
                    _ => o.is_ge(),
                }),
            };
            match result {
                Some(true) => left = right,
                Some(false) => return Value::Bool(false),
                None => return Value::unknown(format!("`{}` compares an unknown value", truncate(f.module.slice(c.range())))),
            }
        }
        Value::Bool(true)
    }

    /// `needle in haystack`, where `os.environ` is a haystack too.
    fn contains(&mut self, f: &mut Frame<'a>, haystack: &Value, needle: &Value) -> Option<bool> {
        if let (Value::Object(Object::Environ), Value::Str(var)) = (haystack, needle) {
            let present = self.profile.get(var).is_some();
            self.note_env_read(f, var, present, Some(Value::None));
            return Some(present);
        }
        haystack.contains(needle)
    }

    fn eval_list_comp(&mut self, f: &mut Frame<'a>, c: &ast::ExprListComp) -> Value {
        let [generator] = c.generators.as_slice() else {
            return Value::unknown("nested comprehension");
        };
        let Expr::Name(var) = &generator.target else { return Value::unknown("comprehension with a complex target") };
        let items = match self.eval(f, &generator.iter) {
            Value::List(items) | Value::Tuple(items) => items,
            Value::Unknown(why) => return Value::Unknown(why),
            _ => return Value::unknown("comprehension over a non-sequence"),
        };
        let saved = f.ns.get(var.id.as_str()).cloned();
        let origin = super::namespace::Origin { path: f.module.rel_path.clone(), line: f.line(c), env: None };
        let mut out = Vec::new();
        let mut result = None;
        'items: for item in items {
            f.ns.set(&var.id, item, origin.clone());
            for condition in &generator.ifs {
                match self.eval(f, condition).truthy() {
                    Some(true) => {}
                    Some(false) => continue 'items,
                    None => {
                        result = Some(Value::unknown("comprehension filter on an unknown value"));
                        break 'items;
                    }
                }
            }
            out.push(self.eval(f, &c.elt));
        }
        match saved {
            Some(binding) => {
                f.ns.vars.insert(var.id.to_string(), binding);
            }
            None => {
                f.ns.vars.remove(var.id.as_str());
            }
        }
        result.unwrap_or(Value::List(out))
    }

    fn subscript(&mut self, f: &mut Frame<'a>, base: Value, key: Value, s: &ast::ExprSubscript) -> Value {
        match (&base, &key) {
            (Value::Object(Object::Environ), Value::Str(var)) => self.env_required(f, var),
            (Value::Dict(_), _) => match base.dict_get(&key) {
                Some(Some(v)) => v.clone(),
                Some(None) => {
                    f.pending = Some(super::interp::Exc::KeyError);
                    Value::unknown(format!("key {key} is not in the dict"))
                }
                None => Value::unknown("lookup with an unknown key"),
            },
            (Value::List(items) | Value::Tuple(items), Value::Int(i)) => {
                let index = if *i < 0 { items.len() as i64 + i } else { *i };
                items.get(index as usize).filter(|_| index >= 0).cloned().unwrap_or_else(|| Value::unknown("index out of range"))
            }
            (Value::Str(text), Value::Int(i)) => {
                let chars: Vec<char> = text.chars().collect();
                let index = if *i < 0 { chars.len() as i64 + i } else { *i };
                chars.get(index as usize).filter(|_| index >= 0).map(|c| Value::Str(c.to_string())).unwrap_or_else(|| Value::unknown("index out of range"))
            }
            _ => Value::unknown(format!("`{}` could not be evaluated", truncate(f.module.slice(s.range())))),
        }
    }

    /// `seq[lower:upper]` with known bounds and no step.
    fn eval_slice(&mut self, f: &mut Frame<'a>, base: Value, slice: &ast::ExprSlice) -> Value {
        let mut bound = |expr: &Option<Box<Expr>>| -> Option<Option<i64>> {
            match expr.as_deref().map(|e| self.eval(f, e)) {
                None | Some(Value::None) => Some(None),
                Some(Value::Int(i)) => Some(Some(i)),
                _ => None,
            }
        };
        let (Some(lower), Some(upper)) = (bound(&slice.lower), bound(&slice.upper)) else {
            return Value::unknown("slice with unknown bounds");
        };
        if slice.step.is_some() {
            return Value::unknown("slice with a step");
        }
        let range = |len: usize| {
            let clamp = |i: i64| if i < 0 { (len as i64 + i).max(0) as usize } else { (i as usize).min(len) };
            let start = lower.map(clamp).unwrap_or(0);
            let end = upper.map(clamp).unwrap_or(len);
            start..end.max(start)
        };
        match base {
            Value::List(items) => Value::List(items[range(items.len())].to_vec()),
            Value::Tuple(items) => Value::Tuple(items[range(items.len())].to_vec()),
            Value::Str(text) => {
                let chars: Vec<char> = text.chars().collect();
                Value::Str(chars[range(chars.len())].iter().collect())
            }
            Value::Unknown(why) => Value::Unknown(why),
            other => Value::unknown(format!("slice of {other}")),
        }
    }

    pub(super) fn binop(&self, left: &Value, op: Operator, right: &Value) -> Value {
        use Value::*;
        match (left, op, right) {
            (Unknown(why), _, _) | (_, _, Unknown(why)) => Unknown(why.clone()),
            (Int(a), Operator::Add, Int(b)) => a.checked_add(*b).map(Int).unwrap_or_else(|| Value::unknown("overflow")),
            (Int(a), Operator::Sub, Int(b)) => a.checked_sub(*b).map(Int).unwrap_or_else(|| Value::unknown("overflow")),
            (Int(a), Operator::Mult, Int(b)) => a.checked_mul(*b).map(Int).unwrap_or_else(|| Value::unknown("overflow")),
            (Int(a), Operator::FloorDiv, Int(b)) if *b != 0 => Int(a.div_euclid(*b)),
            (Int(a), Operator::Pow, Int(b)) if (0..64).contains(b) => {
                a.checked_pow(*b as u32).map(Int).unwrap_or_else(|| Value::unknown("overflow"))
            }
            (Str(a), Operator::Add, Str(b)) => Str(format!("{a}{b}")),
            (List(a), Operator::Add, List(b)) => List(a.iter().chain(b).cloned().collect()),
            (Tuple(a), Operator::Add, Tuple(b)) => Tuple(a.iter().chain(b).cloned().collect()),
            (Str(s), Operator::Mult, Int(n)) | (Int(n), Operator::Mult, Str(s)) if (0..10_000).contains(n) => {
                Str(s.repeat(*n as usize))
            }
            (Dict(a), Operator::BitOr, Dict(b)) => {
                let mut items = a.clone();
                for (k, v) in b {
                    items.retain(|(old, _)| old.py_eq(k) != Some(true));
                    items.push((k.clone(), v.clone()));
                }
                Dict(items)
            }
            _ => Value::unknown(format!("operation {op:?} on {left} and {right}")),
        }
    }
}

/// `value.attr`: module members greenlight knows, or a method waiting for its call.
fn attribute(base: Value, attr: &str) -> Value {
    match base {
        Value::Object(Object::Module(module)) => {
            let full = format!("{module}.{attr}");
            match full.as_str() {
                "os.environ" => Value::Object(Object::Environ),
                "os.path" => Value::Object(Object::Module(full)),
                _ if super::builtins::is_known_function(&full) => Value::Object(Object::Function(full)),
                _ => Value::unknown(format!("{full} is not something greenlight evaluates")),
            }
        }
        Value::Object(Object::Function(name)) if super::builtins::is_known_function(&format!("{name}.{attr}")) => {
            Value::Object(Object::Function(format!("{name}.{attr}")))
        }
        Value::Unknown(why) => Value::Unknown(why),
        other => Value::Object(Object::Method(Box::new(other), attr.to_owned())),
    }
}

fn order(a: &Value, b: &Value) -> Option<std::cmp::Ordering> {
    match (a, b) {
        (Value::Str(x), Value::Str(y)) => Some(x.cmp(y)),
        (Value::Int(_) | Value::Float(_) | Value::Bool(_), Value::Int(_) | Value::Float(_) | Value::Bool(_)) => {
            let x = match a { Value::Int(i) => *i as f64, Value::Float(f) => *f, Value::Bool(b) => *b as i64 as f64, _ => 0.0 };
            let y = match b { Value::Int(i) => *i as f64, Value::Float(f) => *f, Value::Bool(b) => *b as i64 as f64, _ => 0.0 };
            x.partial_cmp(&y)
        }
        _ => None,
    }
}

pub(super) fn truncate(text: &str) -> String {
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() > 60 {
        format!("{}…", one_line.chars().take(57).collect::<String>())
    } else {
        one_line
    }
}

/// Keeps the last of equal keys, in the order of those last occurrences.
/// Linear for the keys a literal of thousands of entries has (strings,
/// integers, booleans, None); other keys are compared pairwise.
fn last_of_each_key(pushes: Vec<(Value, Value)>) -> Vec<(Value, Value)> {
    #[derive(PartialEq, Eq, Hash)]
    enum Key<'v> {
        None,
        Int(i64),
        Str(&'v str),
    }
    fn hashable(value: &Value) -> Option<Key<'_>> {
        match value {
            Value::None => Some(Key::None),
            Value::Bool(b) => Some(Key::Int(i64::from(*b))),
            Value::Int(i) => Some(Key::Int(*i)),
            Value::Str(s) => Some(Key::Str(s)),
            _ => None,
        }
    }
    if pushes.iter().all(|(k, _)| hashable(k).is_some()) {
        let mut seen = std::collections::HashSet::with_capacity(pushes.len());
        let keep: Vec<bool> = pushes.iter().rev().map(|(k, _)| hashable(k).is_some_and(|key| seen.insert(key))).collect();
        return pushes.into_iter().zip(keep.into_iter().rev()).filter_map(|(item, keep)| keep.then_some(item)).collect();
    }
    let mut items: Vec<(Value, Value)> = Vec::with_capacity(pushes.len());
    for (key, value) in pushes {
        items.retain(|(k, _)| k.py_eq(&key) != Some(true));
        items.push((key, value));
    }
    items
}

#[cfg(test)]
mod dict_tests {
    use super::*;

    #[test]
    fn later_keys_win_in_both_paths() {
        let s = |t: &str| Value::Str(t.to_owned());
        let fast = last_of_each_key(vec![(s("a"), Value::Int(1)), (s("b"), Value::Int(2)), (s("a"), Value::Int(3))]);
        assert_eq!(fast, vec![(s("b"), Value::Int(2)), (s("a"), Value::Int(3))]);
        let mixed = last_of_each_key(vec![(Value::Int(1), s("x")), (Value::Bool(true), s("y")), (Value::None, s("z"))]);
        assert_eq!(mixed, vec![(Value::Bool(true), s("y")), (Value::None, s("z"))]);
        let slow = last_of_each_key(vec![(Value::Float(1.0), s("x")), (Value::Int(1), s("y")), (Value::Tuple(vec![]), s("t"))]);
        assert_eq!(slow, vec![(Value::Int(1), s("y")), (Value::Tuple(vec![]), s("t"))]);
    }
}
