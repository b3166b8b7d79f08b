package preview

import (
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

// TestNoTornResponses serves 200 concurrent GETs while Publish swaps between
// two versions of the site: every body must be one version's page, whole.
func TestNoTornResponses(t *testing.T) {
	const pages, size, clients, perClient, swaps = 10, 64 << 10, 200, 5, 50
	version := func(tag string) map[string][]byte {
		files := make(map[string][]byte)
		for i := range pages {
			name := fmt.Sprintf("p%d/index.html", i)
			files[name] = []byte("<html><body>" + strings.Repeat(tag, size) + fmt.Sprintf(" page %d</body></html>", i))
		}
		files["assets/data.json"] = []byte(strings.Repeat(tag, size))
		return files
	}
	a, b := version("A"), version("B")
	srv := New()
	srv.Publish(Snapshot{Files: a}, Reload)
	base, c := start(t, srv)

	var wg sync.WaitGroup
	var seenA, seenB atomic.Int64
	// The swaps are spread over the run: one per every few responses.
	progress := make(chan struct{}, clients*perClient)
	wg.Go(func() {
		for i := range swaps {
			for range clients * perClient / swaps {
				<-progress
			}
			snap := a
			if i%2 == 0 {
				snap = b
			}
			srv.Publish(Snapshot{Files: snap}, Reload)
		}
	})
	for g := range clients {
		wg.Go(func() {
			for i := range perClient {
				name := fmt.Sprintf("p%d/index.html", (g+i)%pages)
				path := "/" + strings.TrimSuffix(name, "index.html")
				if i == perClient-1 {
					name, path = "assets/data.json", "/assets/data.json"
				}
				res, err := fetch(c, "GET", base+path)
				progress <- struct{}{}
				if err != nil {
					t.Error(err)
					continue
				}
				body, _, ok := stripTag(res.body)
				if name == "assets/data.json" {
					ok = !ok // never injected
				}
				switch {
				case res.status == 200 && ok && body == string(a[name]):
					seenA.Add(1)
				case res.status == 200 && ok && body == string(b[name]):
					seenB.Add(1)
				default:
					t.Errorf("GET %s: status %d, %d bytes, not one version's %s", path, res.status, len(res.body), name)
				}
			}
		})
	}
	wg.Wait()
	t.Logf("%d responses from version A, %d from version B", seenA.Load(), seenB.Load())
}
