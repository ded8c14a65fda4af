//! `greenlight fix`: runs the audit, applies the edits attached to its
//! findings (safe ones, plus unsafe ones with `--unsafe-fixes`), and repeats
//! until nothing more applies, so fixes that depend on earlier ones land too.
//! Every edited Python file is re-parsed before it is written (a file that would
//! no longer parse is refused), writes are atomic, and `--diff` works on a
//! scratch copy and prints a unified diff instead of writing.

mod atomic_write;
mod preview;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::ExitCode;

use clap::Args;
use greenlight_core::project::LoadOptions;
use greenlight_core::python::parse_python;
use greenlight_core::Project;
use greenlight_rules::fixes::apply::apply_fixes;
use greenlight_rules::{check_project, Edit, Finding, RuleSelection};

use self::atomic_write::replace_file;
use self::preview::{scratch_copy, unified_diff};
use crate::config;
use crate::project_args::{Opened, ProjectArgs};
use crate::UserError;

/// Passes before giving up on fixes that keep enabling other fixes (ruff uses 100; ours converge in 2–3).
const MAX_PASSES: usize = 10;
const BOM: &[u8] = &[0xEF, 0xBB, 0xBF];

#[derive(Debug, Args)]
pub struct FixArgs {
    #[command(flatten)]
    pub project: ProjectArgs,

    /// Print a unified diff of the changes and write nothing (exit 1 when there would be changes).
    #[arg(long)]
    pub diff: bool,

    /// Also apply fixes that can change what a deploy does (they need a look first).
    #[arg(long)]
    pub unsafe_fixes: bool,

    /// Only fix these rule codes or prefixes (comma-separated or repeated).
    #[arg(long, value_name = "CODES")]
    pub select: Vec<String>,

    /// Do not fix these rule codes or prefixes.
    #[arg(long, value_name = "CODES")]
    pub ignore: Vec<String>,

    /// Also evaluate settings under this shell's environment.
    #[arg(long)]
    pub inherit_env: bool,
}

/// What the passes did.
#[derive(Debug, Default)]
struct Outcome {
    /// file → code → fixes applied.
    fixed: BTreeMap<String, BTreeMap<&'static str, usize>>,
    edits: usize,
    /// Files whose content changed.
    changed: BTreeSet<String>,
    /// Files refused, with why.
    refused: BTreeMap<String, String>,
    /// Findings left after the last pass.
    remaining: Vec<Finding>,
}

