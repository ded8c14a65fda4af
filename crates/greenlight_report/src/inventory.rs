//! The feature inventory, section 3 of the report: what each local app holds
//! (models, views, URL routes, forms, templates, admin registrations, tests,
//! Celery tasks, Channels consumers), which product features the project uses
//! (authentication, REST API, GraphQL, websockets, background jobs, payments,
//! uploads, email, caching, i18n, admin) and where, and the findings per app.
//! Everything is counted from the parsed AST and the evaluated settings; the
//! project is never imported.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use rayon::prelude::*;

use greenlight_core::outline::is_test_path;
use greenlight_core::settings::Value;
use greenlight_core::{FileKind, Project, PythonModule};
use greenlight_rules::analysis::roles::{classify, FileRole};
use greenlight_rules::analysis::visit::{decorator_name, walk, Node};
use greenlight_rules::analysis::ImportMap;
use greenlight_rules::{Finding, Severity};
use ruff_python_ast::{self as ast, Expr, Stmt};
use ruff_text_size::Ranged;
use serde::Serialize;

/// One local app and what it holds.
#[derive(Debug, Clone, Serialize, Default)]
pub struct AppInventory {
    pub label: String,
    pub module: String,
    pub path: String,
    /// The INSTALLED_APPS entry.
    pub entry: String,
    /// Findings in the app's files.
    pub findings: usize,
    /// The same, by severity (every severity present, zeros included).
    pub findings_by_severity: BTreeMap<&'static str, usize>,
    pub models: usize,
    pub views: usize,
    pub url_routes: usize,
    pub forms: usize,
    pub templates: usize,
    pub admin_registrations: usize,
    pub tests: usize,
    pub celery_tasks: usize,
    pub channels_consumers: usize,
    /// Keys of the features detected in the app's files (see `Feature::key`).
    pub features: Vec<&'static str>,
}

impl AppInventory {
    /// Column headers of the per-app table every renderer shows, in order.
    pub const COLUMNS: [&'static str; 9] =
        ["models", "views", "URL routes", "forms", "templates", "admin", "tests", "Celery tasks", "consumers"];

    /// The counts under [`Self::COLUMNS`].
    pub fn counts(&self) -> [usize; 9] {
        [
            self.models,
            self.views,
            self.url_routes,
            self.forms,
            self.templates,
            self.admin_registrations,
            self.tests,
            self.celery_tasks,
            self.channels_consumers,
        ]
    }
}

/// A product feature and the evidence for it.
#[derive(Debug, Clone, Serialize)]
pub struct Feature {
    pub key: &'static str,
    pub name: &'static str,
    pub detected: bool,
    /// `path:line — what` (at most `MAX_EVIDENCE`).
    pub evidence: Vec<String>,
    /// Labels of the local apps whose files show the feature.
    pub apps: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Default)]
pub struct Inventory {
    pub apps: Vec<AppInventory>,
    pub features: Vec<Feature>,
}

/// Every feature the inventory looks for, in report order: (key, name).
pub const FEATURES: [(&str, &str); 11] = [
    ("auth", "Authentication"),
    ("rest_api", "REST API"),
    ("graphql", "GraphQL"),
    ("websockets", "WebSockets"),
    ("background_jobs", "Background jobs"),
    ("payments", "Payments"),
    ("file_uploads", "File uploads"),
    ("email", "Email"),
    ("caching", "Caching"),
    ("i18n", "Internationalization"),
    ("admin", "Django admin"),
];

const MAX_EVIDENCE: usize = 5;

/// Imported packages that mean a feature.
const FEATURE_IMPORTS: [(&str, &[&str]); 6] = [
    ("rest_api", &["rest_framework", "ninja"]),
    ("graphql", &["graphene", "graphene_django", "strawberry", "strawberry_django", "ariadne"]),
    ("websockets", &["channels"]),
    ("background_jobs", &["celery", "django_rq", "rq", "huey", "dramatiq", "django_q"]),
    ("payments", &["stripe", "paypalrestsdk", "paypalcheckoutsdk", "paypal", "paystack", "pypaystack", "paystackapi", "braintree", "razorpay", "djstripe"]),
    ("i18n", &["django.utils.translation"]),
];

