package render

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	htmltemplate "html/template"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

func hashOf(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

func body(i int) Body {
	return Body{HTML: htmltemplate.HTML("<p>正文" + suffix(i) + "</p>"), Text: "正文" + suffix(i), Summary: "摘要", Runes: 2 + i}
}

func suffix(i int) string { return fmt.Sprint(i) + strings.Repeat("。", i%7) }

// TestStoreKeepsBodiesAcrossOpens: what one build puts and saves, the next
// gets back; what the site no longer has is dropped.
func TestStoreKeepsBodiesAcrossOpens(t *testing.T) {
	dir := t.TempDir()
	s, err := OpenStore(dir, "v1")
	if err != nil {
		t.Fatal(err)
	}
	live := map[string]bool{}
	for i := range 50 {
		if err := s.Put(hashOf(fmt.Sprint(i)), body(i)); err != nil {
			t.Fatal(err)
		}
		if i%2 == 0 {
			live[hashOf(fmt.Sprint(i))] = true
		}
	}
	if err := s.Save(live); err != nil {
		t.Fatal(err)
	}
	s.Close()

	s, err = OpenStore(dir, "v1")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if s.Notice() != "" || s.Len() != 25 {
		t.Fatalf("reopened: %d bodies, notice %q; want 25 and none", s.Len(), s.Notice())
	}
	for i := range 50 {
		b, ok, err := s.Get(hashOf(fmt.Sprint(i)))
		if err != nil {
			t.Fatal(err)
		}
		if ok != (i%2 == 0) || ok && b != body(i) {
			t.Errorf("body %d: %+v, %v", i, b, ok)
		}
	}
}

// TestStoreDistrustsWhatItFinds: another version's store, a damaged or
// truncated index, a damaged body: each costs a render, never a wrong body.
func TestStoreDistrustsWhatItFinds(t *testing.T) {
	fill := func(t *testing.T) string {
		dir := t.TempDir()
		s, err := OpenStore(dir, "v1")
		if err != nil {
			t.Fatal(err)
		}
		live := map[string]bool{}
		for i := range 10 {
			s.Put(hashOf(fmt.Sprint(i)), body(i))
			live[hashOf(fmt.Sprint(i))] = true
		}
		if err := s.Save(live); err != nil {
			t.Fatal(err)
		}
		s.Close()
		return dir
	}
	flip := func(p string, at int) {
		b, _ := os.ReadFile(p)
		if at < 0 {
			at += len(b)
		}
		b[at] ^= 0xff
		os.WriteFile(p, b, 0o644)
	}
	for name, spoil := range map[string]func(dir string) string{
		"another version":    func(string) string { return "v2" },
		"damaged index":      func(dir string) string { flip(filepath.Join(dir, "bodies.idx"), 40); return "v1" },
		"truncated index":    func(dir string) string { os.Truncate(filepath.Join(dir, "bodies.idx"), 30); return "v1" },
		"truncated bodies":   func(dir string) string { os.Truncate(bodiesFile(t, dir), 10); return "v1" },
		"index without file": func(dir string) string { os.Remove(bodiesFile(t, dir)); return "v1" },
		"bodies without index": func(dir string) string {
			os.Remove(filepath.Join(dir, "bodies.idx"))
			return "v1"
		},
	} {
		t.Run(name, func(t *testing.T) {
			dir := fill(t)
			s, err := OpenStore(dir, spoil(dir))
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			if s.Len() != 0 || s.Notice() == "" {
				t.Errorf("store holds %d bodies, notice %q; want it emptied with a notice", s.Len(), s.Notice())
			}
		})
	}
	t.Run("damaged body", func(t *testing.T) {
		dir := fill(t)
		flip(bodiesFile(t, dir), 12) // inside the first record
		s, err := OpenStore(dir, "v1")
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		bad := 0
		for i := range 10 {
			b, ok, err := s.Get(hashOf(fmt.Sprint(i)))
			if err != nil {
				t.Fatal(err)
			}
			if !ok {
				bad++
			} else if b != body(i) {
				t.Errorf("body %d came back wrong: %+v", i, b)
			}
		}
		if bad != 1 {
			t.Errorf("%d bodies reported missing; want the damaged one", bad)
		}
	})
}

// TestStoreCompacts: a file mostly of dropped bodies is rewritten, and the
// live ones still read back.
func TestStoreCompacts(t *testing.T) {
	dir := t.TempDir()
	s, err := OpenStore(dir, "v1")
	if err != nil {
		t.Fatal(err)
	}
	for i := range 400 {
		b := body(i)
		b.Text = strings.Repeat(fmt.Sprintf("第%d條，", i), 2000)
		s.Put(hashOf(fmt.Sprint(i)), b)
	}
	keep := map[string]bool{hashOf("7"): true}
	if err := s.Save(keep); err != nil {
		t.Fatal(err)
	}
	info, _ := os.Stat(bodiesFile(t, dir))
	b, ok, _ := s.Get(hashOf("7"))
	if !ok || !strings.HasPrefix(b.Text, "第7條") {
		t.Fatalf("the kept body after compaction: %v %.20q", ok, b.Text)
	}
	s.Close()
	if info.Size() > 64<<10 {
		t.Errorf("bodies is %d bytes after keeping one body", info.Size())
	}
	s, _ = OpenStore(dir, "v1")
	defer s.Close()
	if b, ok, _ := s.Get(hashOf("7")); !ok || !strings.HasPrefix(b.Text, "第7條") {
		t.Errorf("the kept body after reopening: %v", ok)
	}
}

// bodiesFile is the one bodies file of the store in dir.
func bodiesFile(t *testing.T, dir string) string {
	t.Helper()
	m, _ := filepath.Glob(filepath.Join(dir, "bodies-*"))
	if len(m) != 1 {
		t.Fatalf("bodies files in %s: %v; want one", dir, m)
	}
	return m[0]
}

// TestEmptyStoreReplacesOnSave: a store that starts empty (a -full build)
// leaves the saved one whole until its own Save, however it is stopped
// before; its Save replaces it whole, leaving one bodies file.
func TestEmptyStoreReplacesOnSave(t *testing.T) {
	dir := t.TempDir()
	s, err := OpenStore(dir, "v1")
	if err != nil {
		t.Fatal(err)
	}
	live := map[string]bool{}
	for i := range 10 {
		s.Put(hashOf(fmt.Sprint(i)), body(i))
		live[hashOf(fmt.Sprint(i))] = true
	}
	if err := s.Save(live); err != nil {
		t.Fatal(err)
	}
	s.Close()

	// Stopped before its Save: the store on disk is the saved one.
	e, err := EmptyStore(dir, "v1")
	if err != nil {
		t.Fatal(err)
	}
	if e.Len() != 0 {
		t.Fatalf("an empty store holds %d bodies", e.Len())
	}
	e.Put(hashOf("new"), body(99))
	e.Close()
	s, err = OpenStore(dir, "v1")
	if err != nil {
		t.Fatal(err)
	}
	if s.Len() != 10 || s.Notice() != "" {
		t.Fatalf("after an empty store stopped before Save: %d bodies, notice %q; want the 10 saved", s.Len(), s.Notice())
	}
	if b, ok, err := s.Get(hashOf("3")); err != nil || !ok || b != body(3) {
		t.Fatalf("a saved body: %+v, %v, %v", b, ok, err)
	}
	s.Close()

	// Saved: it is the store, alone.
	e, err = EmptyStore(dir, "v1")
	if err != nil {
		t.Fatal(err)
	}
	e.Put(hashOf("new"), body(99))
	if err := e.Save(map[string]bool{hashOf("new"): true}); err != nil {
		t.Fatal(err)
	}
	e.Close()
	bodiesFile(t, dir)
	s, err = OpenStore(dir, "v1")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if b, ok, _ := s.Get(hashOf("new")); s.Len() != 1 || !ok || b != body(99) {
		t.Errorf("after the empty store's Save: %d bodies, the new one %v", s.Len(), ok)
	}
}

// TestStoreMeta: the summary and length of a kept body come back without
// reading it, after a reopen too.
func TestStoreMeta(t *testing.T) {
	dir := t.TempDir()
	s, _ := OpenStore(dir, "v1")
	s.Put(hashOf("a"), Body{HTML: "<p>甲</p>", Text: "甲", Summary: "甲乙丙", Runes: 321})
	s.Save(map[string]bool{hashOf("a"): true})
	s.Close()
	s, _ = OpenStore(dir, "v1")
	defer s.Close()
	if sum, runes, ok := s.Meta(hashOf("a")); !ok || sum != "甲乙丙" || runes != 321 {
		t.Errorf("Meta = %q, %d, %v", sum, runes, ok)
	}
	if _, _, ok := s.Meta(hashOf("b")); ok {
		t.Error("Meta of a body never put")
	}
}

// TestStoreConcurrent: bodies put and read from many goroutines at once
// come back each as its own (run with -race).
func TestStoreConcurrent(t *testing.T) {
	s, err := OpenStore(t.TempDir(), "v1")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var wg sync.WaitGroup
	for i := range 200 {
		wg.Go(func() {
			h := hashOf(fmt.Sprint(i))
			if err := s.Put(h, body(i)); err != nil {
				t.Error(err)
			}
			if b, ok, err := s.Get(h); err != nil || !ok || b != body(i) {
				t.Errorf("body %d read back as %+v, %v, %v", i, b, ok, err)
			}
		})
	}
	wg.Wait()
	if s.Len() != 200 {
		t.Errorf("store holds %d bodies", s.Len())
	}
}
