//! Compile-time behaviour of `#[endpoint]` and `#[components]`: what compiles, and the exact
//! errors of what does not. See `tests/ui/README.md` for the rules of the fixtures.

#[test]
fn ui() {
    let cases = trybuild::TestCases::new();
    cases.pass("tests/ui/*/pass/*.rs");
    cases.compile_fail("tests/ui/*/fail/*.rs");
}
