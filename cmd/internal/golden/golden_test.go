package golden

import "testing"

func TestDiff(t *testing.T) {
	got := Diff("a\nb\nc\n", "a\nc\nd\n")
	if want := "- b\n+ d"; got != want {
		t.Errorf("Diff = %q, want %q", got, want)
	}
	if got := Diff("same", "same"); got != "" {
		t.Errorf("Diff of equal texts = %q", got)
	}
}
