//! Group commit: the settling thread gathers settled pages into a group and commits them
//! together, paying for the flushes to disk once per group rather than once per file.
//!
//! The workers write each output to a temporary file beside it and flush nothing. A group ends
//! when it holds [`BatchOptions::commit_pages`] pages, when its first page has waited
//! [`BatchOptions::commit_wait`] (looked at as pages are settled), when a page of the same
//! output stem as one of the group's comes (the duplicate check needs the first one's claim),
//! when the run is told to stop, and at the end of the run. Committing a group, in this order:
//!
//! 1. every file of the group is flushed to disk (from a few threads at once: the file system
//!    commits flushes that wait together in one journal write), the new ones and those that
//!    already held their bytes alike;
//! 2. the new ones are renamed into place;
//! 3. each directory touched, and each one in which a directory was created, is flushed once;
//! 4. only then the group's lines are appended to the manifest's journal (which is flushed to
//!    disk once per group), the claims and links recorded, and the pages reported.
//!
//! So a kill or a power cut at any point leaves each output the old file or the new one, and the
//! manifest never names a page whose files are not on disk. A page whose file cannot be flushed
//! or renamed fails alone ([`FailureKind::Write`]), with no temporary file left. Without
//! [`BatchOptions::durable`] nothing is flushed and a group is one page: there is nothing to
//! share, and each page is renamed into place and recorded as soon as it is settled (still in
//! that order).
//!
//! A group holds at most `commit_pages` pages: their manifest entries, links and the names of
//! their temporary files, never their bytes (those are in the temporary files).
//!
//! [`BatchOptions::commit_pages`]: super::BatchOptions::commit_pages
//! [`BatchOptions::commit_wait`]: super::BatchOptions::commit_wait
//! [`BatchOptions::durable`]: super::BatchOptions::durable

use std::collections::{BTreeMap, HashSet};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use super::ledger::Ledger;
use super::manifest::Entry;
use super::outdir::{self, Disk, Ready};
use super::page::Work;
use super::walk::Input;
use super::{Failure, FailureKind, Outcome, Progress, Summary};
use crate::error::Result;

/// A settled page, waiting in its group.
enum Item {
    Failed {
        input: Input,
        reason: FailureKind,
        message: String,
    },
    /// Converted (with links) or unchanged (without).
    Stands {
        input: Input,
        entry: Entry,
        files: Vec<Ready>,
        links: Option<BTreeMap<String, String>>,
        list: bool,
    },
}

/// Where a committed page goes: the ledger, the summary, the progress; and the disk.
pub(super) struct Sink<'a> {
    pub(super) ledger: &'a mut Ledger,
    pub(super) summary: &'a mut Summary,
    pub(super) progress: &'a mut dyn Progress,
    pub(super) disk: &'a dyn Disk,
}

/// The pages settled and not yet committed, in path order.
pub(super) struct Group {
    items: Vec<Item>,
    /// The output stems of the pages that stand.
    stems: HashSet<String>,
    /// When the first page came.
    opened: Option<Instant>,
    pages: usize,
    wait: Duration,
    durable: bool,
}

impl Group {
    /// An empty group of at most `pages` pages (at least one) waiting at most `wait`; with
    /// `durable` false, a group is one page.
    pub(super) fn new(pages: usize, wait: Duration, durable: bool) -> Group {
        let pages = if durable { pages.max(1) } else { 1 };
        Group {
            items: Vec::with_capacity(pages),
            stems: HashSet::with_capacity(pages),
            opened: None,
            pages,
            wait,
            durable,
        }
    }

    /// Adds a settled page: checks, in path order, whether an earlier input claimed its output
    /// stem (committing the group first if that input is in it). An `Err` is the run's.
    pub(super) fn add(&mut self, input: Input, work: Work, sink: &mut Sink<'_>) -> Result<()> {
        let (entry, files, links) = match work {
            Work::Failed(reason, message) => {
                self.push(Item::Failed {
                    input,
                    reason,
                    message,
                });
                return Ok(());
            }
            Work::Unchanged(entry) => (entry, Vec::new(), None),
            Work::Converted {
                entry,
                files,
                links,
            } => (entry, files, Some(links)),
        };
        if self.stems.contains(&entry.stem) {
            self.commit(sink)?;
        }
        let list = crate::listing::is_list_url(&entry.url);
        if let Some(owner) = sink.ledger.owner(&entry)? {
            let what = if list { "list page" } else { "article" };
            let message = format!(
                "the same {what} ({}) as {owner}, which comes first",
                entry.url
            );
            // (Its temporary files are removed as `files` is dropped.)
            drop(files);
            self.push(Item::Failed {
                input,
                reason: FailureKind::Duplicate,
                message,
            });
            return Ok(());
        }
        self.stems.insert(entry.stem.clone());
        self.push(Item::Stands {
            input,
            entry,
            files,
            links,
            list,
        });
        Ok(())
    }

