package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"

	"github.com/treatycond/treatycond/internal/jsonpos"
	"github.com/treatycond/treatycond/treaty"
)

// recordExpectations returns the expectations of s rewritten to what rep
// says: the selected ones (indexes into s.Expect) keep their clause,
// reading, note and the fields they check (the status when they check
// none) with the values of rep; the others stay as they are. A scenario
// without expectations gets a status expectation for every result of rep
// whose name run (when not nil) matches.
func recordExpectations(s *treaty.Scenario, rep *treaty.Report, selected []int, run *regexp.Regexp) []treaty.Expectation {
	if len(s.Expect) == 0 {
		out := []treaty.Expectation{}
		for _, res := range rep.Results {
			if run == nil || run.MatchString(s.ID+"/"+res.Clause+"/"+res.Reading) {
				out = append(out, treaty.Expectation{Clause: res.Clause, Reading: res.Reading, Status: res.Status})
			}
		}
		return out
	}
	out := make([]treaty.Expectation, len(s.Expect))
	copy(out, s.Expect)
	for _, i := range selected {
		x := &out[i]
		res, ok := rep.Result(x.Clause, x.Reading)
		if !ok {
			continue
		}
		checks := x.Status != "" || x.Value != "" || x.Since != "" || x.Missing != nil
		if x.Status != "" || !checks {
			x.Status = res.Status
		}
		if x.Value != "" {
			x.Value = res.Value.String()
		}
		if x.Since != "" {
			x.Since = "none"
			if res.Since != nil {
				x.Since = res.Since.String()
			}
		}
		if x.Missing != nil {
			x.Missing = append([]string{}, res.Missing...)
		}
	}
	return out
}

// replaceExpect returns the scenario file data with its "expect" member
// set to expect, one expectation per line. Only the bytes of that member's
// value change (or, when the file has none, a member is added after the
// last one); everything else is kept byte for byte. When expect equals
// what the file has, data is returned unchanged, whatever its layout.
func replaceExpect(data []byte, expect []treaty.Expectation) ([]byte, error) {
	root, err := jsonpos.Parse(data)
	if err != nil {
		return nil, err
	}
	if root.Kind != jsonpos.Object {
		return nil, fmt.Errorf("not a JSON object")
	}
	var old *jsonpos.Member
	for i := range root.Members {
		if root.Members[i].Key == "expect" {
			old = &root.Members[i]
		}
	}
	if old != nil {
		var had []treaty.Expectation
		if json.Unmarshal(data[old.Value.Offset:old.Value.End], &had) == nil && sameExpectations(had, expect) {
			return data, nil
		}
	}
	var b bytes.Buffer
	switch {
	case old != nil:
		indent := lineIndent(data, old.KeyOffset)
		b.Write(data[:old.Value.Offset])
		writeExpectArray(&b, expect, indent)
		b.Write(data[old.Value.End:])
	case len(expect) == 0:
		return data, nil
	case len(root.Members) == 0:
		open := root.Offset + 1
		b.Write(data[:open])
		b.WriteString("\n  \"expect\": ")
		writeExpectArray(&b, expect, "  ")
		b.WriteString("\n")
		b.Write(data[open:])
	default:
		last := root.Members[len(root.Members)-1]
		indent := lineIndent(data, last.KeyOffset)
		b.Write(data[:last.Value.End])
		b.WriteString(",\n" + indent + "\"expect\": ")
		writeExpectArray(&b, expect, indent)
		b.Write(data[last.Value.End:])
	}
	return b.Bytes(), nil
}

// sameExpectations reports whether a and b are the same expectations,
// taking a nil and an empty Missing as different (they mean different
// things).
func sameExpectations(a, b []treaty.Expectation) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		x, y := a[i], b[i]
		if x.Clause != y.Clause || x.Reading != y.Reading || x.Status != y.Status || x.Value != y.Value ||
			x.Since != y.Since || x.Note != y.Note || (x.Missing == nil) != (y.Missing == nil) ||
			strings.Join(x.Missing, "\x00") != strings.Join(y.Missing, "\x00") {
			return false
		}
	}
	return true
}

// lineIndent returns the white space that starts the line holding offset
// off, if only white space comes before off on that line.
func lineIndent(data []byte, off int) string {
	start := bytes.LastIndexByte(data[:off], '\n') + 1
	ws := data[start:off]
	if len(bytes.TrimLeft(ws, " \t")) != 0 {
		return ""
	}
	return string(ws)
}

// writeExpectArray writes expect as a JSON array with one expectation per
// line, the lines indented by indent plus two spaces and the closing
// bracket by indent.
func writeExpectArray(b *bytes.Buffer, expect []treaty.Expectation, indent string) {
	if len(expect) == 0 {
		b.WriteString("[]")
		return
	}
	b.WriteString("[\n")
	for i, x := range expect {
		b.WriteString(indent + "  ")
		writeExpectation(b, x)
		if i < len(expect)-1 {
			b.WriteByte(',')
		}
		b.WriteByte('\n')
	}
	b.WriteString(indent + "]")
}

