package build

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/gob"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"strings"

	"gazette/cmd/gazette/internal/content"
	"gazette/cmd/gazette/internal/publish"
	"gazette/cmd/gazette/internal/render"
	"gazette/cmd/gazette/internal/search"
)

// open reads the build caches, once per engine: the parsed content, the
// rendered bodies and the manifest of the live generation. What cannot be
// used is replaced by nothing, and e.notice says why. A complete build
// (Options.Full) starts from empty caches but leaves the files as they
// are: its save replaces them whole, so a build stopped before then
// leaves the last ones to the next.
func (e *Engine) open(lk *publish.Locked, live string) error {
	if e.opened {
		if e.live == nil && live != "" && !e.opt.Full {
			var why string
			if e.live, why = readManifest(live); why != "" {
				e.notice = "build cache: " + why
			}
		}
		return nil
	}
	prog, err := executableHash()
	if err != nil {
		return err
	}
	e.prog = prog
	dir := lk.CacheDir()
	e.cacheDir = dir
	var why []string
	if e.opt.Full {
		e.contents, e.unsaved = content.NewCache(), true
		if e.bodies, err = render.EmptyStore(dir, prog); err != nil {
			return err
		}
		e.opened = true
		return nil
	}
	c, err := content.ReadCache(filepath.Join(dir, "content"), prog)
	e.contents, e.unsaved = c, err != nil
	switch {
	case err == nil:
	case !errors.Is(err, fs.ErrNotExist):
		why = append(why, "the content cache: "+err.Error())
	case live != "":
		// A site built before has a cache: without it, nothing of the
		// live build can be trusted to be what its content makes.
		why = append(why, "the content cache is missing")
	}
	if e.bodies, err = render.OpenStore(dir, prog); err != nil {
		return err
	}
	if n := e.bodies.Notice(); n != "" {
		why = append(why, n)
	} else if e.bodies.Missing() && live != "" {
		why = append(why, "the rendered-body cache is missing")
	}
	if live != "" {
		var w string
		if e.live, w = readManifest(live); w != "" {
			why = append(why, w)
		}
	}
	if len(why) > 0 {
		// What made the live generation cannot be trusted either.
		e.notice = "build cache: " + strings.Join(why, "; ")
		e.live = nil
		e.full = true
	}
	e.opened = true
	return nil
}

// save writes the caches for the next process, each replacing the last
// one whole.
func (e *Engine) save(s *content.Site) error {
	live := make(map[string]bool, len(s.Documents))
	for _, d := range s.Documents {
		live[e.links.key(d)] = true
	}
	if err := e.bodies.Save(live); err != nil {
		return err
	}
	if e.factsChanged {
		if err := saveLawCache(e.cacheDir, e.prog, e.facts, s); err != nil {
			return err
		}
		e.factsChanged = false
	}
	if s.Parsed > 0 || e.unsaved {
		if err := e.contents.Save(filepath.Join(e.cacheDir, "content"), e.prog); err != nil {
			return err
		}
		e.unsaved = false
	}
	return nil
}

// A manifest is what a generation was made from: the key of the job that
// made each file, the hash of each index record, the site file the server
// reads. It is kept in the generation, beside public/ and index/.
type manifest struct {
	Files    map[string][32]byte
	Records  map[string]string
	SiteFile []byte
	Schedule []byte // Schedule.key
}

const manifestMagic = "gazette-manifest/1\n"

func newManifest(jobs []publish.Job, recs []search.Record, siteFile []byte, sc Schedule) *manifest {
	m := &manifest{Files: map[string][32]byte{}, Records: make(map[string]string, len(recs)), SiteFile: siteFile, Schedule: sc.key()}
	for _, j := range jobs {
		for _, p := range j.Paths {
			m.Files[p] = j.Key
		}
	}
	for _, r := range recs {
		m.Records[r.ID] = r.Hash
	}
	return m
}

// same reports whether two manifests describe the same site, index and
// schedule.
func (m *manifest) same(o *manifest) bool {
	return maps.Equal(m.Files, o.Files) && m.sameIndex(o) && bytes.Equal(m.Schedule, o.Schedule)
}

