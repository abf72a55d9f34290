package feeds

import (
	"html"
	"net/url"
	"regexp"
	"strings"
)

// attrRe finds the href and src attributes of the rendered body. It may
// scan the HTML as text because the renderer (goldmark) writes every
// attribute double-quoted and escapes every '"' in text and attribute
// values as &quot;: the sequence ` href="` can only open an attribute.
// The leading space keeps data-href and the like out.
var attrRe = regexp.MustCompile(`\s(?:href|src)="[^"]*"`)

// schemeRe matches a URL that names its scheme (https:, mailto:, data:…);
// such a URL is left as written.
var schemeRe = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.\-]*:`)

// absolutize rewrites the links and images of a rendered body so they work
// in a feed reader, which knows neither the site nor the page: a
// site-absolute path ("/gazette/…") is taken against baseURL (the site may
// live under a path), and a relative one ("a.pdf", "../x/", "#fn-1") against
// page, the absolute URL of the document.
func absolutize(body, baseURL, page string) string {
	if !strings.Contains(body, `href="`) && !strings.Contains(body, `src="`) {
		return body
	}
	pageURL, err := url.Parse(page)
	if err != nil {
		return body
	}
	return attrRe.ReplaceAllStringFunc(body, func(attr string) string {
		name, value, _ := strings.Cut(attr, `="`)
		value = strings.TrimSuffix(value, `"`)
		abs := resolve(html.UnescapeString(value), baseURL, pageURL)
		return name + `="` + html.EscapeString(abs) + `"`
	})
}

func resolve(ref, baseURL string, page *url.URL) string {
	ref = strings.TrimSpace(ref)
	switch {
	case schemeRe.MatchString(ref):
		return ref
	case strings.HasPrefix(ref, "//"):
		return page.Scheme + ":" + ref
	case strings.HasPrefix(ref, "/"):
		return baseURL + ref[1:]
	}
	u, err := url.Parse(ref)
	if err != nil {
		return ref
	}
	return page.ResolveReference(u).String()
}
