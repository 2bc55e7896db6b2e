//! The layout rules of `src/`, checked on the source tree at test time (README, "Architecture"):
//!
//! * **No site is named outside `src/sites/`.** The pipeline (articles and list pages alike)
//!   receives a `&'static SiteProfile` and reads everything of a site through it; only the
//!   registry in `src/sites/mod.rs` lists the sites. Unit tests may pick a site to test with.
//! * **The pre-pass and the parser stand alone**: `src/prune/` and `src/parse.rs` use neither the
//!   extractor nor the list reader (they share only the HTML vocabulary of `src/html.rs`).
//! * **No import circle among the modules of `src/`**: the graph of `crate::module` references
//!   between top-level modules (test code aside) has no cycle.
//!
//! Code means the text outside `//` comments; a doc link names nothing the build depends on.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// Names of pages and sites the pipeline must reach only through a profile.
const SITE_MODULES: &[&str] = &["epochtimes", "ntdtv"];

/// Public paths kept for existing users that name a site outside `src/sites/`: `(file, line)`.
/// Each must still be there (a stale exception fails too).
const KEPT_REEXPORTS: &[(&str, &str)] = &[(
    "linkmap.rs",
    "pub use crate::sites::epochtimes::ArticleUrl;",
)];

/// Every `.rs` file below `dir`, sorted, by an explicit stack (no recursion).
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).unwrap_or_else(|e| panic!("{}: {e}", d.display())) {
            let path = entry.expect("a directory entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// A source file of the library: its path below `src/` (with `/`), its code (comment lines
/// blanked, line numbers kept) and its code without test modules.
struct Source {
    rel: String,
    code: String,
    build: String,
}

fn library_sources(src: &Path) -> Vec<Source> {
    rust_files(src)
        .into_iter()
        .filter_map(|path| {
            let rel = path
                .strip_prefix(src)
                .expect("below src")
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            // The command line is its own crate, a user of the library.
            if rel.starts_with("bin/") {
                return None;
            }
            let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{rel}: {e}"));
            let code = strip_comments(&text);
            let build = if rel.ends_with("/tests.rs") {
                String::new()
            } else {
                without_tests(&code).to_string()
            };
            Some(Source { rel, code, build })
        })
        .collect()
}

/// The text with every line comment blanked (line numbers kept). A `//` inside a string (a URL)
/// is not a comment.
fn strip_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let mut in_str = false;
        let mut escaped = false;
        let mut cut = line.len();
        let bytes = line.as_bytes();
        for (i, &b) in bytes.iter().enumerate() {
            if in_str {
                match b {
                    _ if escaped => escaped = false,
                    b'\\' => escaped = true,
                    b'"' => in_str = false,
                    _ => {}
                }
            } else if b == b'"' {
                in_str = true;
            } else if b == b'/' && bytes.get(i + 1) == Some(&b'/') {
                cut = i;
                break;
            }
        }
        out.push_str(&line[..cut]);
        out.push('\n');
    }
    out
}

/// The code before the file's unit-test module (`#[cfg(test)]` + `mod tests`).
fn without_tests(code: &str) -> &str {
    let mut at = 0;
    while let Some(i) = code[at..].find("#[cfg(test)]") {
        let start = at + i;
        let rest = code[start + "#[cfg(test)]".len()..].trim_start();
        if rest.starts_with("mod tests {") {
            return &code[..start];
        }
        at = start + 1;
    }
    code
}

/// The first path segment of every `crate::…` reference of `code`, groups (`crate::{a, b::c}`)
/// expanded.
fn crate_references(code: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = code;
    while let Some(i) = rest.find("crate::") {
        // `newsmirror_crate::` or `my_crate::` is not the crate root.
        let before = rest[..i].chars().next_back();
        rest = &rest[i + "crate::".len()..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for item in group[..end].split(',') {
                out.insert(ident(item.trim()));
            }
        } else {
            out.insert(ident(rest));
        }
    }
    out.remove("");
    out
}

