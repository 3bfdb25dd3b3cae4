//! `MINHBACH_TIMINGS=1`: the time of each stage of a build, on stderr, for
//! profiling a portal without a profiler. Off by default and free when off.

use std::time::{Duration, Instant};

pub struct Stopwatch {
    enabled: bool,
    started: Instant,
    last: Instant,
}

impl Stopwatch {
    pub fn from_env() -> Self {
        let now = Instant::now();
        Stopwatch {
            enabled: std::env::var_os("MINHBACH_TIMINGS").is_some(),
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
