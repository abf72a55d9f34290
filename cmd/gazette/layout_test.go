package main

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// The house's limits: a file a reader can hold in mind, a function that
// fits on a screen. A longer function says why in its doc comment, on a
// line that starts "Long:".
const (
	maxFileLines = 500
	maxFuncLines = 80
)

// moduleFiles parses every Go file of the module that is not a test, not
// generated and not under testdata or node_modules, by path from the
// module's root.
func moduleFiles(t *testing.T) (map[string]*ast.File, *token.FileSet) {
	t.Helper()
	root := filepath.Join("..", "..")
	fset := token.NewFileSet()
	files := map[string]*ast.File{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && p != root && (d.Name() == "testdata" || d.Name() == "node_modules" || strings.HasPrefix(d.Name(), ".")) {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, p, nil, parser.ParseComments)
		if err != nil {
			return err
		}
		if !ast.IsGenerated(f) {
			rel, _ := filepath.Rel(root, p)
			files[filepath.ToSlash(rel)] = f
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 100 {
		t.Fatalf("found %d Go files in the module", len(files))
	}
	return files, fset
}

// TestSizes: no file over maxFileLines and no function over maxFuncLines
// outside the tests, unless its doc comment says why.
func TestSizes(t *testing.T) {
	files, fset := moduleFiles(t)
	for p, f := range files {
		if n := fset.File(f.Pos()).LineCount(); n > maxFileLines {
			t.Errorf("%s: %d lines, more than %d: split it", p, n, maxFileLines)
		}
		for _, decl := range f.Decls {
			fd, ok := decl.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			n := fset.Position(fd.End()).Line - fset.Position(fd.Pos()).Line + 1
			if n > maxFuncLines && !strings.Contains(fd.Doc.Text(), "\nLong: ") && !strings.HasPrefix(fd.Doc.Text(), "Long: ") {
				t.Errorf("%s: %s is %d lines, more than %d: split it, or say why in its doc comment (Long: …)", p, fd.Name.Name, n, maxFuncLines)
			}
		}
	}
}

// TestImportFences: the server, the publisher and the console do without
// the build engine (serve and release read a generation through package
// disk; the publisher and the console are given their build); and Bleve's
// internals (its index and segment APIs, roaring bitmaps) are imported only
// behind search's fence, search/internal/store.
func TestImportFences(t *testing.T) {
	files, _ := moduleFiles(t)
	const fence = "cmd/gazette/internal/search/internal/store/"
	internals := []string{"github.com/blevesearch/bleve/v2/index/scorch", "github.com/blevesearch/scorch_segment_api",
		"github.com/blevesearch/bleve_index_api", "github.com/RoaringBitmap/roaring"}
	noBuild := []string{"cmd/gazette/internal/serve/", "cmd/gazette/internal/release/", "cmd/gazette/internal/console/"}
	checked := 0
	for p, f := range files {
		for _, imp := range f.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			for _, in := range internals {
				if strings.HasPrefix(path, in) && !strings.HasPrefix(p, fence) {
					t.Errorf("%s imports %s: only %s may", p, path, fence)
				}
			}
			for _, dir := range noBuild {
				if strings.HasPrefix(p, dir) {
					checked++
					if path == "gazette/cmd/gazette/internal/build" {
						t.Errorf("%s imports the build engine: read the generation through package disk, or take the build as an option", p)
					}
				}
			}
		}
	}
	if checked == 0 {
		t.Fatal("no imports of serve or release seen")
	}
}
