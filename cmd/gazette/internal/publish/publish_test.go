package publish

import (
	"errors"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

func read(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// generation writes one generation holding version v and commits it.
func generation(t *testing.T, s Store, v string, commit bool) {
	t.Helper()
	lk, err := s.Lock()
	if err != nil {
		t.Fatal(err)
	}
	defer lk.Unlock()
	txn, err := lk.Begin()
	if err != nil {
		t.Fatal(err)
	}
	files := []File{{Path: "index.html", Data: []byte(v)}, {Path: "a/b/c.txt", Src: "src.txt"}}
	src := fstest.MapFS{"src.txt": {Data: []byte("copied " + v)}}
	w := NewWriter(txn.Public, "", src)
	if txn.Reused {
		w = NewReplacingWriter(txn.Public, "", src)
	}
	for _, f := range files {
		if err := w.Write(f); err != nil {
			t.Fatal(err)
		}
	}
	os.MkdirAll(txn.Index, 0o755)
	os.WriteFile(filepath.Join(txn.Index, "version"), []byte(v), 0o644)
	if !commit {
		txn.Abort()
		return
	}
	if err := txn.Commit(); err != nil {
		t.Fatal(err)
	}
}

func TestStore(t *testing.T) {
	dir := t.TempDir()
	s := Store{Public: filepath.Join(dir, "public"), Index: filepath.Join(dir, "index")}
	check := func(v string) {
		t.Helper()
		if got := read(t, filepath.Join(s.Public, "index.html")); got != v {
			t.Errorf("public/ has version %q, want %q", got, v)
		}
		if got := read(t, filepath.Join(s.Index, "version")); got != v {
			t.Errorf("index/ has version %q, want %q", got, v)
		}
		if got := read(t, filepath.Join(s.Public, "a", "b", "c.txt")); got != "copied "+v {
			t.Errorf("copied file reads %q", got)
		}
	}
	generation(t, s, "1", true)
	check("1")
	generation(t, s, "2", true)
	check("2")
	generation(t, s, "3", false) // a failed build
	check("2")
	generation(t, s, "4", true)
	generation(t, s, "5", true)
	check("5")
	gens, _ := filepath.Glob(filepath.Join(dir, StoreDir, "2*"))
	// The live generation, the two before it and the spare.
	if len(gens) != 2+kept {
		t.Errorf(".gazette holds generations %v; want four", gens)
	}
	// The next build takes over the spare (the first generation) and
	// replaces its files, leaving those of the others as they were.
	generation(t, s, "6", true)
	check("6")
	gens, _ = filepath.Glob(filepath.Join(dir, StoreDir, "2*"))
	if len(gens) != 2+kept {
		t.Fatalf(".gazette holds generations %v; want four", gens)
	}
	for i, v := range []string{"2", "4", "5", "6"} {
		if got := read(t, filepath.Join(gens[i], "public", "index.html")); got != v {
			t.Errorf("generation %d of 4 reads %q, want %q", i+1, got, v)
		}
	}
	// What is retired (here the reused generation's index) goes to the
	// trash, and is gone when the next build lets go of the store.
	lk, err := s.Lock()
	if err != nil {
		t.Fatal(err)
	}
	lk.Unlock()
	if trash, _ := filepath.Glob(filepath.Join(dir, StoreDir, TrashDir, "*")); len(trash) != 0 {
		t.Errorf("trash holds %v after the next build", trash)
	}
}

// TestStoreNeverTakesWhatIsNotOurs: whatever sits at the public or index
// path, unless it is the store's own link or an empty directory, makes Begin
// fail with a NotOursError, and nothing there changes.
func TestStoreNeverTakesWhatIsNotOurs(t *testing.T) {
	cases := map[string]func(t *testing.T, p string){
		"a file in a directory": func(t *testing.T, p string) {
			write(t, filepath.Join(p, "mine.html"), "mine")
		},
		"nested directories": func(t *testing.T, p string) {
			write(t, filepath.Join(p, "a", "b", "c", "deep.txt"), "deep")
			os.MkdirAll(filepath.Join(p, "empty", "dirs"), 0o755)
		},
		"a directory holding only an empty directory": func(t *testing.T, p string) {
			os.MkdirAll(filepath.Join(p, "sub"), 0o755)
		},
		"a symbolic link to a directory of the user's": func(t *testing.T, p string) {
			other := filepath.Join(filepath.Dir(p), "var-www")
			write(t, filepath.Join(other, "index.html"), "theirs")
			if err := os.Symlink(other, p); err != nil {
				t.Fatal(err)
			}
		},
		"a dangling symbolic link": func(t *testing.T, p string) {
			if err := os.Symlink("/nonexistent/elsewhere", p); err != nil {
				t.Fatal(err)
			}
		},
		"a regular file": func(t *testing.T, p string) {
			write(t, p, "a file, not a folder")
		},
	}
	for name, setup := range cases {
		for _, which := range []string{"public", "index"} {
			t.Run(name+"/"+which, func(t *testing.T) {
				dir := t.TempDir()
				s := Store{Public: filepath.Join(dir, "www"), Index: filepath.Join(dir, "idx")}
				target := s.Public
				if which == "index" {
					target = s.Index
				}
				setup(t, target)
				before := snapshot(t, dir)
				lk, err := s.Lock()
				if err == nil {
					lk.Unlock()
					t.Fatalf("Lock succeeded over %s at %s", name, target)
				}
				var nots *NotOursError
				if !errors.As(err, &nots) || !strings.Contains(err.Error(), "-adopt") || !strings.Contains(err.Error(), target) {
					t.Errorf("error %q: want a NotOursError naming %s and saying what to do", err, target)
				}
				if after := snapshot(t, dir); !maps.Equal(before, after) {
					t.Errorf("the tree changed:\nbefore %v\nafter  %v", before, after)
				}
			})
		}
	}
}

// TestStoreTakesEmptyDirectory: an empty directory holds nothing to lose.
func TestStoreTakesEmptyDirectory(t *testing.T) {
	dir := t.TempDir()
	s := Store{Public: filepath.Join(dir, "www"), Index: filepath.Join(dir, "idx")}
	os.MkdirAll(s.Public, 0o755)
	generation(t, s, "1", true)
	if got := read(t, filepath.Join(s.Public, "index.html")); got != "1" {
		t.Errorf("public/ reads %q", got)
	}
}

// TestStoreAdopt: with Adopt, the plain public/ of an older gazette is moved
// into the store, whole, and no later build removes it.
func TestStoreAdopt(t *testing.T) {
	dir := t.TempDir()
	s := Store{Public: filepath.Join(dir, "public"), Index: filepath.Join(dir, "index"), Adopt: true}
	write(t, filepath.Join(s.Public, "index.html"), "old site")
	write(t, filepath.Join(s.Public, "a", "b.html"), "old page")
	write(t, filepath.Join(s.Public, "sitemap.xml"), "<urlset/>")
	write(t, filepath.Join(s.Public, "404.html"), "gone")
	old := snapshot(t, s.Public)
	generation(t, s, "1", true)
	s.Adopt = false
	for _, v := range []string{"2", "3", "4"} {
		generation(t, s, v, true)
	}
	if got := read(t, filepath.Join(s.Public, "index.html")); got != "4" {
		t.Errorf("public/ reads %q", got)
	}
	adopted, err := filepath.Glob(filepath.Join(dir, StoreDir, AdoptedDir, "public-*"))
	if err != nil || len(adopted) != 1 {
		t.Fatalf("adopted: %v, %v; want one folder", adopted, err)
	}
	if got := snapshot(t, adopted[0]); !maps.Equal(got, old) {
		t.Errorf("adopted folder holds %v, want the old site %v", got, old)
	}
}

// TestStoreAdoptsOnlyOutput: -adopt moves a folder only when it looks like
// what a gazette build writes at that path (a site with sitemap.xml and
// 404.html, a Bleve index); anything else, content/ above all, is refused
// with a message saying why, and nothing is moved.
func TestStoreAdoptsOnlyOutput(t *testing.T) {
	cases := map[string]struct {
		which string // public or index
		files map[string]string
	}{
		"content/ given as -public":  {"public", map[string]string{"site.yaml": "title: x\n", "news/2025/a.md": "---\ntitle: a\n---\n"}},
		"a site without 404.html":    {"public", map[string]string{"index.html": "home", "sitemap.xml": "<urlset/>"}},
		"a site without sitemap.xml": {"public", map[string]string{"index.html": "home", "404.html": "gone"}},
		"a folder as -index":         {"index", map[string]string{"notes.txt": "mine"}},
		"an index_meta.json folder":  {"index", map[string]string{"index_meta.json/x": "a folder, not Bleve's file"}},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			s := Store{Public: filepath.Join(dir, "www"), Index: filepath.Join(dir, "idx"), Adopt: true}
			target := s.Public
			if c.which == "index" {
				target = s.Index
			}
			for p, data := range c.files {
				write(t, filepath.Join(target, p), data)
			}
			before := snapshot(t, dir)
			lk, err := s.Lock()
			if err == nil {
				lk.Unlock()
				t.Fatalf("Lock with Adopt succeeded over %s", target)
			}
			if !strings.Contains(err.Error(), target) || !strings.Contains(err.Error(), "not the output of a gazette build") {
				t.Errorf("error %q: want one naming %s and saying it is not gazette's output", err, target)
			}
			if after := snapshot(t, dir); !maps.Equal(before, after) {
				t.Errorf("the tree changed:\nbefore %v\nafter  %v", before, after)
			}
		})
	}
	t.Run("an older gazette's site and index", func(t *testing.T) {
		dir := t.TempDir()
		s := Store{Public: filepath.Join(dir, "www"), Index: filepath.Join(dir, "idx"), Adopt: true}
		write(t, filepath.Join(s.Public, "sitemap.xml"), "<urlset/>")
		write(t, filepath.Join(s.Public, "404.html"), "gone")
		write(t, filepath.Join(s.Index, "index_meta.json"), `{"storage":"scorch","index_type":"scorch"}`)
		generation(t, s, "1", true)
		for _, name := range []string{"www", "idx"} {
			if m, _ := filepath.Glob(filepath.Join(dir, StoreDir, AdoptedDir, name+"-*")); len(m) != 1 {
				t.Errorf("%s was not adopted: %v", name, m)
			}
		}
	})
}

