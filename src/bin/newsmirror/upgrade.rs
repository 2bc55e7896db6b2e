//! `newsmirror upgrade`: rewrite existing mirror files of any generation in the current format,
//! repaired, in place.

use std::collections::BTreeMap;
use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use newsmirror::read::{Defect, Defects, Generation};
use newsmirror::upgrade::{Upgrade, upgrade};
use newsmirror::{Error, RenderOptions};
use rayon::prelude::*;

/// Mirror files are about 20 KB; anything far larger is not one.
const MAX_FILE_BYTES: u64 = 16 << 20;

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

/// What happened to one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Status {
    Rewritten,
    WouldRewrite,
    Unchanged,
    /// Not a mirror article (a list page, another Markdown file): left alone.
    Skipped,
    Failed,
}

impl Status {
    fn as_str(self) -> &'static str {
        match self {
            Status::Rewritten => "rewritten",
            Status::WouldRewrite => "would_rewrite",
            Status::Unchanged => "unchanged",
            Status::Skipped => "skipped",
            Status::Failed => "failed",
        }
    }
}

#[derive(Default)]
struct Summary {
    statuses: BTreeMap<Status, usize>,
    generations: BTreeMap<Generation, usize>,
    defects: Defects,
    /// Files each defect was found in.
    files_with: BTreeMap<Defect, usize>,
    lost_chars: usize,
    files_with_lost: usize,
}

impl Summary {
    fn add(&mut self, status: Status, up: Option<&Upgrade>) {
        *self.statuses.entry(status).or_insert(0) += 1;
        if let Some(up) = up {
            *self.generations.entry(up.generation).or_insert(0) += 1;
            self.defects.merge(&up.defects);
            for (d, _) in up.defects.iter() {
                *self.files_with.entry(d).or_insert(0) += 1;
            }
            self.lost_chars += up.lost_chars;
            self.files_with_lost += usize::from(up.lost_chars > 0);
        }
    }

    fn count(&self, s: Status) -> usize {
        self.statuses.get(&s).copied().unwrap_or(0)
    }

    fn print(&self, out: &mut dyn Write, root: &Path, dry_run: bool) -> io::Result<()> {
        let total: usize = self.statuses.values().sum();
        let changed = if dry_run {
            format!("{} would be rewritten", self.count(Status::WouldRewrite))
        } else {
            format!("{} rewritten", self.count(Status::Rewritten))
        };
        writeln!(
            out,
            "newsmirror upgrade{}: {}: {total} file(s): {changed}, {} unchanged, {} skipped (not mirror articles), {} failed",
            if dry_run { " --dry-run" } else { "" },
            root.display(),
            self.count(Status::Unchanged),
            self.count(Status::Skipped),
            self.count(Status::Failed),
        )?;
        if !self.generations.is_empty() {
            let gens: Vec<String> = self
                .generations
                .iter()
                .map(|(g, n)| format!("{g} {n}"))
                .collect();
            writeln!(out, "generations: {}", gens.join(", "))?;
        }
        if !self.defects.is_empty() {
            writeln!(out, "repaired (occurrences, files):")?;
            for (d, n) in self.defects.iter() {
                let files = self.files_with.get(&d).copied().unwrap_or(0);
                writeln!(
                    out,
                    "  {:<22} {n:>8} {files:>8}  {}",
                    d.as_str(),
                    d.description()
                )?;
            }
        }
        if self.lost_chars > 0 {
            writeln!(
                out,
                "lost characters (?): {} in {} file(s), kept: the old generator lost them",
                self.lost_chars, self.files_with_lost
            )?;
        }
        Ok(())
    }

    fn json(&self) -> serde_json::Value {
        let statuses: serde_json::Map<String, serde_json::Value> = self
            .statuses
            .iter()
            .map(|(s, n)| (s.as_str().to_string(), (*n).into()))
            .collect();
        let generations: serde_json::Map<String, serde_json::Value> = self
            .generations
            .iter()
            .map(|(g, n)| (g.as_str().to_string(), (*n).into()))
            .collect();
        serde_json::json!({
            "summary": {
                "files": statuses,
                "generations": generations,
                "defects": self.defects,
                "lost_chars": self.lost_chars,
            }
        })
    }
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
    let meta = fs::metadata(&args.path).map_err(|source| Error::Io {
        path: args.path.clone(),
        source,
    })?;
    let single = !meta.is_dir();
    let files = if single {
        vec![args.path.clone()]
    } else {
        mirror_files(&args.path)?
    };
    let mut report = match &args.report {
        Some(p) => Some(BufWriter::new(fs::File::create(p).map_err(|source| {
            Error::Io {
                path: p.clone(),
                source,
            }
        })?)),
        None => None,
    };
    let options = RenderOptions::default();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.jobs.unwrap_or(0))
        .thread_name(|i| format!("newsmirror-upgrade-{i}"))
        .build()
        .map_err(|e| Error::Config(format!("cannot start worker threads: {e}")))?;
    // Files are upgraded a chunk at a time on the pool and reported in path order.
    let chunk = (pool.current_num_threads() * 32).max(32);
    let mut summary = Summary::default();
    let stdout = io::stdout();
    let mut out = stdout.lock();
    for batch in files.chunks(chunk) {
        let results: Vec<_> = pool.install(|| {
            batch
                .par_iter()
                .map(|file| process(file, &options, args.dry_run))
                .collect()
        });
        for (file, result) in batch.iter().zip(results) {
            report_one(
                args,
                single,
                file,
                result,
                &mut summary,
                &mut out,
                report.as_mut(),
            )?;
        }
    }
    summary.print(&mut out, &args.path, args.dry_run)?;
    out.flush()?;
    if let Some(mut r) = report {
        serde_json::to_writer(&mut r, &summary.json())?;
        r.write_all(b"\n")?;
        r.flush()?;
    }
    Ok(summary.count(Status::Failed) == 0)
}

