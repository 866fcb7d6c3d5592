//! The function `lib` on AWS Lambda: package this binary as `bootstrap` (runtime
//! `provided.al2023`). `lib-aws --event FILE` runs one event offline and prints the
//! response.

fn main() -> std::process::ExitCode {
    sls_runtime::platform::aws::run::<
        scaffold_names::App,
        scaffold_names::api::functions::lib,
    >()
}
