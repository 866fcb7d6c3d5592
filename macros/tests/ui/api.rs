// A hand-written stand-in for the module that `sls-gen` generates from a two-operation spec:
//
//   addPet      POST /pet          body: Pet            200: Pet, 405
//   getPetById  GET  /pet/{petId}  path: petId integer  200: Pet, 404
//
// Fixtures include it as `mod api { include!("../../api.rs"); }`. It must keep the generator's
// public shape (`models`, `ops`, `operations`, `handlers`, `assert_all_handled`, `functions`); it
// will be replaced by the generator's own output.

/// Schemas of the spec.
pub mod models {
    /// A pet.
    #[derive(
        Debug,
        Clone,
        PartialEq,
        ::sls_runtime::__private::serde::Serialize,
        ::sls_runtime::__private::serde::Deserialize,
    )]
    #[serde(crate = "::sls_runtime::__private::serde")]
    pub struct Pet {
        /// The pet's id.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub id: Option<i64>,
        /// The pet's name.
        pub name: String,
    }

    /// The schema of `Pet`.
    pub static PET: ::sls_runtime::schema::Schema =
        ::sls_runtime::schema::Schema::Object(::sls_runtime::schema::ObjectRules {
            properties: &[
                ::sls_runtime::schema::Property {
                    name: "id",
                    schema: &::sls_runtime::schema::Schema::Integer(
                        ::sls_runtime::schema::IntegerRules {
                            minimum: None,
                            maximum: None,
                            multiple_of: None,
                            format_range: None,
                        },
                    ),
                    required: false,
                },
                ::sls_runtime::schema::Property {
                    name: "name",
                    schema: &::sls_runtime::schema::Schema::String(
                        ::sls_runtime::schema::StringRules {
                            min_length: None,
                            max_length: None,
                            pattern: None,
                            format: None,
                            enumeration: &[],
                        },
                    ),
                    required: true,
                },
            ],
            additional: ::sls_runtime::schema::Additional::Allow,
            min_properties: None,
            max_properties: None,
        });
}

/// Per-operation request and response types.
pub mod ops {
    /// The request of `addPet` (POST /pet).
    #[derive(Debug, Clone, PartialEq)]
    pub struct AddPetRequest {
        /// The request body.
        pub body: super::models::Pet,
    }

    impl ::sls_runtime::request::FromRequest for AddPetRequest {
        fn from_request(
            decoder: &mut ::sls_runtime::request::Decoder<'_>,
        ) -> ::core::option::Option<Self> {
            let body = decoder.json_body::<super::models::Pet>();
            ::core::option::Option::Some(AddPetRequest { body: body?? })
        }
    }

    /// The responses of `addPet`.
    #[derive(Debug, Clone, PartialEq)]
    pub enum AddPetResponse {
        /// 200: the stored pet.
        Ok(super::models::Pet),
        /// 405: invalid input.
        MethodNotAllowed,
    }

    impl ::sls_runtime::IntoHttpResponse for AddPetResponse {
        fn into_http_response(self) -> ::sls_runtime::HttpResponse {
            match self {
                AddPetResponse::Ok(body) => {
                    ::sls_runtime::response::json(200, "application/json", &body)
                }
                AddPetResponse::MethodNotAllowed => ::sls_runtime::response::empty(405),
            }
        }
    }

    impl ::sls_runtime::RequestOf<super::operations::addPet> for AddPetRequest {}

    impl ::sls_runtime::HandlerOutput<super::operations::addPet> for AddPetResponse {
        fn into_http_response(self) -> ::sls_runtime::HttpResponse {
            ::sls_runtime::IntoHttpResponse::into_http_response(self)
        }
    }

    impl<E: ::core::convert::Into<::sls_runtime::Problem>>
        ::sls_runtime::HandlerOutput<super::operations::addPet>
        for ::core::result::Result<AddPetResponse, E>
    {
        fn into_http_response(self) -> ::sls_runtime::HttpResponse {
            match self {
                ::core::result::Result::Ok(response) => {
                    ::sls_runtime::IntoHttpResponse::into_http_response(response)
                }
                ::core::result::Result::Err(error) => {
                    ::sls_runtime::IntoHttpResponse::into_http_response(::core::convert::Into::<
                        ::sls_runtime::Problem,
                    >::into(
                        error
                    ))
                }
            }
        }
    }

