#[allow(non_camel_case_types)]
struct ship;
impl ship {
    /// The handler, as written; call it directly in tests.
    async fn handler() {}
}
::core::compile_error! {
    "missing event name: write `#[message(eventName)]`\nusage: #[message(eventName)] async fn name(state: &State, payload: Payload, meta: MessageMeta) -> Result<(), Problem>"
}
