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
    /// What serde's derive is told about the struct, to find each field in its JSON.
    pub(crate) serde: SerdeStruct,
}

/// The struct's `#[serde(...)]` attributes that change where its fields are in its JSON.
#[derive(Default)]
pub(crate) struct SerdeStruct {
    /// `rename_all = "..."` (or its `serialize = "..."`).
    pub(crate) rename_all: Option<String>,
    /// `transparent`: the struct is serialized as its one field.
    pub(crate) transparent: bool,
}

/// A field's `#[serde(...)]` attributes that change where it is in its struct's JSON.
#[derive(Default)]
pub(crate) struct SerdeField {
    /// `rename = "..."` (or its `serialize = "..."`).
    pub(crate) rename: Option<String>,
    /// `flatten`: the field's own fields are in its struct's JSON object.
    pub(crate) flatten: Option<Span>,
    /// `skip` or `skip_serializing`: the field is not in the JSON.
    pub(crate) skip: bool,
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
    pub(crate) serde: SerdeField,
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
            serde: parse_serde_struct(&input.attrs),
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
            serde: parse_serde_field(&field.attrs),
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

/// Reads the `#[serde(...)]` attributes with `read`, each key with its `meta`. Serde's derive
/// checks these attributes and reports their mistakes, so one this cannot read is skipped.
fn read_serde(
    attrs: &[Attribute],
    mut read: impl FnMut(&str, &syn::meta::ParseNestedMeta<'_>) -> syn::Result<bool>,
) {
    for attr in attrs.iter().filter(|attr| attr.path().is_ident("serde")) {
        let _ = attr.parse_nested_meta(|meta| {
            let key = meta
                .path
                .get_ident()
                .map(Ident::to_string)
                .unwrap_or_default();
            if read(&key, &meta)? {
                return Ok(());
            }
            // Skip what this key holds: `= value` or `(...)`.
            if meta.input.peek(syn::Token![=]) {
                meta.value()?.parse::<syn::Expr>()?;
            } else if meta.input.peek(syn::token::Paren) {
                meta.parse_nested_meta(|inner| {
                    if inner.input.peek(syn::Token![=]) {
                        inner.value()?.parse::<syn::Expr>()?;
                    }
                    Ok(())
                })?;
            }
            Ok(())
        });
    }
}

/// A name serde serializes under: `key = "name"`, or `key(serialize = "name")` (`None` when
/// only the deserialized name is given).
fn serialized_name(meta: &syn::meta::ParseNestedMeta<'_>) -> syn::Result<Option<String>> {
    if meta.input.peek(syn::Token![=]) {
        let name: syn::LitStr = meta.value()?.parse()?;
        return Ok(Some(name.value()));
    }
    let mut serialized = None;
    meta.parse_nested_meta(|inner| {
        let name: syn::LitStr = inner.value()?.parse()?;
        if inner.path.is_ident("serialize") {
            serialized = Some(name.value());
        }
        Ok(())
    })?;
    Ok(serialized)
}

fn parse_serde_struct(attrs: &[Attribute]) -> SerdeStruct {
    let mut serde = SerdeStruct::default();
    read_serde(attrs, |key, meta| {
        Ok(match key {
            "rename_all" => {
                serde.rename_all = serialized_name(meta)?.or(serde.rename_all.take());
                true
            }
            "transparent" => {
                serde.transparent = true;
                true
            }
            _ => false,
        })
    });
    serde
}

fn parse_serde_field(attrs: &[Attribute]) -> SerdeField {
    let mut serde = SerdeField::default();
    read_serde(attrs, |key, meta| {
        Ok(match key {
            "rename" => {
                serde.rename = serialized_name(meta)?.or(serde.rename.take());
                true
            }
            "flatten" => {
                serde.flatten = Some(meta.path.span());
                true
            }
            "skip" | "skip_serializing" => {
                serde.skip = true;
                true
            }
            _ => false,
        })
    });
    serde
}
