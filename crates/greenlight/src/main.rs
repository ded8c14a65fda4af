//! The `greenlight` command line: parses flags, wires the stages
//! (discover → parse → settings → rules → report → render), maps outcomes to
//! exit codes. 0: the gate passed; 1: the gate failed; 2: usage or I/O error.

mod audit;
mod cache;
mod cli;
mod completions;
mod config;
mod diff_cmd;
mod fix_cmd;
mod help;
mod probe_cmd;
mod progress;
mod rules_cmd;
mod scaffold;
mod verbose;

use std::process::ExitCode;

use clap::{CommandFactory, Parser};

use cli::{Cli, Command};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
    let Cli { command, verbose, quiet } = Cli::parse();
    if verbose && quiet {
        // clap's conflicts_with misses them when given on both sides of the subcommand.
        Cli::command().error(clap::error::ErrorKind::ArgumentConflict, "the argument '--quiet' cannot be used with '--verbose'").exit();
    }
    let outcome = std::panic::catch_unwind(|| match command {
        Command::Audit(mut args) => {
            (args.verbose, args.quiet) = (verbose, quiet);
            audit::run(&args)
        }
        Command::Rules(args) => rules_cmd::list(&args),
        Command::Diff(args) => diff_cmd::run(&args),
        Command::Explain(args) => rules_cmd::explain(&args),
        Command::Probe(mut args) => {
            args.quiet = quiet;
            probe_cmd::run(&args)
        }
        Command::Scaffold(args) => scaffold::run(&args),
        Command::Completions(args) => completions::run(&args),
        Command::Fix(args) => fix_cmd::run(&args),
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
