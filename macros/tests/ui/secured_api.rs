// The generator's own output for `specs/security.yaml` (operations behind bearer tokens, API keys
// and basic credentials); `codegen/tests/golden.rs` keeps it equal to what `sls-gen` writes.
include!("../../../codegen/tests/golden/security.rs");
