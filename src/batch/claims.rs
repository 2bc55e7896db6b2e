//! The output stems claimed so far in a run, to find two inputs of the same article: a hash
//! table kept in an anonymous temporary file, not in memory.
//!
//! Each slot is 24 bytes: the first 16 bytes of the key's BLAKE3 hash, then the claim's token
//! plus one (0 marks an empty slot). Open addressing with linear probing, at most half full;
//! the table doubles when it would be fuller. A lookup reads a slot or two from the file (the
//! kernel's page cache, in practice), so the run's memory does not grow with its pages; the
//! file takes 48 bytes or so a page on disk and disappears with the run, even a killed one.
//!
//! Two keys with the same 128-bit hash are told apart by the caller: a lookup hands each
//! candidate's token to a check (the run reads the owner's manifest line and compares stems).

use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

const SLOT: usize = 24;
/// The most slots a table may have (a sparse file of 24 TiB; half a trillion claims).
const MAX_SLOTS: u64 = 1 << 40;
/// Slots read at once when a table is copied into a larger one.
const CHUNK: usize = 4096;

pub(crate) struct Claims {
    file: File,
    /// A power of two.
    slots: u64,
    len: u64,
    /// Where the file lives (for errors, and for the larger table).
    dir: PathBuf,
}

fn digest(key: &str) -> [u8; 16] {
    let hash = blake3::hash(key.as_bytes());
    let mut out = [0; 16];
    out.copy_from_slice(&hash.as_bytes()[..16]);
    out
}

fn home(digest: &[u8; 16], slots: u64) -> u64 {
    let mut first = [0; 8];
    first.copy_from_slice(&digest[..8]);
    u64::from_le_bytes(first) & (slots - 1)
}

impl Claims {
    /// An empty table in `dir`, sized for `expected` claims (it grows past them).
    pub(crate) fn new(dir: &Path, expected: usize) -> Result<Claims> {
        let slots = (expected as u64)
            .saturating_mul(2)
            .clamp(1024, MAX_SLOTS)
            .next_power_of_two();
        Claims::with_slots(dir, slots)
    }

    fn with_slots(dir: &Path, slots: u64) -> Result<Claims> {
        if slots > MAX_SLOTS {
            return Err(Error::Io {
                path: dir.join("(claims table)"),
                source: std::io::Error::other("more than 2^40 output paths in one run"),
            });
        }
        let claims = Claims {
            file: tempfile::tempfile_in(dir).map_err(|source| Error::Io {
                path: dir.into(),
                source,
            })?,
            slots,
            len: 0,
            dir: dir.into(),
        };
        // A sparse file of zeros: every slot empty.
        claims
            .file
            .set_len(slots * SLOT as u64)
            .map_err(|e| claims.err(e))?;
        Ok(claims)
    }

    fn err(&self, source: std::io::Error) -> Error {
        Error::Io {
            path: self.dir.join("(claims table)"),
            source,
        }
    }

    fn read(&self, index: u64, slots: &mut [u8]) -> Result<()> {
        let mut file = &self.file;
        file.seek(SeekFrom::Start(index * SLOT as u64))
            .and_then(|_| file.read_exact(slots))
            .map_err(|e| self.err(e))
    }

    fn write(&self, index: u64, slot: &[u8; SLOT]) -> Result<()> {
        let mut file = &self.file;
        file.seek(SeekFrom::Start(index * SLOT as u64))
            .and_then(|_| file.write_all(slot))
            .map_err(|e| self.err(e))
    }

    /// Number of claims.
    #[cfg(test)]
    pub(crate) fn len(&self) -> u64 {
        self.len
    }

    /// The token of the claim on `key`: of the claims whose hash is `key`'s, the first one
    /// `same(token)` confirms to be `key`'s.
    pub(crate) fn owner(
        &self,
        key: &str,
        mut same: impl FnMut(u64) -> Result<bool>,
    ) -> Result<Option<u64>> {
        let digest = digest(key);
        let mut index = home(&digest, self.slots);
        let mut slot = [0; SLOT];
        loop {
            self.read(index, &mut slot)?;
            let token = u64::from_le_bytes(slot[16..].try_into().expect("8 bytes"));
            if token == 0 {
                return Ok(None);
            }
            if slot[..16] == digest && same(token - 1)? {
                return Ok(Some(token - 1));
            }
            index = (index + 1) & (self.slots - 1);
        }
    }

