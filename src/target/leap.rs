//! Leap complexity and the merged-staircase property of a set of
//! monomials (multi-indices).

use std::collections::VecDeque;

use super::monomial::Monomial;
use super::polynomial::Polynomial;

/// The leap complexity of a polynomial's supports with an ordering that
/// attains it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Leap {
    /// `Leap(f) = min over orderings of max_i Σ_{c ∉ ∪_{j<i} supp α_j} α_{i,c}`
    /// over the nonempty monomials `α_i`: the Hermite degree each brings on
    /// coordinates not covered before it, `|S_i ∖ ∪_{j<i} S_j|` for
    /// multilinear monomials (0 when there are none). For Gaussian data this
    /// is the leap of Abbe, Boix-Adserà and Misiakiewicz (2023); a
    /// single-index `he_k(x1)` has leap k, its information exponent.
    pub leap: usize,
    /// The nonempty supports in an order whose largest number of new
    /// coordinates per step is `leap`.
    pub order: Vec<Monomial>,
}

impl Leap {
    /// The merged-staircase property: `Leap ≤ 1`, each support in
    /// [`Leap::order`] brings at most one new coordinate.
    pub fn is_msp(&self) -> bool {
        self.leap <= 1
    }
}

/// The leap complexity of `f`'s monomials (the constant term is ignored).
///
/// A monomial's cost at a step is the sum of its degrees on the coordinates
/// not covered yet (each index of its multiset that is new counts once per
/// repetition). For a threshold `L`, adding any monomial that costs at most
/// `L` never hurts (the covered union only grows, so every other cost only
/// falls), so a greedy pass
/// (repeatedly add any such support; here the one that became eligible
/// first, supports in canonical order at the start) decides `Leap ≤ L`.
/// Leap is the least `L` that passes: the smallest support size is tried
/// first, then bisection up to the largest support size (which always
/// passes); the passing greedy order is the witness. A pass updates the new-coordinate counts through an index from
/// coordinates to supports, so it costs `O(Σ|S|)`, and there are about
/// `log₂(degree)` passes.
pub fn leap_complexity(f: &Polynomial) -> Leap {
    let sets: Vec<&Monomial> = f.monomials().filter(|m| m.degree() > 0).collect();
    let index = Index::new(&sets);
    let Some(mut lo) = sets.iter().map(|m| m.degree()).min() else {
        return Leap {
            leap: 0,
            order: Vec::new(),
        };
    };
    let mut hi = f.degree();
    // Most targets of interest pass at the smallest size already.
    let mut witness = index.greedy(lo);
    if witness.is_some() {
        hi = lo;
    } else {
        lo += 1;
    }
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        match index.greedy(mid) {
            Some(order) => {
                hi = mid;
                witness = Some(order);
            }
            None => lo = mid + 1,
        }
    }
    // The largest support's size always passes.
    let witness = witness.or_else(|| index.greedy(hi));
    Leap {
        leap: hi,
        order: witness
            .unwrap_or_default()
            .into_iter()
            .map(|s| sets[s].clone())
            .collect(),
    }
}

/// Supports and coordinates cross-indexed in compressed form: coordinates
/// renumbered `0..u`, each support's coordinates and each coordinate's
/// supports stored as flat arrays with offsets.
struct Index {
    set_start: Vec<usize>,
    set_coords: Vec<usize>,
    coord_start: Vec<usize>,
    coord_sets: Vec<usize>,
}

impl Index {
    fn new(sets: &[&Monomial]) -> Self {
        let mut coords: Vec<u32> = sets.iter().flat_map(|m| m.indices()).copied().collect();
        coords.sort_unstable();
        coords.dedup();
        let mut set_start = vec![0];
        let mut set_coords = Vec::new();
        for m in sets {
            set_coords.extend(
                m.indices()
                    .iter()
                    .map(|i| coords.partition_point(|c| c < i)),
            );
            set_start.push(set_coords.len());
        }
        let mut coord_start = vec![0; coords.len() + 1];
        for &c in &set_coords {
            coord_start[c + 1] += 1;
        }
        for c in 0..coords.len() {
            coord_start[c + 1] += coord_start[c];
        }
        let mut fill = coord_start.clone();
        let mut coord_sets = vec![0; set_coords.len()];
        for s in 0..sets.len() {
            for &c in &set_coords[set_start[s]..set_start[s + 1]] {
                coord_sets[fill[c]] = s;
                fill[c] += 1;
            }
        }
        Index {
            set_start,
            set_coords,
            coord_start,
            coord_sets,
        }
    }

    /// The greedy pass for threshold `limit`: an order of all supports in
    /// which each brings at most `limit` new coordinates, or `None`.
    fn greedy(&self, limit: usize) -> Option<Vec<usize>> {
        let n = self.set_start.len() - 1;
        let mut fresh: Vec<usize> = (0..n)
            .map(|s| self.set_start[s + 1] - self.set_start[s])
            .collect();
        let mut ready: VecDeque<usize> = (0..n).filter(|&s| fresh[s] <= limit).collect();
        let mut covered = vec![false; self.coord_start.len() - 1];
        let mut order = Vec::with_capacity(n);
        while let Some(s) = ready.pop_front() {
            order.push(s);
            for &c in &self.set_coords[self.set_start[s]..self.set_start[s + 1]] {
                if covered[c] {
                    continue;
                }
                covered[c] = true;
                for &t in &self.coord_sets[self.coord_start[c]..self.coord_start[c + 1]] {
                    fresh[t] -= 1;
                    if fresh[t] == limit {
                        ready.push_back(t);
                    }
                }
            }
        }
        (order.len() == n).then_some(order)
    }
}
