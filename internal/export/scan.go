package export

// Word-at-a-time scanning for the JSON and XML writers: most of the text
// they write is runs of bytes copied as they are, which are skipped eight
// at a time. Each function below returns, for eight bytes w read by word
// (the first byte the lowest), a word whose lowest set bit is the high bit
// of the first byte the writer must look at, or 0 when there is none. The
// tests compare the writers with encoding/json and encoding/xml.

const (
	ones  = 0x0101010101010101 // 0x01 in every byte
	highs = 0x8080808080808080 // every byte's high bit
)

// jsonSpecial finds the bytes appendString looks at: below 0x20, '"', '\\'
// and those at or above 0x80, of multi-byte runes or invalid UTF-8.
func jsonSpecial(w uint64) uint64 {
	return (below(w, 0x20) | equal(w, '"') | equal(w, '\\') | w) & highs
}

// xmlSpecial finds the bytes appendXMLText looks at: below 0x20, the five
// markup characters and those at or above 0x80.
func xmlSpecial(w uint64) uint64 {
	return (below(w, 0x20) | equal(w, '"') | equal(w, '\'') | equal(w, '&') | equal(w, '<') | equal(w, '>') | w) & highs
}

// below sets the high bit of w's bytes below n (n <= 0x80). A byte
// borrows from the one above it only when it is below n itself, so bits
// can be set wrongly above the first such byte but never below it: the
// lowest set bit is exact, which is all a caller reads.
func below(w uint64, n byte) uint64 { return (w - ones*uint64(n)) &^ w }

// equal sets the high bit of w's bytes equal to c, exact in the same way.
func equal(w uint64, c byte) uint64 { return below(w^(ones*uint64(c)), 1) }

// word returns the first eight bytes of src as a little-endian uint64,
// which the compiler makes one load.
func word[T string | []byte](src T) uint64 {
	_ = src[7]
	return uint64(src[0]) | uint64(src[1])<<8 | uint64(src[2])<<16 | uint64(src[3])<<24 |
		uint64(src[4])<<32 | uint64(src[5])<<40 | uint64(src[6])<<48 | uint64(src[7])<<56
}
