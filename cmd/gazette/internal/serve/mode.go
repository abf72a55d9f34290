package serve

import (
	"fmt"
	"io/fs"
	"net/http"
	"net/url"
	"strings"
)

// The reading mode — the standard site or the 長輩版 (elder mode) — is a
// cookie, so that every page stays one static file for every reader. Each
// page's header links to /mode/elder?to=PATH and /mode/standard?to=PATH,
// which set or clear the cookie and send the reader back to PATH; every page
// loads /assets/mode.css, which is the stylesheet of the reader's mode. No
// script is needed, and a host that cannot vary mode.css serves the
// standard copy the build wrote there.
const (
	modeCookie = "gazette_mode" // nginx reads it as $cookie_gazette_mode
	modeElder  = "elder"
	// modeMaxAge keeps the choice a year: a reader who needs large text
	// should not have to find the switch again on the next visit.
	modeMaxAge = 365 * 24 * 60 * 60
)

// modeCSS answers /assets/mode.css with the stylesheet of the reader's mode.
// It varies by cookie, so no shared cache may keep it and the browser asks
// again (a cheap 304) on every page.
func (s *Server) modeCSS(w http.ResponseWriter, r *http.Request) {
	name := "assets/standard.css"
	if c, err := r.Cookie(modeCookie); err == nil && c.Value == modeElder {
		name = "assets/elder.css"
	}
	g := s.acquire()
	defer g.release()
	fsys := g.files
	info, err := fs.Stat(fsys, name)
	if err != nil {
		s.notFound(w, fsys, strings.TrimPrefix(r.URL.Path, "/"))
		return
	}
	h := w.Header()
	h.Set("Vary", "Cookie")
	h.Set("Cache-Control", "private, no-cache")
	h.Set("ETag", fmt.Sprintf(`"%x-%x"`, info.ModTime().UnixNano(), info.Size()))
	http.ServeFileFS(w, r, fsys, name)
}

// setMode answers /mode/elder and /mode/standard: it sets (or clears) the
// cookie and redirects to the page named by ?to=, a path on this site.
func (s *Server) setMode(w http.ResponseWriter, r *http.Request) {
	// Secure when the reader came over HTTPS, to this server or to the
	// proxy in front (deploy/nginx.conf sets X-Forwarded-Proto), so that
	// the cookie never travels in clear; not over plain HTTP (gazette serve
	// on an editor's machine), where a browser would drop it.
	c := &http.Cookie{Name: modeCookie, Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode,
		Secure: r.TLS != nil || r.Header.Get("X-Forwarded-Proto") == "https"}
	switch r.URL.Path {
	case "/mode/elder":
		c.Value, c.MaxAge = modeElder, modeMaxAge
	case "/mode/standard":
		c.MaxAge = -1
	default:
		g := s.acquire()
		defer g.release()
		s.notFound(w, g.files, strings.TrimPrefix(r.URL.Path, "/"))
		return
	}
	http.SetCookie(w, c)
	w.Header().Set("Cache-Control", "no-store")
	http.Redirect(w, r, localPath(r.URL.Query().Get("to")), http.StatusSeeOther)
}

// localPath returns to, escaped, when it is a path on this site, and "/"
// otherwise: the mode links must not redirect anywhere else.
func localPath(to string) string {
	u, err := url.Parse(to)
	if err != nil || u.Scheme != "" || u.Host != "" || u.Opaque != "" || !strings.HasPrefix(to, "/") ||
		strings.HasPrefix(to, "//") || strings.ContainsAny(to, "\\\r\n\x00") {
		return "/"
	}
	p := u.EscapedPath()
	if q := u.Query(); len(q) > 0 {
		p += "?" + q.Encode()
	}
	return p
}
