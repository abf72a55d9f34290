package law

import (
	"io"
	"path"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"gazette/cmd/gazette/internal/testcorpus"
)

// A corpusDoc is a document of the real corpus (../shared/corpus, found
// by testcorpus), with the front-matter fields the tests use.
type corpusDoc struct {
	Path                    string // content/gazette/2019/03/cn-….md
	Title, Category, Number string
	Organ                   string
	Date, Effective         time.Time
	Body                    string
}

var corpus struct {
	once sync.Once
	docs []corpusDoc // by Path
	err  error
}

// corpusDocs returns the corpus's documents (not its issues), skipping
// the test without the corpus and failing it under CI=true.
func corpusDocs(t testing.TB) []corpusDoc {
	t.Helper()
	p := testcorpus.Archive(t)
	corpus.once.Do(func() {
		corpus.err = testcorpus.Walk(p, func(name string, r io.Reader) error {
			if !strings.HasSuffix(name, ".md") || path.Base(name) == "index.md" || !strings.HasPrefix(name, "content/") {
				return nil
			}
			b, err := io.ReadAll(r)
			if err != nil {
				return err
			}
			corpus.docs = append(corpus.docs, readCorpusDoc(name, string(b)))
			return nil
		})
		sort.Slice(corpus.docs, func(i, j int) bool { return corpus.docs[i].Path < corpus.docs[j].Path })
	})
	if corpus.err != nil {
		t.Fatalf("reading the corpus %s: %v", p, corpus.err)
	}
	if len(corpus.docs) < 1000 {
		t.Fatalf("the corpus %s has %d documents, want thousands", p, len(corpus.docs))
	}
	return corpus.docs
}

// readCorpusDoc reads the flat key: value lines of the front matter that
// the tests use; the body is everything after it, as the loader gives it.
func readCorpusDoc(name, text string) corpusDoc {
	d := corpusDoc{Path: name, Body: text}
	rest, ok := strings.CutPrefix(text, "---\n")
	if !ok {
		return d
	}
	fm, body, ok := strings.Cut(rest, "\n---\n")
	if !ok {
		return d
	}
	d.Body = body
	for _, line := range strings.Split(fm, "\n") {
		k, v, ok := strings.Cut(line, ":")
		if !ok || strings.HasPrefix(line, " ") {
			continue
		}
		v = strings.TrimSpace(v)
		if u, err := strconv.Unquote(v); err == nil {
			v = u
		}
		switch k {
		case "title":
			d.Title = v
		case "category":
			d.Category = v
		case "organ":
			d.Organ = v
		case "doc_number":
			d.Number = v
		case "date":
			d.Date, _ = time.Parse(time.DateOnly, v)
		case "effective":
			d.Effective, _ = time.Parse(time.DateOnly, v)
		}
	}
	return d
}
