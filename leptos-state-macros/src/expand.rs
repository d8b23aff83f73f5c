//! Expansion: the `State` and `Patch` impls, and the `<Name>Slices` extension trait.

use crate::{
    check::{Checked, Key, KeyType},
    model::Input,
};
use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned};
use syn::{ext::IdentExt, spanned::Spanned, visit_mut::VisitMut};

/// The hash that names a field in `FieldNamed<HASH>`: FNV-1a over the field's name. A keyed
/// collection's derive uses it to find the type of its items' key field.
pub(crate) fn field_hash(name: &str) -> u64 {
    name.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

pub(crate) fn expand(input: &Input, fields: &[Checked<'_>]) -> TokenStream {
    let krate = &input.krate;
    let ident = &input.ident;
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    let predicates = where_clause.map(|clause| &clause.predicates);

    let infos: Vec<TokenStream> = fields
        .iter()
        .map(|checked| {
            let field = checked.field;
            let name = field.ident.unraw().to_string();
            let index = checked.index;
            let mut info = quote!(#krate::FieldInfo::new(#name, #index));
            if field.skip.is_some() {
                info.extend(quote!(.skipped()));
            }
            if matches!(field.persist, Some((false, _))) {
                info.extend(quote!(.not_persisted()));
            }
            if matches!(field.history, Some((false, _))) {
                info.extend(quote!(.without_history()));
            }
            if field.redact.is_some() {
                info.extend(quote!(.redacted()));
            }
            if let Some(key) = &checked.key {
                let key = &key.name;
                info.extend(quote!(.keyed(#key)));
            }
            info
        })
        .collect();

    // How each field is read and written, as a type: `FieldAt<N>`. A skipped field has no
    // slice method, but the diff reaches it the same way.
    let own_type: syn::Type = syn::parse_quote!(#ident #ty_generics);
    let accessors = fields.iter().zip(&infos).map(|(checked, info)| {
        let field = &checked.field.ident;
        let index = checked.index;
        let mut ty = checked.value.clone();
        ReplaceSelf(&own_type).visit_type_mut(&mut ty);
        // A `CopyOnWrite<T>` field is read and written through: its slices see the `T`, which
        // a write copies first if another copy of the state shares it.
        let (read, write, copied) = if checked.copy_on_write() {
            (
                quote!(::core::ops::Deref::deref(&of.#field)),
                quote!(::core::ops::DerefMut::deref_mut(&mut of.#field)),
                quote!(#ty: ::core::clone::Clone,),
            )
        } else {
            (quote!(&of.#field), quote!(&mut of.#field), quote!())
        };
        quote! {
            impl #impl_generics #krate::FieldOf<#ident #ty_generics> for #krate::FieldAt<#index>
            where
                #ty: ::core::marker::Send + ::core::marker::Sync + 'static,
                #copied
                #predicates
            {
                type Value = #ty;
                const INFO: #krate::FieldInfo = #info;

                fn read(of: &#ident #ty_generics) -> &#ty {
                    #read
                }

                fn write(of: &mut #ident #ty_generics) -> &mut #ty {
                    #write
                }
            }
        }
    });

    let named = fields.iter().map(|checked| {
        let hash = field_hash(&checked.field.ident.unraw().to_string());
        let ty = &checked.field.ty;
        quote! {
            impl #impl_generics #krate::__private::FieldNamed<#hash> for #ident #ty_generics
            #where_clause
            {
                type Type = #ty;
            }
        }
    });

    // The new value's fields go into numbered locals, so that no field name can shadow the
    // function's own `changes` and `changed`.
    let local = |checked: &Checked<'_>| format_ident!("__field_{}", checked.index);
    let destructure = fields.iter().map(|checked| {
        let field = &checked.field.ident;
        let local = local(checked);
        quote!(#field: #local)
    });
    let patches = fields.iter().map(|checked| {
        let field = &checked.field.ident;
        let index = checked.index;
        let local = local(checked);
        if checked.field.skip.is_some() {
            quote!(changed |= changes.unsliced(&mut self.#field, #local);)
        } else {
            quote!(changed |= changes.field(#index, &mut self.#field, #local);)
        }
    });
    let comparable = fields.iter().map(|checked| {
        let ty = &checked.field.ty;
        quote_spanned!(ty.span()=> #ty: ::core::cmp::PartialEq)
    });
    // Send, Sync and 'static follow from the struct's own `State` bounds, but the compiler
    // needs them said of each field to reach the field through a slice (the diff does).
    let field_bounds = value_bounds(fields);
    let field_eq = fields.iter().map(|checked| {
        let field = &checked.field.ident;
        let index = checked.index;
        quote!(#index => self.#field == other.#field,)
    });
    let copy_field = fields.iter().map(|checked| {
        let field = &checked.field.ident;
        let index = checked.index;
        quote!(#index => ::core::clone::Clone::clone_from(&mut self.#field, &from.#field),)
    });

    let slices_trait = slices_trait(input, fields);
    let diff = diff_impl(input, fields);
    let redact = crate::redact::redact_impl(input, fields);
    quote! {
        #slices_trait

        const _: () = {
            impl #impl_generics #krate::State for #ident #ty_generics
            where
                Self: ::core::clone::Clone
                    + ::core::marker::Send
                    + ::core::marker::Sync
                    + 'static,
                #(#field_bounds,)*
                #predicates
            {
                const FIELDS: &'static [#krate::FieldInfo] = &[#(#infos),*];

                fn __field_eq(&self, other: &Self, index: u32) -> bool {
                    match index {
                        #(#field_eq)*
                        _ => true,
                    }
                }

                fn __copy_field(&mut self, from: &Self, index: u32) {
                    match index {
                        #(#copy_field)*
                        _ => {}
                    }
                }

                fn __diff(
                    from: &Self,
                    to: &Self,
                    out: &mut #krate::__private::Edits<Self>,
                ) -> bool {
                    #krate::__private::diff_root(from, to, out);
                    true
                }
            }

            #diff

            #redact

            impl #impl_generics #krate::Patch for #ident #ty_generics
            where
                #(#comparable,)*
                #predicates
            {
                fn patch(
                    &mut self,
                    new: Self,
                    changes: &mut #krate::Changes,
                ) -> bool {
                    let #ident { #(#destructure),* } = new;
                    let mut changed = false;
                    #(#patches)*
                    changed
                }
            }

            #(#named)*

            #(#accessors)*
        };
    }
}

/// `Diff`: the edits between two values of the struct, field by field. A field whose type
/// is itself diffable (a `State` struct, a `Vec`, a map) is broken down further; a keyed
/// field row by row; any other field is one value.
fn diff_impl(input: &Input, fields: &[Checked<'_>]) -> TokenStream {
    let krate = &input.krate;
    let ident = &input.ident;
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    let predicates = where_clause.map(|clause| &clause.predicates);
    let trait_ident = format_ident!("{}Slices", ident);
    let params: Vec<String> = input
        .generics
        .type_params()
        .map(|param| param.ident.to_string())
        .collect();
    // How a value of type `ty` at `at` is diffed: through its `Diff` if it has one (found at
    // compile time, which needs the type to be known here), else as one value.
    let dispatch = |ty: &syn::Type, at: TokenStream, from: TokenStream, to: TokenStream| {
        if mentions(ty, &params) {
            quote!(#krate::__private::put_item(#at, #from, #to, out))
        } else {
            quote!((&&#krate::__private::DiffTag::<#ty>::new()).__diff_at(#at, #from, #to, out))
        }
    };
    let diffs = fields.iter().map(|checked| {
        let field = &checked.field.ident;
        let index = checked.index;
        let ty = checked.value;
        // The field's value as its slices see it (through a `CopyOnWrite`).
        let (from, to) = if checked.copy_on_write() {
            (
                quote!(::core::ops::Deref::deref(&from.#field)),
                quote!(::core::ops::Deref::deref(&to.#field)),
            )
        } else {
            (quote!(&from.#field), quote!(&to.#field))
        };
        let body = match &checked.key {
            Some(key) => {
                let item = dispatch(key.item, quote!(at), quote!(from), quote!(to));
                quote! {
                    #krate::__private::diff_keyed(
                        &<__L as #trait_ident #ty_generics>::#field(at),
                        #from,
                        #to,
                        |at, from, to, out| #item,
                        out,
                    );
                }
            }
            None => {
                let slice = quote!(&#krate::Field::<__L, #index>::new(
                    ::core::clone::Clone::clone(at)
                ));
                let value = dispatch(ty, slice, from, to);
                quote!(#value;)
            }
        };
        quote! {
            if from.#field != to.#field {
                #body
            }
        }
    });
    let bounds = value_bounds(fields);
    quote! {
        impl #impl_generics #krate::__private::Diff for #ident #ty_generics
        where
            #(#bounds,)*
            #predicates
        {
            #[allow(unused_imports)]
            fn __diff<__L: #krate::Slice<Value = Self>>(
                at: &__L,
                from: &Self,
                to: &Self,
                out: &mut #krate::__private::Edits<<__L as #krate::Slice>::State>,
            ) {
                use #krate::__private::{ViaDiff as _, ViaPut as _};
                #(#diffs)*
            }
        }
    }
}

/// What each field's type must be for the state to be compared, copied and diffed field by
/// field: and for a `CopyOnWrite<T>` field, its `T` too, which the diff and the slices see.
fn value_bounds<'a>(fields: &'a [Checked<'_>]) -> impl Iterator<Item = TokenStream> + 'a {
    fields.iter().flat_map(|checked| {
        let inner = checked.copy_on_write().then_some(checked.value);
        std::iter::once(&checked.field.ty).chain(inner).map(|ty| {
            quote_spanned!(ty.span()=>
                #ty: ::core::cmp::PartialEq
                    + ::core::clone::Clone
                    + ::core::marker::Send
                    + ::core::marker::Sync
                    + 'static
            )
        })
    })
}

/// Whether `ty` names one of the struct's type parameters.
pub(crate) fn mentions(ty: &syn::Type, params: &[String]) -> bool {
    struct Finds<'a> {
        params: &'a [String],
        found: bool,
    }
    impl<'ast> syn::visit::Visit<'ast> for Finds<'_> {
        fn visit_path(&mut self, path: &'ast syn::Path) {
            if let Some(first) = path.segments.first()
                && self.params.iter().any(|param| first.ident == param)
            {
                self.found = true;
            }
            syn::visit::visit_path(self, path);
        }
    }
    let mut finds = Finds {
        params,
        found: false,
    };
    syn::visit::Visit::visit_type(&mut finds, ty);
    finds.found
}

/// In the slices trait `Self` is the slice, so a field type that says `Self` must say the
/// struct's own type instead.
pub(crate) struct ReplaceSelf<'a>(pub(crate) &'a syn::Type);

impl VisitMut for ReplaceSelf<'_> {
    fn visit_type_mut(&mut self, ty: &mut syn::Type) {
        if let syn::Type::Path(path) = ty
            && path.qself.is_none()
            && path.path.is_ident("Self")
        {
            *ty = self.0.clone();
            return;
        }
        syn::visit_mut::visit_type_mut(self, ty);
    }
}

fn slices_trait(input: &Input, fields: &[Checked<'_>]) -> TokenStream {
    let krate = &input.krate;
    let ident = &input.ident;
    let vis = &input.vis;
    let trait_ident = format_ident!("{}Slices", ident);
    let (_, ty_generics, where_clause) = input.generics.split_for_impl();
    let params = &input.generics.params;
    let predicates = where_clause.map(|clause| &clause.predicates);
    let own_type: syn::Type = syn::parse_quote!(#ident #ty_generics);
    // The blanket impl's generics: the struct's, without defaults, plus the slice type.
    let mut impl_generics = input.generics.clone();
    impl_generics
        .params
        .push(syn::parse_quote!(__Slice: #krate::Slice<Value = #ident #ty_generics>));
    let (blanket_generics, _, _) = impl_generics.split_for_impl();
    let trait_doc = format!(
        "The slices of the fields of [`{ident}`], on every slice whose value is a `{ident}`: \
         a store of it, or a field of a parent. Generated by `#[derive(State)]`."
    );

    let (struct_impl_generics, _, _) = input.generics.split_for_impl();
    let key_impls = fields
        .iter()
        .filter(|checked| checked.field.skip.is_none())
        .filter_map(|checked| {
            let key = checked.key.as_ref()?;
            let index = checked.index;
            let key_ty = key_type(krate, key);
            let item = &key.item;
            let closure = key.closure;
            Some(quote! {
                impl #struct_impl_generics #krate::__private::KeyedField<#index>
                    for #ident #ty_generics
                #where_clause
                {
                    type Item = #item;
                    type Key = #key_ty;

                    #[inline]
                    fn key(item: &#item) -> #key_ty {
                        let key: fn(&#item) -> #key_ty = #closure;
                        key(item)
                    }
                }
            })
        });

    let methods = fields
        .iter()
        .filter(|checked| checked.field.skip.is_none())
        .map(|checked| {
            let field = &checked.field.ident;
            let mut ty = checked.field.ty.clone();
            ReplaceSelf(&own_type).visit_type_mut(&mut ty);
            let name = field.unraw().to_string();
            let index = checked.index;
            let docs = if checked.field.docs.is_empty() {
                let doc = format!("The slice of `{name}`.");
                quote!(#[doc = #doc])
            } else {
                let docs = &checked.field.docs;
                quote!(#(#docs)*)
            };
            let new_field = quote!(#krate::Field::new(::core::clone::Clone::clone(self)));
            match &checked.key {
                None => quote! {
                    #docs
                    fn #field(&self) -> #krate::Field<Self, #index>
                    where
                        #krate::FieldAt<#index>: #krate::FieldOf<#ident #ty_generics>,
                    {
                        #new_field
                    }
                },
                Some(key) => {
                    let key_name = &key.name;
                    quote! {
                        #docs
                        fn #field(
                            &self,
                        ) -> #krate::KeyedVec<
                            #krate::Field<Self, #index>,
                            #krate::KeyAt<#ident #ty_generics, #index>,
                        >
                        where
                            #krate::FieldAt<#index>: #krate::FieldOf<#ident #ty_generics>,
                        {
                            #krate::KeyedVec::new(#new_field, #key_name, #krate::KeyAt::new())
                        }
                    }
                }
            }
        });

    quote! {
        #[doc = #trait_doc]
        #vis trait #trait_ident<#params>: #krate::Slice<Value = #ident #ty_generics>
        where
            #predicates
        {
            #(#methods)*
        }

        impl #blanket_generics #trait_ident #ty_generics for __Slice
        where
            #predicates
        {
        }

        #(#key_impls)*
    }
}

/// The type of a keyed field's keys.
fn key_type(krate: &syn::Path, key: &Key<'_>) -> TokenStream {
    let item = &key.item;
    match &key.ty {
        KeyType::Written(ty) => quote!(#ty),
        KeyType::FieldOf(name) => {
            let hash = field_hash(name);
            quote!(<#item as #krate::__private::FieldNamed<#hash>>::Type)
        }
    }
}
