package edition

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

// Cache keeps made PDFs between builds, content-addressed: <key>.pdf and
// <key>.json (its size, page count and each document's first page) in one
// directory, which the program owns (it is under .gazette/), the key being
// a PrintKey; and <key>.alias, from a build's Key to the PrintKey of the
// PDF those inputs made. A build links
// a cached PDF into its generation instead of making it again. An entry is
// written whole or not at all (each file is renamed into place, the .json
// last), and one whose PDF does not have the size its .json gives is a miss.
type Cache struct{ dir string }

// OpenCache uses dir, which need not exist yet.
func OpenCache(dir string) *Cache { return &Cache{dir: dir} }

// Stored is a PDF in the cache.
type Stored struct {
	Path   string `json:"-"` // the PDF file: link it, never write to it
	Size   int64  `json:"bytes"`
	Pages  int    `json:"pages"`
	Starts []int  `json:"starts"`
}

// Get returns the PDF of key, made for an issue of docs documents.
func (c *Cache) Get(key string, docs int) (Stored, bool) {
	var s Stored
	data, err := os.ReadFile(filepath.Join(c.dir, key+".json"))
	if err != nil || json.Unmarshal(data, &s) != nil || len(s.Starts) != docs || s.Pages <= 0 {
		return Stored{}, false
	}
	s.Path = filepath.Join(c.dir, key+".pdf")
	info, err := os.Stat(s.Path)
	if err != nil || info.Size() != s.Size {
		return Stored{}, false
	}
	// One stored without pdfMode would be published without it, in every
	// generation that links it.
	if info.Mode().Perm() != pdfMode && os.Chmod(s.Path, pdfMode) != nil {
		return Stored{}, false
	}
	return s, true
}

// Put stores a made PDF under key.
func (c *Cache) Put(key string, ed *Edition) (Stored, error) {
	if err := os.MkdirAll(c.dir, 0o755); err != nil {
		return Stored{}, fmt.Errorf("issue PDF cache: %w", err)
	}
	s := Stored{Path: filepath.Join(c.dir, key+".pdf"), Size: int64(len(ed.PDF)), Pages: ed.Pages, Starts: ed.Starts}
	meta, err := json.Marshal(s)
	if err != nil {
		return Stored{}, err
	}
	if err := c.write(key+".pdf", ed.PDF); err != nil {
		return Stored{}, err
	}
	if err := c.write(key+".json", meta); err != nil {
		return Stored{}, err
	}
	return s, nil
}

// Alias records that the PDF of the build's key from (Key) is the one
// stored under to (PrintKey): the next build with the same inputs finds it
// without making the print HTML again.
func (c *Cache) Alias(from, to string) error {
	if err := os.MkdirAll(c.dir, 0o755); err != nil {
		return fmt.Errorf("issue PDF cache: %w", err)
	}
	return c.write(from+".alias", []byte(to))
}

// Aliased is the key Alias recorded for from, if any.
func (c *Cache) Aliased(from string) (string, bool) {
	data, err := os.ReadFile(filepath.Join(c.dir, from+".alias"))
	if err != nil || !keyName.Match(data) {
		return "", false
	}
	return string(data), true
}

var keyName = regexp.MustCompile(`^[0-9a-f]{64}$`)

// pdfMode is that of every file of the cache: a PDF is hard-linked into
// the site as it is, and the web server may run as another user than the
// build (CreateTemp makes files 0600).
const pdfMode = 0o644

func (c *Cache) write(name string, data []byte) error {
	f, err := os.CreateTemp(c.dir, ".tmp-"+name+"-*")
	if err != nil {
		return fmt.Errorf("issue PDF cache: %w", err)
	}
	err = f.Chmod(pdfMode)
	if err == nil {
		_, err = f.Write(data)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), filepath.Join(c.dir, name))
	}
	if err != nil {
		os.Remove(f.Name())
		return fmt.Errorf("issue PDF cache: %w", err)
	}
	return nil
}

// entryName matches the files Put and Cover write, and what an interrupted
// one leaves.
var entryName = regexp.MustCompile(`^(\.tmp-)?[0-9a-f]{64}\.(pdf|json|pages|png|alias)(-[0-9]+)?$`)

