// Package serve is the web server: it serves the built site from public/
// and answers searches from index/. It reads nothing else — not content/,
// not site.yaml — so any number of replicas can serve one build.
//
//	GET /…              files of public/; /404.html with status 404 when missing
//	GET /search?q=…     results page (HTML, works without JavaScript)
//	GET /api/search?q=… the same as JSON
//	GET /search.atom?q=… the same as an Atom feed, newest first
//	GET /healthz        the live generation and what it waits for (healthz.go)
//	GET /mode/elder?to=… /mode/standard?to=…   set the reading mode (a cookie), back to the page
//	GET /assets/mode.css the stylesheet of the reader's mode (mode.go)
//
// Pages and files may be cached for PageMaxAge (by a CDN or nginx too), so a
// scheduled release is never held back longer than that; a 404 is never
// cached, because the URL of an embargoed document answers 404 until the
// build that publishes it.
//
// Only GET and HEAD are allowed. Every response carries security headers.
// When the index is missing or broken, the static site is still served and
// the search endpoints answer 503 with a message.
package serve

import (
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/klauspost/compress/gzhttp"

	"gazette/cmd/gazette/internal/content"
	"gazette/cmd/gazette/internal/disk"
	"gazette/cmd/gazette/internal/script"
	"gazette/cmd/gazette/internal/search"
	"gazette/cmd/gazette/internal/site"
)

// Options configure a Server.
type Options struct {
	Public    string // the built site
	Index     string // the search index, with site.json from the build
	Templates fs.FS  // for the search page
	Log       *slog.Logger
	Clock     func() time.Time // what /healthz judges lateness by; time.Now when nil

	// NoResultsCache answers every search from the index (for benchmarks
	// of the index; people repeat searches, so keep the cache otherwise).
	NoResultsCache bool

	// Wrap, when set, wraps the routes (not the security headers and
	// method checks in front of them): gazette serve -watch adds its
	// live-reload endpoints and script this way.
	Wrap func(http.Handler) http.Handler
}

// SearchTimeout bounds one search; a query that takes longer is cut off
// with an error rather than holding a connection.
const SearchTimeout = 5 * time.Second

// reloadEvery is how often the server looks for a newer index.
const reloadEvery = 100 * time.Millisecond

// Server is the http.Handler for a site.
type Server struct {
	opt     Options
	mux     *http.ServeMux
	handler http.Handler // mux, wrapped by Options.Wrap

	mu      sync.Mutex
	current atomic.Pointer[generation]
	checked time.Time
	stale   string // a stamp Reload wants reopened even though it looks current
}

// generation is one build: its files, index and site configuration. A
// build swaps public/ and index/ for new directories, so a server that keeps
// running reopens both when it sees the swap.
type generation struct {
	root  *os.Root
	files fs.FS
	ix    *search.Index
	cfg   content.Config
	tmpl  *site.Templates
	stamp string // identifies the build: site.json's inode and time
	err   error  // why search is unavailable
	ids   struct {
		once sync.Once
		m    *disk.IDMap
		err  error
	} // the resolver's map, read at its first use

	// refs counts the requests using the generation; -1 once it is closed.
	// A generation that a newer one replaced (retired) is closed when its
	// last request ends, not before and not later.
	refs    atomic.Int64
	retired atomic.Bool
}

// release ends a request's use of g.
func (g *generation) release() {
	if g.refs.Add(-1) == 0 && g.retired.Load() {
		g.closeIdle()
	}
}

// retire marks g replaced, closing it now if no request uses it.
func (g *generation) retire() {
	g.retired.Store(true)
	g.closeIdle()
}

// closeIdle closes g if no request uses it, once.
func (g *generation) closeIdle() {
	if !g.refs.CompareAndSwap(0, -1) {
		return
	}
	if g.root != nil {
		g.root.Close()
	}
	if g.ix != nil {
		g.ix.Close()
	}
}

