//! Sorting lists of actors in linear time (a least-significant-digit radix sort on actor
//! indices), for answers listed by actor: a neighbourhood's rings hold hundreds or thousands of
//! actors, where a comparison sort would cost more than the search that found them.

use crate::graph::ActorKey;

/// A comparison sort is faster for lists shorter than the number of counters of a digit
/// divided by this (measured: 50 actors for 8-bit digits, 100 for 9 bits).
const COUNTERS_PER_KEY: usize = 5;

/// The widest digit, in bits: 2,048 counters, which stay in the first-level cache.
const MAX_DIGIT_BITS: u32 = 11;

/// Sorts `keys`, all below `bound`, in ascending order: the same result as `sort_unstable`.
/// `tmp` and `counts` are buffers reused from one call to the next.
pub(crate) fn sort_actors(keys: &mut [ActorKey], bound: usize, tmp: &mut Vec<ActorKey>, counts: &mut Vec<u32>) {
    let bits = usize::BITS - bound.saturating_sub(1).leading_zeros();
    let passes = bits.div_ceil(MAX_DIGIT_BITS).max(1);
    let width = bits.div_ceil(passes);
    if keys.len() * COUNTERS_PER_KEY < 1 << width {
        keys.sort_unstable();
        return;
    }
    let mask = (1u32 << width) - 1;
    let buckets = 1 << width;
    tmp.clear();
    tmp.resize(keys.len(), ActorKey(0));
    // Every digit is counted in one pass over the keys; then one pass per digit moves them.
    counts.clear();
    counts.resize(buckets * passes as usize, 0);
    if passes == 2 {
        let (low, high) = counts.split_at_mut(buckets);
        for k in keys.iter() {
            low[(k.0 & mask) as usize] += 1;
            high[((k.0 >> width) & mask) as usize] += 1;
        }
    } else {
        for k in keys.iter() {
            for (pass, c) in counts.chunks_exact_mut(buckets).enumerate() {
                c[((k.0 >> (pass as u32 * width)) & mask) as usize] += 1;
            }
        }
    }
    for c in counts.chunks_exact_mut(buckets) {
        let mut start = 0;
        for c in c.iter_mut() {
            let n = *c;
            *c = start;
            start += n;
        }
    }
    let (mut src, mut dst) = (keys, tmp.as_mut_slice());
    for (pass, c) in counts.chunks_exact_mut(buckets).enumerate() {
        let shift = pass as u32 * width;
        for &k in src.iter() {
            let digit = ((k.0 >> shift) & mask) as usize;
            dst[c[digit] as usize] = k;
            c[digit] += 1;
        }
        std::mem::swap(&mut src, &mut dst);
    }
    if passes % 2 == 1 {
        // The sorted keys are in `tmp`.
        dst.copy_from_slice(src);
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        #[test]
        fn sorts_as_a_comparison_sort(
            (bound, keys) in (1usize..5_000_000).prop_flat_map(|b| (Just(b), proptest::collection::vec(0..b as u32, 0..600))),
        ) {
            let mut expected: Vec<ActorKey> = keys.iter().map(|&k| ActorKey(k)).collect();
            let mut sorted = expected.clone();
            expected.sort_unstable();
            let (mut tmp, mut counts) = (Vec::new(), Vec::new());
            sort_actors(&mut sorted, bound, &mut tmp, &mut counts);
            prop_assert_eq!(&sorted, &expected);
            // Again with the buffers of the first call.
            let mut again: Vec<ActorKey> = keys.iter().rev().map(|&k| ActorKey(k)).collect();
            sort_actors(&mut again, bound, &mut tmp, &mut counts);
            prop_assert_eq!(again, expected);
        }
    }

    #[test]
    fn every_width_of_index() {
        for bound in [1usize, 2, 3, 255, 256, 257, 2048, 2049, 1 << 22, 1 << 23, u32::MAX as usize + 1] {
            let top = (bound - 1) as u64;
            let mut keys: Vec<ActorKey> = (0..1000u64).map(|i| ActorKey((i * 7919 % (top + 1)) as u32)).collect();
            keys.push(ActorKey(top as u32));
            let mut expected = keys.clone();
            expected.sort_unstable();
            sort_actors(&mut keys, bound, &mut Vec::new(), &mut Vec::new());
            assert_eq!(keys, expected, "bound {bound}");
        }
    }
}
