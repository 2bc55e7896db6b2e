//! The `newsmirror` command: one module per subcommand.

mod convert;
mod mirror;
mod upgrade;

use std::path::Path;
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

/// `message` about `file` as one line that names the file once: errors that already name it
/// (reading it failed: `Error::Io` writes `PATH: reason`) are not prefixed with it again.
pub(crate) fn about_file(file: &Path, message: &str) -> String {
    let named = format!("{}: ", file.display());
    if message.starts_with(&named) {
        message.to_string()
    } else {
        format!("{named}{message}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_named_once() {
        let file = Path::new("/in/a b.htm");
        let io = newsmirror::Error::Io {
            path: file.into(),
            source: std::io::Error::from(std::io::ErrorKind::NotFound),
        };
        assert_eq!(
            about_file(file, &io.to_string()),
            format!(
                "/in/a b.htm: {}",
                std::io::Error::from(std::io::ErrorKind::NotFound)
            )
        );
        assert_eq!(about_file(file, "empty input"), "/in/a b.htm: empty input");
        // Another file's error keeps both names.
        let picks = newsmirror::Error::Io {
            path: "/picks.json".into(),
            source: std::io::Error::from(std::io::ErrorKind::NotFound),
        };
        assert!(about_file(file, &picks.to_string()).starts_with("/in/a b.htm: /picks.json: "));
        // A name that only begins the same way is not the file.
        assert_eq!(
            about_file(Path::new("/in/a"), "/in/a b.htm: x"),
            "/in/a: /in/a b.htm: x"
        );
    }
}
