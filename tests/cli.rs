//! The `newsmirror` command as a user runs it.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_newsmirror"))
}

fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/epochtimes")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("the binary runs")
}

#[test]
fn converts_a_bundled_page_to_its_mirror_file() {
    let out = run(&["convert", &fixture("djy-gb-news.html")]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("<a name=\"1\" id=\"1\" target=\"_blank\"></a>"));
    assert!(text.ends_with("</table>\n"));
    assert!(text.contains("<h2 align=center>"));
    assert!(out.stderr.is_empty());
}

#[test]
fn formats_and_stdin() {
    let page = std::fs::read(fixture("djy-gb-news.html")).unwrap();
    let mut child = bin()
        .args(["convert", "-", "--format", "json"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(&page).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["site"], "epochtimes");

    let out = run(&[
        "convert",
        &fixture("djy-gb-news.html"),
        "--format",
        "markdown",
    ]);
    assert!(out.status.success());
    assert!(String::from_utf8(out.stdout).unwrap().starts_with("# "));
}

#[test]
fn picks_are_used_as_given() {
    let dir = tempfile::tempdir().unwrap();
    let picks = dir.path().join("picks.json");
    std::fs::write(
        &picks,
        r#"[{"title":"甲","url":"https://example.org/1"},{"title":"乙","url":"https://example.org/2"},{"title":"丙","url":"https://example.org/3"}]"#,
    )
    .unwrap();
    let out = run(&[
        "convert",
        &fixture("djy-gb-news.html"),
        "--picks",
        picks.to_str().unwrap(),
    ]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains(
        "<li><a href=\"https://example.org/1\" target=\"_blank\">甲</a></li><li><a href=\"https://example.org/2\" target=\"_blank\">乙</a></li><li><a href=\"https://example.org/3\" target=\"_blank\">丙</a></li>\n"
    ));

    std::fs::write(&picks, r#"[{"title":"甲","url":"https://example.org/1"}]"#).unwrap();
    let out = run(&[
        "convert",
        &fixture("djy-gb-news.html"),
        "--picks",
        picks.to_str().unwrap(),
    ]);
    assert!(!out.status.success());
    assert!(out.stdout.is_empty(), "nothing half-written");
    assert!(String::from_utf8_lossy(&out.stderr).contains("3"));
}

#[test]
fn charset_safe_output_survives_gbk() {
    let out = run(&[
        "convert",
        &fixture("djy-gb-non-gbk-paris-cafe-2023.html"),
        "--charset-safe",
        "gbk",
    ]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("&#x1F950;"));
    let (_, _, lossy) = encoding_rs::GBK.encode(&text);
    assert!(!lossy, "every character is either GBK or a reference");
}

#[test]
fn bad_input_fails_with_one_line_naming_file_and_reason() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.html");
    std::fs::write(&empty, "").unwrap();
    // A page under a list URL with neither an article nor a list on it.
    let neither = dir.path().join("neither.html");
    std::fs::write(
        &neither,
        r#"<html><head><link rel="canonical" href="https://www.epochtimes.com/gb/nsc413.htm"></head><body><h1>栏目</h1><p>暂无内容</p></body></html>"#,
    )
    .unwrap();
    for (path, reason) in [
        (empty.to_str().unwrap().to_string(), "empty input"),
        (neither.to_str().unwrap().to_string(), "not an article"),
        (fixture("djy-gb-no-canonical.html"), "no article URL"),
        (
            dir.path()
                .join("missing.html")
                .to_str()
                .unwrap()
                .to_string(),
            "No such file",
        ),
    ] {
        let out = run(&["convert", &path]);
        assert_eq!(out.status.code(), Some(1), "{path}");
        assert!(out.stdout.is_empty(), "{path}: nothing on stdout");
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains(&path) && err.contains(reason), "{err}");
        assert_eq!(
            err.matches(path.as_str()).count(),
            1,
            "the file named once: {err}"
        );
    }
    let out = run(&[
        "convert",
        &fixture("djy-gb-no-canonical.html"),
        "--url",
        "https://www.epochtimes.com/gb/18/3/20/n10230001.htm",
    ]);
    assert!(out.status.success());
}

#[test]
fn converts_list_pages_and_the_given_url_wins() {
    let lists = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/lists");
    let page = lists.join("list-b-gb-nsc418_3-djy.html");
    let page = page.to_str().unwrap();
    let out = run(&[
        "convert",
        page,
        "--url",
        "https://www.epochtimes.com/gb/nsc418_3.htm",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("<a name=\"1\" id=\"1\" target=\"_blank\">&nbsp;</a>"));
    assert!(text.contains("原文地址： <a href=\"https://www.epochtimes.com/gb/nsc418_3.htm\">"));
    assert!(text.ends_with("</div>\n"));
    // The canonical link names page 1; --url names page 2: the given URL wins.
    let out = run(&[
        "convert",
        page,
        "--url",
        "https://www.epochtimes.com/gb/nsc418_2.htm",
        "--format",
        "json",
    ]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["page"], 2);
    assert_eq!(json["url"], "https://www.epochtimes.com/gb/nsc418_2.htm");
    // A seed changes only the random parts, and the same seed gives the same file.
    let a = run(&["convert", page, "--seed", "x"]).stdout;
    let b = run(&["convert", page, "--seed", "x"]).stdout;
    let c = run(&["convert", page]).stdout;
    assert_eq!(a, b);
    assert_ne!(a, c);
    let rest = |v: &[u8]| {
        String::from_utf8_lossy(v)
            .split_once('\n')
            .unwrap()
            .1
            .to_string()
    };
    assert_eq!(rest(&a), rest(&c), "only line 1 holds random parts");
    let md = run(&[
        "convert",
        &fixture("section-gb-nsc413.html"),
        "--format",
        "markdown",
    ]);
    assert!(md.status.success());
    assert!(
        String::from_utf8(md.stdout)
            .unwrap()
            .starts_with("# 大陆新闻\n")
    );
}

/// `mirror` and `upgrade` name a file that failed once too, whether or not the error itself
/// names it (a read error does, a refused page does not).
#[test]
fn failures_name_the_file_once() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::write(input.join("bad.htm.gz"), "not gzip").unwrap();
    std::fs::write(
        input.join("home.htm"),
        "<html><body><h1>Home</h1></body></html>",
    )
    .unwrap();
    let out = run(&[
        "mirror",
        input.to_str().unwrap(),
        dir.path().join("out").to_str().unwrap(),
        "--jobs",
        "1",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    for name in ["bad.htm.gz", "home.htm"] {
        let lines: Vec<&str> = err.lines().filter(|l| l.contains(name)).collect();
        assert_eq!(lines.len(), 1, "{err}");
        assert!(
            lines[0].starts_with(&format!("newsmirror: {name}: ")),
            "{err}"
        );
        assert_eq!(lines[0].matches(name).count(), 1, "named once: {err}");
    }

    let missing = dir.path().join("missing.md");
    let out = run(&["upgrade", missing.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert_eq!(err.matches("missing.md").count(), 1, "named once: {err}");
}
