//! The target parser: every syntax form, every error kind with its message,
//! round trips of the canonical text, pointwise agreement of random
//! expressions with a direct evaluation, and a fuzz run over random text.

#[path = "common/hermite.rs"]
mod hermite_eval;
use hermite_eval::hermite_value;
use leaplab::data::Domain;
use leaplab::target::{
    hermite, parse_target, parse_target_on, Family, Monomial, Polynomial, TargetError, Term,
    MAX_DEPTH, MAX_HERMITE_DEGREE, MAX_INPUT_CHARS,
};
use rand_chacha::ChaCha8Rng;
use rand_core::{RngCore, SeedableRng};

fn poly(terms: &[(&[u32], f64)]) -> Polynomial {
    Polynomial::from_terms(terms.iter().map(|(ix, c)| Term {
        monomial: Monomial::from_indices(ix.iter().map(|i| i - 1)),
        coeff: *c,
    }))
}

fn parse(text: &str) -> Polynomial {
    parse_target(text, 30).unwrap_or_else(|e| panic!("{text:?}: {e}"))
}

fn err(text: &str, d: usize) -> TargetError {
    match parse_target(text, d) {
        Ok(f) => panic!("{text:?} parsed to {f}"),
        Err(e) => e,
    }
}

#[test]
fn sums_differences_and_numbers() {
    assert_eq!(
        parse("x1 + x1x2 + x1x2x3"),
        poly(&[(&[1], 1.0), (&[1, 2], 1.0), (&[1, 2, 3], 1.0)])
    );
    assert_eq!(
        parse("0.5*x3*x7 - x1"),
        poly(&[(&[1], -1.0), (&[3, 7], 0.5)])
    );
    assert_eq!(parse("2"), poly(&[(&[], 2.0)]));
    assert_eq!(parse("1e-3x2"), poly(&[(&[2], 1e-3)]));
    assert_eq!(parse(".5x2 + 1E2"), poly(&[(&[], 100.0), (&[2], 0.5)]));
    assert_eq!(parse("x1 - x1"), Polynomial::default());
    assert_eq!(parse("0").to_string(), "0");
}

#[test]
fn juxtaposition_and_star_multiply() {
    let want = poly(&[(&[1, 4], 2.0)]);
    assert_eq!(parse("2x1x4"), want);
    assert_eq!(parse("2*x1*x4"), want);
    assert_eq!(parse("x4 * 2 * x1"), want);
    assert_eq!(parse("(x1)(2)(x4)"), want);
    assert_eq!(parse("2(x1x4)"), want);
    assert_eq!(parse("2 * x1 *x4"), want);
}

/// Factors side by side with only whitespace between them are refused: it
/// is how a sum whose `+` was lost looks (`x1 + x1x2x3` once read as
/// `x1   x1x2x3`, the product `x2x3`), so it never silently multiplies.
#[test]
fn factors_separated_only_by_whitespace_are_refused() {
    let hint = "with only a space between them; write '*' between them for a product \
                or '+' for a sum (side by side without a space, as in x1x2, they multiply)";
    for (text, at, what) in [
        ("x1 x1x2x3", 4, "'x1' follows 'x1'"),
        ("x1   x1x2x3", 6, "'x1' follows 'x1'"),
        ("2 x1 x4", 3, "'x1' follows '2'"),
        ("2x1 x4", 5, "'x4' follows 'x1'"),
        ("0.5 x1", 5, "'x1' follows '0.5'"),
        ("sqrt(16) x2", 10, "'x2' follows ')'"),
        ("parity(2) x1", 11, "'x1' follows ')'"),
        ("(x1 + x2) (x3)", 11, "'(' follows ')'"),
        ("x1 he1(x2)", 4, "'he1' follows 'x1'"),
        ("x1\tx2", 4, "'x2' follows 'x1'"),
    ] {
        let e = parse_target(text, 30).unwrap_err();
        assert_eq!(
            e.to_string(),
            format!("at character {at}: {what} {hint}"),
            "{text:?}"
        );
    }
}

