//! The "Examples:" sections of `--help`, one per command, kept out of the flag
//! definitions so that clap prints them verbatim (doc comments get re-wrapped).

pub const TOP: &str = "\
Examples:
  greenlight audit .                          # is this project ready for production?
  greenlight audit . --format html -o report.html
  greenlight explain SEC001                   # why a rule matters and how to fix it
  greenlight completions bash > ~/.local/share/bash-completion/completions/greenlight

Exit codes: 0 the gate passed, 1 the gate failed, 2 usage or I/O error.";

pub const AUDIT: &str = "\
Examples:
  greenlight audit .
  greenlight audit mysite --env-file .env.production --format json -o report.json
  greenlight audit --fail-on high --select SEC
  greenlight audit . --format sarif -o greenlight.sarif     # for GitHub code scanning
  greenlight audit . --write-baseline .greenlight-baseline.json
  greenlight audit . --baseline .greenlight-baseline.json   # only new findings fail

A progress bar appears on standard error for audits longer than a moment when it
is a terminal (never with --quiet or the json, sarif, github and junit formats).
NO_COLOR (set and not empty) turns colours off, like --no-color.";

pub const RULES: &str = "\
Examples:
  greenlight rules
  greenlight rules --format json
  greenlight rules --format markdown > docs/rules.md";

pub const DIFF: &str = "\
Examples:
  greenlight audit . --format json -o before.json
  (fix things)
  greenlight audit . --format json -o after.json
  greenlight diff before.json after.json --format markdown";

pub const EXPLAIN: &str = "\
Examples:
  greenlight explain SEC001
  greenlight explain debug-enabled
  greenlight explain --scoring";

pub const COMPLETIONS: &str = "\
Examples:
  greenlight completions bash > ~/.local/share/bash-completion/completions/greenlight
  greenlight completions zsh > ~/.zfunc/_greenlight     # with fpath+=~/.zfunc in .zshrc
  greenlight completions fish > ~/.config/fish/completions/greenlight.fish";

pub const PROBE: &str = "\
Examples:
  greenlight probe https://example.com/
  greenlight probe https://staging.internal/ --insecure --format json -o probe.json
  greenlight probe https://example.com/ --timeout 5 --max-requests 20 --fail-on high";

pub const SCAFFOLD: &str = "\
Examples:
  greenlight scaffold .
  greenlight scaffold mysite --dry-run
  greenlight scaffold . --settings mysite.settings.base --env-file .env.production";

pub const FIX: &str = "\
Examples:
  greenlight fix . --diff                           # show the safe fixes; write nothing
  greenlight fix .                                  # apply the safe fixes
  greenlight fix . --unsafe-fixes --select SEC      # also those that need a look first";
