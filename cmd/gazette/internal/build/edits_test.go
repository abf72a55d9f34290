package build

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"gazette/cmd/gazette/internal/search"
	"gazette/cmd/gazette/internal/site"
	"gazette/templates"
)

// processBuild is what the test binary does as a build process: the
// options, as JSON, in GAZETTE_TEST_BUILD (see TestMain).
type processBuild struct {
	Content, Templates, Public, Index string
	Now                               time.Time
}

// buildProcess runs gazette build as a process of its own, as an editor's
// every build is: with nothing in memory from the one before. It returns
// the build's summary.
func buildProcess(t *testing.T, pb processBuild) Summary {
	t.Helper()
	spec, _ := json.Marshal(pb)
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "GAZETTE_TEST_BUILD="+string(spec))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("gazette build: %v\n%s%s", err, out, stderr.Bytes())
	}
	var sum Summary
	if err := json.Unmarshal(out, &sum); err != nil {
		t.Fatalf("gazette build's summary: %v\n%s", err, out)
	}
	return sum
}

func runProcessBuild(spec string) error {
	var pb processBuild
	if err := json.Unmarshal([]byte(spec), &pb); err != nil {
		return err
	}
	sum, err := Run(context.Background(), Options{Content: os.DirFS(pb.Content), ContentRoot: "content",
		Templates: site.Overlay(os.DirFS(pb.Templates), templates.FS), Public: pb.Public, Index: pb.Index, Now: pb.Now})
	if err != nil {
		return err
	}
	return json.NewEncoder(os.Stdout).Encode(sum)
}

// queries are the searches whose answers an incremental index must share
// with a cold one: words of the sample site, the words edits add, 文號.
var queries = []string{"供熱", "12345", "長府發〔2024〕18號", "长府发2025年3号", "政務公開", "通知", "市政府",
	"巡查要點", "防汛演練", "標記", "修訂", "廢止", ""}

// TestEditSequences is the incremental build's property test: seeded
// random sequences of the edits an editor makes, each followed by gazette
// build as a process of its own (starting from the caches the last one
// left) and by the watcher's in-place update (Engine.Update, told the
// paths that changed, as fsnotify tells it). After every step, every file
// of both sites and the answer to every query in queries must equal a cold
// build's. A page that depends on something its key leaves out shows here.
//
// .ci/run runs it without the race detector, all 50 sequences; under the
// race detector it runs a few.
func TestEditSequences(t *testing.T) {
	// Six steps: from the fourth on, gazette build takes over a spare
	// generation (see publish.Store) and must leave nothing of it behind.
	sequences, steps := 50, 6
	if n := os.Getenv("GAZETTE_SEQUENCES"); n != "" {
		fmt.Sscan(n, &sequences)
	}
	if raceEnabled {
		sequences = 4
	}
	if testing.Short() {
		sequences = 2
	}
	for i := range sequences {
		t.Run(fmt.Sprint("sequence", i), func(t *testing.T) {
			editSequence(t, uint64(i), steps, nil)
		})
	}
	// The versions of a work: a page's 沿革 and banner depend on other
	// documents, which random sequences reach only now and then.
	t.Run("versions", func(t *testing.T) {
		script := []string{"add version", "add version", "body", "remove version", "remove version"}
		editSequence(t, 0, len(script), script)
	})
}