    fn push(&mut self, item: Item) {
        self.opened.get_or_insert_with(Instant::now);
        self.items.push(item);
    }

    /// Pages waiting.
    pub(super) fn len(&self) -> usize {
        self.items.len()
    }

    /// Is it time to commit: the group full, its first page waiting long enough, or the run
    /// stopping?
    pub(super) fn due(&self, stopping: bool) -> bool {
        !self.items.is_empty()
            && (self.items.len() >= self.pages
                || stopping
                || self.opened.is_some_and(|t| t.elapsed() >= self.wait))
    }

    /// Commits the group (see the module docs) and reports its pages, in order. An `Err` is the
    /// run's (the manifest could not be written).
    pub(super) fn commit(&mut self, sink: &mut Sink<'_>) -> Result<()> {
        let items = std::mem::take(&mut self.items);
        self.stems.clear();
        self.opened = None;
        // Every file of the group, and how many are each page's.
        let mut files: Vec<Ready> = Vec::new();
        let mut counts = Vec::with_capacity(items.len());
        let mut items: Vec<Item> = items
            .into_iter()
            .map(|mut item| {
                let n = match &mut item {
                    Item::Stands { files: mine, .. } => {
                        let n = mine.len();
                        files.append(mine);
                        n
                    }
                    Item::Failed { .. } => 0,
                };
                counts.push(n);
                item
            })
            .collect();
        let any_files = !files.is_empty();
        let errors = outdir::commit(&mut files, self.durable, sink.disk);
        drop(files);
        let mut errors = errors.into_iter();
        for (item, n) in items.drain(..).zip(counts) {
            let mine: Vec<Option<String>> = errors.by_ref().take(n).collect();
            let error = mine.into_iter().flatten().next();
            self.settle(item, error, sink)?;
        }
        if self.durable && any_files {
            sink.ledger.journal.checkpoint()?;
        }
        Ok(())
    }

