package content

import (
	"cmp"
	"slices"
	"time"
)

// publish decides which documents are public at opt.Now, names what they
// are grouped under (nameTerms), applies expiry, and records the relations
// between published documents on both ends.
func publish(all []*Document, opt Options, cfg Config) ([]*Document, error) {
	public := map[*Document]bool{}
	visible := func(d *Document) bool {
		if opt.Drafts {
			return true
		}
		return !d.Draft && !d.Date.After(opt.Now)
	}
	for _, d := range all {
		if d.Kind == KindGazette && d.Issue != nil && !visible(d.Issue) {
			continue
		}
		if visible(d) {
			public[d] = true
		}
	}
	if err := nameTerms(all, public, cfg); err != nil {
		return nil, err
	}
	rank := categoryRank(cfg)
	keep := func(ds []*Document) []*Document {
		return slices.DeleteFunc(ds, func(t *Document) bool { return !public[t] })
	}
	var out []*Document
	for _, d := range all {
		if !public[d] {
			continue
		}
		if d.Validity == "" && d.Kind == KindGazette {
			d.Validity = Valid
		}
		if e := d.ExpiresAt(); !e.IsZero() && !e.After(opt.Now) {
			d.Validity = Expired
		}
		d.Documents = keep(d.Documents)
		slices.SortStableFunc(d.Documents, func(a, b *Document) int {
			// Categories outside categoryOrder follow, by name, so that each
			// category's documents stay together in the contents.
			return cmp.Or(cmp.Compare(rank(a.CategoryName), rank(b.CategoryName)), cmp.Compare(a.CategoryName, b.CategoryName),
				a.Date.Compare(b.Date), cmp.Compare(a.Path, b.Path))
		})
		d.RepealsDocs = keep(d.RepealsDocs)
		d.AmendsDocs = keep(d.AmendsDocs)
		if d.SupersededByDoc != nil && !public[d.SupersededByDoc] {
			d.SupersededByDoc = nil
		}
		if d.InterpretsDoc != nil && !public[d.InterpretsDoc] {
			d.InterpretsDoc = nil
		}
		// A version that follows a draft follows the published one before
		// it, so a work's history holds only what is published.
		for d.PreviousDoc != nil && !public[d.PreviousDoc] {
			d.PreviousDoc = d.PreviousDoc.PreviousDoc
		}
		out = append(out, d)
	}
	backLinks(out)
	turnValidity(out, opt.Now)
	return out, nil
}

// backLinks records the other end of each relation of the published
// documents out, once, in path order.
func backLinks(out []*Document) {
	for _, d := range out {
		for _, t := range d.RepealsDocs {
			t.RepealedBy = appendOnce(t.RepealedBy, d)
		}
		for _, t := range d.AmendsDocs {
			t.AmendedBy = appendOnce(t.AmendedBy, d)
		}
		if t := d.SupersededByDoc; t != nil {
			t.Supersedes = appendOnce(t.Supersedes, d)
		}
		if t := d.InterpretsDoc; t != nil {
			t.Interpretations = appendOnce(t.Interpretations, d)
		}
		if t := d.PreviousDoc; t != nil {
			t.NextVersions = appendOnce(t.NextVersions, d)
		}
	}
}

// turnValidity marks a document repealed or amended by a published one, or
// followed by a version already in force, unless its own front matter says
// more (廢止 outranks 已修改; 失效 stays).
func turnValidity(out []*Document, now time.Time) {
	for _, d := range out {
		switch {
		case len(d.RepealedBy) > 0 && (d.Validity == Valid || d.Validity == Amended):
			d.Validity = Repealed
		case len(d.AmendedBy) > 0 && d.Validity == Valid:
			d.Validity = Amended
		case d.Validity == Valid && slices.ContainsFunc(d.NextVersions, func(n *Document) bool { return !n.InForceFrom().After(now) }):
			d.Validity = Amended // a later version of the work is in force
		}
	}
}

func appendOnce(ds []*Document, d *Document) []*Document {
	if slices.Contains(ds, d) {
		return ds
	}
	return append(ds, d)
}

// categoryOrder is the order of categories in an issue's table of
// contents, when site.yaml lists none.
var categoryOrder = []string{"市政府令", "市政府文件", "市政府辦公廳文件", "部門文件", "人事任免"}

// categoryRank places a category in an issue's contents: in the order of
// site.yaml's categories, or of categoryOrder without them, in any
// spelling; any other category after them.
func categoryRank(cfg Config) func(string) int {
	order := cfg.Names("category")
	if !order.Listed("category") {
		order = newNames(categoryOrder)
	}
	ranks := map[string]int{}
	return func(name string) int {
		r, ok := ranks[name]
		if !ok {
			r = order.rank(name)
			ranks[name] = r
		}
		return r
	}
}
