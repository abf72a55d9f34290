package law

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"gazette/cmd/internal/golden"
)

// TestAlignGolden aligns the old.md and new.md of each
// testdata/align/*.txtar and compares the 對照表 with its want section:
// renumbering by an insertion and by a removal, 之一 insertions, split,
// merged and moved articles, a repealed article kept as （刪除）, and a
// change of script or width that is no change, in both scripts.
func TestAlignGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/align/*.txtar")
	if err != nil || len(files) < 7 {
		t.Fatalf("want the golden cases in testdata/align, found %d (%v)", len(files), err)
	}
	for _, name := range files {
		t.Run(filepath.Base(name), func(t *testing.T) {
			a, err := txtar.ParseFile(name)
			if err != nil {
				t.Fatal(err)
			}
			sections := map[string]*txtar.File{}
			for i := range a.Files {
				sections[a.Files[i].Name] = &a.Files[i]
			}
			o, n := sections["old.md"], sections["new.md"]
			if o == nil || n == nil {
				t.Fatalf("%s: want old.md and new.md sections", name)
			}
			got := alignText(string(o.Data), string(n.Data))
			want, ok := sections["want"]
			if golden.Update() {
				if !ok {
					a.Files = append(a.Files, txtar.File{Name: "want"})
					want = &a.Files[len(a.Files)-1]
				}
				want.Data = []byte(got)
				if err := os.WriteFile(name, txtar.Format(a), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if !ok {
				t.Fatalf("%s: no want section (run with -update)", name)
			}
			if got != string(want.Data) {
				t.Errorf("%s: the 對照表 differs\n got:\n%s\nwant:\n%s", name, got, want.Data)
			}
		})
	}
}

// alignText parses two bodies, aligns their articles and dumps the rows.
func alignText(oldBody, newBody string) string {
	old := Parse(oldBody, Options{}).Texts(oldBody)
	nw := Parse(newBody, Options{}).Texts(newBody)
	return dumpRows(old, nw, Align(old, nw))
}

// dumpRows writes one line a row — the kind, the old anchors, the new —
// and under a changed row its edits: [-deleted-] and {+inserted+}.
func dumpRows(old, nw []Text, rows []Row) string {
	var b strings.Builder
	for _, r := range rows {
		fmt.Fprintf(&b, "%-8s %s -> %s", r.Kind, anchorsOf(r.Old, old), anchorsOf(r.New, nw))
		if r.Renumbered(old, nw) {
			b.WriteString(" renumbered")
		}
		if r.Moved {
			b.WriteString(" moved")
		}
		b.WriteByte('\n')
		if r.Diff != nil {
			b.WriteString("\t")
			for _, e := range r.Diff {
				t := strings.ReplaceAll(e.Text, "\n", "⏎")
				switch e.Op {
				case Keep:
					b.WriteString(t)
				case Delete:
					b.WriteString("[-" + t + "-]")
				case Insert:
					b.WriteString("{+" + t + "+}")
				}
			}
			b.WriteByte('\n')
		}
	}
	return b.String()
}

func anchorsOf(idx []int, ts []Text) string {
	if len(idx) == 0 {
		return "-"
	}
	as := make([]string, len(idx))
	for k, i := range idx {
		as[k] = ts[i].Num.Anchor()
	}
	return strings.Join(as, ",")
}
