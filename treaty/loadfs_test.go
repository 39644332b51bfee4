package treaty_test

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/treatycond/treatycond/treaty"
)

func TestLoadFS(t *testing.T) {
	model, err := os.ReadFile("testdata/minimal.json")
	require.NoError(t, err)
	scen, err := os.ReadFile("testdata/minimal.scenario.json")
	require.NoError(t, err)
	// A scenario naming a fact the model does not have: it decodes, but
	// ValidateScenario refuses it.
	unknownFact := strings.Replace(string(scen), `"fishing.breached": false`, `"fishing.breached": false, "no.such_fact": true`, 1)
	require.NotEqual(t, string(scen), unknownFact, "precondition: the replacement applied")
	fsys := fstest.MapFS{
		"m.json":         {Data: model},
		"s.json":         {Data: scen},
		"broken.json":    {Data: []byte("{\n  \"schema\": \"treatycond.scenario/v1\",\n  \"id\": 7\n}")},
		"unknown.json":   {Data: []byte(unknownFact)},
		"dir/other.json": {Data: scen},
	}

	m, ss, err := treaty.LoadFS(fsys, "m.json", "s.json", "dir/other.json")
	require.NoError(t, err)
	require.Equal(t, "lys", m.ID)
	if diff := cmp.Diff([]string{"lys-2020", "lys-2020"}, []string{ss[0].ID, ss[1].ID}); diff != "" {
		t.Errorf("scenario ids (-want +got):\n%s", diff)
	}

	m, ss, err = treaty.LoadFS(fsys, "m.json")
	require.NoError(t, err)
	require.NotNil(t, m)
	require.Empty(t, ss, "no scenarios named, none returned")

	for _, tc := range []struct {
		name      string
		model     string
		scenarios []string
		want      []string // substrings the error must contain
		notExist  bool
		reason    string
	}{
		{"missing model", "nope.json", nil, []string{"nope.json"}, true, "a read error is the fs error, naming the file"},
		{"missing scenario", "m.json", []string{"s.json", "gone.json"}, []string{"gone.json"}, true, "the first missing scenario stops the load"},
		{"bad scenario", "m.json", []string{"broken.json"}, []string{"broken.json"}, false, "a decoding error names the file"},
		{"scenario not fitting the model", "m.json", []string{"unknown.json"}, []string{"no.such_fact"}, false, "each scenario is validated against the model"},
		{"scenario as model", "s.json", nil, []string{"s.json"}, false, "a scenario is not a model"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, ss, err := treaty.LoadFS(fsys, tc.model, tc.scenarios...)
			require.Error(t, err, tc.reason)
			require.Nil(t, m, tc.reason)
			require.Nil(t, ss, tc.reason)
			for _, w := range tc.want {
				require.Contains(t, err.Error(), w, tc.reason)
			}
			require.Equal(t, tc.notExist, errors.Is(err, fs.ErrNotExist), tc.reason)
			if !tc.notExist {
				var el treaty.ErrorList
				require.ErrorAs(t, err, &el, tc.reason)
			}
			if tc.name == "bad scenario" {
				var el treaty.ErrorList
				require.ErrorAs(t, err, &el)
				var got []string
				for _, e := range el {
					got = append(got, fmt.Sprintf("%s:%d:%d %s", e.File, e.Line, e.Column, e.Path))
				}
				require.Contains(t, got, "broken.json:3:9 /id", "the wrong-typed id is reported at its position")
			}
		})
	}
}

// Load a model and a scenario from a file system: an embed.FS in a
// program, here a directory.
func ExampleLoadFS() {
	m, scenarios, err := treaty.LoadFS(os.DirFS("testdata"), "minimal.json", "minimal.scenario.json")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(m.Title)
	for _, s := range scenarios {
		fmt.Println(s.ID, s.AsOf)
	}
	// Output:
	// The Lys river agreements (fictitious)
	// lys-2020 2020-06-30
}
