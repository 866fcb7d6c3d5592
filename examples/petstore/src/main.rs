//! Serves the Petstore locally: `cargo run -p petstore` (port from `PORT`, default 3000).

fn main() -> std::process::ExitCode {
    sls_runtime::platform::local::run::<petstore::App, petstore::api::functions::All>()
}
