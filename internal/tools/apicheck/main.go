// Command apicheck compares the exported API of the treatycond packages
// with a committed snapshot and fails on an incompatible change that
// CHANGELOG.md does not record.
//
// It lives in its own module so that importers of treatycond never
// download golang.org/x/exp/apidiff or golang.org/x/tools.
//
// Run it from this directory:
//
//	go run .            check the API against the snapshot
//	go run . -update    refresh the snapshot (after a release, or once the
//	                    CHANGELOG records the changes)
//
// The snapshot is in testdata/: api.export holds the export data of every
// public package (the format of golang.org/x/tools/go/gcexportdata, which
// apidiff compares), and api.txt lists the same API as text, one
// declaration per line, so that a review sees what changed. Until the
// module has a release tag, the snapshot stands in for the last release.
//
// An incompatible change (apidiff's definition: removing or changing
// anything a client may use) passes only when the "## [Unreleased]"
// section of CHANGELOG.md names what changed, as PKG.NAME (treaty.Open,
// treaty.InstrumentBuilder: for a method or field the type's name is
// enough) or at the start of a code span (`Open`, `Open(...)`). Compatible changes (additions) are listed and
// never fail.
package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"go/token"
	"go/types"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"golang.org/x/exp/apidiff"
	"golang.org/x/tools/go/gcexportdata"
	"golang.org/x/tools/go/packages"
)

const modulePath = "github.com/treatycond/treatycond"

func main() {
	root := flag.String("root", "../../..", "the `directory` of the treatycond module")
	update := flag.Bool("update", false, "write the current API as the snapshot instead of checking")
	snapshot := flag.String("snapshot", "testdata", "the `directory` of the snapshot")
	flag.Parse()
	os.Exit(run(os.Stdout, *root, *snapshot, *update))
}

func run(w io.Writer, root, snapshot string, update bool) int {
	cur, err := loadPackages(root)
	if err != nil {
		fmt.Fprintln(os.Stderr, "apicheck:", err)
		return 2
	}
	if update {
		if err := writeSnapshot(snapshot, cur); err != nil {
			fmt.Fprintln(os.Stderr, "apicheck:", err)
			return 2
		}
		fmt.Fprintf(w, "apicheck: wrote the API of %d packages to %s\n", len(cur), snapshot)
		return 0
	}
	old, err := readSnapshot(snapshot)
	if err != nil {
		fmt.Fprintln(os.Stderr, "apicheck:", err)
		fmt.Fprintln(os.Stderr, "apicheck: refresh it with: cd internal/tools/apicheck && go run . -update")
		return 2
	}
	changelog, err := os.ReadFile(filepath.Join(root, "CHANGELOG.md"))
	if err != nil {
		fmt.Fprintln(os.Stderr, "apicheck:", err)
		return 2
	}
	res := compare(old, cur, unreleased(string(changelog)))
	for _, l := range res.compatible {
		fmt.Fprintln(w, "compatible:  ", l)
	}
	for _, l := range res.recorded {
		fmt.Fprintln(w, "recorded:    ", l)
	}
	for _, l := range res.unrecorded {
		fmt.Fprintln(w, "INCOMPATIBLE:", l)
	}
	if len(res.unrecorded) > 0 {
		fmt.Fprintf(w, "apicheck: %d incompatible change(s) not recorded in the [Unreleased] section of CHANGELOG.md.\n", len(res.unrecorded))
		fmt.Fprintln(w, "Record each one there (naming it as PKG.NAME or `NAME`, with what to do instead), or undo it.")
		return 1
	}
	fmt.Fprintf(w, "apicheck: ok (%d packages; %d compatible, %d recorded incompatible changes since the snapshot)\n",
		len(cur), len(res.compatible), len(res.recorded))
	return 0
}

