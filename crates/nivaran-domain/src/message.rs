//! A sentence for a person, said in their language only when it is shown. The domain and the
//! store name what went wrong (a Fluent message id and its arguments); the presentation layer
//! (`present::i18n` in the `nivaran` crate) looks the id up in `locales/{en,hi}/errors*.ftl`.
//! One localisation system for the pages, the JSON API and Open311, and no sentence written in
//! code.

use std::fmt;

/// A Fluent message id and its named arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    id: &'static str,
    args: Vec<(&'static str, MessageArg)>,
}

/// One argument of a [`Message`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MessageArg {
    /// Text said as it is (a value the person typed, a registration number).
    Text(String),
    /// A number: Fluent chooses plural forms by it.
    Number(i64),
    /// A name kept in both languages in code or data (a status, an action, an office).
    Label { en: String, hi: String },
    /// A form or API field: said by its name on screen (`field-<name>` in the files), or as
    /// it is where the files have no name for it.
    Field(String),
    /// Another message, said in the same language (a row's own error inside "file, line N: …").
    Nested(Box<Message>),
}

impl Message {
    pub fn new(id: &'static str) -> Self {
        Message {
            id,
            args: Vec::new(),
        }
    }

    /// The message with one more argument.
    pub fn arg(mut self, name: &'static str, value: impl Into<MessageArg>) -> Self {
        self.args.push((name, value.into()));
        self
    }

    /// The message with a field's name as an argument (see [`MessageArg::Field`]).
    pub fn field(self, name: &'static str, field: impl Into<String>) -> Self {
        self.arg(name, MessageArg::Field(field.into()))
    }

    /// The message with its `field` argument set to `field` (replaced, or added).
    pub fn with_field_arg(mut self, field: impl Into<String>) -> Self {
        self.args.retain(|(name, _)| *name != "field");
        self.field("field", field)
    }

    /// The message with its field argument said as written (a key of a file, which a person
    /// looks for there), not by its name on screen.
    pub fn field_as_written(mut self) -> Self {
        for (_, value) in self.args.iter_mut() {
            if let MessageArg::Field(field) = value {
                *value = MessageArg::Text(std::mem::take(field));
            }
        }
        self
    }

    /// The message with a bilingual name as an argument (see [`MessageArg::Label`]).
    pub fn label(self, name: &'static str, en: impl Into<String>, hi: impl Into<String>) -> Self {
        self.arg(
            name,
            MessageArg::Label {
                en: en.into(),
                hi: hi.into(),
            },
        )
    }

    /// The message with another message inside it as an argument.
    pub fn nested(self, name: &'static str, message: Message) -> Self {
        self.arg(name, MessageArg::Nested(Box::new(message)))
    }

    pub fn id(&self) -> &'static str {
        self.id
    }

    pub fn args(&self) -> &[(&'static str, MessageArg)] {
        &self.args
    }
}

/// `msg!("error-id", name = value, …)`: a [`Message`] whose arguments are texts or numbers
/// (anything `Into<MessageArg>`); add fields and labels with [`Message::field`] and
/// [`Message::label`].
#[macro_export]
macro_rules! msg {
    ($id:literal $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::message::Message::new($id)
            $(.arg(stringify!($name), $crate::message::MessageArg::from($value)))*
    };
}

/// The language-neutral form, for logs: `error-too-long(field=subject, max=200)`.
impl fmt::Display for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id)?;
        if self.args.is_empty() {
            return Ok(());
        }
        f.write_str("(")?;
        for (i, (name, value)) in self.args.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{name}=")?;
            match value {
                MessageArg::Text(t) | MessageArg::Field(t) => f.write_str(t)?,
                MessageArg::Number(n) => write!(f, "{n}")?,
                MessageArg::Label { en, .. } => f.write_str(en)?,
                MessageArg::Nested(message) => write!(f, "{message}")?,
            }
        }
        f.write_str(")")
    }
}

impl From<&str> for MessageArg {
    fn from(value: &str) -> Self {
        MessageArg::Text(value.to_string())
    }
}

impl From<String> for MessageArg {
    fn from(value: String) -> Self {
        MessageArg::Text(value)
    }
}

impl From<&String> for MessageArg {
    fn from(value: &String) -> Self {
        MessageArg::Text(value.clone())
    }
}

macro_rules! number_args {
    ($($t:ty),*) => {
        $(impl From<$t> for MessageArg {
            fn from(value: $t) -> Self {
                MessageArg::Number(i64::try_from(value).unwrap_or(i64::MAX))
            }
        })*
    };
}

number_args!(i64, i32, u8, u16, u32, u64, usize);

impl From<crate::ErrorCode> for Message {
    /// The code's own general message (`error-<code>`).
    fn from(code: crate::ErrorCode) -> Self {
        Message::new(code.message_id())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments_keep_their_kind_and_order() {
        let m = msg!("error-too-long", max = 200usize, value = "abc").field("field", "subject");
        assert_eq!(m.id(), "error-too-long");
        assert_eq!(
            m.args(),
            &[
                ("max", MessageArg::Number(200)),
                ("value", MessageArg::Text("abc".into())),
                ("field", MessageArg::Field("subject".into())),
            ]
        );
        assert_eq!(
            m.to_string(),
            "error-too-long(max=200, value=abc, field=subject)"
        );
    }
}
