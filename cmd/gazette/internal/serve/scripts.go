package serve

import (
	"bytes"
	"net/http"
	"strings"

	"gazette/cmd/gazette/internal/script"
	"gazette/cmd/gazette/internal/search"
	"gazette/cmd/gazette/internal/zh"
)

// inScript serves a search endpoint in the script of the part of the site
// the request came from: under root ("/zh-hans") the copy in the other
// script, at "" the site's own — where hits written in the other script are
// shown converted, as its pages show them. /api/search takes the script as
// its script parameter instead, and without one answers each hit as it is
// written. 文號 and URLs are left as they are, as on the pages (see
// package script).
func (s *Server) inScript(root string, h http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		g := s.acquire()
		cfg := g.cfg
		g.release()
		lang, copyRoot := cfg.Language, ""
		switch {
		case root != "":
			if !cfg.BothScripts || script.Roots[script.Other(cfg.Language)] != root {
				s.static(w, r)
				return
			}
			lang, copyRoot = script.Other(cfg.Language), root
			r = r.Clone(r.Context())
			r.URL.Path = strings.TrimPrefix(r.URL.Path, root)
			r.URL.RawPath = ""
		case r.URL.Path == "/api/search" && r.URL.Query().Get("script") != "":
			want := r.URL.Query().Get("script")
			if want != "zh-Hant" && want != "zh-Hans" {
				apiError(w, http.StatusBadRequest, &search.QueryError{Param: "script", Value: want, Msg: "want zh-Hant or zh-Hans"})
				return
			}
			if want != cfg.Language && cfg.BothScripts {
				copyRoot = script.Roots[want]
			}
			lang = want
		case r.URL.Path == "/api/search":
			h(w, r)
			return
		}
		conv, err := zh.To(lang)
		if err != nil {
			h(w, r)
			return
		}
		c := &script.Copy{Lang: lang, Root: copyRoot, BaseURL: cfg.BaseURL, Text: conv.String}
		rec := &recorder{header: http.Header{}, code: http.StatusOK}
		h(rec, r)
		body := rec.body.Bytes()
		if ct := rec.header.Get("Content-Type"); rec.code < 300 || strings.HasPrefix(ct, "text/html") {
			var out []byte
			switch {
			case strings.HasPrefix(ct, "text/html"):
				out, err = c.HTML(body)
			case strings.HasPrefix(ct, "application/json"):
				out, err = c.JSON(body)
			case strings.HasPrefix(ct, "application/atom+xml"):
				out, err = c.XML(body)
			default:
				out = body
			}
			if err == nil {
				body = out
			}
		}
		for k, v := range rec.header {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.code)
		w.Write(body)
	})
}

// recorder keeps a response to convert it before it is sent.
type recorder struct {
	header http.Header
	body   bytes.Buffer
	code   int
	wrote  bool
}

func (r *recorder) Header() http.Header { return r.header }

func (r *recorder) WriteHeader(code int) {
	if !r.wrote {
		r.code, r.wrote = code, true
	}
}

func (r *recorder) Write(b []byte) (int, error) {
	r.wrote = true
	return r.body.Write(b)
}
