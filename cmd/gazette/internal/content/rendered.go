package content

import (
	"fmt"
	"html/template"
	"os"
	"sync"
)

// A document's rendered body (its HTML and its plain text) is filled in by
// the render stage and read by its page, the feeds that show it and the
// search index. A small build keeps it in the Document; a large one would
// hold every body of the archive that way, so gazette build and the watcher
// keep bodies in a Bodies file instead, written once as each is rendered
// and read back by whoever needs one.

// SetRendered gives d its rendered body, kept in memory.
func (d *Document) SetRendered(html template.HTML, text string) {
	d.html, d.text, d.kept = html, text, Kept{}
}

// SetKept gives d the rendered body k, kept in a Bodies file.
func (d *Document) SetKept(k Kept) {
	d.html, d.text, d.kept = "", "", k
}

// Kept is where d's rendered body is kept, or the zero Kept when it is in
// memory or not rendered.
func (d *Document) Kept() Kept { return d.kept }

// HTML is the rendered body.
func (d *Document) HTML() (template.HTML, error) {
	if d.kept.b == nil {
		return d.html, nil
	}
	b, err := d.kept.read(0, d.kept.html)
	return template.HTML(b), err
}

// Text is the body as plain text, for summaries, feeds and search.
func (d *Document) Text() (string, error) {
	if d.kept.b == nil {
		return d.text, nil
	}
	b, err := d.kept.read(int64(d.kept.html), d.kept.text)
	return string(b), err
}

// Bodies is a file of rendered bodies. It is unlinked as soon as it is
// created, so that it goes away with the process however that ends, or
// sooner, when Close is called or nothing refers to it any more (an open
// os.File closes itself then). It is safe for use by several goroutines at
// once.
type Bodies struct {
	f   *os.File
	mu  sync.Mutex
	end int64
}

// Kept is where a body is in a Bodies file. Its zero value is no body.
type Kept struct {
	b          *Bodies
	off        int64
	html, text int // lengths in bytes
}

// NewBodies creates a Bodies file in dir.
func NewBodies(dir string) (*Bodies, error) {
	f, err := os.CreateTemp(dir, ".bodies-*")
	if err != nil {
		return nil, fmt.Errorf("keeping rendered bodies: %w", err)
	}
	os.Remove(f.Name())
	return &Bodies{f: f}, nil
}

// Keep writes a rendered body to b.
func (b *Bodies) Keep(html template.HTML, text string) (Kept, error) {
	k := Kept{b: b, html: len(html), text: len(text)}
	buf := make([]byte, 0, k.html+k.text)
	buf = append(append(buf, html...), text...)
	b.mu.Lock()
	k.off = b.end
	b.end += int64(len(buf))
	b.mu.Unlock()
	if _, err := b.f.WriteAt(buf, k.off); err != nil {
		return Kept{}, fmt.Errorf("keeping rendered bodies: %w", err)
	}
	return k, nil
}

// Close closes (and so removes) b; no body kept in it can be read after.
func (b *Bodies) Close() error { return b.f.Close() }

func (k Kept) read(at int64, n int) ([]byte, error) {
	buf := make([]byte, n)
	if _, err := k.b.f.ReadAt(buf, k.off+at); err != nil {
		return nil, fmt.Errorf("reading a rendered body back: %w", err)
	}
	return buf, nil
}
