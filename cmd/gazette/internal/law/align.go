package law

import (
	"slices"
	"strings"
	"unicode"

	"gazette/cmd/gazette/internal/zh"
)

// A Text is one article as alignment sees it: its number and its words,
// without the heading's number.
type Text struct {
	Num  Num
	Text string
}

// Texts returns the articles of d, parsed from body, as Align takes them:
// each article's words after its number, with the Markdown marks and the
// separator that set the number apart left out.
func (d *Doc) Texts(body string) []Text {
	ts := make([]Text, len(d.Articles))
	for i, a := range d.Articles {
		w := body[a.Mark.End:a.Span.End]
		w = strings.TrimLeft(w, " \t\u3000*#:：")
		ts[i] = Text{Num: a.Num, Text: strings.TrimSpace(w)}
	}
	return ts
}

// A RowKind says how the articles of a Row changed from one version to the
// next.
type RowKind uint8

const (
	Same    RowKind = iota + 1 // the same words, folded (a change of script or width alone is none)
	Changed                    // the words changed: Row.Diff marks how
	Added                      // an article only the new version has
	Removed                    // an article only the old version has
	Split                      // one old article became several new ones
	Merged                     // several old articles became one new one
)

func (k RowKind) String() string {
	switch k {
	case Same:
		return "same"
	case Changed:
		return "changed"
	case Added:
		return "added"
	case Removed:
		return "removed"
	case Split:
		return "split"
	case Merged:
		return "merged"
	}
	return "?"
}

// A Row is one line of a 條文對照表: the old articles and the new ones
// they became, by index in the slices given to Align.
type Row struct {
	Kind     RowKind
	Old, New []int
	// Diff marks the characters that changed, old words against new,
	// for Changed, Split and Merged rows (the several articles' words
	// joined by a line break); nil otherwise.
	Diff []Edit
	// Moved is set on a pair found out of order: an article that moved
	// to another place among the others, not only renumbered by an
	// article added or removed before it.
	Moved bool
}

// Renumbered reports whether a one-to-one row pairs articles of different
// numbers.
func (r Row) Renumbered(old, new []Text) bool {
	return len(r.Old) == 1 && len(r.New) == 1 && old[r.Old[0]].Num != new[r.New[0]].Num
}

// Thresholds of the pairing, on the Dice coefficient of two articles'
// character bigrams (folded). They were tuned on the corpus's works with
// several versions: articles whose words were rewritten in part score well
// above pairPass, unrelated articles of one statute well below it.
const (
	pairPass   = 0.45 // pair two articles in order
	numPass    = 0.3  // pair two articles of the same number in order
	numBonus   = 0.25 // what the same number adds to a pair's weight
	movePass   = 0.6  // pair two articles left over, out of order
	stealGap   = 0.25 // how much more alike an article left over must be to take another's partner
	mutualPass = 0.4  // pair two articles left over that are each other's most alike
	swapGap    = 0.2  // how much more alike two pairs must be, crossed, to be crossed
	partPass   = 0.7  // share of a piece's bigrams found in the whole, for a split or merge
	wholePass  = 0.6  // share of the whole's bigrams found in the pieces
)

// Align pairs the articles of two versions of one document, old and new,
// and returns the rows of their 條文對照表 in the new version's order, each
// article removed after the row of the article before it in the old
// version. An article pairs with the one whose words are most alike: an
// article renumbered by an insertion (第五條之一) or a removal before it
// keeps its pairing, and one that moved is found out of order.
func Align(old, new []Text) []Row {
	fo, fn := foldTexts(old), foldTexts(new)
	bo, bn := bigramSets(fo), bigramSets(fn)
	sim := func(i, j int) float64 { return dice(bo[i], bn[j]) }

	oldTo := make([]int, len(old)) // the new article paired, -1 for none
	newTo := make([]int, len(new))
	pairInOrder(old, new, sim, fo, fn, oldTo, newTo)
	moved := pairMoved(sim, oldTo, newTo)

	rows := groupPieces(bo, bn, oldTo, newTo)
	for i := range rows {
		r := &rows[i]
		if len(r.Old) == 1 && len(r.New) == 1 && moved[r.Old[0]] {
			r.Moved = true
		}
		r.Kind, r.Diff = kindOf(r, old, new, fo, fn)
	}
	return order(rows, len(old))
}

