fn main() {
    if let Err(error) = sls_gen::Builder::new("../../specs/petstore.yaml").build() {
        eprintln!("{error}");
        std::process::exit(1);
    }
}
