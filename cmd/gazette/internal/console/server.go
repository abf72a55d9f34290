// Package console is the newsroom's console: a web server on its own
// listener, never the public site's, that serves Decap CMS and answers its
// proxy protocol from the record (package record), behind the logins,
// roles, CSRF tokens and audit of package accounts.
//
//	GET  /login, POST /login        the login form (or the identity a trusted proxy sends)
//	POST /logout
//	GET  /                          who you are, the drafts and where each stands
//	GET  /cms/                      Decap CMS, its interface in the site's script
//	GET  /cms/config.yml            generated from the content contract and site.yaml
//	GET  /decap/…                   Decap CMS's files, from the npm package (nothing from a CDN)
//	GET  /console.js /console.css   the console's own script (CSRF header, the 文號 picker) and style
//	POST /api/v1                    Decap's proxy protocol (proxy.go), the gate applied
//	GET  /api/refs?q=               文號 suggestions for the picker, from the staff index
//	GET  /search?q=&page=           the staff search: published, embargoed and draft documents, paged
//	GET  anything else              the last preview built (getDeployPreview): the real site's
//	                                pages with a draft in them, marked as a preview
//
// Every request but the login form needs a session (401, or a redirect to
// the login for a page); every POST needs the session's CSRF token in the
// X-CSRF-Token header (or a form's csrf field) and comes from the console's
// own origin; the cookie is HttpOnly, Secure and SameSite=Strict. Every
// action is a line of the audit log.
//
// # What the console keeps
//
// In its folder (Options.State): the audit log, and the preview site —
// a copy of the content with the draft in it, built with drafts by the real
// engine into its own public/ and .gazette, so that nothing of a preview
// ever touches the live site. The staff index (staff.go) is in memory: the
// published branch loaded with its drafts and embargoed documents, and the
// drafts of the workflow; only the console serves it.
package console

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"gazette/cmd/gazette/internal/accounts"
	"gazette/cmd/gazette/internal/record"
)

//go:embed ui
var uiFS embed.FS

// Options configure the console.
type Options struct {
	Repo      *record.Repo
	Checkout  string // the checkout of the published branch the build reads; "" for none
	State     string // the console's own folder
	Decap     string // decap-cms's dist folder (npm ci in console/)
	Users     *accounts.Store
	Templates fs.FS // the site's templates, for the previews

	// Build builds a preview site: the content folder content, with the
	// templates, into public, at now, drafts and embargoed documents
	// included — gazette's build with build.Options.Drafts, whose store
	// keeps it apart from the live site. Without it, or without
	// Templates, there are no previews.
	Build func(ctx context.Context, content, templates fs.FS, public string, now time.Time) error
	Clock func() time.Time
	Log   *slog.Logger

	// TrustedProxies are the addresses (nginx in front) whose X-Real-IP
	// is the client's address, and whose IdentityHeader, when set, names the
	// person (the office's single sign-on); from anywhere else both headers
	// are ignored.
	TrustedProxies []netip.Prefix
	IdentityHeader string
}

// Server is the console.
type Server struct {
	opt      Options
	now      func() time.Time
	log      *slog.Logger
	audit    *accounts.Audit
	sessions *accounts.Sessions
	throttle *accounts.Throttle
	decap    *os.Root
	staff    *staff
	preview  *previewer
	mux      *http.ServeMux

	cfgMu    sync.Mutex
	cfgTree  string // the published tree the cached configuration is of
	cfgCache decapConfig
}

// New makes the console.
func New(opt Options) (*Server, error) {
	if opt.Clock == nil {
		opt.Clock = time.Now
	}
	if opt.Log == nil {
		opt.Log = slog.Default()
	}
	if err := os.MkdirAll(opt.State, 0o700); err != nil {
		return nil, err
	}
	audit, err := accounts.OpenAudit(filepath.Join(opt.State, "audit.log"), opt.Clock)
	if err != nil {
		return nil, err
	}
	s := &Server{opt: opt, now: opt.Clock, log: opt.Log, audit: audit,
		sessions: accounts.NewSessions(opt.Clock), throttle: accounts.NewThrottle(opt.Clock)}
	if opt.Decap != "" {
		if s.decap, err = os.OpenRoot(opt.Decap); err != nil {
			return nil, fmt.Errorf("decap-cms: %w (run npm ci in console/, see docs/newsroom.md)", err)
		}
		if _, err := s.decap.Stat("decap-cms.js"); err != nil {
			return nil, fmt.Errorf("decap-cms: no decap-cms.js in %s (run npm ci in console/, see docs/newsroom.md)", opt.Decap)
		}
	}
	s.staff = newStaff(opt.Repo, opt.Clock)
	s.preview = newPreviewer(opt.Repo, filepath.Join(opt.State, "preview"), opt.Templates, opt.Build, opt.Clock, opt.Log)
	s.routes()
	return s, nil
}

