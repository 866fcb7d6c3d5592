pub struct AddPet;
::core::compile_error! {
    "#[endpoint] applies to an `async fn`\nusage: #[endpoint(operationId)] async fn name(state: &State, request: OperationRequest) -> OperationResponse"
}
