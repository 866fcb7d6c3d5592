//! The `pets` function on AWS Lambda: package this binary as `bootstrap` (runtime
//! `provided.al2023`). `pets-aws --event FILE` runs one event offline and prints the response.

fn main() -> std::process::ExitCode {
    sls_runtime::platform::aws::run::<petstore::App, petstore::api::functions::pets>()
}
