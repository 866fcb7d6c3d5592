//! Benchmark of `sls-gen build` on the spec corpus: `cargo bench -p sls-gen --bench build`.
//!
//! For every spec under `target/corpus/specs` (fetched by `scripts/corpus.sh fetch`; another
//! directory with `SLS_CORPUS_DIR`), it measures the whole build in-process: loading, checking and
//! lowering the spec (`sls_gen::analyze`) and generating the Rust module (`sls_gen::generate_rust`),
//! which is what `sls-gen build` does short of writing the file. Each spec is measured in a child
//! process (this binary again, with `SLS_BENCH_SPEC` naming the spec), so that its peak resident
//! memory (`VmHWM`) is its own and a crash is reported for that spec only.
//!
//! Arguments select specs by name (`github`) or name prefix (`readme31-*`); `SLS_BENCH_RUNS` sets
//! the number of timed runs per spec (default 5). This is a measurement, not a test: it never fails
//! on a slow spec, and specs that do not build are listed with their first error.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

/// Names the spec a child process measures.
const SPEC_ENV: &str = "SLS_BENCH_SPEC";
/// The number of timed runs per spec.
const RUNS_ENV: &str = "SLS_BENCH_RUNS";
/// Where the specs are, instead of `target/corpus/specs`.
const DIR_ENV: &str = "SLS_CORPUS_DIR";
/// Timed runs per spec unless `SLS_BENCH_RUNS` says otherwise.
const DEFAULT_RUNS: usize = 5;
/// Build-time targets on a 2-core machine: (spec name, seconds).
const TARGETS: &[(&str, f64)] = &[("github", 1.0), ("msgraph", 5.0)];

fn main() -> ExitCode {
    match std::env::var_os(SPEC_ENV) {
        Some(spec) => child(Path::new(&spec)),
        None => parent(),
    }
}

// ---- the child: one spec ------------------------------------------------------------------

/// Builds one spec a few times and reports on stdout, one `key value` per line (see [`Report`]).
fn child(spec: &Path) -> ExitCode {
    let runs = runs();
    let source = spec
        .file_name()
        .map_or_else(|| "spec".to_owned(), |n| n.to_string_lossy().into_owned());
    let mut times = Vec::with_capacity(runs);
    let mut outcome = String::new();
    for _ in 0..runs {
        let start = Instant::now();
        outcome = match sls_gen::analyze(spec) {
            Ok(analysis) => match sls_gen::generate_rust(&analysis.ir, &source) {
                Ok(code) => format!(
                    "result ok\noperations {}\noutput {}\n",
                    analysis.ir.operations.len(),
                    std::hint::black_box(code).len()
                ),
                Err(error) => format!(
                    "result failed\nerrors 1\nerror {}\n",
                    one_line(&error.to_string())
                ),
            },
            Err(diagnostics) => {
                let first = diagnostics.iter().find(|d| d.is_error());
                let error = first.map_or_else(
                    || "no error reported".to_owned(),
                    |d| match &d.location {
                        Some(at) => {
                            format!("{} ({}:{} #{})", d.message, at.line, at.column, at.pointer)
                        }
                        None => d.message.clone(),
                    },
                );
                format!(
                    "result failed\nerrors {}\nerror {}\n",
                    diagnostics.error_count(),
                    one_line(&error)
                )
            }
        };
        times.push(start.elapsed());
    }
    let mut report = outcome;
    let nanos: Vec<String> = times.iter().map(|t| t.as_nanos().to_string()).collect();
    let _ = writeln!(report, "times {}", nanos.join(" "));
    if let Some(kb) = peak_rss_kb() {
        let _ = writeln!(report, "peak_kb {kb}");
    }
    print!("{report}");
    ExitCode::SUCCESS
}

fn runs() -> usize {
    std::env::var(RUNS_ENV)
        .ok()
        .and_then(|v| v.trim().parse::<usize>().ok())
        .filter(|&n| n > 0)
        .unwrap_or(DEFAULT_RUNS)
}

/// The peak resident set size of this process in KiB (`VmHWM`), where `/proc` has it.
fn peak_rss_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

// ---- the parent: the table ----------------------------------------------------------------

/// What a child reported about one spec.
#[derive(Debug, Default)]
struct Report {
    /// `Ok(operations)` when the spec built, else the first error (or how the child died).
    result: Option<Result<usize, String>>,
    /// Bytes of generated Rust.
    output: usize,
    /// The timed runs.
    times: Vec<Duration>,
    /// Peak resident memory in KiB.
    peak_kb: Option<u64>,
}

