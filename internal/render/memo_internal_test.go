package render

import (
	"os"
	"testing"

	"portfolio/internal/site"
)

// TestMemoKnowsTheLayouts: the memo's keys (memo.go) are written for the
// repository's layouts, which knownLayouts identifies. When a layout
// changes, check the two things knownLayouts's comment lists — that
// memoKey, pageKey and entryKey still hold everything the changed layouts
// show of a page's data (a key that misses a value serves a stale page in
// the preview), and that the list functions are printed straight into
// HTML text — and then
// set knownLayouts to the digest this test prints.
func TestMemoKnowsTheLayouts(t *testing.T) {
	r, l := Load(os.DirFS("../.."), site.Settings{})
	if l.HasErrors() {
		t.Fatalf("loading the repository's layouts: %v", l)
	}
	if r.layouts != knownLayouts {
		t.Errorf("layouts/ is not what knownLayouts certifies: check the two things its comment in memo.go lists against the layouts (the memo's keys, how lists are printed), then set knownLayouts to %q", r.layouts)
	}
}