// CoverWidth and CoverHeight are the size of a drawn cover, in pixels: an
// A4 page 300 wide, twice the size the issue page shows it.
const CoverWidth, CoverHeight = 300, 424

// CoverKey is the key of the drawing of the cover of the PDF of key: the
// PDF's key and the drawing program's version.
func (e *Engine) CoverKey(key string) string {
	sum := sha256.Sum256([]byte("cover\x00" + key + "\x00" + e.poppler))
	return hex.EncodeToString(sum[:])
}

// Cover draws the first page of the PDF at pdf as a PNG image
// CoverWidth wide, kept in the cache as <key>.png (key from CoverKey), and
// returns its path; a drawing kept from before is not made again.
func (c *Cache) Cover(ctx context.Context, e *Engine, key, pdf string) (string, error) {
	out := filepath.Join(c.dir, key+".png")
	if info, err := os.Stat(out); err == nil && info.Size() > 0 {
		return out, nil
	}
	if err := os.MkdirAll(c.dir, 0o755); err != nil {
		return "", fmt.Errorf("issue PDF cache: %w", err)
	}
	tmp, err := os.MkdirTemp(c.dir, ".tmp-"+key+".png-")
	if err != nil {
		return "", fmt.Errorf("issue PDF cache: %w", err)
	}
	defer os.RemoveAll(tmp)
	cmd := exec.CommandContext(ctx, e.pdftoppm, "-f", "1", "-l", "1", "-singlefile", "-png",
		"-scale-to-x", strconv.Itoa(CoverWidth), "-scale-to-y", strconv.Itoa(CoverHeight), pdf, filepath.Join(tmp, "cover"))
	if b, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("drawing the cover: %v %s", err, lastLine(string(b)))
	}
	if err := os.Rename(filepath.Join(tmp, "cover.png"), out); err != nil {
		return "", fmt.Errorf("issue PDF cache: %w", err)
	}
	return out, nil
}

// Pages is the page count of a PDF an editor gives (pdf: in an issue's
// index.md), at path p in fsys, or 0 when it cannot be read; it is read
// once for each version of the file (by path, size and time) and kept in
// the cache under the key returned, for Keep. Reading a large scan takes
// longer than a build that changes nothing should.
func (c *Cache) Pages(fsys fs.FS, p string) (pages int, key string) {
	info, err := fs.Stat(fsys, p)
	if err != nil {
		return 0, ""
	}
	sum := sha256.Sum256(fmt.Appendf(nil, "given PDF\x00%s\x00%d\x00%d", p, info.Size(), info.ModTime().UnixNano()))
	key = hex.EncodeToString(sum[:])
	if data, err := os.ReadFile(filepath.Join(c.dir, key+".pages")); err == nil {
		if n, err := strconv.Atoi(string(data)); err == nil {
			return n, key
		}
	}
	f, err := fsys.Open(p)
	if err != nil {
		return 0, key
	}
	defer f.Close()
	if rs, ok := f.(io.ReadSeeker); ok {
		if info, err := Inspect(rs); err == nil {
			pages = info.Pages
		}
	}
	if os.MkdirAll(c.dir, 0o755) == nil {
		c.write(key+".pages", []byte(strconv.Itoa(pages))) // a count not kept is read again next time
	}
	return pages, key
}

// Keep removes every entry but those of keys: a build keeps what it used.
// A generation that linked a PDF keeps its own link to it.
func (c *Cache) Keep(keys map[string]bool) error {
	entries, err := os.ReadDir(c.dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("issue PDF cache: %w", err)
	}
	var errs []error
	for _, e := range entries {
		name := e.Name()
		if !entryName.MatchString(name) {
			continue
		}
		key, _, _ := strings.Cut(strings.TrimPrefix(name, ".tmp-"), ".")
		if !keys[key] || strings.HasPrefix(name, ".tmp-") {
			if err := os.RemoveAll(filepath.Join(c.dir, name)); err != nil && !errors.Is(err, fs.ErrNotExist) {
				errs = append(errs, err)
			}
		}
	}
	return errors.Join(errs...)
}
