//! What template rules need to know about the project's models and views: which
//! field names are relations or text, and which relations the views load up
//! front with `select_related`/`prefetch_related`. Read from the Python AST.

use std::collections::{HashMap, HashSet};

use greenlight_core::FileKind;

use ruff_python_ast::{Expr, Stmt};

use crate::analysis::visit::{keyword, string_value, Node};
use crate::analysis::PyFile;
use crate::checker::Checker;

/// Stands for "every to-one relation" in a file's loaded set.
pub const ALL_FOREIGN_KEYS: &str = "*";

const TO_ONE: &[&str] = &["ForeignKey", "OneToOneField", "ParentalKey", "TreeForeignKey"];
const TO_MANY: &[&str] = &["ManyToManyField", "ParentalManyToManyField", "TreeManyToManyField", "GenericRelation"];

/// Field names of the project's models, by kind, and the relations its views prefetch.
#[derive(Default)]
pub struct Relations {
    /// Forward one-to-one/foreign-key fields and one-to-one reverse accessors.
    pub to_one: HashSet<String>,
    /// Many-to-many fields and reverse accessors (`related_name`s).
    pub to_many: HashSet<String>,
    /// `TextField`-like fields (`bio = models.TextField()`).
    pub text_fields: HashSet<String>,
    /// Per application file, the relations it names in
    /// `select_related`/`prefetch_related` (each `__` segment).
    loaded: Vec<HashSet<String>>,
    /// Everything any file loads: for templates no file names.
    loaded_anywhere: HashSet<String>,
    /// Template name (`members/list.html`) → the files whose string literals name it.
    referrers: HashMap<String, Vec<usize>>,
}

/// `app/templates/members/list.html` → `members/list.html`, the name views use.
fn template_name(path: &str) -> &str {
    path.rsplit_once("templates/").map_or(path, |(_, name)| name)
}

impl Relations {
    pub fn collect(checker: &Checker) -> Relations {
        let mut relations = Relations::default();
        let names: HashSet<&str> = checker.project.texts_of(FileKind::Template).map(|t| template_name(&t.rel_path)).collect();
        for (index, file) in checker.application_files().enumerate() {
            let mut loaded = HashSet::new();
            file.for_each_node(&mut |node, scope| match node {
                Node::Expr(Expr::StringLiteral(literal)) if names.contains(literal.value.to_str()) => {
                    relations.referrers.entry(literal.value.to_str().to_owned()).or_default().push(index);
                }
                Node::Stmt(Stmt::Assign(assign)) if scope.class.is_some() && scope.function.is_none() => {
                    if let (Some(Expr::Name(target)), Expr::Call(call)) = (assign.targets.first(), assign.value.as_ref()) {
                        relations.add_field(file, target.id.as_str(), call);
                    }
                }
                Node::Call(call) => {
                    if let Expr::Attribute(attr) = call.func.as_ref() {
                        if matches!(attr.attr.as_str(), "select_related" | "prefetch_related") {
                            loaded.extend(loaded_names(call));
                        }
                        // A bare `select_related()` follows every non-null foreign key.
                        if attr.attr.as_str() == "select_related" && call.arguments.is_empty() {
                            loaded.insert(ALL_FOREIGN_KEYS.to_owned());
                        }
                    }
                }
                _ => {}
            });
            relations.loaded_anywhere.extend(loaded.iter().cloned());
            relations.loaded.push(loaded);
        }
        relations
    }

    fn add_field(&mut self, file: &PyFile, name: &str, call: &ruff_python_ast::ExprCall) {
        let Some(qualified) = file.callee(call) else { return };
        let kind = qualified.rsplit('.').next().unwrap_or(&qualified);
        let related_name = keyword(call, "related_name").and_then(string_value).filter(|n| !n.ends_with('+'));
        if TO_ONE.contains(&kind) {
            self.to_one.insert(name.to_owned());
            if let Some(reverse) = related_name {
                if kind == "OneToOneField" {
                    self.to_one.insert(reverse.to_owned());
                } else {
                    self.to_many.insert(reverse.to_owned());
                }
            }
        } else if TO_MANY.contains(&kind) {
            self.to_many.insert(name.to_owned());
            if let Some(reverse) = related_name {
                self.to_many.insert(reverse.to_owned());
            }
        } else if kind.ends_with("TextField") {
            self.text_fields.insert(name.to_owned());
        }
    }

    /// The relations loaded up front for `template_path`: those named by the
    /// files that mention the template by name, or by any file when none does
    /// (generic views find their template by convention).
    pub fn loaded_for(&self, template_path: &str) -> HashSet<&str> {
        match self.referrers.get(template_name(template_path)) {
            Some(files) => files.iter().flat_map(|&i| self.loaded[i].iter().map(String::as_str)).collect(),
            None => self.loaded_anywhere.iter().map(String::as_str).collect(),
        }
    }
}

/// `"event__venue"` → event, venue; `Prefetch("bookings", …)` → bookings.
fn loaded_names(call: &ruff_python_ast::ExprCall) -> Vec<String> {
    let mut names = Vec::new();
    for arg in call.arguments.args.iter() {
        let lookup = match arg {
            Expr::Call(inner) => inner.arguments.args.first().and_then(string_value),
            other => string_value(other),
        };
        if let Some(lookup) = lookup {
            names.extend(lookup.split("__").map(str::to_owned));
        }
    }
    names
}
