package content

import (
	"fmt"
	"io/fs"
	"path"
	"strings"
)

// A symbolic link under content/ is an error at its own path, and nothing
// it points to is read: gazette publishes only the files content/ holds,
// and a link lets anyone who can commit one (git stores links) publish any
// file the build can read. Links that stay inside content/ are refused
// too: git keeps one copy of identical files, so a link saves nothing; a
// link makes one file two documents or two attachments, whose edits a
// watcher sees at one path only; and where a relative link leads changes
// when the folder holding it moves. Links in hidden folders (.git) are not
// looked at, as nothing there is read. The caller reads content through
// os.Root besides, so that a link made after the walk cannot lead out
// either.
//
// linkError is that error for the link at p (a path under fsys), shown
// under root ("content").
func linkError(fsys fs.FS, p, root string) *Error {
	shown := path.Join(root, p)
	target, err := fs.ReadLink(fsys, p)
	if err != nil {
		return &Error{Path: shown, Msg: fmt.Sprintf("a symbolic link (%v): gazette reads only files and folders under %s/, never links: put the file itself here", err, root)}
	}
	if leaves(p, target) {
		return &Error{Path: shown, Msg: fmt.Sprintf("a symbolic link to %s, outside %s/: only what is inside %s/ is published, so gazette refuses the link: put the file itself here, or remove the link",
			target, root, root)}
	}
	return &Error{Path: shown, Msg: fmt.Sprintf("a symbolic link to %s: gazette reads only files and folders under %s/, never links, so that what it publishes is what %s/ holds: "+
		"put the file or folder itself here (git keeps one copy of identical files)", target, root, root)}
}

// leaves reports whether the link at p, pointing to target, names a place
// outside the tree, read as its text says (a link it leads to is judged at
// its own path).
func leaves(p, target string) bool {
	if path.IsAbs(target) || strings.HasPrefix(target, `\`) {
		return true
	}
	to := path.Join(path.Dir(p), target)
	return to == ".." || strings.HasPrefix(to, "../")
}
