package build

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"sync"

	"gazette/cmd/gazette/internal/content"
)

// StampFile, in the index directory, fingerprints the inputs of the build
// that made it. A build whose inputs have the same fingerprint as the live
// build's would write the same bytes, so it stops there: a no-change
// rebuild costs a load of the content, not a build.
const StampFile = "inputs.sha256"

// inputStamp fingerprints everything the output depends on: the program
// itself, site.yaml and every content file, the templates, the drafts
// option, and what the clock decides — which documents are published and
// their validity (an expiry or an embargo changes it without any file
// changing).
func inputStamp(opt Options, s *content.Site) (string, error) {
	h := sha256.New()
	field := func(parts ...string) {
		for _, p := range parts {
			h.Write([]byte(strconv.Itoa(len(p))))
			h.Write([]byte{':'})
			h.Write([]byte(p))
		}
	}
	exe, err := executableHash()
	if err != nil {
		return "", err
	}
	field("program", exe, "drafts", strconv.FormatBool(opt.Drafts))
	docs := map[string]string{}
	for _, d := range s.All {
		docs[d.Path] = d.Hash
	}
	for _, tree := range []struct {
		name string
		fsys fs.FS
	}{{"content", opt.Content}, {"templates", opt.Templates}} {
		err := fs.WalkDir(tree.fsys, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			if hash, ok := docs[p]; ok && tree.name == "content" {
				field(tree.name, p, hash)
				return nil
			}
			sum, err := fileHash(tree.fsys, p)
			field(tree.name, p, sum)
			return err
		})
		if err != nil {
			return "", err
		}
	}
	for _, d := range s.Documents {
		field("published", d.Path, d.Validity)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

func fileHash(fsys fs.FS, p string) (string, error) {
	f, err := fsys.Open(p)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

var (
	exeOnce sync.Once
	exeSum  string
	exeErr  error
)

// executableHash fingerprints the running program, so that a new version
// of gazette never mistakes the last build's output for its own.
func executableHash() (string, error) {
	exeOnce.Do(func() {
		var p string
		if p, exeErr = os.Executable(); exeErr == nil {
			exeSum, exeErr = fileHash(os.DirFS(filepath.Dir(p)), filepath.Base(p))
		}
	})
	return exeSum, exeErr
}

// upToDate reports whether the live build has the inputs stamp and its
// site is in place.
func upToDate(opt Options, stamp string) bool {
	b, err := os.ReadFile(filepath.Join(opt.Index, StampFile))
	if err != nil || string(b) != stamp {
		return false
	}
	_, err = os.Stat(filepath.Join(opt.Public, "index.html"))
	return err == nil
}
