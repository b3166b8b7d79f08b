// Package key makes the 64-bit keys the build's caches compare to tell
// whether what a page or a download part was made from has changed: one
// key from many values, each folded in so that two different sequences of
// values give the same key only by a 64-bit accident. A key is good only
// in the process that made it: strings are hashed with a seed made when
// the process starts.
package key

import "hash/maphash"

var seed = maphash.MakeSeed()

// Key is a key being made; start one with New.
type Key struct{ h uint64 }

// New returns a key of no values.
func New() Key { return Key{h: 0x9e3779b97f4a7c15} }

// U64 folds v in with SplitMix64's finaliser, a bijection: a different
// value, or the same ones in another order, gives another key.
func (k *Key) U64(v uint64) {
	x := k.h ^ v
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	k.h = x
}

// Str folds s in as its length and its hash, so that ("ab", "c") and ("a",
// "bc") give different keys.
func (k *Key) Str(s string) {
	k.U64(uint64(len(s)))
	k.U64(maphash.String(seed, s))
}

// Bytes folds b in as Str folds a string.
func (k *Key) Bytes(b []byte) {
	k.U64(uint64(len(b)))
	k.U64(maphash.Bytes(seed, b))
}

// Bool folds v in.
func (k *Key) Bool(v bool) {
	if v {
		k.U64(1)
	} else {
		k.U64(0)
	}
}

// Sum returns the key, never 0, which callers keep for "no key".
func (k Key) Sum() uint64 { return max(k.h, 1) }

// Of returns the hash of a comparable value as a whole (settings, say, so
// that a field added later cannot be left out of a key).
func Of[T comparable](v T) uint64 { return maphash.Comparable(seed, v) }
