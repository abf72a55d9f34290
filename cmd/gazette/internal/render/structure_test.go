package render

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite the html and text sections of testdata/structure/*.txtar")

// TestStructureGolden renders the body.md of each testdata/structure/*.txtar
// and compares the HTML and the plain text with its sections: each
// numbering style in both scripts (第十二条, 第 12 條, 第 2-1 條, 第五條之一),
// 編, 章 and 節 headings, articles on consecutive lines, the 落款 apart
// from the paragraph above it, and the table of contents of a long
// document.
func TestStructureGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/structure/*.txtar")
	if err != nil || len(files) < 5 {
		t.Fatalf("want the golden cases in testdata/structure, found %d (%v)", len(files), err)
	}
	r := New()
	for _, name := range files {
		t.Run(filepath.Base(name), func(t *testing.T) {
			a, err := txtar.ParseFile(name)
			if err != nil {
				t.Fatal(err)
			}
			if len(a.Files) == 0 || a.Files[0].Name != "body.md" {
				t.Fatalf("%s: the first section must be body.md", name)
			}
			res, err := r.Render(a.Files[0].Data)
			if err != nil {
				t.Fatal(err)
			}
			got := map[string][]byte{"html": []byte(res.HTML), "text": []byte(res.Text)}
			if *update {
				a.Files = append(a.Files[:1], txtar.File{Name: "html", Data: got["html"]}, txtar.File{Name: "text", Data: got["text"]})
				if err := os.WriteFile(name, txtar.Format(a), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want := map[string][]byte{}
			for _, f := range a.Files[1:] {
				want[f.Name] = f.Data
			}
			for _, k := range []string{"html", "text"} {
				if w, ok := want[k]; !ok {
					t.Errorf("no %s section: run go test -update", k)
				} else if !bytes.Equal(w, got[k]) {
					t.Errorf("%s differs (go test -update rewrites it):\n--- got\n%s\n--- want\n%s", k, got[k], w)
				}
			}
		})
	}
}
