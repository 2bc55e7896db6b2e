//! `newsmirror upgrade`: rewrite existing mirror files of any generation in the current format,
//! repaired, in place (the library's `upgrade::upgrade_dir` with a summary and a report).

use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use newsmirror::Error;
use newsmirror::upgrade::{
    FileReport, FileStatus, Findings, UpgradeOptions, UpgradeSummary, upgrade_dir_with,
};

#[derive(clap::Args)]
pub(crate) struct Args {
    /// A mirror directory (every `*.md` below it, hidden directories and symbolic links
    /// skipped) or one mirror file.
    path: PathBuf,
    /// Write nothing; print what would change.
    #[arg(long)]
    dry_run: bool,
    /// Write a report to FILE: one JSON object per file (path, status, generation, defects,
    /// lost characters, error), then one `{"summary": …}` line.
    #[arg(long, value_name = "FILE")]
    report: Option<PathBuf>,
    /// Worker threads (default: one per core). Each rewrite waits for its file to reach the
    /// disk, so more threads than cores can help on a slow disk.
    #[arg(long, short = 'j', value_name = "N")]
    jobs: Option<usize>,
}

pub(crate) fn run(args: Args) -> ExitCode {
    match run_inner(&args) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("newsmirror upgrade: {e}");
            ExitCode::FAILURE
        }
    }
}

/// `Ok(false)` when some file failed.
fn run_inner(args: &Args) -> newsmirror::Result<bool> {
    let mut report = match &args.report {
        Some(p) => Some(BufWriter::new(fs::File::create(p).map_err(|source| {
            Error::Io {
                path: p.clone(),
                source,
            }
        })?)),
        None => None,
    };
    let mut options = UpgradeOptions::default();
    options.dry_run = args.dry_run;
    options.jobs = args.jobs;
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let summary = upgrade_dir_with(&args.path, &options, |file| {
        report_one(args, file, &mut out, report.as_mut())
    })?;
    print_summary(&summary, &mut out, &args.path, args.dry_run)?;
    out.flush()?;
    if let Some(mut r) = report {
        serde_json::to_writer(&mut r, &summary_json(&summary))?;
        r.write_all(b"\n")?;
        r.flush()?;
    }
    Ok(summary.is_success())
}

/// Prints (in a dry run, or a failure) and reports what happened to one file.
fn report_one(
    args: &Args,
    file: &FileReport,
    out: &mut dyn Write,
    report: Option<&mut BufWriter<fs::File>>,
) -> newsmirror::Result<()> {
    let shown = file.path.strip_prefix(&args.path).unwrap_or(&file.path);
    let shown = if shown.as_os_str().is_empty() {
        &file.path
    } else {
        shown
    };
    let error = file.error.as_ref().map(ToString::to_string);
    if file.status == FileStatus::Failed {
        if let Some(e) = &error {
            eprintln!("newsmirror upgrade: {}", crate::about_file(&file.path, e));
        }
    }
    if file.status == FileStatus::WouldRewrite {
        if let Some(found) = &file.found {
            writeln!(
                out,
                "would rewrite {}: {}",
                shown.display(),
                describe(found)
            )?;
        }
    }
    if let Some(r) = report {
        let found = file.found.as_ref();
        let line = serde_json::json!({
            "path": shown.to_string_lossy(),
            "status": file.status.as_str(),
            "generation": found.map(|f| f.generation.as_str()),
            "defects": found.map(|f| &f.defects),
            "lost_chars": found.map(|f| f.lost_chars),
            "error": error,
        });
        serde_json::to_writer(&mut *r, &line)?;
        r.write_all(b"\n")?;
    }
    Ok(())
}

/// One line: the generation, the repairs, the lost characters.
fn describe(found: &Findings) -> String {
    let mut parts = vec![format!("Gen {}", found.generation)];
    parts.extend(found.defects.iter().map(|(d, n)| format!("{d} {n}")));
    if found.lost_chars > 0 {
        parts.push(format!("{} lost character(s) kept", found.lost_chars));
    }
    parts.join(", ")
}

fn print_summary(
    summary: &UpgradeSummary,
    out: &mut dyn Write,
    root: &Path,
    dry_run: bool,
) -> io::Result<()> {
    let changed = if dry_run {
        format!(
            "{} would be rewritten",
            summary.count(FileStatus::WouldRewrite)
        )
    } else {
        format!("{} rewritten", summary.count(FileStatus::Rewritten))
    };
    writeln!(
        out,
        "newsmirror upgrade{}: {}: {} file(s): {changed}, {} unchanged, {} skipped (not mirror articles), {} failed",
        if dry_run { " --dry-run" } else { "" },
        root.display(),
        summary.total(),
        summary.count(FileStatus::Unchanged),
        summary.count(FileStatus::Skipped),
        summary.count(FileStatus::Failed),
    )?;
    if !summary.generations.is_empty() {
        let gens: Vec<String> = summary
            .generations
            .iter()
            .map(|(g, n)| format!("{g} {n}"))
            .collect();
        writeln!(out, "generations: {}", gens.join(", "))?;
    }
    if !summary.defects.is_empty() {
        writeln!(out, "repaired (occurrences, files):")?;
        for (d, n) in summary.defects.iter() {
            let files = summary.files_with.get(&d).copied().unwrap_or(0);
            writeln!(
                out,
                "  {:<22} {n:>8} {files:>8}  {}",
                d.as_str(),
                d.description()
            )?;
        }
    }
    if summary.lost_chars > 0 {
        writeln!(
            out,
            "lost characters (?): {} in {} file(s), kept: the old generator lost them",
            summary.lost_chars, summary.files_with_lost
        )?;
    }
    Ok(())
}

fn summary_json(summary: &UpgradeSummary) -> serde_json::Value {
    let statuses: serde_json::Map<String, serde_json::Value> = summary
        .files
        .iter()
        .map(|(s, n)| (s.as_str().to_string(), (*n).into()))
        .collect();
    let generations: serde_json::Map<String, serde_json::Value> = summary
        .generations
        .iter()
        .map(|(g, n)| (g.as_str().to_string(), (*n).into()))
        .collect();
    serde_json::json!({
        "summary": {
            "files": statuses,
            "generations": generations,
            "defects": summary.defects,
            "lost_chars": summary.lost_chars,
        }
    })
}
