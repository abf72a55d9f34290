package build

import (
	"context"
	"encoding/hex"
	"fmt"
	"html/template"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"

	"gazette/cmd/gazette/internal/content"
	"gazette/cmd/gazette/internal/edition"
	"gazette/cmd/gazette/internal/parallel"
	"gazette/cmd/gazette/internal/publish"
)

// Editions counts the whole-issue PDFs of a build.
type Editions struct {
	PDFs int // issues with a PDF the build made (or took from the cache)
	Made int // of which made by this build: the others' inputs had not changed
}

// editions gives each published issue its whole-issue PDF, before the
// pages are planned: the issue page shows the PDF's size and page count,
// and each document page links to the page of the PDF it starts on. An
// editor's own PDF (pdf: in the issue's index.md) is read for its page
// count. When site.yaml asks for PDFs (gazette.pdf), every other issue gets
// one made by package edition, or taken from the cache of made PDFs in
// .gazette/cache/editions when its inputs (edition.Key: everything it is
// made from, the program included) are unchanged, or, when they are new,
// its print HTML is (edition's PrintKey: a new version of gazette that
// prints an issue as the last did makes no PDF again). It returns a job per made PDF, whose key is that key,
// and one for the drawing of its cover that the issue page shows, keyed by
// that key and the drawing program: a generation takes an unchanged PDF
// from the live one like any file.
func (e *Engine) editions(ctx context.Context, s *content.Site) ([]publish.Job, Editions, error) {
	var st Editions
	cache := edition.OpenCache(filepath.Join(e.cacheDir, "editions"))
	used := map[string]bool{}
	var usedMu sync.Mutex
	var todo []*content.Document
	for _, is := range s.Documents {
		switch {
		case is.Kind != content.KindIssue:
		case is.PDF != nil:
			var key string
			is.PDF.Pages, key = cache.Pages(e.opt.Content, is.PDF.Path)
			used[key] = true
		case s.Config.Gazette.PDF:
			todo = append(todo, is)
		}
	}
	if len(todo) > 0 && e.edition == nil {
		eng, err := edition.Start(ctx, filepath.Join(e.cacheDir, "editions", "weasyprint.json"))
		if err != nil {
			return nil, st, err
		}
		e.edition = eng
	}
	keys := make([]string, len(todo)) // each PDF's PrintKey
	stored := make([]edition.Stored, len(todo))
	var made, done atomic.Int64
	if len(todo) > 0 {
		e.progress("edition", 0, len(todo))
	}
	err := parallel.Do(ctx, len(todo), func(i int) error {
		is := todo[i]
		fail := func(err error) error {
			return fmt.Errorf("%s: the issue PDF: %w", path.Join(e.opt.ContentRoot, path.Dir(is.Path)), err)
		}
		inputs, err := edition.Key(e.prog, e.edition.Version(), s.Config, is, e.opt.Content)
		if err != nil {
			return fail(err)
		}
		defer func() { e.progress("edition", int(done.Add(1)), len(todo)) }()
		var ok bool
		if keys[i], ok = cache.Aliased(inputs); ok && !e.opt.Full {
			if stored[i], ok = cache.Get(keys[i], len(is.Documents)); ok {
				usedMu.Lock()
				used[inputs] = true
				usedMu.Unlock()
				return nil
			}
		}
		// The inputs are new to the cache (an edit, or a new version of
		// gazette): the print HTML decides whether the PDF is.
		data, err := edition.IssueOf(s.Config, is, func(d *content.Document) (template.HTML, error) {
			b, err := e.body(d)
			return b.HTML, err
		}, e.opt.Content)
		if err != nil {
			return err
		}
		h, err := edition.HTML(data)
		if err != nil {
			return fail(err)
		}
		keys[i] = e.edition.PrintKey(h, data.URL, len(data.Docs))
		if stored[i], ok = cache.Get(keys[i], len(is.Documents)); !ok || e.opt.Full {
			ed, err := e.edition.MakeHTML(ctx, h, data.URL, len(data.Docs))
			if err == nil {
				stored[i], err = cache.Put(keys[i], ed)
			}
			if err != nil {
				return fail(err)
			}
			made.Add(1)
		}
		usedMu.Lock()
		used[inputs] = true
		usedMu.Unlock()
		return cache.Alias(inputs, keys[i])
	})
	if err != nil {
		return nil, st, err
	}
	// Each PDF's cover, drawn for the issue page.
	covers := make([]string, len(todo))
	err = parallel.Do(ctx, len(todo), func(i int) error {
		var err error
		if covers[i], err = cache.Cover(ctx, e.edition, e.edition.CoverKey(keys[i]), stored[i].Path); err != nil {
			return fmt.Errorf("%s: the issue PDF: %w", path.Join(e.opt.ContentRoot, path.Dir(todo[i].Path)), err)
		}
		return nil
	})
	if err != nil {
		return nil, st, err
	}
	jobs := make([]publish.Job, 0, 2*len(todo))
	for i, is := range todo {
		used[keys[i]], used[e.edition.CoverKey(keys[i])] = true, true
		name := edition.FileName(is)
		cover := is.URL + strings.TrimSuffix(name, ".pdf") + ".png"
		is.PDF = &content.Attachment{Name: name, URL: is.URL + name, Size: stored[i].Size, Type: "application/pdf", Pages: stored[i].Pages, Cover: cover}
		for j, d := range is.Documents {
			d.PDFPage = stored[i].Starts[j]
		}
		for _, f := range []struct{ url, src, key string }{{is.PDF.URL, stored[i].Path, keys[i]}, {cover, covers[i], e.edition.CoverKey(keys[i])}} {
			key, _ := hex.DecodeString(f.key)
			file := publish.File{Path: strings.TrimPrefix(f.url, "/"), Link: f.src}
			jobs = append(jobs, publish.Job{Paths: []string{file.Path}, Key: [32]byte(key),
				Make: func() ([]publish.File, error) { return []publish.File{file}, nil }})
		}
	}
	st.PDFs, st.Made = len(todo), int(made.Load())
	if !s.Config.Gazette.PDF {
		return jobs, st, nil // a site that turns its PDFs off and on again finds them
	}
	return jobs, st, cache.Keep(used)
}
