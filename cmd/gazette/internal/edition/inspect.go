package edition

import (
	"fmt"
	"io"
	"regexp"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// Info is what the build and gazette check read from an issue PDF that an
// editor gives (pdf: in the index.md).
type Info struct {
	Pages int
	// Text is whether some page shows text, that a reader can search,
	// select and have read aloud. A scan has none, unless it was OCRed
	// (the recognised text lies invisibly over the image).
	Text bool
}

// Inspect reads a PDF's page count and whether it has a text layer.
func Inspect(r io.ReadSeeker) (info Info, err error) {
	defer func() {
		if p := recover(); p != nil { // pdfcpu on a malformed file
			err = fmt.Errorf("reading the PDF: %v", p)
		}
	}()
	api.DisableConfigDir() // otherwise pdfcpu writes its configuration into the user's home
	conf := model.NewDefaultConfiguration()
	conf.ValidationMode = model.ValidationRelaxed
	ctx, err := api.ReadContext(r, conf)
	if err != nil {
		return info, fmt.Errorf("reading the PDF: %w", err)
	}
	if err := ctx.EnsurePageCount(); err != nil {
		return info, fmt.Errorf("reading the PDF: %w", err)
	}
	info.Pages = ctx.PageCount
	for p := 1; p <= info.Pages && !info.Text; p++ {
		d, _, _, err := ctx.PageDict(p, true)
		if err != nil || d == nil {
			continue
		}
		content, err := ctx.PageContent(d, p)
		if err != nil {
			continue
		}
		info.Text = showsText(content) || formsShowText(ctx, d, 3)
	}
	return info, nil
}

// textShown finds a text-showing operator (Tj, TJ, ' or ") after a BT.
var textShown = regexp.MustCompile(`(?s)\bBT\b.*?(\bT[jJ]|[)\]>]\s*['"])`)

func showsText(content []byte) bool { return textShown.Match(content) }

// formsShowText looks for text in the form XObjects a page or form draws
// (some producers put a whole page in one), depth levels down.
func formsShowText(ctx *model.Context, d types.Dict, depth int) bool {
	if depth == 0 {
		return false
	}
	res, err := ctx.DereferenceDict(d["Resources"])
	if err != nil || res == nil {
		return false
	}
	xobjects, err := ctx.DereferenceDict(res["XObject"])
	if err != nil {
		return false
	}
	for _, o := range xobjects {
		sd, _, err := ctx.DereferenceStreamDict(o)
		if err != nil || sd == nil || sd.Subtype() == nil || *sd.Subtype() != "Form" {
			continue
		}
		if err := sd.Decode(); err != nil {
			continue
		}
		if showsText(sd.Content) || formsShowText(ctx, sd.Dict, depth-1) {
			return true
		}
	}
	return false
}
