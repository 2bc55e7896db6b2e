//! The `newsmirror` command: one module per subcommand.

mod convert;
mod mirror;

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
    /// Mirror a whole crawl: every page under IN_DIR into its place under OUT_DIR, in
    /// parallel, atomically, skipping unchanged pages.
    Mirror(mirror::Args),
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Convert(args) => convert::run(args),
        Command::Mirror(args) => mirror::run(args),
    }
}