// TestStorePrunesOnlyGenerations: a file or folder someone put in .gazette is
// not the store's to remove.
func TestStorePrunesOnlyGenerations(t *testing.T) {
	dir := t.TempDir()
	s := Store{Public: filepath.Join(dir, "public"), Index: filepath.Join(dir, "index")}
	generation(t, s, "1", true)
	write(t, filepath.Join(dir, StoreDir, "notes", "keep.txt"), "mine")
	write(t, filepath.Join(dir, StoreDir, "20250101T000000.000000000Z-backup", "x"), "mine too")
	for _, v := range []string{"2", "3", "4"} {
		generation(t, s, v, true)
	}
	for _, p := range []string{"notes/keep.txt", "20250101T000000.000000000Z-backup/x"} {
		if _, err := os.Stat(filepath.Join(dir, StoreDir, p)); err != nil {
			t.Errorf(".gazette/%s: %v", p, err)
		}
	}
}

// TestStoreLock: a second build on the same store is refused while the first
// runs, and can start once it ends.
func TestStoreLock(t *testing.T) {
	dir := t.TempDir()
	s := Store{Public: filepath.Join(dir, "public"), Index: filepath.Join(dir, "index")}
	first, err := s.Lock()
	if err != nil {
		t.Fatal(err)
	}
	if second, err := s.Lock(); err == nil {
		second.Unlock()
		t.Fatal("a second Lock succeeded while the first build runs")
	} else if !strings.Contains(err.Error(), "another gazette build") {
		t.Errorf("error %q does not say another build is running", err)
	}
	first.Unlock()
	second, err := s.Lock()
	if err != nil {
		t.Fatalf("Lock after the first build ended: %v", err)
	}
	second.Unlock()

	// A build that arrives as another finishes (it has made its
	// generation live and is letting go) waits for it, not refused.
	first, err = s.Lock()
	if err != nil {
		t.Fatal(err)
	}
	time.AfterFunc(lockWait/4, first.Unlock)
	started := time.Now()
	second, err = s.Lock()
	if err != nil {
		t.Fatalf("a build arriving %v before the other let go was refused: %v", lockWait/4, err)
	}
	second.Unlock()
	if waited := time.Since(started); waited < lockWait/8 {
		t.Errorf("the second Lock took %v: it did not wait for the first", waited)
	}
}

