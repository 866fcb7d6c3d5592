//! The shop of `sls_tests::shop` on the local server (driven as a process by
//! `tests/tests/events.rs`).

fn main() -> std::process::ExitCode {
    sls_runtime::platform::local::run::<sls_tests::shop::App, sls_tests::shop_events::functions::All>(
    )
}
