package e2e

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"gazette/cmd/internal/testenv"
)

// npmTool returns the path of a file of a pinned npm package (testdata/
// package.json, installed by `npm ci` in testdata) and the node binary to
// run it with. Without them the test skips with how to install them, except
// under CI=true, where it fails: .ci/run installs them.
func npmTool(t *testing.T, rel string) (node, path string) {
	t.Helper()
	path = filepath.Join("testdata", "node_modules", filepath.FromSlash(rel))
	node, err := exec.LookPath("node")
	if err == nil {
		_, err = os.Stat(path)
	}
	if err != nil {
		testenv.Missing(t, fmt.Sprintf("%v: .ci/run must install node and run npm ci in cmd/gazette/internal/e2e/testdata", err), fmt.Sprintf("%v: install node and npm, then run npm ci in cmd/gazette/internal/e2e/testdata", err))
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		t.Fatal(err)
	}
	return node, abs
}
