package main

import (
	"fmt"
	"runtime/debug"
	"strings"
)

// versionText says which build of treaty this is, from the build
// information the Go toolchain records in the binary: the module version
// ("v0.3.0" when installed with go install ...@v0.3.0, "(devel)" when
// built in a clone), the VCS revision and time when built from a clone,
// with "+dirty" for uncommitted changes, and the Go version:
//
//	treaty v0.3.0 (module github.com/treatycond/treatycond, go1.26.0)
//	treaty (devel) (revision 3b4ed2a1c9e0+dirty, 2026-12-02T11:41:58Z, go1.26.0)
func versionText(info *debug.BuildInfo, ok bool) string {
	if !ok || info == nil {
		return "treaty (unknown version: no build information in the binary)"
	}
	version := info.Main.Version
	if version == "" {
		version = "(devel)"
	}
	var rev, at string
	dirty := false
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.time":
			at = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	var details []string
	if rev != "" {
		if len(rev) > 12 {
			rev = rev[:12]
		}
		if dirty {
			rev += "+dirty"
		}
		details = append(details, "revision "+rev)
		if at != "" {
			details = append(details, at)
		}
	} else if info.Main.Path != "" {
		details = append(details, "module "+info.Main.Path)
	}
	if info.GoVersion != "" {
		details = append(details, info.GoVersion)
	}
	if len(details) == 0 {
		return "treaty " + version
	}
	return fmt.Sprintf("treaty %s (%s)", version, strings.Join(details, ", "))
}
