//! A small builder for dynamic SQL with `$n` placeholders, which both engines accept through the
//! `Any` driver (sqlx's own QueryBuilder writes `?` for `Any`, which PostgreSQL rejects).

use sqlx::any::AnyArguments;
use sqlx::{Any, Arguments, Encode, Type};

#[derive(Default)]
pub struct Sql {
    text: String,
    args: AnyArguments,
    count: usize,
    /// Write `?` instead of `$n`: SQLite looks numbered parameters up by name in a list, once
    /// per parameter, which costs the square of their number; a bulk insert has thousands.
    anonymous: bool,
}

impl Sql {
    pub fn new(text: &str) -> Sql {
        Sql {
            text: text.to_string(),
            ..Default::default()
        }
    }

    /// A statement with many parameters (bulk inserts), all written through [`Sql::bind`]:
    /// `?` on SQLite, `$n` on PostgreSQL (which has no `?`).
    pub fn many(engine: super::Engine, text: &str) -> Sql {
        Sql {
            text: text.to_string(),
            anonymous: engine == super::Engine::Sqlite,
            ..Default::default()
        }
    }

    pub fn push(&mut self, text: &str) -> &mut Self {
        self.text.push_str(text);
        self
    }

    /// Appends a placeholder bound to `value`.
    pub fn bind<T>(&mut self, value: T) -> &mut Self
    where
        T: for<'q> Encode<'q, Any> + Type<Any> + 'static,
    {
        self.count += 1;
        if self.anonymous {
            self.text.push('?');
        } else {
            self.text.push('$');
            self.text.push_str(&self.count.to_string());
        }
        // Encoding into the in-memory argument buffer cannot fail for the plain types we use.
        let _ = self.args.add(value);
        self
    }

    /// `IN ($a, $b, …)` over `values`; an empty list matches nothing.
    pub fn bind_in(&mut self, values: &[i64]) -> &mut Self {
        if values.is_empty() {
            self.text.push_str("(NULL)");
            return self;
        }
        self.text.push('(');
        for (i, v) in values.iter().enumerate() {
            if i > 0 {
                self.text.push_str(", ");
            }
            self.bind(*v);
        }
        self.text.push(')');
        self
    }

    pub fn into_parts(self) -> (String, AnyArguments) {
        (self.text, self.args)
    }
}
