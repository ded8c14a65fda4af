//! The `greenlight` command line: parses flags, wires the stages
//! (discover → parse → settings → rules → report → render), maps outcomes to
//! exit codes. 0: the gate passed; 1: the gate failed; 2: usage or I/O error.

mod audit;
mod cli;
mod config;
mod diff_cmd;
mod limits_args;
mod rules_cmd;

use std::process::ExitCode;

use clap::Parser;

use cli::{Cli, Command};

/// An error for the user: what went wrong and what to do, exit code 2.
#[derive(Debug)]
pub struct UserError(pub String);

impl<E: std::fmt::Display> From<E> for UserError {
    fn from(e: E) -> Self {
        UserError(e.to_string())
    }
}

fn main() -> ExitCode {
    std::panic::set_hook(Box::new(|info| {
        eprintln!("greenlight: internal error: {info}");
        eprintln!("This is a bug in greenlight; please report it with the command you ran.");
    }));
    let cli = Cli::parse();
    let outcome = std::panic::catch_unwind(|| match cli.command {
        Command::Audit(args) => audit::run(&args),
        Command::Rules(args) => rules_cmd::list(&args),
        Command::Diff(args) => diff_cmd::run(&args),
        Command::Explain(args) => rules_cmd::explain(&args),
    });
    match outcome {
        Ok(Ok(code)) => code,
        Ok(Err(UserError(message))) => {
            eprintln!("greenlight: error: {message}");
            ExitCode::from(2)
        }
        Err(_) => ExitCode::from(2),
    }
}
