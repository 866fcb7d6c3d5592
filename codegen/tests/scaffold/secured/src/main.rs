//! Serves every operation locally: `cargo run` (on `http://127.0.0.1:3000`; `PORT` sets
//! another port).

use scaffold_secured::api::functions::All;
use scaffold_secured::App;

fn main() -> std::process::ExitCode {
    sls_runtime::platform::local::run::<App, All>()
}
