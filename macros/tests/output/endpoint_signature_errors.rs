#[allow(non_camel_case_types)]
pub struct add_pet;
impl add_pet {
    /// The handler of operation `addPet`, as written; call it directly in tests.
    pub fn handler<T>(
        &self,
        a: &Db,
        b: &Db,
        c: AddPetRequest,
        d: T,
        e: Context,
        f: Context,
        g: &mut Db,
        h: &Context,
        i: impl Sized,
    ) -> impl Sized {}
}
::core::compile_error! {
    "an endpoint handler must be an `async fn`\nusage: #[endpoint(operationId)] async fn name(state: &State, request: OperationRequest) -> OperationResponse"
}
::core::compile_error! {
    "an endpoint handler cannot be generic"
}
::core::compile_error! {
    "an endpoint handler cannot take `self`"
}
::core::compile_error! {
    "a second state argument; a handler takes at most one `&State`"
}
::core::compile_error! {
    "a second request argument; a handler takes at most one request, the operation's `<OperationId>Request`"
}
::core::compile_error! {
    "a second context argument; a handler takes at most one `Context`"
}
::core::compile_error! {
    "the state is shared between requests: take it as `&State`"
}
::core::compile_error! {
    "the context is passed by value: `context: Context`"
}
::core::compile_error! {
    "an endpoint handler cannot be generic"
}
::core::compile_error! {
    "an endpoint handler must name its return type: the operation's `<OperationId>Response` or `Result<that, E>`"
}
