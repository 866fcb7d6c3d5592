//! Error collection for the macros, in the manner of serde's `Ctxt` and dropshot's `do_output`.
//!
//! A macro never stops at its first mistake: it records every error on the user's span, keeps
//! expanding what it still can, and returns the user's item together with one `compile_error!` per
//! error, so that one mistake does not turn into a flood of unresolved names.

use std::fmt::Display;

use proc_macro2::{Span, TokenStream};
use quote::{ToTokens, TokenStreamExt};

/// The errors found while expanding one attribute.
pub(crate) struct Errors {
    /// Appended to the first error, so the user sees the expected shape once.
    usage: &'static str,
    list: Vec<syn::Error>,
}

impl Errors {
    /// An empty collection whose first error will end with `usage`.
    pub(crate) fn new(usage: &'static str) -> Self {
        Self {
            usage,
            list: Vec::new(),
        }
    }

    /// Records `message` on the tokens of `at` (their whole range where the compiler allows it).
    pub(crate) fn spanned(&mut self, at: impl ToTokens, message: impl Display) {
        let message = self.decorate(message);
        self.list.push(syn::Error::new_spanned(at, message));
    }

    /// Records `message` at `span`.
    pub(crate) fn at(&mut self, span: Span, message: impl Display) {
        let message = self.decorate(message);
        self.list.push(syn::Error::new(span, message));
    }

    /// Records a parse error (each of its messages, if it holds several).
    pub(crate) fn push(&mut self, error: syn::Error) {
        for error in error {
            let span = error.span();
            self.at(span, error);
        }
    }

    /// How many errors were recorded so far; compare two counts to learn whether a step failed.
    pub(crate) fn count(&self) -> usize {
        self.list.len()
    }

    /// Whether no error was recorded.
    pub(crate) fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    fn decorate(&self, message: impl Display) -> String {
        if self.list.is_empty() {
            format!("{message}\n{}", self.usage)
        } else {
            message.to_string()
        }
    }
}

impl ToTokens for Errors {
    /// One `compile_error!` per recorded error, each on its own span.
    fn to_tokens(&self, tokens: &mut TokenStream) {
        tokens.append_all(self.list.iter().map(syn::Error::to_compile_error));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usage_goes_on_the_first_error_only() {
        let mut errors = Errors::new("usage: here");
        assert!(errors.is_empty());
        errors.at(Span::call_site(), "first");
        errors.spanned(quote::quote!(a b), "second");
        errors.push(syn::Error::new(Span::call_site(), "third"));
        assert_eq!(errors.count(), 3);
        let messages: Vec<String> = errors.list.iter().map(ToString::to_string).collect();
        assert_eq!(messages, ["first\nusage: here", "second", "third"]);
    }
}
