//! Expansion: the `Redact` impl, which finds each field in the struct's JSON under the name
//! serde's derive gives it, hides the `#[state(redact)]` ones and goes into the others.

use crate::{
    check::Checked,
    expand::{ReplaceSelf, mentions},
    model::Input,
};
use proc_macro2::TokenStream;
use quote::quote;
use syn::{ext::IdentExt, visit_mut::VisitMut};

pub(crate) fn redact_impl(input: &Input, fields: &[Checked<'_>]) -> TokenStream {
    let krate = &input.krate;
    let ident = &input.ident;
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    let predicates = where_clause.map(|clause| &clause.predicates);
    let own_type: syn::Type = syn::parse_quote!(#ident #ty_generics);
    let params: Vec<String> = input
        .generics
        .type_params()
        .map(|param| param.ident.to_string())
        .collect();
    let own_name = [ident.to_string()];
    let value = quote!(#krate::__private::Value);
    let null = quote!(&#value::Null);

    // A field of a type parameter is redacted through its type's `Redact`, which the impl
    // then needs (unless the type holds the struct itself, a `Vec<Self>`: this impl gives
    // it); any other type through its `Redact` if it has one (found at compile time), else
    // not at all.
    let mut bounds = Vec::new();
    let mut dispatch = |ty: &syn::Type| {
        let mut ty = ty.clone();
        ReplaceSelf(&own_type).visit_type_mut(&mut ty);
        if mentions(&ty, &params) {
            if !mentions(&ty, &own_name) {
                bounds.push(quote!(#ty: #krate::Redact));
            }
            (
                quote!(<#ty as #krate::Redact>::redact_json),
                quote!(<#ty as #krate::Redact>::restore_json),
            )
        } else {
            (
                quote!((&&#krate::__private::RedactTag::<#ty>::new()).__redact_json),
                quote!((&&#krate::__private::RedactTag::<#ty>::new()).__restore_json),
            )
        }
    };

    let serialized: Vec<&Checked<'_>> = fields
        .iter()
        .filter(|checked| !checked.field.serde.skip)
        .collect();
    let (redact, restore) = if input.serde.transparent {
        // The JSON is the one serialized field's own.
        let Some(checked) = serialized.first() else {
            return TokenStream::new();
        };
        if checked.field.redact.is_some() {
            (
                quote!(*json = #krate::__private::redacted();),
                quote!(*imported = ::core::clone::Clone::clone(current);),
            )
        } else {
            let (redact, restore) = dispatch(&checked.field.ty);
            (quote!(#redact(json);), quote!(#restore(imported, current);))
        }
    } else {
        let mut flattened = (Vec::new(), Vec::new());
        let mut named = (Vec::new(), Vec::new());
        for checked in &serialized {
            let field = checked.field;
            if field.serde.flatten.is_some() {
                let (redact, restore) = dispatch(&field.ty);
                flattened.0.push(quote!(#redact(json);));
                flattened.1.push(quote!(#restore(imported, current);));
                continue;
            }
            let key = serde_name(&field.ident, field.serde.rename.as_deref(), input);
            if field.redact.is_some() {
                named.0.push(quote! {
                    if let ::core::option::Option::Some(value) = fields.get_mut(#key) {
                        *value = #krate::__private::redacted();
                    }
                });
                named.1.push(quote! {
                    match current.get(#key) {
                        ::core::option::Option::Some(value) => {
                            fields.insert(#key.into(), ::core::clone::Clone::clone(value));
                        }
                        ::core::option::Option::None => {
                            fields.remove(#key);
                        }
                    }
                });
            } else {
                let (redact, restore) = dispatch(&field.ty);
                named.0.push(quote! {
                    if let ::core::option::Option::Some(value) = fields.get_mut(#key) {
                        #redact(value);
                    }
                });
                named.1.push(quote! {
                    if let ::core::option::Option::Some(value) = fields.get_mut(#key) {
                        #restore(value, current.get(#key).unwrap_or(#null));
                    }
                });
            }
        }
        let (flat_redact, flat_restore) = flattened;
        let (named_redact, named_restore) = named;
        (
            quote! {
                #(#flat_redact)*
                if let #value::Object(fields) = json {
                    #(#named_redact)*
                }
            },
            quote! {
                #(#flat_restore)*
                if let #value::Object(fields) = imported {
                    #(#named_restore)*
                }
            },
        )
    };

    quote! {
        impl #impl_generics #krate::Redact for #ident #ty_generics
        where
            #(#bounds,)*
            #predicates
        {
            #[allow(unused_imports, unused_variables)]
            fn redact_json(json: &mut #value) {
                use #krate::__private::{ViaNoSecret as _, ViaRedact as _};
                #redact
            }

            #[allow(unused_imports, unused_variables)]
            fn restore_json(imported: &mut #value, current: &#value) {
                use #krate::__private::{ViaNoSecret as _, ViaRedact as _};
                #restore
            }
        }
    }
}

/// The name serde's derive serializes the field `ident` under: its `rename`, else its name
/// as the struct's `rename_all` spells it, by serde's own rules for fields (which leave
/// `lowercase` and `snake_case` names as written, and change ASCII letters only).
fn serde_name(ident: &syn::Ident, rename: Option<&str>, input: &Input) -> String {
    if let Some(rename) = rename {
        return rename.to_owned();
    }
    let name = ident.unraw().to_string();
    let pascal = || {
        let mut pascal = String::new();
        let mut capitalize = true;
        for ch in name.chars() {
            if ch == '_' {
                capitalize = true;
            } else if capitalize {
                pascal.push(ch.to_ascii_uppercase());
                capitalize = false;
            } else {
                pascal.push(ch);
            }
        }
        pascal
    };
    match input.serde.rename_all.as_deref() {
        Some("UPPERCASE" | "SCREAMING_SNAKE_CASE") => name.to_ascii_uppercase(),
        Some("PascalCase") => pascal(),
        Some("camelCase") => {
            let pascal = pascal();
            let mut chars = pascal.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_ascii_lowercase().to_string() + chars.as_str()
            })
        }
        Some("kebab-case") => name.replace('_', "-"),
        Some("SCREAMING-KEBAB-CASE") => name.to_ascii_uppercase().replace('_', "-"),
        // `lowercase`, `snake_case`, none, or a rule serde's derive rejects itself.
        _ => name,
    }
}
