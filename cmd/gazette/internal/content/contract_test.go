package content

import (
	"slices"
	"testing"
)

// Fields is the decoder's contract: every field it names is accepted for the
// kind, and a document missing a required one is refused.
func TestFieldsAreTheContract(t *testing.T) {
	fs := Fields(KindGazette)
	if len(fs) < 20 || !slices.ContainsFunc(fs, func(f Field) bool { return f.Name == "doc_number" && !f.Required }) ||
		!slices.ContainsFunc(fs, func(f Field) bool { return f.Name == "organ" && f.Required }) {
		t.Fatalf("Fields(KindGazette) = %+v", fs)
	}
	if slices.ContainsFunc(Fields(KindPage), func(f Field) bool { return f.Name == "date" }) {
		t.Error("a page takes a date")
	}
	if !slices.ContainsFunc(Fields(KindNews), func(f Field) bool { return f.Name == "interprets" }) {
		t.Error("a news item does not take interprets")
	}
}