// loadPackages type-checks the public packages of the module at root:
// every package but main packages, examples and internal ones.
func loadPackages(root string) ([]*types.Package, error) {
	cfg := &packages.Config{Mode: packages.NeedName | packages.NeedTypes | packages.NeedImports | packages.NeedDeps, Dir: root}
	pkgs, err := packages.Load(cfg, "./...")
	if err != nil {
		return nil, err
	}
	var out []*types.Package
	var errs []string
	for _, p := range pkgs {
		if !public(p.PkgPath) || p.Name == "main" {
			continue
		}
		for _, e := range p.Errors {
			errs = append(errs, e.Error())
		}
		out = append(out, p.Types)
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("loading packages:\n%s", strings.Join(errs, "\n"))
	}
	slices.SortFunc(out, func(a, b *types.Package) int { return strings.Compare(a.Path(), b.Path()) })
	return out, nil
}

// public reports whether path is a package of the module's public API.
func public(path string) bool {
	if path != modulePath && !strings.HasPrefix(path, modulePath+"/") {
		return false
	}
	for _, part := range strings.Split(strings.TrimPrefix(path, modulePath), "/") {
		if part == "internal" || part == "examples" || part == "testdata" {
			return false
		}
	}
	return true
}

// writeSnapshot writes the export data and the text listing of pkgs.
func writeSnapshot(dir string, pkgs []*types.Package) error {
	if err := os.MkdirAll(dir, 0o777); err != nil {
		return err
	}
	var data bytes.Buffer
	// One line with the package paths, then each package's export data,
	// each preceded by its length.
	var paths []string
	for _, p := range pkgs {
		paths = append(paths, p.Path())
	}
	fmt.Fprintf(&data, "apicheck snapshot v1 %s\n", strings.Join(paths, " "))
	for _, p := range pkgs {
		var b bytes.Buffer
		if err := gcexportdata.Write(&b, token.NewFileSet(), p); err != nil {
			return fmt.Errorf("export data of %s: %v", p.Path(), err)
		}
		fmt.Fprintf(&data, "%d\n", b.Len())
		data.Write(b.Bytes())
	}
	if err := os.WriteFile(filepath.Join(dir, "api.export"), data.Bytes(), 0o666); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "api.txt"), []byte(listing(pkgs)), 0o666)
}

// readSnapshot reads the packages written by writeSnapshot.
func readSnapshot(dir string) ([]*types.Package, error) {
	data, err := os.ReadFile(filepath.Join(dir, "api.export"))
	if err != nil {
		return nil, err
	}
	r := bufio.NewReader(bytes.NewReader(data))
	head, err := r.ReadString('\n')
	const magic = "apicheck snapshot v1 "
	if err != nil || !strings.HasPrefix(head, magic) {
		return nil, fmt.Errorf("%s: not an apicheck snapshot", filepath.Join(dir, "api.export"))
	}
	paths := strings.Fields(strings.TrimPrefix(head, magic))
	imports := map[string]*types.Package{}
	fset := token.NewFileSet()
	var out []*types.Package
	for _, path := range paths {
		var n int
		if _, err := fmt.Fscanf(r, "%d\n", &n); err != nil {
			return nil, fmt.Errorf("snapshot of %s: %v", path, err)
		}
		buf := make([]byte, n)
		if _, err := io.ReadFull(r, buf); err != nil {
			return nil, fmt.Errorf("snapshot of %s: %v", path, err)
		}
		p, err := gcexportdata.Read(bytes.NewReader(buf), fset, imports, path)
		if err != nil {
			return nil, fmt.Errorf("snapshot of %s: %v", path, err)
		}
		out = append(out, p)
	}
	return out, nil
}

// result sorts the changes found by compare.
type result struct {
	compatible, recorded, unrecorded []string
}

// compare compares the old and new packages. An incompatible change is
// recorded when notes (the unreleased section of the changelog) names it.
func compare(old, cur []*types.Package, notes string) result {
	var res result
	byPath := map[string]*types.Package{}
	for _, p := range cur {
		byPath[p.Path()] = p
	}
	seen := map[string]bool{}
	for _, o := range old {
		seen[o.Path()] = true
		n, ok := byPath[o.Path()]
		if !ok {
			msg := fmt.Sprintf("%s: package removed", o.Path())
			if strings.Contains(notes, o.Path()) {
				res.recorded = append(res.recorded, msg)
			} else {
				res.unrecorded = append(res.unrecorded, msg)
			}
			continue
		}
		for _, c := range apidiff.Changes(o, n).Changes {
			msg := o.Name() + "." + c.Message
			switch {
			case c.Compatible:
				res.compatible = append(res.compatible, msg)
			case recorded(o.Name(), c.Message, notes):
				res.recorded = append(res.recorded, msg)
			default:
				res.unrecorded = append(res.unrecorded, msg)
			}
		}
	}
	for _, p := range cur {
		if !seen[p.Path()] {
			res.compatible = append(res.compatible, fmt.Sprintf("%s: package added", p.Path()))
		}
	}
	return res
}

