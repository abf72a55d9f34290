// Package editiontest gives tests WeasyPrint and poppler's tools. Without
// them a test skips with a message saying what to install, except under
// CI=true, where it fails: .ci/run installs them.
package editiontest

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"testing"

	"gazette/cmd/gazette/internal/edition"
	"gazette/cmd/internal/testenv"
)

// Engine starts WeasyPrint for one test.
func Engine(t testing.TB) *edition.Engine {
	t.Helper()
	e, err := edition.Start(context.Background(), "")
	if errors.Is(err, edition.ErrNoEngine) {
		missing(t, err.Error())
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(e.Close)
	return e
}

// Tool returns the path of a poppler-utils command (pdftotext, pdfinfo,
// pdffonts, pdftoppm).
func Tool(t testing.TB, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		missing(t, "no "+name+": install Debian's poppler-utils to read the issue PDFs as a reader would")
	}
	return p
}

func missing(t testing.TB, msg string) {
	t.Helper()
	testenv.Missing(t, fmt.Sprintf("%s (.ci/run must install it)", msg), msg)
}