/// INSTALLED_APPS entries that mean a feature.
const FEATURE_APPS: [(&str, &[&str]); 6] = [
    ("auth", &["django.contrib.auth", "allauth"]),
    ("rest_api", &["rest_framework", "ninja"]),
    ("graphql", &["graphene_django", "strawberry_django", "strawberry.django"]),
    ("websockets", &["channels", "daphne"]),
    ("background_jobs", &["django_celery_beat", "django_celery_results", "django_rq", "huey.contrib.djhuey", "django_q"]),
    ("admin", &["django.contrib.admin"]),
];

/// Called functions (qualified) that mean a feature.
const FEATURE_CALLS: [(&str, &[&str]); 4] = [
    ("email", &["django.core.mail.send_mail", "django.core.mail.send_mass_mail", "django.core.mail.mail_admins", "django.core.mail.mail_managers", "django.core.mail.EmailMessage", "django.core.mail.EmailMultiAlternatives"]),
    ("auth", &["django.contrib.auth.authenticate", "django.contrib.auth.login", "django.contrib.auth.logout"]),
    ("caching", &["django.views.decorators.cache.cache_page", "django.utils.decorators.method_decorator"]),
    ("i18n", &["django.utils.translation.gettext", "django.utils.translation.gettext_lazy", "django.utils.translation.ngettext", "django.utils.translation.pgettext", "django.utils.translation.ugettext", "django.utils.translation.ugettext_lazy"]),
];

/// Settings name prefixes of payment providers' keys.
const PAYMENT_SETTING_PREFIXES: [&str; 5] = ["STRIPE_", "PAYPAL_", "PAYSTACK_", "BRAINTREE_", "RAZORPAY_"];

/// Evidence found so far: feature key → places (path, line, what).
#[derive(Default)]
struct Evidence {
    hits: BTreeMap<&'static str, Vec<(String, u32, String)>>,
}

impl Evidence {
    fn add(&mut self, key: &'static str, path: &str, line: u32, what: impl Into<String>) {
        self.hits.entry(key).or_default().push((path.to_owned(), line, what.into()));
    }
}

/// What the class and function definitions of one file add up to.
#[derive(Default, Clone, Copy)]
struct Counts {
    models: usize,
    views: usize,
    url_routes: usize,
    forms: usize,
    admin_registrations: usize,
    tests: usize,
    celery_tasks: usize,
    channels_consumers: usize,
}

impl Counts {
    fn add(&mut self, other: Counts) {
        self.models += other.models;
        self.views += other.views;
        self.url_routes += other.url_routes;
        self.forms += other.forms;
        self.admin_registrations += other.admin_registrations;
        self.tests += other.tests;
        self.celery_tasks += other.celery_tasks;
        self.channels_consumers += other.channels_consumers;
    }
}

/// Classes defined anywhere in the project, by kind, so that a class deriving
/// from a local `TimeStampedModel` or `BaseView` counts too.
struct KnownClasses {
    models: HashSet<String>,
    views: HashSet<String>,
    forms: HashSet<String>,
    consumers: HashSet<String>,
}

fn base_names(class: &ast::StmtClassDef) -> Vec<&str> {
    class
        .bases()
        .iter()
        .filter_map(|b| match b {
            Expr::Name(n) => Some(n.id.as_str()),
            Expr::Attribute(a) => Some(a.attr.as_str()),
            _ => None,
        })
        .collect()
}

fn is_model_base(name: &str) -> bool {
    (name.ends_with("Model") && name != "BaseModel") || matches!(name, "AbstractUser" | "AbstractBaseUser")
}

fn is_view_base(name: &str) -> bool {
    name.ends_with("View") || name.ends_with("ViewSet") || name == "View"
}

