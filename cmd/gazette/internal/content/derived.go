package content

// Derived is what the build learns of a document after loading it: from
// its rendered body and, for an issue, from its whole-issue PDF. A loaded
// Document is never changed; the stages that show these facts look them
// up in the build's Facts, as they look up its stamp and its body.
type Derived struct {
	Summary      string      // the front matter's summary, else the body's first paragraph, shortened
	ReadingRunes int         // characters of text (Chinese reading time is counted in characters)
	PDF          *Attachment // an issue's whole-issue PDF: the editor's, with its page count, or the one the build made
	PDFPage      int         // the page of its issue's PDF on which a gazette document starts, when the build made that PDF
}

// Facts are the Derived facts of a site's documents, made by the build and
// read-only from then on.
type Facts map[*Document]*Derived

// Of is what is known of d: its Derived facts, or, for a document the
// build has not looked at, what its front matter says (its summary, an
// editor's PDF).
func (f Facts) Of(d *Document) Derived {
	if x, ok := f[d]; ok {
		return *x
	}
	return Derived{Summary: d.Summary, PDF: d.PDF}
}
