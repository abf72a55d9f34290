package law

import (
	"cmp"
	"slices"
)

// A bigrams is the set of an article's character bigrams, folded, white
// space left out; an article of one character is its one character.
type bigrams map[[2]rune]struct{}

func bigramSets(f [][]rune) []bigrams {
	bs := make([]bigrams, len(f))
	for i, rs := range f {
		rs = squeeze(rs)
		b := bigrams{}
		for k := 1; k < len(rs); k++ {
			b[[2]rune{rs[k-1], rs[k]}] = struct{}{}
		}
		if len(rs) == 1 {
			b[[2]rune{rs[0]}] = struct{}{}
		}
		bs[i] = b
	}
	return bs
}

// dice is the Dice coefficient of two sets: 1 for the same, 0 for none in
// common.
func dice(a, b bigrams) float64 {
	if len(a)+len(b) == 0 {
		return 1
	}
	if len(a) > len(b) {
		a, b = b, a
	}
	n := 0
	for x := range a {
		if _, ok := b[x]; ok {
			n++
		}
	}
	return 2 * float64(n) / float64(len(a)+len(b))
}

// within is the share of a's bigrams found in one of the sets in.
func within(a bigrams, in ...bigrams) float64 {
	if len(a) == 0 {
		return 0
	}
	n := 0
	for x := range a {
		for _, b := range in {
			if _, ok := b[x]; ok {
				n++
				break
			}
		}
	}
	return float64(n) / float64(len(a))
}

// gainPass is how much more of an article a further piece must cover for a
// split or merge: a new article that only repeats words of its neighbour's
// old one, which its neighbour kept, was added, not split off.
const gainPass = 0.15

// groupPieces makes the rows of the pairing: one per pair, one per article
// left over, and splits and merges, where an article left over lies beside
// a paired one and is a piece of the article that one was paired with.
func groupPieces(bo, bn []bigrams, oldTo, newTo []int) []Row {
	var rows []Row
	oldRow := make([]int, len(oldTo))
	newRow := make([]int, len(newTo))
	for i, j := range oldTo {
		r := Row{Old: []int{i}}
		if j >= 0 {
			r.New = []int{j}
			newRow[j] = len(rows)
		}
		oldRow[i] = len(rows)
		rows = append(rows, r)
	}
	for j, i := range newTo {
		if i < 0 {
			newRow[j] = len(rows)
			rows = append(rows, Row{New: []int{j}})
		}
	}
	// An article left over joins the row of a neighbour when it is a piece
	// of the other side's article(s) in that row; repeat, so that an
	// article split in three finds its third piece.
	for changed := true; changed; {
		changed = false
		for j := range newTo {
			if r := &rows[newRow[j]]; len(r.Old) == 0 {
				for _, k := range []int{j - 1, j + 1} {
					if k >= 0 && k < len(newTo) && joins(&rows[newRow[k]], bn[j], bo, bn, false) {
						rows[newRow[k]].New = append(rows[newRow[k]].New, j)
						r.New, newRow[j], changed = nil, newRow[k], true
						break
					}
				}
			}
		}
		for i := range oldTo {
			if r := &rows[oldRow[i]]; len(r.New) == 0 {
				for _, k := range []int{i - 1, i + 1} {
					if k >= 0 && k < len(oldTo) && joins(&rows[oldRow[k]], bo[i], bn, bo, true) {
						rows[oldRow[k]].Old = append(rows[oldRow[k]].Old, i)
						r.Old, oldRow[i], changed = nil, oldRow[k], true
						break
					}
				}
			}
		}
	}
	rows = slices.DeleteFunc(rows, func(r Row) bool { return len(r.Old)+len(r.New) == 0 })
	for i := range rows {
		slices.Sort(rows[i].Old)
		slices.Sort(rows[i].New)
	}
	return rows
}

// joins reports whether piece, an article alone in its row, belongs in row
// r: r pairs a single article on the other side (the whole) with the
// piece's neighbour(s), the piece is made of the whole's words, and adds
// to how much of the whole its side covers. For a merge (oldSide), the
// piece is an old article and the whole a new one.
func joins(r *Row, piece bigrams, whole, side []bigrams, oldSide bool) bool {
	wholes, sides := r.Old, r.New
	if oldSide {
		wholes, sides = r.New, r.Old
	}
	if len(wholes) != 1 || len(sides) == 0 {
		return false
	}
	w := whole[wholes[0]]
	if within(piece, w) < partPass {
		return false
	}
	var have []bigrams
	for _, k := range sides {
		have = append(have, side[k])
	}
	before := within(w, have...)
	after := within(w, append(have, piece)...)
	return after >= wholePass && after-before >= gainPass
}

// order sorts rows by the new version's order; a row of removed articles
// follows the row of the old article before them.
func order(rows []Row, nOld int) []Row {
	type key struct{ at, removed, old int }
	rowOfOld := make([]int, nOld)
	for k, r := range rows {
		for _, i := range r.Old {
			rowOfOld[i] = k
		}
	}
	keys := make([]key, len(rows))
	for k, r := range rows {
		if len(r.New) > 0 {
			keys[k] = key{at: r.New[0]}
			continue
		}
		keys[k] = key{at: -1, removed: 1, old: r.Old[0]}
		for i := r.Old[0] - 1; i >= 0; i-- {
			if p := rows[rowOfOld[i]]; len(p.New) > 0 {
				keys[k].at = p.New[0]
				break
			}
		}
	}
	idx := make([]int, len(rows))
	for k := range idx {
		idx[k] = k
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		ka, kb := keys[a], keys[b]
		return cmp.Or(cmp.Compare(ka.at, kb.at), cmp.Compare(ka.removed, kb.removed), cmp.Compare(ka.old, kb.old))
	})
	out := make([]Row, len(rows))
	for k, i := range idx {
		out[k] = rows[i]
	}
	return out
}
