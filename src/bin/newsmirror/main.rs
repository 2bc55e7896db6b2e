//! The `newsmirror` command: one module per subcommand.

mod convert;
mod mirror;
mod upgrade;

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
    /// Convert one page (an article or a list page) and print the result to stdout.
    Convert(convert::Args),
    /// Mirror a whole crawl: every page under IN_DIR into its place under OUT_DIR, in
    /// parallel, atomically, skipping unchanged pages.
    Mirror(mirror::Args),
    /// Rewrite existing mirror files (any generation) in the current format, repaired.
    Upgrade(upgrade::Args),
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Convert(args) => convert::run(args),
        Command::Mirror(args) => mirror::run(args),
        Command::Upgrade(args) => upgrade::run(args),
    }
}