    /// Records the claim of `token` on `key` (which has none: see [`Claims::owner`]).
    pub(crate) fn insert(&mut self, key: &str, token: u64) -> Result<()> {
        if (self.len + 1) * 2 > self.slots {
            self.grow()?;
        }
        let mut slot = [0; SLOT];
        slot[..16].copy_from_slice(&digest(key));
        slot[16..].copy_from_slice(&(token + 1).to_le_bytes());
        self.place(&slot)?;
        self.len += 1;
        Ok(())
    }

    /// Writes `slot` into the first empty slot from its home.
    fn place(&self, slot: &[u8; SLOT]) -> Result<()> {
        let digest: [u8; 16] = slot[..16].try_into().expect("16 bytes");
        let mut index = home(&digest, self.slots);
        let mut there = [0; SLOT];
        loop {
            self.read(index, &mut there)?;
            if there[16..] == [0; 8] {
                return self.write(index, slot);
            }
            index = (index + 1) & (self.slots - 1);
        }
    }

    /// Moves every claim into a table twice the size.
    fn grow(&mut self) -> Result<()> {
        let larger = Claims::with_slots(&self.dir, self.slots * 2)?;
        let mut chunk = vec![0; CHUNK * SLOT];
        let mut start = 0;
        while start < self.slots {
            let n = (self.slots - start).min(CHUNK as u64) as usize;
            self.read(start, &mut chunk[..n * SLOT])?;
            for slot in chunk[..n * SLOT].chunks_exact(SLOT) {
                if slot[16..] != [0; 8] {
                    larger.place(slot.try_into().expect("a slot"))?;
                }
            }
            start += n as u64;
        }
        self.file = larger.file;
        self.slots = larger.slots;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn claims_are_found_after_growing_and_collisions_are_told_apart() {
        let dir = tempfile::tempdir().unwrap();
        // Sized for 10, given 5,000: the table doubles several times.
        let mut claims = Claims::new(dir.path(), 10).unwrap();
        assert_eq!(claims.slots, 1024);
        let yes = |_| Ok(true);
        for n in 0..5000u64 {
            let key = format!("gb/25/8/20/n{n}");
            assert_eq!(claims.owner(&key, yes).unwrap(), None);
            claims.insert(&key, n * 7).unwrap();
        }
        assert_eq!(claims.len(), 5000);
        assert!(claims.slots >= 10_000, "{}", claims.slots);
        for n in 0..5000u64 {
            let key = format!("gb/25/8/20/n{n}");
            assert_eq!(claims.owner(&key, yes).unwrap(), Some(n * 7));
        }
        assert_eq!(claims.owner("gb/25/8/20/n5000", yes).unwrap(), None);

        // A hash that matches but a check that says no (a collision) is passed over: the
        // lookup goes on to the next candidate, here a second claim with the same key.
        claims.insert("gb/25/8/20/n0", 99).unwrap();
        let checked = claims.owner("gb/25/8/20/n0", |token| Ok(token == 99));
        assert_eq!(checked.unwrap(), Some(99));
        assert_eq!(claims.owner("gb/25/8/20/n0", |_| Ok(false)).unwrap(), None);
        // The check's error is the lookup's.
        let failing = claims.owner("gb/25/8/20/n1", |_| Err(Error::Config("x".into())));
        assert!(failing.is_err());
    }

    #[test]
    fn a_table_past_the_largest_is_an_error_not_an_overflow() {
        let dir = tempfile::tempdir().unwrap();
        let err = Claims::with_slots(dir.path(), MAX_SLOTS * 2).err().unwrap();
        assert!(err.to_string().contains("2^40"), "{err}");
    }

    #[test]
    fn the_table_leaves_no_file() {
        let dir = tempfile::tempdir().unwrap();
        let mut claims = Claims::new(dir.path(), 100_000).unwrap();
        claims.insert("a", 1).unwrap();
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
