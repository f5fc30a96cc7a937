//! The configuration's text form: a short, versioned query string such as
//! `v=1&target=parity(4)&d=100&lr=0.05`.
//!
//! `v` comes first and names the format's version; the other fields follow
//! in [`FIELDS`] order, each written only when it differs from the default,
//! so the string is short and a link made today means the same run later
//! (a version's defaults never change). Values are percent-encoded where
//! they must be (`+`, `&`, `=`, `#`, `%`, spaces, non-ASCII). Reading
//! takes a `+` as itself, a plus: a person types `target=x1 + x1x2` and means
//! a sum (HTML forms write a space as `+`, but nothing that writes these
//! strings, here or in the page, does: spaces are always `%20`). Reading
//! rejects unknown and repeated fields, and every value outside its range,
//! naming the field.

use super::fields::{spec, FIELDS};
use super::{Config, ConfigError, Setup};

/// The version of the query-string format this build writes and reads.
pub const QUERY_VERSION: u32 = 1;

/// Longest query string accepted, in bytes.
const MAX_QUERY_LEN: usize = 16_384;

impl Config {
    /// The canonical query string: `v=1` and every field that differs from
    /// [`Config::default`], in [`FIELDS`] order.
    pub fn to_query(&self) -> String {
        let changes = self.differences(&Config::default(), &[]);
        if changes.is_empty() {
            format!("v={QUERY_VERSION}")
        } else {
            format!("v={QUERY_VERSION}&{changes}")
        }
    }

    /// The fields where this configuration differs from `base`, as a query
    /// fragment `name=value&…` in [`FIELDS`] order, leaving out `skip`.
    pub fn differences(&self, base: &Config, skip: &[&str]) -> String {
        let mut parts = Vec::new();
        for field in FIELDS.iter().filter(|f| !skip.contains(&f.name)) {
            let text = self.field_text(field.name);
            if text != base.field_text(field.name) {
                parts.push(format!("{}={}", field.name, encode_component(&text)));
            }
        }
        parts.join("&")
    }

    /// Reads a query string (a leading `?` is ignored), starting from the
    /// defaults, and validates the result. A missing `v` means the current
    /// version.
    pub fn from_query(query: &str) -> Result<Config, ConfigError> {
        Config::default().with_query(query)
    }

    /// Reads a configuration query as a person gives it (the command line,
    /// a sweep spec): like [`Config::from_query`], but the query must carry
    /// its version, `v=1`, so that it keeps its meaning when the defaults of
    /// a later version differ. (The page's own calls pass fragments of
    /// queries it built, and read links leniently, without this rule.)
    pub fn from_versioned_query(query: &str) -> Result<Config, ConfigError> {
        Setup::from_versioned_query(query).map(Setup::into_config)
    }

    /// Reads a query string field by field as [`Config::from_query`] does
    /// (each value within its field's range; an unknown or repeated field
    /// and another version refused, naming the field), without validating
    /// the whole: the target is not parsed, nor are the fields' relations
    /// checked. For a query that was validated when it was made, such as
    /// the page's canonical ones, read only to be merged or written again.
    pub fn read_fields(query: &str) -> Result<Config, ConfigError> {
        Config::default().apply_pairs(&query_pairs(query)?)
    }

    /// This configuration with the fields of `query` replaced (the others
    /// kept), validated: how a run's own changes apply on top of a shared
    /// base.
    pub fn with_query(&self, query: &str) -> Result<Config, ConfigError> {
        self.with_pairs(&query_pairs(query)?)
    }

    /// This configuration with the decoded `(field, value)` pairs applied
    /// (see [`query_pairs`]), validated; the first bad field is an error.
    pub fn with_pairs(&self, pairs: &[(String, String)]) -> Result<Config, ConfigError> {
        Setup::from_pairs(self, pairs).map(Setup::into_config)
    }

    /// This configuration with the decoded pairs applied, each field
    /// checked against its range (not yet the relations between fields:
    /// see [`Setup::from_pairs`]).
    pub(super) fn apply_pairs(&self, pairs: &[(String, String)]) -> Result<Config, ConfigError> {
        let mut config = self.clone();
        let mut seen = SeenKeys::new("field");
        for (key, value) in pairs {
            seen.check(key, value)?;
            config.apply_pair(key, value)?;
        }
        Ok(config)
    }

    /// Like [`Config::with_pairs`], but a bad value keeps this
    /// configuration's value for its field instead of failing: what a link
    /// from elsewhere gets, since most of it may still be good. Returns the
    /// result and one error per field that was ignored, saying why.
    pub fn with_pairs_lenient(&self, pairs: &[(String, String)]) -> (Config, Vec<ConfigError>) {
        let mut config = self.clone();
        let mut ignored = Vec::new();
        for (key, value) in pairs {
            if let Err(e) = config.apply_pair(key, value) {
                ignored.push(e);
            }
        }
        // a value can be fine alone and wrong with the others (a variable
        // beyond d, say): put back the named field until the whole is valid
        for _ in 0..=FIELDS.len() {
            match config.validate() {
                Ok(_) => return (config, ignored),
                Err(e) => {
                    match spec(&e.field) {
                        // putting the field back changes nothing: the
                        // conflict is with the others, so start over
                        Some(field)
                            if config.field_text(field.name) == self.field_text(field.name) =>
                        {
                            ignored.push(e);
                            return (self.clone(), ignored);
                        }
                        Some(field) => {
                            let text = self.field_text(field.name);
                            config
                                .set_field(field, &text)
                                .expect("a valid config's own text reads back");
                        }
                        None => config = self.clone(),
                    }
                    ignored.push(e);
                }
            }
        }
        (self.clone(), ignored)
    }

