package search

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
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

// The real corpus: ../shared/corpus/gov-docs.tar.gz from the repository
// root (see its README), or $GAZETTE_CORPUS, found by testcorpus.

type corpusDoc struct {
	Record
	Slug string
}

var corpus struct {
	once sync.Once
	docs []corpusDoc // sorted by ID
	err  error
	path string
}

// corpusDocs returns every document of the corpus, skipping the test when
// the corpus is absent (failing it when $CI is true).
func corpusDocs(t testing.TB) []corpusDoc {
	t.Helper()
	path := testcorpus.Archive(t) // skips, or fails under CI=true, without it
	corpus.once.Do(func() {
		corpus.path = path
		corpus.docs, corpus.err = readCorpus(path)
	})
	if corpus.err != nil {
		t.Fatalf("reading corpus %s: %v", corpus.path, corpus.err)
	}
	return corpus.docs
}

func readCorpus(name string) ([]corpusDoc, error) {
	var docs []corpusDoc
	err := testcorpus.Walk(name, func(name string, r io.Reader) error {
		if !strings.HasSuffix(name, ".md") || path.Base(name) == "index.md" {
			return nil
		}
		b, err := io.ReadAll(r)
		if err != nil {
			return err
		}
		d, err := parseCorpusDoc(name, string(b))
		if err != nil {
			return err
		}
		docs = append(docs, d)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(docs) == 0 {
		return nil, errors.New("no documents in archive")
	}
	sort.Slice(docs, func(i, j int) bool { return docs[i].ID < docs[j].ID })
	return docs, nil
}

// parseCorpusDoc reads the front matter fields search uses (flat key: value
// lines; lists are skipped) and takes the rest as the body, with the few
// Markdown escapes the corpus uses undone.
func parseCorpusDoc(name, text string) (corpusDoc, error) {
	// content/gazette/2020/01/cn-xxx.md → /gazette/2020/01/cn-xxx/
	rel := strings.TrimPrefix(name, "content")
	slug := strings.TrimSuffix(path.Base(name), ".md")
	d := corpusDoc{Slug: slug}
	d.ID = strings.TrimSuffix(rel, ".md") + "/"
	d.URL = d.ID
	d.Section = "gazette"
	rest, ok := strings.CutPrefix(text, "---\n")
	if !ok {
		return d, errors.New(name + ": no front matter")
	}
	fm, body, ok := strings.Cut(rest, "\n---\n")
	if !ok {
		return d, errors.New(name + ": front matter not closed")
	}
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
		case "organ":
			d.Organ = v
		case "category":
			d.Category = v
		case "topic":
			d.Topic = v
		case "validity":
			d.Validity = v
		case "doc_number":
			d.DocNumber = v
		case "date":
			t, err := time.Parse(time.DateOnly, v)
			if err != nil {
				return d, errors.New(name + ": bad date " + v)
			}
			d.Date = t
		}
	}
	var b strings.Builder
	for _, line := range strings.Split(body, "\n") {
		line = strings.TrimLeft(line, "#")
		line = strings.TrimPrefix(line, " ")
		line = strings.TrimPrefix(line, `\`)
		b.WriteString(strings.ReplaceAll(line, "&lt;", "<"))
		b.WriteByte('\n')
	}
	d.Body = strings.TrimSpace(b.String())
	d.Lang = "zh-Hans"
	if strings.HasPrefix(slug, "tw-") {
		d.Lang = "zh-Hant"
	}
	sum := sha256.Sum256([]byte(text))
	d.Hash = hex.EncodeToString(sum[:8])
	return d, nil
}

// loadCorpusSample returns about n documents spread evenly over the corpus,
// plus those whose slugs are in also, sorted by ID.
func loadCorpusSample(t testing.TB, n int, required bool, also ...string) []corpusDoc {
	t.Helper()
	if !required && testcorpus.Find() == "" {
		return nil
	}
	docs := corpusDocs(t)
	want := map[string]bool{}
	for _, s := range also {
		want[s] = true
	}
	step := max(1, len(docs)/max(n, 1))
	var out []corpusDoc
	for i, d := range docs {
		if i%step == 0 && len(out) < n || want[d.Slug] {
			out = append(out, d)
			delete(want, d.Slug)
		}
	}
	if len(want) > 0 {
		t.Fatalf("slugs not in corpus: %v", want)
	}
	return out
}

func records(docs []corpusDoc) []Record {
	recs := make([]Record, len(docs))
	for i, d := range docs {
		recs[i] = d.Record
	}
	return recs
}
