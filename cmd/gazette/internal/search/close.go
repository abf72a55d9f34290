package search

import "strings"

// The body is indexed without positions, so a clause (a long word of the
// query) matches every document that has its pairs of characters,
// together or apart. Among the hits of the text tier that can make the
// page, those whose stored body has the clause whole (punctuation aside)
// come first: a remembered sentence finds the text it is from before the
// long texts that merely share its words. The stored body is the first
// snippetMaxScan characters, so a clause further in is not seen: its
// documents keep their order among the others.

// clauseMin is how many Han characters a word needs to be taken for a
// clause: a shorter word is a name or a term, which many texts hold whole.
const clauseMin = 6

// apart is set in the rank key of a hit whose stored body does not have
// the clause whole: after those that do, within the text tier.
const apart = 1 << 15

// clause is the longest word of p (a typed word before its parts) with at
// least clauseMin Han characters (a 文號 is not a clause), folded, with only Han characters,
// letters and digits; or "".
func (p *parsed) clause() string {
	best := ""
	for _, ws := range [][]qword{p.typed, p.must} {
		for _, w := range ws {
			if s := flat(w.text); hanCount(s) >= clauseMin && len(s) > len(best) {
				best = s
			}
		}
	}
	return best
}

// hanCount is the number of CJK characters of s.
func hanCount(s string) int {
	n := 0
	for _, r := range s {
		if isCJK(r) {
			n++
		}
	}
	return n
}

// flat is folded text with only its CJK characters and word runes.
func flat(folded string) string {
	return strings.Map(func(r rune) rune {
		if isCJK(r) || isWordRune(r) {
			return r
		}
		return -1
	}, folded)
}

// preferClose marks apart the hits of col's window in the text tier whose
// stored body does not have the clause of p whole, when there are two or
// more such hits to order.
func (ix *Index) preferClose(p *parsed, col *collector) error {
	clause := p.clause()
	if clause == "" || col.byDate {
		return nil
	}
	n := 0
	for _, h := range col.hits {
		if keyTier(h.key) == tierText {
			n++
		}
	}
	if n < 2 {
		return nil
	}
	// A body is in one script: the clause is looked for as it is and in
	// Traditional, without folding the bodies.
	forms := []string{clause}
	if t := toTraditional(clause); t != "" && t != clause {
		forms = append(forms, t)
	}
	for i := range col.hits {
		h := &col.hits[i]
		if keyTier(h.key) != tierText {
			continue
		}
		has, err := ix.bodyHas(h.doc, forms)
		if err != nil {
			return err
		}
		if !has {
			h.key |= apart
		}
	}
	return nil
}

// bodyHas reports whether the stored body of document doc, flat, has one
// of forms.
func (ix *Index) bodyHas(doc uint32, forms []string) (bool, error) {
	si := ix.segmentOf(doc)
	local := uint32(uint64(doc) - ix.segs[si].Offset)
	has := false
	err := ix.segs[si].VisitStored(local, func(field string, value []byte) bool {
		if field != fBody {
			return true
		}
		body := flat(string(value))
		for _, f := range forms {
			has = has || strings.Contains(body, f)
		}
		return false
	})
	return has, err
}
