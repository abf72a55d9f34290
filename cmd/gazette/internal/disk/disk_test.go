package disk

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestChecked: what WriteGob wrote reads back; a missing file, another
// format's, a cut or a changed one are each refused, never half-read.
func TestChecked(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "f")
	type payload struct{ A map[string]int }
	if err := WriteGob(file, "test/1\n", payload{map[string]int{"a": 1}}); err != nil {
		t.Fatal(err)
	}
	var got payload
	if err := ReadGob(file, "test/1\n", &got); err != nil || got.A["a"] != 1 {
		t.Fatalf("read back %v, %v", got, err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("%d files in the folder after a write; want 1 (no temporary file left)", len(entries))
	}
	data, _ := os.ReadFile(file)
	for name, c := range map[string]struct {
		data  []byte
		magic string
		want  error
	}{
		"another format": {data, "test/2\n", ErrNotOne},
		"cut":            {data[:len(data)-1], "test/1\n", ErrDamaged},
		"shorter":        {data[:5], "test/1\n", ErrNotOne},
		"changed":        {append(append([]byte{}, data[:10]...), append([]byte{data[10] ^ 1}, data[11:]...)...), "test/1\n", ErrDamaged},
	} {
		bad := filepath.Join(dir, "bad")
		if err := os.WriteFile(bad, c.data, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := ReadGob(bad, c.magic, &got); !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", name, err, c.want)
		}
	}
	if err := ReadGob(filepath.Join(dir, "none"), "test/1\n", &got); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a missing file: %v", err)
	}
}

// TestManifest: a manifest written into a generation reads back equal, and
// one removed or damaged is not trusted, with the reason.
func TestManifest(t *testing.T) {
	dir := t.TempDir()
	m := &Manifest{Files: map[string][32]byte{"index.html": {1}}, Records: map[string]string{"/a/": "h"}, SiteFile: []byte("{}"),
		Schedule: Schedule{BuiltAt: time.Now()}.Key()}
	if err := m.Write(dir); err != nil {
		t.Fatal(err)
	}
	got, why := ReadManifest(dir)
	if why != "" || !got.Same(m) || !got.Holds([]string{"index.html"}, [32]byte{1}) || got.Holds([]string{"index.html"}, [32]byte{2}) {
		t.Fatalf("read back %+v (%s)", got, why)
	}
	os.WriteFile(filepath.Join(dir, "manifest"), []byte("gazette-manifest/1\n"+string(make([]byte, 40))), 0o644)
	if got, why := ReadManifest(dir); got != nil || why != "the live generation's manifest is damaged: every file is made again" {
		t.Errorf("damaged: %v, %q", got, why)
	}
	if err := RemoveManifest(dir); err != nil {
		t.Fatal(err)
	}
	if got, why := ReadManifest(dir); got != nil || why != "the live generation's manifest is missing: every file is made again" {
		t.Errorf("removed: %v, %q", got, why)
	}
}
