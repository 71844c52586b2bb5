//! The crate's one stable sort.

use std::cmp::Ordering;

/// Sorts `items` stably by `compare`, as `sort_by` does, through one
/// non-generic index sort: each `sort_by` on another element type or
/// closure compiles the standard library's stable sort again (5 to 7 KB of
/// wasm each). Quire sorts its lists with it (diagnostics, footnotes, search
/// hits, the compatibility stage's).
pub(crate) fn stable_sort_by<T>(items: &mut Vec<T>, mut compare: impl FnMut(&T, &T) -> Ordering) {
    let order = stable_order(items.len(), &mut |a, b| compare(&items[a], &items[b]));
    let mut slots: Vec<Option<T>> = items.drain(..).map(Some).collect();
    items.extend(order.into_iter().filter_map(|at| slots[at].take()));
}

#[inline(never)]
fn stable_order(len: usize, compare: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    order.sort_by(|&a, &b| compare(a, b));
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shared_sort_is_stable() {
        let mut items = vec![(2, 'a'), (1, 'b'), (2, 'c'), (0, 'd'), (1, 'e')];
        stable_sort_by(&mut items, |x, y| x.0.cmp(&y.0));
        assert_eq!(items, [(0, 'd'), (1, 'b'), (1, 'e'), (2, 'a'), (2, 'c')]);
    }
}
