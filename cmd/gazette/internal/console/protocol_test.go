package console

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"gazette/cmd/internal/testenv"
)

// decapServer starts decap-server (npm, pinned in testdata/package.json) in
// git mode on the working tree dir, and returns its API's address. Without
// node or the package the test skips, except under CI=true.
func decapServer(t *testing.T, dir string) string {
	t.Helper()
	script, err := filepath.Abs(filepath.Join("testdata", "node_modules", "decap-server", "dist", "index.js"))
	if err == nil {
		_, err = os.Stat(script)
	}
	node, nerr := exec.LookPath("node")
	if err != nil || nerr != nil {
		testenv.Missing(t, fmt.Sprintf("decap-server: %v %v: .ci/run must run npm ci in cmd/gazette/internal/console/testdata", err, nerr), fmt.Sprintf("decap-server is not installed (%v %v): npm ci in cmd/gazette/internal/console/testdata", err, nerr))
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	cmd := exec.Command(node, script)
	cmd.Env = append(os.Environ(), "MODE=git", "GIT_REPO_DIRECTORY="+dir, fmt.Sprintf("PORT=%d", port), "BIND_HOST=127.0.0.1",
		"LOG_LEVEL=error", "HOME="+dir, "GIT_CONFIG_NOSYSTEM=1",
		"GIT_AUTHOR_NAME=Decap", "GIT_AUTHOR_EMAIL=decap@office.example", "GIT_COMMITTER_NAME=Decap", "GIT_COMMITTER_EMAIL=decap@office.example")
	var logs bytes.Buffer
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	url := fmt.Sprintf("http://127.0.0.1:%d/api/v1", port)
	for deadline := time.Now().Add(60 * time.Second); ; {
		if c, err := net.Dial("tcp", fmt.Sprintf("127.0.0.1:%d", port)); err == nil {
			c.Close()
			return url
		}
		if time.Now().After(deadline) {
			t.Fatalf("decap-server did not start:\n%s", logs.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func decapCall(t *testing.T, url, action string, params map[string]any) (int, []byte) {
	t.Helper()
	if params != nil {
		params["branch"] = "main"
	}
	body, _ := json.Marshal(map[string]any{"action": action, "params": params})
	res, err := http.Post(url, "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	out, _ := io.ReadAll(res.Body)
	return res.StatusCode, out
}

// step is one action of the sequence, and who sends it to gazette (decap-
// server has no accounts). decapDiffers, when set, is why decap-server's
// answer differs, and what it answers.
type step struct {
	who          string
	action       string
	params       map[string]any
	decapDiffers string
}

// The same sequence of Decap's actions — new entries with and without an
// attachment, edits, status changes, a sign-off, a delete — sent to
// decap-server (git mode, a copy of the same repository) and to gazette
// gives the same git trees, branch by branch, and the same entries and
// statuses. What gazette adds (who may act, checks, trailers) changes no
// tree.
func TestSameAsDecapServer(t *testing.T) {
	o := newOffice(t, seed(), nil)
	// decap-server works in a working tree with main checked out: a clone
	// of the same repository, at the same commit.
	dec := filepath.Join(t.TempDir(), "decap")
	runGit(t, filepath.Dir(dec), "clone", "-q", o.bare, dec)
	decap := decapServer(t, dec)
	clients := map[string]*client{"alice": o.login("alice"), "bob": o.login("bob"), "carol": o.login("carol")}

	png := base64.StdEncoding.EncodeToString([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01"))
	persist := func(coll, slug, p, raw string, assets ...map[string]any) map[string]any {
		if assets == nil {
			assets = []map[string]any{}
		}
		return map[string]any{"dataFiles": []map[string]any{{"slug": slug, "path": p, "raw": raw}}, "assets": assets,
			"options": map[string]any{"collectionName": coll, "commitMessage": "Create " + slug, "useWorkflow": true, "status": "draft"}}
	}
	news := "---\ntitle: 供熱季啟動\ndate: 2026-02-20\n---\n![供熱](pic.png)\n"
	steps := []step{
		{"alice", "unpublishedEntries", map[string]any{}, ""},
		{"alice", "persistEntry", persist(coll, "a", "gazette/2026/01/a.md", gazetteDoc("關於做好供熱保障工作的通知", "長府辦發〔2026〕2號", "2026-02-20")), ""},
		{"alice", "persistEntry", persist("news", "2026/b", "news/2026/b.md", news,
			map[string]any{"path": "news/2026/pic.png", "content": png, "encoding": "base64"}), ""},
		{"alice", "persistEntry", persist(coll, "a", "gazette/2026/01/a.md", gazetteDoc("關於做好供熱保障工作的緊急通知", "長府辦發〔2026〕2號", "2026-02-20")), ""},
		{"alice", "persistEntry", persist(coll, "c", "gazette/2026/01/c.md", gazetteDoc("作廢的通知", "長府辦發〔2026〕7號", "2026-02-20")), ""},
		{"alice", "unpublishedEntries", map[string]any{}, ""},
		{"alice", "unpublishedEntry", map[string]any{"collection": coll, "slug": "a"}, ""},
		{"alice", "unpublishedEntry", map[string]any{"id": "news/2026/b"}, ""},
		{"alice", "deleteUnpublishedEntry", map[string]any{"collection": coll, "slug": "c"}, ""},
		{"alice", "updateUnpublishedEntryStatus", map[string]any{"collection": coll, "slug": "a", "newStatus": "pending_review"}, ""},
		{"bob", "updateUnpublishedEntryStatus", map[string]any{"collection": coll, "slug": "a", "newStatus": "pending_publish"}, ""},
		{"alice", "updateUnpublishedEntryStatus", map[string]any{"collection": "news", "slug": "2026/b", "newStatus": "pending_review"}, ""},
		{"alice", "unpublishedEntry", map[string]any{"collection": coll, "slug": "a"}, ""},
		{"carol", "publishUnpublishedEntry", map[string]any{"collection": coll, "slug": "a"}, ""},
		{"alice", "unpublishedEntries", map[string]any{}, ""},
		// decap-server diffs a draft against the published branch as it is
		// now, so a file published since the draft began (a.md) reads as
		// one the draft deletes; gazette diffs against where the draft
		// began, and the branch's tree is the same in both.
		{"alice", "unpublishedEntry", map[string]any{"collection": "news", "slug": "2026/b"},
			"news2026/bpending_review[gazette/2026/01/a.mddeletedfalse false news/2026/b.mdaddedtrue false news/2026/pic.pngaddedtrue true]"},
		{"alice", "unpublishedEntryDataFile", map[string]any{"collection": "news", "slug": "2026/b", "id": "x", "path": "news/2026/b.md"}, ""},
		{"alice", "unpublishedEntryMediaFile", map[string]any{"collection": "news", "slug": "2026/b", "id": "x", "path": "news/2026/pic.png"}, ""},
		{"alice", "getEntry", map[string]any{"path": "gazette/2026/01/a.md"}, ""},
		{"alice", "entriesByFiles", map[string]any{"files": []map[string]any{{"path": "gazette/2026/01/a.md"}, {"path": "news/2026/old.md"}}}, ""},
		{"alice", "entriesByFolder", map[string]any{"folder": "news", "extension": "md", "depth": 2}, ""},
	}
	for i, s := range steps {
		dcode, dout := decapCall(t, decap, s.action, clone(s.params))
		gcode, _, gout := clients[s.who].api(s.action, clone(s.params))
		if dcode != gcode {
			t.Fatalf("step %d %s: decap-server %d %s, gazette %d %s", i, s.action, dcode, dout, gcode, gout)
		}
		d, g := normalize(t, s.action, dout), normalize(t, s.action, []byte(gout))
		switch {
		case s.decapDiffers != "" && d != s.decapDiffers:
			t.Errorf("step %d %s: decap-server answers %s, the test expects %s", i, s.action, d, s.decapDiffers)
		case s.decapDiffers != "" && g != strings.Replace(d, "gazette/2026/01/a.mddeletedfalse false ", "", 1):
			t.Errorf("step %d %s: gazette answers %s", i, s.action, g)
		case s.decapDiffers == "" && d != g:
			t.Errorf("step %d %s:\ndecap-server: %s\ngazette:      %s", i, s.action, d, g)
		}
	}
	// The trees, branch by branch.
	branches := func(dir string) map[string]string {
		m := map[string]string{}
		for _, l := range strings.Split(strings.TrimSpace(runGit(t, dir, "for-each-ref", "--format=%(refname:short) %(objectname)^{tree}", "refs/heads")), "\n") {
			name, ref, _ := strings.Cut(l, " ")
			m[name] = strings.TrimSpace(runGit(t, dir, "rev-parse", ref))
		}
		return m
	}
	db, gb := branches(dec), branches(o.bare)
	if len(db) != 2 || fmt.Sprint(db) != fmt.Sprint(gb) {
		t.Errorf("the branches' trees differ:\ndecap-server: %v\ngazette:      %v", db, gb)
	}
}

func clone(m map[string]any) map[string]any {
	out := map[string]any{}
	for k, v := range m {
		out[k] = v
	}
	return out
}

// normalize keeps of an answer what the two servers must agree on: the
// entries, statuses and files; not messages, dates or content hashes'
// spelling (decap-server hashes the working tree's file, gazette the blob).
func normalize(t *testing.T, action string, data []byte) string {
	t.Helper()
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		return string(data)
	}
	switch action {
	case "persistEntry", "deleteUnpublishedEntry", "updateUnpublishedEntryStatus", "publishUnpublishedEntry":
		return "ok" // messages differ by design
	case "unpublishedEntries":
		list, ok := v.([]any)
		if !ok {
			return string(data)
		}
		slices.SortFunc(list, func(a, b any) int { return strings.Compare(a.(string), b.(string)) })
		return fmt.Sprint(list)
	case "unpublishedEntry":
		m := v.(map[string]any)
		var diffs []string
		for _, d := range m["diffs"].([]any) {
			dm := d.(map[string]any)
			diffs = append(diffs, fmt.Sprint(dm["path"], dm["status"], dm["newFile"], dm["binary"]))
		}
		slices.Sort(diffs)
		return fmt.Sprint(m["collection"], m["slug"], m["status"], diffs)
	case "unpublishedEntryMediaFile":
		m := v.(map[string]any)
		return fmt.Sprint(m["path"], m["name"], m["content"], m["encoding"])
	case "getEntry", "entriesByFiles", "entriesByFolder":
		list, ok := v.([]any)
		if !ok {
			list = []any{v}
		}
		var out []string
		for _, e := range list {
			em := e.(map[string]any)
			f := em["file"].(map[string]any)
			out = append(out, fmt.Sprint(f["path"], em["data"], f["id"] != nil))
		}
		slices.Sort(out)
		return strings.Join(out, "\n")
	}
	b, _ := json.Marshal(v)
	return string(b)
}
