package disk

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
)

// LiveGeneration is the folder of the generation the link public leads
// to, holding its public and index.
func LiveGeneration(public string) (string, bool) {
	p, err := filepath.EvalSymlinks(public)
	if err != nil {
		return "", false
	}
	gen := filepath.Dir(p)
	if _, err := os.Stat(filepath.Join(gen, "public", "index.html")); err != nil {
		return "", false
	}
	return gen, true
}

// A Manifest is what a generation was made from: the key of the job that
// made each file, the hash of each index record, the site file the server
// reads. It is kept in the generation, beside public/ and index/.
type Manifest struct {
	Files    map[string][32]byte
	Records  map[string]string
	SiteFile []byte
	Schedule []byte // Schedule.Key
}

const (
	manifestName  = "manifest"
	manifestMagic = "gazette-manifest/1\n"
)

// Same reports whether two manifests describe the same site, index and
// schedule.
func (m *Manifest) Same(o *Manifest) bool {
	return maps.Equal(m.Files, o.Files) && m.SameIndex(o) && bytes.Equal(m.Schedule, o.Schedule)
}

// SameIndex reports whether two manifests describe the same index and
// site file.
func (m *Manifest) SameIndex(o *Manifest) bool {
	return maps.Equal(m.Records, o.Records) && bytes.Equal(m.SiteFile, o.SiteFile)
}

// Holds reports whether every one of paths is in m with key.
func (m *Manifest) Holds(paths []string, key [32]byte) bool {
	for _, p := range paths {
		if k, ok := m.Files[p]; !ok || k != key {
			return false
		}
	}
	return true
}

// Write saves m in the generation dir, as a checked file.
func (m *Manifest) Write(dir string) error {
	if err := WriteGob(filepath.Join(dir, manifestName), manifestMagic, m); err != nil {
		return fmt.Errorf("manifest: %w", err)
	}
	return nil
}

// RemoveManifest removes the manifest of the generation dir, so that a
// build stopped while it changes the generation leaves one that is not
// trusted.
func RemoveManifest(dir string) error {
	if err := os.Remove(filepath.Join(dir, manifestName)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("manifest: %w", err)
	}
	return nil
}

// ReadManifest reads the manifest of the generation dir, or returns nil
// and why when it cannot be trusted: then every file is made again.
func ReadManifest(dir string) (*Manifest, string) {
	var m Manifest
	err := ReadGob(filepath.Join(dir, manifestName), manifestMagic, &m)
	why := ""
	switch {
	case err == nil:
		return &m, ""
	case errors.Is(err, fs.ErrNotExist):
		why = "is missing"
	case errors.Is(err, ErrNotOne):
		why = "is not one"
	case errors.Is(err, ErrDamaged):
		why = "is damaged"
	default:
		why = err.Error()
	}
	return nil, "the live generation's manifest " + why + ": every file is made again"
}
