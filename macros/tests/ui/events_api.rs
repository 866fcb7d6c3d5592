// The generator's own output for `specs/events.yaml` (one operation, three schedules, two
// queues and a topic); `codegen/tests/golden.rs` keeps it equal to what `sls-gen` writes.
include!("../../../codegen/tests/golden/events.rs");
