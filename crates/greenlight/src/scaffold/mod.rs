//! `greenlight scaffold`: creates the production pieces a project is missing
//! (production settings, `.env.example`, health checks, gunicorn config,
//! Dockerfile, `.dockerignore`), tailored to what the loaded project model
//! says about it. Never overwrites a file; the one edit of an existing file
//! appends the health URLs to the root URLconf, once. A second run creates
//! nothing.

mod dockerfile;
mod dockerignore;
mod env_catalog;
mod env_example;
pub mod facts;
mod gunicorn;
mod health;
mod next_steps;
mod production_settings;
mod write;

use std::path::Path;
use std::process::ExitCode;

use greenlight_core::project::LoadOptions;
use greenlight_core::python::parse_python;
use greenlight_core::settings::Value;
use greenlight_core::Project;

use crate::cli::ScaffoldArgs;
use crate::project_args::Opened;
use crate::UserError;
use env_catalog::EnvCatalog;
use facts::{Facts, MARKER};

/// What scaffold does with one path.
#[derive(Debug)]
pub enum Action {
    Create(String),
    /// Replace `original` (as read) with the new text.
    Edit { original: String, text: String },
    /// Left alone, and why.
    Skip(String),
}

#[derive(Debug)]
pub struct Step {
    /// Relative to the project root, `/` separators.
    pub path: String,
    /// What the file is for.
    pub what: String,
    pub action: Action,
}

/// Everything scaffold would do, computed without writing.
pub struct Plan {
    pub facts: Facts,
    pub steps: Vec<Step>,
    pub env: EnvCatalog,
}

pub fn run(args: &ScaffoldArgs) -> Result<ExitCode, UserError> {
    let Opened { config, profile, settings_module } = args.project.open(false)?;
    let limits = crate::limits_args::from_config(&config);
    let project = load_for_tailoring(&args.project.path, LoadOptions { settings_module, profile, limits })?;
    let plan = plan(&project);
    check_python(&plan.steps)?;
    let mut out = format!("greenlight scaffold: {} (settings: {})\n", args.project.path.display(), plan.facts.settings_module);
    let (mut created, mut edited, mut skipped) = (0, 0, 0);
    for step in &plan.steps {
        let target = plan.facts.abs(&step.path);
        let verb = match &step.action {
            Action::Create(text) => {
                if !args.dry_run {
                    match write::create_new(&target, text).map_err(|e| UserError(format!("cannot create {}: {e}", step.path)))? {
                        write::Created::Yes => {}
                        write::Created::Exists => {
                            skipped += 1;
                            out.push_str(&line("skipped", &step.path, "appeared while scaffold ran; not overwritten"));
                            continue;
                        }
                    }
                }
                created += 1;
                if args.dry_run { "would create" } else { "created" }
            }
            Action::Edit { original, text } => {
                if !args.dry_run {
                    write::replace(&target, original, text).map_err(UserError)?;
                }
                edited += 1;
                if args.dry_run { "would edit" } else { "edited" }
            }
            Action::Skip(why) => {
                skipped += 1;
                out.push_str(&line("skipped", &step.path, why));
                continue;
            }
        };
        out.push_str(&line(verb, &step.path, &step.what));
    }
    let summary = if args.dry_run {
        format!("Dry run: would create {created} file(s) and edit {edited}; nothing was written ({skipped} skipped).\n")
    } else if created + edited == 0 {
        format!("Nothing to do: every piece is already there ({skipped} skipped).\n")
    } else {
        format!("Created {created} file(s), edited {edited}, skipped {skipped}.\n")
    };
    out.push_str(&summary);
    out.push_str(&next_steps::render(&plan));
    print!("{out}");
    Ok(ExitCode::SUCCESS)
}

fn line(verb: &str, path: &str, what: &str) -> String {
    format!("  {verb:<12} {path:<36} {what}\n")
}

/// Loads the project as production would run it once configured: variables
/// its settings require (read with no default) and the profile lacks get a
/// stand-in value, so settings that refuse to start without them (`raise
/// ImproperlyConfigured`) are still evaluated to the end. The stand-ins only
/// steer tailoring; no generated file contains them.
fn load_for_tailoring(path: &Path, mut options: LoadOptions) -> Result<Project, UserError> {
    let mut project = Project::load(path, &options)?;
    for _ in 0..3 {
        let missing: Vec<String> = project
            .settings
            .env_vars
            .iter()
            .filter(|read| !read.in_profile && matches!(read.default, None | Some(Value::None)) && read.name != "DJANGO_SETTINGS_MODULE")
            .map(|read| read.name.clone())
            .collect();
        if missing.is_empty() {
            break;
        }
        for name in missing {
            let stand_in = if name.contains("DEBUG") { "False" } else { "1" };
            options.profile.set(name, stand_in);
        }
        project = Project::load(path, &options)?;
    }
    Ok(project)
}

/// Every generated Python file must parse; a failure is a greenlight bug and nothing is written.
fn check_python(steps: &[Step]) -> Result<(), UserError> {
    for step in steps {
        let text = match &step.action {
            Action::Create(text) | Action::Edit { text, .. } if step.path.ends_with(".py") => text,
            _ => continue,
        };
        if let Err(failure) = parse_python(&step.path, text.clone()) {
            return Err(UserError(format!(
                "internal error: the generated {} does not parse ({}); nothing was written. Please report this.",
                step.path,
                failure.describe()
            )));
        }
    }
    Ok(())
}

