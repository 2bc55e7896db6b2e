//! Distinct (key, value) pairs with a count, given in any order and read back sorted by key, in
//! bounded memory: an external merge sort.
//!
//! Pairs are gathered in a sorted map until it holds about `budget` bytes; then the map is
//! written to a run (an anonymous temporary file) and emptied. Reading merges the runs and what
//! is still held; equal keys become one pair, their counts added (the value is the first
//! given: callers give a value that depends on the key only). At most [`MAX_RUNS`] runs are
//! kept open: beyond that, they are merged into one. A run's links to linked articles and its
//! list of images go through this, so that neither grows in memory with the number of pages.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Runs kept before they are merged into one.
const MAX_RUNS: usize = 32;
/// What a held pair costs beyond its text (two strings, a count, the map's node), roughly.
const PAIR_OVERHEAD: usize = 96;

pub(crate) type Pair = (String, String, u64);

pub(crate) struct Spill {
    dir: PathBuf,
    budget: usize,
    held: BTreeMap<String, (String, u64)>,
    held_bytes: usize,
    runs: Vec<File>,
}

impl Spill {
    /// Gathers pairs in about `budget` bytes of memory, spilling to runs in `dir`.
    pub(crate) fn new(dir: &Path, budget: usize) -> Spill {
        Spill {
            dir: dir.into(),
            budget,
            held: BTreeMap::new(),
            held_bytes: 0,
            runs: Vec::new(),
        }
    }

    fn err(dir: &Path) -> impl Fn(std::io::Error) -> Error + '_ {
        move |source| Error::Io {
            path: dir.join("(temporary sort run)"),
            source,
        }
    }

    /// Adds `count` to `key`'s pair (created with `value` if new).
    pub(crate) fn add(&mut self, key: &str, value: &str, count: u64) -> Result<()> {
        if let Some((_, n)) = self.held.get_mut(key) {
            *n += count;
            return Ok(());
        }
        self.held_bytes += key.len() + value.len() + PAIR_OVERHEAD;
        self.held.insert(key.into(), (value.into(), count));
        if self.held_bytes > self.budget {
            self.spill()?;
        }
        Ok(())
    }

    /// Writes what is held to a new run.
    fn spill(&mut self) -> Result<()> {
        let held = std::mem::take(&mut self.held);
        self.held_bytes = 0;
        let pairs = held.into_iter().map(|(k, (v, n))| Ok((k, v, n)));
        let run = write_run(&self.dir, pairs)?;
        self.runs.push(run);
        if self.runs.len() >= MAX_RUNS {
            let runs = std::mem::take(&mut self.runs);
            let merged = Merged::new(&self.dir, runs, BTreeMap::new())?;
            self.runs.push(write_run(&self.dir, merged)?);
        }
        Ok(())
    }

    /// Every distinct key, in order, with its value and total count.
    pub(crate) fn into_sorted(self) -> Result<Merged> {
        Merged::new(&self.dir, self.runs, self.held)
    }
}

/// Writes sorted pairs to a new run, rewound for reading.
fn write_run(dir: &Path, pairs: impl Iterator<Item = Result<Pair>>) -> Result<File> {
    let err = Spill::err(dir);
    let mut out = BufWriter::with_capacity(64 << 10, tempfile::tempfile_in(dir).map_err(&err)?);
    for pair in pairs {
        let (key, value, count) = pair?;
        for text in [&key, &value] {
            let len =
                u32::try_from(text.len()).map_err(|_| err(std::io::Error::other("too long")))?;
            out.write_all(&len.to_le_bytes()).map_err(&err)?;
            out.write_all(text.as_bytes()).map_err(&err)?;
        }
        out.write_all(&count.to_le_bytes()).map_err(&err)?;
    }
    let mut file = out.into_inner().map_err(|e| err(e.into_error()))?;
    file.seek(SeekFrom::Start(0)).map_err(&err)?;
    Ok(file)
}

/// One sorted source of a merge.
enum Source {
    Run(BufReader<File>),
    Held(std::collections::btree_map::IntoIter<String, (String, u64)>),
}

impl Source {
    fn next(&mut self) -> std::io::Result<Option<Pair>> {
        let run = match self {
            Source::Held(pairs) => return Ok(pairs.next().map(|(k, (v, n))| (k, v, n))),
            Source::Run(run) => run,
        };
        let mut len = [0; 4];
        match run.read_exact(&mut len) {
            Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => return Ok(None),
            other => other?,
        }
        let key = read_text(run, u32::from_le_bytes(len))?;
        run.read_exact(&mut len)?;
        let value = read_text(run, u32::from_le_bytes(len))?;
        let mut count = [0; 8];
        run.read_exact(&mut count)?;
        Ok(Some((key, value, u64::from_le_bytes(count))))
    }
}

