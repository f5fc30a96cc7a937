//! The polynomial type's own tests: its normal form, batch evaluation and
//! boolean-valued check.

use super::*;

fn mono(ix: &[u32]) -> Monomial {
    Monomial::from_indices(ix.iter().copied())
}

#[test]
fn squares_cancel_and_indices_sort() {
    assert_eq!(mono(&[2, 0, 2, 1]), mono(&[0, 1]));
    assert_eq!(mono(&[3, 3]).degree(), 0);
    assert_eq!(mono(&[0, 1]).times(&mono(&[1, 2])), mono(&[0, 2]));
}

#[test]
fn terms_merge_and_sort_by_degree() {
    let p = Polynomial::from_terms([
        Term {
            monomial: mono(&[0, 1]),
            coeff: 1.0,
        },
        Term {
            monomial: mono(&[2]),
            coeff: 2.0,
        },
        Term {
            monomial: mono(&[1, 0]),
            coeff: 0.5,
        },
        Term {
            monomial: mono(&[4]),
            coeff: 1.0,
        },
        Term {
            monomial: mono(&[4]),
            coeff: -1.0,
        },
    ]);
    assert_eq!(p.to_string(), "2*x3 + 1.5*x1x2");
    assert_eq!(p.degree(), 2);
    assert_eq!(p.max_index(), Some(2));
    assert_eq!(p.variance_uniform(), 4.0 + 2.25);
}

#[test]
fn eval_batch_matches_hand_values() {
    // f = x1 - x1x2 at (1,1), (1,-1), (-1,1)
    let p = Polynomial::from_terms([
        Term {
            monomial: mono(&[0]),
            coeff: 1.0,
        },
        Term {
            monomial: mono(&[0, 1]),
            coeff: -1.0,
        },
    ]);
    let xs = [1.0, 1.0, 1.0, -1.0, -1.0, 1.0];
    let mut out = [0.0; 3];
    p.eval_batch(&xs, 2, &mut out);
    assert_eq!(out, [0.0, 2.0, 0.0]);
}

#[test]
fn eval_batch_gives_the_bits_of_eval_row_by_row() {
    // multilinear and Hermite terms, over more rows than one group
    let p = Polynomial::from_terms([
        Term {
            monomial: mono(&[2]),
            coeff: 0.3,
        },
        Term {
            monomial: mono(&[0, 1]),
            coeff: -1.7,
        },
        Term {
            monomial: Monomial::from_multiset([0, 0, 2]),
            coeff: 0.11,
        },
    ]);
    let d = 3;
    let xs: Vec<f32> = (0..150 * d).map(|k| (k as f32 * 0.77).sin()).collect();
    let mut out = vec![0.0; 150];
    p.eval_batch(&xs, d, &mut out);
    for (x, y) in xs.chunks_exact(d).zip(&out) {
        assert_eq!(y.to_bits(), (p.eval(x) as f32).to_bits());
    }
}

#[test]
fn boolean_valued_detects_majority_but_not_staircase() {
    // Maj3 = (x1 + x2 + x3 - x1x2x3)/2
    let h = 0.5;
    let maj = Polynomial::from_terms([
        Term {
            monomial: mono(&[0]),
            coeff: h,
        },
        Term {
            monomial: mono(&[1]),
            coeff: h,
        },
        Term {
            monomial: mono(&[2]),
            coeff: h,
        },
        Term {
            monomial: mono(&[0, 1, 2]),
            coeff: -h,
        },
    ]);
    assert!(maj.is_boolean_valued());
    assert!(!maj.is_signed_monomial());
    let stair = Polynomial::from_terms([
        Term {
            monomial: mono(&[0]),
            coeff: 1.0,
        },
        Term {
            monomial: mono(&[0, 1]),
            coeff: 1.0,
        },
    ]);
    assert!(!stair.is_boolean_valued());
    assert!(mono(&[]).eval(&[]) == 1.0);
}
