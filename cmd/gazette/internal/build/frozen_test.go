package build

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"gazette/cmd/gazette/internal/content"
	"gazette/templates"
)

// TestBuildLeavesDocumentsAsLoaded: no stage after loading changes a
// loaded Document. What the build learns of one — its summary, its length,
// its issue's PDF and the page of it the document starts on — it keeps
// apart (content.Facts), so each document of the engine's last build is
// field for field what a fresh load of the same tree gives.
func TestBuildLeavesDocumentsAsLoaded(t *testing.T) {
	out := t.TempDir()
	opt := Options{Content: os.DirFS(sampleDir), ContentRoot: "content", Templates: templates.FS,
		Public: filepath.Join(out, "public"), Index: filepath.Join(out, "index"), Now: sampleTime}
	e := New(opt)
	defer e.Close()
	ctx := context.Background()
	if _, err := e.Build(ctx); err != nil {
		t.Fatal(err)
	}
	fresh, err := content.Load(ctx, opt.Content, content.Options{Now: opt.Now, Root: "content", LeaveBodies: true})
	if err != nil {
		t.Fatal(err)
	}
	built := map[string]*content.Document{}
	for _, d := range e.Site().All {
		built[d.Path] = d
	}
	if len(fresh.All) < 20 || len(built) != len(fresh.All) {
		t.Fatalf("a fresh load has %d documents, the build %d", len(fresh.All), len(built))
	}
	for _, d := range fresh.All {
		b, ok := built[d.Path]
		if !ok {
			t.Errorf("%s: not in the build", d.Path)
			continue
		}
		if got, want := fields(b), fields(d); got != want {
			t.Errorf("%s changed after it was loaded:\n got %s\nwant %s", d.Path, got, want)
		}
	}
}

// fields writes out every field of d: the documents it points to by their
// paths, anything else by its value.
func fields(d *content.Document) string {
	var b strings.Builder
	v := reflect.ValueOf(d).Elem()
	for i := range v.NumField() {
		f, name := v.Field(i), v.Type().Field(i).Name
		if !v.Type().Field(i).IsExported() {
			continue
		}
		fmt.Fprintf(&b, "%s=%s ", name, value(f))
	}
	return b.String()
}

func value(f reflect.Value) string {
	doc := reflect.TypeFor[*content.Document]()
	switch {
	case f.Type() == doc:
		if f.IsNil() {
			return "nil"
		}
		return f.Interface().(*content.Document).Path
	case f.Kind() == reflect.Slice && f.Type().Elem() == doc:
		var paths []string
		for j := range f.Len() {
			paths = append(paths, value(f.Index(j)))
		}
		return "[" + strings.Join(paths, " ") + "]"
	case f.Kind() == reflect.Pointer && !f.IsNil():
		return fmt.Sprintf("&%+v", f.Elem().Interface())
	}
	return fmt.Sprintf("%+v", f.Interface())
}
