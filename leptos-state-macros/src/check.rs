//! Checking: what the attributes ask for must make sense for the field they are on.

use crate::model::{Errors, Field, Input};
use syn::{
    Expr, ExprClosure, GenericArgument, Member, Pat, PathArguments, ReturnType, Type,
    ext::IdentExt, spanned::Spanned,
};

/// Names a field cannot have: its slice method would be ambiguous with a method every slice
/// already has (Leptos' reactive traits, `Slice`, and the prelude's `Clone`, `ToOwned`,
/// `Into`, `TryInto` and `PartialEq`).
const RESERVED: &[&str] = &[
    "get",
    "get_untracked",
    "try_get",
    "try_get_untracked",
    "set",
    "try_set",
    "update",
    "try_update",
    "maybe_update",
    "try_maybe_update",
    "with",
    "with_untracked",
    "try_with",
    "try_with_untracked",
    "track",
    "defined_at",
    "is_disposed",
    "path",
    "patch",
    "checked_update",
    "checked_set",
    "into_signal",
];

/// A field that passed the checks, with what its slice method returns.
pub(crate) struct Checked<'a> {
    pub(crate) field: &'a Field,
    pub(crate) index: u32,
    pub(crate) key: Option<Key<'a>>,
    /// The type its slices see: `T` for a field of type `CopyOnWrite<T>`, which they read
    /// and write through; the field's own type otherwise.
    pub(crate) value: &'a Type,
}

impl Checked<'_> {
    /// Whether the field is a `CopyOnWrite<T>`, whose slices see the `T`.
    pub(crate) fn copy_on_write(&self) -> bool {
        !std::ptr::eq(self.value, &self.field.ty)
    }
}

/// A keyed collection field's key.
pub(crate) struct Key<'a> {
    pub(crate) item: &'a Type,
    pub(crate) ty: KeyType<'a>,
    pub(crate) name: String,
    pub(crate) closure: &'a ExprClosure,
}

/// How the key's type is spelled in the generated code.
pub(crate) enum KeyType<'a> {
    /// The closure's own return type.
    Written(&'a Type),
    /// The type of the item's field with this name, as the item's own `State` derive records.
    FieldOf(String),
}

pub(crate) fn check<'a>(input: &'a Input, errors: &mut Errors) -> Vec<Checked<'a>> {
    if input.fields.is_empty() {
        errors.push(syn::Error::new(
            input.ident.span(),
            "#[derive(State)] needs at least one field",
        ));
    }
    input
        .fields
        .iter()
        .enumerate()
        .map(|(index, field)| {
            let name = field.ident.unraw().to_string();
            if field.skip.is_none() && RESERVED.contains(&name.as_str()) {
                errors.push(syn::Error::new(
                    field.ident.span(),
                    format!(
                        "a field named `{name}` would make a slice method that clashes with \
                         the `{name}` every slice has; rename the field or mark it \
                         `#[state(skip)]`"
                    ),
                ));
            }
            if let (Some(redact), Some(flatten)) = (field.redact, field.serde.flatten) {
                let mut error = syn::Error::new(
                    redact,
                    "`redact` on a `#[serde(flatten)]` field: its fields are serialized in \
                     this struct's place, so mark the secret ones in the flattened struct",
                );
                error.combine(syn::Error::new(flatten, "flattened here"));
                errors.push(error);
            }
            let key = field.key.as_ref().and_then(|closure| {
                if let Some(skip) = field.skip {
                    let mut error =
                        syn::Error::new(closure.span(), "`key` on a field that is `skip`ped");
                    error.combine(syn::Error::new(skip, "a skipped field has no slice to key"));
                    errors.push(error);
                    return None;
                }
                check_key(field, closure, errors)
            });
            Checked {
                field,
                index: u32::try_from(index).unwrap_or(u32::MAX),
                key,
                value: sole_argument(&field.ty, "CopyOnWrite").unwrap_or(&field.ty),
            }
        })
        .collect()
}

fn check_key<'a>(
    field: &'a Field,
    closure: &'a ExprClosure,
    errors: &mut Errors,
) -> Option<Key<'a>> {
    let value = sole_argument(&field.ty, "CopyOnWrite").unwrap_or(&field.ty);
    let Some(item) = sole_argument(value, "Vec") else {
        let ty = &field.ty;
        errors.push(syn::Error::new(
            closure.span(),
            format!(
                "`key` needs a `Vec<T>` (or `CopyOnWrite<Vec<T>>`) field, and `{}` is `{}`; \
                 maps are keyed already (use `entry(key)`)",
                field.ident,
                quote::quote!(#ty).to_string().replace(' ', "")
            ),
        ));
        return None;
    };
    if closure.inputs.len() != 1 {
        errors.push(syn::Error::new(
            closure.inputs.span(),
            "the `key` closure takes one argument, the item: `|t: &Todo| t.id`",
        ));
        return None;
    }
    let name = match &*closure.body {
        Expr::Field(access) => match &access.member {
            Member::Named(name) => Some(name.unraw().to_string()),
            Member::Unnamed(_) => None,
        },
        _ => None,
    };
    let ty = match (&closure.output, &name) {
        (ReturnType::Type(_, ty), _) => KeyType::Written(ty),
        (ReturnType::Default, Some(name)) if reads_argument(closure) => {
            KeyType::FieldOf(name.clone())
        }
        _ => {
            errors.push(syn::Error::new(
                closure.body.span(),
                "cannot tell the key's type from this closure: use a field of the item \
                 (`|t| t.id`, whose type derives `State`), or write the return type \
                 (`|t: &Todo| -> String { t.name.to_lowercase() }`)",
            ));
            return None;
        }
    };
    Some(Key {
        item,
        ty,
        name: name.unwrap_or_else(|| "key".to_owned()),
        closure,
    })
}

/// Whether the closure's body is a field of its own argument: `|t| t.id`.
fn reads_argument(closure: &ExprClosure) -> bool {
    let Some(argument) = closure.inputs.first().map(|pat| match pat {
        Pat::Type(typed) => &*typed.pat,
        other => other,
    }) else {
        return false;
    };
    let (Pat::Ident(argument), Expr::Field(access)) = (argument, &*closure.body) else {
        return false;
    };
    matches!(&*access.base, Expr::Path(path) if path.path.is_ident(&argument.ident))
}

/// `T` for a type `Name<T>` (by the last segment of its path: `Vec<T>` or
/// `std::vec::Vec<T>`).
fn sole_argument<'a>(ty: &'a Type, name: &str) -> Option<&'a Type> {
    let Type::Path(path) = ty else { return None };
    let last = path.path.segments.last()?;
    if last.ident != name {
        return None;
    }
    let PathArguments::AngleBracketed(arguments) = &last.arguments else {
        return None;
    };
    match arguments.args.first()? {
        GenericArgument::Type(item) if arguments.args.len() == 1 => Some(item),
        _ => None,
    }
}
