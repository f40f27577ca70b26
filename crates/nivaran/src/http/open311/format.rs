//! One answer, two formats. Each Open311 answer is built once as a tree and written as XML or
//! JSON from it, so the two can never say different things. The JSON follows the
//! specification's mapping of its XML: the root element is dropped, a list of repeated
//! elements becomes an array, an empty element becomes `null`.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Xml,
    Json,
}

impl Format {
    /// Splits `requests.json` into `requests` and its format; `None` for any other suffix.
    pub fn split(file: &str) -> Option<(&str, Format)> {
        if let Some(stem) = file.strip_suffix(".xml") {
            Some((stem, Format::Xml))
        } else {
            file.strip_suffix(".json").map(|stem| (stem, Format::Json))
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    Text(String),
    Bool(bool),
    Integer(i64),
    Number(f64),
    Null,
    /// Named children, in order.
    Object(Vec<(&'static str, Node)>),
    /// Repeated elements with this name (an array in JSON).
    List(&'static str, Vec<Node>),
}

impl Node {
    pub fn text(s: impl Into<String>) -> Node {
        Node::Text(s.into())
    }

    pub fn opt(s: Option<String>) -> Node {
        s.map(Node::Text).unwrap_or(Node::Null)
    }

    /// JSON with the fields in the specification's order (a JSON map would sort them).
    fn write_json(&self, out: &mut String) {
        let string = |s: &str| serde_json::Value::String(s.to_string()).to_string();
        match self {
            Node::Text(s) => out.push_str(&string(s)),
            Node::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Node::Integer(n) => out.push_str(&n.to_string()),
            Node::Number(n) => match serde_json::Number::from_f64(*n) {
                Some(n) => out.push_str(&n.to_string()),
                None => out.push_str("null"),
            },
            Node::Null => out.push_str("null"),
            Node::Object(fields) => {
                out.push('{');
                for (i, (k, v)) in fields.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    out.push_str(&string(k));
                    out.push(':');
                    v.write_json(out);
                }
                out.push('}');
            }
            Node::List(_, items) => {
                out.push('[');
                for (i, v) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    v.write_json(out);
                }
                out.push(']');
            }
        }
    }

    fn write_xml(&self, name: &str, out: &mut String) {
        match self {
            Node::Null => {
                out.push('<');
                out.push_str(name);
                out.push_str("/>");
            }
            Node::Text(_) | Node::Bool(_) | Node::Integer(_) | Node::Number(_) => {
                let text = match self {
                    Node::Text(s) => s.clone(),
                    Node::Bool(b) => b.to_string(),
                    Node::Integer(n) => n.to_string(),
                    Node::Number(n) => n.to_string(),
                    _ => String::new(),
                };
                out.push('<');
                out.push_str(name);
                out.push('>');
                escape_into(&text, out);
                out.push_str("</");
                out.push_str(name);
                out.push('>');
            }
            Node::Object(fields) => {
                out.push('<');
                out.push_str(name);
                out.push('>');
                for (k, v) in fields {
                    v.write_xml(k, out);
                }
                out.push_str("</");
                out.push_str(name);
                out.push('>');
            }
            Node::List(item, items) => {
                out.push('<');
                out.push_str(name);
                out.push('>');
                for v in items {
                    v.write_xml(item, out);
                }
                out.push_str("</");
                out.push_str(name);
                out.push('>');
            }
        }
    }
}

/// XML text: markup escaped, and the characters XML 1.0 cannot carry at all left out.
fn escape_into(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
}

/// A document: its root element's name and its content.
pub struct Document {
    pub status: StatusCode,
    pub root: &'static str,
    pub body: Node,
    pub format: Format,
}

impl Document {
    pub fn ok(format: Format, root: &'static str, body: Node) -> Document {
        Document {
            status: StatusCode::OK,
            root,
            body,
            format,
        }
    }

    pub fn render(&self) -> (String, &'static str) {
        match self.format {
            Format::Json => {
                let mut out = String::new();
                self.body.write_json(&mut out);
                (out, "application/json; charset=utf-8")
            }
            Format::Xml => {
                let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
                self.body.write_xml(self.root, &mut out);
                out.push('\n');
                (out, "text/xml; charset=utf-8")
            }
        }
    }
}

impl IntoResponse for Document {
    fn into_response(self) -> Response {
        let (body, content_type) = self.render();
        let mut response = (self.status, body).into_response();
        response
            .headers_mut()
            .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
        // Other sites' pages may read the open data (the specification's clients are often
        // browser apps); nothing here depends on a cookie.
        response.headers_mut().insert(
            header::ACCESS_CONTROL_ALLOW_ORIGIN,
            HeaderValue::from_static("*"),
        );
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn services() -> Node {
        Node::List(
            "service",
            vec![Node::Object(vec![
                ("service_code", Node::text("PHED-WATER")),
                ("metadata", Node::Bool(true)),
                ("keywords", Node::Null),
            ])],
        )
    }

    #[test]
    fn a_list_is_an_array_in_json_and_repeated_elements_in_xml() {
        let json = Document::ok(Format::Json, "services", services())
            .render()
            .0;
        assert_eq!(
            json,
            r#"[{"service_code":"PHED-WATER","metadata":true,"keywords":null}]"#
        );
        let xml = Document::ok(Format::Xml, "services", services()).render().0;
        assert_eq!(
            xml,
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<services><service>\
             <service_code>PHED-WATER</service_code><metadata>true</metadata><keywords/>\
             </service></services>\n"
        );
    }

    #[test]
    fn text_is_escaped_and_characters_xml_cannot_hold_are_dropped() {
        let mut out = String::new();
        Node::text("a<b & \"c\" \u{1}पानी").write_xml("d", &mut out);
        assert_eq!(out, "<d>a&lt;b &amp; &quot;c&quot; पानी</d>");
    }
}
