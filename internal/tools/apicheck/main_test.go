package main

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// check type-checks one file of Go source as package path.
func check(t *testing.T, path, src string) *types.Package {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	conf := types.Config{Importer: importer.Default()}
	p, err := conf.Check(path, fset, []*ast.File{f}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

const oldSrc = `package treaty

import "time"

type Date struct{ t time.Time }

// Builder builds.
type Builder struct{}

func (b *Builder) Signed(date string) *Builder { return b }

func Open(names ...string) int { return 0 }

const Schema = "v1"
`

const newSrc = `package treaty

import "time"

type Date struct{ t time.Time }

type Builder struct{}

func (b *Builder) Signed(date Date) *Builder { return b }

func OpenFacts(names ...string) int { return 0 }

const Schema = "v2"

func New() {}
`

func TestCompare(t *testing.T) {
	path := "github.com/treatycond/treatycond/treaty"
	old, cur := check(t, path, oldSrc), check(t, path, newSrc)
	notes := "### Changed\n\n- `treaty.Builder.Signed` takes a Date.\n- `Open(...)` is now `treaty.OpenFacts`.\n- treaty.Schemas and `Schemas` (other names) are v2; Schema without backquotes does not count.\n"
	got := compare([]*types.Package{old}, []*types.Package{cur}, notes)
	want := result{
		compatible: []string{"treaty.New: added", "treaty.OpenFacts: added"},
		recorded: []string{
			"treaty.(*Builder).Signed: changed from func(string) *Builder to func(Date) *Builder",
			"treaty.Open: removed",
		},
		unrecorded: []string{`treaty.Schema: value changed from "v1" to "v2"`},
	}
	if diff := cmp.Diff(want, got, cmp.AllowUnexported(result{})); diff != "" {
		t.Errorf("compare (-want +got):\n%s\n(a change is recorded when the notes name PKG.NAME, or NAME at the start of a code span, with a word boundary: treaty.Schemas and a bare Schema do not record treaty.Schema)", diff)
	}

	// A removed package is incompatible unless the notes name its path;
	// an added one is compatible.
	other := check(t, "github.com/treatycond/treatycond/gone", "package gone\n\nfunc F() {}\n")
	got = compare([]*types.Package{old, other}, []*types.Package{old}, "")
	if diff := cmp.Diff([]string{"github.com/treatycond/treatycond/gone: package removed"}, got.unrecorded); diff != "" {
		t.Errorf("removed package (-want +got):\n%s", diff)
	}
	got = compare([]*types.Package{old}, []*types.Package{old, other}, "")
	if diff := cmp.Diff([]string{"github.com/treatycond/treatycond/gone: package added"}, got.compatible); diff != "" {
		t.Errorf("added package (-want +got):\n%s", diff)
	}
}

func TestSnapshotRoundTrip(t *testing.T) {
	dir := t.TempDir()
	pkgs := []*types.Package{
		check(t, "github.com/treatycond/treatycond/a", "package a\n\nimport \"time\"\n\ntype T struct{ When time.Time; n int }\n\nfunc (T) M() {}\n\nconst K = 3\n"),
		check(t, "github.com/treatycond/treatycond/b", newSrc),
	}
	if err := writeSnapshot(dir, pkgs); err != nil {
		t.Fatal(err)
	}
	back, err := readSnapshot(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(back) != len(pkgs) {
		t.Fatalf("read %d packages, wrote %d", len(back), len(pkgs))
	}
	res := compare(back, pkgs, "")
	if len(res.compatible)+len(res.recorded)+len(res.unrecorded) != 0 {
		t.Errorf("a snapshot read back differs from what was written: %+v", res)
	}
	if got, want := listing(back), listing(pkgs); got != want {
		t.Errorf("listing of the snapshot differs from the listing of the packages:\n%s\n---\n%s", got, want)
	}
	l := listing(pkgs)
	for _, line := range []string{"const K untyped int = 3", "field T.When time.Time", "func (T).M()", "func (*Builder).Signed(date Date) *Builder", "type T struct"} {
		if !strings.Contains(l, line+"\n") {
			t.Errorf("listing lacks %q:\n%s", line, l)
		}
	}
	if strings.Contains(l, "T.n") {
		t.Errorf("listing shows an unexported field:\n%s", l)
	}
}

func TestUnreleased(t *testing.T) {
	log := "# Changelog\n\n## [Unreleased]\n\n### Changed\n\n- treaty.Open renamed.\n\n## [0.1.0]\n\n- treaty.Old removed.\n"
	got := unreleased(log)
	if !strings.Contains(got, "treaty.Open") || strings.Contains(got, "treaty.Old") {
		t.Errorf("unreleased = %q: want the section up to the next release heading", got)
	}
	if unreleased("# Changelog\n") != "" {
		t.Errorf("a changelog without [Unreleased] has no notes")
	}
}
