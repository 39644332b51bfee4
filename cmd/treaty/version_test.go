package main

import (
	"runtime/debug"
	"testing"
)

func TestVersionText(t *testing.T) {
	mod := debug.Module{Path: "github.com/treatycond/treatycond", Version: "v0.3.0"}
	vcs := []debug.BuildSetting{
		{Key: "vcs", Value: "git"},
		{Key: "vcs.revision", Value: "3b4ed2a1c9e0f00d5e6a7b8c9d0e1f2a3b4c5d6e"},
		{Key: "vcs.time", Value: "2026-12-02T11:41:58Z"},
		{Key: "vcs.modified", Value: "true"},
	}
	tests := []struct {
		name   string
		info   *debug.BuildInfo
		ok     bool
		want   string
		reason string
	}{
		{"released", &debug.BuildInfo{GoVersion: "go1.26.0", Main: mod}, true,
			"treaty v0.3.0 (module github.com/treatycond/treatycond, go1.26.0)",
			"go install ...@v0.3.0 records the module version and no VCS stamp"},
		{"clone", &debug.BuildInfo{GoVersion: "go1.26.0", Main: debug.Module{Path: mod.Path, Version: "(devel)"}, Settings: vcs}, true,
			"treaty (devel) (revision 3b4ed2a1c9e0+dirty, 2026-12-02T11:41:58Z, go1.26.0)",
			"a build in a clone has a revision, shortened, with +dirty for local changes"},
		{"clean clone", &debug.BuildInfo{Main: debug.Module{Path: mod.Path}, Settings: vcs[:2]}, true,
			"treaty (devel) (revision 3b4ed2a1c9e0)",
			"no time and no modified flag: just the revision; an empty version reads (devel)"},
		{"bare", &debug.BuildInfo{}, true, "treaty (devel)", "nothing recorded at all"},
		{"no build info", nil, false, "treaty (unknown version: no build information in the binary)",
			"a binary built without module support has no build information"},
	}
	for _, tc := range tests {
		if got := versionText(tc.info, tc.ok); got != tc.want {
			t.Errorf("%s: versionText = %q, want %q (%s)", tc.name, got, tc.want, tc.reason)
		}
	}
}
