//! Whether a terminal report is coloured: audit and probe decide alike.

use std::io::IsTerminal;

/// Colour unless `--no-color`, `NO_COLOR`, or output that is not a terminal
/// (a file given with `--output`, a pipe).
pub fn wanted(no_color_flag: bool, to_file: bool) -> bool {
    !no_color_flag && !to_file && !no_color_env() && std::io::stdout().is_terminal()
}

/// NO_COLOR set to a non-empty value (https://no-color.org: an empty one is unset).
fn no_color_env() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}
