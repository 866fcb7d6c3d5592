//! The `jobs` function of `sls_tests::shop` on AWS Lambda (driven as a process against a fake
//! Runtime API by `tests/tests/aws_runtime.rs`).

fn main() -> std::process::ExitCode {
    sls_runtime::platform::aws::run::<sls_tests::shop::App, sls_tests::shop_events::functions::jobs>(
    )
}
