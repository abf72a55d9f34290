package content

import (
	"bytes"
	"io/fs"
	"net/url"
	"path"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
)

// An image in the body that names a file beside the Markdown is published
// with the document, at the address the reader's browser resolves it to
// (the page's URL and the name), without being listed as an attachment: it
// is part of the text, as Decap CMS and every Markdown editor write it
// (![說明](photo.png), the file uploaded beside). Only files under content/
// are ever candidates, and never a link (see linkError).

var imageParser = goldmark.DefaultParser()

// bodyImages is the bare file names the body shows as images, in order,
// each once. Bodies without "![" are not parsed: most have no image.
func bodyImages(body []byte) []string {
	if !bytes.Contains(body, []byte("![")) {
		return nil
	}
	var names []string
	seen := map[string]bool{}
	doc := imageParser.Parse(text.NewReader(body))
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		img, ok := n.(*ast.Image)
		if !entering || !ok {
			return ast.WalkContinue, nil
		}
		u, err := url.Parse(string(img.Destination))
		if err != nil || u.Scheme != "" || u.Host != "" || u.Path == "" || strings.Contains(u.Path, "/") || seen[u.Path] {
			return ast.WalkContinue, nil
		}
		seen[u.Path] = true
		names = append(names, u.Path)
		return ast.WalkContinue, nil
	})
	return names
}

// image is the body image name of d as a published file, if it is a file
// beside d that attachments does not already publish. A missing one is
// check's to report, at its line in the body.
func (l *linker) image(d *Document, dir, name string) (Attachment, bool) {
	if strings.HasPrefix(name, ".") || strings.HasSuffix(name, ".md") || strings.Contains(name, `\`) {
		return Attachment{}, false
	}
	for _, a := range d.Attachments {
		if a.Name == name {
			return Attachment{}, false
		}
	}
	p := path.Join(dir, name)
	info, err := fs.Lstat(l.fsys, p)
	if err != nil || !info.Mode().IsRegular() {
		return Attachment{}, false
	}
	return published(d, name, p, info.Size()), true
}
