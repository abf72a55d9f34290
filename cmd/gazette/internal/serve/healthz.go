package serve

import (
	"encoding/json"
	"net/http"
	"path/filepath"
	"strconv"
	"time"

	"gazette/cmd/gazette/internal/build"
	"gazette/cmd/gazette/internal/publish"
)

// PageMaxAge is how long a page or file may be cached, by a browser, a CDN
// or nginx: short, because a scheduled release must not wait behind a cached
// home page or list for longer than the one-minute publishing target allows.
const PageMaxAge = 60 * time.Second

var pageCache = "public, max-age=" + strconv.Itoa(int(PageMaxAge/time.Second))

// OverdueAfter is how late a due change may be before /healthz fails: the
// publisher builds every minute and a build takes a few more, so five
// minutes late is a publisher that is not running or a build that fails.
const OverdueAfter = 5 * time.Minute

// health is the body of GET /healthz.
type health struct {
	Status     string    `json:"status"` // "ok", "overdue" or "search unavailable"
	Generation string    `json:"generation"`
	BuiltAt    *string   `json:"built_at"`
	Documents  int       `json:"documents"`
	NextDue    *string   `json:"next_due"`
	Overdue    []overdue `json:"overdue"`
	Search     string    `json:"search"` // "ok", or why the index cannot be opened
}

// overdue is a change due more than OverdueAfter ago that the live
// generation lacks. A publication is named by its id only (gazette schedule
// prints it beside the file): the generation holds nothing else of it.
type overdue struct {
	Kind string `json:"kind"`
	ID   string `json:"id"`
	Due  string `json:"due"`
	URL  string `json:"url,omitempty"`
}

// healthz answers 200 when the live generation lacks nothing that was due
// more than OverdueAfter ago and its index opens, 503 otherwise, with the
// details as JSON either way. Load balancers and monitors poll it; it is
// never cached.
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	g := s.acquire()
	defer g.release()
	now := s.opt.Clock()
	h := health{Status: "ok", Generation: generationOf(s.opt.Public), Search: "ok", Overdue: []overdue{}}
	code := http.StatusOK
	loc := g.cfg.Location
	if sc, err := build.ReadSchedule(s.opt.Index); err == nil {
		b := sc.BuiltAt.In(loc).Format(time.RFC3339)
		h.BuiltAt, h.Documents = &b, sc.Documents
		for _, p := range sc.Pending {
			if h.NextDue == nil {
				n := p.At.In(loc).Format(time.RFC3339)
				h.NextDue = &n
			}
			if now.Sub(p.At) > OverdueAfter {
				h.Overdue = append(h.Overdue, overdue{Kind: p.Kind, ID: p.ID, Due: p.At.In(loc).Format(time.RFC3339), URL: p.URL})
			}
		}
	} else {
		s.opt.Log.Warn("healthz: no schedule in the index", "err", err)
	}
	if len(h.Overdue) > 0 {
		h.Status, code = "overdue", http.StatusServiceUnavailable
	}
	if g.ix == nil {
		h.Search, h.Status, code = "unavailable", "search unavailable", http.StatusServiceUnavailable
		if g.err != nil {
			h.Search = g.err.Error()
		}
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	_ = enc.Encode(h)
}

// generationOf names the live generation: its folder under .gazette/ when
// public/ is the usual link into it.
func generationOf(public string) string {
	if p, err := filepath.EvalSymlinks(public); err == nil {
		gen := filepath.Dir(p)
		if filepath.Base(filepath.Dir(gen)) == publish.StoreDir {
			return filepath.Base(gen)
		}
	}
	return ""
}