// holds reports whether every file of j is in m with j's key.
func (m *manifest) holds(j publish.Job) bool {
	for _, p := range j.Paths {
		if k, ok := m.Files[p]; !ok || k != j.Key {
			return false
		}
	}
	return true
}

func (m *manifest) sameIndex(o *manifest) bool {
	return maps.Equal(m.Records, o.Records) && bytes.Equal(m.SiteFile, o.SiteFile)
}

// write saves m in the generation dir, checked by its hash.
func (m *manifest) write(dir string) error {
	var buf bytes.Buffer
	buf.WriteString(manifestMagic)
	if err := gob.NewEncoder(&buf).Encode(m); err != nil {
		return fmt.Errorf("manifest: %w", err)
	}
	sum := sha256.Sum256(buf.Bytes())
	buf.Write(sum[:])
	tmp := filepath.Join(dir, ".manifest.tmp")
	if err := os.WriteFile(tmp, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("manifest: %w", err)
	}
	if err := os.Rename(tmp, filepath.Join(dir, "manifest")); err != nil {
		return fmt.Errorf("manifest: %w", err)
	}
	return nil
}

func removeManifest(dir string) error {
	if err := os.Remove(filepath.Join(dir, "manifest")); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("manifest: %w", err)
	}
	return nil
}

// readManifest reads the live generation's manifest, or returns nil and
// why when it cannot be trusted: then every file is made again.
func readManifest(dir string) (*manifest, string) {
	data, err := os.ReadFile(filepath.Join(dir, "manifest"))
	bad := func(why string) (*manifest, string) {
		return nil, "the live generation's manifest " + why + ": every file is made again"
	}
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return bad("is missing")
	case err != nil:
		return bad(err.Error())
	case len(data) < len(manifestMagic)+sha256.Size || !bytes.HasPrefix(data, []byte(manifestMagic)):
		return bad("is not one")
	}
	body, sum := data[:len(data)-sha256.Size], data[len(data)-sha256.Size:]
	if got := sha256.Sum256(body); !bytes.Equal(got[:], sum) {
		return bad("is damaged")
	}
	var m manifest
	if err := gob.NewDecoder(bytes.NewReader(body[len(manifestMagic):])).Decode(&m); err != nil {
		return bad("is damaged")
	}
	return &m, ""
}

// An indexing is a search.Build running into dir in the background.
type indexing struct {
	dir    string
	cancel context.CancelFunc
	done   chan struct{}
	st     search.Stats
	err    error
}

// startIndex starts building the index of recs into dir, from the index
// prev when there is one, then writes the server's files beside it.
// Cancel stops it; wait returns what it did.
func startIndex(ctx context.Context, prev, dir string, recs []search.Record, server serverFiles) *indexing {
	ctx, cancel := context.WithCancel(ctx)
	p := &indexing{dir: dir, cancel: cancel, done: make(chan struct{})}
	go func() {
		defer close(p.done)
		if recs == nil { // a site without search: only the site file
			p.err = os.MkdirAll(dir, 0o755)
		} else {
			p.st, p.err = search.Build(ctx, prev, dir, recs)
		}
		if p.err != nil {
			p.err = fmt.Errorf("search index: %w", p.err)
		} else {
			p.err = server.write(dir)
		}
	}()
	return p
}

func (p *indexing) wait() (search.Stats, error) {
	<-p.done
	p.cancel()
	return p.st, p.err
}

// serverFiles are what the server reads beside the index: the site's
// configuration and the schedule (see serve).
type serverFiles struct {
	site     []byte
	schedule Schedule
}

// write puts the files into an index directory, each replacing any older
// one in one rename. Replicas that may run as another user than the build
// read the whole directory, these files and Bleve's (which it makes 0600),
// so write leaves all of it readable, as publish does the site.
func (f serverFiles) write(dir string) error {
	for name, data := range map[string][]byte{SiteFile: f.site, ScheduleFile: f.schedule.file()} {
		tmp := filepath.Join(dir, "."+name+".tmp")
		if err := os.WriteFile(tmp, data, 0o644); err != nil {
			return fmt.Errorf("search index: %w", err)
		}
		if err := os.Rename(tmp, filepath.Join(dir, name)); err != nil {
			return fmt.Errorf("search index: %w", err)
		}
	}
	if err := publish.Readable(dir); err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	return nil
}
