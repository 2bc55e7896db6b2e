//! An ordered parallel pipeline: `jobs` worker threads do the items of a source (any iterator)
//! in any order, and the calling thread settles their results strictly in source order as they
//! arrive.
//!
//! Workers take the next item from the shared source, so the items in progress are always
//! near the settled front; no worker ever waits for another to finish a batch (there are no
//! batches), only for the settling thread when it is a whole window behind. The source is
//! pulled lazily, one item at a time, and at most `window` results wait to be settled at any
//! time: memory does not grow with the number of items.

use std::collections::VecDeque;
use std::panic::AssertUnwindSafe;
use std::sync::{Condvar, Mutex, MutexGuard, mpsc};

use crate::error::{Error, Result};

/// How far the settling thread has come, and whether it has given up.
struct Gate {
    state: Mutex<GateState>,
    room: Condvar,
}

struct GateState {
    settled: usize,
    closed: bool,
}

impl Gate {
    fn lock(&self) -> MutexGuard<'_, GateState> {
        // The state is two plain values, consistent after any panic.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn update(&self, f: impl FnOnce(&mut GateState)) {
        f(&mut self.lock());
        self.room.notify_all();
    }

    /// Waits until item `index` is within `window` of the settled front; false if the settling
    /// thread has given up.
    fn wait_for_room(&self, index: usize, window: usize) -> bool {
        let mut state = self.lock();
        while !state.closed && index >= state.settled + window {
            state = self.room.wait(state).unwrap_or_else(|p| p.into_inner());
        }
        !state.closed
    }
}

/// Closes the gate when dropped.
struct CloseOnDrop<'a>(&'a Gate);

impl Drop for CloseOnDrop<'_> {
    fn drop(&mut self) {
        self.0.update(|s| s.closed = true);
    }
}

/// The source and how many items have been taken from it.
struct Source<I> {
    items: I,
    taken: usize,
}

