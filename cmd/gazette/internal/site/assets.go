package site

import (
	"html/template"
	"net/url"
	"strings"

	"gazette/cmd/gazette/internal/publish"
)

// assets are the files that ship with the templates and are published as
// they are: source name in the template set, path in the site.
var assets = [][2]string{
	{"style.css", "assets/style.css"},
	{"standard.css", "assets/standard.css"},
	{"elder.css", "assets/elder.css"},
	// mode.css is the reading mode's stylesheet. gazette serve (and the
	// nginx lines in docs/deploying.md) answer it with standard.css or elder.css by
	// the reader's cookie; a host that cannot vary it serves this copy, the
	// standard mode.
	{"standard.css", "assets/mode.css"},
	{"site.js", "assets/site.js"},
	{"prefs.js", "assets/prefs.js"},
	{"cursor.svg", "assets/cursor.svg"},
	{"cursor-link.svg", "assets/cursor-link.svg"},
	{"favicon.svg", "favicon.svg"},
	{"favicon.ico", "favicon.ico"},
}

// modeHref is the header's link to a reading mode ("elder" or "standard"),
// back to the page at path: /mode/elder?to=/gazette/. The slashes of the
// path stay as they are, so that a web server without gazette serve can
// check that "to" is a path on the site (see docs/deploying.md, nginx).
func modeHref(mode, path string) template.URL {
	to := strings.ReplaceAll(url.QueryEscape(path), "%2F", "/")
	return template.URL("/mode/" + url.PathEscape(mode) + "?to=" + to)
}

// assetFiles reads the assets from the template set.
func (t *Templates) assetFiles() ([]publish.File, error) {
	files := make([]publish.File, 0, len(assets))
	for _, a := range assets {
		b, err := t.Asset(a[0])
		if err != nil {
			return nil, err
		}
		files = append(files, publish.File{Path: a[1], Data: b})
	}
	return files, nil
}
