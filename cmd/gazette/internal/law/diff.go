package law

import (
	"unicode/utf8"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// An EditOp says what an Edit does to the old words.
type EditOp uint8

const (
	Keep   EditOp = iota // in both versions
	Delete               // only in the old version
	Insert               // only in the new version
)

// An Edit is a run of characters of a changed article: kept, deleted from
// the old words or inserted into the new. Kept runs are the new version's
// characters, which may differ from the old in script or width alone.
type Edit struct {
	Op   EditOp
	Text string
}

// diffRunes compares two texts character by character under their folded
// forms (one folded rune to each rune), so that a character written in
// the other script or width is kept, and returns the edits in the texts'
// own characters, cleaned up to whole words where a reader would see them.
func diffRunes(a, b, fa, fb []rune) []Edit {
	dmp := diffmatchpatch.New()
	dmp.DiffTimeout = 0 // articles are short; a deadline would make the result depend on the machine's load
	ds := dmp.DiffCleanupSemantic(dmp.DiffMainRunes(fa, fb, false))
	var es []Edit
	i, j := 0, 0
	for _, d := range ds {
		n := utf8.RuneCountInString(d.Text)
		var e Edit
		switch d.Type {
		case diffmatchpatch.DiffEqual:
			e = Edit{Keep, string(b[j : j+n])}
			i, j = i+n, j+n
		case diffmatchpatch.DiffDelete:
			e = Edit{Delete, string(a[i : i+n])}
			i += n
		case diffmatchpatch.DiffInsert:
			e = Edit{Insert, string(b[j : j+n])}
			j += n
		}
		if k := len(es) - 1; k >= 0 && es[k].Op == e.Op {
			es[k].Text += e.Text
			continue
		}
		es = append(es, e)
	}
	return es
}
