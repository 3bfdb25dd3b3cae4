//! `MINHBACH_TIMINGS=1`: the time of each stage of a build, on stderr, for
//! profiling a portal without a profiler. Off by default and free when off;
//! `main` reads the variable, once.

use std::time::{Duration, Instant};

pub struct Stopwatch {
    enabled: bool,
    started: Instant,
    last: Instant,
}

impl Stopwatch {
    /// `enabled`: `MINHBACH_TIMINGS` was set (read by `main`).
    pub fn new(enabled: bool) -> Self {
        let now = Instant::now();
        Stopwatch {
            enabled,
            started: now,
            last: now,
        }
    }

    /// Prints the time since the previous lap (or the start) under `stage`.
    pub fn lap(&mut self, stage: &str) {
        if !self.enabled {
            return;
        }
        let now = Instant::now();
        eprintln!("{stage:>12}: {:>6} ms", millis(now - self.last));
        self.last = now;
    }

    pub fn total(&self) {
        if self.enabled {
            eprintln!("{:>12}: {:>6} ms", "total", millis(self.started.elapsed()));
        }
    }
}

fn millis(d: Duration) -> u128 {
    d.as_millis()
}

/// With `MINHBACH_TIMINGS` set: each page that took longer than this to
/// build and render is named on stderr (a theme's or a section's slow page).
const SLOW_PAGE: Duration = Duration::from_millis(10);

#[derive(Clone, Copy)]
pub struct SlowPages {
    enabled: bool,
}

impl SlowPages {
    pub fn new(enabled: bool) -> Self {
        SlowPages { enabled }
    }

    pub fn start(self) -> Option<Instant> {
        self.enabled.then(Instant::now)
    }

    pub fn report(self, started: Option<Instant>, path: &str) {
        let Some(started) = started else { return };
        let took = started.elapsed();
        if took > SLOW_PAGE {
            eprintln!("{:>12}: {:>6} ms {path}", "slow page", millis(took));
        }
    }
}