impl KnownClasses {
    /// Fixpoint over every top-level class of the project's code.
    fn build(classes: &[&ast::StmtClassDef]) -> KnownClasses {
        let mut known = KnownClasses { models: HashSet::new(), views: HashSet::new(), forms: HashSet::new(), consumers: HashSet::new() };
        loop {
            let before = known.models.len() + known.views.len() + known.forms.len() + known.consumers.len();
            for class in classes {
                let name = class.name.to_string();
                let bases = base_names(class);
                if bases.iter().any(|b| is_model_base(b) || known.models.contains(*b)) {
                    known.models.insert(name.clone());
                }
                if bases.iter().any(|b| is_view_base(b) || known.views.contains(*b)) {
                    known.views.insert(name.clone());
                }
                if bases.iter().any(|b| b.ends_with("Form") || known.forms.contains(*b)) {
                    known.forms.insert(name.clone());
                }
                if bases.iter().any(|b| b.ends_with("Consumer") || known.consumers.contains(*b)) {
                    known.consumers.insert(name);
                }
            }
            if known.models.len() + known.views.len() + known.forms.len() + known.consumers.len() == before {
                return known;
            }
        }
    }
}

fn top_level_classes(body: &[Stmt]) -> impl Iterator<Item = &ast::StmtClassDef> {
    body.iter().filter_map(|s| s.as_class_def_stmt())
}

/// Test functions, and test methods of top-level classes.
fn tests_defined(body: &[Stmt]) -> usize {
    let is_test = |f: &&ast::StmtFunctionDef| f.name.starts_with("test");
    let methods: usize = top_level_classes(body).map(|class| class.body.iter().filter_map(|s| s.as_function_def_stmt()).filter(is_test).count()).sum();
    methods + body.iter().filter_map(|s| s.as_function_def_stmt()).filter(is_test).count()
}

fn file_name(rel_path: &str) -> &str {
    rel_path.rsplit('/').next().unwrap_or(rel_path)
}

fn is_urls_file(rel_path: &str) -> bool {
    file_name(rel_path) == "urls.py" || rel_path.contains("/urls/")
}

fn counts_of(module: &PythonModule, known: &KnownClasses) -> Counts {
    if is_test_path(&module.rel_path) {
        // Its outline holds every definition; its calls (a test URLconf's
        // routes, a test admin site's registrations) are not the app's.
        return Counts { tests: tests_defined(&module.outline().body), ..Counts::default() };
    }
    let mut counts = Counts::default();
    let body = &module.ast().body;
    for class in top_level_classes(body) {
        let name = class.name.as_str();
        let bases = base_names(class);
        let derives = |set: &HashSet<String>| bases.iter().any(|b| set.contains(*b));
        if known.models.contains(name) && !(bases.iter().any(|b| b.ends_with("Form"))) {
            counts.models += 1;
        } else if known.forms.contains(name) {
            counts.forms += 1;
        } else if known.consumers.contains(name) {
            counts.channels_consumers += 1;
        } else if known.views.contains(name) || derives(&known.views) {
            counts.views += 1;
        }
    }
    for function in body.iter().filter_map(|s| s.as_function_def_stmt()) {
        let first = function.parameters.posonlyargs.iter().chain(&function.parameters.args).next();
        if first.is_some_and(|p| p.parameter.name.as_str() == "request") {
            counts.views += 1;
        }
        if function.decorator_list.iter().any(|d| decorator_name(d).is_some_and(|n| matches!(n, "shared_task" | "task" | "periodic_task"))) {
            counts.celery_tasks += 1;
        }
    }
    let urls = is_urls_file(&module.rel_path);
    walk(body, &mut |node, _| match node {
        Node::Call(call) => {
            let callee = match call.func.as_ref() {
                Expr::Name(n) => Some(n.id.as_str()),
                Expr::Attribute(a) => Some(a.attr.as_str()),
                _ => None,
            };
            if urls && matches!(call.func.as_ref(), Expr::Name(n) if matches!(n.id.as_str(), "path" | "re_path" | "url")) {
                counts.url_routes += 1;
            }
            if urls && callee == Some("register") && matches!(call.func.as_ref(), Expr::Attribute(a) if !is_admin_site(&a.value)) {
                counts.url_routes += 1; // a DRF router registration
            }
            if callee == Some("register") && matches!(call.func.as_ref(), Expr::Attribute(a) if is_admin_site(&a.value)) {
                counts.admin_registrations += registered_models(call);
            }
        }
        Node::Stmt(Stmt::ClassDef(class)) => {
            for decorator in &class.decorator_list {
                if let Expr::Call(call) = &decorator.expression {
                    if matches!(call.func.as_ref(), Expr::Attribute(a) if a.attr.as_str() == "register" && matches!(a.value.as_ref(), Expr::Name(n) if n.id.as_str() == "admin")) {
                        counts.admin_registrations += call.arguments.args.len().max(1);
                    }
                }
            }
        }
        _ => {}
    });
    counts
}

