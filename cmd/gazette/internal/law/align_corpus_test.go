package law

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"gazette/cmd/gazette/internal/zh"
	"gazette/cmd/internal/golden"
)

// A versionPair is two consecutive versions of one work in the corpus.
type versionPair struct {
	old, new   *corpusDoc
	oldA, newA []Text
}

// versionPairs groups the corpus's documents with articles by TitleKey
// and organ (one title is a law of the mainland and one of Taiwan),
// orders each work's versions by the date they took effect (else their
// date), and returns each version with the one before it, and the number
// of works with several versions.
func versionPairs(t *testing.T) ([]versionPair, int) {
	docs := corpusDocs(t)
	works := map[string][]int{}
	for i, d := range docs {
		if k := TitleKey(d.Title); k != "" {
			k += "\x00" + zh.Fold(d.Organ)
			works[k] = append(works[k], i)
		}
	}
	keys := make([]string, 0, len(works))
	for k, vs := range works {
		if len(vs) > 1 {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	took := func(d *corpusDoc) time.Time {
		if !d.Effective.IsZero() {
			return d.Effective
		}
		return d.Date
	}
	var pairs []versionPair
	multi := 0
	for _, k := range keys {
		var vs []versionPair // one a version: new and newA set
		for _, i := range works[k] {
			d := &docs[i]
			if ts := Parse(d.Body, Options{Title: d.Title}).Texts(d.Body); len(ts) > 0 {
				vs = append(vs, versionPair{new: d, newA: ts})
			}
		}
		if len(vs) < 2 {
			continue
		}
		multi++
		slices.SortStableFunc(vs, func(a, b versionPair) int {
			return cmp.Or(took(a.new).Compare(took(b.new)), cmp.Compare(a.new.Path, b.new.Path))
		})
		for i := 1; i < len(vs); i++ {
			pairs = append(pairs, versionPair{old: vs[i-1].new, oldA: vs[i-1].newA, new: vs[i].new, newA: vs[i].newA})
		}
	}
	return pairs, multi
}

// TestAlignCorpus aligns every two consecutive versions of the corpus's
// works with articles and measures the share of articles paired with no
// hint: a new version's articles that Align pairs with an old one. A 修訂
// that rewrites a statute adds many articles that pair with nothing, so the
// share is what the corpus holds, not a rate of error (TestAlignSample
// measures that); the floor catches a pairing that stops finding pairs.
func TestAlignCorpus(t *testing.T) {
	pairs, works := versionPairs(t)
	if works < 30 || len(pairs) < works {
		t.Fatalf("%d works with several versions and %d pairs of versions, want dozens", works, len(pairs))
	}
	var articles, paired, renumbered, moved, split, merged int
	for _, p := range pairs {
		for _, r := range Align(p.oldA, p.newA) {
			articles += len(r.New)
			if len(r.Old) > 0 {
				paired += len(r.New)
			}
			if r.Renumbered(p.oldA, p.newA) {
				renumbered++
			}
			switch {
			case r.Moved:
				moved++
			case r.Kind == Split:
				split++
			case r.Kind == Merged:
				merged++
			}
		}
	}
	share := float64(paired) / float64(articles)
	t.Logf("%d works with several versions, %d pairs of versions: %d of %d new articles paired (%.1f%%); %d renumbered, %d moved, %d split, %d merged",
		works, len(pairs), paired, articles, 100*share, renumbered, moved, split, merged)
	if share < 0.75 {
		t.Errorf("%.1f%% of the new versions' articles paired, want 75%% or more", 100*share)
	}
}

// TestAlignSample checks Align against 30 對照表 of the corpus read by
// hand (testdata/align-sample.txt: one row a line, old and new anchors,
// "-" for none), drawn from the pairs of versions whose articles differ:
// the share of articles paired as the reader paired them, and that the
// renumbered articles are among them.
func TestAlignSample(t *testing.T) {
	pairs, _ := versionPairs(t)
	var changed []versionPair
	for _, p := range pairs {
		if !slices.Equal(p.oldA, p.newA) {
			changed = append(changed, p)
		}
	}
	if len(changed) < 30 {
		t.Fatalf("%d pairs of versions that differ, want 30 or more", len(changed))
	}
	sample := rand.New(rand.NewPCG(25, 1)).Perm(len(changed))[:30]
	if golden.Update() {
		writeAlignSample(t, changed, sample)
		return
	}
	want := map[string][][]string{} // by "old new" path: the reader's rows
	for _, row := range readSample(t, "align-sample.txt") {
		if len(row) != 4 {
			t.Fatalf("testdata/align-sample.txt: %q: want old path, new path, old anchors, new anchors", row)
		}
		k := row[0] + " " + row[1]
		want[k] = append(want[k], row[2:])
	}
	var total, right, renumbered int
	for _, i := range sample {
		p := changed[i]
		rows, ok := want[p.old.Path+" "+p.new.Path]
		if !ok {
			t.Fatalf("testdata/align-sample.txt lacks %s → %s: the corpus changed", p.old.Path, p.new.Path)
		}
		got := partners(p.oldA, p.newA, Align(p.oldA, p.newA))
		for _, r := range rows {
			for _, side := range []string{"old", "new"} {
				as, other := r[0], r[1]
				if side == "new" {
					as, other = r[1], r[0]
				}
				for _, a := range strings.Split(as, ",") {
					if a == "-" {
						continue
					}
					total++
					if g := got[side+" "+a]; g == other {
						right++
						if side == "new" && other != "-" && !strings.Contains(other, ",") && other != a {
							renumbered++
						}
					} else {
						t.Logf("%s → %s: %s %s pairs with %s, the reader paired it with %s", p.old.Path, p.new.Path, side, a, g, other)
					}
				}
			}
		}
	}
	t.Logf("30 對照表 read by hand: %d of %d articles paired as the reader did (%.1f%%), %d renumbered articles among them",
		right, total, 100*float64(right)/float64(total), renumbered)
	if right*100 < total*98 {
		t.Errorf("%d of %d articles paired right, want 98%% or more", right, total)
	}
	if renumbered == 0 {
		t.Error("no renumbered article in the sample paired: the sample should hold some")
	}
}

// partners maps "old a5" and "new a6" to the anchors each article pairs
// with, joined by commas, "-" for none.
func partners(old, nw []Text, rows []Row) map[string]string {
	m := map[string]string{}
	for _, r := range rows {
		o, n := anchorsOf(r.Old, old), anchorsOf(r.New, nw)
		for _, i := range r.Old {
			m["old "+old[i].Num.Anchor()] = n
		}
		for _, j := range r.New {
			m["new "+nw[j].Num.Anchor()] = o
		}
	}
	return m
}

const sampleHeader = `# 30 條文對照表 of the corpus: old path, new path, old anchors, new anchors (- for none).
# Written by Align, then read: every row whose articles are not the same words, paired by less than 0.6
# of their bigrams, out of order, split or merged, or left over with a candidate sharing 0.35 or more,
# was read against both versions and corrected where a reader pairs otherwise. A reader pairs two
# articles when the new one carries on the old one's provision (its subject and much of its wording),
# not when they only share the statute's set phrases (违反本条例规定，由…责令改正).
`

// writeAlignSample writes the sample's rows as Align makes them, for a
// reader to check and correct: with -update, the starting point of
// testdata/align-sample.txt.
func writeAlignSample(t *testing.T, changed []versionPair, sample []int) {
	var b strings.Builder
	b.WriteString(sampleHeader)
	for _, i := range sample {
		p := changed[i]
		fmt.Fprintf(&b, "# %s\n", p.old.Title)
		for _, r := range Align(p.oldA, p.newA) {
			fmt.Fprintf(&b, "%s\t%s\t%s\t%s\n", p.old.Path, p.new.Path, anchorsOf(r.Old, p.oldA), anchorsOf(r.New, p.newA))
		}
	}
	if err := os.WriteFile("testdata/align-sample.txt", []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}