fn ident(s: &str) -> String {
    s.chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect()
}

/// Lines of `code` that name a site module: `epochtimes::`/`ntdtv::` paths, or a
/// `sites::{…}` group importing one.
fn site_names(code: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let lines: Vec<&str> = code.lines().collect();
    for (n, line) in lines.iter().enumerate() {
        let direct = SITE_MODULES
            .iter()
            .any(|m| contains_ident_before(line, m, "::"));
        let grouped = line.contains("sites::{") && {
            // The group may span lines: up to its closing brace.
            let mut group = String::new();
            for l in &lines[n..] {
                group.push_str(l);
                if l.contains('}') {
                    break;
                }
            }
            let inside = group.split_once("sites::{").map_or("", |(_, g)| g);
            let inside = inside.split('}').next().unwrap_or("");
            inside
                .split(|c: char| !(c.is_alphanumeric() || c == '_'))
                .any(|w| SITE_MODULES.contains(&w))
        };
        if direct || grouped {
            out.push((n + 1, line.trim().to_string()));
        }
    }
    out
}

/// Whether `line` holds the identifier `name` (not part of a longer one) followed by `after`.
fn contains_ident_before(line: &str, name: &str, after: &str) -> bool {
    let needle = format!("{name}{after}");
    line.match_indices(&needle).any(|(i, _)| {
        !line[..i]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || c == '_')
    })
}

/// The top-level module a file belongs to: `listing/extract.rs` → `listing`.
fn module_of(rel: &str) -> String {
    let first = rel.split('/').next().unwrap_or(rel);
    first.strip_suffix(".rs").unwrap_or(first).to_string()
}

/// A cycle of the graph, if it has one (iterative depth-first search).
fn find_cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        Open,
        Done,
    }
    let mut marks: BTreeMap<&str, Mark> = BTreeMap::new();
    for start in graph.keys() {
        if marks.contains_key(start.as_str()) {
            continue;
        }
        // (node, its successors not yet visited)
        let mut path: Vec<(&str, Vec<&str>)> = Vec::new();
        let succ = |n: &str| -> Vec<&str> {
            graph
                .get(n)
                .map(|s| s.iter().map(String::as_str).rev().collect())
                .unwrap_or_default()
        };
        marks.insert(start, Mark::Open);
        path.push((start, succ(start)));
        while let Some((node, next)) = path.last_mut() {
            match next.pop() {
                Some(n) => match marks.get(n) {
                    Some(Mark::Open) => {
                        let from = path.iter().position(|(p, _)| *p == n).expect("open");
                        let mut cycle: Vec<String> =
                            path[from..].iter().map(|(p, _)| p.to_string()).collect();
                        cycle.push(n.to_string());
                        return Some(cycle);
                    }
                    Some(Mark::Done) => {}
                    None => {
                        marks.insert(n, Mark::Open);
                        path.push((n, succ(n)));
                    }
                },
                None => {
                    marks.insert(node, Mark::Done);
                    path.pop();
                }
            }
        }
    }
    None
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

#[test]
fn no_site_is_named_outside_src_sites() {
    let sources = library_sources(&src());
    assert!(
        sources.iter().any(|s| s.rel == "listing/extract.rs"),
        "the source tree was not found"
    );
    let mut found = Vec::new();
    let mut kept_seen = vec![0usize; KEPT_REEXPORTS.len()];
    for s in sources.iter().filter(|s| !s.rel.starts_with("sites/")) {
        for (line, text) in site_names(&s.build) {
            match KEPT_REEXPORTS
                .iter()
                .position(|(f, l)| *f == s.rel && *l == text)
            {
                Some(k) => kept_seen[k] += 1,
                None => found.push(format!("src/{}:{line}: {text}", s.rel)),
            }
        }
    }
    assert!(
        found.is_empty(),
        "code outside src/sites/ names a site; reach it through the SiteProfile instead:\n{}",
        found.join("\n")
    );
    for ((file, line), seen) in KEPT_REEXPORTS.iter().zip(kept_seen) {
        assert_eq!(
            seen, 1,
            "the kept re-export {line:?} of src/{file} is gone or doubled: update KEPT_REEXPORTS"
        );
    }
}