/// `admin.site` or `site` (an AdminSite instance).
fn is_admin_site(expr: &Expr) -> bool {
    match expr {
        Expr::Attribute(a) => a.attr.as_str() == "site",
        Expr::Name(n) => n.id.as_str().ends_with("site"),
        _ => false,
    }
}

/// `register(A)` is one model, `register([A, B])` two.
fn registered_models(call: &ast::ExprCall) -> usize {
    match call.arguments.args.first() {
        Some(Expr::List(l)) => l.elts.len(),
        Some(Expr::Tuple(t)) => t.elts.len(),
        _ => 1,
    }
}

fn qualified_module(project: &Project, module: &PythonModule) -> ImportMap {
    let is_package = module.rel_path.ends_with("__init__.py");
    ImportMap::build(&module.ast().body, project.module_name(&module.rel_path), is_package)
}

fn code_evidence(project: &Project, module: &PythonModule, evidence: &mut Evidence) {
    let imports = qualified_module(project, module);
    let path = module.rel_path.as_str();
    for (key, packages) in FEATURE_IMPORTS {
        if let Some(package) = packages.iter().find(|p| imports.imports_from(p)) {
            evidence.add(key, path, first_import_line(module, package), format!("imports {package}"));
        }
    }
    walk(&module.ast().body, &mut |node, _| match node {
        Node::Call(call) => {
            let Some(name) = imports.qualified(&call.func) else { return };
            let line = module.line(call.func.range().start());
            for (key, callees) in FEATURE_CALLS {
                if callees.contains(&name.as_str()) && !(key == "caching" && name.ends_with("method_decorator")) {
                    evidence.add(key, path, line, format!("calls {}", short(&name)));
                }
            }
            if name.starts_with("django.core.cache.cache.") || name.starts_with("django.core.cache.caches") {
                evidence.add("caching", path, line, "uses the cache API");
            }
            if name.ends_with(".FileField") || name.ends_with(".ImageField") || name == "FileField" || name == "ImageField" {
                evidence.add("file_uploads", path, line, format!("declares a {}", short(&name)));
            }
            if name.ends_with(".shared_task") || name.ends_with(".task") && name.starts_with("celery") {
                evidence.add("background_jobs", path, line, "defines a task");
            }
        }
        Node::Expr(Expr::Attribute(a)) if a.attr.as_str() == "FILES" && matches!(a.value.as_ref(), Expr::Name(n) if n.id.as_str() == "request") => {
            evidence.add("file_uploads", path, module.line(a.range().start()), "reads request.FILES");
        }
        Node::Stmt(Stmt::ClassDef(class)) => {
            let line = module.line(class.range().start());
            for base in base_names(class) {
                if matches!(base, "AbstractUser" | "AbstractBaseUser") {
                    evidence.add("auth", path, line, format!("custom user model {} ({base})", class.name));
                }
                if base == "LoginRequiredMixin" {
                    evidence.add("auth", path, line, format!("{} requires login", class.name));
                }
                if base.ends_with("Consumer") {
                    evidence.add("websockets", path, line, format!("consumer {}", class.name));
                }
            }
        }
        Node::Stmt(Stmt::FunctionDef(function)) => {
            for decorator in &function.decorator_list {
                match decorator_name(decorator) {
                    Some("login_required") => evidence.add("auth", path, module.line(function.range().start()), format!("{} requires login", function.name)),
                    Some("cache_page") => evidence.add("caching", path, module.line(function.range().start()), format!("{} is cached (cache_page)", function.name)),
                    Some("shared_task" | "periodic_task") => {
                        evidence.add("background_jobs", path, module.line(function.range().start()), format!("task {}", function.name))
                    }
                    _ => {}
                }
            }
        }
        _ => {}
    });
}

