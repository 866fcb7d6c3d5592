//! The `store` function on AWS Lambda: package this binary as `bootstrap` (runtime
//! `provided.al2023`). `store-aws --event FILE` runs one event offline and prints the response.

fn main() -> std::process::ExitCode {
    sls_runtime::platform::aws::run::<petstore::App, petstore::api::functions::store>()
}
