package watch

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"gazette/cmd/gazette/internal/build"
	"gazette/cmd/gazette/internal/serve"
	"gazette/templates"
)

var sampleTime = time.Date(2026, 11, 26, 9, 0, 0, 0, time.FixedZone("CST", 8*3600))

// syncBuf is a terminal the watcher and the test share.
type syncBuf struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuf) Write(p []byte) (int, error) { s.mu.Lock(); defer s.mu.Unlock(); return s.b.Write(p) }
func (s *syncBuf) String() string              { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

type fixture struct {
	content, public string
	ts              *httptest.Server
	events          chan string // "name: data"
	term            *syncBuf
}

// start copies the sample content, builds it, serves it in watch mode and
// opens an event stream, as a browser tab would.
func start(t *testing.T) *fixture {
	t.Helper()
	dir := t.TempDir()
	f := &fixture{content: filepath.Join(dir, "content"), public: filepath.Join(dir, "public"), term: &syncBuf{}}
	if err := os.CopyFS(f.content, os.DirFS(filepath.Join("..", "..", "..", "..", "content"))); err != nil {
		t.Fatal(err)
	}
	w := New(Options{
		Build: build.Options{Content: os.DirFS(f.content), ContentRoot: "content", Templates: templates.FS,
			Public: f.public, Index: filepath.Join(dir, "index")},
		ContentDir: f.content, Clock: func() time.Time { return sampleTime }, Out: f.term,
	})
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	if err := w.Build(ctx); err != nil {
		t.Fatal(err)
	}
	srv, err := serve.New(serve.Options{Public: f.public, Index: filepath.Join(dir, "index"), Templates: templates.FS, Wrap: w.Handler})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	w.SetChanged(srv.Reload)
	f.ts = httptest.NewServer(srv)
	t.Cleanup(f.ts.Close)
	ready := make(chan struct{})
	go func() { _ = w.Run(ctx); close(ready) }()
	t.Cleanup(func() { cancel(); <-ready; w.Close() })

	resp, err := http.Get(f.ts.URL + EventsPath)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("events: Content-Type %q", ct)
	}
	f.events = make(chan string, 16)
	go func() {
		sc := bufio.NewScanner(resp.Body)
		var name string
		var data []string
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "event: "):
				name = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				data = append(data, strings.TrimPrefix(line, "data: "))
			case line == "" && name != "":
				f.events <- name + ": " + strings.Join(data, "\n")
				name, data = "", nil
			}
		}
	}()
	time.Sleep(150 * time.Millisecond) // let fsnotify settle
	return f
}

func (f *fixture) get(t *testing.T, p string) (int, string) {
	t.Helper()
	resp, err := http.Get(f.ts.URL + p)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func (f *fixture) event(t *testing.T, name string) string {
	t.Helper()
	timeout := time.After(20 * time.Second)
	for {
		select {
		case e := <-f.events:
			if strings.HasPrefix(e, name+":") {
				return e
			}
		case <-timeout:
			t.Fatalf("no %q event; terminal:\n%s", name, f.term.String())
		}
	}
}

type fileID struct {
	ino   uint64
	mtime int64
}

func ids(t *testing.T, root string) map[string]fileID {
	t.Helper()
	out := map[string]fileID{}
	real, err := filepath.EvalSymlinks(root)
	if err != nil {
		t.Fatal(err)
	}
	filepath.WalkDir(real, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			info, _ := d.Info()
			rel, _ := filepath.Rel(real, p)
			out[filepath.ToSlash(rel)] = fileID{info.Sys().(*syscall.Stat_t).Ino, info.ModTime().UnixNano()}
		}
		return nil
	})
	return out
}

const doc = "gazette/2025/01/2025-office-doc-2-heating-supply.md"

