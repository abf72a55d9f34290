// Package testenv is the tests' one rule for a tool or file the machine
// may lack (a browser, nginx, git, the corpus): under CI=true the test
// fails, because CI (.ci/run) must have it; elsewhere it skips, saying how
// to run it.
package testenv

import (
	"os"
	"testing"
)

// CI reports whether the tests run under CI (CI=true).
func CI() bool { return os.Getenv("CI") == "true" }

// Missing ends the test for a missing requirement: it fails with ci under
// CI, and skips with local elsewhere (what to install or set to run it).
func Missing(t testing.TB, ci, local string) {
	t.Helper()
	if CI() {
		t.Fatal(ci)
	}
	t.Skip(local)
}
