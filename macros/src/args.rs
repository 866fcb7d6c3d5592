//! Attribute arguments: a comma-separated list of `key = value`, `key(a, b)` and bare names.
//!
//! Parsing is driven item by item, so a malformed item records its error and the parser moves on
//! to the next comma: every mistake in one attribute is reported at once. Each key is stored in a
//! [`Slot`], which reports a repeated key on its second occurrence (serde's `Attr::set`).

use proc_macro2::{Span, TokenTree};
use syn::ext::IdentExt;
use syn::parse::{Parse, ParseStream, Parser};
use syn::punctuated::Punctuated;
use syn::{Ident, Token};

use crate::errors::Errors;

/// Parses `tokens` as a comma-separated list of items, each starting with a name (any identifier,
/// keywords included; anything else is reported as "expected {expected}"). `item` is called with that name and must parse the rest of the item (for
/// example with [`value`] or [`list`]); if it fails, its error is recorded and the parser skips to
/// the next top-level comma.
pub(crate) fn parse_items(
    tokens: proc_macro2::TokenStream,
    expected: &str,
    errors: &mut Errors,
    mut item: impl FnMut(Ident, ParseStream, &mut Errors) -> syn::Result<()>,
) {
    let parser = |input: ParseStream| -> syn::Result<()> {
        while !input.is_empty() {
            let outcome = input
                .call(Ident::parse_any)
                .map_err(|error| syn::Error::new(error.span(), format!("expected {expected}")))
                .and_then(|name| item(name, input, errors));
            if let Err(error) = outcome {
                errors.push(error);
                skip_item(input);
            }
            if input.is_empty() {
                break;
            }
            if input.parse::<Token![,]>().is_err() {
                errors.at(input.span(), "expected `,` between arguments");
                skip_item(input);
                // Either the end, or the comma that `skip_item` stopped at.
                let _ = input.parse::<Option<Token![,]>>();
            }
        }
        Ok(())
    };
    // The closure consumes every token and reports its errors itself.
    let _ = parser.parse2(tokens);
}

/// Skips tokens up to (not including) the next comma that is not nested in `<..>`, or to the end.
fn skip_item(input: ParseStream) {
    let _ = input.step(|cursor| {
        let mut rest = *cursor;
        let mut depth = 0usize;
        while let Some((tree, next)) = rest.token_tree() {
            if let TokenTree::Punct(punct) = &tree {
                match punct.as_char() {
                    ',' if depth == 0 => break,
                    '<' => depth += 1,
                    '>' => depth = depth.saturating_sub(1),
                    _ => {}
                }
            }
            rest = next;
        }
        Ok(((), rest))
    });
}

/// Parses the `= value` part of `key = value`; `expected` describes the value (`a type`).
pub(crate) fn value<T: Parse>(key: &Ident, expected: &str, input: ParseStream) -> syn::Result<T> {
    if !input.peek(Token![=]) {
        return Err(syn::Error::new(
            key.span(),
            format!("expected `{key} = ...`, where `...` is {expected}"),
        ));
    }
    input.parse::<Token![=]>()?;
    input.parse().map_err(|error| {
        syn::Error::new(error.span(), format!("expected {expected} after `{key} =`"))
    })
}

/// Parses the `(a, b, ..)` part of `key(a, b, ..)`; `expected` describes one element (`a path`).
pub(crate) fn list<T: Parse>(
    key: &Ident,
    expected: &str,
    input: ParseStream,
) -> syn::Result<Punctuated<T, Token![,]>> {
    if !input.peek(syn::token::Paren) {
        return Err(syn::Error::new(
            key.span(),
            format!("expected `{key}(..)`, a list of {expected}s"),
        ));
    }
    let content;
    syn::parenthesized!(content in input);
    Punctuated::parse_terminated(&content).map_err(|error| {
        syn::Error::new(error.span(), format!("expected {expected} in `{key}(..)`"))
    })
}

