//! The explored states of a chain: their keys in one flat arena and an open-addressing table
//! from key to state number, so that looking a state up allocates nothing and a new state
//! costs one append (a map of boxed keys allocated twice per state and hashed with SipHash,
//! which was a third of the generation time).

/// State keys, numbered in the order they were added.
pub struct StateIndex {
    arena: Vec<u32>,
    /// Start of each key in the arena; one more entry than keys.
    starts: Vec<usize>,
    /// State number + 1 per slot, 0 when empty; the length is a power of two.
    table: Vec<u32>,
}

impl StateIndex {
    /// An empty index.
    pub fn new() -> StateIndex {
        StateIndex {
            arena: Vec::new(),
            starts: vec![0],
            table: vec![0; 1024],
        }
    }

    /// Number of states.
    pub fn len(&self) -> usize {
        self.starts.len() - 1
    }

    /// The key of state `s`.
    pub fn key(&self, s: usize) -> &[u32] {
        &self.arena[self.starts[s]..self.starts[s + 1]]
    }

    /// The state with this key, if known.
    pub fn get(&self, key: &[u32]) -> Option<u32> {
        let mask = self.table.len() - 1;
        let mut slot = hash(key) as usize & mask;
        loop {
            match self.table[slot] {
                0 => return None,
                s if self.key(s as usize - 1) == key => return Some(s - 1),
                _ => slot = (slot + 1) & mask,
            }
        }
    }

    /// Adds a key not yet known; returns its state number.
    pub fn insert(&mut self, key: &[u32]) -> u32 {
        let s = self.len() as u32;
        self.arena.extend_from_slice(key);
        self.starts.push(self.arena.len());
        if 2 * self.len() > self.table.len() {
            self.grow();
        } else {
            self.place(s);
        }
        s
    }

    fn place(&mut self, s: u32) {
        let mask = self.table.len() - 1;
        let mut slot = hash(self.key(s as usize)) as usize & mask;
        while self.table[slot] != 0 {
            slot = (slot + 1) & mask;
        }
        self.table[slot] = s + 1;
    }

    fn grow(&mut self) {
        self.table = vec![0; self.table.len() * 2];
        for s in 0..self.len() as u32 {
            self.place(s);
        }
    }
}

/// A multiplicative hash of the words (the FxHash step, finished by a final mix so that the
/// low bits used for the table depend on every word).
fn hash(key: &[u32]) -> u64 {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let mut h = key.len() as u64;
    for &w in key {
        h = (h.rotate_left(5) ^ u64::from(w)).wrapping_mul(K);
    }
    h ^= h >> 29;
    h = h.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h ^ (h >> 32)
}

#[cfg(test)]
mod tests {
    use super::StateIndex;

    #[test]
    fn finds_what_was_inserted_across_growth() {
        let mut index = StateIndex::new();
        for i in 0..5000u32 {
            assert_eq!(index.get(&[i, i / 7]), None);
            assert_eq!(index.insert(&[i, i / 7]), i);
        }
        for i in 0..5000u32 {
            assert_eq!(index.get(&[i, i / 7]), Some(i));
            assert_eq!(index.key(i as usize), &[i, i / 7]);
        }
        assert_eq!(index.get(&[1, 2, 3]), None);
        assert_eq!(index.len(), 5000);
    }
}
