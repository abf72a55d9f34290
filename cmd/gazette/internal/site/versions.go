package site

import "gazette/cmd/gazette/internal/content"

// versionFuncs are the template functions of a work's 沿革: a version's
// page lists every version and links the one in force.
var versionFuncs = map[string]any{
	"versions": func(d *content.Document) []*content.Document { return d.Versions() },
	"inForce":  inForce,
}

// inForce is the version of d's work in force when the site was built, or
// nil when none is (all repealed, or d stands alone). It reads validity,
// which the loader set as of the build's clock: a version followed by one
// in force reads 已修改, so the one in force is the earliest still 有效 —
// a later one still 有效 has not yet taken effect.
func inForce(d *content.Document) *content.Document {
	for _, v := range d.Versions() {
		if v.Validity == content.Valid {
			return v
		}
	}
	return nil
}
