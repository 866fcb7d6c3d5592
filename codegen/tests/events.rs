//! Manifest events: every mistake reported at once, at its line, column and JSON pointer.

use std::path::Path;

#[test]
fn every_event_mistake_is_located() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/events/broken.yaml");
    let diagnostics = match sls_gen::analyze(&spec) {
        Ok(_) => panic!("the broken events must not analyze"),
        Err(diagnostics) => diagnostics.to_string(),
    };
    let expected = [
        "error: invalid schedule: write `rate(1 minute)`: the unit is singular for 1 and plural otherwise\n  --> {file}:15:31 at #/x-sls/events/badRate/schedule",
        "error: invalid schedule: hours: 25 is out of range 0-23; one of day-of-month (`*`) and day-of-week (`*`) must be `?`\n  --> {file}:16:31 at #/x-sls/events/badCron/schedule",
        "error: event `noTrigger` needs one of `schedule`, `queue` or `topic`\n  --> {file}:17:5 at #/x-sls/events/noTrigger",
        "error: event `twoTriggers` has several triggers (queue, topic); give exactly one of `schedule`, `queue` or `topic`\n  --> {file}:18:5 at #/x-sls/events/twoTriggers",
        "error: event `noPayload` needs a `payload` schema for its messages\n  --> {file}:19:5 at #/x-sls/events/noPayload",
        "error: a schedule has no payload; handlers receive a `Tick`\n  --> {file}:20:62 at #/x-sls/events/tickPayload/payload",
        "error: `batch` must be a whole number from 1 to 10 for a FIFO queue\n  --> {file}:23:47 at #/x-sls/events/bigBatch/batch",
        "error: `batch` applies to queue events only\n  --> {file}:24:44 at #/x-sls/events/topicBatch/batch",
        "error: unknown event key `retries`; expected one of: function, schedule, queue, topic, batch, fifo, payload, description\n  --> {file}:25:54 at #/x-sls/events/oddKey/retries",
        "error: a queue whose name ends with `.fifo` is a FIFO queue; remove `fifo: false`\n  --> {file}:26:46 at #/x-sls/events/fifoLie/fifo",
        "error: event name `type` must be a Rust identifier (letters, digits and `_`, not a keyword), as handlers name it: `#[scheduled(type)]`\n  --> {file}:27:5 at #/x-sls/events/type",
        "error: event name `bad-name` must be a Rust identifier (letters, digits and `_`, not a keyword), as handlers name it: `#[scheduled(bad-name)]`\n  --> {file}:28:5 at #/x-sls/events/bad-name",
        "error: the payload `$ref` `#/components/schemas/Ordr` does not resolve; did you mean `#/components/schemas/Order`?\n  --> {file}:21:50 at #/x-sls/events/badRef/payload/$ref",
        "error: event `unknownFn` names an unknown function `job`; did you mean `jobs`? (the functions are: jobs, and the default `broken-events`)\n  --> {file}:22:17 at #/x-sls/events/unknownFn/function",
    ];
    let file = spec.display().to_string();
    for item in expected {
        let item = item.replace("{file}", &file);
        assert!(
            diagnostics.contains(&item),
            "missing:\n{item}\n--- in ---\n{diagnostics}"
        );
    }
    assert!(
        diagnostics.contains(&format!("{} errors", expected.len())),
        "{diagnostics}"
    );
}

#[test]
fn an_event_only_function_is_no_mistake_and_the_default_function_takes_unnamed_events() {
    let spec = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      operationId: a\n      responses: {'200': {description: ok}}\nx-sls:\n  service: svc\n  functions:\n    api: {operations: [a]}\n    cron: {}\n  events:\n    tick: {function: cron, schedule: rate(1 hour)}\n    other: {schedule: rate(2 hours)}\n";
    let analysis = match sls_gen::analyze_str("spec.yaml", spec) {
        Ok(analysis) => analysis,
        Err(diagnostics) => panic!("{diagnostics}"),
    };
    let warnings = analysis.warnings.to_string();
    assert!(!warnings.contains("has no operations"), "{warnings}");
    let names: Vec<(&str, usize)> = analysis
        .ir
        .functions
        .iter()
        .map(|f| (f.name.as_str(), f.events.len()))
        .collect();
    assert_eq!(names, [("api", 0), ("cron", 1), ("svc", 1)]);
}
