package build

import (
	"context"
	"encoding/json"
	"math/rand/v2"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"gazette/cmd/gazette/internal/disk"
	"gazette/cmd/gazette/internal/search"
	"gazette/templates"
)

// TestMain lets the test binary act as a build process, for
// TestKilledBuilds and TestEditSequences.
func TestMain(m *testing.M) {
	if spec := os.Getenv("GAZETTE_TEST_BUILD"); spec != "" {
		if err := runProcessBuild(spec); err != nil {
			os.Stderr.WriteString(err.Error())
			os.Exit(1)
		}
		os.Exit(0)
	}
	if dir := os.Getenv("GAZETTE_CRASH_BUILD"); dir != "" {
		_, err := Run(context.Background(), Options{
			Content: os.DirFS(filepath.Join(dir, "content")), ContentRoot: "content", Templates: templates.FS,
			Public: filepath.Join(dir, "public"), Index: filepath.Join(dir, "index"), Now: sampleTime,
		})
		if err != nil {
			os.Stderr.WriteString(err.Error())
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

const marker = "crash-marker"

// TestKilledBuilds kills builds with SIGKILL at random moments, at least 20
// times, alternating between two versions of the content. After each, the
// pair public/ + index/ must be whole and from one build: the old version or
// the new, never a mix.
func TestKilledBuilds(t *testing.T) {
	dir := t.TempDir()
	content := filepath.Join(dir, "content")
	if err := os.CopyFS(content, os.DirFS(sampleDir)); err != nil {
		t.Fatal(err)
	}
	extra := filepath.Join(content, "news", "2026", marker+".md")
	child := func(ctx context.Context) *exec.Cmd {
		cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), "GAZETTE_CRASH_BUILD="+dir)
		return cmd
	}
	// A first whole build, then an incremental one, timed, to know when to
	// strike: the builds below are incremental too, and far quicker than
	// the first.
	if out, err := child(context.Background()).CombinedOutput(); err != nil {
		t.Fatalf("first build: %v\n%s", err, out)
	}
	os.WriteFile(extra, []byte("---\ntitle: 崩潰測試 "+marker+"\ndate: 2026-01-05\n---\n"+marker+"\n"), 0o644)
	start := time.Now()
	if out, err := child(context.Background()).CombinedOutput(); err != nil {
		t.Fatalf("second build: %v\n%s", err, out)
	}
	took := time.Since(start)
	kills, finished := 0, 0
	for i := 1; kills < 20 && i < 100; i++ {
		// Alternate the versions: with and without the marker document.
		if i%2 == 0 {
			os.WriteFile(extra, []byte("---\ntitle: 崩潰測試 "+marker+"\ndate: 2026-01-05\n---\n"+marker+"\n"), 0o644)
		} else {
			os.Remove(extra)
		}
		cmd := child(context.Background())
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(rand.Int64N(int64(took))))
		if cmd.Process.Signal(syscall.SIGKILL) == nil {
			if err := cmd.Wait(); err != nil {
				kills++
			} else {
				finished++
			}
		}
		checkPair(t, dir)
	}
	if kills < 20 {
		t.Errorf("only %d builds were killed mid-way (%d finished first)", kills, finished)
	}
	t.Logf("%d builds killed, %d finished before the signal; every time public/ and index/ were whole and from one build", kills, finished)
}

// checkPair shows public/ and index/ are one build's: both resolve into
// the same generation, every sitemap page exists, and the index holds the
// marker document exactly when the site does.
func checkPair(t *testing.T, dir string) {
	t.Helper()
	pub, err1 := filepath.EvalSymlinks(filepath.Join(dir, "public"))
	idx, err2 := filepath.EvalSymlinks(filepath.Join(dir, "index"))
	if err1 != nil || err2 != nil {
		t.Fatalf("public/ or index/ missing: %v %v", err1, err2)
	}
	if filepath.Dir(pub) != filepath.Dir(idx) {
		t.Fatalf("public/ (%s) and index/ (%s) come from different builds", pub, idx)
	}
	sitemap, err := os.ReadFile(filepath.Join(pub, "sitemap.xml"))
	if err != nil {
		t.Fatal(err)
	}
	pages := 0
	for _, line := range strings.Split(string(sitemap), "\n") {
		if u, ok := strings.CutPrefix(strings.TrimSpace(line), "<loc>https://gazette.example.org/"); ok {
			u = strings.TrimSuffix(u, "</loc>")
			p, err := url.PathUnescape(u)
			if err != nil || !exists(pub, "/"+p) {
				t.Fatalf("public/ is not whole: /%s missing", u)
			}
			pages++
		}
	}
	if pages < 50 {
		t.Fatalf("sitemap lists %d pages", pages)
	}
	_, err = os.Stat(filepath.Join(pub, "news", "2026", marker, "index.html"))
	inSite := err == nil
	ix, err := search.Open(idx)
	if err != nil {
		t.Fatalf("index does not open: %v", err)
	}
	defer ix.Close()
	res, err := ix.Search(context.Background(), search.Query{Text: marker})
	if err != nil {
		t.Fatal(err)
	}
	if inIndex := res.Total > 0; inIndex != inSite {
		t.Fatalf("site has the marker: %v, index has it: %v", inSite, inIndex)
	}
	var cfg map[string]any
	if b, err := os.ReadFile(filepath.Join(idx, disk.SiteFile)); err != nil || json.Unmarshal(b, &cfg) != nil {
		t.Fatalf("index/%s missing or broken: %v", disk.SiteFile, err)
	}
}
