// Package templates holds the default layouts and stylesheet of a gazette
// site. They are compiled into the binary so that it works anywhere; a
// templates/ folder on disk overrides them file by file.
package templates

import "embed"

// FS holds base.html, one *.html per page kind, and style.css.
//
//go:embed *.html *.css
var FS embed.FS
