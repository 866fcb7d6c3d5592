//! Times the loader (text → checked, located, normalised document) on the specs given as
//! arguments, or on the repository's own specs when there are none:
//!
//! ```text
//! cargo bench -p sls-gen --bench load -- path/to/github.json path/to/petstore.yaml
//! ```
//!
//! Each file is loaded a few times; the fastest and the median run are printed, with the
//! throughput of the median.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn main() {
    // `cargo bench` passes `--bench` (and the harness's other flags) through.
    let mut files: Vec<PathBuf> = std::env::args()
        .skip(1)
        .filter(|arg| !arg.starts_with("--"))
        .map(PathBuf::from)
        .collect();
    if files.is_empty() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        files = [
            "../specs/petstore.yaml",
            "../specs/schemas.yaml",
            "tests/load/petstore-3.1.json",
        ]
        .iter()
        .map(|file| root.join(file))
        .collect();
    }
    for file in files {
        let size = std::fs::metadata(&file).map_or(0, |m| m.len());
        let runs = if size > 1 << 20 { 5 } else { 50 };
        let mut times: Vec<Duration> = Vec::with_capacity(runs);
        let mut outcome = String::new();
        for _ in 0..runs {
            let start = Instant::now();
            let loaded = sls_gen::load::load_file(&file);
            times.push(start.elapsed());
            outcome = match &loaded {
                Ok((_, diagnostics)) => format!("loaded, {} diagnostics", diagnostics.len()),
                Err(diagnostics) => format!("refused, {} diagnostics", diagnostics.len()),
            };
        }
        times.sort();
        let median = times[times.len() / 2];
        let megabytes = size as f64 / 1e6;
        println!(
            "{}: {megabytes:.1} MB, fastest {:.1} ms, median {:.1} ms ({:.0} MB/s), {outcome}",
            file.display(),
            times[0].as_secs_f64() * 1e3,
            median.as_secs_f64() * 1e3,
            megabytes / median.as_secs_f64(),
        );
    }
}
