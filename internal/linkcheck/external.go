package linkcheck

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"sync"
	"time"

	"portfolio/internal/diag"
	"portfolio/internal/site"
)

// ExternalOptions bound an external link check.
type ExternalOptions struct {
	Client      *http.Client  // nil: a client with Timeout per request
	Concurrency int           // requests in flight at once; default 8
	Timeout     time.Duration // per request; default 10s
}

// External fetches every distinct http(s) link of s's projects — their
// `link` fields and the links in their bodies — and reports each one that
// fails (a network error, or a status of 400 or more) at every place it is
// written. It asks with HEAD first and falls back to GET for servers that
// refuse HEAD. At most opts.Concurrency requests run at once; each is
// bounded by opts.Timeout, and all stop when ctx is done.
func External(ctx context.Context, s *site.Site, opts ExternalOptions) diag.List {
	if opts.Concurrency <= 0 {
		opts.Concurrency = 8
	}
	if opts.Timeout <= 0 {
		opts.Timeout = 10 * time.Second
	}
	client := opts.Client
	if client == nil {
		client = &http.Client{Timeout: opts.Timeout}
	}
	type place struct {
		path string
		pos  diag.Pos
	}
	where := map[string][]place{}
	add := func(raw, path string, pos diag.Pos) {
		u, err := url.Parse(raw)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return
		}
		u.Fragment = ""
		where[u.String()] = append(where[u.String()], place{path, pos})
	}
	for _, p := range s.Projects {
		if p.Link != "" {
			add(p.Link, p.Path, p.LinkPos)
		}
		for _, l := range p.Links {
			add(l.URL, p.Path, l.Pos)
		}
	}
	urls := make([]string, 0, len(where))
	for u := range where {
		urls = append(urls, u)
	}
	slices.Sort(urls)

	problems := make([]string, len(urls))
	var wg sync.WaitGroup
	next := make(chan int)
	for range opts.Concurrency {
		wg.Go(func() {
			for i := range next {
				problems[i] = fetch(ctx, client, urls[i], opts.Timeout)
			}
		})
	}
	for i := range urls {
		next <- i
	}
	close(next)
	wg.Wait()

	var l diag.List
	for i, u := range urls {
		if problems[i] == "" {
			continue
		}
		for _, w := range where[u] {
			l.Errorf(w.path, w.pos, "external link %s: %s", u, problems[i])
		}
	}
	l.Sort()
	return l
}

// fetch returns why u is broken, or "" when it answers.
func fetch(ctx context.Context, client *http.Client, u string, timeout time.Duration) string {
	var last string
	for _, method := range []string{http.MethodHead, http.MethodGet} {
		rctx, cancel := context.WithTimeout(ctx, timeout)
		req, err := http.NewRequestWithContext(rctx, method, u, nil)
		if err != nil {
			cancel()
			return err.Error()
		}
		req.Header.Set("User-Agent", "portfolio-linkcheck")
		res, err := client.Do(req)
		if err != nil {
			cancel()
			if ctx.Err() != nil {
				return "not checked: " + ctx.Err().Error()
			}
			return fmt.Sprintf("no answer (%v)", unwrapURLError(err))
		}
		io.Copy(io.Discard, io.LimitReader(res.Body, 64<<10))
		res.Body.Close()
		cancel()
		if res.StatusCode < 400 {
			return ""
		}
		last = fmt.Sprintf("the server answers %s", res.Status)
		// Some servers refuse HEAD; ask again with GET before concluding.
		if method == http.MethodHead && (res.StatusCode == http.StatusMethodNotAllowed || res.StatusCode == http.StatusNotImplemented || res.StatusCode == http.StatusForbidden) {
			continue
		}
		break
	}
	return last
}

func unwrapURLError(err error) error {
	if ue, ok := err.(*url.Error); ok {
		return ue.Err
	}
	return err
}
