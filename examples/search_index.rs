//! Measures and inspects the search index (numbers for docs/benchmarks/search.md):
//!   cargo run --release --example search_index -- time SITE_ROOT [RUNS]
//!   cargo run --release --example search_index -- query PUBLIC_DIR "cai cach"
//!   cargo run --release --example search_index -- shard PUBLIC_DIR/search/shards/3.bin

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use minhbach::build::{build_in_memory, BuildOptions};
use minhbach::search::format::{decode_shard, encode_term_body, read_fragment};
use minhbach::search::query::Searcher;
use minhbach::search::{build_index, docs};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["time", root] => time(Path::new(root), 5),
        ["time", root, runs] => time(Path::new(root), runs.parse().unwrap_or(5)),
        ["query", public, query] => search(Path::new(public), query),
        ["shard", file] => shard(Path::new(file)),
        _ => Err("usage: search_index time ROOT [RUNS] | query PUBLIC QUERY | shard FILE".into()),
    };
    if let Err(message) = result {
        eprintln!("{message}");
        std::process::exit(2);
    }
}

/// Builds the index of a parsed site `runs` times; prints the best wall and CPU times.
fn time(root: &Path, runs: usize) -> Result<(), String> {
    let built = build_in_memory(&BuildOptions::new(root))
        .map_err(|_| format!("{}: the site does not build", root.display()))?;
    let site = built.portal.default_site();
    let (mut wall, mut cpu) = (Duration::MAX, f64::MAX);
    let (mut files, mut bytes) = (0, 0);
    for _ in 0..runs.max(1) {
        let (cpu_before, started) = (cpu_seconds(), Instant::now());
        let index = build_index(&docs::collect(site), &site.config().texts);
        wall = wall.min(started.elapsed());
        cpu = cpu.min(cpu_seconds() - cpu_before);
        files = index.files.len();
        bytes = index.files.iter().map(|(_, b)| b.len()).sum::<usize>();
    }
    println!(
        "{} news, {} procedures: {files} index files, {bytes} bytes; best of {runs}: {:.0} ms wall, {:.0} ms CPU, {} threads",
        site.news().len(),
        site.procedures().len(),
        wall.as_secs_f64() * 1000.0,
        cpu * 1000.0,
        rayon::current_num_threads()
    );
    Ok(())
}

/// Runs a query over a built site's index, as `search.js` would rank it.
fn search(public: &Path, query: &str) -> Result<(), String> {
    let dir: PathBuf = public.join("search");
    let mut searcher =
        Searcher::open(|rel: &str| std::fs::read(dir.join(rel)).ok()).map_err(|e| e.to_string())?;
    for hit in searcher.search(query).map_err(|e| e.to_string())? {
        let title = read_fragment(|rel| std::fs::read(dir.join(rel)).ok(), hit.doc)
            .map(|f| f.title.into_owned())
            .unwrap_or_default();
        println!(
            "{:>6} exact={} whole={} score={:.3}  {title}",
            hit.doc, hit.exact, hit.whole, hit.score
        );
    }
    Ok(())
}

/// Lists a shard's terms with their sizes.
fn shard(file: &Path) -> Result<(), String> {
    let bytes = std::fs::read(file).map_err(|e| format!("{}: {e}", file.display()))?;
    for term in decode_shard(&bytes).map_err(|e| e.to_string())? {
        println!(
            "{}  docs={} bytes={} spellings={:?}",
            term.key,
            term.docs.len(),
            encode_term_body(&term).len(),
            term.variants
        );
    }
    Ok(())
}

/// CPU time of this process so far (user + system), from /proc: on a shared
/// machine the wall clock measures the neighbours as much as the code.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after_name = stat.rsplit(')').next().unwrap_or("");
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    let ticks: f64 = [11, 12]
        .iter()
        .filter_map(|&i| fields.get(i).and_then(|f| f.parse::<f64>().ok()))
        .sum();
    ticks / 100.0
}
