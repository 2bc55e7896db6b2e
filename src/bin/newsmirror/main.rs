//! The `newsmirror` command: one module per subcommand.

mod convert;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "newsmirror",
    version,
    about = "Turn Epoch Times article pages into GitHub mirror files"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Convert one article page and print the result to stdout.
    Convert(convert::Args),
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Convert(args) => convert::run(args),
    }
}
