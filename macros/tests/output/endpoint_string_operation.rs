#[allow(non_camel_case_types)]
struct add_pet;
impl add_pet {
    /// The handler, as written; call it directly in tests.
    async fn handler() -> AddPetResponse {
        todo!()
    }
}
::core::compile_error! {
    "expected the operationId as an identifier, as in `#[endpoint(addPet)]`\nusage: #[endpoint(operationId)] async fn name(state: &State, request: OperationRequest) -> OperationResponse"
}
