//! The target expression parser: text such as `x1 + 0.5*x1x2`,
//! `(x1 + x1x2)/sqrt(2)` or `parity(3) + 0.5*x9` to a [`Polynomial`].

use super::error::TargetError;
use super::expand::{brief, constant, sum, Budget, Product};
use super::lexer::{lex, Tok, Token};
use super::monomial::Monomial;
use super::polynomial::{Polynomial, Term};
use crate::data::Domain;

mod calls;

#[cfg(test)]
thread_local! {
    /// Targets parsed on this thread (test builds only): what
    /// [`parse_count`] reads.
    static PARSES: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// How many targets [`parse_target_on`] has parsed on this thread (test
/// builds only), for tests that a set-up parses its target once.
#[cfg(test)]
pub(crate) fn parse_count() -> usize {
    PARSES.with(|n| n.get())
}

/// Longest accepted target text, in characters.
pub const MAX_INPUT_CHARS: usize = 100_000;

/// Deepest nesting of parentheses and function calls.
pub const MAX_DEPTH: usize = 64;

/// Parses target text over `d` variables on the hypercube into a
/// canonical [`Polynomial`]: [`parse_target_on`] with [`Domain::Cube`].
pub fn parse_target(text: &str, d: usize) -> Result<Polynomial, TargetError> {
    parse_target_on(text, d, Domain::Cube)
}

/// Parses target text over `d` variables on `domain` into a canonical
/// [`Polynomial`].
///
/// Grammar (whitespace is free between tokens, except between juxtaposed
/// factors):
///
/// ```text
/// sum     = product (('+' | '-') product)*
/// product = factor (('*' | '/' | juxtaposition) factor)*
/// factor  = '-'* atom
/// atom    = number | variable | '(' sum ')' | 'sqrt' '(' sum ')'
///         | family '(' whole (',' whole)* ')' | 'he' whole '(' variable ')'
/// ```
///
/// Numbers are `2`, `0.5`, `.5`, `1e-3`; variables `x1 … xd` (1-based).
/// Juxtaposition multiplies when nothing separates the factors: `x1x2`,
/// `2x1x4`, `2(x1 + x2)`; factors separated only by whitespace (`x1 x2`,
/// `2 x1`) are refused, since that is how a lost `+` looks (write `*` for
/// a product); a number cannot follow another factor without `*`. Division and `sqrt` take only
/// factors that evaluate to a constant (`/2`, `/sqrt(2)`, `/(1 + 1)`).
/// Families are `parity(k)`, `staircase(k)`, `majority(k)` and
/// `msp(k, m, seed)` (see [`Family`](super::Family)) and compose with everything else.
/// `heK(xi)` is the probabilists' Hermite polynomial `He_K(x_i)`
/// ([`hermite`](super::hermite), `E[He_K(z)²] = K!` under `N(0, 1)`),
/// `0 ≤ K ≤` [`MAX_HERMITE_DEGREE`](super::MAX_HERMITE_DEGREE).
///
/// How products multiply out depends on the domain. On the hypercube
/// `x_i² = 1`, so `x1*x1` is `1`; Hermite terms of degree 2 or more are
/// refused there (`he2(x1) = x1² − 1` is 0 on the hypercube), and so is
/// nothing else. On continuous inputs (Gaussian, sphere) products are of
/// real numbers, kept in the Hermite basis by the linearisation
/// `He_m·He_n = Σ_r C(m,r)·C(n,r)·r!·He_{m+n−2r}`: `x1*x1` is
/// `he2(x1) + 1`, `x1*he2(x1)` is `he3(x1) + 2*x1`; `majority(k)` is
/// refused there (its expansion equals `sign(x1 + … + xk)` only on the
/// hypercube). Repeated monomials merge. The
/// [`Display`](std::fmt::Display) text of any polynomial over `d`
/// variables parses back to the same polynomial on its domain, when it is
/// at most [`MAX_INPUT_CHARS`] long.
///
/// Errors name the place and what was expected. Hostile input is bounded:
/// at most [`MAX_INPUT_CHARS`] characters, [`MAX_DEPTH`] nested
/// parentheses or calls, [`MAX_TERMS`](super::MAX_TERMS) terms in any
/// intermediate polynomial, and a total work budget; parsing never panics.
pub fn parse_target_on(text: &str, d: usize, domain: Domain) -> Result<Polynomial, TargetError> {
    #[cfg(test)]
    PARSES.with(|n| n.set(n.get() + 1));
    let len = text.chars().count();
    if len > MAX_INPUT_CHARS {
        return Err(TargetError::new(format!(
            "the target text is {len} characters long; the limit is {MAX_INPUT_CHARS}"
        )));
    }
    let tokens = lex(text, d)?;
    if tokens[0].tok == Tok::End {
        return Err(TargetError::at(
            0,
            "the target is empty; type a polynomial such as x1 + x1x2, \
             or a family such as parity(3)",
        ));
    }
    let mut parser = Parser {
        tokens,
        next: 0,
        d,
        domain,
        depth: 0,
        budget: Budget::default(),
    };
    let f = parser.sum()?;
    let end = parser.peek();
    match end.tok {
        Tok::End => Ok(f),
        Tok::RParen => Err(TargetError::at(end.start, "this ')' has no matching '('")),
        _ => Err(TargetError::at(
            end.start,
            format!(
                "expected '+', '-', '*', '/' or the end of the text but found {}",
                end.describe()
            ),
        )),
    }
}

struct Parser {
    tokens: Vec<Token>,
    next: usize,
    d: usize,
    domain: Domain,
    depth: usize,
    budget: Budget,
}

impl Parser {
    fn peek(&self) -> &Token {
        &self.tokens[self.next]
    }

    fn advance(&mut self) -> Token {
        let t = self.tokens[self.next].clone();
        if t.tok != Tok::End {
            self.next += 1;
        }
        t
    }

    fn expect(&mut self, tok: Tok, what: &str) -> Result<Token, TargetError> {
        let t = self.advance();
        if t.tok == tok {
            Ok(t)
        } else {
            Err(TargetError::at(
                t.start,
                format!("expected {what} but found {}", t.describe()),
            ))
        }
    }

    fn enter(&mut self, at: usize) -> Result<(), TargetError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            Err(TargetError::at(
                at,
                format!("parentheses and calls are nested more than {MAX_DEPTH} deep"),
            ))
        } else {
            Ok(())
        }
    }

    fn sum(&mut self) -> Result<Polynomial, TargetError> {
        let start = self.peek().start;
        let mut parts: Vec<(Polynomial, bool)> = Vec::new();
        let mut negate = false;
        loop {
            parts.push((self.product()?, negate));
            match self.peek().tok {
                Tok::Plus => negate = false,
                Tok::Minus => negate = true,
                _ => break,
            }
            self.advance();
        }
        sum(parts, &mut self.budget, start)
    }

    fn product(&mut self) -> Result<Polynomial, TargetError> {
        let mut p = Product::new(self.domain);
        let first = self.factor()?;
        p.absorb(first, self.peek().start)?;
        loop {
            let op = self.peek().clone();
            match op.tok {
                Tok::Star => {
                    self.advance();
                    let f = self.factor()?;
                    p.absorb(f, op.start)?;
                }
                Tok::Slash => {
                    self.advance();
                    let at = self.peek().start;
                    let f = self.factor()?;
                    match constant(&f) {
                        Some(0.0) => return Err(TargetError::at(at, "division by zero")),
                        Some(c) => p.divide(c, op.start)?,
                        None => {
                            return Err(TargetError::at(
                                at,
                                format!(
                                    "can only divide by a number, not by the polynomial {}",
                                    brief(&f)
                                ),
                            ))
                        }
                    }
                }
                Tok::Var(_) | Tok::Name(_) | Tok::LParen => {
                    self.check_touching(&op)?;
                    let f = self.factor()?;
                    p.absorb(f, op.start)?;
                }
                Tok::Num(_) => {
                    return Err(TargetError::at(
                        op.start,
                        format!(
                            "a number cannot follow here without an operator; \
                             write '*' before {} to multiply",
                            op.describe()
                        ),
                    ))
                }
                _ => break,
            }
        }
        let at = self.peek().start;
        p.expand(&mut self.budget, at)
    }

    /// Refuses a factor `next` that stands beside the one before it with
    /// only whitespace between them: `x1 x1x2x3` is most likely a sum
    /// whose `+` was lost (form encoding reads `+` as a space), so it is not
    /// read as a product. Side by side without a space (`x1x2`, `2x1`,
    /// `2(x1 + x2)`) multiplies.
    fn check_touching(&self, next: &Token) -> Result<(), TargetError> {
        let before = &self.tokens[self.next - 1];
        if before.start + before.text.chars().count() == next.start {
            return Ok(());
        }
        Err(TargetError::at(
            next.start,
            format!(
                "{} follows {} with only a space between them; write '*' between them \
                 for a product or '+' for a sum (side by side without a space, as in \
                 x1x2, they multiply)",
                next.describe(),
                before.describe()
            ),
        ))
    }

    fn factor(&mut self) -> Result<Polynomial, TargetError> {
        let mut negate = false;
        while self.peek().tok == Tok::Minus {
            self.advance();
            negate = !negate;
        }
        let f = self.atom()?;
        Ok(if negate { f.scaled(-1.0) } else { f })
    }

    fn atom(&mut self) -> Result<Polynomial, TargetError> {
        let t = self.advance();
        match t.tok {
            Tok::Num(c) => Ok(Polynomial::from_terms([Term {
                monomial: Monomial::default(),
                coeff: c,
            }])),
            Tok::Var(i) => Ok(Polynomial::from_terms([Term {
                monomial: Monomial::from_indices([i]),
                coeff: 1.0,
            }])),
            Tok::LParen => {
                self.enter(t.start)?;
                let f = self.sum()?;
                self.close(t.start)?;
                Ok(f)
            }
            Tok::Name(name) => self.call(&name, t.start),
            _ => Err(TargetError::at(
                t.start,
                format!(
                    "expected a variable, number or '(' but found {}",
                    t.describe()
                ),
            )),
        }
    }

    /// Consumes the `)` closing the `(` at `open`.
    fn close(&mut self, open: usize) -> Result<(), TargetError> {
        let t = self.advance();
        if t.tok != Tok::RParen {
            return Err(TargetError::at(
                t.start,
                format!(
                    "expected ')' to close the '(' at character {} but found {}",
                    open + 1,
                    t.describe()
                ),
            ));
        }
        self.depth -= 1;
        Ok(())
    }
}