// TestStoreIndexElsewhere: public/ and index/ in different folders still
// come from one generation, the index through a link into the store.
func TestStoreIndexElsewhere(t *testing.T) {
	dir := t.TempDir()
	s := Store{Public: filepath.Join(dir, "www", "public"), Index: filepath.Join(dir, "var", "index")}
	os.MkdirAll(filepath.Dir(s.Index), 0o755)
	generation(t, s, "1", true)
	generation(t, s, "2", true)
	if got := read(t, filepath.Join(s.Public, "index.html")); got != "2" {
		t.Errorf("public/ reads %q", got)
	}
	if got := read(t, filepath.Join(s.Index, "version")); got != "2" {
		t.Errorf("index/ reads %q", got)
	}
}

func write(t *testing.T, p, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// snapshot maps every path under dir (not following links) to what it is:
// a file's bytes, a link's target, "dir".
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	m := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		switch {
		case d.Type()&fs.ModeSymlink != 0:
			target, err := os.Readlink(p)
			m[rel] = "-> " + target
			return err
		case d.IsDir():
			m[rel] = "dir"
		default:
			b, err := os.ReadFile(p)
			m[rel] = string(b)
			return err
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestWriteRefusesEscapes(t *testing.T) {
	for _, p := range []string{"../x", "/etc/x", "a/../../x", `a\..\x`} {
		for _, w := range []Writer{NewWriter(t.TempDir(), "", nil), NewReplacingWriter(t.TempDir(), "", nil), NewInPlaceWriter(t.TempDir(), nil)} {
			if err := w.Write(File{Path: p, Data: []byte("x")}); err == nil {
				t.Errorf("%T: Write(%q) succeeded", w, p)
			}
		}
	}
}

// TestWriterKeeps: a new generation takes an unchanged file from the
// previous one as the same file (a link), and one the previous lacks is
// reported so the build makes it instead.
func TestWriterKeeps(t *testing.T) {
	prev, next := t.TempDir(), t.TempDir()
	write(t, filepath.Join(prev, "a", "b", "index.html"), "kept")
	w := NewWriter(next, prev, nil)
	if err := w.Keep("a/b/index.html"); err != nil {
		t.Fatal(err)
	}
	a, _ := os.Stat(filepath.Join(prev, "a", "b", "index.html"))
	b, err := os.Stat(filepath.Join(next, "a", "b", "index.html"))
	if err != nil || !os.SameFile(a, b) {
		t.Errorf("the kept file is not the previous generation's (%v)", err)
	}
	if err := w.Keep("missing.html"); !errors.Is(err, ErrNotKept) {
		t.Errorf("Keep of a file the previous generation lacks: %v", err)
	}
	if err := w.Write(File{Path: "missing.html", Data: []byte("made")}); err != nil {
		t.Errorf("Write after a failed Keep: %v", err)
	}
}

// TestInPlaceWriter: in place, a file is replaced by a new one (a reader
// holding the old keeps it whole), and Remove takes a file away.
func TestInPlaceWriter(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "a.html"), "old")
	write(t, filepath.Join(dir, "gone.html"), "gone")
	old, err := os.Open(filepath.Join(dir, "a.html"))
	if err != nil {
		t.Fatal(err)
	}
	defer old.Close()
	w := NewInPlaceWriter(dir, nil)
	if err := w.Write(File{Path: "a.html", Data: []byte("new")}); err != nil {
		t.Fatal(err)
	}
	if err := w.Remove("gone.html"); err != nil {
		t.Fatal(err)
	}
	if got := read(t, filepath.Join(dir, "a.html")); got != "new" {
		t.Errorf("a.html reads %q", got)
	}
	if b, _ := io.ReadAll(old); string(b) != "old" {
		t.Errorf("a reader of the old file got %q", b)
	}
	if _, err := os.Stat(filepath.Join(dir, "gone.html")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("gone.html: %v", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("%d files left in the site; want only a.html (no temporary files)", len(entries))
	}
}

// TestLinkedFile: a file the build keeps outside the site (a cached issue
// PDF) is hard-linked into a generation, not copied, in place too.
func TestLinkedFile(t *testing.T) {
	cached := filepath.Join(t.TempDir(), "k.pdf")
	write(t, cached, "%PDF-")
	a, _ := os.Stat(cached)
	for _, mode := range []string{"new", "in place"} {
		dir := t.TempDir()
		w := NewWriter(dir, "", nil)
		if mode == "in place" {
			w = NewInPlaceWriter(dir, nil)
		}
		if err := w.Write(File{Path: "gazette/2025/01/issue.pdf", Link: cached}); err != nil {
			t.Fatal(err)
		}
		b, err := os.Stat(filepath.Join(dir, "gazette", "2025", "01", "issue.pdf"))
		if err != nil || !os.SameFile(a, b) {
			t.Errorf("%s: the published file is not the cached one (%v)", mode, err)
		}
	}
}

// TestPreviewStoreApart: a preview's store is its own folder beside its
// outputs; it refuses the live site's links, and the live store the
// preview's, each saying why, and neither changes anything.
func TestPreviewStoreApart(t *testing.T) {
	dir := t.TempDir()
	live := Store{Public: filepath.Join(dir, "public"), Index: filepath.Join(dir, "index")}
	preview := Store{Public: filepath.Join(dir, "preview"), Index: filepath.Join(dir, "preview-index"), Preview: true}
	generation(t, live, "live", true)
	generation(t, preview, "draft", true)
	if got := read(t, filepath.Join(live.Public, "index.html")); got != "live" {
		t.Errorf("the live site reads %q after a preview beside it", got)
	}
	if got := read(t, filepath.Join(dir, PreviewDir, "current", "public", "index.html")); got != "draft" {
		t.Errorf("the preview's store holds %q", got)
	}
	for _, c := range []struct {
		s    Store
		want string
	}{
		{Store{Public: live.Public, Index: live.Index, Preview: true}, "is the live site"},
		{Store{Public: preview.Public, Index: live.Index, Preview: true}, "is the live site"},
		{Store{Public: preview.Public, Index: preview.Index}, "is a drafts preview"},
		{Store{Public: live.Public, Index: preview.Index}, "is a drafts preview"},
		{Store{Public: filepath.Join(live.Public, "preview"), Index: preview.Index, Preview: true}, "inside gazette's store"},
		{Store{Public: preview.Public, Index: filepath.Join(live.Index, "x"), Preview: true}, "inside gazette's store"},
		{Store{Public: filepath.Join(dir, StoreDir, "current", "public", "sub"), Index: filepath.Join(dir, "i2")}, "inside gazette's store"},
	} {
		before := snapshot(t, dir)
		lk, err := c.s.Lock()
		if err == nil {
			lk.Unlock()
			t.Errorf("Lock(%+v) succeeded", c.s)
			continue
		}
		if !strings.Contains(err.Error(), c.want) {
			t.Errorf("Lock(%+v): %v, want %q", c.s, err, c.want)
		}
		if after := snapshot(t, dir); !maps.Equal(before, after) {
			t.Errorf("Lock(%+v) changed the tree", c.s)
		}
	}
}