// New returns a server for the site in opt.Public and opt.Index.
func New(opt Options) (*Server, error) {
	if opt.Log == nil {
		opt.Log = slog.New(slog.DiscardHandler)
	}
	if opt.Clock == nil {
		opt.Clock = time.Now
	}
	if _, err := os.Stat(filepath.Join(opt.Public, "index.html")); err != nil {
		return nil, fmt.Errorf("serve: no built site in %s (run gazette build): %w", opt.Public, err)
	}
	s := &Server{opt: opt}
	s.mux = http.NewServeMux()
	s.mux.Handle("/search", s.inScript("", s.searchHTML))
	s.mux.Handle("/api/search", s.inScript("", s.searchJSON))
	s.mux.Handle("/search.atom", s.inScript("", s.searchAtom))
	for _, root := range script.Roots {
		s.mux.Handle(root+"/search", s.inScript(root, s.searchHTML))
		s.mux.Handle(root+"/search.atom", s.inScript(root, s.searchAtom))
	}
	s.mux.HandleFunc("/healthz", s.healthz)
	s.mux.HandleFunc("/id", s.resolve)
	s.mux.HandleFunc("/mode/", s.setMode)
	s.mux.HandleFunc("/assets/mode.css", s.modeCSS)
	s.mux.HandleFunc("/", s.static)
	s.handler = s.mux
	if opt.Wrap != nil {
		s.handler = opt.Wrap(s.mux)
	}
	// gzip for text responses a client accepts it for; the ETag of a
	// compressed response gets a suffix, so caches never mix the two.
	gz, err := gzhttp.NewWrapper(gzhttp.MinSize(1024), gzhttp.CompressionLevel(gzip.BestSpeed), gzhttp.SuffixETag("-gzip"),
		gzhttp.ExceptContentTypes([]string{"text/event-stream"}))
	if err != nil {
		return nil, fmt.Errorf("serve: %w", err)
	}
	s.handler = gz(s.handler)
	s.reload(true)
	if g := s.current.Load(); g.root == nil {
		return nil, fmt.Errorf("serve: %w", g.err)
	}
	return s, nil
}

// Close releases the index; requests still running finish first.
func (s *Server) Close() error {
	if g := s.current.Load(); g != nil {
		g.retire()
	}
	return nil
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
	h.Set("X-Frame-Options", "DENY")
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		h.Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	// Refuse traversal in any spelling before the mux cleans the path: the
	// decoded path, the raw (still percent-encoded) one, and backslashes.
	for _, p := range []string{r.URL.Path, r.URL.EscapedPath(), r.URL.RawPath} {
		if !strings.HasPrefix(p, "/") && p != "" || strings.ContainsAny(p, "\\\x00") || hasDotDot(p) ||
			strings.Contains(strings.ToLower(p), "%2e%2e") || strings.Contains(strings.ToLower(p), "%5c") {
			http.Error(w, "bad path", http.StatusBadRequest)
			return
		}
	}
	s.handler.ServeHTTP(w, r)
}

// Reload reopens public/, the index and the templates now, without waiting
// for the periodic check to notice a new build: gazette serve -watch calls
// it after every rebuild.
func (s *Server) Reload() {
	s.mu.Lock()
	s.checked = time.Time{}
	if g := s.current.Load(); g != nil {
		s.stale = g.stamp
	}
	s.mu.Unlock()
	s.reload(true)
}

// acquire returns the newest generation, reopening it when a build replaced
// it, for one request: call release when the request is done with it.
func (s *Server) acquire() *generation {
	s.reload(false)
	for {
		g := s.current.Load()
		if n := g.refs.Load(); n >= 0 && g.refs.CompareAndSwap(n, n+1) {
			return g
		}
		// Closed between Load and CompareAndSwap: a newer one is current.
	}
}

func (s *Server) reload(force bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !force && time.Since(s.checked) < reloadEvery {
		return
	}
	s.checked = time.Now()
	stamp := stampOf(s.opt.Public) + stampOf(filepath.Join(s.opt.Index, disk.SiteFile))
	old := s.current.Load()
	if old != nil && old.stamp == stamp && s.stale != stamp {
		return
	}
	s.stale = ""
	g := s.open(stamp)
	s.current.Store(g)
	if g.err != nil {
		s.opt.Log.Warn("search unavailable", "err", g.err)
	}
	if old != nil {
		old.retire()
	}
}

func stampOf(p string) string {
	info, err := os.Stat(p)
	if err != nil {
		return ""
	}
	return fmt.Sprintf("%v/%d/%d", info.ModTime().UnixNano(), info.Size(), inode(info))
}