#[test]
fn products_multiply_out_with_squares_cancelling() {
    assert_eq!(parse("x1*x1"), poly(&[(&[], 1.0)]));
    assert_eq!(parse("x1x2x1"), poly(&[(&[2], 1.0)]));
    assert_eq!(
        parse("(x1 + x2)(x1 + x2)"),
        poly(&[(&[], 2.0), (&[1, 2], 2.0)])
    );
    assert_eq!(parse("(x1 + x2)*(x1 - x2)"), Polynomial::default());
    assert_eq!(
        parse("(1 + x1)(1 + x2)(1 + x3)").terms().len(),
        8,
        "all 2^3 monomials"
    );
    assert_eq!(parse("x1 + x1 + 0.5x1"), poly(&[(&[1], 2.5)]));
    assert_eq!(parse("x1x2 - x2x1"), Polynomial::default());
}

#[test]
fn division_sqrt_and_unary_minus() {
    let h = 1.0 / 2f64.sqrt();
    let got = parse("(x1 + x1x2)/sqrt(2)");
    assert_eq!(got.terms().len(), 2);
    for t in got.terms() {
        assert!((t.coeff - h).abs() < 1e-15);
    }
    assert_eq!(parse("x1/2"), poly(&[(&[1], 0.5)]));
    assert_eq!(parse("x1/(1 + 1)/2"), poly(&[(&[1], 0.25)]));
    assert_eq!(parse("3/2x1"), poly(&[(&[1], 1.5)]));
    assert_eq!(parse("sqrt(16)x2"), poly(&[(&[2], 4.0)]));
    assert_eq!(parse("sqrt(2*8)"), poly(&[(&[], 4.0)]));
    assert_eq!(parse("x1 / -4"), poly(&[(&[1], -0.25)]));
    assert_eq!(parse("-x1"), poly(&[(&[1], -1.0)]));
    assert_eq!(parse("--x1"), poly(&[(&[1], 1.0)]));
    assert_eq!(parse("x1*-x2"), poly(&[(&[1, 2], -1.0)]));
    assert_eq!(parse("x1 -x2"), poly(&[(&[1], 1.0), (&[2], -1.0)]));
    assert_eq!(parse("-(x1 - 2x2)"), poly(&[(&[1], -1.0), (&[2], 2.0)]));
}

#[test]
fn families_are_atoms_that_compose() {
    assert_eq!(parse("parity(3)"), poly(&[(&[1, 2, 3], 1.0)]));
    assert_eq!(
        parse("parity(3) + 0.5*x9"),
        poly(&[(&[9], 0.5), (&[1, 2, 3], 1.0)])
    );
    assert_eq!(parse("parity(2)x1"), poly(&[(&[2], 1.0)]));
    let s = 0.5; // 1/√4
    assert_eq!(
        parse("staircase(4)"),
        poly(&[(&[1], s), (&[1, 2], s), (&[1, 2, 3], s), (&[1, 2, 3, 4], s)])
    );
    assert_eq!(
        parse("majority(3)"),
        poly(&[(&[1], 0.5), (&[2], 0.5), (&[3], 0.5), (&[1, 2, 3], -0.5)])
    );
    assert_eq!(parse("2*majority(1)"), poly(&[(&[1], 2.0)]));
    let m = parse("msp(4, 6, 7)");
    assert_eq!(
        m,
        Family::Msp {
            k: 4,
            m: 6,
            seed: 7
        }
        .build(30)
        .unwrap()
    );
    assert_eq!(m.terms().len(), 6);
    assert_eq!(
        parse("msp( 4 ,6, 7 ) - msp(4, 6, 7)"),
        Polynomial::default()
    );
    assert_eq!(
        Family::Msp {
            k: 4,
            m: 6,
            seed: 7
        }
        .to_string(),
        "msp(4, 6, 7)"
    );
}