// editSequence makes steps edits, the ones script names in its order, or
// random ones past its end.
func editSequence(t *testing.T, seed uint64, steps int, script []string) {
	ctx := context.Background()
	dir := t.TempDir()
	ed := &editor{t: t, r: rand.New(rand.NewPCG(20261128, seed)), content: filepath.Join(dir, "content"),
		templates: filepath.Join(dir, "templates"), dates: map[string]string{}, respelt: map[string]string{}, script: script}
	if err := os.CopyFS(ed.content, os.DirFS(sampleDir)); err != nil {
		t.Fatal(err)
	}
	if err := os.CopyFS(ed.templates, templates.FS); err != nil {
		t.Fatal(err)
	}
	opt := func(out string) Options {
		return Options{Content: os.DirFS(ed.content), ContentRoot: "content",
			Templates: site.Overlay(os.DirFS(ed.templates), templates.FS),
			Public:    filepath.Join(out, "public"), Index: filepath.Join(out, "index"), Now: sampleTime}
	}
	cli := processBuild{Content: ed.content, Templates: ed.templates,
		Public: filepath.Join(dir, "cli", "public"), Index: filepath.Join(dir, "cli", "index"), Now: sampleTime}
	buildProcess(t, cli)
	watcher := New(opt(filepath.Join(dir, "watch")))
	defer watcher.Close()
	if _, err := watcher.Build(ctx); err != nil {
		t.Fatal(err)
	}
	for step := range steps {
		name, changed := ed.edit()
		label := fmt.Sprintf("step %d (%s)", step+1, name)
		redid(t, label, "gazette build", name, changed, buildProcess(t, cli))
		sum, err := watcher.Update(ctx, changed, nil)
		if err != nil {
			t.Fatalf("%s: watcher: %v", label, err)
		}
		redid(t, label, "the watcher", name, changed, sum)
		cold := filepath.Join(dir, fmt.Sprint("cold", step))
		o := opt(cold)
		o.Full = true
		if _, err := Run(ctx, o); err != nil {
			t.Fatalf("%s: cold build: %v", label, err)
		}
		want := hashTree(t, filepath.Join(cold, "public"))
		answers := searchAll(t, filepath.Join(cold, "index"))
		for _, got := range []struct{ who, dir string }{{"gazette build", filepath.Join(dir, "cli")}, {"the watcher", filepath.Join(dir, "watch")}} {
			if diff := treeDiff(hashTree(t, filepath.Join(got.dir, "public")), want); len(diff) > 0 {
				t.Fatalf("%s: after %s, %d files differ from a cold build: %q", label, got.who, len(diff), diff)
			}
			if a := searchAll(t, filepath.Join(got.dir, "index")); a != answers {
				t.Fatalf("%s: after %s, the index answers differently from a cold build's:\n%s\nwant\n%s", label, got.who, a, answers)
			}
		}
		os.RemoveAll(cold)
	}
}

// bodyEditFiles bounds the files one body edit makes: the document's page
// and its copy in the other script, and, when the edit changes its summary
// or length, the lists and feeds that show them (the sample site has some
// 400 files).
const bodyEditFiles = 100

// redid fails the test when a build after one edit redid more than the
// edit touches: it read again a file that did not change, rendered a body
// whose source and citations did not change, made more than the files that show a body
// it edited, or, for an edit of one document, more than a third of the
// site. An engine that quietly redid everything would still make every
// file equal a cold build's; this catches it.
func redid(t *testing.T, label, who, kind string, changed []string, sum Summary) {
	t.Helper()
	md := 0
	for _, p := range changed {
		if strings.HasSuffix(p, ".md") {
			md++
		}
	}
	whole := slices.Contains(changed, "site.yaml") || slices.Contains(changed, "") // every page shows site.yaml and the templates
	switch {
	case sum.Parsed > md && !slices.Contains(changed, "site.yaml"): // a new site.yaml is parsed with every file again
		t.Errorf("%s: %s parsed %d files after an edit of %d", label, who, sum.Parsed, md)
	case sum.Rendered-sum.Relinked > md:
		t.Errorf("%s: %s rendered %d bodies (%d for their links) after an edit of %d documents", label, who, sum.Rendered, sum.Relinked, md)
	case kind == "body" && (sum.Made > bodyEditFiles || sum.Rendered == 1 && sum.Made == 0):
		t.Errorf("%s: %s rendered %d bodies and made %d of %d files after a body edit; want at most %d",
			label, who, sum.Rendered, sum.Made, sum.Files, bodyEditFiles)
	case !whole && sum.Made*3 > sum.Files:
		t.Errorf("%s: %s made %d of %d files after an edit of one document", label, who, sum.Made, sum.Files)
	}
}

func treeDiff(got, want map[string]string) []string {
	var diff []string
	for p, h := range want {
		if got[p] != h {
			diff = append(diff, p)
		}
	}
	for p := range got {
		if _, ok := want[p]; !ok {
			diff = append(diff, p+" (should be gone)")
		}
	}
	slices.Sort(diff)
	return diff
}

// searchAll is the answer to every query: each hit's URL, title and
// validity, in order, with the total.
func searchAll(t *testing.T, index string) string {
	t.Helper()
	ix, err := search.Open(index)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	var b strings.Builder
	for _, q := range queries {
		res, err := ix.Search(context.Background(), search.Query{Text: q, Size: 50})
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "%q: %d\n", q, res.Total)
		for _, h := range res.Hits {
			fmt.Fprintf(&b, "  %s %s %s %s\n", h.URL, h.Title, h.Validity, h.Organ)
		}
	}
	return b.String()
}