// pairInOrder pairs articles keeping their order: the weighted longest
// common subsequence, where a pair weighs its similarity plus numBonus for
// a common number.
func pairInOrder(old, new []Text, sim func(i, j int) float64, fo, fn [][]rune, oldTo, newTo []int) {
	n, m := len(old), len(new)
	w := make([][]float64, n)
	for i := range w {
		w[i] = make([]float64, m)
		for j := range w[i] {
			s := sim(i, j)
			same := old[i].Num == new[j].Num
			switch {
			case slices.Equal(fo[i], fn[j]) || s >= pairPass:
			case same && (s >= numPass || isRepealed(fn[j]) || isRepealed(fo[i])):
			default:
				w[i][j] = -1
				continue
			}
			if same {
				s += numBonus
			}
			w[i][j] = s
		}
	}
	// best[i][j] is the weight of the best pairing of old[i:] with new[j:].
	best := make([][]float64, n+1)
	for i := range best {
		best[i] = make([]float64, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			b := max(best[i+1][j], best[i][j+1])
			if w[i][j] >= 0 {
				b = max(b, best[i+1][j+1]+w[i][j])
			}
			best[i][j] = b
		}
	}
	for i := range oldTo {
		oldTo[i] = -1
	}
	for j := range newTo {
		newTo[j] = -1
	}
	for i, j := 0, 0; i < n && j < m; {
		switch {
		case w[i][j] >= 0 && best[i][j] == best[i+1][j+1]+w[i][j]:
			oldTo[i], newTo[j] = j, i
			i, j = i+1, j+1
		case best[i][j] == best[i+1][j]:
			i++
		default:
			j++
		}
	}
}

// pairMoved pairs the articles left over whose words are most alike, the
// best pair first, and returns which old articles it paired.
func pairMoved(sim func(i, j int) float64, oldTo, newTo []int) []bool {
	type cand struct {
		i, j int
		s    float64
	}
	var cs []cand
	for i, to := range oldTo {
		if to >= 0 {
			continue
		}
		for j, from := range newTo {
			if from < 0 {
				if s := sim(i, j); s >= movePass {
					cs = append(cs, cand{i, j, s})
				}
			}
		}
	}
	slices.SortStableFunc(cs, func(a, b cand) int {
		switch {
		case a.s > b.s:
			return -1
		case a.s < b.s:
			return 1
		}
		return 0
	})
	moved := make([]bool, len(oldTo))
	for _, c := range cs {
		if oldTo[c.i] < 0 && newTo[c.j] < 0 {
			oldTo[c.i], newTo[c.j] = c.j, c.i
			moved[c.i] = true
		}
	}
	pairMutual(sim, oldTo, newTo, moved)
	swapWeak(sim, oldTo, newTo, moved)
	// An article the order paired with a weak partner goes to a new
	// article left over that is far more alike: in a 修訂 that reorders
	// chapters, the order is kept by many weak pairs.
	for j, from := range newTo {
		if from >= 0 {
			continue
		}
		bi, bs := -1, movePass
		for i, to := range oldTo {
			if s := sim(i, j); to >= 0 && s >= bs && s >= sim(i, to)+stealGap {
				bi, bs = i, s
			}
		}
		if bi >= 0 {
			newTo[oldTo[bi]] = -1
			oldTo[bi], newTo[j] = j, bi
			moved[bi] = true
		}
	}
	return moved
}

