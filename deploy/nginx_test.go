package deploy

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// writeNginxConf writes, in dir, an nginx configuration that serves the
// folder root on listen through deploy/nginx.conf, in one process that
// stays in the foreground and writes nothing outside dir, and returns its
// path.
func writeNginxConf(t *testing.T, dir, root, listen string) string {
	t.Helper()
	snippet, err := filepath.Abs("nginx.conf")
	if err != nil {
		t.Fatal(err)
	}
	conf := fmt.Sprintf(`daemon off;
master_process off;
pid %[1]s/nginx.pid;
error_log stderr;
events { worker_connections 64; }
http {
    access_log off;
    client_body_temp_path %[1]s/body;
    server {
        listen %[2]s;
        root %[3]s;
        include %[4]s;
    }
}
`, dir, listen, root, snippet)
	name := filepath.Join(dir, "nginx.conf")
	if err := os.WriteFile(name, []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	return name
}

// TestNginxServes checks that nginx accepts the snippet (nginx -t), then
// runs nginx with it over the built site and reads the headers it sends.
func TestNginxServes(t *testing.T) {
	nginx, err := exec.LookPath("nginx")
	if err != nil {
		t.Skip("nginx is not installed (apt-get install nginx-light)")
	}
	page := pageCSP(t)
	root, dir := t.TempDir(), t.TempDir()
	var stylesheet string
	var notFound []byte
	// The files the requests below read; the whole site takes a second to
	// write on a busy disk.
	for _, f := range builtSite(t) {
		switch {
		case f.Path == "index.html", f.Path == "404.html", f.Path == "feed.xml", f.Path == "projects/index.html", f.Path == "data/projects.csv":
		case fingerprinted.MatchString(f.Path) && strings.HasSuffix(f.Path, ".css"):
		default:
			continue
		}
		name := filepath.Join(root, filepath.FromSlash(f.Path))
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
		if fingerprinted.MatchString(f.Path) && strings.HasSuffix(f.Path, ".css") {
			stylesheet = "/" + f.Path
		}
		if f.Path == "404.html" {
			notFound = f.Data
		}
	}
	// What a build leaves beside the site's pages: its manifest, and a
	// host's file under .well-known/ copied from static/.
	for name, data := range map[string]string{".portfolio-manifest": "index.html\n", ".well-known/security.txt": "Contact: mailto:a@example.org\n"} {
		name = filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	sock := filepath.Join(dir, "nginx.sock")
	conf := writeNginxConf(t, dir, root, "unix:"+sock)
	if out, err := exec.Command(nginx, "-t", "-q", "-e", "stderr", "-c", conf).CombinedOutput(); err != nil {
		t.Fatalf("nginx -t does not accept deploy/nginx.conf: %v\n%s", err, out)
	}
	cmd := exec.Command(nginx, "-e", "stderr", "-c", conf)
	var log bytes.Buffer
	cmd.Stdout, cmd.Stderr = &log, &log
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() {
		cmd.Process.Kill()
		<-exited
	})

	client := &http.Client{
		Timeout: 10 * time.Second,
		Transport: &http.Transport{DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
			return (&net.Dialer{}).DialContext(ctx, "unix", sock)
		}},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	// Wait until nginx answers, or has stopped.
	deadline := time.Now().Add(10 * time.Second)
	for {
		res, err := client.Get("http://site/")
		if err == nil {
			res.Body.Close()
			break
		}
		select {
		case err := <-exited:
			exited <- err
			t.Fatalf("nginx stopped: %v\n%s", err, log.String())
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("nginx does not answer: %v\n%s", err, log.String())
		}
	}

	tests := []struct {
		path   string
		status int
		cache  string // a part of Cache-Control
		typ    string // the Content-Type, when it matters
	}{
		{"/", 200, "max-age=0", "text/html; charset=utf-8"},
		{"/projects/", 200, "max-age=0", ""},
		{"/feed.xml", 200, "max-age=0", ""},
		{"/data/projects.csv", 200, "max-age=0", "text/csv; charset=utf-8"},
		{"/.well-known/security.txt", 200, "max-age=0", ""},
		{stylesheet, 200, "immutable", ""},
		{"/assets/style.00000000.css", 404, "max-age=0", ""},
		{"/no/such/page/", 404, "max-age=0", ""},
		{"/.portfolio-manifest", 404, "max-age=0", ""},
		{"/projects", 301, "max-age=0", ""},
	}
	for _, tt := range tests {
		res, err := client.Get("http://site" + tt.path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != tt.status {
			t.Errorf("GET %s: status %d, want %d", tt.path, res.StatusCode, tt.status)
		}
		if tt.typ != "" && res.Header.Get("Content-Type") != tt.typ {
			t.Errorf("GET %s: Content-Type %q, want %q", tt.path, res.Header.Get("Content-Type"), tt.typ)
		}
		if loc := res.Header.Get("Location"); res.StatusCode == 301 && loc != tt.path+"/" {
			t.Errorf("GET %s: redirected to %q, want the path %s/ alone", tt.path, loc, tt.path)
		}
		if cc := res.Header.Get("Cache-Control"); !strings.Contains(cc, tt.cache) {
			t.Errorf("GET %s: Cache-Control %q, want %s", tt.path, cc, tt.cache)
		}
		checkCSP(t, "nginx GET "+tt.path, res.Header.Get("Content-Security-Policy"), page)
		if res.StatusCode == 404 && !bytes.Equal(body, notFound) {
			t.Errorf("GET %s: the 404 page is not the site's 404.html", tt.path)
		}
	}
}
