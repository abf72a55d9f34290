package feeds

import (
	"encoding/xml"
	"time"
)

// OPML 2.0 (http://opml.org/spec2.opml): one outline per group, one
// subscription per feed. Each feed is listed once, as RSS, the format every
// reader imports; listing all three would subscribe readers three times.
type opmlDoc struct {
	XMLName xml.Name    `xml:"opml"`
	Version string      `xml:"version,attr"`
	Head    opmlHead    `xml:"head"`
	Body    []opmlGroup `xml:"body>outline"`
}

type opmlHead struct {
	Title        string `xml:"title"`
	DateModified string `xml:"dateModified"`
	OwnerName    string `xml:"ownerName,omitempty"`
	Docs         string `xml:"docs"`
}

type opmlGroup struct {
	Text  string        `xml:"text,attr"`
	Feeds []opmlOutline `xml:"outline"`
}

type opmlOutline struct {
	Type     string `xml:"type,attr"`
	Text     string `xml:"text,attr"`
	Title    string `xml:"title,attr"`
	XMLURL   string `xml:"xmlUrl,attr"`
	HTMLURL  string `xml:"htmlUrl,attr"`
	Language string `xml:"language,attr,omitempty"`
}

func (b *builder) opml(specs []spec) ([]byte, error) {
	doc := opmlDoc{
		Version: "2.0",
		Head: opmlHead{
			Title:        clean(b.cfg.Title),
			DateModified: b.newest.Format(time.RFC1123Z),
			OwnerName:    clean(b.cfg.Organ.Name),
			Docs:         "http://opml.org/spec2.opml",
		},
	}
	for _, s := range specs {
		if len(doc.Body) == 0 || doc.Body[len(doc.Body)-1].Text != s.group {
			doc.Body = append(doc.Body, opmlGroup{Text: s.group})
		}
		g := &doc.Body[len(doc.Body)-1]
		home := absURL(b.cfg.BaseURL, s.base)
		g.Feeds = append(g.Feeds, opmlOutline{
			Type: "rss", Text: clean(s.title), Title: clean(s.title),
			XMLURL: home + "feed.xml", HTMLURL: home, Language: b.cfg.Language,
		})
	}
	return marshalXML(doc, 512*len(specs)+1024)
}
