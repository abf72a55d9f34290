package content

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"gazette/cmd/gazette/internal/zh"
)

// NameKey is the form in which two spellings of one organ, topic or
// category are the same name: folded in script, width and case (zh.Fold),
// so that 長春市人民政府辦公廳 and 长春市人民政府办公厅 are one organ.
func NameKey(name string) string { return zh.Fold(strings.TrimSpace(name)) }

// Names are the names one of site.yaml's lists gives (organs, topics or
// categories), each found by any spelling of it.
type Names struct {
	names []string
	keys  [][]rune          // NameKey of each name, as runes
	byKey map[string]string // NameKey → the list's name
}

func newNames(list []string) *Names {
	n := &Names{byKey: map[string]string{}}
	for _, name := range list {
		name = strings.TrimSpace(name)
		k := NameKey(name)
		if _, dup := n.byKey[k]; dup || name == "" {
			continue
		}
		n.names = append(n.names, name)
		n.keys = append(n.keys, []rune(k))
		n.byKey[k] = name
	}
	return n
}

// Names is the list of site.yaml for a front-matter field: organ (the
// organs list, and organ.name, which is always one), topic or category.
func (c Config) Names(field string) *Names {
	switch field {
	case "organ":
		return newNames(append([]string{c.Organ.Name}, c.Organs...))
	case "topic":
		return newNames(c.Topics)
	case "category":
		return newNames(c.Categories)
	}
	return newNames(nil)
}

// Listed reports whether the site.yaml list names anything: a site
// without a list of organs has only organ.name, and is not checked.
func (n *Names) Listed(field string) bool {
	if field == "organ" {
		return len(n.names) > 1
	}
	return len(n.names) > 0
}

// Find returns the list's name that is name in any script, width or case.
func (n *Names) Find(name string) (string, bool) {
	s, ok := n.byKey[NameKey(name)]
	return s, ok
}

// Nearest returns the list's name nearest to name, comparing folded
// names rune by rune (Levenshtein), when one is near enough to be what
// was meant: at most a third of its runes differ. "" when none is.
func (n *Names) Nearest(name string) string {
	k := []rune(NameKey(name))
	best, bestD := "", 0
	for i, lk := range n.keys {
		d := runeDistance(k, lk)
		if d <= max(1, max(len(k), len(lk))/3) && (best == "" || d < bestD) {
			best, bestD = n.names[i], d
		}
	}
	return best
}

// rank is the place of a name in the list, or len of the list when it is
// not in it.
func (n *Names) rank(name string) int {
	if s, ok := n.Find(name); ok {
		return slices.Index(n.names, s)
	}
	return len(n.names)
}

// checkNames reports names of site.yaml's lists that are empty or the same
// name as one before them.
func checkNames(cfg Config, bad func(string, ...any)) {
	for _, l := range []struct {
		field string
		names []string
	}{{"organs", cfg.Organs}, {"topics", cfg.Topics}, {"categories", cfg.Categories}} {
		seen := map[string]string{}
		for _, name := range l.names {
			k := NameKey(name)
			switch prev, dup := seen[k]; {
			case k == "":
				bad("%s: a name is empty", l.field)
			case dup:
				bad("%s: %s and %s are one name (the same in either script, width or case): keep one", l.field, prev, name)
			default:
				seen[k] = name
			}
		}
	}
}

// nameTerms gives every document the names it is grouped under
// (OrganName, TopicName, CategoryName): for a name the site.yaml list has
// in any spelling, the list's name; for another, the spelling of the
// earliest published document (by date, then path) that writes it in the
// site's script, or else the earliest one's converted into it. So all
// spellings of a name share one page, whatever order files are read in.
func nameTerms(all []*Document, public map[*Document]bool, cfg Config) error {
	conv, err := zh.To(cfg.Language)
	if err != nil {
		return fmt.Errorf("converting names into %s: %w", cfg.Language, err)
	}
	published := slices.Clone(all)
	published = slices.DeleteFunc(published, func(d *Document) bool { return !public[d] })
	slices.SortStableFunc(published, func(a, b *Document) int {
		return cmp.Or(a.Date.Compare(b.Date), cmp.Compare(a.Path, b.Path))
	})
	keys := map[string]string{} // spelling → NameKey, as most documents share a few names
	key := func(s string) string {
		k, ok := keys[s]
		if !ok {
			k = NameKey(s)
			keys[s] = k
		}
		return k
	}
	for _, f := range []struct {
		field string
		get   func(*Document) string
		set   func(*Document, string)
	}{
		{"organ", func(d *Document) string { return d.Organ }, func(d *Document, s string) { d.OrganName = s }},
		{"topic", func(d *Document) string { return d.Topic }, func(d *Document, s string) { d.TopicName = s }},
		{"category", func(d *Document) string { return d.Category }, func(d *Document, s string) { d.CategoryName = s }},
	} {
		list := cfg.Names(f.field)
		shown := map[string]string{} // NameKey → the name shown
		converted := map[string]string{}
		for _, d := range published {
			s := strings.TrimSpace(f.get(d))
			if s == "" {
				continue
			}
			k := key(s)
			if _, ok := shown[k]; ok {
				continue
			}
			if name, ok := list.byKey[k]; ok {
				shown[k] = name
				continue
			}
			c := conv.String(s)
			if c == s {
				shown[k] = s
			} else if _, ok := converted[k]; !ok {
				converted[k] = c
			}
		}
		for k, c := range converted {
			if _, ok := shown[k]; !ok {
				shown[k] = c
			}
		}
		for _, d := range all {
			s := strings.TrimSpace(f.get(d))
			if s == "" {
				f.set(d, "")
				continue
			}
			k := key(s)
			name, ok := shown[k]
			if !ok {
				name, ok = list.byKey[k]
			}
			if !ok {
				name = conv.String(s)
			}
			f.set(d, name)
		}
	}
	return nil
}
