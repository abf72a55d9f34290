package main

import (
	"archive/tar"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/longbridgeapp/opencc"
	"golang.org/x/text/width"

	"gazette/cmd/internal/testenv"
)

// jdoc is what the judge reads of a corpus document.
type jdoc struct {
	slug, title, organ, docNumber, validity string
	body                                    string // the Markdown after the front matter
	year                                    int
	hant                                    bool

	canon, prefix, name string // see judge.key
}

// judgeCorpus reads the documents of the corpus archive (not the issue
// pages), in path order.
func judgeCorpus(t *testing.T) []jdoc {
	t.Helper()
	wd, _ := os.Getwd()
	dir, err := findCorpus(wd)
	if err != nil {
		testenv.Missing(t, fmt.Sprintf("%v (the corpus is required under CI=true)", err), fmt.Sprint(err))
	}
	f, err := os.Open(filepath.Join(dir, "gov-docs.tar.gz"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	var docs []jdoc
	tr := tar.NewReader(gz)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasSuffix(h.Name, ".md") || path.Base(h.Name) == "index.md" {
			continue
		}
		b, err := io.ReadAll(tr)
		if err != nil {
			t.Fatal(err)
		}
		fm := frontMatter(h.Name, b)
		d := jdoc{slug: strings.TrimSuffix(path.Base(h.Name), ".md"), title: fm.title, docNumber: fm.docNumber,
			organ: fm.organ, validity: fm.validity, hant: strings.HasPrefix(path.Base(h.Name), "tw-")}
		d.year, _ = strconv.Atoi(fm.date[:min(4, len(fm.date))])
		if parts := strings.SplitN(string(b), "\n---\n", 2); len(parts) == 2 {
			d.body = parts[1]
		}
		docs = append(docs, d)
	}
	slices.SortFunc(docs, func(a, b jdoc) int { return strings.Compare(a.slug, b.slug) })
	if len(docs) < 1000 {
		t.Fatalf("%d documents in the corpus", len(docs))
	}
	return docs
}

// A judge decides which documents a query means, from their titles (and
// for some classes their organ and year), independently of gazette's
// search: its own folding (OpenCC t2s, width, case) and its own reading of
// a title as [country prefix] name [derivative suffix].
type judge struct {
	docs       []jdoc
	t2s, s2t   *opencc.OpenCC
	titleCount map[string]int // subject → titles holding it
}

// The country prefixes a law's name is read without, folded.
var prefixes = []string{"中华人民共和国", "中华民国"}

// derivedMarks, in the rest of a title after an act's name, make it a
// document derived from the act: implementing rules, amendments,
// interpretations.
var derivedMarks = []string{"实施", "施行", "修正", "修订", "增修", "解释", "细则", "补充"}

var validityOrder = map[string]int{"有效": 0, "已修改": 1, "失效": 2, "廢止": 3}

func newJudge(t *testing.T, docs []jdoc) *judge {
	j := &judge{docs: docs, titleCount: map[string]int{}}
	var err error
	if j.t2s, err = opencc.New("t2s"); err != nil {
		t.Fatal(err)
	}
	if j.s2t, err = opencc.New("s2t"); err != nil {
		t.Fatal(err)
	}
	for i := range j.docs {
		d := &j.docs[i]
		d.canon, d.prefix, d.name = j.key(d.title)
		for _, w := range subjects {
			if strings.Contains(d.canon, w) {
				j.titleCount[w]++
			}
		}
	}
	return j
}

// fold is the judge's folding: width, case, Traditional → Simplified.
func (j *judge) fold(s string) string {
	s = strings.ToLower(width.Fold.String(s))
	out, err := j.t2s.Convert(s)
	if err != nil {
		panic(err)
	}
	return out
}

// key reads a title or query: folded, with only Han characters, letters and
// digits kept (canon), then split into a country prefix and the name.
func (j *judge) key(s string) (canon, prefix, name string) {
	canon = strings.Map(func(r rune) rune {
		if unicode.Is(unicode.Han, r) || unicode.IsLetter(r) || unicode.IsDigit(r) {
			return r
		}
		return -1
	}, j.fold(s))
	for _, p := range prefixes {
		if rest, ok := strings.CutPrefix(canon, p); ok && rest != "" {
			return canon, p, rest
		}
	}
	return canon, "", canon
}

// judgeTitle grades the documents a query that names a document by its
// title or its short name means: 3 for the documents with that name (and
// the query's prefix, if it has one) in the best validity among them, 2 for
// the others of that name, 1 for those derived from it (the name then an
// implementing, amending or interpreting suffix, or the name in 《》 in the
// title).
func (j *judge) judgeTitle(q string) map[string]int {
	_, qp, qn := j.key(q)
	g := map[string]int{}
	var exact []*jdoc
	for i := range j.docs {
		d := &j.docs[i]
		switch {
		case d.name == qn && (qp == "" || d.prefix == qp):
			exact = append(exact, d)
		case d.name == qn:
			g[d.slug] = 2
		case strings.HasPrefix(d.name, qn) && slices.ContainsFunc(derivedMarks, func(m string) bool { return strings.Contains(d.name[len(qn):], m) }):
			g[d.slug] = 1
		case j.quotes(d.title, qn):
			g[d.slug] = 1
		}
	}
	if len(exact) == 0 {
		return nil
	}
	best := 9
	for _, d := range exact {
		best = min(best, validityOrder[d.validity])
	}
	for _, d := range exact {
		if validityOrder[d.validity] == best {
			g[d.slug] = 3
		} else {
			g[d.slug] = 2
		}
	}
	return g
}

// quotes reports whether title holds name (without its prefix) in 《》.
func (j *judge) quotes(title, name string) bool {
	for _, part := range strings.Split(j.fold(title), "《")[1:] {
		inner, _, ok := strings.Cut(part, "》")
		if _, _, n := j.key(inner); ok && n == name {
			return true
		}
	}
	return false
}
