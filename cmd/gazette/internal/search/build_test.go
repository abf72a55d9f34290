package search

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// treeDigest fingerprints every file under dir (names, sizes, contents).
func treeDigest(t testing.TB, dir string) string {
	t.Helper()
	h := sha256.New()
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		fmt.Fprintf(h, "%s %v\n", rel, d.IsDir())
		if d.Type().IsRegular() {
			f, err := os.Open(p)
			if err != nil {
				return err
			}
			defer f.Close()
			if _, err := io.Copy(h, f); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(h.Sum(nil))
}

func TestBuildIncremental(t *testing.T) {
	ctx := context.Background()
	tmp := t.TempDir()
	recs := smallCorpus()
	prev := filepath.Join(tmp, "v1")
	st, err := Build(ctx, "", prev, recs)
	if err != nil {
		t.Fatal(err)
	}
	if want := (Stats{Added: len(recs)}); st != want {
		t.Errorf("first build: %v, want %v", st, want)
	}
	before := treeDigest(t, prev)

	// Edit one, add one, delete one.
	next := slices.Clone(recs)
	edited := &next[1] // /gazette/2024/02/water/
	edited.Body = "修訂：本決定自公布之日起施行，節水獎勵辦法另行制定。"
	edited.Hash = "v2"
	deleted := next[2].ID // /news/2024/hongkong/
	next = slices.Delete(next, 2, 3)
	next = append(next, Record{
		ID: "/news/2024/macao/", URL: "/news/2024/macao/", Title: "澳门代表团到访长春",
		Body: "澳门特区政府代表团到访。", Section: "news", Organ: "长春市人民政府", Validity: "有效",
		Lang: "zh-Hans", Date: day("2024-04-02"), Hash: "v1",
	})
	dst := filepath.Join(tmp, "v2")
	st, err = Build(ctx, prev, dst, next)
	if err != nil {
		t.Fatal(err)
	}
	if want := (Stats{Added: 1, Changed: 1, Removed: 1, Unchanged: len(recs) - 2}); st != want {
		t.Errorf("incremental build: %v, want %v", st, want)
	}
	if after := treeDigest(t, prev); after != before {
		t.Errorf("prev changed during the incremental build")
	}

	ix, err := Open(dst)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	for _, tc := range []struct {
		q    string
		want []string
	}{
		{"节水奖励", []string{edited.ID}},         // new text of the edited record
		{"建设节水型城市", nil},                      // its old text is gone
		{"港", nil},                            // the deleted record
		{"澳门", []string{"/news/2024/macao/"}}, // the added one
		{"澳門 長春", []string{"/news/2024/macao/"}},
		{"中华民国", []string{"/gazette/2023/05/roc-law/"}}, // unchanged ones still there
	} {
		res := mustSearch(t, ix, Query{Text: tc.q, Size: 50})
		if tc.want == nil && res.Relaxed != nil {
			continue // not found as typed: what is shown is a last resort
		}
		if got := hitIDs(res); !slices.Equal(got, tc.want) {
			t.Errorf("after rebuild, %q = %v, want %v", tc.q, got, tc.want)
		}
	}
	if res := mustSearch(t, ix, Query{}); res.Total != len(next) {
		t.Errorf("after rebuild, %d documents, want %d", res.Total, len(next))
	}
	// The old index still answers the old way.
	old, err := Open(prev)
	if err != nil {
		t.Fatal(err)
	}
	defer old.Close()
	if got := hitIDs(mustSearch(t, old, Query{Text: "港"})); !slices.Equal(got, []string{deleted}) {
		t.Errorf("old index: 港 = %v", got)
	}

	// Rebuilding with nothing changed touches nothing; from the new index.
	dst3 := filepath.Join(tmp, "v3")
	st, err = Build(ctx, dst, dst3, next)
	if err != nil {
		t.Fatal(err)
	}
	if want := (Stats{Unchanged: len(next)}); st != want {
		t.Errorf("unchanged rebuild: %v, want %v", st, want)
	}
}

func TestBuildFallsBackToScratch(t *testing.T) {
	ctx := context.Background()
	tmp := t.TempDir()
	recs := smallCorpus()
	bad := filepath.Join(tmp, "bad")
	os.MkdirAll(bad, 0o755)
	os.WriteFile(filepath.Join(bad, "index_meta.json"), []byte("garbage"), 0o644)
	for _, prev := range []string{"", filepath.Join(tmp, "missing"), bad, filepath.Join(tmp, "file")} {
		os.WriteFile(filepath.Join(tmp, "file"), nil, 0o644)
		dst := filepath.Join(tmp, "dst")
		st, err := Build(ctx, prev, dst, recs)
		if err != nil {
			t.Fatalf("prev %q: %v", prev, err)
		}
		if st != (Stats{Added: len(recs)}) {
			t.Errorf("prev %q: %v", prev, st)
		}
		os.RemoveAll(dst)
	}
}

func TestBuildErrors(t *testing.T) {
	ctx := context.Background()
	tmp := t.TempDir()
	recs := smallCorpus()
	if _, err := Build(ctx, "", tmp, recs); err == nil {
		t.Error("Build into an existing directory succeeded")
	}
	dup := append(smallCorpus(), recs[0])
	dst := filepath.Join(tmp, "dup")
	if _, err := Build(ctx, "", dst, dup); err == nil || !strings.Contains(err.Error(), recs[0].ID) {
		t.Errorf("duplicate ID: err = %v", err)
	}
	if _, err := os.Stat(dst); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("failed Build left %s: %v", dst, err)
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := Build(cctx, "", dst, manyRecords(2*batchSize)); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled Build: err = %v", err)
	}
	if _, err := os.Stat(dst); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("cancelled Build left %s: %v", dst, err)
	}
}

