package export

import (
	"maps"
	"slices"
)

// MemoKeys returns the keys of the parts m keeps for each download, so
// that the tests in package export_test can see which parts a build made
// and which it reused.
func MemoKeys(m *Memo) (json, csv, iati []uint64) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return slices.Collect(maps.Keys(m.kept[JSONPath])), slices.Collect(maps.Keys(m.kept[CSVPath])), slices.Collect(maps.Keys(m.kept[IATIPath]))
}