func (s *Server) open(stamp string) *generation {
	g := &generation{stamp: stamp, cfg: content.Default()}
	g.cfg.Location = time.UTC
	if b, err := os.ReadFile(filepath.Join(s.opt.Index, disk.SiteFile)); err == nil {
		if err := json.Unmarshal(b, &g.cfg); err != nil {
			g.err = fmt.Errorf("reading site.json: %w", err)
		}
		if loc, err := time.LoadLocation(g.cfg.Timezone); err == nil {
			g.cfg.Location = loc
		}
	}
	root, err := os.OpenRoot(s.opt.Public)
	if err != nil {
		g.err = err
		return g
	}
	g.root, g.files = root, root.FS()
	if g.tmpl, err = site.LoadTemplates(s.opt.Templates, g.cfg); err != nil {
		g.err = err
		return g
	}
	if g.err != nil {
		return g
	}
	if g.ix, err = search.OpenWith(s.opt.Index, search.OpenOptions{NoCache: s.opt.NoResultsCache}); err != nil {
		g.err = err
	}
	return g
}

// static serves public/: clean paths only, directories through their
// index.html, the site's 404 page for anything missing. os.Root keeps every
// open inside public/, symbolic links included.
func (s *Server) static(w http.ResponseWriter, r *http.Request) {
	g := s.acquire()
	defer g.release()
	fsys := g.files
	{
		p := r.URL.Path
		name := strings.TrimPrefix(path.Clean(p), "/")
		if name == "" {
			name = "."
		}
		info, err := fs.Stat(fsys, name)
		if err == nil && info.IsDir() {
			if !strings.HasSuffix(p, "/") {
				http.Redirect(w, r, p+"/", http.StatusMovedPermanently)
				return
			}
			info, err = fs.Stat(fsys, path.Join(name, "index.html"))
		}
		if err != nil {
			s.notFound(w, fsys, name)
			return
		}
		if strings.HasSuffix(name, "feed.json") {
			w.Header().Set("Content-Type", "application/feed+json; charset=utf-8")
		}
		// The build replaces files, never edits them: size and time identify
		// a version. FileServer answers If-None-Match and If-Modified-Since.
		w.Header().Set("ETag", fmt.Sprintf(`"%x-%x"`, info.ModTime().UnixNano(), info.Size()))
		if strings.HasPrefix(name, "assets/") {
			w.Header().Set("Cache-Control", "public, max-age=3600")
		} else {
			w.Header().Set("Cache-Control", pageCache)
		}
		http.FileServerFS(fsys).ServeHTTP(w, r)
	}
}

func hasDotDot(p string) bool {
	for _, seg := range strings.Split(p, "/") {
		if seg == ".." || seg == "." && p != "/" {
			return true
		}
	}
	return false
}

// notFound answers 404 with the site's page, in the script of the part of
// the site the request was for.
func (s *Server) notFound(w http.ResponseWriter, fsys fs.FS, name string) {
	page := "404.html"
	for _, root := range script.Roots {
		if strings.HasPrefix(name, strings.TrimPrefix(root, "/")+"/") {
			if _, err := fs.Stat(fsys, strings.TrimPrefix(root, "/")+"/404.html"); err == nil {
				page = strings.TrimPrefix(root, "/") + "/404.html"
			}
		}
	}
	body, err := fs.ReadFile(fsys, page)
	if err != nil {
		w.Header().Set("Cache-Control", "no-store")
		http.Error(w, "404 page not found", http.StatusNotFound)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusNotFound)
	w.Write(body)
}

// Serve runs the server on ln until ctx ends, then shuts down gracefully.
func Serve(ctx context.Context, ln net.Listener, h http.Handler, log *slog.Logger) error {
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: ReadHeaderTimeout,
		ReadTimeout:       ReadTimeout,
		WriteTimeout:      WriteTimeout,
		IdleTimeout:       IdleTimeout,
		MaxHeaderBytes:    MaxHeaderBytes,
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down", "grace", ShutdownGrace)
	sctx, cancel := context.WithTimeout(context.Background(), ShutdownGrace)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return err
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// Server limits. Requests are small GETs: a slow or oversized client is cut
// off rather than allowed to hold a connection.
const (
	ReadHeaderTimeout = 5 * time.Second  // slowloris: headers must arrive promptly
	ReadTimeout       = 10 * time.Second // no request has a body worth waiting for
	WriteTimeout      = 30 * time.Second // the largest page or attachment on a slow phone link
	IdleTimeout       = 2 * time.Minute  // keep-alive for a reader clicking through pages
	MaxHeaderBytes    = 64 << 10         // generous for cookies a proxy may add, far below the 1 MiB default
	ShutdownGrace     = 10 * time.Second // in-flight requests finish on SIGTERM
)
