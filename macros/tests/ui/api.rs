// The generator's own output for `specs/minimal.yaml` (addPet POST /pet, getPetById
// GET /pet/{petId}); `codegen/tests/golden.rs` keeps it equal to what `sls-gen` writes.
include!("../../../codegen/tests/golden/minimal.rs");
