//! The command line as a person meets it: `--help` with examples for every
//! command, `--version`, shell completions (loaded into a real bash), NO_COLOR,
//! `--verbose`/`--quiet`, and the progress bar — drawn on a real
//! pseudo-terminal (util-linux `script`), never in a pipe or in JSON output.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::{on_terminal, which, workspace};

const BIN: &str = env!("CARGO_BIN_EXE_greenlight");

fn greenlight(args: &[&str]) -> Output {
    Command::new(BIN).current_dir(workspace()).args(args).env_remove("NO_COLOR").output().unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// The subcommands `greenlight --help` lists (other than `help`).
fn subcommands() -> Vec<String> {
    let help = stdout(&greenlight(&["--help"]));
    let section = help.split("Commands:\n").nth(1).expect("a Commands section");
    section
        .lines()
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(str::to_owned)
        .collect()
}

#[test]
fn every_command_help_has_an_example_of_itself() {
    let commands = subcommands();
    for expected in ["audit", "rules", "diff", "explain", "completions"] {
        assert!(commands.iter().any(|c| c == expected), "{expected} missing from --help: {commands:?}");
    }
    let top = stdout(&greenlight(&["--help"]));
    assert!(top.contains("Examples:\n  greenlight audit ."), "top-level help has examples:\n{top}");
    for command in &commands {
        let output = greenlight(&[command, "--help"]);
        assert!(output.status.success(), "{command} --help failed");
        let help = stdout(&output);
        let examples = help.split("Examples:\n").nth(1).unwrap_or_else(|| panic!("`greenlight {command} --help` has no Examples section:\n{help}"));
        // One example per line, verbatim (not re-wrapped into a paragraph).
        let prefix = format!("  greenlight {command}");
        assert!(examples.lines().any(|l| l.starts_with(&prefix)), "`greenlight {command} --help` has no example line starting `{prefix}`:\n{examples}");
    }
}

#[test]
fn version_is_the_crate_version() {
    let output = greenlight(&["--version"]);
    assert!(output.status.success());
    assert_eq!(stdout(&output).trim(), format!("greenlight {}", env!("CARGO_PKG_VERSION")));
    // propagate_version: subcommands answer too (clap names them `greenlight-audit`).
    assert_eq!(stdout(&greenlight(&["audit", "--version"])).trim(), format!("greenlight-audit {}", env!("CARGO_PKG_VERSION")));
}

#[test]
fn bash_completion_loads_into_bash_and_knows_the_subcommands() {
    let output = greenlight(&["completions", "bash"]);
    assert!(output.status.success());
    let script = stdout(&output);
    assert!(script.contains("_greenlight() {"), "defines the completion function");
    for command in subcommands() {
        assert!(script.contains(&command), "the script does not mention `{command}`");
    }
    assert!(script.contains("--fail-on") && script.contains("--format"), "audit's flags are completed");
    let Ok(bash) = which("bash") else { return };
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("greenlight.bash");
    std::fs::write(&file, &script).unwrap();
    let loaded = Command::new(bash).arg("-c").arg(format!(". '{}' && complete -p greenlight", file.display())).output().unwrap();
    assert!(loaded.status.success(), "bash could not load it: {}", String::from_utf8_lossy(&loaded.stderr));
    assert!(stdout(&loaded).contains("-F _greenlight"), "registered for greenlight: {}", stdout(&loaded));
}

#[test]
fn zsh_and_fish_completions_name_the_subcommands() {
    let zsh = stdout(&greenlight(&["completions", "zsh"]));
    assert!(zsh.starts_with("#compdef greenlight"), "{}", &zsh[..zsh.len().min(80)]);
    let fish = stdout(&greenlight(&["completions", "fish"]));
    assert!(fish.contains("complete -c greenlight") && fish.contains("-a \"audit\""), "fish script:\n{fish}");
    let bad = greenlight(&["completions", "tcsh"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("possible values"), "an unknown shell lists the known ones");
}

#[test]
fn verbose_explains_the_audit_on_stderr() {
    let output = greenlight(&["audit", "examples/clubdesk", "--verbose", "--format", "json", "--no-cache"]);
    assert_eq!(output.status.code(), Some(1), "the gate still decides the exit code");
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("stdout stays pure JSON");
    let stderr = String::from_utf8_lossy(&output.stderr);
    let module = report["settings_module"].as_str().unwrap();
    assert!(stderr.contains(&format!("greenlight: settings module: {module} (named by DJANGO_SETTINGS_MODULE in")), "{stderr}");
    assert!(stderr.contains("greenlight: settings chain: clubdesk/settings/production.py -> clubdesk/settings/base.py"), "{stderr}");
    let python_files = walk_count(&workspace().join("examples/clubdesk"), "py");
    assert!(stderr.contains(&format!(" {python_files} python")), "counts the {python_files} Python files: {stderr}");
    let findings = report["findings"].as_array().unwrap().len();
    assert!(stderr.contains(&format!("findings: {findings}")), "{stderr}");
    let timings = stderr.lines().find(|l| l.starts_with("greenlight: timings: ")).expect("a timings line");
    for phase in ["reading the project", "checking rules", "building the report", "rendering", "total"] {
        assert!(timings.contains(phase) && timings.contains(" ms"), "{phase} missing: {timings}");
    }
    // A replayed audit says so instead.
    greenlight(&["audit", "examples/clubdesk", "--format", "json"]);
    let replayed = greenlight(&["audit", "examples/clubdesk", "--verbose", "--format", "json"]);
    assert_eq!(serde_json::from_slice::<serde_json::Value>(&replayed.stdout).unwrap(), report);
    let replayed_err = String::from_utf8_lossy(&replayed.stderr);
    assert!(replayed_err.contains("greenlight: cache: replayed"), "{replayed_err}");
    // Global flags work before the subcommand too.
    let before = greenlight(&["-v", "audit", "examples/clubdesk-hardened", "--format", "json", "--no-cache"]);
    assert!(String::from_utf8_lossy(&before.stderr).contains("greenlight: timings:"));
}

#[test]
fn quiet_prints_nothing_but_the_report() {
    let output = greenlight(&["audit", "examples/clubdesk", "--format", "json", "--quiet"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stderr.is_empty(), "stderr: {}", String::from_utf8_lossy(&output.stderr));
    let loud = greenlight(&["audit", "examples/clubdesk", "--format", "json"]);
    assert!(String::from_utf8_lossy(&loud.stderr).contains("not-ready"), "without -q a summary line is printed");
    for both in [&["-q", "audit", "examples/clubdesk", "-v"][..], &["audit", "examples/clubdesk", "-q", "-v"]] {
        let output = greenlight(both);
        assert_eq!(output.status.code(), Some(2), "--quiet and --verbose contradict each other: {both:?}");
        assert!(output.stdout.is_empty() && String::from_utf8_lossy(&output.stderr).contains("cannot be used with"));
    }
}

// --- On a real terminal -------------------------------------------------------

const DRAW_AT_ONCE: (&str, &str) = ("GREENLIGHT_PROGRESS_AFTER_MS", "0");

#[test]
fn progress_bar_is_drawn_on_a_terminal_and_erased() {
    // --no-cache: a replayed audit is instant and draws no bar.
    let Some((screen, code)) = on_terminal(&["audit", "examples/clubdesk", "--no-cache"], &[DRAW_AT_ONCE]) else { return };
    assert_eq!(code, 1, "{screen}");
    assert!(screen.contains("1/4 reading the project"), "the bar shows the phase:\n{screen}");
    assert!(screen.contains("checking rules"), "{screen}");
    let report_at = screen.find("SEC001").expect("the report follows");
    let last_erase = screen[..report_at].rfind("\r\x1b[2K").expect("the bar line is erased");
    assert!(!screen[last_erase + 5..report_at].contains("/4 "), "the bar is erased before the report is printed");
    // Short audits do not flash a bar.
    let Some((quick, _)) = on_terminal(&["audit", "examples/clubdesk", "--no-cache"], &[("GREENLIGHT_PROGRESS_AFTER_MS", "60000")]) else { return };
    assert!(!quick.contains("/4 reading"), "{quick}");
}

#[test]
fn progress_bar_never_in_machine_output_quiet_mode_or_a_pipe() {
    for format in ["json", "sarif", "github", "junit"] {
        let Some((screen, _)) = on_terminal(&["audit", "examples/clubdesk", "--format", format], &[DRAW_AT_ONCE]) else { return };
        assert!(!screen.contains("reading the project") && !screen.contains("/4 "), "no bar with --format {format}:\n{screen}");
    }
    let Some((quiet, _)) = on_terminal(&["audit", "examples/clubdesk", "-q"], &[DRAW_AT_ONCE]) else { return };
    assert!(!quiet.contains("/4 "), "no bar with -q");
    // Piped: stderr is not a terminal.
    let mut piped = Command::new(BIN);
    piped.current_dir(workspace()).args(["audit", "examples/clubdesk", "--format", "markdown"]).env(DRAW_AT_ONCE.0, DRAW_AT_ONCE.1);
    let output = piped.output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("/4 ") && !stderr.contains('\r'), "no bar in a pipe: {stderr:?}");
}

#[test]
fn colour_on_a_terminal_unless_no_color() {
    // The bar (which also writes escape sequences) is kept out of these runs.
    let no_bar = ("GREENLIGHT_PROGRESS_AFTER_MS", "600000");
    let Some((coloured, _)) = on_terminal(&["audit", "examples/clubdesk"], &[no_bar]) else { return };
    assert!(coloured.contains("\x1b[") && coloured.contains("SEC001"), "a terminal gets colour");
    let Some((plain, _)) = on_terminal(&["audit", "examples/clubdesk"], &[("NO_COLOR", "1"), no_bar]) else { return };
    assert!(plain.contains("SEC001"));
    assert!(!plain.contains("\x1b["), "NO_COLOR=1 turns colour off:\n{plain}");
    let Some((empty, _)) = on_terminal(&["audit", "examples/clubdesk"], &[("NO_COLOR", ""), no_bar]) else { return };
    assert!(empty.contains("\x1b["), "an empty NO_COLOR does not count (no-color.org)");
    let Some((flag, _)) = on_terminal(&["audit", "examples/clubdesk", "--no-color"], &[no_bar]) else { return };
    assert!(!flag.contains("\x1b["), "--no-color too");
}

fn walk_count(dir: &Path, ext: &str) -> usize {
    let mut n = 0;
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            n += walk_count(&path, ext);
        } else if path.extension().is_some_and(|e| e == ext) {
            n += 1;
        }
    }
    n
}