fn parent() -> ExitCode {
    let dir = match std::env::var_os(DIR_ENV) {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/corpus/specs"),
    };
    let dir = dir.canonicalize().unwrap_or(dir);
    let filters: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let specs = match corpus(&dir) {
        Ok(specs) if !specs.is_empty() => specs,
        _ => {
            println!(
                "no corpus in {}: fetch it with `scripts/corpus.sh fetch` (or point {DIR_ENV} at a directory of specs)",
                dir.display()
            );
            return ExitCode::SUCCESS;
        }
    };
    let selected: Vec<(String, PathBuf)> = specs
        .into_iter()
        .filter(|(name, _)| filters.is_empty() || filters.iter().any(|f| selects(f, name)))
        .collect();
    if selected.is_empty() {
        println!("no spec in {} matches {}", dir.display(), filters.join(" "));
        return ExitCode::FAILURE;
    }
    let exe = match std::env::current_exe() {
        Ok(exe) => exe,
        Err(error) => {
            eprintln!("cannot find this benchmark's executable: {error}");
            return ExitCode::FAILURE;
        }
    };

    println!(
        "sls-gen build on {} spec(s) from {}, {} run(s) each",
        selected.len(),
        dir.display(),
        runs()
    );
    println!(
        "{:<40} {:>8} {:>6} {:>9} {:>9} {:>9} {:>9}  result",
        "spec", "size MB", "ops", "median s", "min s", "peak MB", "out MB"
    );
    let mut built = 0;
    let mut medians = Vec::new();
    for (name, path) in &selected {
        let report = measure(&exe, path);
        let size = std::fs::metadata(path).map_or(0, |m| m.len());
        let (ops, result) = match &report.result {
            Some(Ok(ops)) => {
                built += 1;
                (ops.to_string(), "ok".to_owned())
            }
            Some(Err(error)) => ("-".to_owned(), format!("failed: {error}")),
            None => ("-".to_owned(), "failed: no report".to_owned()),
        };
        let median = median(&report.times);
        if report.result.as_ref().is_some_and(Result::is_ok) {
            medians.push((name.clone(), median));
        }
        println!(
            "{:<40} {:>8.2} {:>6} {:>9} {:>9} {:>9} {:>9}  {result}",
            name,
            mb(size),
            ops,
            median.map_or_else(|| "-".to_owned(), seconds),
            report
                .times
                .iter()
                .min()
                .copied()
                .map_or_else(|| "-".to_owned(), seconds),
            report
                .peak_kb
                .map_or_else(|| "-".to_owned(), |kb| format!("{:.1}", mb(kb * 1024))),
            if report.output > 0 {
                format!("{:.2}", mb(report.output as u64))
            } else {
                "-".to_owned()
            },
        );
    }
    println!();
    println!("{built} built, {} failed", selected.len() - built);
    for (name, limit) in TARGETS {
        if !selected.iter().any(|(n, _)| n == name) {
            continue;
        }
        match medians.iter().find(|(n, _)| n == name) {
            Some((_, Some(median))) => println!(
                "target {name}: under {limit} s on a 2-core machine; median {} s: {}",
                seconds(*median),
                if median.as_secs_f64() < *limit {
                    "met"
                } else {
                    "missed"
                }
            ),
            _ => println!("target {name}: under {limit} s on a 2-core machine; does not build yet"),
        }
    }
    ExitCode::SUCCESS
}

/// The specs of `dir` (`.json`, `.yaml`, `.yml`), by name.
fn corpus(dir: &Path) -> std::io::Result<Vec<(String, PathBuf)>> {
    let mut specs = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let is_spec = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| matches!(e, "json" | "yaml" | "yml"));
        let name = path.file_stem().and_then(|s| s.to_str()).map(str::to_owned);
        if let (true, Some(name)) = (is_spec && path.is_file(), name) {
            if !name.starts_with('.') {
                specs.push((name, path));
            }
        }
    }
    specs.sort();
    Ok(specs)
}

/// Whether `filter` (a name, or a prefix ending in `*`) selects `name`.
fn selects(filter: &str, name: &str) -> bool {
    match filter.strip_suffix('*') {
        Some(prefix) => name.starts_with(prefix),
        None => filter == name,
    }
}

/// Runs the child for `spec` and reads its report; a child that dies is a failed spec.
fn measure(exe: &Path, spec: &Path) -> Report {
    let output = match Command::new(exe).env(SPEC_ENV, spec).output() {
        Ok(output) => output,
        Err(error) => {
            return Report {
                result: Some(Err(format!("cannot run the measuring process: {error}"))),
                ..Report::default()
            }
        }
    };
    let mut report = parse(&String::from_utf8_lossy(&output.stdout));
    if !output.status.success() || report.result.is_none() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let why = stderr
            .lines()
            .find(|l| l.contains("panicked") || l.contains("overflowed"))
            .or_else(|| stderr.lines().rev().find(|l| !l.trim().is_empty()))
            .map_or_else(|| output.status.to_string(), one_line);
        report.result = Some(Err(format!("crashed ({}): {why}", output.status)));
    }
    report
}

/// Reads a child's `key value` lines.
fn parse(stdout: &str) -> Report {
    let mut report = Report::default();
    let mut operations = None;
    let mut error = None;
    let mut ok = false;
    for line in stdout.lines() {
        let (key, value) = line.split_once(' ').unwrap_or((line, ""));
        match key {
            "result" => ok = value == "ok",
            "operations" => operations = value.parse::<usize>().ok(),
            "output" => report.output = value.parse().unwrap_or(0),
            "error" => error = Some(value.to_owned()),
            "times" => {
                report.times = value
                    .split_whitespace()
                    .filter_map(|n| n.parse::<u64>().ok())
                    .map(Duration::from_nanos)
                    .collect();
            }
            "peak_kb" => report.peak_kb = value.parse().ok(),
            _ => {}
        }
    }
    report.result = match (ok, operations, error) {
        (true, Some(ops), _) => Some(Ok(ops)),
        (false, _, Some(error)) => Some(Err(error)),
        _ => None,
    };
    report
}

fn median(times: &[Duration]) -> Option<Duration> {
    let mut sorted = times.to_vec();
    sorted.sort();
    sorted.get(sorted.len() / 2).copied()
}

fn seconds(duration: Duration) -> String {
    format!("{:.3}", duration.as_secs_f64())
}

/// Bytes in megabytes (10^6).
fn mb(bytes: u64) -> f64 {
    bytes as f64 / 1e6
}