fn read_text(run: &mut impl Read, len: u32) -> std::io::Result<String> {
    let mut bytes = vec![0; len as usize];
    run.read_exact(&mut bytes)?;
    String::from_utf8(bytes).map_err(std::io::Error::other)
}

/// The merge of sorted sources: distinct keys in order.
pub(crate) struct Merged {
    dir: PathBuf,
    sources: Vec<Source>,
    /// Each source's next pair.
    heads: Vec<Option<Pair>>,
    failed: bool,
}

impl Merged {
    fn new(dir: &Path, runs: Vec<File>, held: BTreeMap<String, (String, u64)>) -> Result<Merged> {
        let mut sources: Vec<Source> = runs
            .into_iter()
            .map(|f| Source::Run(BufReader::with_capacity(64 << 10, f)))
            .collect();
        sources.push(Source::Held(held.into_iter()));
        let heads = sources
            .iter_mut()
            .map(Source::next)
            .collect::<std::io::Result<_>>()
            .map_err(Spill::err(dir))?;
        Ok(Merged {
            dir: dir.into(),
            sources,
            heads,
            failed: false,
        })
    }

    fn advance(&mut self, i: usize) -> std::io::Result<Option<Pair>> {
        let next = self.sources[i].next()?;
        Ok(std::mem::replace(&mut self.heads[i], next))
    }
}

impl Iterator for Merged {
    type Item = Result<Pair>;

    fn next(&mut self) -> Option<Result<Pair>> {
        if self.failed {
            return None;
        }
        // Few sources (at most MAX_RUNS + 1): a scan for the least key is enough.
        let least = (0..self.heads.len())
            .filter(|&i| self.heads[i].is_some())
            .min_by(|&a, &b| {
                let key = |i: usize| self.heads[i].as_ref().map(|p| &p.0);
                key(a).cmp(&key(b))
            })?;
        let mut step = || -> std::io::Result<Pair> {
            let (key, value, mut count) = self.advance(least)?.expect("a head");
            for i in least + 1..self.heads.len() {
                while self.heads[i].as_ref().is_some_and(|p| p.0 == key) {
                    count += self.advance(i)?.expect("a head").2;
                }
            }
            Ok((key, value, count))
        };
        let pair = step();
        if pair.is_err() {
            self.failed = true;
        }
        Some(pair.map_err(Spill::err(&self.dir)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn gather(budget: usize, pairs: &[(String, u64)]) -> (Vec<Pair>, usize) {
        let dir = tempfile::tempdir().unwrap();
        let mut spill = Spill::new(dir.path(), budget);
        for (key, count) in pairs {
            spill.add(key, &format!("value of {key}"), *count).unwrap();
        }
        let runs = spill.runs.len();
        let sorted = spill.into_sorted().unwrap().map(Result::unwrap).collect();
        // Runs are anonymous files: nothing is left in the directory.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
        (sorted, runs)
    }

    fn oracle(pairs: &[(String, u64)]) -> Vec<Pair> {
        let mut map: BTreeMap<&str, u64> = BTreeMap::new();
        for (key, count) in pairs {
            *map.entry(key).or_default() += count;
        }
        map.into_iter()
            .map(|(k, n)| (k.to_string(), format!("value of {k}"), n))
            .collect()
    }

    #[test]
    fn spilled_and_merged_pairs_equal_a_map_of_them() {
        // 20,000 pairs over 3,000 keys, a budget of ~20 pairs: hundreds of spills, the runs
        // merged into one again and again.
        let pairs: Vec<(String, u64)> = (0..20_000u64)
            .map(|i| {
                (
                    format!("https://www.epochtimes.com/gb/{}.htm", (i * 7919) % 3000),
                    i % 3,
                )
            })
            .collect();
        let (sorted, runs) = gather(20 * 150, &pairs);
        assert!(runs > 1, "{runs}");
        assert_eq!(sorted, oracle(&pairs));
        let (in_memory, runs) = gather(usize::MAX, &pairs);
        assert_eq!(runs, 0);
        assert_eq!(in_memory, sorted);
    }

    proptest! {
        #[test]
        fn any_pairs_any_budget(
            pairs in proptest::collection::vec(("[a-c/é]{0,4}", 0u64..4), 0..300),
            budget in 0usize..2000,
        ) {
            prop_assert_eq!(gather(budget, &pairs).0, oracle(&pairs));
        }
    }
}
