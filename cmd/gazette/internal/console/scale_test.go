package console

import (
	"flag"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"gazette/cmd/gazette/internal/accounts"
	"gazette/cmd/gazette/internal/record"
	"gazette/cmd/gazette/internal/testcorpus"
	"gazette/templates"
)

var scale = flag.Int("newsroom.scale", 0, "measure saves and the staff listing on the corpus scaled to this many documents (e.g. 10000)")

// TestScale measures what the issue's targets are about on the real corpus
// scaled by its scale.sh: a save (checked with gazette check's rules on the
// tree with the change) ≤ 1 s, a page of the staff listing ≤ 200 ms.
//
//	go test ./cmd/gazette/internal/console -run TestScale -newsroom.scale 10000 -v
func TestScale(t *testing.T) {
	if *scale == 0 {
		t.Skip("run with -newsroom.scale N to measure at N documents")
	}
	archive := testcorpus.Archive(t)
	dir := t.TempDir()
	cmd := exec.Command("bash", filepath.Join(filepath.Dir(archive), "scale.sh"), fmt.Sprint(*scale), dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("scale.sh: %v\n%s", err, out)
	}
	site, err := os.ReadFile(filepath.Join("..", "..", "..", "..", "content", "site.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "content", "site.yaml"), site, 0o644)
	bare, checkout := filepath.Join(dir, "content.git"), filepath.Join(dir, "checkout")
	t0 := time.Now()
	if err := record.Create(bare, checkout, "main", os.DirFS(filepath.Join(dir, "content")), now()); err != nil {
		t.Fatal(err)
	}
	t.Logf("the record of %d documents made in %v", *scale, time.Since(t0).Round(time.Millisecond))
	repo, err := record.Open(bare, "main", time.Now)
	if err != nil {
		t.Fatal(err)
	}
	users, _ := accounts.Open(filepath.Join(dir, "users.json"), cheap)
	users.Add(accounts.User{Name: "alice", Display: "王小明", Email: "alice@office.example", Roles: []accounts.Role{accounts.Drafter}}, password)
	srv, err := New(Options{Repo: repo, State: filepath.Join(dir, "state"), Users: users, Templates: templates.FS, Build: previewBuild, Clock: time.Now})
	if err != nil {
		t.Fatal(err)
	}
	o := &office{t: t, srv: srv}
	o.ts = newTestServer(t, srv)
	al := o.login("alice")

	// An issue folder of the scaled corpus, and a document in it.
	ix, err := srv.staff.index(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	is := ix.issues[0]
	folder := fmt.Sprintf("gazette/%d/%s", is.Year, is.Folder)
	collection := issueCollection(is)
	date := ""
	for _, d := range ix.docs {
		if strings.HasPrefix(d.Path, folder+"/") && d.Path != folder+"/index.md" {
			date = d.Date.Format("2006-01-02")
			break
		}
	}
	save := func(i int) time.Duration {
		raw := fmt.Sprintf("---\ntitle: 測量用通知之%d\ndate: %s\norgan: 長春市人民政府辦公廳\ndoc_number: 長府辦發〔%s〕%d號\nwritten: %s\n---\n正文%d。\n",
			i, date, date[:4], 90000+i, date, i)
		start := time.Now()
		if code, out := al.persist(collection, fmt.Sprintf("measure-%d", i%3), fmt.Sprintf("%s/measure-%d.md", folder, i%3), raw); code != 200 {
			t.Fatalf("save %d: %d %s", i, code, out)
		}
		return time.Since(start)
	}
	t0 = time.Now()
	first := save(0)
	t.Logf("first save (the checks read the whole tree once): %v", first.Round(time.Millisecond))
	var saves []time.Duration
	for i := 1; i <= 10; i++ {
		saves = append(saves, save(i))
	}
	slices.Sort(saves)
	t.Logf("saves at %d documents: median %v, slowest %v (of %d)", *scale, saves[len(saves)/2].Round(time.Millisecond),
		saves[len(saves)-1].Round(time.Millisecond), len(saves))

	var pages []time.Duration
	for _, q := range []string{"", "通知", "長府辦發", "国务院", "華總一義字"} {
		for _, page := range []int{1, 2, 20, 100} {
			start := time.Now()
			res, body := al.do("GET", "/search?q="+url.QueryEscape(q)+fmt.Sprintf("&page=%d", page), "", nil)
			pages = append(pages, time.Since(start))
			if res.StatusCode != 200 || !strings.Contains(body, "篇") {
				t.Fatalf("search %q page %d: %d", q, page, res.StatusCode)
			}
		}
	}
	slices.Sort(pages)
	t.Logf("staff listing pages at %d documents: median %v, slowest %v (of %d)", *scale, pages[len(pages)/2].Round(time.Millisecond),
		pages[len(pages)-1].Round(time.Millisecond), len(pages))
	start := time.Now()
	if code, _, out := al.api("entriesByFolder", map[string]any{"folder": folder, "extension": "md", "depth": 1}); code != 200 {
		t.Fatalf("entriesByFolder: %d %s", code, out)
	}
	t.Logf("entriesByFolder of %s: %v", folder, time.Since(start).Round(time.Millisecond))
}