/// What scaffold would do for `project`.
pub fn plan(project: &Project) -> Plan {
    let facts = Facts::from_project(project);
    let mut env = EnvCatalog::default();
    let mut steps = Vec::new();
    let root = facts.root.clone();
    let exists = |rel: &str| facts::exists(&root, rel);

    // Production settings (rendered even when skipped: .env.example lists what it reads).
    let settings_text = production_settings::render(&facts, &mut env);
    let target = &facts.target;
    steps.push(Step {
        path: target.rel_path.clone(),
        what: format!("production settings (DJANGO_SETTINGS_MODULE={}), building on {}", target.module, target.base_module),
        action: if target.already_scaffolded {
            Action::Skip("exists (written by an earlier scaffold run)".into())
        } else if exists(&target.rel_path) {
            Action::Skip("exists, not overwritten".into())
        } else {
            Action::Create(settings_text)
        },
    });

    health_steps(&facts, &mut steps);

    let gunicorn_path = facts.in_source_root("gunicorn.conf.py");
    let gunicorn_action = match &facts.wsgi_module {
        _ if exists(&gunicorn_path) => {
            let _ = facts.wsgi_module.as_deref().map(|w| gunicorn::render(&facts, w, &mut env));
            Action::Skip("exists, not overwritten".into())
        }
        Some(wsgi) => Action::Create(gunicorn::render(&facts, wsgi, &mut env)),
        None => Action::Skip("no WSGI module found (WSGI_APPLICATION or a wsgi.py); write one first".into()),
    };
    let wsgi = facts.wsgi_module.clone().unwrap_or_default();
    steps.push(Step { path: gunicorn_path, what: format!("gunicorn config serving {wsgi}:application"), action: gunicorn_action });

    let hosts_var = facts.var_for("ALLOWED_HOSTS");
    steps.push(create_unless_exists(&root, "Dockerfile", "image: pinned python slim, non-root, HEALTHCHECK on /health, gunicorn", || {
        dockerfile::render(&facts, &hosts_var)
    }));
    steps.push(create_unless_exists(&root, ".dockerignore", "keeps .env, .git, databases and caches out of the image", dockerignore::render));

    let env_text = env_example::render(&facts, &mut env);
    let required = env.required().count();
    steps.push(create_unless_exists(&root, ".env.example", &format!("{} variables ({required} required), one comment each", env.entries.len()), || env_text));
    Plan { facts, steps, env }
}

fn create_unless_exists(root: &Path, path: &str, what: &str, render: impl FnOnce() -> String) -> Step {
    let action = if facts::exists(root, path) { Action::Skip("exists, not overwritten".into()) } else { Action::Create(render()) };
    Step { path: path.to_owned(), what: what.to_owned(), action }
}

/// The health module and its URLs in the root URLconf.
fn health_steps(facts: &Facts, steps: &mut Vec<Step>) {
    let Some((path, dotted)) = health::location(facts) else {
        steps.push(Step {
            path: "health.py".into(),
            what: "health checks".into(),
            action: Action::Skip("ROOT_URLCONF could not be found in the project; add a health view by hand".into()),
        });
        return;
    };
    let (urls_module, urls_path) = facts.urlconf.clone().unwrap_or_default();
    let urls_text = std::fs::read_to_string(facts.abs(&urls_path)).ok();
    let routes = if facts.cache_backend.is_some() { "/health (database) and /ready (database and cache)" } else { "/health (database)" };
    let module_exists = facts::exists(&facts.root, &path);
    let ours = module_exists && std::fs::read_to_string(facts.abs(&path)).is_ok_and(|t| t.contains(MARKER));
    steps.push(Step {
        path: path.clone(),
        what: format!("health-check views: {routes}"),
        action: if !module_exists {
            Action::Create(health::render_module(facts))
        } else if ours {
            Action::Skip("exists (written by an earlier scaffold run)".into())
        } else {
            Action::Skip("exists, not overwritten (and not wired into the URLconf)".into())
        },
    });
    let action = match urls_text {
        None => Action::Skip(format!("{urls_module} could not be read; add the health URLs by hand")),
        Some(_) if module_exists && !ours => Action::Skip("left alone: the health module is not greenlight's".into()),
        Some(text) if health::already_wired(&text, &dotted) => Action::Skip("already routes a health URL".into()),
        Some(text) => {
            let edited = health::edited_urls(&text, &health::urls_block(facts, &dotted, &text));
            Action::Edit { original: text, text: edited }
        }
    };
    steps.push(Step { path: urls_path, what: format!("appended urlpatterns += [...] for {routes}"), action });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step(path: &str, text: &str) -> Step {
        Step { path: path.into(), what: String::new(), action: Action::Create(text.into()) }
    }

    #[test]
    fn an_unparsable_generated_file_stops_everything() {
        assert!(check_python(&[step("ok.py", "X = 1\n"), step("Dockerfile", "FROM x (")]).is_ok());
        let broken = [step("ok.py", "X = 1\n"), step("bad.py", "def f(:\n")];
        let error = check_python(&broken).unwrap_err();
        assert!(error.0.contains("bad.py") && error.0.contains("nothing was written"), "{}", error.0);
    }
}
