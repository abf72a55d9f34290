package console

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/go-git/go-git/v5/plumbing"

	"gazette/cmd/gazette/internal/content"
	"gazette/cmd/gazette/internal/record"
)

// previewer builds the site with one draft in it, with drafts and
// embargoed documents shown, by the real engine and templates, into the
// console's own folder: a copy of the content (content/), the site
// (public/, and the engine's .gazette beside it), never the live site's.
// One preview at a time: the site shows the last draft previewed.
type previewer struct {
	repo *record.Repo
	dir  string
	tmpl fs.FS
	run  func(ctx context.Context, content, templates fs.FS, public string, now time.Time) error // Options.Build
	now  func() time.Time
	log  *slog.Logger

	mu       sync.Mutex
	exported plumbing.Hash  // the tree content/ holds; zero when unknown
	cache    *content.Cache // the loads that find the draft's page
	shown    shown          // what the site shows
}

// shown is the draft the preview site holds.
type shown struct {
	key   string
	url   string    // its page
	until time.Time // its embargo, when dated ahead
	draft bool      // draft: true
}

func newPreviewer(repo *record.Repo, dir string, tmpl fs.FS,
	run func(ctx context.Context, content, templates fs.FS, public string, now time.Time) error, now func() time.Time, log *slog.Logger) *previewer {
	return &previewer{repo: repo, dir: dir, tmpl: tmpl, run: run, now: now, log: log, cache: content.NewCache()}
}

func (p *previewer) contentDir() string { return filepath.Join(p.dir, "content") }
func (p *previewer) publicDir() string  { return filepath.Join(p.dir, "public") }

// warm builds the published site once, so that the first preview redoes
// only the draft.
func (p *previewer) warm(ctx context.Context) {
	if p.tmpl == nil || p.run == nil {
		return
	}
	tree, err := p.repo.HeadTree()
	if err == nil {
		p.mu.Lock()
		err = p.buildTree(ctx, tree)
		p.mu.Unlock()
	}
	if err != nil && ctx.Err() == nil {
		p.log.Warn("building the preview site", "err", err)
	}
}

// build makes the preview of a draft and returns its page's address.
func (p *previewer) build(ctx context.Context, collection, slug string) (string, error) {
	if p.tmpl == nil || p.run == nil {
		return "", errors.New("the console has no templates or build to preview with")
	}
	d, err := p.repo.Draft(collection, slug)
	if err != nil {
		return "", err
	}
	tree, err := p.repo.DraftTree(collection, slug)
	if err != nil {
		return "", err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if err := p.buildTree(ctx, tree); err != nil {
		return "", err
	}
	s, err := content.Load(ctx, os.DirFS(p.contentDir()), content.Options{Now: p.now(), Drafts: true, Partial: true,
		Cache: p.cache, LeaveBodies: true})
	if s == nil {
		return "", err
	}
	sh := shown{key: record.Key(collection, slug)}
	for _, f := range d.Files {
		for _, doc := range s.All {
			if doc.Path == f.Path && sh.url == "" {
				sh.url, sh.draft = doc.URL, doc.Draft
				if doc.Date.After(p.now()) {
					sh.until = doc.Date.In(s.Config.Location)
				}
			}
		}
	}
	if sh.url == "" {
		return "", fmt.Errorf("%s changes no document that has a page", sh.key)
	}
	p.shown = sh
	return sh.url, nil
}

// buildTree makes content/ hold tree and builds it.
func (p *previewer) buildTree(ctx context.Context, tree plumbing.Hash) error {
	from := p.exported
	if from.IsZero() {
		// Unknown content (a first run, or an export that failed): start
		// over. The folder is the console's own.
		if err := os.RemoveAll(p.contentDir()); err != nil {
			return err
		}
	}
	p.exported = plumbing.ZeroHash
	if err := p.repo.Export(ctx, p.contentDir(), from, tree); err != nil {
		return err
	}
	p.exported = tree
	return p.run(ctx, os.DirFS(p.contentDir()), p.tmpl, p.publicDir(), p.now())
}

// previewFile serves the preview site, each page marked as a preview.
func (s *Server) previewFile(w http.ResponseWriter, r *http.Request) {
	p := s.preview
	p.mu.Lock()
	sh := p.shown
	p.mu.Unlock()
	root, err := os.OpenRoot(p.publicDir())
	if err != nil {
		http.Error(w, "no preview yet: open a draft and choose 預覽 (View Preview)", http.StatusNotFound)
		return
	}
	defer root.Close()
	name := strings.TrimPrefix(path.Clean(r.URL.Path), "/")
	if name == "" {
		name = "."
	}
	if info, err := root.Stat(name); err == nil && info.IsDir() {
		if !strings.HasSuffix(r.URL.Path, "/") {
			http.Redirect(w, r, r.URL.Path+"/", http.StatusMovedPermanently)
			return
		}
		name = path.Join(name, "index.html")
	}
	data, err := root.ReadFile(name)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	h := w.Header()
	h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; frame-ancestors 'self'; base-uri 'none'")
	if !strings.HasSuffix(name, ".html") {
		http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(data))
		return
	}
	h.Set("Content-Type", "text/html; charset=utf-8")
	w.Write(markPreview(data, sh, s.siteTitle()))
}

var bannerTmpl = template.Must(template.New("banner").Parse(
	`<div role="note" style="background:#7a1f1f;color:#fff;padding:.75rem 1rem;font-size:1.1rem;text-align:center" data-gazette-preview>` +
		`預覽 · 未簽發，公眾看不到{{if .Key}}（{{.Key}}）{{end}}` +
		`{{if .Draft}} · 標為草稿（draft）：簽發後也不公開{{end}}` +
		`{{if not .Until.IsZero}} · 禁發（embargo）：{{.Until.Format "2006-01-02 15:04"}} 之前不公開{{end}}` +
		` · <a style="color:#fff" href="/">回到編輯台</a></div>`))

// markPreview puts the preview's banner at the top of a page.
func markPreview(page []byte, sh shown, _ string) []byte {
	var b bytes.Buffer
	bannerTmpl.Execute(&b, map[string]any{"Key": sh.key, "Draft": sh.draft, "Until": sh.until})
	i := bytes.Index(page, []byte("<body"))
	if i < 0 {
		return append(b.Bytes(), page...)
	}
	j := bytes.IndexByte(page[i:], '>')
	if j < 0 {
		return page
	}
	at := i + j + 1
	out := make([]byte, 0, len(page)+b.Len())
	out = append(out, page[:at]...)
	out = append(out, b.Bytes()...)
	return append(out, page[at:]...)
}
