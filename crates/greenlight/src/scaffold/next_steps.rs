//! "What you still have to do": the steps scaffold cannot take for the user,
//! tailored to what it created, skipped and found.

use super::env_catalog::EnvValue;
use super::{Action, Plan};

pub fn render(plan: &Plan) -> String {
    let facts = &plan.facts;
    let mut steps: Vec<String> = Vec::new();
    let required: Vec<&str> = plan.env.required().map(|e| e.name.as_str()).collect();
    let created = |path: &str| plan.steps.iter().any(|s| s.path == path && matches!(s.action, Action::Create(_) | Action::Edit { .. }));
    let env_example_created = created(".env.example");
    if env_example_created {
        steps.push(format!(
            "Give production every variable in .env.example marked (required): {}. Keep real values out of the repository.",
            required.join(", ")
        ));
    } else {
        let listed = std::fs::read_to_string(facts.abs(".env.example")).unwrap_or_default();
        let missing: Vec<&str> = plan.env.entries.iter().map(|e| e.name.as_str()).filter(|n| !listed.contains(n)).collect();
        if !missing.is_empty() {
            steps.push(format!("Your .env.example was kept; add the variables production now reads: {}.", missing.join(", ")));
        }
        steps.push(format!("Set in production: {}.", required.join(", ")));
    }
    let module = plan.env.entries.iter().find(|e| e.name == "DJANGO_SETTINGS_MODULE").and_then(|e| match &e.value {
        EnvValue::Value(v) => Some(v.as_str()),
        _ => None,
    });
    if let Some(module) = module {
        steps.push(format!(
            "Set DJANGO_SETTINGS_MODULE={module} in production (manage.py and wsgi.py only set a default), then run \
             `python manage.py check --deploy` and `python manage.py migrate` there."
        ));
    }
    if !facts.has_gunicorn {
        let file = facts.requirements.as_deref().unwrap_or("your requirements");
        steps.push(format!("Add gunicorn to {file} (e.g. gunicorn==23.0.0): gunicorn.conf.py needs it."));
    }
    if plan.steps.iter().any(|s| s.path == "Dockerfile" && matches!(s.action, Action::Skip(_))) {
        steps.push(
            "Your Dockerfile was kept: make it run as a non-root USER, pin its base image, add a HEALTHCHECK on /health \
             and start `gunicorn -c gunicorn.conf.py` (delete it and re-run scaffold to get one)."
                .to_owned(),
        );
    }
    if facts.cache_backend.is_none() {
        steps.push(
            "No shared cache is configured (CACHES): each process keeps its own memory cache. Configure Redis or Memcached \
             (and a /ready check of it beside /health)."
                .to_owned(),
        );
    }
    let serves_static = facts.middleware.as_ref().is_some_and(|m| m.iter().any(|x| x.contains("whitenoise")));
    if !serves_static {
        steps.push("Serve STATIC_ROOT in production (WhiteNoise, or your reverse proxy): DEBUG is off, so Django will not.".to_owned());
    }
    steps.push("Put a TLS-terminating proxy in front that sets X-Forwarded-Proto (the settings trust it) and check HSTS suits every subdomain before going live.".to_owned());
    steps.push("Run `greenlight audit --env-file <your production env>` to see what is left (code, dependencies, tests).".to_owned());
    let mut out = String::from("\nWhat you still have to do:\n");
    for (i, step) in steps.iter().enumerate() {
        out.push_str(&format!("  {}. {step}\n", i + 1));
    }
    out
}
