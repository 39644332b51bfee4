// Regression tests for the hostile-input defects of loading: invalid
// UTF-8, the $schema key, quadratic error positions and the input size cap.
package treaty_test

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/treatycond/treatycond/treaty"
)

// TestInvalidUTF8Rejected: invalid UTF-8 in a model or scenario is an
// error at its position; it was replaced by U+FFFD, so that two distinct
// ids became duplicates and a condition with byte 0xFF was accepted.
func TestInvalidUTF8Rejected(t *testing.T) {
	tests := []struct {
		name, data, want, reason string
		scenario                 bool
	}{
		{"ids", "{\"id\": \"m\", \"parties\": [{\"id\": \"A\xff\", \"name\": \"A\"}, {\"id\": \"A\xfe\", \"name\": \"B\"}]}",
			`m.json:1:34: invalid JSON: invalid UTF-8: byte 0xff in string (the file must be UTF-8)`, "two ids that differ only in invalid bytes", false},
		{"condition", "{\"id\": \"m\", \"instruments\": [{\"clauses\": [{\"condition\": \"a \xff b\"}]}]}",
			`m.json:1:59: invalid JSON: invalid UTF-8: byte 0xff in string (the file must be UTF-8)`, "a condition with byte 0xFF", false},
		{"surrogate", `{"id": "m", "parties": [{"id": "\ud800", "name": "A"}]}`,
			`m.json:1:33: invalid JSON: invalid escape \ud800 in string: an unpaired UTF-16 surrogate is not a character`, "an escaped lone surrogate", false},
		{"scenario", "{\"id\": \"s\", \"as_of\": \"2000-01-01\", \"facts\": {\"x\": \"\xc3\"}}",
			`m.json:1:52: invalid JSON: invalid UTF-8: byte 0xc3 in string (the file must be UTF-8)`, "a scenario fact value", true},
	}
	for _, tc := range tests {
		var err error
		if tc.scenario {
			_, err = treaty.DecodeScenario([]byte(tc.data), "m.json")
		} else {
			_, err = treaty.DecodeModel([]byte(tc.data), "m.json")
		}
		if err == nil || err.Error() != tc.want || !errors.Is(err, treaty.ErrSyntax) {
			t.Errorf("%s: got %v\nwant %s (%s)", tc.name, err, tc.want, tc.reason)
		}
	}
}

// TestSchemaKeyAccepted: a "$schema" key, for editors, is accepted at the
// top of model and scenario files (and must be a string); the published
// schemas allow it.
func TestSchemaKeyAccepted(t *testing.T) {
	m, err := treaty.DecodeModel(dateModelWith(`"$schema": "https://github.com/treatycond/treatycond/treaty/schema/model.schema.json",`), "m.json")
	require.NoError(t, err)
	_, err = treaty.DecodeScenario([]byte(`{"$schema": "scenario.schema.json", "id": "s", "as_of": "2000-01-01"}`), "s.json")
	require.NoError(t, err)
	_, err = treaty.DecodeModel(dateModelWith(`"$schema": 5,`), "m.json")
	if err == nil || !strings.Contains(err.Error(), "/$schema: want string, got number") {
		t.Errorf("a $schema that is not a string: %v", err)
	}
	_, err = treaty.DecodeModel([]byte(`{"id": "m", "parties": [{"$schema": "x", "id": "A", "name": "A"}]}`), "m.json")
	if err == nil || !strings.Contains(strings.Join(errorTexts(t, err), "\n"), `/parties/0/$schema: unknown field "$schema"`) {
		t.Errorf("$schema inside the document: %v", err)
	}
	out, err := m.Encode()
	require.NoError(t, err)
	for _, name := range []string{"model", "scenario"} {
		doc := `{"$schema": "x", ` + map[string]string{"model": string(out[1:]), "scenario": `"id": "s", "as_of": "2000-01-01"}`}[name]
		if err := compiledSchema(t, name).ValidateJSON([]byte(doc)); err != nil {
			t.Errorf("the %s schema rejects $schema: %v", name, err)
		}
	}
}

