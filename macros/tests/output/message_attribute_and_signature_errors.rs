#[allow(non_camel_case_types)]
struct ship;
impl ship {
    /// The handler of event `shipOrder`, as written; call it directly in tests.
    async fn handler(a: &Db, b: &Db, c: MessageMeta, d: MessageMeta) {}
}
::core::compile_error! {
    "only one event is allowed\nusage: #[message(eventName)] async fn name(state: &State, payload: Payload, meta: MessageMeta) -> Result<(), Problem>"
}
::core::compile_error! {
    "expected the path of the generated module after `api =`"
}
::core::compile_error! {
    "unknown key `retries`; #[message] takes the event's name, then optionally `api = path::to::api`"
}
::core::compile_error! {
    "a second state argument; a handler takes at most one `&State`"
}
::core::compile_error! {
    "a second `MessageMeta` argument; a handler takes at most one"
}