// writeExpectation writes one expectation as a one-line JSON object, with
// a space after each colon and comma, fields in the order of
// [treaty.Expectation].
func writeExpectation(b *bytes.Buffer, x treaty.Expectation) {
	str := func(s string) string {
		var sb strings.Builder
		enc := json.NewEncoder(&sb)
		enc.SetEscapeHTML(false)
		enc.Encode(s)
		return strings.TrimSuffix(sb.String(), "\n")
	}
	fields := []string{`"clause": ` + str(x.Clause), `"reading": ` + str(x.Reading)}
	if x.Status != "" {
		fields = append(fields, `"status": `+str(string(x.Status)))
	}
	if x.Value != "" {
		fields = append(fields, `"value": `+str(x.Value))
	}
	if x.Since != "" {
		fields = append(fields, `"since": `+str(x.Since))
	}
	if x.Missing != nil {
		m := make([]string, len(x.Missing))
		for i, s := range x.Missing {
			m[i] = str(s)
		}
		fields = append(fields, `"missing": [`+strings.Join(m, ", ")+`]`)
	}
	if x.Note != "" {
		fields = append(fields, `"note": `+str(x.Note))
	}
	b.WriteString("{" + strings.Join(fields, ", ") + "}")
}

// unifiedDiff returns the changes from a to b as a unified diff of lines
// (three lines of context), with path as the name of both sides; "" when
// they are equal.
func unifiedDiff(path string, a, b []byte) string {
	x, y := splitLines(a), splitLines(b)
	// Trim the common prefix and suffix, then find a longest common
	// subsequence of the rest.
	pre := 0
	for pre < len(x) && pre < len(y) && x[pre] == y[pre] {
		pre++
	}
	suf := 0
	for suf < len(x)-pre && suf < len(y)-pre && x[len(x)-1-suf] == y[len(y)-1-suf] {
		suf++
	}
	if pre == len(x) && pre == len(y) {
		return ""
	}
	xs, ys := x[pre:len(x)-suf], y[pre:len(y)-suf]
	lcs := make([][]int, len(xs)+1)
	for i := range lcs {
		lcs[i] = make([]int, len(ys)+1)
	}
	for i := len(xs) - 1; i >= 0; i-- {
		for j := len(ys) - 1; j >= 0; j-- {
			if xs[i] == ys[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	// ops: ' ' common, '-' only in a, '+' only in b, over the whole files.
	type op struct {
		kind byte
		text string
	}
	var ops []op
	for _, l := range x[:pre] {
		ops = append(ops, op{' ', l})
	}
	i, j := 0, 0
	for i < len(xs) || j < len(ys) {
		switch {
		case i < len(xs) && j < len(ys) && xs[i] == ys[j]:
			ops = append(ops, op{' ', xs[i]})
			i, j = i+1, j+1
		case i < len(xs) && (j == len(ys) || lcs[i+1][j] >= lcs[i][j+1]):
			ops = append(ops, op{'-', xs[i]})
			i++
		default:
			ops = append(ops, op{'+', ys[j]})
			j++
		}
	}
	for _, l := range x[len(x)-suf:] {
		ops = append(ops, op{' ', l})
	}
	// Group the changes into hunks with three lines of context.
	const ctx = 3
	var out strings.Builder
	fmt.Fprintf(&out, "--- %s\n+++ %s\n", path, path)
	k := 0
	for k < len(ops) {
		if ops[k].kind == ' ' {
			k++
			continue
		}
		start := max(0, k-ctx)
		end := k
		for end < len(ops) {
			if ops[end].kind != ' ' {
				end++
				continue
			}
			run := 0
			for end+run < len(ops) && ops[end+run].kind == ' ' {
				run++
			}
			if end+run == len(ops) || run > 2*ctx {
				end = min(len(ops), end+ctx)
				break
			}
			end += run
		}
		// Line numbers of the hunk's start on each side.
		la, lb := 1, 1
		for _, o := range ops[:start] {
			if o.kind != '+' {
				la++
			}
			if o.kind != '-' {
				lb++
			}
		}
		na, nb := 0, 0
		for _, o := range ops[start:end] {
			if o.kind != '+' {
				na++
			}
			if o.kind != '-' {
				nb++
			}
		}
		fmt.Fprintf(&out, "@@ -%d,%d +%d,%d @@\n", la, na, lb, nb)
		for _, o := range ops[start:end] {
			fmt.Fprintf(&out, "%c%s\n", o.kind, o.text)
		}
		k = end
	}
	return out.String()
}

// splitLines splits data into lines without their newlines.
func splitLines(data []byte) []string {
	s := strings.TrimSuffix(string(data), "\n")
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}