#[test]
fn canonical_text_round_trips() {
    let mut rng = ChaCha8Rng::seed_from_u64(11);
    for _ in 0..300 {
        let d = 1 + (rng.next_u64() % 12) as usize;
        let f = random_polynomial(&mut rng, d);
        let text = f.to_string();
        assert_eq!(parse_target(&text, d).unwrap(), f, "{text}");
    }
    let tiny = poly(&[(&[], 5e-324), (&[1], -1e300), (&[2, 3], 0.1)]);
    assert_eq!(parse(&tiny.to_string()), tiny);
    // Hermite polynomials round-trip on continuous inputs
    for _ in 0..300 {
        let d = 1 + (rng.next_u64() % 6) as usize;
        let f = random_hermite_polynomial(&mut rng, d);
        let text = f.to_string();
        for domain in [Domain::Gaussian, Domain::Sphere] {
            assert_eq!(parse_target_on(&text, d, domain).unwrap(), f, "{text}");
        }
    }
}

fn random_hermite_polynomial(rng: &mut ChaCha8Rng, d: usize) -> Polynomial {
    let n = rng.next_u64() % 6;
    Polynomial::from_terms((0..n).map(|_| {
        let len = rng.next_u64() % 6;
        Term {
            monomial: Monomial::from_multiset((0..len).map(|_| (rng.next_u64() % d as u64) as u32)),
            coeff: (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64 * 4.0 - 2.0,
        }
    }))
}

fn random_polynomial(rng: &mut ChaCha8Rng, d: usize) -> Polynomial {
    let n = rng.next_u64() % 8;
    Polynomial::from_terms((0..n).map(|_| {
        let mask = rng.next_u64() & ((1 << d) - 1);
        let coeff = match rng.next_u64() % 4 {
            0 => 1.0,
            1 => -((rng.next_u64() % 5) as f64),
            _ => (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64 * 4.0 - 2.0,
        };
        Term {
            monomial: Monomial::from_indices((0..d as u32).filter(|i| mask >> i & 1 == 1)),
            coeff,
        }
    }))
}

/// A random expression as text, with its value at the input `x`; with
/// `hermite`, Hermite terms `heK(xi)` too.
fn random_expr(
    rng: &mut ChaCha8Rng,
    d: usize,
    depth: u32,
    x: &[f64],
    hermite_terms: bool,
) -> (String, f64) {
    let pick = rng.next_u64()
        % match (depth, hermite_terms) {
            (0, _) => 2,
            (_, false) => 8,
            (_, true) => 9,
        };
    let sub = |rng: &mut ChaCha8Rng| random_expr(rng, d, depth - 1, x, hermite_terms);
    match pick {
        0 => {
            let c = (rng.next_u64() % 9) as f64 / 4.0;
            (format!("{c}"), c)
        }
        1 => {
            let i = (rng.next_u64() % d as u64) as usize;
            (format!("x{}", i + 1), x[i])
        }
        2 => {
            let (a, va) = sub(rng);
            let (b, vb) = sub(rng);
            (format!("{a} + {b}"), va + vb)
        }
        3 => {
            let (a, va) = sub(rng);
            let (b, vb) = sub(rng);
            (format!("({a}) - ({b})"), va - vb)
        }
        4 => {
            let (a, va) = sub(rng);
            let (b, vb) = sub(rng);
            (format!("({a})*({b})"), va * vb)
        }
        5 => {
            let (a, va) = sub(rng);
            let (b, vb) = sub(rng);
            (format!("({a})({b})"), va * vb)
        }
        6 => {
            let (a, va) = sub(rng);
            (format!("({a})/sqrt(4)"), va / 2.0)
        }
        7 => {
            let (a, va) = sub(rng);
            (format!("-({a})"), -va)
        }
        _ => {
            let i = (rng.next_u64() % d as u64) as usize;
            let k = (rng.next_u64() % 5) as u32;
            (format!("he{k}(x{})", i + 1), hermite(k, x[i]))
        }
    }
}

#[test]
fn random_expressions_agree_with_direct_evaluation_on_every_input() {
    let d = 4;
    for seed in 0..200 {
        // The same seed gives the same text at every input; only the value
        // depends on x.
        let text = random_expr(&mut ChaCha8Rng::seed_from_u64(seed), d, 4, &[1.0; 4], false).0;
        let f = parse_target(&text, d).unwrap();
        for mask in 0..1u32 << d {
            let x: Vec<f64> = (0..d)
                .map(|i| if mask >> i & 1 == 1 { -1.0 } else { 1.0 })
                .collect();
            let (_, want) = random_expr(&mut ChaCha8Rng::seed_from_u64(seed), d, 4, &x, false);
            let xf: Vec<f32> = x.iter().map(|&v| v as f32).collect();
            assert!(
                (f.eval(&xf) - want).abs() < 1e-9 * (1.0 + want.abs()),
                "{text} at {x:?}: {} vs {want}",
                f.eval(&xf)
            );
        }
    }
}

/// On continuous inputs products are of real numbers: the parsed Hermite
/// expansion of any expression equals its direct evaluation at real points
/// (the Hermite linearisation is an identity of polynomials).
#[test]
fn random_expressions_with_hermite_terms_agree_at_real_points() {
    let d = 3;
    let mut points = ChaCha8Rng::seed_from_u64(99);
    for seed in 0..200 {
        let text = random_expr(&mut ChaCha8Rng::seed_from_u64(seed), d, 4, &[0.0; 3], true).0;
        for domain in [Domain::Gaussian, Domain::Sphere] {
            let f = parse_target_on(&text, d, domain).unwrap_or_else(|e| panic!("{text}: {e}"));
            for _ in 0..10 {
                let x: Vec<f64> = (0..d)
                    .map(|_| (points.next_u64() >> 11) as f64 / (1u64 << 53) as f64 * 5.0 - 2.5)
                    .collect();
                let (_, want) = random_expr(&mut ChaCha8Rng::seed_from_u64(seed), d, 4, &x, true);
                let got = hermite_value(&f, &x);
                assert!(
                    (got - want).abs() < 1e-9 * (1.0 + want.abs()),
                    "{text} at {x:?}: {got} vs {want}"
                );
            }
        }
    }
}

#[test]
fn hermite_terms_multiply_out_by_the_linearisation_off_the_cube() {
    let g = |text: &str| {
        parse_target_on(text, 30, Domain::Gaussian)
            .unwrap_or_else(|e| panic!("{text}: {e}"))
            .to_string()
    };
    // x² = He_2 + 1, x·He_2 = He_3 + 2x, He_2² = He_4 + 4He_2 + 2
    assert_eq!(g("x1*x1"), "1 + he2(x1)");
    assert_eq!(g("x1he2(x1)"), "2*x1 + he3(x1)");
    assert_eq!(g("he2(x1)*he2(x1)"), "2 + 4*he2(x1) + he4(x1)");
    assert_eq!(g("(x1 + x2)*(x1 - x2)"), "he2(x1) - he2(x2)");
    assert_eq!(g("he0(x3) + he1(x2) + he2(x3)x1x2"), "1 + x2 + x1x2he2(x3)");
    assert_eq!(g("x1x2x3*x3"), "x1x2 + x1x2he2(x3)");
    // families are the same multilinear polynomials
    assert_eq!(g("staircase(2)*sqrt(2)"), "x1 + x1x2");
    let sphere = parse_target_on("x1*x1", 30, Domain::Sphere).unwrap();
    assert_eq!(sphere.to_string(), "1 + he2(x1)");
    // the monomial as a multi-index
    let he = parse_target_on("he3(x2)x5", 30, Domain::Gaussian).unwrap();
    let m = &he.terms()[0].monomial;
    assert_eq!(m.indices(), [1, 1, 1, 4]);
    assert_eq!(m.exponents().collect::<Vec<_>>(), [(1, 3), (4, 1)]);
    assert_eq!(m.degree(), 4);
    assert_eq!(m.factorial(), 6.0);
    assert!(!m.is_multilinear());
    // on the hypercube x² = 1 as before, and he0, he1 are allowed
    assert_eq!(parse("x1*x1"), poly(&[(&[], 1.0)]));
    assert_eq!(parse("he1(x2) + he0(x1)"), poly(&[(&[], 1.0), (&[2], 1.0)]));
}

#[test]
fn hermite_errors_say_why() {
    let e = err("x1 + 2*he2(x3)", 5);
    assert_eq!(e.position, Some(7));
    assert_eq!(
        e.message,
        "he2(x3) is refused on the hypercube: there x3² = 1, so he2(x3) = x3² − 1 is 0 \
         and every Hermite polynomial of x3 is a constant or a multiple of x3; Hermite \
         terms need gaussian or sphere inputs"
    );
    let on = |text: &str| parse_target_on(text, 5, Domain::Gaussian).unwrap_err();
    assert_eq!(
        on("he17(x1)").message,
        format!("he17: the Hermite degree is at most {MAX_HERMITE_DEGREE}")
    );
    assert_eq!(
        on("he2(x1 + x2)").message,
        "expected ')' to close the '(' at character 4 but found '+'"
    );
    assert_eq!(
        on("he2(3)").message,
        "he2 takes one variable, as in he2(x1), but found '3'"
    );
    assert_eq!(
        on("he2 x1").message,
        "expected '(' after he2 but found 'x1'"
    );
    let e = on("he9(x1)*he9(x1)");
    assert!(
        e.message
            .starts_with("this product reaches degree 18 in x1; on continuous inputs"),
        "{e}"
    );
    // 9 terms per coordinate, 9^7 > 2^20 in all
    let text: String = (1..=7).map(|i| format!("he8(x{i})he8(x{i})")).collect();
    let e = parse_target_on(&text, 7, Domain::Gaussian).unwrap_err();
    assert_eq!(
        e.message,
        "multiplying this out gives more than the limit of 1048576 terms"
    );
    let e = on("x2*majority(3)");
    assert_eq!(e.position, Some(3));
    assert!(
        e.message
            .starts_with("majority(k) is sign(x1 + … + xk) only on the hypercube"),
        "{e}"
    );
    assert!(parse_target_on("he2(x6)", 5, Domain::Sphere)
        .unwrap_err()
        .message
        .starts_with("x6 is beyond d = 5"));
}

#[test]
fn syntax_errors_say_where_and_what_was_expected() {
    let e = err("x1*+x2", 30);
    assert_eq!(e.position, Some(3));
    assert_eq!(
        e.to_string(),
        "at character 4: expected a variable, number or '(' but found '+'"
    );
    assert_eq!(
        err("x1 +", 30).message,
        "expected a variable, number or '(' but found the end of the text"
    );
    let e = err("x1 2", 30);
    assert_eq!(e.position, Some(3));
    assert!(e.message.contains("write '*' before '2'"), "{e}");
    let e = err("x1)", 30);
    assert_eq!(
        (e.position, e.message.as_str()),
        (Some(2), "this ')' has no matching '('")
    );
    let e = err("(x1 + x2", 30);
    assert_eq!(
        e.to_string(),
        "at character 9: expected ')' to close the '(' at character 1 but found the end of the text"
    );
    let e = err("x1 ^ 2", 30);
    assert_eq!(e.position, Some(3));
    assert!(e.message.starts_with("unexpected character '^'"), "{e}");
    assert_eq!(
        err("parity 3", 30).message,
        "expected '(' after parity but found '3'"
    );
    assert_eq!(
        err("msp(3, 4)", 30).message,
        "expected ',' and then seed in msp but found ')'"
    );
    assert_eq!(
        err("parity(3, 4)", 30).message,
        "expected ')' (parity(k) takes 1 argument) but found ','"
    );
    assert_eq!(
        err("parity(2.5)", 30).message,
        "parity needs a whole number for k but found 2.5"
    );
    assert_eq!(
        err("staircase(-1)", 30).message,
        "staircase needs a whole number for k but found '-'"
    );
}

#[test]
fn empty_input_and_unknown_names() {
    for text in ["", "   \n\t"] {
        let e = err(text, 30);
        assert!(e.message.starts_with("the target is empty"), "{e}");
    }
    let e = err("2*foo(3)", 30);
    assert_eq!(e.position, Some(2));
    assert_eq!(
        e.message,
        "unknown name 'foo'; known functions are parity, staircase, majority, msp, sqrt, \
         he0 … he16 (Hermite)"
    );
    assert_eq!(
        err("x + 1", 5).message,
        "unknown name 'x'; variables are x1 … x5; known functions are parity, \
         staircase, majority, msp, sqrt, he0 … he16 (Hermite)"
    );
    assert!(err("y1", 5).message.starts_with("unknown name 'y1'"));
}

#[test]
fn variables_outside_one_to_d_are_rejected() {
    let e = err("x1 + x31", 30);
    assert_eq!(e.position, Some(5));
    assert_eq!(e.message, "x31 is beyond d = 30 (variables are x1 … x30)");
    let e = err("x0", 30);
    assert_eq!(
        e.message,
        "x0 is not a variable: variables are numbered from x1 (variables are x1 … x30)"
    );
    assert_eq!(
        err("x2", 1).message,
        "x2 is beyond d = 1 (the only variable is x1)"
    );
    assert_eq!(parse_target("x30", 30).unwrap(), poly(&[(&[30], 1.0)]));
}

#[test]
fn family_arguments_out_of_range_state_the_range() {
    assert_eq!(
        err("parity(31)", 30).message,
        "parity(k) needs 1 ≤ k ≤ d = 30, got k = 31"
    );
    assert_eq!(
        err("x1 + staircase(0)", 30).to_string(),
        "at character 6: staircase(k) needs 1 ≤ k ≤ d = 30, got k = 0"
    );
    assert_eq!(
        err("majority(4)", 30).message,
        "majority(k) needs an odd k from 1 to 17 (at most 17 and at most d = 30), got k = 4"
    );
    assert_eq!(
        err("majority(23)", 30).message,
        "majority(k) needs an odd k from 1 to 17 (at most 17 and at most d = 30), got k = 23"
    );
    assert_eq!(
        err("majority(7)", 5).message,
        "majority(k) needs an odd k from 1 to 5 (at most 17 and at most d = 5), got k = 7"
    );
    assert_eq!(
        err("msp(3, 8, 1)", 30).message,
        "msp(k, m, seed) with k = 3 needs 3 ≤ m ≤ 7 (at least one monomial per coordinate, \
         at most 2^k − 1 distinct monomials and at most 1000), got m = 8"
    );
    assert_eq!(
        err("msp(40, 30, 1)", 30).message,
        "msp(k, m, seed) needs 1 ≤ k ≤ d = 30, got k = 40"
    );
    assert_eq!(
        err("msp(1001, 1001, 1)", 2000).message,
        "msp(k, m, seed) needs k ≤ 1000 (it has at least k and at most 1000 monomials), \
         got k = 1001"
    );
    assert!(err("parity(99999999999999999999999)", 30)
        .message
        .starts_with("parity(k) needs 1 ≤ k ≤ d = 30"));
    assert_eq!(
        err("msp(3, 5, 18446744073709551616)", 30).message,
        "the seed 18446744073709551616 is larger than 18446744073709551615"
    );
    assert!(parse_target("msp(3, 5, 18446744073709551615)", 30).is_ok());
}

#[test]
fn arithmetic_errors() {
    let e = err("x1/0", 30);
    assert_eq!(
        (e.position, e.message.as_str()),
        (Some(3), "division by zero")
    );
    assert_eq!(err("x1/(x2 - x2)", 30).message, "division by zero");
    assert_eq!(err("x1/-0", 30).message, "division by zero");
    assert_eq!(
        err("x1/x2", 30).message,
        "can only divide by a number, not by the polynomial x2"
    );
    assert_eq!(
        err("1e999*x1", 30).message,
        "the number 1e999 is too large (it is not a finite number)"
    );
    assert_eq!(
        err("1e-400*x1", 30).to_string(),
        "at character 1: the number 1e-400 is too small: it is not 0 but rounds to 0 \
         (the smallest number is about 5e-324)"
    );
    for text in ["1e-200*1e-200*x1", "x1/1e300/1e300", "1e-300x1*1e-300"] {
        assert!(
            err(text, 30)
                .message
                .starts_with("a coefficient underflows here: it is too small to represent"),
            "{text}"
        );
    }
    // zeros that are written as zeros are not underflows
    assert_eq!(parse("0e5*x1 + 0.000x2 + 0*x3/2"), Polynomial::default());
    assert!(err("1e300*1e300*x1", 30)
        .message
        .starts_with("a coefficient overflows here"));
    assert!(err("1e308*x1 + 1e308*x1", 30)
        .message
        .starts_with("a coefficient overflows here"));
    assert_eq!(
        err("sqrt(-2)", 30).message,
        "sqrt of a negative number (-2)"
    );
    assert_eq!(
        err("x1/(x1 + x2 + x3 + x4 + x5 + x6)", 30).message,
        "can only divide by a number, not by the polynomial x1 + x2 + x3 + x4 + …"
    );
    assert_eq!(
        err("sqrt(x1)", 30).message,
        "sqrt takes a number, not the polynomial x1"
    );
}

#[test]
fn hostile_input_is_bounded() {
    let long = "x1+".repeat(MAX_INPUT_CHARS / 3 + 1) + "x1";
    let e = err(&long, 30);
    assert_eq!(e.position, None);
    assert!(e.message.contains("the limit is 100000"), "{e}");

    let deep = format!(
        "{}x1{}",
        "(".repeat(MAX_DEPTH + 1),
        ")".repeat(MAX_DEPTH + 1)
    );
    let e = err(&deep, 30);
    assert_eq!(e.position, Some(MAX_DEPTH));
    assert_eq!(
        e.message,
        "parentheses and calls are nested more than 64 deep"
    );
    let ok = format!("{}x1{}", "(".repeat(MAX_DEPTH), ")".repeat(MAX_DEPTH));
    assert_eq!(parse(&ok), poly(&[(&[1], 1.0)]));

    let minus = "-".repeat(50_001) + "x1";
    assert_eq!(parse(&minus), poly(&[(&[1], -1.0)]));

    let wide: String = (1..=1100).map(|i| format!("x{i}+")).collect::<String>() + "1";
    let e = err(&format!("({wide})({wide})"), 1100);
    assert_eq!(
        e.message,
        "multiplying this out gives 1212201 products, more than the limit of 1048576 terms"
    );

    let chain: String = (1..=15_000).map(|i| format!("x{i}")).collect();
    let f = parse_target(&chain, 15_000).unwrap();
    assert_eq!(f.degree(), 15_000);

    let e = err(&vec!["majority(17)"; 30].join(" + "), 30);
    assert!(
        e.message.starts_with("the target takes too much work"),
        "{e}"
    );
}

/// Tokens and characters of the grammar, for building random text.
const PIECES: &[&str] = &[
    "x1",
    "x2",
    "x3",
    "x9",
    "x0",
    "x31",
    "x",
    "1",
    "2",
    "0",
    "0.5",
    ".",
    "e",
    "1e-3",
    "1e999",
    "+",
    "-",
    "*",
    "/",
    "(",
    ")",
    ",",
    " ",
    "sqrt",
    "parity",
    "staircase",
    "majority",
    "msp",
    "foo",
    "(",
    ")",
    "x1x2",
    "^",
    "√",
    "3",
    "21",
    "99999999999999999999",
];

#[test]
fn random_text_never_panics_and_every_error_explains_itself() {
    let mut rng = ChaCha8Rng::seed_from_u64(2024);
    let (mut oks, mut errs) = (0, 0);
    for _ in 0..4000 {
        let n = 1 + rng.next_u64() % 16;
        let text: String = (0..n)
            .map(|_| PIECES[(rng.next_u64() % PIECES.len() as u64) as usize])
            .collect();
        let len = text.chars().count();
        match parse_target(&text, 30) {
            Ok(f) => {
                oks += 1;
                assert!(f.max_index().is_none_or(|i| i < 30), "{text}");
                assert!(f.terms().iter().all(|t| t.coeff.is_finite()), "{text}");
            }
            Err(e) => {
                errs += 1;
                assert!(!e.message.is_empty(), "{text}");
                assert!(e.position.is_some_and(|p| p <= len), "{text}: {e}");
                assert!(e.to_string().ends_with(&e.message));
            }
        }
    }
    assert!(oks > 100 && errs > 1000, "{oks} parsed, {errs} rejected");
}
