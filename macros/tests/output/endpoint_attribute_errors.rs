#[allow(non_camel_case_types)]
pub struct add_pet;
impl add_pet {
    /// The handler of operation `addPet`, as written; call it directly in tests.
    pub async fn handler(req: AddPetRequest) -> AddPetResponse {
        todo!()
    }
}
::core::compile_error! {
    "only one operationId is allowed\nusage: #[endpoint(operationId)] async fn name(state: &State, request: OperationRequest) -> OperationResponse"
}
::core::compile_error! {
    "expected the path of the generated module after `api =`"
}
::core::compile_error! {
    "unknown key `path`; #[endpoint] takes the operationId, then optionally `api = path::to::api`"
}
::core::compile_error! {
    "unknown key `method`; #[endpoint] takes the operationId, then optionally `api = path::to::api`"
}