/// Counts, prints (in a dry run) and reports what happened to one file.
fn report_one(
    args: &Args,
    single: bool,
    file: &Path,
    result: newsmirror::Result<(Status, Upgrade)>,
    summary: &mut Summary,
    out: &mut dyn Write,
    report: Option<&mut BufWriter<fs::File>>,
) -> newsmirror::Result<()> {
    let shown = file.strip_prefix(&args.path).unwrap_or(file);
    let shown = if shown.as_os_str().is_empty() {
        file
    } else {
        shown
    };
    let (status, up, error) = match result {
        Ok((status, up)) => (status, Some(up), None),
        Err(e) => {
            let skipped = !single
                && matches!(
                    e,
                    Error::NotAMirrorFile { .. } | Error::NotAnArticle { .. } | Error::Empty
                );
            if skipped {
                (Status::Skipped, None, Some(e.to_string()))
            } else {
                eprintln!(
                    "newsmirror upgrade: {}",
                    crate::about_file(file, &e.to_string())
                );
                (Status::Failed, None, Some(e.to_string()))
            }
        }
    };
    if args.dry_run && status == Status::WouldRewrite {
        if let Some(up) = &up {
            writeln!(out, "would rewrite {}: {}", shown.display(), describe(up))?;
        }
    }
    summary.add(status, up.as_ref());
    if let Some(r) = report {
        let line = serde_json::json!({
            "path": shown.to_string_lossy(),
            "status": status.as_str(),
            "generation": up.as_ref().map(|u| u.generation.as_str()),
            "defects": up.as_ref().map(|u| &u.defects),
            "lost_chars": up.as_ref().map(|u| u.lost_chars),
            "error": error,
        });
        serde_json::to_writer(&mut *r, &line)?;
        r.write_all(b"\n")?;
    }
    Ok(())
}

/// One line: the generation, the repairs, the lost characters.
fn describe(up: &Upgrade) -> String {
    let mut parts = vec![format!("Gen {}", up.generation)];
    parts.extend(up.defects.iter().map(|(d, n)| format!("{d} {n}")));
    if up.lost_chars > 0 {
        parts.push(format!("{} lost character(s) kept", up.lost_chars));
    }
    parts.join(", ")
}

fn process(
    file: &Path,
    options: &RenderOptions,
    dry_run: bool,
) -> newsmirror::Result<(Status, Upgrade)> {
    let io_err = |source| Error::Io {
        path: file.into(),
        source,
    };
    let meta = fs::metadata(file).map_err(io_err)?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(Error::NotAMirrorFile {
            reason: format!("{} bytes, far more than a mirror file", meta.len()),
        });
    }
    let bytes = fs::read(file).map_err(io_err)?;
    let text = String::from_utf8(bytes).map_err(|_| Error::NotAMirrorFile {
        reason: "not UTF-8".into(),
    })?;
    let mut up = upgrade(&text, options)?;
    let status = match (up.changed, dry_run) {
        (false, _) => Status::Unchanged,
        (true, true) => Status::WouldRewrite,
        (true, false) => {
            write_atomic(file, up.output.as_bytes(), &meta.permissions())?;
            Status::Rewritten
        }
    };
    // Only the findings are kept for the report.
    up.output = String::new();
    Ok((status, up))
}

/// Every `*.md` file below `root`, sorted; hidden entries (`.git`, temporary files) and
/// symbolic links are skipped. Walked with an explicit stack.
fn mirror_files(root: &Path) -> newsmirror::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let mut dirs = vec![root.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        let io_err = |source| Error::Io {
            path: dir.clone(),
            source,
        };
        for entry in fs::read_dir(&dir).map_err(io_err)? {
            let entry = entry.map_err(io_err)?;
            if entry.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            let kind = entry.file_type().map_err(io_err)?;
            let path = entry.path();
            if kind.is_dir() {
                dirs.push(path);
            } else if kind.is_file() && path.extension().is_some_and(|e| e == "md") {
                files.push(path);
            }
        }
    }
    files.sort();
    Ok(files)
}

/// Replaces `path` with `bytes` atomically (the batch command's writer: a temporary file in the
/// same directory, flushed, renamed over it), then gives it back the old file's permissions (the
/// temporary file is created private).
fn write_atomic(
    path: &Path,
    bytes: &[u8],
    permissions: &fs::Permissions,
) -> newsmirror::Result<()> {
    newsmirror::batch::write_atomic(path, bytes)?;
    let now = fs::metadata(path).map_err(|source| Error::Io {
        path: path.into(),
        source,
    })?;
    if now.permissions() != *permissions {
        fs::set_permissions(path, permissions.clone()).map_err(|source| Error::Io {
            path: path.into(),
            source,
        })?;
    }
    Ok(())
}