/// The last two segments of a qualified name (`mail.send_mail`).
fn short(qualified: &str) -> &str {
    let mut dots = qualified.rmatch_indices('.');
    match (dots.next(), dots.next()) {
        (Some(_), Some((second, _))) => &qualified[second + 1..],
        _ => qualified,
    }
}

fn first_import_line(module: &PythonModule, package: &str) -> u32 {
    module
        .text
        .lines()
        .position(|l| {
            let l = l.trim_start();
            (l.starts_with("import ") || l.starts_with("from ")) && l.contains(package)
        })
        .map(|i| i as u32 + 1)
        .unwrap_or(1)
}

fn settings_evidence(project: &Project, evidence: &mut Evidence) {
    let settings = &project.settings;
    let at = |name: &str| settings.get(name).map(|s| (s.origin.path.clone(), s.origin.line)).unwrap_or_default();
    if let Some(model) = settings.get("AUTH_USER_MODEL").and_then(|s| s.value.as_str().map(str::to_owned)) {
        let (path, line) = at("AUTH_USER_MODEL");
        evidence.add("auth", &path, line, format!("custom user model AUTH_USER_MODEL = '{model}'"));
    }
    let apps: Vec<String> = settings.effective("INSTALLED_APPS").items().unwrap_or(&[]).iter().filter_map(|v| v.as_str().map(str::to_owned)).collect();
    let (apps_path, apps_line) = at("INSTALLED_APPS");
    for (key, entries) in FEATURE_APPS {
        for entry in entries {
            if apps.iter().any(|a| a == entry || a.starts_with(&format!("{entry}."))) {
                evidence.add(key, &apps_path, apps_line, format!("{entry} in INSTALLED_APPS"));
            }
        }
    }
    if let Some(caches) = settings.get("CACHES") {
        let backend = caches.value.get_str("default").and_then(|d| d.get_str("BACKEND")).and_then(Value::as_str).unwrap_or("");
        if !backend.is_empty() && !backend.ends_with("DummyCache") {
            evidence.add("caching", &caches.origin.path, caches.origin.line, format!("CACHES uses {}", backend.rsplit('.').next().unwrap_or(backend)));
        }
    }
    for (name, setting) in &settings.values {
        if PAYMENT_SETTING_PREFIXES.iter().any(|p| name.starts_with(p)) {
            evidence.add("payments", &setting.origin.path, setting.origin.line, format!("setting {name}"));
        }
    }
    for template in project.texts_of(FileKind::Template) {
        let tags = ["{% trans ", "{% translate ", "{% blocktrans", "{% blocktranslate"];
        if let Some(line) = template.text.lines().position(|l| tags.iter().any(|t| l.contains(t))) {
            evidence.add("i18n", &template.rel_path, line as u32 + 1, "translated template text");
        }
    }
}

/// Whether i18n is on: USE_I18N is True (Django's default) — gettext use alone
/// with USE_I18N off translates nothing.
fn i18n_enabled(project: &Project) -> bool {
    project.settings.effective("USE_I18N").truthy() != Some(false)
}