// changeName finds the name an apidiff message is about: "Open" in
// "Open: changed from ...", "InstrumentBuilder" in
// "(*InstrumentBuilder).Signed: changed from ...", "Report" in
// "Report.Schema: removed".
var changeName = regexp.MustCompile(`^\(?\*?([A-Za-z_][A-Za-z0-9_]*)`)

// recorded reports whether notes names the thing a change message of
// package pkg is about: as pkg.Name, or as Name at the start of a code
// span (`Name`, `Name(...)`, `Name.Method`), each ending at a word
// boundary.
func recorded(pkg, msg, notes string) bool {
	m := changeName.FindStringSubmatch(msg)
	if m == nil {
		return false
	}
	re := regexp.MustCompile(`(\b` + regexp.QuoteMeta(pkg+"."+m[1]) + "|`" + regexp.QuoteMeta(m[1]) + `)\b`)
	return re.MatchString(notes)
}

// unreleased returns the "## [Unreleased]" section of a changelog.
func unreleased(changelog string) string {
	_, rest, ok := strings.Cut(changelog, "## [Unreleased]")
	if !ok {
		return ""
	}
	if i := strings.Index(rest, "\n## "); i >= 0 {
		rest = rest[:i]
	}
	return rest
}

// listing lists the exported API of pkgs as text: one line per exported
// constant, variable, function and type, then per method and field of
// the exported types, sorted within each package.
func listing(pkgs []*types.Package) string {
	var b strings.Builder
	b.WriteString("# The exported API of the treatycond packages, written by\n")
	b.WriteString("# internal/tools/apicheck (go run . -update). Do not edit.\n")
	for _, p := range pkgs {
		qual := func(o *types.Package) string {
			if o == p {
				return ""
			}
			return o.Name()
		}
		var lines []string
		scope := p.Scope()
		for _, name := range scope.Names() {
			obj := scope.Lookup(name)
			if !obj.Exported() {
				continue
			}
			line := types.ObjectString(obj, qual)
			if c, ok := obj.(*types.Const); ok {
				line += " = " + c.Val().ExactString()
			}
			// Struct and interface types list their members on lines of
			// their own, so that unexported fields stay out.
			if tn, ok := obj.(*types.TypeName); ok && !tn.IsAlias() {
				switch tn.Type().Underlying().(type) {
				case *types.Struct:
					line = "type " + name + " struct"
				case *types.Interface:
					line = "type " + name + " interface"
				}
			}
			lines = append(lines, line)
			tn, ok := obj.(*types.TypeName)
			if !ok {
				continue
			}
			named, ok := tn.Type().(*types.Named)
			if !ok {
				continue
			}
			if st, ok := named.Underlying().(*types.Struct); ok {
				for i := range st.NumFields() {
					if f := st.Field(i); f.Exported() {
						lines = append(lines, fmt.Sprintf("field %s.%s %s", name, f.Name(), types.TypeString(f.Type(), qual)))
					}
				}
			}
			if it, ok := named.Underlying().(*types.Interface); ok {
				for i := range it.NumExplicitMethods() {
					if m := it.ExplicitMethod(i); m.Exported() {
						lines = append(lines, fmt.Sprintf("method (%s) %s%s", name, m.Name(),
							strings.TrimPrefix(types.TypeString(m.Type(), qual), "func")))
					}
				}
			}
			for i := range named.NumMethods() {
				if m := named.Method(i); m.Exported() {
					lines = append(lines, types.ObjectString(m, qual))
				}
			}
		}
		slices.Sort(lines)
		fmt.Fprintf(&b, "\npackage %s\n", p.Path())
		for _, l := range lines {
			b.WriteString(l + "\n")
		}
	}
	return b.String()
}
