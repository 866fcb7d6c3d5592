#[allow(non_camel_case_types)]
struct add_pet;
impl add_pet {
    /// The handler, as written; call it directly in tests.
    async fn handler() -> AddPetResponse {
        todo!()
    }
}
::core::compile_error! {
    "missing operationId: write `#[endpoint(operationId)]`\nusage: #[endpoint(operationId)] async fn name(state: &State, request: OperationRequest) -> OperationResponse"
}