pub fn build_inventory(project: &Project, findings: &[Finding]) -> Inventory {
    let mut apps: Vec<AppInventory> = project
        .local_apps
        .iter()
        .map(|app| AppInventory {
            label: app_label(&app.module, &app.path),
            module: app.module.clone(),
            path: app.path.clone(),
            entry: app.entry.clone(),
            findings_by_severity: Severity::ALL.iter().map(|s| (s.as_str(), 0)).collect(),
            ..AppInventory::default()
        })
        .collect();
    let code: Vec<&PythonModule> = project
        .python
        .iter()
        .filter(|m| matches!(classify(&m.rel_path, &project.settings.files), FileRole::Application | FileRole::Test))
        .collect();
    let classes: Vec<&ast::StmtClassDef> = code.iter().flat_map(|m| top_level_classes(&m.outline().body)).collect();
    let known = KnownClasses::build(&classes);
    let app_paths: Vec<String> = apps.iter().map(|a| a.path.clone()).collect();
    // Each module on its own (in parallel: this walks every AST once more),
    // then merged in path order so the report does not depend on scheduling.
    let per_module: Vec<(Evidence, Option<(&str, Counts)>)> = code
        .par_iter()
        .map(|module| {
            let mut evidence = Evidence::default();
            if !is_test_path(&module.rel_path) {
                code_evidence(project, module, &mut evidence);
            }
            let counts = app_of_paths(&app_paths, &module.rel_path).map(|app| (app, counts_of(module, &known)));
            (evidence, counts)
        })
        .collect();
    let mut evidence = Evidence::default();
    let mut per_app: BTreeMap<String, Counts> = BTreeMap::new();
    for (module_evidence, counts) in per_module {
        for (key, hits) in module_evidence.hits {
            evidence.hits.entry(key).or_default().extend(hits);
        }
        if let Some((app, counts)) = counts {
            per_app.entry(app.to_owned()).or_default().add(counts);
        }
    }
    settings_evidence(project, &mut evidence);
    if !i18n_enabled(project) {
        evidence.hits.remove("i18n");
    }
    let templates: Vec<&str> = project.files_of(FileKind::Template).map(|f| f.rel_path.as_str()).collect();
    for app in &mut apps {
        let counts = per_app.get(&app.path).copied().unwrap_or_default();
        app.models = counts.models;
        app.views = counts.views;
        app.url_routes = counts.url_routes;
        app.forms = counts.forms;
        app.admin_registrations = counts.admin_registrations;
        app.tests = counts.tests;
        app.celery_tasks = counts.celery_tasks;
        app.channels_consumers = counts.channels_consumers;
        let prefix = format!("{}/templates/", app.path);
        app.templates = if app.path.is_empty() { 0 } else { templates.iter().filter(|t| t.starts_with(&prefix)).count() };
    }
    // Each finding's app resolved once, not once per app.
    for f in findings {
        let Some(path) = app_of_paths(&app_paths, &f.path) else { continue };
        for app in apps.iter_mut().filter(|a| a.path == path) {
            app.findings += 1;
            *app.findings_by_severity.entry(f.severity.as_str()).or_default() += 1;
        }
    }
    let features = FEATURES
        .iter()
        .map(|(key, name)| {
            let hits = evidence.hits.get(key).map(Vec::as_slice).unwrap_or(&[]);
            // One line per (file, what): four gettext calls in one file are one piece of evidence.
            let mut seen = BTreeSet::new();
            let evidence_lines: Vec<String> = hits
                .iter()
                .filter(|(path, _, what)| seen.insert((path.clone(), what.clone())))
                .take(MAX_EVIDENCE)
                .map(|(path, line, what)| format!("{path}:{line} — {what}"))
                .collect();
            let apps_hit: HashSet<&str> = hits.iter().filter_map(|(path, _, _)| app_of_paths(&app_paths, path)).collect();
            let mut in_apps: Vec<String> = Vec::new();
            for app in apps.iter_mut() {
                if apps_hit.contains(app.path.as_str()) {
                    app.features.push(key);
                    in_apps.push(app.label.clone());
                }
            }
            Feature { key, name, detected: !hits.is_empty(), evidence: evidence_lines, apps: in_apps }
        })
        .collect();
    Inventory { apps, features }
}

/// The app's directory name (its default label), else its module's last part.
fn app_label(module: &str, path: &str) -> String {
    let from_path = path.rsplit('/').next().filter(|p| !p.is_empty());
    from_path.unwrap_or_else(|| module.rsplit('.').next().unwrap_or(module)).to_owned()
}

/// The app whose directory holds `rel_path` (the deepest, when apps nest).
fn app_of_paths<'a>(paths: &'a [String], rel_path: &str) -> Option<&'a str> {
    let holds = |dir: &str| !dir.is_empty() && rel_path.strip_prefix(dir).is_some_and(|rest| rest.starts_with('/'));
    paths.iter().filter(|p| holds(p)).max_by_key(|p| p.len()).map(String::as_str)
}
