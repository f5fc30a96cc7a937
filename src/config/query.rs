//! The configuration's text form: a short, versioned query string such as
//! `v=1&target=parity(4)&d=100&lr=0.05`.
//!
//! `v` comes first and names the format's version; the other fields follow
//! in [`FIELDS`] order, each written only when it differs from the default,
//! so the string is short and a link made today means the same run later
//! (a version's defaults never change). Values are percent-encoded where
//! they must be (`+`, `&`, `=`, `#`, `%`, spaces, non-ASCII); reading also
//! takes `+` as a space, as HTML forms write it. Reading rejects unknown
//! and repeated fields, and every value outside its range, naming the field.

use super::fields::{spec, FIELDS};
use super::{Config, ConfigError};

/// The version of the query-string format this build writes and reads.
pub const QUERY_VERSION: u32 = 1;

/// Longest query string accepted, in bytes.
const MAX_QUERY_LEN: usize = 16_384;

impl Config {
    /// The canonical query string: `v=1` and every field that differs from
    /// [`Config::default`], in [`FIELDS`] order.
    pub fn to_query(&self) -> String {
        let defaults = Config::default();
        let mut out = format!("v={QUERY_VERSION}");
        for field in FIELDS {
            let text = self.field_text(field.name);
            if text != defaults.field_text(field.name) {
                out.push('&');
                out.push_str(field.name);
                out.push('=');
                out.push_str(&encode_component(&text));
            }
        }
        out
    }

    /// Reads a query string (a leading `?` is ignored), starting from the
    /// defaults, and validates the result. A missing `v` means the current
    /// version.
    pub fn from_query(query: &str) -> Result<Config, ConfigError> {
        Config::default().with_query(query)
    }

    /// This configuration with the fields of `query` replaced (the others
    /// kept), validated: how a run's own changes apply on top of a shared
    /// base.
    pub fn with_query(&self, query: &str) -> Result<Config, ConfigError> {
        if query.len() > MAX_QUERY_LEN {
            return Err(ConfigError::new(
                "query",
                format!(
                    "{} bytes is too long; at most {MAX_QUERY_LEN} are read",
                    query.len()
                ),
            ));
        }
        let query = query.strip_prefix('?').unwrap_or(query);
        let mut config = self.clone();
        let mut seen: Vec<String> = Vec::new();
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (raw_key, raw_value) = pair.split_once('=').unwrap_or((pair, ""));
            let key = decode_component(raw_key).map_err(|m| ConfigError::new("query", m))?;
            if key.is_empty() {
                return Err(ConfigError::new(
                    "query",
                    format!(
                        "a value without a field name: \"{}\"",
                        pair.chars().take(40).collect::<String>()
                    ),
                ));
            }
            let value = decode_component(raw_value).map_err(|m| ConfigError::new(&key, m))?;
            if seen.contains(&key) {
                return Err(ConfigError::new(
                    &key,
                    "appears twice; give each field once",
                ));
            }
            seen.push(key.clone());
            if key == "v" {
                if value != QUERY_VERSION.to_string() {
                    return Err(ConfigError::new(
                        "v",
                        format!(
                            "version \"{value}\" is not known; this build reads v={QUERY_VERSION}"
                        ),
                    ));
                }
                continue;
            }
            let field = spec(&key).ok_or_else(|| {
                let names: Vec<&str> = FIELDS.iter().map(|f| f.name).collect();
                ConfigError::new(
                    &key.chars().take(40).collect::<String>(),
                    format!("is not a field; the fields are v, {}", names.join(", ")),
                )
            })?;
            config.set_field(field, &value)?;
        }
        config.validate()?;
        Ok(config)
    }
}

/// Percent-encodes the bytes that would change a query string's meaning or
/// are not plain printable ASCII; letters, digits and `-_.~()*,!/:'` stay.
pub fn encode_component(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~()*,!/:'".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Decodes `%XX` escapes and `+` (a space); the bytes must form UTF-8.
pub fn decode_component(text: &str) -> Result<String, String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = bytes
                    .get(i + 1..i + 3)
                    .filter(|h| h.iter().all(u8::is_ascii_hexdigit))
                    .and_then(|h| std::str::from_utf8(h).ok())
                    .and_then(|h| u8::from_str_radix(h, 16).ok())
                    .ok_or_else(|| format!("bad percent-escape at byte {i}: '%' must be followed by two hex digits"))?;
                out.push(hex);
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).map_err(|_| "percent-escapes do not form valid UTF-8 text".to_string())
}