// manyRecords makes n records from the small corpus, with longer bodies.
func manyRecords(n int) []Record {
	base := smallCorpus()
	recs := make([]Record, n)
	for i := range recs {
		r := base[i%len(base)]
		r.ID = fmt.Sprintf("%s%d/", r.ID, i)
		r.URL = r.ID
		r.DocNumber, r.IndexNumber = "", ""
		r.Body = strings.Repeat(r.Body+strconv.Itoa(i)+"\n", 40)
		r.Hash = strconv.Itoa(i)
		recs[i] = r
	}
	return recs
}

const killChildEnv = "GAZETTE_SEARCH_KILL_CHILD"

// TestBuildKilled starts an incremental Build in a child process, kills it
// with SIGKILL while it writes, and checks that prev is intact and still
// answers, and that a new Build from it succeeds.
func TestBuildKilled(t *testing.T) {
	if dirs := os.Getenv(killChildEnv); dirs != "" {
		prev, dst, _ := strings.Cut(dirs, string(os.PathListSeparator))
		fmt.Println("building")
		_, err := Build(context.Background(), prev, dst, manyRecords(10000))
		fmt.Println("finished", err) // reaching here means the parent was too slow
		os.Exit(0)
	}
	ctx := context.Background()
	tmp := t.TempDir()
	prev := filepath.Join(tmp, "prev")
	recs := smallCorpus()
	if _, err := Build(ctx, "", prev, recs); err != nil {
		t.Fatal(err)
	}
	before := treeDigest(t, prev)
	dst := filepath.Join(tmp, "next")

	cmd := exec.Command(os.Args[0], "-test.run=^TestBuildKilled$")
	cmd.Env = append(os.Environ(), killChildEnv+"="+prev+string(os.PathListSeparator)+dst)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	lines := bufio.NewScanner(out)
	if !lines.Scan() || lines.Text() != "building" {
		t.Fatalf("child said %q", lines.Text())
	}
	// Wait until the child has written a segment of its own into dst.
	deadline := time.Now().Add(60 * time.Second)
	for !hasNewSegment(prev, dst) {
		if time.Now().After(deadline) {
			t.Fatal("child wrote no segment in 60s")
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	rest, _ := io.ReadAll(out)
	cmd.Wait()
	if strings.Contains(string(rest), "finished") {
		t.Fatalf("child finished before it was killed: %s", rest)
	}
	if st, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || st.Signal() != syscall.SIGKILL {
		t.Fatalf("child was not killed: %v", cmd.ProcessState)
	}

	if after := treeDigest(t, prev); after != before {
		t.Fatal("prev changed")
	}
	ix, err := Open(prev)
	if err != nil {
		t.Fatalf("prev does not open after the kill: %v", err)
	}
	res := mustSearch(t, ix, Query{Text: "长府发〔2024〕3号"})
	ix.Close()
	if res.Total == 0 || res.Hits[0].URL != "/gazette/2024/01/heating/" {
		t.Fatalf("prev answers %v", hitIDs(res))
	}
	// The half-written dst is in the way of a new Build until removed.
	if _, err := Build(ctx, prev, dst, recs); err == nil {
		t.Fatal("Build over a leftover dst succeeded")
	}
	os.RemoveAll(dst)
	st, err := Build(ctx, prev, dst, recs)
	if err != nil || st != (Stats{Unchanged: len(recs)}) {
		t.Fatalf("Build after the kill: %v, %v", st, err)
	}
}

// hasNewSegment reports whether dst/store holds a segment file that prev does not.
func hasNewSegment(prev, dst string) bool {
	names := func(dir string) []string {
		es, _ := os.ReadDir(filepath.Join(dir, "store"))
		var out []string
		for _, e := range es {
			if strings.HasSuffix(e.Name(), ".zap") {
				out = append(out, e.Name())
			}
		}
		sort.Strings(out)
		return out
	}
	old := names(prev)
	for _, n := range names(dst) {
		if !slices.Contains(old, n) {
			return true
		}
	}
	return false
}
