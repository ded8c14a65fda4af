//! `--verbose`: what the audit did, on standard error — the settings module
//! chosen and why, the settings chain, the files counted by kind, the notes
//! (what greenlight could not evaluate), and how long each phase took.

use std::collections::BTreeMap;
use std::io::Write;
use std::time::Duration;

use greenlight_core::project::SettingsChoice;
use greenlight_core::Project;

pub fn print(project: &Project, rules_run: usize, findings: usize, timings: &(Vec<(&'static str, Duration)>, Duration)) {
    let mut out = std::io::stderr().lock();
    let _ = write!(out, "{}", describe(project, rules_run, findings, timings));
    let _ = out.flush();
}

fn describe(project: &Project, rules_run: usize, findings: usize, (phases, total): &(Vec<(&'static str, Duration)>, Duration)) -> String {
    let mut lines = Vec::new();
    let why = match &project.settings_choice {
        SettingsChoice::Flag => "given with --settings or [tool.greenlight] settings".to_owned(),
        SettingsChoice::ProfileEnv => "DJANGO_SETTINGS_MODULE in the production environment".to_owned(),
        SettingsChoice::EntryPoint(files) => format!("named by DJANGO_SETTINGS_MODULE in {files}"),
        SettingsChoice::ProductionSibling(module) => format!("the production sibling of {module}, which the entry points name"),
        SettingsChoice::Found => "the shallowest settings module (no entry point names one)".to_owned(),
    };
    lines.push(format!("settings module: {} ({why})", project.settings_module()));
    if !project.settings.files.is_empty() {
        lines.push(format!("settings chain: {}", project.settings.files.join(" -> ")));
    }
    let mut kinds: BTreeMap<String, usize> = BTreeMap::new();
    for file in &project.files {
        *kinds.entry(format!("{:?}", file.kind).to_lowercase()).or_default() += 1;
    }
    let by_kind: Vec<String> = kinds.iter().map(|(kind, n)| format!("{n} {kind}")).collect();
    lines.push(format!("files: {} ({})", project.files.len(), by_kind.join(", ")));
    lines.push(format!("rules run: {rules_run}, findings: {findings}"));
    for note in &project.notes {
        let place = if note.path.is_empty() { String::new() } else { format!("{}: ", note.path) };
        lines.push(format!("note: {place}{}", note.message));
    }
    let phases: Vec<String> = phases.iter().map(|(label, d)| format!("{label} {}", millis(*d))).collect();
    lines.push(format!("timings: {}; total {}", phases.join(", "), millis(*total)));
    lines.iter().map(|l| format!("greenlight: {l}\n")).collect()
}

fn millis(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}
