package lint

import (
	"cmp"
	"slices"

	"gazette/cmd/gazette/internal/content"
	"gazette/cmd/gazette/internal/law"
)

// versions proposes previous: for a gazette document that has the title
// (law.TitleKey: folded, without 中華人民共和國 or a dating note) and the
// organ of an earlier one it is not linked to: probably a later version of
// one regulation. It is a note, never an error: two documents of one title
// may be two works (a 通知 issued every year), and only the editor knows.
func (c *checker) versions() {
	works := map[[2]string][]*content.Document{}
	for _, d := range c.site.All {
		if d.Kind != content.KindGazette || d.Organ == "" {
			continue
		}
		if k := law.TitleKey(d.Title); k != "" {
			key := [2]string{k, content.NameKey(d.Organ)}
			works[key] = append(works[key], d)
		}
	}
	for _, ds := range works {
		if len(ds) < 2 {
			continue
		}
		slices.SortFunc(ds, func(a, b *content.Document) int {
			return cmp.Or(a.InForceFrom().Compare(b.InForceFrom()), cmp.Compare(a.Path, b.Path))
		})
		for i := 1; i < len(ds); i++ {
			prev, d := ds[i-1], ds[i]
			if slices.Contains(d.Versions(), prev) {
				continue
			}
			ref := prev.DocNumber
			if ref == "" {
				ref = prev.Path
			}
			l, col := c.at(d, "title")
			c.report(d, l, col, Info, "same title and organ as %s of %s: if this is a later version of it, add previous: %s",
				prev.Path, prev.InForceFrom().Format("2006-01-02"), ref)
		}
	}
}
