//! `newsmirror convert`: one page to stdout.

use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::ValueEnum;
use newsmirror::{ExtractOptions, Format, Pick, RenderOptions};

#[derive(clap::Args)]
pub(crate) struct Args {
    /// The page (raw bytes, any charset), or `-` for stdin.
    file: PathBuf,
    /// The page's original URL, when the page does not name it (or names it wrongly). For a
    /// later page of a list, whose canonical link may name page 1, this URL wins.
    #[arg(long)]
    url: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Mirror)]
    format: FormatArg,
    /// A JSON array of {"title", "url"} editor picks, as many as the site's mirror shows (three
    /// for the Epoch Times), used as given (mirror format).
    #[arg(long)]
    picks: Option<PathBuf>,
    /// Write characters this charset cannot hold as references (&#x…; or \u…) instead of
    /// raw UTF-8, for pipelines that store the text in it.
    #[arg(long, value_enum)]
    charset_safe: Option<CharsetArg>,
    /// The seed of a list file's random parts (text-bar hosts and query letters, video host);
    /// default: the list's URL.
    #[arg(long)]
    seed: Option<String>,
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum CharsetArg {
    Gbk,
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum FormatArg {
    Mirror,
    Markdown,
    Json,
}

pub(crate) fn run(args: Args) -> ExitCode {
    match convert(
        &args.file,
        args.url,
        args.format,
        args.picks.as_deref(),
        args.charset_safe,
        args.seed,
    ) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!(
                "newsmirror: {}",
                crate::about_file(&args.file, &e.to_string())
            );
            ExitCode::FAILURE
        }
    }
}

fn convert(
    file: &Path,
    url: Option<String>,
    format: FormatArg,
    picks: Option<&Path>,
    charset_safe: Option<CharsetArg>,
    seed: Option<String>,
) -> newsmirror::Result<()> {
    let bytes = read_input(file)?;
    // Any page of the site: an article, or a list page (section, 24-hour, ranking, tag, home).
    let mut extract_options = ExtractOptions::default();
    extract_options.url = url;
    let page = newsmirror::extract_page(&bytes, &extract_options)?;
    // As many picks as the article's site's mirror shows (a list file shows none).
    let shown = match &page {
        newsmirror::Page::Article(article) => article
            .site
            .profile()
            .and_then(|s| s.mirror)
            .map(|m| m.picks),
        _ => None,
    };
    let picks = match picks {
        Some(p) => Some(read_picks(p, shown)?),
        None => None,
    };
    let mut options = RenderOptions::default();
    options.mirror.picks = picks;
    options.charset_safe = charset_safe.map(|c| match c {
        CharsetArg::Gbk => newsmirror::render::CharsetSafe::Gbk,
    });
    options.mirror.seed = seed;
    let format = match format {
        FormatArg::Mirror => Format::Mirror,
        FormatArg::Markdown => Format::Markdown,
        FormatArg::Json => Format::Json,
    };
    // Render completely before writing, so a failure never leaves half an output behind.
    let text = newsmirror::render::page_to_string(&page, format, &options)?;
    let mut out = io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(())
}

fn read_input(file: &Path) -> newsmirror::Result<Vec<u8>> {
    if file.as_os_str() == "-" {
        let mut buf = Vec::new();
        io::stdin()
            .read_to_end(&mut buf)
            .map_err(|source| newsmirror::Error::Io {
                path: file.into(),
                source,
            })?;
        return Ok(buf);
    }
    std::fs::read(file).map_err(|source| newsmirror::Error::Io {
        path: file.into(),
        source,
    })
}

fn read_picks(path: &Path, shown: Option<usize>) -> newsmirror::Result<Vec<Pick>> {
    let text = std::fs::read_to_string(path).map_err(|source| newsmirror::Error::Io {
        path: path.into(),
        source,
    })?;
    let picks: Vec<Pick> = serde_json::from_str(&text).map_err(|e| {
        newsmirror::Error::Config(format!(
            "{}: not a JSON array of {{title, url}}: {e}",
            path.display()
        ))
    })?;
    if let Some(shown) = shown.filter(|&n| n != picks.len()) {
        return Err(newsmirror::Error::Config(format!(
            "{}: {} picks given, the mirror shows {shown}",
            path.display(),
            picks.len()
        )));
    }
    Ok(picks)
}