    /// The request of `getPetById` (GET /pet/{petId}).
    #[derive(Debug, Clone, PartialEq)]
    pub struct GetPetByIdRequest {
        /// Path parameter `petId`.
        pub pet_id: i64,
    }

    impl ::sls_runtime::request::FromRequest for GetPetByIdRequest {
        fn from_request(
            decoder: &mut ::sls_runtime::request::Decoder<'_>,
        ) -> ::core::option::Option<Self> {
            let pet_id = decoder.required::<i64>(0);
            ::core::option::Option::Some(GetPetByIdRequest { pet_id: pet_id? })
        }
    }

    /// The responses of `getPetById`.
    #[derive(Debug, Clone, PartialEq)]
    pub enum GetPetByIdResponse {
        /// 200: the pet.
        Ok(super::models::Pet),
        /// 404: no such pet.
        NotFound,
    }

    impl ::sls_runtime::IntoHttpResponse for GetPetByIdResponse {
        fn into_http_response(self) -> ::sls_runtime::HttpResponse {
            match self {
                GetPetByIdResponse::Ok(body) => {
                    ::sls_runtime::response::json(200, "application/json", &body)
                }
                GetPetByIdResponse::NotFound => ::sls_runtime::response::empty(404),
            }
        }
    }

    impl ::sls_runtime::RequestOf<super::operations::getPetById> for GetPetByIdRequest {}

    impl ::sls_runtime::HandlerOutput<super::operations::getPetById> for GetPetByIdResponse {
        fn into_http_response(self) -> ::sls_runtime::HttpResponse {
            ::sls_runtime::IntoHttpResponse::into_http_response(self)
        }
    }

    impl<E: ::core::convert::Into<::sls_runtime::Problem>>
        ::sls_runtime::HandlerOutput<super::operations::getPetById>
        for ::core::result::Result<GetPetByIdResponse, E>
    {
        fn into_http_response(self) -> ::sls_runtime::HttpResponse {
            match self {
                ::core::result::Result::Ok(response) => {
                    ::sls_runtime::IntoHttpResponse::into_http_response(response)
                }
                ::core::result::Result::Err(error) => {
                    ::sls_runtime::IntoHttpResponse::into_http_response(::core::convert::Into::<
                        ::sls_runtime::Problem,
                    >::into(
                        error
                    ))
                }
            }
        }
    }
}

/// One unit type per operation.
pub mod operations {
    /// `addPet`: POST /pet.
    #[allow(non_camel_case_types)]
    pub struct addPet;

    impl ::sls_runtime::Operation for addPet {
        type Request = super::ops::AddPetRequest;
        type Response = super::ops::AddPetResponse;
        const DESCRIPTOR: &'static ::sls_runtime::descriptor::OperationDescriptor = &ADD_PET;
    }

    static ADD_PET: ::sls_runtime::descriptor::OperationDescriptor =
        ::sls_runtime::descriptor::OperationDescriptor {
            id: "addPet",
            method: ::sls_runtime::http::Method::POST,
            path: "/pet",
            parameters: &[],
            body: ::core::option::Option::Some(&::sls_runtime::descriptor::RequestBody {
                required: true,
                content: &[::sls_runtime::descriptor::MediaType {
                    content_type: "application/json",
                    kind: ::sls_runtime::descriptor::BodyKind::Json,
                    schema: &super::models::PET,
                }],
            }),
        };

    /// `getPetById`: GET /pet/{petId}.
    #[allow(non_camel_case_types)]
    pub struct getPetById;

    impl ::sls_runtime::Operation for getPetById {
        type Request = super::ops::GetPetByIdRequest;
        type Response = super::ops::GetPetByIdResponse;
        const DESCRIPTOR: &'static ::sls_runtime::descriptor::OperationDescriptor = &GET_PET_BY_ID;
    }