// Close releases the console's files.
func (s *Server) Close() error {
	if s.decap != nil {
		s.decap.Close()
	}
	return s.audit.Close()
}

func (s *Server) routes() {
	m := http.NewServeMux()
	m.HandleFunc("GET /login", s.loginForm)
	m.HandleFunc("POST /login", s.login)
	m.Handle("POST /logout", s.authed(s.logout))
	m.Handle("GET /{$}", s.page(s.home))
	m.Handle("GET /cms/{$}", s.page(s.cmsPage))
	m.Handle("GET /cms/config.yml", s.authed(s.configYAML))
	m.Handle("GET /decap/{file...}", s.authed(s.decapFile))
	m.Handle("GET /console.js", s.authed(s.uiFile("ui/console.js", "text/javascript; charset=utf-8")))
	m.HandleFunc("GET /console.css", s.uiFile("ui/console.css", "text/css; charset=utf-8")) // the login page's too
	m.Handle("POST /api/v1", s.authed(s.proxy))
	m.Handle("GET /api/refs", s.authed(s.refs))
	m.Handle("GET /search", s.page(s.search))
	m.Handle("GET /", s.page(s.previewFile))
	s.mux = m
}

// ServeHTTP answers a request, with the console's headers and its check of
// where a state-changing request comes from.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("X-Frame-Options", "SAMEORIGIN")
	h.Set("Cache-Control", "no-store")
	// Decap CMS styles itself with injected style elements and compiles
	// its widgets' templates; nothing is loaded from another origin.
	h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; frame-ancestors 'self'; form-action 'self'; base-uri 'none'")
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		// A browser says where a request comes from: refuse what another
		// site makes it send (CSRF), before any token is looked at.
		if err := http.NewCrossOriginProtection().Check(r); err != nil {
			s.refuse(w, r, "", http.StatusForbidden, "cross-origin request refused")
			return
		}
	}
	s.mux.ServeHTTP(w, r)
}

// Run serves on addr until ctx ends, then shuts down gracefully.
func (s *Server) Run(ctx context.Context, addr string, ready func(net.Addr)) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           s,
		ReadHeaderTimeout: 5 * time.Second,
		// A save carries its attachments, base64 in JSON: give a slow
		// office uplink time to send maxBody.
		ReadTimeout:    2 * time.Minute,
		WriteTimeout:   3 * time.Minute, // a first preview of a large site builds it whole
		IdleTimeout:    2 * time.Minute,
		MaxHeaderBytes: 64 << 10,
		ErrorLog:       slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	go s.staff.refresh(ctx)
	go func() {
		if err := s.opt.Repo.Warm(ctx); err != nil && ctx.Err() == nil {
			s.log.Warn("reading the published content for the checks", "err", err)
		}
	}()
	go s.preview.warm(ctx)
	if ready != nil {
		ready(ln.Addr())
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return nil
}

func (s *Server) uiFile(name, ctype string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		data, err := uiFS.ReadFile(name)
		if err != nil {
			http.Error(w, "missing", http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", ctype)
		w.Write(data)
	}
}

// decapFile serves Decap CMS's files from its folder (os.Root: nothing
// outside it).
func (s *Server) decapFile(w http.ResponseWriter, r *http.Request) {
	if s.decap == nil {
		http.Error(w, "Decap CMS is not installed: npm ci in console/ (see docs/newsroom.md)", http.StatusNotFound)
		return
	}
	name := r.PathValue("file")
	if strings.HasSuffix(name, ".map") || strings.Contains(name, "..") {
		http.NotFound(w, r)
		return
	}
	f, err := s.decap.Open(name)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil || info.IsDir() {
		http.NotFound(w, r)
		return
	}
	// The files are named by the package's version: cacheable for a day.
	w.Header().Set("Cache-Control", "private, max-age=86400")
	http.ServeContent(w, r, name, info.ModTime(), f)
}
