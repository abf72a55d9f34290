package build

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
)

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

// programHash is executableHash; a test stands a new version of gazette
// in for the running one by replacing it.
var programHash = executableHash

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
