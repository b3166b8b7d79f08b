package browser

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

const (
	tabTimeout  = 60 * time.Second // all of one test's tab, on a loaded 2-core machine
	waitTimeout = 20 * time.Second // one wait for the page to reach a state
)

// tab is one browser tab of a test, with what went wrong in it since the
// last page was opened: console errors, uncaught exceptions, failed loads.
type tab struct {
	t   *testing.T
	s   *suite
	ctx context.Context

	mu       sync.Mutex
	urls     map[network.RequestID]string // of every request, for the failures that name only the ID
	problems []string
}

// newTab opens a tab of the given viewport size; it closes when the test
// ends, or after tabTimeout.
func newTab(t *testing.T, s *suite, width, height int64) *tab {
	t.Helper()
	ctx, cancel := context.WithTimeout(s.browser, tabTimeout)
	t.Cleanup(cancel)
	tb := &tab{t: t, s: s, urls: map[network.RequestID]string{}}
	ctx, cancelTab := chromedp.NewContext(ctx, chromedp.WithListener(tb.listen))
	t.Cleanup(cancelTab)
	tb.ctx = ctx
	err := chromedp.Do(ctx,
		chromedp.EmulateViewport(width, height),
		// A background tab is not focused; keyboard tests need it to be.
		chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			_, err := cdp.Call(ctx, t, emulation.SetFocusEmulationEnabled, emulation.SetFocusEmulationEnabledParams{Enabled: true})
			return err
		}),
	)
	if err != nil {
		t.Fatalf("opening a tab: %v", err)
	}
	return tb
}

// disableScript turns JavaScript off for the pages the tab opens next.
func (tb *tab) disableScript() {
	tb.t.Helper()
	_, err := chromedp.Call(tb.ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
	if err != nil {
		tb.t.Fatalf("disabling JavaScript: %v", err)
	}
}

// open loads the site path p, e.g. "/projects/", waits for its load event
// and returns the document's HTTP status. Problems of earlier pages are
// forgotten.
func (tb *tab) open(p string) int64 {
	tb.t.Helper()
	tb.mu.Lock()
	tb.problems = nil
	tb.mu.Unlock()
	resp, err := chromedp.Run(tb.ctx, chromedp.NavigateResponse(tb.s.url(p)))
	if err != nil {
		tb.t.Fatalf("%s: loading: %v", p, err)
	}
	return resp.Status
}

// checkClean reports every problem since page p was opened.
func (tb *tab) checkClean(p string) {
	tb.t.Helper()
	tb.mu.Lock()
	problems := slices.Clone(tb.problems)
	tb.mu.Unlock()
	for _, pr := range problems {
		tb.t.Errorf("%s: %s", p, pr)
	}
}

// listen records what went wrong. It runs in the tab's event loop, in the
// order Chromium sent the events, so it must return quickly.
func (tb *tab) listen(ev any) {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	switch ev := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		if ev.Type == runtime.ConsoleAPICalledTypeError {
			tb.problems = append(tb.problems, "console.error: "+argsText(ev.Args))
		}
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		msg := d.Text
		if d.Exception != nil && d.Exception.Description != "" {
			msg += " " + d.Exception.Description
		}
		tb.problems = append(tb.problems, fmt.Sprintf("uncaught exception at %s:%d:%d: %s", d.URL, d.LineNumber+1, d.ColumnNumber+1, msg))
	case *log.EventEntryAdded:
		// Errors the browser itself logs, such as a Content-Security-Policy
		// violation; failed loads are reported below, with their URL.
		if e := ev.Entry; e.Level == log.EntryLevelError && e.Source != log.EntrySourceNetwork {
			tb.problems = append(tb.problems, fmt.Sprintf("browser error (%s): %s", e.Source, e.Text))
		}
	case *network.EventRequestWillBeSent:
		tb.urls[ev.RequestID] = ev.Request.URL
	case *network.EventResponseReceived:
		// The page's own status is the test's business; a part of the
		// page that answers 4xx or 5xx is a broken page.
		if ev.Type != network.ResourceTypeDocument && ev.Response.Status >= 400 && !isFavicon(ev.Response.URL) {
			tb.problems = append(tb.problems, fmt.Sprintf("%s %s: status %d", ev.Type, ev.Response.URL, ev.Response.Status))
		}
	case *network.EventLoadingFailed:
		u := tb.urls[ev.RequestID]
		if isFavicon(u) || (ev.Canceled && ev.BlockedReason == "") {
			return // no icon of our own, or a load cut short by leaving the page
		}
		msg := fmt.Sprintf("%s %s: failed to load: %s", ev.Type, u, ev.ErrorText)
		if ev.BlockedReason != "" {
			msg += " (blocked: " + string(ev.BlockedReason) + ")"
		}
		tb.problems = append(tb.problems, msg)
	}
}

// requested returns the first URL the tab asked for that ends in suffix,
// or "".
func (tb *tab) requested(suffix string) string {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	var urls []string
	for _, u := range tb.urls {
		if strings.HasSuffix(u, suffix) {
			urls = append(urls, u)
		}
	}
	slices.Sort(urls)
	if len(urls) == 0 {
		return ""
	}
	return urls[0]
}

// isFavicon reports whether u is the icon browsers ask for by themselves.
func isFavicon(u string) bool { return strings.HasSuffix(u, "/favicon.ico") }

func argsText(args []*runtime.RemoteObject) string {
	var parts []string
	for _, a := range args {
		switch {
		case a.Description != "":
			parts = append(parts, a.Description)
		case len(a.Value) > 0:
			parts = append(parts, string(a.Value))
		default:
			parts = append(parts, string(a.Type))
		}
	}
	return strings.Join(parts, " ")
}

// evaluate runs the JavaScript expression expr in the page and decodes its
// value, which must be JSON, into T.
func evaluate[T any](tb *tab, expr string) T {
	tb.t.Helper()
	v, err := chromedp.Run(tb.ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		tb.t.Fatalf("evaluating %.60q…: %v", expr, err)
	}
	return v
}

// waitFor evaluates expr until ok accepts its value, and returns that
// value. The page's own CSP forbids the eval that chromedp.Poll uses, so
// the polling is done from here.
func waitFor[T any](tb *tab, what, expr string, ok func(T) bool) T {
	tb.t.Helper()
	deadline := time.Now().Add(waitTimeout)
	for {
		v, err := chromedp.Run(tb.ctx, chromedp.Evaluate[T](expr))
		if err == nil && ok(v) {
			return v
		}
		if time.Now().After(deadline) || tb.ctx.Err() != nil {
			tb.t.Fatalf("gave up waiting %s for %s: last value %+v, error %v", waitTimeout, what, v, err)
		}
		select {
		case <-tb.ctx.Done():
		case <-time.After(50 * time.Millisecond):
		}
	}
}