    /// Sets one field from a decoded pair; `v` checks the version.
    fn apply_pair(&mut self, key: &str, value: &str) -> Result<(), ConfigError> {
        if key == "v" {
            return check_version(value);
        }
        let field = spec(key).ok_or_else(|| {
            let names: Vec<&str> = FIELDS.iter().map(|f| f.name).collect();
            ConfigError::new(
                &short(key),
                format!("is not a field; the fields are v, {}", names.join(", ")),
            )
        })?;
        self.set_field(field, value)
    }
}

/// How many characters of a value [`short`] keeps.
const SHORT_CHARS: usize = 40;

/// The keys of a query read so far, to refuse one given twice: the one
/// duplicate check of every query reader (a configuration's, a sweep
/// spec's, a page link's). `noun` names what a key is in the message
/// (`field`, `key`).
pub(crate) struct SeenKeys {
    noun: &'static str,
    seen: Vec<(String, String)>,
}

impl SeenKeys {
    /// No keys seen yet.
    pub(crate) fn new(noun: &'static str) -> Self {
        SeenKeys {
            noun,
            seen: Vec::new(),
        }
    }

    /// Records `key = value`, refusing a key already seen, naming it and
    /// both of its values.
    pub(crate) fn check(&mut self, key: &str, value: &str) -> Result<(), ConfigError> {
        if let Some((_, first)) = self.seen.iter().find(|(k, _)| k == key) {
            return Err(ConfigError::new(
                &short(key),
                format!(
                    "appears twice (\"{}\" and \"{}\"); give each {} once",
                    short(first),
                    short(value),
                    self.noun
                ),
            ));
        }
        self.seen.push((key.to_string(), value.to_string()));
        Ok(())
    }
}

/// Checks the value of `v`: the version this build reads.
pub(crate) fn check_version(value: &str) -> Result<(), ConfigError> {
    if value == QUERY_VERSION.to_string() {
        Ok(())
    } else {
        Err(ConfigError::new(
            "v",
            format!(
                "version \"{}\" is not known; this build reads v={QUERY_VERSION}",
                short(value)
            ),
        ))
    }
}

/// Refuses decoded pairs that do not give the version `v`: what a whole
/// query from a person (not a fragment) must do.
pub fn require_version(pairs: &[(String, String)]) -> Result<(), ConfigError> {
    if pairs.iter().any(|(k, _)| k == "v") {
        Ok(())
    } else {
        Err(ConfigError::new(
            "v",
            format!(
                "missing; a query starts with v={QUERY_VERSION}, the version of its format \
                 (e.g. v={QUERY_VERSION}&target=parity(4)&d=100)"
            ),
        ))
    }
}

/// At most 40 characters of `text`, so a hostile value cannot flood a
/// message, with every control character (escape, NUL, newline, …) written
/// as an escape such as `\u{1b}`, so that none reaches a terminal.
pub(crate) fn short(text: &str) -> String {
    text.chars().take(SHORT_CHARS).map(escape_control).collect()
}

/// [`short`], with `…` after it when `text` was longer: a value quoted in
/// a message, cut so that the reader sees it was cut.
pub(crate) fn clipped(text: &str) -> String {
    let head = short(text);
    if text.chars().count() > SHORT_CHARS {
        format!("{head}…")
    } else {
        head
    }
}

/// `c` itself, or its escape `\u{…}` if it is a control character.
pub(crate) fn escape_control(c: char) -> String {
    if c.is_control() {
        c.escape_unicode().to_string()
    } else {
        c.to_string()
    }
}

/// Splits a query string (a leading `?` ignored) into decoded
/// `(key, value)` pairs, in order; empty pieces are skipped. The first piece
/// that does not decode is an error.
pub fn query_pairs(query: &str) -> Result<Vec<(String, String)>, ConfigError> {
    query_pieces(query).into_iter().collect()
}

/// Like [`query_pairs`], but each piece decoded on its own, so one bad
/// piece does not spoil the rest (for lenient reading of links).
pub fn query_pieces(query: &str) -> Vec<Result<(String, String), ConfigError>> {
    if query.len() > MAX_QUERY_LEN {
        return vec![Err(ConfigError::new(
            "query",
            format!(
                "{} bytes is too long; at most {MAX_QUERY_LEN} are read",
                query.len()
            ),
        ))];
    }
    let query = query.strip_prefix('?').unwrap_or(query);
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (raw_key, raw_value) = pair.split_once('=').unwrap_or((pair, ""));
            let key = decode_component(raw_key).map_err(|m| ConfigError::new("query", m))?;
            if key.is_empty() {
                return Err(ConfigError::new(
                    "query",
                    format!("a value without a field name: \"{}\"", short(pair)),
                ));
            }
            let value =
                decode_component(raw_value).map_err(|m| ConfigError::new(&short(&key), m))?;
            Ok((key, value))
        })
        .collect()
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

/// Decodes `%XX` escapes; the bytes must form UTF-8. A `+` stays a `+`
/// (it is not form encoding's space: a typed `x1 + x1x2` is a sum).
pub fn decode_component(text: &str) -> Result<String, String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
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
