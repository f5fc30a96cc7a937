//! The target expression parser: text such as `x1 + 0.5*x1x2`,
//! `(x1 + x1x2)/sqrt(2)` or `parity(3) + 0.5*x9` to a [`Polynomial`].

use super::error::TargetError;
use super::expand::{brief, constant, sum, Budget, Product};
use super::families::Family;
use super::lexer::{lex, Tok, Token};
use super::monomial::{Monomial, MAX_HERMITE_DEGREE};
use super::polynomial::{Polynomial, Term};
use crate::data::Domain;

/// Longest accepted target text, in characters.
pub const MAX_INPUT_CHARS: usize = 100_000;

/// Deepest nesting of parentheses and function calls.
pub const MAX_DEPTH: usize = 64;

/// Functions the parser knows, for error messages.
const KNOWN: &str = "parity, staircase, majority, msp, sqrt, he0 … he16 (Hermite)";

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
/// `msp(k, m, seed)` (see [`Family`]) and compose with everything else.
/// `heK(xi)` is the probabilists' Hermite polynomial `He_K(x_i)`
/// ([`hermite`](super::hermite), `E[He_K(z)²] = K!` under `N(0, 1)`),
/// `0 ≤ K ≤` [`MAX_HERMITE_DEGREE`].
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

/// The degree `K` of a Hermite name `heK` (saturating), if `name` is one.
fn hermite_name(name: &str) -> Option<u64> {
    let digits = name.strip_prefix("he")?;
    (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
        .then(|| digits.parse::<u64>().unwrap_or(u64::MAX))
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

    fn call(&mut self, name: &str, at: usize) -> Result<Polynomial, TargetError> {
        if let Some(k) = hermite_name(name) {
            return self.hermite(name, k, at);
        }
        if name != "sqrt" && !Family::NAMES.contains(&name) {
            let hint = if name.starts_with('x') {
                format!("; {}", super::lexer::variable_range(self.d))
            } else {
                String::new()
            };
            return Err(TargetError::at(
                at,
                format!("unknown name '{name}'{hint}; known functions are {KNOWN}"),
            ));
        }
        let open = self.expect(Tok::LParen, &format!("'(' after {name}"))?;
        self.enter(open.start)?;
        if name == "sqrt" {
            let arg_at = self.peek().start;
            let f = self.sum()?;
            self.close(open.start)?;
            return match constant(&f) {
                Some(c) if c >= 0.0 => Ok(Polynomial::from_terms([Term {
                    monomial: Monomial::default(),
                    coeff: c.sqrt(),
                }])),
                Some(c) => Err(TargetError::at(
                    arg_at,
                    format!("sqrt of a negative number ({c})"),
                )),
                None => Err(TargetError::at(
                    arg_at,
                    format!("sqrt takes a number, not the polynomial {}", brief(&f)),
                )),
            };
        }
        let params: &[&str] = if name == "msp" {
            &["k", "m", "seed"]
        } else {
            &["k"]
        };
        let mut args = Vec::with_capacity(params.len());
        for (n, param) in params.iter().enumerate() {
            if n > 0 {
                self.expect(Tok::Comma, &format!("',' and then {param} in {name}"))?;
            }
            args.push(self.whole(name, param)?);
        }
        let usage = format!("{name}({})", params.join(", "));
        self.expect(
            Tok::RParen,
            &format!(
                "')' ({usage} takes {} argument{})",
                params.len(),
                if params.len() == 1 { "" } else { "s" }
            ),
        )?;
        self.depth -= 1;
        let size = |v: u64| usize::try_from(v).unwrap_or(usize::MAX);
        let family = match name {
            "parity" => Family::Parity { k: size(args[0]) },
            "staircase" => Family::Staircase { k: size(args[0]) },
            "majority" => Family::Majority { k: size(args[0]) },
            _ => Family::Msp {
                k: size(args[0]),
                m: size(args[1]),
                seed: args[2],
            },
        };
        if self.domain.is_continuous() && matches!(family, Family::Majority { .. }) {
            return Err(TargetError::at(
                at,
                format!(
                    "majority(k) is sign(x1 + … + xk) only on the hypercube (its expansion \
                     uses x_i² = 1); on {} inputs that polynomial is a different function",
                    self.domain
                ),
            ));
        }
        family.validate(self.d).map_err(|e| e.or_at(at))?;
        // charged before it is built (exactly, but for msp's upper bound)
        self.budget.charge(family.units(), at)?;
        family.build(self.d).map_err(|e| e.or_at(at))
    }

    /// `heK(xi)`, the Hermite polynomial of degree `k` of one variable,
    /// after its name `name` at character `at`.
    fn hermite(&mut self, name: &str, k: u64, at: usize) -> Result<Polynomial, TargetError> {
        let open = self.expect(Tok::LParen, &format!("'(' after {name}"))?;
        self.enter(open.start)?;
        let var = self.advance();
        let Tok::Var(i) = var.tok else {
            return Err(TargetError::at(
                var.start,
                format!(
                    "{name} takes one variable, as in {name}(x1), but found {}",
                    var.describe()
                ),
            ));
        };
        self.close(open.start)?;
        if k > u64::from(MAX_HERMITE_DEGREE) {
            return Err(TargetError::at(
                at,
                format!("{name}: the Hermite degree is at most {MAX_HERMITE_DEGREE}"),
            ));
        }
        if k >= 2 && self.domain == Domain::Cube {
            let x = format!("x{}", i + 1);
            return Err(TargetError::at(
                at,
                format!(
                    "{name}({x}) is refused on the hypercube: there {x}² = 1, so \
                     he2({x}) = {x}² − 1 is 0 and every Hermite polynomial of {x} is a \
                     constant or a multiple of {x}; Hermite terms need gaussian or sphere inputs"
                ),
            ));
        }
        self.budget.charge(1 + k as usize, at)?;
        Ok(Polynomial::from_terms([Term {
            monomial: Monomial::from_multiset(std::iter::repeat_n(i, k as usize)),
            coeff: 1.0,
        }]))
    }

    /// A whole-number argument `param` of the function `name`.
    fn whole(&mut self, name: &str, param: &str) -> Result<u64, TargetError> {
        let t = self.advance();
        let bad = |found: String| {
            TargetError::at(
                t.start,
                format!("{name} needs a whole number for {param} but found {found}"),
            )
        };
        match t.tok {
            Tok::Num(_) if t.text.bytes().all(|b| b.is_ascii_digit()) => {
                match t.text.parse::<u64>() {
                    Ok(v) => Ok(v),
                    Err(_) if param == "seed" => Err(TargetError::at(
                        t.start,
                        format!("the seed {} is larger than {}", t.text, u64::MAX),
                    )),
                    Err(_) => Ok(u64::MAX),
                }
            }
            Tok::Num(_) => Err(bad(t.text.clone())),
            _ => Err(bad(t.describe())),
        }
    }
}
