//! The project's own models, read from their class bodies: fields with their
//! kind (relation or not), whether the database indexes them, and relation
//! targets. Rules about queries use it to know that `member.tier` is a
//! ForeignKey, or that `status` has no index; when a model cannot be found,
//! those rules stay quiet.

use ruff_python_ast::{Expr, Stmt, StmtClassDef};
use ruff_text_size::Ranged;

use super::functions::bases;
use super::support::app_files;
use crate::analysis::visit::{argument, keyword, string_value};
use crate::analysis::PyFile;
use crate::checker::Checker;

const MODEL_BASES: &[&str] = &[
    "django.db.models.Model",
    "django.db.models.base.Model",
    "django.contrib.auth.models.AbstractUser",
    "django.contrib.auth.models.AbstractBaseUser",
    "django.contrib.auth.base_user.AbstractBaseUser",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relation {
    /// ForeignKey or OneToOneField: one row on the other side.
    ToOne,
    ManyToMany,
    /// Not a relation.
    Plain,
}

#[derive(Debug, Clone)]
pub struct Field {
    pub name: String,
    /// The field class's name (`CharField`, `ForeignKey`).
    pub class: String,
    pub relation: Relation,
    pub one_to_one: bool,
    pub line: u32,
    /// `db_index=True`, `unique=True`, `primary_key=True` or indexed by default.
    pub indexed: bool,
    pub has_choices: bool,
    pub related_name: Option<String>,
    /// The target as written: a qualified name or a string (`"members.Member"`).
    pub target: Option<String>,
}

#[derive(Debug)]
pub struct Model {
    pub name: String,
    /// `module.Class`.
    pub qualified: String,
    pub path: String,
    pub fields: Vec<Field>,
    /// Leading fields of `Meta.indexes`, `unique_together`, `index_together`
    /// and unique constraints: the columns those indexes can serve alone.
    pub meta_indexed: Vec<String>,
    /// Qualified base classes.
    bases: Vec<String>,
}

impl Model {
    /// `members` for `members.models.Member` (the app label Django derives).
    pub fn app_label(&self) -> &str {
        let parts: Vec<&str> = self.qualified.split('.').collect();
        match parts.iter().rposition(|p| *p == "models") {
            Some(i) if i > 0 => parts[i - 1],
            _ => parts.first().copied().unwrap_or(""),
        }
    }
}

pub struct Models {
    pub models: Vec<Model>,
}

impl Models {
    pub fn build(checker: &Checker) -> Models {
        let mut candidates = Vec::new();
        for file in app_files(checker) {
            let module = checker.project.module_name(file.path()).unwrap_or_default().to_owned();
            for class in all_classes(&file.module.ast().body) {
                candidates.push(read_class(file, &module, class));
            }
        }
        // A class is a model if it derives from Django's, from a local model, or
        // declares Django model fields (abstract bases from other packages).
        let mut is_model: Vec<bool> = candidates.iter().map(|(m, declares)| *declares || m.bases.iter().any(|b| MODEL_BASES.contains(&b.as_str()))).collect();
        loop {
            let known: Vec<String> = candidates.iter().zip(&is_model).filter(|(_, y)| **y).map(|((m, _), _)| m.qualified.clone()).collect();
            let mut changed = false;
            for (i, (m, _)) in candidates.iter().enumerate() {
                if !is_model[i] && m.bases.iter().any(|b| known.contains(b)) {
                    is_model[i] = true;
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
        let models = candidates.into_iter().zip(is_model).filter(|(_, y)| *y).map(|((m, _), _)| m).collect();
        Models { models }
    }

    pub fn by_qualified(&self, qualified: &str) -> Option<&Model> {
        self.models.iter().find(|m| m.qualified == qualified).or_else(|| {
            // `from app.models import X` where `app/models/` is a package that re-exports it.
            let (package, name) = qualified.rsplit_once('.')?;
            let mut found = self.models.iter().filter(|m| m.name == name && m.qualified.rsplit_once('.').and_then(|(module, _)| module.rsplit_once('.')).is_some_and(|(p, _)| p == package));
            let first = found.next()?;
            found.next().is_none().then_some(first)
        })
    }

    /// The local model an expression (`Member`, `models.Member`) names in `file`.
    pub fn resolve(&self, file: &PyFile, module: &str, expr: &Expr) -> Option<&Model> {
        let qualified = file.imports.qualified(expr)?;
        self.by_qualified(&qualified).or_else(|| self.by_qualified(&format!("{module}.{qualified}")))
    }

    /// A field of `model`, its own or inherited from a local base.
    pub fn field<'m>(&'m self, model: &'m Model, name: &str) -> Option<&'m Field> {
        self.field_and_owner(model, name).map(|(_, f)| f)
    }

    /// A field of `model` and the model (itself or a local base) that declares it.
    pub fn field_and_owner<'m>(&'m self, model: &'m Model, name: &str) -> Option<(&'m Model, &'m Field)> {
        self.lineage(model).into_iter().find_map(|m| m.fields.iter().find(|f| f.name == name).map(|f| (m, f)))
    }

    /// Whether some index of `model` (or of a local base) starts with `name`.
    pub fn meta_indexed(&self, model: &Model, name: &str) -> bool {
        self.lineage(model).iter().any(|m| m.meta_indexed.iter().any(|f| f == name))
    }

    /// `model` and its local bases, nearest first.
    fn lineage<'m>(&'m self, model: &'m Model) -> Vec<&'m Model> {
        let mut out = vec![model];
        let mut i = 0;
        while i < out.len() && out.len() < 16 {
            for base in &out[i].bases {
                if let Some(parent) = self.by_qualified(base) {
                    if !out.iter().any(|m| std::ptr::eq(*m, parent)) {
                        out.push(parent);
                    }
                }
            }
            i += 1;
        }
        out
    }

    /// The model a relation field points to, when it is local.
    pub fn target<'m>(&'m self, owner: &'m Model, field: &Field) -> Option<&'m Model> {
        let target = field.target.as_deref()?;
        if target == "self" {
            return Some(owner);
        }
        if let Some(m) = self.by_qualified(target) {
            return Some(m);
        }
        let module = owner.qualified.rsplit_once('.').map(|(m, _)| m).unwrap_or("");
        if let Some(m) = self.by_qualified(&format!("{module}.{target}")) {
            return Some(m);
        }
        // "app_label.Model" strings.
        let (label, name) = target.rsplit_once('.')?;
        let mut found = self.models.iter().filter(|m| m.name == name && m.app_label() == label);
        let first = found.next()?;
        found.next().is_none().then_some(first)
    }
}

/// Classes at any depth of a module (nested classes such as `Meta` excluded by
/// the model test later: they have no model base and no fields).
fn all_classes(body: &[Stmt]) -> Vec<&StmtClassDef> {
    let mut out = Vec::new();
    for stmt in body {
        match stmt {
            Stmt::ClassDef(c) => out.push(c),
            Stmt::If(i) => {
                out.extend(all_classes(&i.body));
                for clause in &i.elif_else_clauses {
                    out.extend(all_classes(&clause.body));
                }
            }
            Stmt::Try(t) => out.extend(all_classes(&t.body)),
            _ => {}
        }
    }
    out
}

/// The class as a model candidate, and whether it declares Django model fields.
fn read_class(file: &PyFile, module: &str, class: &StmtClassDef) -> (Model, bool) {
    let own = |q: String| if q.contains('.') || module.is_empty() { q } else { format!("{module}.{q}") };
    let bases = bases(class).iter().filter_map(|b| file.imports.qualified(b)).map(own).collect();
    let mut model = Model {
        name: class.name.to_string(),
        qualified: if module.is_empty() { class.name.to_string() } else { format!("{module}.{}", class.name) },
        path: file.path().to_owned(),
        fields: Vec::new(),
        meta_indexed: Vec::new(),
        bases,
    };
    let mut declares = false;
    for stmt in &class.body {
        match stmt {
            Stmt::Assign(a) => {
                let [Expr::Name(target)] = &a.targets[..] else { continue };
                let Expr::Call(call) = a.value.as_ref() else { continue };
                let Some(callee) = file.callee(call) else { continue };
                let Some(class_name) = field_class(&callee) else { continue };
                declares |= callee.starts_with("django.db.models.") || callee.starts_with("django.contrib.postgres.fields.");
                model.fields.push(read_field(file, module, target.id.as_str(), class_name, call, a.range().start()));
            }
            Stmt::ClassDef(meta) if meta.name.as_str() == "Meta" => model.meta_indexed = meta_indexed(file, meta),
            _ => {}
        }
    }
    (model, declares)
}

/// The field class name when `callee` looks like a model field.
fn field_class(callee: &str) -> Option<&str> {
    let last = callee.rsplit('.').next().unwrap_or(callee);
    let is_field = last.ends_with("Field") || last.ends_with("ForeignKey") || last.ends_with("Key") && last.starts_with("Parental");
    is_field.then_some(last)
}

fn read_field(file: &PyFile, module: &str, name: &str, class: &str, call: &ruff_python_ast::ExprCall, start: ruff_text_size::TextSize) -> Field {
    let relation = if class.ends_with("ManyToManyField") {
        Relation::ManyToMany
    } else if class.ends_with("ForeignKey") || class.ends_with("OneToOneField") || class == "ParentalKey" {
        Relation::ToOne
    } else {
        Relation::Plain
    };
    let is_true = |kw: &str| matches!(keyword(call, kw), Some(Expr::BooleanLiteral(b)) if b.value);
    let is_false = |kw: &str| matches!(keyword(call, kw), Some(Expr::BooleanLiteral(b)) if !b.value);
    // ForeignKeys and slugs are indexed unless told otherwise.
    let indexed_by_default = relation == Relation::ToOne || class == "SlugField";
    let indexed = is_true("db_index") || is_true("unique") || is_true("primary_key") || (indexed_by_default && !is_false("db_index"));
    let target = argument(call, 0, "to").and_then(|t| match t {
        Expr::StringLiteral(_) => string_value(t).map(str::to_owned),
        Expr::Call(c) => file.callee(c).map(|q| format!("{q}()")),
        other => file.imports.qualified(other).map(|q| if q.contains('.') { q } else { format!("{module}.{q}") }),
    });
    Field {
        name: name.to_owned(),
        class: class.to_owned(),
        relation,
        one_to_one: class.ends_with("OneToOneField"),
        line: file.module.line(start),
        indexed,
        has_choices: keyword(call, "choices").is_some(),
        related_name: keyword(call, "related_name").and_then(string_value).map(str::to_owned),
        target: if relation == Relation::Plain { None } else { target },
    }
}

/// Leading columns of the indexes `Meta` declares.
fn meta_indexed(file: &PyFile, meta: &StmtClassDef) -> Vec<String> {
    let mut out = Vec::new();
    for stmt in &meta.body {
        let Stmt::Assign(a) = stmt else { continue };
        let [Expr::Name(target)] = &a.targets[..] else { continue };
        match target.id.as_str() {
            "unique_together" | "index_together" => out.extend(leading_of_together(&a.value)),
            "indexes" | "constraints" => {
                for item in elements(&a.value) {
                    let Expr::Call(call) = item else { continue };
                    let callee = file.callee(call).unwrap_or_default();
                    if callee.ends_with("CheckConstraint") {
                        continue;
                    }
                    if let Some(fields) = keyword(call, "fields") {
                        out.extend(elements(fields).first().and_then(|f| string_value(f)).map(|f| f.trim_start_matches('-').to_owned()));
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// `unique_together = ("a", "b")` or `[("a", "b"), ("c", "d")]`: the first field of each.
fn leading_of_together(value: &Expr) -> Vec<String> {
    let items = elements(value);
    if items.iter().all(|i| string_value(i).is_some()) {
        return items.first().and_then(|f| string_value(f)).map(str::to_owned).into_iter().collect();
    }
    items.iter().filter_map(|group| elements(group).first().and_then(|f| string_value(f)).map(str::to_owned)).collect()
}

fn elements(expr: &Expr) -> Vec<&Expr> {
    match expr {
        Expr::List(l) => l.elts.iter().collect(),
        Expr::Tuple(t) => t.elts.iter().collect(),
        _ => Vec::new(),
    }
}

/// Reverse accessors onto `model`: (accessor name, relation field, owner).
pub fn reverse_relations<'m>(models: &'m Models, model: &Model) -> Vec<(String, &'m Field, &'m Model)> {
    let mut out = Vec::new();
    for owner in &models.models {
        for field in owner.fields.iter().filter(|f| f.relation != Relation::Plain) {
            let points_here = models.target(owner, field).is_some_and(|t| std::ptr::eq(t, model));
            if !points_here {
                continue;
            }
            let accessor = match &field.related_name {
                Some(name) if name.ends_with('+') => continue,
                Some(name) => name.clone(),
                None if field.one_to_one => owner.name.to_lowercase(),
                None => format!("{}_set", owner.name.to_lowercase()),
            };
            out.push((accessor, field, owner));
        }
    }
    out
}
