//! `newsmirror mirror`: a whole crawl into the mirror tree (the library's `batch` module with a
//! progress bar, a summary and report files).

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use clap::ValueEnum;
use indicatif::{ProgressBar, ProgressStyle};
use newsmirror::batch::{self, BatchOptions, Outcome, Progress, Summary, UrlList};
use newsmirror::config::{Config, FormatName, ImagePolicyName};

use crate::convert::FormatArg;

#[derive(clap::Args)]
pub(crate) struct Args {
    /// The crawl: a directory of saved pages (.htm, .html, .htm.gz, .html.gz) and web archives
    /// (.warc, .warc.gz), walked without following symbolic links; or one web archive.
    in_dir: PathBuf,
    /// The mirror tree to write (created if needed): gb/Y/M/D/nID.md, b5/…
    out_dir: PathBuf,
    /// Worker threads (default: one per core).
    #[arg(long, short = 'j', value_name = "N")]
    jobs: Option<usize>,
    /// Convert every page, also those the manifest says are unchanged.
    #[arg(long)]
    force: bool,
    /// A TOML configuration file (mirror bases, templates, picks pool, formats, images).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// URLs for pages that name none: PATH<TAB>URL lines, PATH relative to the list's own
    /// directory (may be given more than once).
    #[arg(long, value_name = "FILE")]
    urls: Vec<PathBuf>,
    /// Image URLs: as on the page (keep), or the news sites' images from the image mirror
    /// (mirror; also lists them in OUT_DIR/.newsmirror/images.tsv). Overrides the config.
    #[arg(long, value_enum)]
    images: Option<ImagesArg>,
    /// Formats to write, comma-separated (overrides the config; default mirror).
    #[arg(long, value_enum, value_delimiter = ',')]
    format: Vec<FormatArg>,
    /// Write a JSON report (counts, one entry per failed page) to FILE.
    #[arg(long, value_name = "FILE")]
    report: Option<PathBuf>,
    /// Write the linked articles missing from the mirror to FILE (URL<TAB>path<TAB>referrers).
    #[arg(long, value_name = "FILE")]
    missing: Option<PathBuf>,
    /// Ignore .gz pages.
    #[arg(long)]
    no_gzip: bool,
    /// Do not flush files (outputs, manifest) to disk before renaming them into place
    /// (faster; a kill still leaves no partial file, a power cut might).
    #[arg(long)]
    no_fsync: bool,
    /// Seconds between progress lines when stderr is not a terminal.
    #[arg(long, value_name = "SECS", default_value_t = 10, hide = true)]
    log_every: u64,
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum ImagesArg {
    Keep,
    Mirror,
}

/// Exit statuses: every page mirrored; some page failed; the run could not be done; stopped.
const FAILED_PAGES: u8 = 1;
const FATAL: u8 = 2;
const INTERRUPTED: u8 = 130;

pub(crate) fn run(args: Args) -> ExitCode {
    let stop = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&stop);
    // A second Ctrl-C quits at once; the next run removes what that leaves.
    let _ = ctrlc::set_handler(move || {
        if flag.swap(true, Ordering::SeqCst) {
            std::process::exit(i32::from(INTERRUPTED));
        }
        eprintln!("newsmirror: stopping after the pages in progress (Ctrl-C again to quit now)");
    });
    match mirror(&args, stop) {
        Ok(summary) if summary.interrupted => ExitCode::from(INTERRUPTED),
        Ok(summary) if !summary.failures.is_empty() => ExitCode::from(FAILED_PAGES),
        Ok(_) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("newsmirror: {e}");
            ExitCode::from(FATAL)
        }
    }
}

fn mirror(args: &Args, stop: Arc<AtomicBool>) -> newsmirror::Result<Summary> {
    let mut config = match &args.config {
        Some(path) => Config::load(path)?,
        None => Config::default(),
    };
    if let Some(images) = args.images {
        config.images.policy = match images {
            ImagesArg::Keep => ImagePolicyName::Keep,
            ImagesArg::Mirror => ImagePolicyName::Mirror,
        };
    }
    if !args.format.is_empty() {
        config.output.formats = args
            .format
            .iter()
            .map(|f| match f {
                FormatArg::Mirror => FormatName::Mirror,
                FormatArg::Markdown => FormatName::Markdown,
                FormatArg::Json => FormatName::Json,
            })
            .collect();
    }
    let mut urls = UrlList::new();
    for file in &args.urls {
        urls.extend(UrlList::read(file)?);
    }
    let mut options = BatchOptions::default();
    options.render = config.render_options()?;
    options.outputs = config.outputs();
    options.roots = config.output.roots.clone();
    options.jobs = args.jobs;
    options.force = args.force;
    options.gzip = !args.no_gzip;
    options.urls = urls;
    options.durable = !args.no_fsync;
    options.stop = Some(stop);
    let started = Instant::now();
    let mut reporter = Reporter::new(
        std::io::stderr().is_terminal(),
        &args.in_dir,
        Duration::from_secs(args.log_every),
    );
    let result = batch::mirror(&args.in_dir, &args.out_dir, &options, &mut reporter);
    reporter.finish();
    let summary = result?;
    print_summary(&summary, started.elapsed(), args);
    if let Some(path) = &args.report {
        summary.write_report(path)?;
    }
    if let Some(path) = &args.missing {
        summary.write_missing(path)?;
    }
    Ok(summary)
}

