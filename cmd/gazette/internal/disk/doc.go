// Package disk is what a generation of the site holds on disk besides
// its pages, and how the build's files are framed, in one place for both
// sides: the build (package build) writes them, and the server (serve),
// the publisher (release) and gazette schedule read them without the
// engine.
//
// A generation is a folder holding public/, index/ and a Manifest. Beside
// the index, the server finds the site's configuration (SiteFile) and what
// the generation waits for (ScheduleFile, a Schedule); beside the
// generations, a failed build leaves a FailureFile.
//
// The build's own files — the manifest, the content cache, the index of
// the rendered bodies — are checked files: a magic line naming the format,
// the payload, and the SHA-256 of both, written to a temporary file and
// renamed over the last one (WriteChecked), so that a file is whole or
// rejected (ReadChecked), never half-read.
package disk
