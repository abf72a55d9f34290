package law

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gazette/cmd/internal/golden"

	"golang.org/x/tools/txtar"
)

// TestParseGolden parses the body.md of each testdata/parse/*.txtar (with
// the title in its options section, if any) and compares a dump of the
// result with its want section: the numbering styles in both scripts, 之一
// and 6-1, parts, paragraphs and items, run-in and unseparated headings,
// the signature, and citations of every kind.
func TestParseGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/parse/*.txtar")
	if err != nil || len(files) < 7 {
		t.Fatalf("want the golden cases in testdata/parse, found %d (%v)", len(files), err)
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
			body, ok := sections["body.md"]
			if !ok {
				t.Fatalf("%s: no body.md section", name)
			}
			var o Options
			if opt, ok := sections["options"]; ok {
				for _, l := range strings.Split(string(opt.Data), "\n") {
					if v, ok := strings.CutPrefix(l, "title: "); ok {
						o.Title = v
					}
				}
			}
			got := dump(string(body.Data), Parse(string(body.Data), o))
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
				t.Fatalf("%s: no want section (go test -run TestParseGolden -update writes it)", name)
			}
			if string(want.Data) != got {
				t.Errorf("%s differs (go test -run TestParseGolden -update rewrites it):\n%s", name, golden.Diff(string(want.Data), got))
			}
		})
	}
}

// dump writes what Parse found in a form a reader checks against the
// body: every span as the text it covers.
func dump(s string, d *Doc) string {
	var b bytes.Buffer
	text := func(sp Span) string { return fmt.Sprintf("%q", s[sp.Start:sp.End]) }
	fmt.Fprintf(&b, "convention %v\n", d.Convention)
	for i, p := range d.Parts {
		fmt.Fprintf(&b, "part %d: %q %v title %q parent %d line %s\n", i, p.Kind.String(), p.Num, p.Title, p.Parent, text(p.Span))
	}
	for _, a := range d.Articles {
		fmt.Fprintf(&b, "article %s mark %s path %v\n", a.Num.Anchor(), text(a.Mark), a.Path)
		fmt.Fprintf(&b, "  span %s\n", text(a.Span))
		for i, p := range a.Paras {
			fmt.Fprintf(&b, "  para %d %s\n", i+1, text(p.Span))
			for _, it := range p.Items {
				fmt.Fprintf(&b, "    item %d %s\n", it.N, text(it.Span))
			}
		}
	}
	if sg := d.Signature; sg != nil {
		fmt.Fprintf(&b, "signature %q %s span %s\n", sg.Organs, sg.Date.Format("2006-01-02"), text(sg.Span))
	}
	for _, c := range d.Citations {
		fmt.Fprintf(&b, "cite %v %s", c.Kind, text(c.Span))
		if c.Name != "" {
			fmt.Fprintf(&b, " name %q key %q", c.Name, c.Key)
		}
		if c.Article.N != 0 {
			fmt.Fprintf(&b, " %s", c.Article.Anchor())
		}
		if c.Para != 0 || c.Item != 0 {
			fmt.Fprintf(&b, " para %d item %d", c.Para, c.Item)
		}
		if c.In >= 0 {
			fmt.Fprintf(&b, " in %s", d.Articles[c.In].Num.Anchor())
		}
		b.WriteByte('\n')
	}
	return b.String()
}
