package key

import "testing"

// TestDistinct checks that sequences differing in a value, in order or in
// where one string ends and the next begins give different keys, and equal
// sequences the same. (Values carry no type: Bool(true) is U64(1), as a
// caller folding a fixed list of fields wants.)
func TestDistinct(t *testing.T) {
	make := func(f func(k *Key)) uint64 {
		k := New()
		f(&k)
		return k.Sum()
	}
	keys := map[uint64]string{}
	for name, f := range map[string]func(*Key){
		"none":      func(*Key) {},
		"1":         func(k *Key) { k.U64(1) },
		"2":         func(k *Key) { k.U64(2) },
		"1 2":       func(k *Key) { k.U64(1); k.U64(2) },
		"2 1":       func(k *Key) { k.U64(2); k.U64(1) },
		"ab c":      func(k *Key) { k.Str("ab"); k.Str("c") },
		"a bc":      func(k *Key) { k.Str("a"); k.Str("bc") },
		"empty str": func(k *Key) { k.Str("") },
	} {
		got := make(f)
		if got == 0 {
			t.Errorf("%s: key 0", name)
		}
		if other, ok := keys[got]; ok {
			t.Errorf("%s and %s give the same key", name, other)
		}
		keys[got] = name
		if again := make(f); again != got {
			t.Errorf("%s: %x, then %x", name, got, again)
		}
	}
}

func TestBool(t *testing.T) {
	a, b := New(), New()
	a.Bool(true)
	b.Bool(false)
	if a.Sum() == b.Sum() {
		t.Error("true and false give the same key")
	}
}
