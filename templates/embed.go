// Package templates holds the default layouts and stylesheet of a gazette
// site. They are compiled into the binary so that it works anywhere; a
// templates/ folder on disk overrides them file by file.
package templates

import "embed"

// FS holds base.html, one *.html per page kind, the stylesheets (style.css;
// standard.css and elder.css for the two reading modes), site.js, the
// elder mode's cursors and the favicon.
//
//go:embed *.html *.css *.js *.svg *.ico
var FS embed.FS
