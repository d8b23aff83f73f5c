//! Parsing: the derive input and its `#[state(...)]` attributes, into a model that keeps the
//! original syntax for error spans. Every problem found is collected, not just the first.

use proc_macro2::Span;
use syn::{
    Attribute, Data, DeriveInput, ExprClosure, Fields, Generics, Ident, LitBool, Path, Type,
    Visibility, spanned::Spanned,
};

/// A struct deriving `State`.
pub(crate) struct Input {
    pub(crate) ident: Ident,
    pub(crate) vis: Visibility,
    pub(crate) generics: Generics,
    pub(crate) krate: Path,
    pub(crate) fields: Vec<Field>,
}

/// One named field and what its attributes ask for.
pub(crate) struct Field {
    pub(crate) ident: Ident,
    pub(crate) ty: Type,
    pub(crate) docs: Vec<Attribute>,
    pub(crate) skip: Option<Span>,
    pub(crate) persist: Option<(bool, Span)>,
    pub(crate) history: Option<(bool, Span)>,
    pub(crate) redact: Option<Span>,
    pub(crate) key: Option<ExprClosure>,
}

/// Collects errors so that one compile reports all of them.
#[derive(Default)]
pub(crate) struct Errors(Option<syn::Error>);

impl Errors {
    pub(crate) fn push(&mut self, error: syn::Error) {
        match &mut self.0 {
            Some(errors) => errors.combine(error),
            None => self.0 = Some(error),
        }
    }

    pub(crate) fn finish(self) -> syn::Result<()> {
        self.0.map_or(Ok(()), Err)
    }
}

const FIELD_KEYS: &str = "`skip`, `persist`, `history`, `redact` or `key`";

impl Input {
    pub(crate) fn parse(input: DeriveInput, errors: &mut Errors) -> Option<Input> {
        let krate = parse_struct_attrs(&input.attrs, errors);
        let named = match input.data {
            Data::Struct(data) => match data.fields {
                Fields::Named(named) => named,
                Fields::Unnamed(fields) => {
                    errors.push(syn::Error::new(
                        fields.span(),
                        "#[derive(State)] needs named fields: a tuple struct has no field names \
                         to make slice methods from",
                    ));
                    return None;
                }
                Fields::Unit => {
                    errors.push(syn::Error::new(
                        input.ident.span(),
                        "#[derive(State)] needs named fields: a unit struct has no state to \
                         slice",
                    ));
                    return None;
                }
            },
            Data::Enum(data) => {
                errors.push(syn::Error::new(
                    data.enum_token.span,
                    "#[derive(State)] supports structs with named fields, not enums: keep the \
                     enum as a field of a `State` struct, or model a flow as a state machine",
                ));
                return None;
            }
            Data::Union(data) => {
                errors.push(syn::Error::new(
                    data.union_token.span,
                    "#[derive(State)] supports structs with named fields, not unions",
                ));
                return None;
            }
        };
        let fields = named
            .named
            .into_iter()
            .filter_map(|field| Field::parse(field, errors))
            .collect();
        Some(Input {
            ident: input.ident,
            vis: input.vis,
            generics: input.generics,
            krate: krate.unwrap_or_else(|| syn::parse_quote!(::leptos_state)),
            fields,
        })
    }
}

/// The struct's own `#[state(crate = path)]`.
fn parse_struct_attrs(attrs: &[Attribute], errors: &mut Errors) -> Option<Path> {
    let mut krate = None;
    for attr in attrs.iter().filter(|attr| attr.path().is_ident("state")) {
        let parsed = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("crate") {
                let path: Path = meta.value()?.parse()?;
                if krate.replace(path).is_some() {
                    errors.push(meta.error("duplicate `crate` attribute"));
                }
                Ok(())
            } else if let Some(key) = meta.path.get_ident().filter(|key| is_field_key(key)) {
                Err(meta.error(format!(
                    "`{key}` belongs on a field, not on the struct; the struct takes only \
                     `crate = path`"
                )))
            } else {
                Err(meta.error(format!(
                    "unknown `state` attribute `{}`; a struct takes `crate = path`",
                    path_text(&meta.path)
                )))
            }
        });
        if let Err(error) = parsed {
            errors.push(error);
        }
    }
    krate
}

fn is_field_key(ident: &Ident) -> bool {
    ["skip", "persist", "history", "redact", "key"]
        .iter()
        .any(|key| ident == key)
}

fn path_text(path: &Path) -> String {
    quote::quote!(#path).to_string().replace(' ', "")
}

impl Field {
    fn parse(field: syn::Field, errors: &mut Errors) -> Option<Field> {
        let ident = field.ident?;
        let mut parsed = Field {
            docs: field
                .attrs
                .iter()
                .filter(|attr| attr.path().is_ident("doc"))
                .cloned()
                .collect(),
            ident,
            ty: field.ty,
            skip: None,
            persist: None,
            history: None,
            redact: None,
            key: None,
        };
        for attr in field
            .attrs
            .iter()
            .filter(|attr| attr.path().is_ident("state"))
        {
            if let Err(error) = attr.parse_nested_meta(|meta| parsed.parse_key(meta, errors)) {
                errors.push(error);
            }
        }
        Some(parsed)
    }

    fn parse_key(
        &mut self,
        meta: syn::meta::ParseNestedMeta<'_>,
        errors: &mut Errors,
    ) -> syn::Result<()> {
        let span = meta.path.span();
        let duplicate = |key: &str| syn::Error::new(span, format!("duplicate `{key}` attribute"));
        let Some(key) = meta.path.get_ident().map(Ident::to_string) else {
            return Err(meta.error(format!(
                "unknown `state` attribute `{}`; a field takes {FIELD_KEYS}",
                path_text(&meta.path)
            )));
        };
        match key.as_str() {
            "skip" if self.skip.replace(span).is_some() => errors.push(duplicate("skip")),
            "redact" if self.redact.replace(span).is_some() => errors.push(duplicate("redact")),
            "skip" | "redact" => {}
            "persist" | "history" => {
                let value: LitBool = meta.value()?.parse()?;
                let slot = if key == "persist" {
                    &mut self.persist
                } else {
                    &mut self.history
                };
                if slot.replace((value.value, span)).is_some() {
                    errors.push(duplicate(&key));
                }
            }
            "key" => {
                let closure: ExprClosure = meta.value()?.parse()?;
                if self.key.replace(closure).is_some() {
                    errors.push(duplicate("key"));
                }
            }
            "crate" => {
                return Err(meta.error(
                    "`crate` belongs on the struct, not on a field: `#[state(crate = path)]`",
                ));
            }
            other => {
                errors.push(meta.error(format!(
                    "unknown `state` attribute `{other}`; a field takes {FIELD_KEYS}"
                )));
                // Skip its value, so that the attributes after it are still checked.
                if meta.input.peek(syn::Token![=]) {
                    meta.value()?.parse::<syn::Expr>()?;
                }
            }
        }
        Ok(())
    }
}