// isRepealed reports whether folded words say only that the article was
// repealed: （删除）, as an amended statute keeps the number.
func isRepealed(f []rune) bool {
	s := strings.Trim(string(f), "()（）[]【】 \u3000。")
	return s == "删除" || s == "删去" || s == "废止"
}

// kindOf says how a row's articles changed, and marks the characters that
// did.
func kindOf(r *Row, old, new []Text, fo, fn [][]rune) (RowKind, []Edit) {
	switch {
	case len(r.Old) == 0:
		return Added, nil
	case len(r.New) == 0:
		return Removed, nil
	}
	a, fa := joined(r.Old, old, fo)
	b, fb := joined(r.New, new, fn)
	if len(r.Old) == 1 && len(r.New) == 1 && slices.Equal(squeeze(fa), squeeze(fb)) {
		return Same, nil
	}
	d := diffRunes(a, b, fa, fb)
	switch {
	case len(r.New) > 1:
		return Split, d
	case len(r.Old) > 1:
		return Merged, d
	}
	return Changed, d
}

// joined returns the words of the articles at idx, joined by a line
// break, as written and folded.
func joined(idx []int, ts []Text, f [][]rune) (text, folded []rune) {
	for k, i := range idx {
		if k > 0 {
			text, folded = append(text, '\n'), append(folded, '\n')
		}
		text = append(text, []rune(ts[i].Text)...)
		folded = append(folded, f[i]...)
	}
	return text, folded
}

// squeeze returns f without white space, which a change of line breaks
// alone changes.
func squeeze(f []rune) []rune {
	return slices.DeleteFunc(slices.Clone(f), unicode.IsSpace)
}

// foldTexts folds each article's words (script, width, case), rune for
// rune, so that a diff of the folded words maps back onto the words.
func foldTexts(ts []Text) [][]rune {
	c, err := zh.T2S()
	f := make([][]rune, len(ts))
	for i, t := range ts {
		rs := []rune(t.Text)
		if err != nil {
			for k, r := range rs {
				rs[k] = zh.FoldRune(r)
			}
		} else {
			c.FoldRunes(rs)
		}
		f[i] = rs
	}
	return f
}

// pairMutual pairs an old and a new article left over that are each
// other's most alike among those left over: in a 修訂 an article rewritten
// in large part shares less than pairPass with its old self but more than
// with any other.
func pairMutual(sim func(i, j int) float64, oldTo, newTo []int, moved []bool) {
	best := func(from []int, s func(k int) float64) (int, float64) {
		bk, bs := -1, mutualPass
		for k, to := range from {
			if to < 0 {
				if v := s(k); v >= bs {
					bk, bs = k, v
				}
			}
		}
		return bk, bs
	}
	for i, to := range oldTo {
		if to >= 0 {
			continue
		}
		j, _ := best(newTo, func(j int) float64 { return sim(i, j) })
		if j < 0 {
			continue
		}
		if back, _ := best(oldTo, func(k int) float64 { return sim(k, j) }); back == i {
			oldTo[i], newTo[j] = j, i
			moved[i] = true
		}
	}
}

// swapWeak crosses two pairs where an old article of a weak pair is far
// more alike the partner of another, and that one's old article more
// alike the first's partner: two articles that changed places, which the
// in-order pairing pairs by their numbers.
func swapWeak(sim func(i, j int) float64, oldTo, newTo []int, moved []bool) {
	for i, j := range oldTo {
		if j < 0 || sim(i, j) >= movePass {
			continue
		}
		for j2, i2 := range newTo {
			if i2 < 0 || i2 == i || sim(i, j2) < movePass {
				continue
			}
			if sim(i, j2)+sim(i2, j) >= sim(i, j)+sim(i2, j2)+swapGap {
				oldTo[i], oldTo[i2] = j2, j
				newTo[j2], newTo[j] = i, i2
				moved[i], moved[i2] = true, true
				break
			}
		}
	}
}