    static GET_PET_BY_ID: ::sls_runtime::descriptor::OperationDescriptor =
        ::sls_runtime::descriptor::OperationDescriptor {
            id: "getPetById",
            method: ::sls_runtime::http::Method::GET,
            path: "/pet/{petId}",
            parameters: &[::sls_runtime::descriptor::Parameter {
                name: "petId",
                field: "pet_id",
                location: ::sls_runtime::descriptor::ParamLocation::Path,
                required: true,
                explode: false,
                schema: &::sls_runtime::schema::Schema::Integer(
                    ::sls_runtime::schema::IntegerRules {
                        minimum: None,
                        maximum: None,
                        multiple_of: None,
                        format_range: None,
                    },
                ),
            }],
            body: ::core::option::Option::None,
        };
}

/// The completeness proof: one marker trait per operation, implemented by every application
/// that handles it.
pub mod handlers {
    /// Implemented by applications that handle `addPet`.
    #[diagnostic::on_unimplemented(
        message = "operation `addPet` (POST /pet) has no handler",
        label = "`addPet` is not handled",
        note = "write `#[endpoint(addPet)] async fn ...` and list it in `#[components(endpoints(...))]`"
    )]
    #[allow(non_camel_case_types)]
    pub trait addPet {}

    #[diagnostic::do_not_recommend]
    impl<A: ::sls_runtime::Handles<super::operations::addPet>> addPet for A {}

    /// Implemented by applications that handle `getPetById`.
    #[diagnostic::on_unimplemented(
        message = "operation `getPetById` (GET /pet/{{petId}}) has no handler",
        label = "`getPetById` is not handled",
        note = "write `#[endpoint(getPetById)] async fn ...` and list it in `#[components(endpoints(...))]`"
    )]
    #[allow(non_camel_case_types)]
    pub trait getPetById {}

    #[diagnostic::do_not_recommend]
    impl<A: ::sls_runtime::Handles<super::operations::getPetById>> getPetById for A {}
}

/// Compiles only when `A` handles every operation of the spec.
pub const fn assert_all_handled<
    A: ::sls_runtime::Application + handlers::addPet + handlers::getPetById,
>() {
}

/// One type per deployable function.
pub mod functions {
    /// The function `petstore`: every operation.
    #[allow(non_camel_case_types)]
    pub struct petstore;

    impl<A> ::sls_runtime::Function<A> for petstore
    where
        A: ::sls_runtime::Handles<super::operations::addPet>
            + ::sls_runtime::Handles<super::operations::getPetById>,
    {
        const NAME: &'static str = "petstore";
        const OPERATIONS: &'static [&'static ::sls_runtime::descriptor::OperationDescriptor] = &[
            <super::operations::addPet as ::sls_runtime::Operation>::DESCRIPTOR,
            <super::operations::getPetById as ::sls_runtime::Operation>::DESCRIPTOR,
        ];

        fn route<'p>(
            method: &::sls_runtime::http::Method,
            path: &'p str,
        ) -> ::sls_runtime::router::RouteMatch<'p> {
            let ::core::option::Option::Some(segments) =
                ::sls_runtime::router::Segments::<2>::split(path)
            else {
                return ::sls_runtime::router::RouteMatch::NotFound;
            };
            match segments.as_slice() {
                ["pet"] => match *method {
                    ::sls_runtime::http::Method::POST => {
                        ::sls_runtime::router::RouteMatch::found(0, &[])
                    }
                    _ => ::sls_runtime::router::RouteMatch::not_allowed("POST"),
                },
                ["pet", pet_id] => match *method {
                    ::sls_runtime::http::Method::GET => {
                        ::sls_runtime::router::RouteMatch::found(1, &[pet_id])
                    }
                    _ => ::sls_runtime::router::RouteMatch::not_allowed("GET"),
                },
                _ => ::sls_runtime::router::RouteMatch::NotFound,
            }
        }

        fn dispatch(
            index: usize,
            state: ::std::sync::Arc<A::State>,
            context: ::sls_runtime::Context,
            request: ::sls_runtime::request::RawRequest,
        ) -> ::sls_runtime::BoxFuture<'static, ::sls_runtime::HttpResponse> {
            match index {
                0 => ::sls_runtime::invoke::<A, super::operations::addPet>(state, context, request),
                1 => ::sls_runtime::invoke::<A, super::operations::getPetById>(
                    state, context, request,
                ),
                _ => ::std::boxed::Box::pin(::core::future::ready(
                    ::sls_runtime::Problem::not_found().into_response(),
                )),
            }
        }
    }
}