fn print_summary(s: &Summary, elapsed: Duration, args: &Args) {
    for note in &s.notes {
        eprintln!("newsmirror: {note}");
    }
    if s.removed_temp_files > 0 {
        eprintln!(
            "newsmirror: removed {} temporary files of an earlier run that did not finish",
            s.removed_temp_files
        );
    }
    let mut line = format!(
        "newsmirror: {} pages: {} converted, {} unchanged, {} failed",
        s.pages,
        s.converted,
        s.unchanged,
        s.failures.len()
    );
    let by_reason = s.failed_by_reason();
    if !by_reason.is_empty() {
        let parts: Vec<String> = by_reason.iter().map(|(k, n)| format!("{k} {n}")).collect();
        line.push_str(&format!(" ({})", parts.join(", ")));
    }
    let secs = elapsed.as_secs_f64();
    line.push_str(&format!(
        " in {secs:.1} s ({:.0} pages/s)",
        (s.converted + s.unchanged + s.failures.len()) as f64 / secs.max(1e-3)
    ));
    eprintln!("{line}");
    let lists = s.converted_lists + s.unchanged_lists;
    eprintln!(
        "newsmirror: in the mirror: {} articles, {} list pages",
        s.converted + s.unchanged - lists,
        lists
    );
    if s.interrupted {
        eprintln!("newsmirror: stopped before every page was done; run again to finish");
    }
    if !s.skipped_records.is_empty() {
        let parts: Vec<String> = s
            .skipped_records
            .iter()
            .map(|(k, n)| format!("{k} {n}"))
            .collect();
        eprintln!(
            "newsmirror: web-archive records that are not pages, skipped: {}",
            parts.join(", ")
        );
    }
    if !s.ignored_symlinks.is_empty() {
        eprintln!(
            "newsmirror: {} symbolic links in the input not followed",
            s.ignored_symlinks.len()
        );
    }
    if !s.missing.is_empty() {
        let hint = match &args.missing {
            Some(p) => format!("listed in {}", p.display()),
            None => "--missing FILE lists them".into(),
        };
        eprintln!(
            "newsmirror: {} linked articles are not in the mirror ({hint})",
            s.missing.len()
        );
    }
    if s.images > 0 {
        eprintln!(
            "newsmirror: {} images listed in {}",
            s.images,
            args.out_dir
                .join(batch::STATE_DIR)
                .join("images.tsv")
                .display()
        );
    }
}

/// A progress bar on a terminal, a log line every ten seconds otherwise; failures as they come.
struct Reporter {
    bar: Option<ProgressBar>,
    log_every: Duration,
    terminal: bool,
    in_dir: PathBuf,
    total: usize,
    done: usize,
    failed: usize,
    started: Instant,
    last_log: Instant,
}

impl Reporter {
    fn new(terminal: bool, in_dir: &Path, log_every: Duration) -> Reporter {
        Reporter {
            bar: None,
            log_every,
            terminal,
            in_dir: in_dir.to_path_buf(),
            total: 0,
            done: 0,
            failed: 0,
            started: Instant::now(),
            last_log: Instant::now(),
        }
    }

    fn finish(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }

    fn say(&self, line: &str) {
        match &self.bar {
            Some(bar) => bar.println(line),
            None => eprintln!("{line}"),
        }
    }
}

impl Progress for Reporter {
    fn start(&mut self, pages: usize) {
        self.total = pages;
        self.started = Instant::now();
        self.last_log = Instant::now();
        if self.terminal {
            let style = ProgressStyle::with_template(
                "{elapsed_precise} [{wide_bar}] {pos}/{len} pages, {msg}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar());
            self.bar = Some(ProgressBar::new(pages as u64).with_style(style));
        } else {
            eprintln!("newsmirror: {pages} pages under {}", self.in_dir.display());
        }
    }

    fn page(&mut self, input: &Path, outcome: &Outcome) {
        self.done += 1;
        if let Outcome::Failed(f) = outcome {
            self.failed += 1;
            self.say(&format!(
                "newsmirror: {}",
                crate::about_file(input, &f.message)
            ));
        }
        // Pages arrive a chunk at a time: the rate is the mean since the start, not a smoothed
        // rate between steps (which the bursts would mislead).
        let secs = self.started.elapsed().as_secs_f64().max(1e-3);
        let rate = self.done as f64 / secs;
        let eta = self.total.saturating_sub(self.done) as f64 / rate.max(1e-9);
        if let Some(bar) = &self.bar {
            bar.set_message(format!(
                "{rate:.0}/s, {} failed, ETA {}",
                self.failed,
                HumanSecs(eta)
            ));
            bar.inc(1);
        } else if self.last_log.elapsed() >= self.log_every {
            self.last_log = Instant::now();
            eprintln!(
                "newsmirror: {}/{} pages, {rate:.0}/s, {} failed, ETA {}",
                self.done,
                self.total,
                self.failed,
                HumanSecs(eta)
            );
        }
    }
}

/// Seconds as `42s`, `3m05s`, `2h07m`.
struct HumanSecs(f64);

impl std::fmt::Display for HumanSecs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let s = self.0.round().clamp(0.0, 1e9) as u64;
        match s {
            0..60 => write!(f, "{s}s"),
            60..3600 => write!(f, "{}m{:02}s", s / 60, s % 60),
            _ => write!(f, "{}h{:02}m", s / 3600, s % 3600 / 60),
        }
    }
}
