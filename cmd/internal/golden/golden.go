// Package golden is the tests' one way to compare an output with a file
// under testdata/: Check compares, and with go test -update it rewrites
// the file instead. Tests that record something else on -update (the
// accessibility audit, the judged queries) ask Update.
package golden

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/ (and what else a package's tests record) instead of comparing with them")

// Update reports whether the tests run with -update.
func Update() bool { return *update }

// Check compares got with the golden file, or with -update writes got to
// it. A difference is an error of t showing the lines that differ.
func Check(t testing.TB, file string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(file, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (go test -update writes it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs (-want +got; go test -update rewrites it if intended):\n%s", file, Diff(string(want), string(got)))
	}
}

// maxCells bounds the table of Diff's longest common subsequence; larger
// files are compared line by line.
const maxCells = 1 << 22

// Diff shows the lines that differ between a and b, each marked - (only
// in a) or + (only in b), at most 40 of them.
func Diff(a, b string) string {
	x, y := strings.Split(a, "\n"), strings.Split(b, "\n")
	var out []string
	if len(x)*len(y) > maxCells {
		for i := range max(len(x), len(y)) {
			xl, yl := at(x, i), at(y, i)
			if xl != yl {
				out = append(out, fmt.Sprintf("line %d:\n- %s\n+ %s", i+1, xl, yl))
			}
		}
	} else {
		out = lcsDiff(x, y)
	}
	if len(out) > 40 {
		out = append(out[:40], fmt.Sprintf("… and %d more", len(out)-40))
	}
	return strings.Join(out, "\n")
}

func at(lines []string, i int) string {
	if i < len(lines) {
		return lines[i]
	}
	return ""
}

// lcsDiff is a line diff by the longest common subsequence of x and y.
func lcsDiff(x, y []string) []string {
	n, m := len(x), len(y)
	lcs := make([][]int, n+1)
	for i := range lcs {
		lcs[i] = make([]int, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if x[i] == y[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var out []string
	i, j := 0, 0
	for i < n || j < m {
		switch {
		case i < n && j < m && x[i] == y[j]:
			i, j = i+1, j+1
		case j < m && (i == n || lcs[i][j+1] >= lcs[i+1][j]):
			out = append(out, "+ "+y[j])
			j++
		default:
			out = append(out, "- "+x[i])
			i++
		}
	}
	return out
}