#[test]
fn the_pre_pass_and_the_parser_use_neither_extractor() {
    let mut found = Vec::new();
    for s in library_sources(&src())
        .iter()
        .filter(|s| s.rel.starts_with("prune/") || s.rel == "parse.rs")
    {
        for m in crate_references(&s.code) {
            if m == "extract" || m == "listing" {
                found.push(format!("src/{} uses crate::{m}", s.rel));
            }
        }
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn the_modules_of_src_form_no_import_circle() {
    let sources = library_sources(&src());
    let modules: BTreeSet<String> = sources
        .iter()
        .map(|s| module_of(&s.rel))
        .filter(|m| m != "lib")
        .collect();
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for s in &sources {
        let from = module_of(&s.rel);
        if from == "lib" {
            continue;
        }
        let to = crate_references(&s.build)
            .into_iter()
            .filter(|m| modules.contains(m) && *m != from)
            .collect::<Vec<_>>();
        graph.entry(from).or_default().extend(to);
    }
    // The graph is real: the list reader depends on the sites and the extractor.
    assert!(graph["listing"].contains("sites") && graph["listing"].contains("extract"));
    if let Some(cycle) = find_cycle(&graph) {
        panic!(
            "import circle among the modules of src/: {}",
            cycle.join(" → ")
        );
    }
}

#[test]
fn the_checks_see_what_they_look_for() {
    // The scanners themselves, on made-up code: a check that cannot fail proves nothing.
    let code = strip_comments(
        "use crate::sites::{self, epochtimes as et};\n\
         // use crate::sites::ntdtv::PROFILE;\n\
         let u = \"https://www.ntdtv.com/gb/\"; let p = crate::sites::ntdtv::PROFILE;\n\
         use crate::{parse, prune::Chrome};\n\
         fn f() { my_crate::listing::x(); }\n",
    );
    assert_eq!(
        site_names(&code)
            .iter()
            .map(|(n, _)| *n)
            .collect::<Vec<_>>(),
        [1, 3]
    );
    assert_eq!(
        crate_references(&code).into_iter().collect::<Vec<_>>(),
        ["parse", "prune", "sites"]
    );
    let tests = "fn a() {}\n#[cfg(test)]\nmod tests {\n use crate::extract;\n}\n";
    assert!(!without_tests(tests).contains("extract"));
    let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    g.entry("a".into()).or_default().insert("b".into());
    g.entry("b".into()).or_default().insert("c".into());
    assert_eq!(find_cycle(&g), None);
    g.entry("c".into()).or_default().insert("a".into());
    assert_eq!(find_cycle(&g).unwrap(), ["a", "b", "c", "a"]);
}

/// Issue 18: one job per file, and no file of `src/` past ~600 lines of code (comments, blank
/// lines and the unit-test module aside). The margin over 600 is the "~".
const MAX_CODE_LINES: usize = 650;

#[test]
fn no_library_file_is_over_about_600_lines_of_code() {
    let sources = library_sources(&src());
    assert!(sources.len() > 20, "the source tree was not found");
    let long: Vec<(usize, &str)> = sources
        .iter()
        .map(|s| {
            (
                s.build.lines().filter(|l| !l.trim().is_empty()).count(),
                s.rel.as_str(),
            )
        })
        .filter(|&(n, _)| n > MAX_CODE_LINES)
        .collect();
    assert!(
        long.is_empty(),
        "over {MAX_CODE_LINES} lines of code: {long:?}"
    );
}
