//! Generates the `api` module from `spec.yaml` into `OUT_DIR` when the spec changes.

fn main() {
    if let Err(error) = sls_gen::Builder::new("spec.yaml").build() {
        eprintln!("{error}");
        std::process::exit(1);
    }
}
