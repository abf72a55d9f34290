package lint

import "gazette/cmd/gazette/internal/content"

// names warns about an organ, topic or category that site.yaml lists
// names for but not this one in any spelling (script, width, case): a
// typing slip there makes a page of its own. The nearest listed name, by
// folded runes, is offered when one is near.
func (c *checker) names() {
	for _, f := range []struct {
		field, list string
		get         func(*content.Document) string
	}{
		{"organ", "organs", func(d *content.Document) string { return d.Organ }},
		{"topic", "topics", func(d *content.Document) string { return d.Topic }},
		{"category", "categories", func(d *content.Document) string { return d.Category }},
	} {
		names := c.site.Config.Names(f.field)
		if !names.Listed(f.field) {
			continue
		}
		for _, d := range c.site.All {
			v := f.get(d)
			if v == "" || !c.inScope(d) {
				continue
			}
			if _, ok := names.Find(v); ok {
				continue
			}
			l, col := c.at(d, f.field)
			if near := names.Nearest(v); near != "" {
				c.report(d, l, col, Warning, "%s %q is not in site.yaml's %s: did you mean %s?", f.field, v, f.list, near)
				continue
			}
			c.report(d, l, col, Warning, "%s %q is not in site.yaml's %s: add it there, or use a listed name", f.field, v, f.list)
		}
	}
}
