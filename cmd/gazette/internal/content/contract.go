package content

import "slices"

// Field is a front-matter field of the contract (see the package doc): its
// name, and whether a kind requires it.
type Field struct {
	Name     string
	Required bool
}

// Fields lists the front-matter fields a kind takes, sorted by name: the
// contract exactly as the decoder enforces it, for tools that write front
// matter (the newsroom's editing console generates its forms from it).
func Fields(k Kind) []Field {
	var out []Field
	for _, name := range allowed(k) {
		out = append(out, Field{name, slices.Contains(required[k], name)})
	}
	return out
}