func dateModelWith(head string) []byte {
	return []byte("{" + head + string(dateModel(`"signed": "2000-01-01"`, ""))[1:])
}

// manyErrorsOneLine returns a minified model of n clauses on one line,
// each with a condition that does not parse (an error whose message names
// a second position) and an unknown bearer.
func manyErrorsOneLine(n int) []byte {
	var b strings.Builder
	b.WriteString(`{"id":"m","parties":[{"id":"A","name":"A"}],"instruments":[{"id":"i","title":"I","kind":"treaty","parties":["A"],"clauses":[`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"id":"c%d","kind":"obligation","bearer":"X","action":"a","condition":"(zz"}`, i)
	}
	b.WriteString(`]}]}`)
	return []byte(b.String())
}

// BenchmarkCheckManyErrorsOneLine: a minified one-line file with many
// errors took 78 s in 'treaty check' (each column counted from the start
// of the line); the time must grow linearly with the number of errors.
// Fit the exponent on the three sizes.
func BenchmarkCheckManyErrorsOneLine(b *testing.B) {
	for _, n := range []int{2500, 5000, 10000} {
		data := manyErrorsOneLine(n)
		b.Run(fmt.Sprintf("clauses=%d", n), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if _, err := treaty.DecodeModel(data, "m.json"); err == nil {
					b.Fatal("no error")
				}
			}
		})
	}
}

// TestInputSizeCapped: there was no cap on input size (a 1 GB file took 2
// GB before an error at 1:1, /dev/zero was read forever). Inputs larger
// than the limit are refused with CodeLimit, reading no further.
func TestInputSizeCapped(t *testing.T) {
	data := dateModel(`"signed": "2000-01-01"`, "")
	_, err := treaty.DecodeModel(data, "m.json", treaty.MaxInputSize(int64(len(data))))
	require.NoError(t, err, "an input of exactly the limit is read")
	_, err = treaty.DecodeModel(data, "m.json", treaty.MaxInputSize(int64(len(data)-1)))
	want := fmt.Sprintf("m.json: input larger than the limit of %d bytes (raise it with treaty.MaxInputSize, or --max-input on the command line)", len(data)-1)
	if err == nil || err.Error() != want || !errors.Is(err, treaty.ErrLimit) {
		t.Errorf("DecodeModel over the limit: %v\nwant %s", err, want)
	}
	_, err = treaty.DecodeScenario([]byte(`{"id": "s", "as_of": "2000-01-01"}`), "s.json", treaty.MaxInputSize(10))
	if !errors.Is(err, treaty.ErrLimit) {
		t.Errorf("DecodeScenario over the limit: %v", err)
	}
	_, err = treaty.DecodeModel(data, "m.json", treaty.MaxInputSize(0))
	require.NoError(t, err, "0 means no limit")

	// A file is refused by its size; a stream is read no further than the
	// limit, so an endless one ends.
	_, err = treaty.LoadModel("../examples/kuril/kuril.json", treaty.MaxInputSize(1000))
	if err == nil || !strings.Contains(err.Error(), "kuril.json: input larger than the limit of 1000 bytes") {
		t.Errorf("LoadModel of a large file: %v", err)
	}
	if _, statErr := os.Stat("/dev/zero"); statErr == nil {
		_, err = treaty.LoadScenario("/dev/zero", treaty.MaxInputSize(1<<20))
		if err == nil || !strings.Contains(err.Error(), "/dev/zero: input larger than the limit of 1 MiB") {
			t.Errorf("LoadScenario(/dev/zero): %v", err)
		}
	}
	if treaty.DefaultMaxInputSize != 64<<20 {
		t.Errorf("DefaultMaxInputSize = %d: update the README and CHANGELOG, which say 64 MiB", treaty.DefaultMaxInputSize)
	}
}
