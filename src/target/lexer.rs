//! Splits target text into tokens: numbers, variables `x1 … xd`, names,
//! operators and brackets, each with its position in characters.

use super::error::TargetError;

/// The kind of a token.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Tok {
    /// A finite number such as `2`, `0.5`, `.5` or `1e-3`.
    Num(f64),
    /// A variable, as its 0-based index (`x1` is 0).
    Var(u32),
    /// A function name such as `sqrt` or `parity`.
    Name(String),
    Plus,
    Minus,
    Star,
    Slash,
    LParen,
    RParen,
    Comma,
    /// The end of the text.
    End,
}

/// One token, its text and the 0-based character index where it starts.
#[derive(Clone, Debug)]
pub(crate) struct Token {
    pub tok: Tok,
    pub text: String,
    pub start: usize,
}

impl Token {
    /// How the token reads in an error message: `'+'`, or `the end of the
    /// text`.
    pub fn describe(&self) -> String {
        match self.tok {
            Tok::End => "the end of the text".to_string(),
            _ => format!("'{}'", self.text),
        }
    }
}

/// The variables that exist, for error messages: `x1 … x30`.
pub(crate) fn variable_range(d: usize) -> String {
    match d {
        0 => "there are none, d = 0".to_string(),
        1 => "the only variable is x1".to_string(),
        _ => format!("variables are x1 … x{d}"),
    }
}

/// The tokens of `text`, ending with [`Tok::End`]. Variables are checked
/// against `d` here, so that the error points at the variable.
pub(crate) fn lex(text: &str, d: usize) -> Result<Vec<Token>, TargetError> {
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let start = i;
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let simple = match c {
            '+' => Some(Tok::Plus),
            '-' => Some(Tok::Minus),
            '*' => Some(Tok::Star),
            '/' => Some(Tok::Slash),
            '(' => Some(Tok::LParen),
            ')' => Some(Tok::RParen),
            ',' => Some(Tok::Comma),
            _ => None,
        };
        let tok = if let Some(tok) = simple {
            i += 1;
            tok
        } else if c.is_ascii_digit() || c == '.' {
            i = number_end(&chars, i);
            let s: String = chars[start..i].iter().collect();
            number(&s, start)?
        } else if c == 'x' && chars.get(i + 1).is_some_and(char::is_ascii_digit) {
            i += 1;
            while chars.get(i).is_some_and(char::is_ascii_digit) {
                i += 1;
            }
            let digits: String = chars[start + 1..i].iter().collect();
            Tok::Var(variable(&digits, d, start)?)
        } else if c.is_ascii_alphabetic() || c == '_' {
            while chars
                .get(i)
                .is_some_and(|c| c.is_ascii_alphanumeric() || *c == '_')
            {
                i += 1;
            }
            Tok::Name(chars[start..i].iter().collect())
        } else {
            return Err(TargetError::at(
                start,
                format!(
                    "unexpected character '{}' (a target uses numbers, x1 … xd, \
                     + - * / ( ) and function names)",
                    crate::config::escape_control(c)
                ),
            ));
        };
        tokens.push(Token {
            tok,
            text: chars[start..i].iter().collect(),
            start,
        });
    }
    tokens.push(Token {
        tok: Tok::End,
        text: String::new(),
        start: chars.len(),
    });
    Ok(tokens)
}

/// The index just past the number starting at `i`: digits, an optional
/// fraction, and an exponent `e±digits` only when digits follow the `e`
/// (so `2ex` is `2` followed by the name `ex`).
fn number_end(chars: &[char], mut i: usize) -> usize {
    let digits = |i: &mut usize| {
        while chars.get(*i).is_some_and(char::is_ascii_digit) {
            *i += 1;
        }
    };
    digits(&mut i);
    if chars.get(i) == Some(&'.') {
        i += 1;
        digits(&mut i);
    }
    if matches!(chars.get(i), Some('e' | 'E')) {
        let mut j = i + 1;
        if matches!(chars.get(j), Some('+' | '-')) {
            j += 1;
        }
        if chars.get(j).is_some_and(char::is_ascii_digit) {
            i = j;
            digits(&mut i);
        }
    }
    i
}

fn number(s: &str, start: usize) -> Result<Tok, TargetError> {
    let mantissa = s.split(['e', 'E']).next().unwrap_or(s);
    match s.parse::<f64>() {
        Ok(v) if v == 0.0 && mantissa.bytes().any(|b| (b'1'..=b'9').contains(&b)) => {
            Err(TargetError::at(
                start,
                format!(
                    "the number {s} is too small: it is not 0 but rounds to 0 \
                     (the smallest number is about 5e-324)"
                ),
            ))
        }
        Ok(v) if v.is_finite() => Ok(Tok::Num(v)),
        Ok(_) => Err(TargetError::at(
            start,
            format!("the number {s} is too large (it is not a finite number)"),
        )),
        Err(_) => Err(TargetError::at(start, format!("'{s}' is not a number"))),
    }
}

/// The 0-based index of the variable `x<digits>`, if `1 ≤ digits ≤ d`.
fn variable(digits: &str, d: usize, start: usize) -> Result<u32, TargetError> {
    let n = digits.parse::<u64>().unwrap_or(u64::MAX);
    if n == 0 {
        return Err(TargetError::at(
            start,
            format!(
                "x{digits} is not a variable: variables are numbered from x1 ({})",
                variable_range(d)
            ),
        ));
    }
    match u32::try_from(n - 1) {
        Ok(i) if (n as u128) <= d as u128 => Ok(i),
        _ => Err(TargetError::at(
            start,
            format!("x{digits} is beyond d = {d} ({})", variable_range(d)),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(s: &str) -> Vec<Tok> {
        lex(s, 10).unwrap().into_iter().map(|t| t.tok).collect()
    }

    #[test]
    fn splits_juxtaposed_variables_and_numbers() {
        assert_eq!(
            kinds("2x1x10 .5e1"),
            [
                Tok::Num(2.0),
                Tok::Var(0),
                Tok::Var(9),
                Tok::Num(5.0),
                Tok::End
            ]
        );
        assert_eq!(kinds("1e-3x2"), [Tok::Num(1e-3), Tok::Var(1), Tok::End]);
        assert_eq!(
            kinds("2ex"),
            [Tok::Num(2.0), Tok::Name("ex".into()), Tok::End]
        );
    }

    #[test]
    fn positions_count_characters_not_bytes() {
        let e = lex("√x1", 3).unwrap_err();
        assert_eq!(e.position, Some(0));
        let e = lex("x1 ² ", 3).unwrap_err();
        assert_eq!(e.position, Some(3));
        assert!(e.message.contains("unexpected character '²'"));
    }

    #[test]
    fn huge_variable_numbers_are_beyond_d() {
        let e = lex("x99999999999999999999999", 5).unwrap_err();
        assert_eq!(
            e.message,
            "x99999999999999999999999 is beyond d = 5 (variables are x1 … x5)"
        );
    }
}
