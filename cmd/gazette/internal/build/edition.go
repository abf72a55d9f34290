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
// prints an issue as the last did makes no PDF again). It returns a job per
// made PDF, whose key is its PrintKey,
// and one for the drawing of its cover that the issue page shows, keyed by
// that key and the drawing program: a generation takes an unchanged PDF
// from the live one like any file.
func (e *Engine) editions(ctx context.Context, s *content.Site, facts content.Facts) ([]publish.Job, Editions, error) {
	var st Editions
	cache := edition.OpenCache(filepath.Join(e.cacheDir, "editions"))
	used := map[string]bool{}
	var todo []*content.Document
	for _, is := range s.Documents {
		switch {
		case is.Kind != content.KindIssue:
		case is.PDF != nil:
			var key string
			pdf := *is.PDF
			pdf.Pages, key = cache.Pages(e.opt.Content, is.PDF.Path)
			facts[is].PDF = &pdf
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
	keys := make([]string, len(todo))
	stored := make([]edition.Stored, len(todo))
	var made, done atomic.Int64
	if len(todo) > 0 {
		e.progress("edition", 0, len(todo))
	}
	var usedMu sync.Mutex
	err := parallel.Do(ctx, len(todo), func(i int) error {
		is := todo[i]
		defer func() { e.progress("edition", int(done.Add(1)), len(todo)) }()
		inputs, key, st, fresh, err := e.edition1(ctx, cache, s.Config, is, facts[is].Summary)
		if err != nil {
			return fmt.Errorf("%s: the issue PDF: %w", path.Join(e.opt.ContentRoot, path.Dir(is.Path)), err)
		}
		keys[i], stored[i] = key, st
		if fresh {
			made.Add(1)
		}
		usedMu.Lock()
		used[inputs] = true
		usedMu.Unlock()
		return nil
	})
	if err != nil {
		return nil, st, err
	}
	jobs, err := e.editionFiles(ctx, cache, facts, todo, keys, stored, used)
	if err != nil {
		return nil, st, err
	}
	st.PDFs, st.Made = len(todo), int(made.Load())
	if !s.Config.Gazette.PDF {
		return jobs, st, nil // a site that turns its PDFs off and on again finds them
	}
	return jobs, st, cache.Keep(used)
}

// edition1 finds or makes the PDF of the issue is: by its inputs (Key)
// when a build with the same inputs made it, else by its print HTML
// (PrintKey), which a new version of gazette that prints the issue as the
// last did finds in the cache. It returns the inputs' key, the PDF's key
// and where the cache keeps it, and whether this build made it.
func (e *Engine) edition1(ctx context.Context, cache *edition.Cache, cfg content.Config, is *content.Document, summary string) (inputs, key string, st edition.Stored, made bool, err error) {
	if inputs, err = edition.Key(e.prog, e.edition.Version(), cfg, is, summary, e.opt.Content); err != nil {
		return "", "", st, false, err
	}
	var ok bool
	if key, ok = cache.Aliased(inputs); ok && !e.opt.Full {
		if st, ok = cache.Get(key, len(is.Documents)); ok {
			return inputs, key, st, false, nil
		}
	}
	data, err := edition.IssueOf(cfg, is, summary, func(d *content.Document) (template.HTML, error) {
		b, err := e.body(d)
		return b.HTML, err
	}, e.opt.Content)
	if err != nil {
		return "", "", st, false, err
	}
	h, err := edition.HTML(data)
	if err != nil {
		return "", "", st, false, err
	}
	key = e.edition.PrintKey(h, data.URL, len(data.Docs))
	if st, ok = cache.Get(key, len(is.Documents)); !ok || e.opt.Full {
		ed, err := e.edition.MakeHTML(ctx, h, data.URL, len(data.Docs))
		if err == nil {
			st, err = cache.Put(key, ed)
		}
		if err != nil {
			return "", "", st, false, err
		}
		made = true
	}
	return inputs, key, st, made, cache.Alias(inputs, key)
}

// editionFiles draws the cover of each PDF made (todo[i], with its key and
// where the cache keeps it), gives each issue its PDF and each document its
// page, and returns a job for every PDF and cover, marking their keys used.
func (e *Engine) editionFiles(ctx context.Context, cache *edition.Cache, facts content.Facts, todo []*content.Document, keys []string,
	stored []edition.Stored, used map[string]bool) ([]publish.Job, error) {
	// Each PDF's cover, drawn for the issue page.
	covers := make([]string, len(todo))
	err := parallel.Do(ctx, len(todo), func(i int) error {
		var err error
		if covers[i], err = cache.Cover(ctx, e.edition, e.edition.CoverKey(keys[i]), stored[i].Path); err != nil {
			return fmt.Errorf("%s: the issue PDF: %w", path.Join(e.opt.ContentRoot, path.Dir(todo[i].Path)), err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	jobs := make([]publish.Job, 0, 2*len(todo))
	for i, is := range todo {
		used[keys[i]], used[e.edition.CoverKey(keys[i])] = true, true
		name := edition.FileName(is)
		cover := is.URL + strings.TrimSuffix(name, ".pdf") + ".png"
		pdf := &content.Attachment{Name: name, URL: is.URL + name, Size: stored[i].Size, Type: "application/pdf", Pages: stored[i].Pages, Cover: cover}
		facts[is].PDF = pdf
		for j, d := range is.Documents {
			if x := facts[d]; x != nil {
				x.PDFPage = stored[i].Starts[j]
			}
		}
		for _, f := range []struct{ url, src, key string }{{pdf.URL, stored[i].Path, keys[i]}, {cover, covers[i], e.edition.CoverKey(keys[i])}} {
			key, _ := hex.DecodeString(f.key)
			file := publish.File{Path: strings.TrimPrefix(f.url, "/"), Link: f.src}
			jobs = append(jobs, publish.Job{Paths: []string{file.Path}, Key: [32]byte(key),
				Make: func() ([]publish.File, error) { return []publish.File{file}, nil }})
		}
	}
	return jobs, nil
}
