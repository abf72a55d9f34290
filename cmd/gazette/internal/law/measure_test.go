package law

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// readSample reads a tab-separated testdata file, less its # comments.
func readSample(t *testing.T, name string) [][]string {
	t.Helper()
	f, err := os.Open("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var rows [][]string
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for n := 1; sc.Scan(); n++ {
		if l := sc.Text(); l != "" && !strings.HasPrefix(l, "#") {
			rows = append(rows, strings.Split(l, "\t"))
			if len(rows[len(rows)-1]) < 3 {
				t.Fatalf("testdata/%s:%d: want tab-separated columns", name, n)
			}
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return rows
}

// TestArticleCounts compares the articles Parse finds with the number of
// 第N條 headings a reader counts, in 200 documents of the corpus
// (testdata/articles.txt says how each number was found).
func TestArticleCounts(t *testing.T) {
	docs := corpusDocs(t)
	rows := readSample(t, "articles.txt")
	sample := rand.New(rand.NewPCG(24, 1)).Perm(len(docs))[:200]
	if len(rows) != len(sample) {
		t.Fatalf("testdata/articles.txt has %d documents, the sample %d", len(rows), len(sample))
	}
	equal, total := 0, 0
	for k, i := range sample {
		d := docs[i]
		if rows[k][0] != d.Path {
			t.Fatalf("testdata/articles.txt line %d is %s, the sample's document %d is %s: the corpus changed", k+1, rows[k][0], k+1, d.Path)
		}
		want, err := strconv.Atoi(rows[k][1])
		if err != nil {
			t.Fatalf("testdata/articles.txt: %s: %v", d.Path, err)
		}
		got := len(Parse(d.Body, Options{Title: d.Title}).Articles)
		total += want
		if got == want {
			equal++
		} else {
			t.Errorf("%s: %d articles, a reader counts %d (%s)", d.Path, got, want, rows[k][2])
		}
	}
	t.Logf("%d of %d documents: the articles a reader counts (%d articles in all)", equal, len(sample), total)
}

// titleArticle is the population of TestCitationSample: a title, then
// within a few characters 第…條.
var titleArticle = regexp.MustCompile(`《[^《》\n]{1,80}》[ 　]*第[^，。；\n《》]{0,12}?[条條]`)

// TestCitationSample measures the citations 《X》第N條 that Parse finds:
// over the corpus, the share of the places written so; against 100 of them
// read by hand (testdata/citations.txt), precision and recall.
func TestCitationSample(t *testing.T) {
	docs := corpusDocs(t)
	type place struct{ doc, at int }
	var pop []place
	for i, d := range docs {
		for _, m := range titleArticle.FindAllStringIndex(d.Body, -1) {
			pop = append(pop, place{i, m[0]})
		}
	}
	parsed := map[int][]Citation{}
	found := func(p place) *Citation {
		cs, ok := parsed[p.doc]
		if !ok {
			d := docs[p.doc]
			cs = Parse(d.Body, Options{Title: d.Title}).Citations
			parsed[p.doc] = cs
		}
		for i, c := range cs {
			if c.Kind == ByTitle && c.Span.Start == p.at && c.Article.N != 0 {
				return &cs[i]
			}
		}
		return nil
	}
	linked := 0
	for _, p := range pop {
		if found(p) != nil {
			linked++
		}
	}
	t.Logf("the corpus: %d places with a title and then 第…條, %d parsed as an article citation", len(pop), linked)
	if linked < len(pop)*95/100 {
		t.Errorf("%d of %d places parsed, want 95%% or more", linked, len(pop))
	}

	rows := readSample(t, "citations.txt")
	sample := rand.New(rand.NewPCG(24, 2)).Perm(len(pop))[:100]
	if len(rows) != len(sample) {
		t.Fatalf("testdata/citations.txt has %d citations, the sample %d", len(rows), len(sample))
	}
	var tp, fp, fn int
	for k, i := range sample {
		p := pop[i]
		if rows[k][0] != docs[p.doc].Path || rows[k][1] != strconv.Itoa(p.at) {
			t.Fatalf("testdata/citations.txt line %d is %s at %s, the sample's is %s at %d: the corpus changed", k+1, rows[k][0], rows[k][1], docs[p.doc].Path, p.at)
		}
		want, c := rows[k][2], found(p)
		if title, rest, ok := strings.Cut(want, "|"); ok {
			want = TitleKey(title) + "|" + rest
		}
		got := "-"
		if c != nil {
			got = fmt.Sprintf("%s|%s|%d|%d", c.Key, c.Article.Anchor(), c.Para, c.Item)
		}
		switch {
		case got == want && want != "-":
			tp++
		case got == want:
		case want == "-":
			fp++
		case got == "-":
			fn++
		default:
			fp++
			fn++
		}
		if got != want {
			t.Logf("%s at %d: got %s, want %s (%s)", rows[k][0], p.at, got, want, rows[k][3])
		}
	}
	precision := float64(tp) / float64(max(tp+fp, 1))
	recall := float64(tp) / float64(max(tp+fn, 1))
	t.Logf("the sample: %d right, %d wrong or not citations, %d missed: precision %.2f, recall %.2f", tp, fp, fn, precision, recall)
	if precision < 0.99 || recall < 0.95 {
		t.Errorf("precision %.2f (want ≥ 0.99), recall %.2f (want ≥ 0.95)", precision, recall)
	}
}
