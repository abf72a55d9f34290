package zh

import (
	"io"
	"strings"
	"testing"

	"github.com/longbridgeapp/opencc"

	"gazette/cmd/gazette/internal/testcorpus"
)

// TestConverterMatchesOpenCCOnCorpus checks the fast t2s converter against
// opencc.Convert on real documents of both scripts, spread over the corpus
// (skipped without it, except under CI=true).
func TestConverterMatchesOpenCCOnCorpus(t *testing.T) {
	archive := testcorpus.Archive(t)
	c, err := T2S()
	if err != nil {
		t.Fatal(err)
	}
	cc, err := opencc.New("t2s")
	if err != nil {
		t.Fatal(err)
	}
	step := 80 // of about 5,000 documents
	if testing.Short() {
		step = 500
	}
	n, checked := 0, 0
	err = testcorpus.Walk(archive, func(name string, r io.Reader) error {
		if !strings.HasSuffix(name, ".md") {
			return nil
		}
		if n++; n%step != 0 {
			return nil
		}
		b, err := io.ReadAll(r)
		if err != nil {
			return err
		}
		want, err := cc.Convert(string(b))
		if err != nil {
			return err
		}
		if got := c.String(string(b)); got != want {
			t.Errorf("%s: convert differs from opencc:\n got %.200s\nwant %.200s", name, got, want)
		}
		checked++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked < 5 {
		t.Fatalf("%d documents checked, want at least 5", checked)
	}
	t.Logf("%d documents agree", checked)
}
