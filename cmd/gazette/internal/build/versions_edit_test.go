package build

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
)

// addVersion adds a later version of a gazette document, as an office
// publishes an amended regulation: the same title and organ, previous:
// naming it, its text with an article added, taking effect before the
// build's clock (the old version turns 已修改 and gains a banner) or after
// it (the new one is not yet in force). Every version's 沿革 changes.
func (ed *editor) addVersion() []string {
	p := ed.pick(`^gazette/`)
	if p == "" {
		return nil
	}
	fm, body := ed.read(p)
	q := fmt.Sprintf("gazette/2025/02/version-%d.md", ed.n)
	effective := []string{"2025-06-01", "2027-01-01"}[ed.r.IntN(2)]
	ed.write(q, fmt.Sprintf("title: %s\ndate: 2025-02-%02d\norgan: %s\neffective: %s\nprevious: %s\n",
		field(fm, "title"), 1+ed.r.IntN(27), field(fm, "organ"), effective, p),
		body+fmt.Sprintf("\n第九十九條 本版本新增的條文，標記%d。\n", ed.n))
	ed.versions = append(ed.versions, q)
	return []string{q}
}

// removeVersion deletes a version addVersion made that no later version
// names: the versions before it read as they did.
func (ed *editor) removeVersion() []string {
	ps := slices.DeleteFunc(slices.Clone(ed.versions), func(p string) bool {
		_, err := os.Stat(filepath.Join(ed.content, filepath.FromSlash(p)))
		return err != nil || ed.referenced(p)
	})
	if len(ps) == 0 {
		return nil
	}
	p := ps[ed.r.IntN(len(ps))]
	if err := os.Remove(filepath.Join(ed.content, filepath.FromSlash(p))); err != nil {
		ed.t.Fatal(err)
	}
	return []string{p}
}
