//! The parser's calls: `sqrt(…)`, the families `parity(k)`, `staircase(k)`,
//! `majority(k)`, `msp(k, m, seed)`, and the Hermite polynomials `heK(xi)`.

use super::Parser;
use crate::data::Domain;
use crate::target::error::TargetError;
use crate::target::expand::{brief, constant};
use crate::target::families::Family;
use crate::target::lexer::Tok;
use crate::target::monomial::{Monomial, MAX_HERMITE_DEGREE};
use crate::target::polynomial::{Polynomial, Term};

/// Functions the parser knows, for error messages.
const KNOWN: &str = "parity, staircase, majority, msp, sqrt, he0 … he16 (Hermite)";
/// The degree `K` of a Hermite name `heK` (saturating), if `name` is one.
fn hermite_name(name: &str) -> Option<u64> {
    let digits = name.strip_prefix("he")?;
    (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
        .then(|| digits.parse::<u64>().unwrap_or(u64::MAX))
}
impl Parser {
    pub(super) fn call(&mut self, name: &str, at: usize) -> Result<Polynomial, TargetError> {
        if let Some(k) = hermite_name(name) {
            return self.hermite(name, k, at);
        }
        if name != "sqrt" && !Family::NAMES.contains(&name) {
            let hint = if name.starts_with('x') {
                format!("; {}", crate::target::lexer::variable_range(self.d))
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
