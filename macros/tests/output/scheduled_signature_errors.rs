#[allow(non_camel_case_types)]
pub struct purge;
impl purge {
    /// The handler of event `purgeSessions`, as written; call it directly in tests.
    pub fn handler<T>(
        &self,
        a: &mut Db,
        b: Tick,
        c: Tick,
        d: MessageMeta,
        e: impl Sized,
    ) {}
}
::core::compile_error! {
    "an event handler must be an `async fn`\nusage: #[scheduled(eventName)] async fn name(state: &State, tick: Tick) -> Result<(), Problem>"
}
::core::compile_error! {
    "an event handler cannot be generic"
}
::core::compile_error! {
    "an event handler cannot take `self`"
}
::core::compile_error! {
    "the state is shared between invocations: take it as `&State`"
}
::core::compile_error! {
    "a second tick argument; a `#[scheduled]` handler takes `&State` and one `Tick`"
}
::core::compile_error! {
    "a schedule has no message; a `#[scheduled]` handler takes `&State` and `Tick`"
}
::core::compile_error! {
    "an event handler cannot be generic"
}