/// Runs `work(item)` for every item of `source` on `jobs` threads named `newsmirror-N` (which
/// pull the source, one item at a time, under a lock), and `settle(i, result)` on the calling
/// thread for the `i`th item, in source order. A worker takes no new item once `stopped()` is
/// true, and every item taken is settled. Returns how many items were settled: all of them, or
/// fewer when stopped.
///
/// An `Err` from `settle` ends the run: no new item is started, the results not yet settled
/// are dropped, and the error is returned once every worker has finished its item. A panic in
/// `work` (or in the source) does the same and is then resumed on the calling thread; the other
/// workers never wait for the item that will not come.
pub(crate) fn ordered<T, I, W, F>(
    source: I,
    jobs: usize,
    window: usize,
    work: F,
    stopped: &(dyn Fn() -> bool + Sync),
    settle: &mut dyn FnMut(usize, W) -> Result<()>,
) -> Result<usize>
where
    I: Iterator<Item = T> + Send,
    W: Send,
    F: Fn(T) -> W + Sync,
{
    let window = window.max(1);
    let source = Mutex::new(Source {
        items: source,
        taken: 0,
    });
    let gate = Gate {
        state: Mutex::new(GateState {
            settled: 0,
            closed: false,
        }),
        room: Condvar::new(),
    };
    std::thread::scope(|scope| {
        let (sender, results) = mpsc::channel::<(usize, W)>();
        let mut workers = Vec::with_capacity(jobs.max(1));
        for n in 0..jobs.max(1) {
            let sender = sender.clone();
            let (source, gate, work) = (&source, &gate, &work);
            let spawned = std::thread::Builder::new()
                .name(format!("newsmirror-{n}"))
                .spawn_scoped(scope, move || {
                    while !stopped() {
                        // Taking an item and doing it, both under the panic guard: a panic
                        // in the source poisons its lock, and the closed gate stops the rest.
                        let step = std::panic::catch_unwind(AssertUnwindSafe(|| {
                            let (index, item) = {
                                let mut source = source.lock().ok()?;
                                let item = source.items.next()?;
                                source.taken += 1;
                                (source.taken - 1, item)
                            };
                            if !gate.wait_for_room(index, window) {
                                return None;
                            }
                            Some((index, work(item)))
                        }));
                        let result = match step {
                            Ok(Some(result)) => result,
                            Ok(None) => break,
                            Err(panic) => {
                                gate.update(|s| s.closed = true);
                                return Some(panic);
                            }
                        };
                        if sender.send(result).is_err() {
                            break;
                        }
                    }
                    None
                });
            match spawned {
                Ok(worker) => workers.push(worker),
                Err(e) => {
                    gate.update(|s| s.closed = true);
                    return Err(Error::Config(format!("cannot start worker threads: {e}")));
                }
            }
        }
        drop(sender);
        // However this thread leaves (an error, a panic in `settle`), the workers stop waiting
        // for room: the scope joins them before anything propagates.
        let _close = CloseOnDrop(&gate);

        let mut waiting: VecDeque<Option<W>> = VecDeque::with_capacity(window);
        let mut settled = 0;
        let mut run = || -> Result<()> {
            for (index, result) in &results {
                let slot = index - settled;
                if waiting.len() <= slot {
                    waiting.resize_with(slot + 1, || None);
                }
                waiting[slot] = Some(result);
                let before = settled;
                while let Some(Some(_)) = waiting.front() {
                    if let Some(Some(result)) = waiting.pop_front() {
                        settle(settled, result)?;
                        settled += 1;
                    }
                }
                if settled != before {
                    gate.update(|s| s.settled = settled);
                }
            }
            Ok(())
        };
        let outcome = run();
        gate.update(|s| s.closed = true);
        drop(results);
        for worker in workers {
            // A worker's own panics are caught and returned; joining cannot fail.
            if let Ok(Some(panic)) = worker.join() {
                std::panic::resume_unwind(panic);
            }
        }
        outcome.map(|()| settled)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    use std::time::Duration;

    fn never() -> bool {
        false
    }

    #[test]
    fn settles_every_item_in_order() {
        for jobs in [1, 2, 7] {
            let mut seen = Vec::new();
            let work = |i: usize| {
                // Uneven work, so that results arrive out of order.
                if i % 5 == 0 {
                    std::thread::sleep(Duration::from_micros(300));
                }
                i * 10
            };
            let done = ordered(0..1000, jobs, 16, work, &never, &mut |i, w| {
                assert_eq!(w, i * 10);
                seen.push(i);
                Ok(())
            })
            .unwrap();
            assert_eq!(done, 1000);
            assert_eq!(seen, (0..1000).collect::<Vec<_>>());
        }
    }

    #[test]
    fn nothing_is_pulled_or_started_more_than_a_window_ahead() {
        let settled = AtomicUsize::new(0);
        let (pulled, started) = (AtomicUsize::new(0), AtomicUsize::new(0));
        // How far ahead of the settled front an item is.
        let note = |ahead: &AtomicUsize, i: usize| {
            let front = settled.load(Ordering::SeqCst);
            ahead.fetch_max(i - front.min(i), Ordering::SeqCst);
        };
        let source = (0..1000).inspect(|&i| note(&pulled, i));
        let mut settle = |i: usize, ()| {
            // A slow settling thread: the workers must wait for it, not run ahead.
            std::thread::sleep(Duration::from_micros(30));
            settled.store(i + 1, Ordering::SeqCst);
            Ok(())
        };
        ordered(source, 4, 8, |i| note(&started, i), &never, &mut settle).unwrap();
        assert!(started.load(Ordering::SeqCst) < 8, "{started:?}");
        // Each worker may hold one item it took while it waits for room.
        assert!(pulled.load(Ordering::SeqCst) < 8 + 4, "{pulled:?}");
    }

    #[test]
    fn a_panic_in_the_source_reaches_the_caller() {
        let caught = std::panic::catch_unwind(|| {
            let source = (0..100_000).inspect(|&i| assert_ne!(i, 50, "source fifty"));
            ordered(source, 2, 4, |_| (), &never, &mut |_, ()| Ok(()))
        });
        assert!(caught.is_err(), "the panic propagates");
    }

    #[test]
    fn an_error_ends_the_run_and_returns_it() {
        let started = AtomicUsize::new(0);
        let work = |_| {
            started.fetch_add(1, Ordering::SeqCst);
        };
        let result = ordered(0..100_000, 2, 4, work, &never, &mut |i, ()| {
            if i == 10 {
                Err(Error::Config("full".into()))
            } else {
                Ok(())
            }
        });
        assert!(matches!(result, Err(Error::Config(m)) if m == "full"));
        assert!(started.load(Ordering::SeqCst) <= 10 + 4 + 2);
    }

    #[test]
    fn a_stop_settles_what_was_started() {
        let stop = AtomicBool::new(false);
        let stopped = || stop.load(Ordering::SeqCst);
        let mut seen = Vec::new();
        let done = ordered(
            0..1_000_000,
            2,
            64,
            |i| {
                if i == 100 {
                    stop.store(true, Ordering::SeqCst);
                }
                i
            },
            &stopped,
            &mut |i, w| {
                assert_eq!(i, w);
                seen.push(i);
                Ok(())
            },
        )
        .unwrap();
        assert!((101..200).contains(&done), "{done}");
        assert_eq!(seen, (0..done).collect::<Vec<_>>());
    }

    #[test]
    fn a_panic_in_a_worker_ends_the_run_and_reaches_the_caller() {
        for jobs in [1, 2, 4] {
            let caught = std::panic::catch_unwind(|| {
                let mut settle = |_, ()| Ok(());
                let work = |i: usize| {
                    if i == 20 {
                        panic!("item twenty");
                    }
                };
                ordered(0..100_000, jobs, 4, work, &never, &mut settle)
            });
            let panic = caught.expect_err("the panic is resumed, not swallowed");
            assert_eq!(panic.downcast_ref::<&str>(), Some(&"item twenty"));
        }
    }

    #[test]
    fn a_panic_while_settling_reaches_the_caller_without_a_hang() {
        let caught = std::panic::catch_unwind(|| {
            let mut settle = |i, ()| {
                if i == 20 {
                    panic!("settling twenty");
                }
                Ok(())
            };
            ordered(0..100_000, 2, 4, |_| (), &never, &mut settle)
        });
        let panic = caught.expect_err("the panic propagates");
        assert_eq!(panic.downcast_ref::<&str>(), Some(&"settling twenty"));
    }

    #[test]
    fn nothing_to_do() {
        let done = ordered(0..0, 2, 8, |i| i, &never, &mut |_, _| unreachable!()).unwrap();
        assert_eq!(done, 0);
    }
}