pub fn run(args: &FixArgs) -> Result<ExitCode, UserError> {
    let Opened { config, profile, settings_module } = args.project.open(args.inherit_env)?;
    let select = if args.select.is_empty() { config.select.clone() } else { args.select.clone() };
    let ignore: Vec<String> = config.ignore.iter().chain(&args.ignore).cloned().collect();
    let selection = RuleSelection::new(&select, &ignore).map_err(UserError)?;
    let limits = crate::limits_args::from_config(&config);
    let options = LoadOptions { settings_module, profile, limits };

    let scratch = if args.diff { Some(scratch_copy(&args.project.path)?) } else { None };
    let root = scratch.as_ref().map_or(args.project.path.as_path(), |d| d.path());
    let outcome = run_passes(root, &options, &selection, &config, args.unsafe_fixes)?;

    if args.diff {
        print!("{}", unified_diff(&args.project.path, root, &outcome.changed));
        eprint!("{}", summary(&outcome, args.unsafe_fixes, true));
    } else {
        print!("{}", summary(&outcome, args.unsafe_fixes, false));
    }
    if !outcome.refused.is_empty() {
        let list: Vec<String> = outcome.refused.iter().map(|(path, why)| format!("{path}: {why}")).collect();
        return Err(UserError(format!("some files were not fixed:\n  {}", list.join("\n  "))));
    }
    Ok(if args.diff && !outcome.changed.is_empty() { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

fn run_passes(root: &Path, options: &LoadOptions, selection: &RuleSelection, config: &config::Config, unsafe_fixes: bool) -> Result<Outcome, UserError> {
    let mut outcome = Outcome::default();
    for _ in 0..=MAX_PASSES {
        let project = Project::load(root, options)?;
        let mut findings = check_project(&project, selection);
        findings.retain(|f| !config.per_file_ignores.ignores(&f.path, f.code));
        let mut by_file: BTreeMap<&str, Vec<(&'static str, &[Edit])>> = BTreeMap::new();
        for finding in &findings {
            let Some(fix) = finding.fix.as_ref().filter(|f| f.applies(unsafe_fixes)) else { continue };
            let Some(path) = single_path(&fix.edits) else { continue };
            if !outcome.refused.contains_key(path) {
                by_file.entry(path).or_default().push((finding.code, &fix.edits));
            }
        }
        let mut wrote = false;
        for (path, fixes) in by_file {
            match fix_file(&project, path, &fixes) {
                Ok(Some(done)) => {
                    wrote = true;
                    outcome.edits += done.edits;
                    outcome.changed.insert(path.to_owned());
                    let counts = outcome.fixed.entry(path.to_owned()).or_default();
                    for code in done.codes {
                        *counts.entry(code).or_default() += 1;
                    }
                }
                Ok(None) => {}
                Err(why) => {
                    outcome.refused.insert(path.to_owned(), why);
                }
            }
        }
        if !wrote {
            outcome.remaining = findings;
            return Ok(outcome);
        }
    }
    outcome.remaining = check_project(&Project::load(root, options)?, selection);
    Ok(outcome)
}

/// The one file a fix edits (fixes spanning several files are not applied).
fn single_path(edits: &[Edit]) -> Option<&str> {
    let first = edits.first()?.path.as_str();
    edits.iter().all(|e| e.path == first).then_some(first)
}

struct FileFix {
    edits: usize,
    codes: Vec<&'static str>,
}

/// Applies `fixes` to one file of the loaded project and writes it; `None`
/// when none of them could apply this pass.
fn fix_file(project: &Project, path: &str, fixes: &[(&'static str, &[Edit])]) -> Result<Option<FileFix>, String> {
    let Some(module) = project.python_file(path) else { return Err("not a Python file greenlight could parse; nothing written".into()) };
    let full = project.root.join(path);
    let disk = std::fs::read(&full).map_err(|e| format!("cannot read it: {e}"))?;
    let (bom, body) = match disk.strip_prefix(BOM) {
        Some(rest) => (true, rest),
        None => (false, &disk[..]),
    };
    match std::str::from_utf8(body) {
        Ok(text) if text == module.text => {}
        Ok(_) => return Err("changed since greenlight read it; nothing was written to it. Run `greenlight fix` again".into()),
        Err(_) => return Err("not UTF-8 (greenlight only rewrites UTF-8 files); fix it by hand".into()),
    }
    let edit_lists: Vec<&[Edit]> = fixes.iter().map(|(_, e)| *e).collect();
    let applied = apply_fixes(&module.text, &edit_lists);
    if applied.applied.is_empty() || applied.text == module.text {
        return Ok(None);
    }
    if let Err(failure) = parse_python(path, applied.text.clone()) {
        return Err(format!("the fixes would leave it unparsable ({}); nothing written. Please report this", failure.describe()));
    }
    let mut bytes = Vec::with_capacity(applied.text.len() + 3);
    if bom {
        bytes.extend_from_slice(BOM);
    }
    bytes.extend_from_slice(applied.text.as_bytes());
    replace_file(&full, &disk, &bytes).map_err(|e| e.0)?;
    Ok(Some(FileFix { edits: applied.edits, codes: applied.applied.iter().map(|&i| fixes[i].0).collect() }))
}

fn summary(outcome: &Outcome, unsafe_fixes: bool, dry: bool) -> String {
    let mut out = String::new();
    let total: usize = outcome.fixed.values().flat_map(|c| c.values()).sum();
    let verb = if dry { "Would fix" } else { "Fixed" };
    if total == 0 {
        out.push_str("No fixes applied.\n");
    } else {
        out.push_str(&format!("{verb} {total} finding(s) with {} edit(s) in {} file(s):\n", outcome.edits, outcome.fixed.len()));
        for (path, codes) in &outcome.fixed {
            let list: Vec<String> = codes.iter().map(|(code, n)| format!("{code} ×{n}")).collect();
            out.push_str(&format!("  {path}: {}\n", list.join(", ")));
        }
    }
    let remaining = outcome.remaining.len();
    let unsafe_left = if unsafe_fixes { 0 } else { outcome.remaining.iter().filter(|f| f.fix.as_ref().is_some_and(|x| x.applies(true) && !x.applies(false))).count() };
    out.push_str(&format!("{remaining} finding(s) remain"));
    if unsafe_left > 0 {
        out.push_str(&format!("; {unsafe_left} more fixable with --unsafe-fixes"));
    }
    out.push_str(". Run `greenlight audit` for the details.\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// manage.py, a settings module, and `views.py` holding `x = 1`.
    fn tiny_project() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("manage.py"), "import os\nos.environ.setdefault(\"DJANGO_SETTINGS_MODULE\", \"settings\")\n").unwrap();
        std::fs::write(dir.path().join("settings.py"), "DEBUG = False\n").unwrap();
        std::fs::write(dir.path().join("views.py"), "x = 1\n").unwrap();
        dir
    }

    /// A fix that would break the syntax is refused and the file stays as it was.
    #[test]
    fn never_writes_an_unparsable_file() {
        let dir = tiny_project();
        let project = Project::load(dir.path(), &LoadOptions::default()).unwrap();
        let breaking = [Edit::replace("views.py", 4, 5, "(")];
        let err = fix_file(&project, "views.py", &[("TEST", &breaking)]).err().expect("refused");
        assert!(err.contains("unparsable"), "{err}");
        assert_eq!(std::fs::read_to_string(dir.path().join("views.py")).unwrap(), "x = 1\n");
        let fine = [Edit::replace("views.py", 4, 5, "2")];
        assert!(fix_file(&project, "views.py", &[("TEST", &fine)]).unwrap().is_some());
        assert_eq!(std::fs::read_to_string(dir.path().join("views.py")).unwrap(), "x = 2\n");
    }

    /// A file edited after the audit read it is refused, not overwritten.
    #[test]
    fn refuses_a_file_changed_since_the_audit_read_it() {
        let dir = tiny_project();
        let project = Project::load(dir.path(), &LoadOptions::default()).unwrap();
        std::fs::write(dir.path().join("views.py"), "x = 1  # edited meanwhile\n").unwrap();
        let edit = [Edit::replace("views.py", 4, 5, "2")];
        let err = fix_file(&project, "views.py", &[("TEST", &edit)]).err().expect("refused");
        assert!(err.contains("changed since greenlight read it"), "{err}");
        assert_eq!(std::fs::read_to_string(dir.path().join("views.py")).unwrap(), "x = 1  # edited meanwhile\n");
    }
}
