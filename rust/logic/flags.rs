// SPDX-License-Identifier: GPL-2.0

//! Sets of flags: the one type behind the logic's reports of work for the
//! kernel side (option effects, active-slave changes, slave actions).

use core::fmt;
use core::marker::PhantomData;
use core::ops::{BitOr, BitOrAssign};

/// A set of flags of the kind `K` (a marker type), so that flags of
/// different sets cannot be mixed.
pub(crate) struct Flags<K> {
    bits: u32,
    _kind: PhantomData<K>,
}

impl<K> Flags<K> {
    /// No flag.
    pub(crate) const EMPTY: Self = Self::from_bits(0);

    /// Flag number `n`.
    pub(crate) const fn bit(n: u32) -> Self {
        Self::from_bits(1 << n)
    }

    const fn from_bits(bits: u32) -> Self {
        Self {
            bits,
            _kind: PhantomData,
        }
    }

    /// Both sets (`|` in constants).
    pub(crate) const fn union(self, other: Self) -> Self {
        Self::from_bits(self.bits | other.bits)
    }

    /// True if every flag of `f` is set.
    pub(crate) const fn has(self, f: Self) -> bool {
        self.bits & f.bits == f.bits
    }

    /// True if `self` and `f` share a flag.
    pub(crate) const fn intersects(self, f: Self) -> bool {
        self.bits & f.bits != 0
    }

    /// True if no flag is set.
    pub(crate) const fn is_empty(self) -> bool {
        self.bits == 0
    }

    /// The raw bits.
    pub(crate) const fn bits(self) -> u32 {
        self.bits
    }
}

impl<K> Clone for Flags<K> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<K> Copy for Flags<K> {}

impl<K> PartialEq for Flags<K> {
    fn eq(&self, other: &Self) -> bool {
        self.bits == other.bits
    }
}

impl<K> Eq for Flags<K> {}

impl<K> Default for Flags<K> {
    fn default() -> Self {
        Self::EMPTY
    }
}

impl<K> fmt::Debug for Flags<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Flags({:#x})", self.bits)
    }
}

impl<K> BitOr for Flags<K> {
    type Output = Self;

    fn bitor(self, other: Self) -> Self {
        self.union(other)
    }
}

impl<K> BitOrAssign for Flags<K> {
    fn bitor_assign(&mut self, other: Self) {
        *self = self.union(other);
    }
}