    /// Records and reports one committed page; `error` is why its files failed, if they did.
    fn settle(&self, item: Item, error: Option<String>, sink: &mut Sink<'_>) -> Result<()> {
        let failed = |input: Input, reason, message| {
            let failure = Failure {
                input: input.rel.clone(),
                reason,
                message,
            };
            (input, Outcome::Failed(failure), false)
        };
        let (input, outcome, list) = match (item, error) {
            (
                Item::Failed {
                    input,
                    reason,
                    message,
                },
                _,
            ) => failed(input, reason, message),
            (Item::Stands { input, .. }, Some(message)) => {
                failed(input, FailureKind::Write, message)
            }
            (
                Item::Stands {
                    input,
                    entry,
                    links,
                    list,
                    ..
                },
                None,
            ) => {
                sink.ledger.record(&entry)?;
                sink.disk.recorded(&entry.input);
                match links {
                    None => (input, Outcome::Unchanged, list),
                    Some(links) => {
                        for (url, mirror_path) in &links {
                            sink.ledger.links.add(url, mirror_path, 1)?;
                        }
                        let outputs = entry.outputs.iter().map(PathBuf::from).collect();
                        let url = entry.url;
                        (input, Outcome::Converted { url, outputs }, list)
                    }
                }
            }
        };
        let summary = &mut *sink.summary;
        match &outcome {
            Outcome::Converted { .. } => {
                summary.converted += 1;
                summary.converted_lists += usize::from(list);
            }
            Outcome::Unchanged => {
                summary.unchanged += 1;
                summary.unchanged_lists += usize::from(list);
            }
            Outcome::Failed(f) => summary.failures.push(f.clone()),
        }
        sink.progress.page(&input.rel, &outcome);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::batch::claims::Claims;
    use crate::batch::ledger::SPILL_BUDGET;
    use crate::batch::manifest::{FILE, Journal};
    use crate::batch::outdir::{Dirs, Traced};
    use crate::batch::spill::Spill;
    use std::ffi::OsStr;
    use std::path::Path;

    struct Run {
        out: tempfile::TempDir,
        state: tempfile::TempDir,
        dirs: Dirs,
        ledger: Ledger,
        summary: Summary,
        reported: Vec<(PathBuf, Outcome)>,
    }

    impl Progress for Vec<(PathBuf, Outcome)> {
        fn page(&mut self, input: &Path, outcome: &Outcome) {
            self.push((input.to_path_buf(), outcome.clone()));
        }
    }

    impl Run {
        fn new() -> Run {
            let out = tempfile::tempdir().unwrap();
            let state = tempfile::tempdir().unwrap();
            let ledger = Ledger {
                journal: Journal::create(state.path(), "test", true).unwrap(),
                claims: Claims::new(state.path(), 10).unwrap(),
                links: Spill::new(state.path(), SPILL_BUDGET),
                images: None,
            };
            Run {
                dirs: Dirs::new(out.path().to_path_buf()).unwrap(),
                out,
                state,
                ledger,
                summary: Summary::default(),
                reported: Vec::new(),
            }
        }

        /// A converted page `input` whose one output is `stem.md` with `bytes`.
        fn page(&self, input: &str, stem: &str, bytes: &[u8]) -> (Input, Work) {
            let rel = Path::new(stem);
            let dir = self.dirs.ensure(rel.parent().unwrap()).unwrap();
            let name = format!("{}.md", rel.file_name().unwrap().to_str().unwrap());
            let ready = dir.prepare(OsStr::new(&name), bytes).unwrap();
            let entry = Entry {
                input: input.into(),
                hash: "h".into(),
                url: format!("https://www.epochtimes.com/{stem}.htm"),
                given_url: None,
                stem: stem.into(),
                outputs: vec![format!("{stem}.md")],
                images: Vec::new(),
            };
            let input = Input {
                rel: input.into(),
                gz: false,
                archive: false,
                record: None,
            };
            let work = Work::Converted {
                entry,
                files: vec![ready],
                links: BTreeMap::new(),
            };
            (input, work)
        }

        fn add(&mut self, group: &mut Group, disk: &Traced, (input, work): (Input, Work)) {
            let mut sink = Sink {
                ledger: &mut self.ledger,
                summary: &mut self.summary,
                progress: &mut self.reported,
                disk,
            };
            group.add(input, work, &mut sink).unwrap();
            if group.due(false) {
                group.commit(&mut sink).unwrap();
            }
        }

        fn commit(&mut self, group: &mut Group, disk: &Traced) {
            let mut sink = Sink {
                ledger: &mut self.ledger,
                summary: &mut self.summary,
                progress: &mut self.reported,
                disk,
            };
            group.commit(&mut sink).unwrap();
        }

        /// The inputs of the manifest lines, once the journal is finished.
        fn manifest(self) -> Vec<String> {
            self.ledger.journal.finish().unwrap();
            let text = std::fs::read_to_string(self.state.path().join(FILE)).unwrap();
            text.lines()
                .skip(1)
                .map(|l| serde_json::from_str::<Entry>(l).unwrap().input)
                .collect()
        }
    }

    fn temp_files(root: &Path) -> Vec<PathBuf> {
        walkdir::WalkDir::new(root)
            .into_iter()
            .map(|e| e.unwrap())
            .filter(|e| crate::batch::atomic::is_temp_name(e.file_name()))
            .map(|e| e.path().to_path_buf())
            .collect()
    }

    #[test]
    fn a_page_is_recorded_only_after_its_file_and_directory_are_on_disk() {
        let mut run = Run::new();
        let disk = Traced::default();
        let mut group = Group::new(3, Duration::from_secs(3600), true);
        let pages = [
            ("a.html", "gb/25/n1"),
            ("b.html", "gb/26/n2"),
            ("c.html", "gb/25/n3"),
            ("d.html", "gb/27/n4"),
        ];
        for (input, stem) in pages {
            let page = run.page(input, stem, stem.as_bytes());
            run.add(&mut group, &disk, page);
            // Nothing is reported (or recorded) before its group is committed.
            let settled = ["a.html", "b.html", "c.html", "d.html"]
                .iter()
                .position(|i| *i == input)
                .unwrap();
            let expected = if settled >= 2 { 3 } else { 0 };
            assert_eq!(run.reported.len(), expected, "after {input}");
        }
        assert_eq!(group.len(), 1, "the fourth page waits for its group");
        run.commit(&mut group, &disk);
        let calls = disk.calls();
        for (input, stem) in pages {
            let recorded = disk.at(&format!("recorded {input}"));
            let dir = Path::new(stem).parent().unwrap().display().to_string();
            let target = format!("{stem}.md");
            let rename = calls
                .iter()
                .position(|c| c.starts_with("rename ") && c.ends_with(&format!(" {target}")))
                .unwrap();
            let temp = calls[rename].split(' ').nth(1).unwrap();
            let synced = disk.at(&format!("sync_file {temp}"));
            // The directory flushed after the rename (the last flush of it, for the second
            // group's directories).
            let dir_synced = calls
                .iter()
                .rposition(|c| *c == format!("sync_dir {dir}"))
                .unwrap();
            assert!(synced < rename, "{input}: {calls:#?}");
            assert!(rename < dir_synced, "{input}: {calls:#?}");
            assert!(dir_synced < recorded, "{input}: {calls:#?}");
        }
        // One flush per directory per group: gb/25 holds two pages of the first group.
        let first_group_end = disk.at("recorded c.html");
        let gb25 = calls[..first_group_end]
            .iter()
            .filter(|c| *c == "sync_dir gb/25")
            .count();
        assert_eq!(gb25, 1, "{calls:#?}");
        let inputs: Vec<_> = run.reported.iter().map(|(i, _)| i.clone()).collect();
        assert_eq!(
            inputs,
            ["a.html", "b.html", "c.html", "d.html"].map(PathBuf::from)
        );
        assert_eq!(run.summary.converted, 4);
        assert!(temp_files(run.out.path()).is_empty());
        assert_eq!(run.manifest(), ["a.html", "b.html", "c.html", "d.html"]);
    }

    #[test]
    fn a_page_whose_file_cannot_be_flushed_fails_alone_and_is_not_recorded() {
        let mut run = Run::new();
        let disk = Traced {
            fail_file_in: Some("gb/26".into()),
            ..Traced::default()
        };
        let mut group = Group::new(32, Duration::from_secs(3600), true);
        for (input, stem) in [
            ("a.html", "gb/25/n1"),
            ("b.html", "gb/26/n2"),
            ("c.html", "gb/25/n3"),
        ] {
            let page = run.page(input, stem, b"page");
            run.add(&mut group, &disk, page);
        }
        run.commit(&mut group, &disk);
        assert_eq!(run.summary.converted, 2);
        let failure = &run.summary.failures[0];
        assert_eq!(failure.input, Path::new("b.html"));
        assert_eq!(failure.reason, FailureKind::Write);
        assert!(
            failure.message.contains("not flushed to disk"),
            "{}",
            failure.message
        );
        assert!(!disk.calls().contains(&"recorded b.html".to_string()));
        assert!(temp_files(run.out.path()).is_empty());
        assert!(!run.out.path().join("gb/26/n2.md").exists());
        assert_eq!(run.manifest(), ["a.html", "c.html"]);
    }

    #[test]
    fn a_second_page_of_the_same_stem_commits_the_group_first_and_fails_as_duplicate() {
        let mut run = Run::new();
        let disk = Traced::default();
        let mut group = Group::new(32, Duration::from_secs(3600), true);
        let first = run.page("a.html", "gb/25/n1", b"first");
        run.add(&mut group, &disk, first);
        let second = run.page("b.html", "gb/25/n1", b"second");
        run.add(&mut group, &disk, second);
        assert_eq!(
            run.reported.len(),
            1,
            "the first page's group was committed"
        );
        run.commit(&mut group, &disk);
        let failure = &run.summary.failures[0];
        assert_eq!(failure.reason, FailureKind::Duplicate);
        assert!(failure.message.contains("as a.html"), "{}", failure.message);
        assert_eq!(
            std::fs::read(run.out.path().join("gb/25/n1.md")).unwrap(),
            b"first"
        );
        assert!(temp_files(run.out.path()).is_empty());
        assert_eq!(run.manifest(), ["a.html"]);
    }

    #[test]
    fn a_group_waits_no_longer_than_told_and_without_durable_is_one_page() {
        let run = Run::new();
        let failed = || Item::Failed {
            input: run.page("a.html", "gb/n1", b"x").0,
            reason: FailureKind::Read,
            message: String::new(),
        };
        let mut patient = Group::new(32, Duration::from_secs(3600), true);
        assert!(!patient.due(true), "nothing to commit");
        patient.push(failed());
        assert!(!patient.due(false));
        assert!(patient.due(true), "stopping");
        let mut hasty = Group::new(32, Duration::ZERO, true);
        hasty.push(failed());
        assert!(hasty.due(false), "waited long enough");
        assert_eq!(Group::new(32, Duration::from_secs(1), false).pages, 1);
        assert_eq!(Group::new(0, Duration::from_secs(1), true).pages, 1);
    }

    #[test]
    fn dropping_a_group_removes_its_temporary_files() {
        let mut run = Run::new();
        let disk = Traced::default();
        let mut group = Group::new(32, Duration::from_secs(3600), true);
        let page = run.page("a.html", "gb/25/n1", b"page");
        run.add(&mut group, &disk, page);
        assert_eq!(temp_files(run.out.path()).len(), 1);
        drop(group);
        assert!(temp_files(run.out.path()).is_empty());
        assert!(disk.calls().is_empty());
    }
}