func TestEditRebuildsTouchedPagesAndReloads(t *testing.T) {
	f := start(t)
	code, page := f.get(t, "/")
	if code != 200 || !strings.Contains(page, `<script src="/_gazette/reload.js" defer></script></body>`) {
		t.Fatalf("home page: %d, script not injected before </body>", code)
	}
	if code, js := f.get(t, ScriptPath); code != 200 || !strings.Contains(js, "EventSource") {
		t.Fatalf("reload.js: %d", code)
	}
	before := ids(t, f.public)

	src := filepath.Join(f.content, filepath.FromSlash(doc))
	data, _ := os.ReadFile(src)
	edited := bytes.Replace(data, []byte("\n---\n"), []byte("\n---\n\n編者按：本段為即時預覽測試。\n"), 1)
	if err := os.WriteFile(src, edited, 0o644); err != nil {
		t.Fatal(err)
	}
	f.event(t, "reload")
	_, page = f.get(t, "/gazette/2025/01/2025-office-doc-2-heating-supply/")
	if !strings.Contains(page, "編者按：本段為即時預覽測試。") {
		t.Fatalf("the edited document's page does not show the edit")
	}

	after := ids(t, f.public)
	var rewritten []string
	for p, id := range after {
		if before[p] != id {
			rewritten = append(rewritten, p)
		}
	}
	t.Logf("rewritten: %v", rewritten)
	if len(rewritten) == 0 || len(rewritten) > len(before)/4 {
		t.Fatalf("rewrote %d of %d files: %v", len(rewritten), len(before), rewritten)
	}
	for _, p := range []string{"about/overview/index.html", "assets/style.css", "gazette/2024/12/index.html", "404.html"} {
		if _, ok := before[p]; !ok {
			t.Errorf("%s is not in the site", p)
		} else if before[p] != after[p] {
			t.Errorf("%s was rewritten; nothing it shows changed", p)
		}
	}
	if before["gazette/2025/01/2025-office-doc-2-heating-supply/index.html"] == after["gazette/2025/01/2025-office-doc-2-heating-supply/index.html"] {
		t.Errorf("the edited document's page was not rewritten")
	}
	if !strings.Contains(f.term.String(), "rebuilt in") {
		t.Errorf("terminal: %q", f.term.String())
	}
}

func TestErrorKeepsLastGoodSite(t *testing.T) {
	f := start(t)
	_, old := f.get(t, "/gazette/2025/01/2025-office-doc-2-heating-supply/")
	src := filepath.Join(f.content, filepath.FromSlash(doc))
	data, _ := os.ReadFile(src)
	broken := bytes.Replace(data, []byte("\ntitle:"), []byte("\ntitel:"), 1)
	if err := os.WriteFile(src, broken, 0o644); err != nil {
		t.Fatal(err)
	}
	e := f.event(t, "problem")
	want := `content/` + doc + `:2:1: error: unknown field "titel" (did you mean "title"?)`
	if !strings.Contains(e, want) {
		t.Errorf("problem event %q does not hold %q", e, want)
	}
	if !strings.Contains(f.term.String(), want) || !strings.Contains(f.term.String(), "still serving the last good site") {
		t.Errorf("terminal does not report the error:\n%s", f.term.String())
	}
	if _, now := f.get(t, "/gazette/2025/01/2025-office-doc-2-heating-supply/"); now != old {
		t.Errorf("the page changed after a failed build")
	}
	// A tab opened now is told of the problem at once.
	resp, err := http.Get(f.ts.URL + EventsPath)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	br := bufio.NewReader(resp.Body)
	var got strings.Builder
	for !strings.Contains(got.String(), "event: problem") {
		line, err := br.ReadString('\n')
		if err != nil {
			t.Fatal(err)
		}
		got.WriteString(line)
	}
	// Fixing it clears the overlay; the pages are the last good ones already.
	if err := os.WriteFile(src, data, 0o644); err != nil {
		t.Fatal(err)
	}
	f.event(t, "ok")
}

func TestInject(t *testing.T) {
	for in, want := range map[string]string{
		"<p>x</p></body></html>": "<p>x</p>" + scriptTag + "</body></html>",
		"no body":                "no body" + scriptTag,
	} {
		if got := string(inject([]byte(in))); got != want {
			t.Errorf("Inject(%q) = %q, want %q", in, got, want)
		}
	}
}
