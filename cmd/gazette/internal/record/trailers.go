package record

import (
	"regexp"
	"strings"
)

// The trailers the record is written with (see the package doc).
const (
	trailerStatus   = "Gazette-Status"
	trailerEntry    = "Gazette-Entry"
	trailerDrafted  = "Drafted-by"
	trailerApproved = "Approved-by"
	trailerSigned   = "Signed-off-by"
)

var trailerLine = regexp.MustCompile(`^([A-Za-z0-9][A-Za-z0-9-]*):\s*(.*)$`)

// trailer is one "Key: value" line of a commit message's last paragraph.
type trailer struct{ key, value string }

// trailers reads the trailers of a commit message: the lines of its last
// paragraph, when every one of them is "Key: value".
func trailers(message string) []trailer {
	msg := strings.TrimRight(strings.ReplaceAll(message, "\r\n", "\n"), "\n ")
	i := strings.LastIndex(msg, "\n\n")
	if i < 0 {
		return nil // a subject alone has no trailers
	}
	var out []trailer
	for _, l := range strings.Split(msg[i+2:], "\n") {
		m := trailerLine.FindStringSubmatch(l)
		if m == nil {
			return nil
		}
		out = append(out, trailer{m[1], strings.TrimSpace(m[2])})
	}
	return out
}

// trailerValue is the first value of key, case aside, or "".
func trailerValue(ts []trailer, key string) string {
	for _, t := range ts {
		if strings.EqualFold(t.key, key) {
			return t.value
		}
	}
	return ""
}

// reserved reports whether a trailer is one only the console writes: a
// pushed commit carrying one is refused, so that no one can claim an
// approval or a status by typing it.
func reserved(key string) bool {
	k := strings.ToLower(key)
	return strings.HasPrefix(k, "gazette-") || k == strings.ToLower(trailerApproved) || k == strings.ToLower(trailerDrafted)
}

// message joins a subject, a body and trailers into a commit message.
func message(subject, body string, ts ...trailer) string {
	var b strings.Builder
	b.WriteString(strings.TrimSpace(strings.ReplaceAll(subject, "\n", " ")))
	b.WriteString("\n")
	if body = strings.TrimSpace(body); body != "" {
		b.WriteString("\n" + body + "\n")
	}
	if len(ts) > 0 {
		b.WriteString("\n")
		for _, t := range ts {
			b.WriteString(t.key + ": " + strings.ReplaceAll(t.value, "\n", " ") + "\n")
		}
	}
	return b.String()
}
