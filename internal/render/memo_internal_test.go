package render

import (
	"os"
	"testing"

	"portfolio/internal/site"
)

// TestMemoKnowsTheLayouts: the memo's keys (memo.go) are written for the
// repository's layouts, which knownLayouts identifies. When a layout
// changes, check that memoKey, pageKey and entryKey still hold everything
// the changed layouts show of a page's data — a key that misses a value
// serves a stale page in the preview — and then set knownLayouts to the
// digest this test prints.
func TestMemoKnowsTheLayouts(t *testing.T) {
	r, l := Load(os.DirFS("../.."), site.Settings{})
	if l.HasErrors() {
		t.Fatalf("loading the repository's layouts: %v", l)
	}
	if r.layouts != knownLayouts {
		t.Errorf("layouts/ is not what the memo's keys were written for: check the keys in memo.go against it, then set knownLayouts to %q", r.layouts)
	}
}