/// Whether the next token ends the current item: a comma or the end of the arguments.
pub(crate) fn at_item_end(input: ParseStream) -> bool {
    input.is_empty() || input.peek(Token![,])
}

/// The value of one key, set at most once.
pub(crate) struct Slot<T> {
    value: Option<(Span, T)>,
}

impl<T> Default for Slot<T> {
    fn default() -> Self {
        Self { value: None }
    }
}

impl<T> Slot<T> {
    /// Stores `value` for `key`, or reports `key` as a duplicate (on this second occurrence) and
    /// returns `false`.
    pub(crate) fn set(&mut self, key: &Ident, value: T, errors: &mut Errors) -> bool {
        if self.value.is_some() {
            errors.spanned(key, format_args!("duplicate key `{key}`"));
            return false;
        }
        self.value = Some((key.span(), value));
        true
    }

    /// The value, with the span of its key.
    pub(crate) fn get(&self) -> Option<(Span, &T)> {
        self.value.as_ref().map(|(span, value)| (*span, value))
    }

    /// The value, without its key's span.
    pub(crate) fn into_inner(self) -> Option<T> {
        self.value.map(|(_, value)| value)
    }
}

#[cfg(test)]
mod tests {
    use quote::quote;

    use super::*;

    fn run(tokens: proc_macro2::TokenStream) -> (Vec<String>, Vec<String>) {
        let mut errors = Errors::new("usage");
        let mut seen = Vec::new();
        let mut state = Slot::<syn::Type>::default();
        parse_items(tokens, "a name", &mut errors, |key, input, errors| {
            match key.to_string().as_str() {
                "state" => {
                    let ty: syn::Type = value(&key, "a type", input)?;
                    if state.set(&key, ty.clone(), errors) {
                        seen.push(format!("state={}", quote!(#ty)));
                    }
                }
                "list" => {
                    let items: Punctuated<syn::Path, Token![,]> = list(&key, "path", input)?;
                    seen.push(format!("list={}", items.len()));
                }
                _ if at_item_end(input) => seen.push(format!("bare={key}")),
                _ => return Err(syn::Error::new(key.span(), format!("unknown key `{key}`"))),
            }
            Ok(())
        });
        let errors = errors_text(&errors);
        (seen, errors)
    }

    fn errors_text(errors: &Errors) -> Vec<String> {
        quote!(#errors)
            .into_iter()
            .filter_map(|tree| match tree {
                TokenTree::Group(group) => Some(group.stream().to_string()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn parses_every_form() {
        let (seen, errors) = run(quote!(addPet, state = HashMap<K, V>, list(a, b::c,),));
        assert_eq!(seen, ["bare=addPet", "state=HashMap < K , V >", "list=2"]);
        assert!(errors.is_empty(), "{errors:?}");
    }

    #[test]
    fn keeps_going_after_errors() {
        let (seen, errors) =
            run(quote!(state = , nope = 1 + 2, state = A, state = B, list = x, type, 3, other));
        assert_eq!(seen, ["state=A", "bare=type", "bare=other"]);
        assert_eq!(errors.len(), 5, "{errors:?}");
        assert!(
            errors[0].contains("expected a type after `state =`"),
            "{errors:?}"
        );
        assert!(errors[1].contains("unknown key `nope`"), "{errors:?}");
        assert!(errors[2].contains("duplicate key `state`"), "{errors:?}");
        assert!(
            errors[3].contains("expected `list(..)`, a list of paths"),
            "{errors:?}"
        );
        assert!(errors[4].contains("expected a name"), "{errors:?}");
    }

    #[test]
    fn reports_a_missing_comma() {
        let (seen, errors) = run(quote!(state = A B, list(x)));
        assert_eq!(seen, ["state=A", "list=1"]);
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(
            errors[0].contains("expected `,` between arguments"),
            "{errors:?}"
        );
    }
}
