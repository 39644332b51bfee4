package main

import (
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/treatycond/treatycond/treaty"
)

var graphCmd = &command{
	name:    "graph",
	args:    "MODEL.json [--format dot|mermaid]",
	short:   "draw parties, instruments, clauses and relations as a graph",
	minArgs: 1, maxArgs: 1,
	long: `
Graph prints the model as a directed graph in Graphviz DOT or as a Mermaid
flowchart:

  - parties (with the party they continue, and from when);
  - instruments, labelled with kind and dates and with the readings that
    accept or reject them (a rejection shows the rejecting instrument and
    date);
  - clauses, labelled with who must, may or must not do what, and their
    own condition;
  - edges from parties to the instruments they are party to or author of,
    from instruments to their clauses, and for every relation, labelled
    with its kind, condition and date, such as
    "adds condition: foreign_troops.withdrawn (1960-01-27)".

Render DOT with 'dot -Tsvg'; paste Mermaid into a Markdown ` + "```mermaid" + ` block.

Exit status: 0 on success, 2 on bad usage or when the model cannot be
loaded.`,
}

func init() {
	graphCmd.setup = func(fs *flag.FlagSet) func(*env, []string) int {
		format := newFormat(fs, "dot", "dot", "mermaid")
		return func(e *env, args []string) int {
			m, err := loadModelArg(args[0], "graph draws a model")
			if err != nil {
				for _, l := range errorLines(err) {
					fmt.Fprintf(e.stderr, "treaty graph: %s\n", l)
				}
				return exitUsage
			}
			g := buildGraph(m)
			if format.value == "mermaid" {
				err = g.writeMermaid(e.stdout)
			} else {
				err = g.writeDOT(e.stdout)
			}
			if err != nil {
				fmt.Fprintf(e.stderr, "treaty graph: %v\n", err)
				return exitUsage
			}
			return exitOK
		}
	}
}

// graph is a model reduced to labelled nodes and edges.
type graph struct {
	title string
	nodes []gnode
	edges []gedge
}

type nodeKind int

const (
	partyNode nodeKind = iota
	instrumentNode
	clauseNode
)

type gnode struct {
	id    string // unique, e.g. "instrument:jsd1956"
	kind  nodeKind
	lines []string
}

type gedge struct {
	from, to string
	label    string
	// style is "solid", "dashed" (membership) or "bold" (relations).
	style string
}

// buildGraph lays out m as a graph.
func buildGraph(m *treaty.Model) *graph {
	g := &graph{title: m.ID}
	if m.Title != "" {
		g.title = m.Title
	}
	acc := newAcceptance(m)
	for _, p := range m.Parties {
		lines := []string{p.Name + " (" + p.ID + ")"}
		if p.Kind != "" {
			lines = append(lines, string(p.Kind))
		}
		g.nodes = append(g.nodes, gnode{id: "party:" + p.ID, kind: partyNode, lines: lines})
		if p.Continues != nil {
			g.edges = append(g.edges, gedge{from: "party:" + p.ID, to: "party:" + p.Continues.Party,
				label: "continues from " + p.Continues.From.String(), style: "bold"})
		}
	}
	clauseIDs := map[string]bool{}
	for _, inst := range m.Instruments {
		for _, c := range inst.Clauses {
			clauseIDs[c.ID] = true
		}
	}
	target := func(id string) string {
		if clauseIDs[id] {
			return "clause:" + id
		}
		return "instrument:" + id
	}
	for _, inst := range m.Instruments {
		id := "instrument:" + inst.ID
		lines := []string{inst.Title, inst.ID + " (" + strings.ReplaceAll(string(inst.Kind), "_", " ") + ")"}
		var dates []string
		if !inst.Signed.IsZero() {
			dates = append(dates, "signed "+inst.Signed.String())
		}
		if !inst.InForce.IsZero() {
			dates = append(dates, "in force "+inst.InForce.String())
		}
		if !inst.Terminated.IsZero() {
			dates = append(dates, "terminated "+inst.Terminated.String())
		}
		if len(dates) > 0 {
			lines = append(lines, strings.Join(dates, ", "))
		}
		accepted, rejected := acc.of(&inst)
		if len(accepted) > 0 {
			lines = append(lines, "accepted by: "+strings.Join(accepted, ", "))
		}
		if len(rejected) > 0 {
			lines = append(lines, "rejected by: "+strings.Join(rejected, "; "))
		}
		g.nodes = append(g.nodes, gnode{id: id, kind: instrumentNode, lines: lines})
		if inst.Author != "" {
			g.edges = append(g.edges, gedge{from: "party:" + inst.Author, to: id, label: "author", style: "dashed"})
		}
		for _, p := range inst.Parties {
			g.edges = append(g.edges, gedge{from: "party:" + p, to: id, label: "party", style: "dashed"})
		}
		for _, c := range inst.Clauses {
			cid := "clause:" + c.ID
			info, _ := findClause(m, c.ID)
			clines := []string{c.ID}
			if c.Article != "" {
				clines[0] += " (" + c.Article + ")"
			}
			clines = append(clines, clauseSentence(info))
			if !c.Condition.IsZero() {
				clines = append(clines, "if "+c.Condition.String())
			}
			if c.Deadline != nil {
				clines = append(clines, "deadline "+whenText(c.Deadline))
			}
			if c.NotBefore != nil {
				clines = append(clines, "not before "+whenText(c.NotBefore))
			}
			g.nodes = append(g.nodes, gnode{id: cid, kind: clauseNode, lines: clines})
			g.edges = append(g.edges, gedge{from: id, to: cid, label: "clause", style: "solid"})
		}
	}
	for _, inst := range m.Instruments {
		for _, r := range inst.Relations {
			g.edges = append(g.edges, gedge{from: "instrument:" + inst.ID, to: target(r.Target),
				label: relationLabel(&inst, &r), style: "bold"})
		}
	}
	// Drop edges to nodes that do not exist (an invalid model may name
	// unknown parties); a graph must not invent nodes.
	known := map[string]bool{}
	for _, n := range g.nodes {
		known[n.id] = true
	}
	g.edges = slices.DeleteFunc(g.edges, func(e gedge) bool { return !known[e.from] || !known[e.to] })
	return g
}

// whenText renders a When.
func whenText(w *treaty.When) string {
	if !w.Date.IsZero() {
		return w.Date.String()
	}
	from := w.From
	if from == "" {
		from = "due"
	}
	return w.After.String() + " after " + from
}

// relationLabel says what a relation does, with its condition and date.
func relationLabel(src *treaty.Instrument, r *treaty.Relation) string {
	kind := strings.ReplaceAll(string(r.Kind), "_", " ")
	from := r.From
	if from.IsZero() {
		from = src.InForce
	}
	if from.IsZero() {
		from = src.Signed
	}
	label := kind
	if (r.Kind == treaty.AddsCondition || r.Kind == treaty.ReplacesCondition) && !r.Condition.IsZero() {
		label += ": " + r.Condition.String()
	}
	switch {
	case r.Kind == treaty.Suspends && !r.Until.IsZero():
		label += fmt.Sprintf(" (%s to %s)", from, r.Until)
	case !from.IsZero():
		label += " (" + from.String() + ")"
	}
	return label
}

// acceptance works out which readings accept which instruments, as
// [treaty.Evaluate] does: a reading accepts the instruments its party, or
// a party it continues, is party to or author of, plus those it lists in
// "accepts", less those it rejects.
type acceptance struct {
	m        *treaty.Model
	readings []treaty.Reading
	parties  map[string]*treaty.Party
}

func newAcceptance(m *treaty.Model) *acceptance {
	a := &acceptance{m: m, readings: m.Readings, parties: map[string]*treaty.Party{}}
	for i := range m.Parties {
		a.parties[m.Parties[i].ID] = &m.Parties[i]
	}
	if len(a.readings) == 0 {
		for _, p := range m.Parties {
			a.readings = append(a.readings, treaty.Reading{ID: p.ID, Party: p.ID})
		}
	}
	return a
}

func readingName(r *treaty.Reading) string {
	if r.ID != "" {
		return r.ID
	}
	return r.Party
}

// own reports whether party p, or a party it continues, is party to or
// author of inst.
func (a *acceptance) own(p string, inst *treaty.Instrument) bool {
	for seen := 0; p != "" && seen <= len(a.parties); seen++ {
		if inst.Author == p || slices.Contains(inst.Parties, p) {
			return true
		}
		party, ok := a.parties[p]
		if !ok || party.Continues == nil {
			return false
		}
		p = party.Continues.Party
	}
	return false
}

// of returns the readings that accept inst and those that reject it, the
// latter with the rejecting instrument and date.
func (a *acceptance) of(inst *treaty.Instrument) (accepted, rejected []string) {
	for i := range a.readings {
		r := &a.readings[i]
		rejectedHere := false
		for _, rej := range r.Rejects {
			if rej.Instrument != inst.ID {
				continue
			}
			rejectedHere = true
			s := readingName(r)
			var why []string
			if rej.By != "" {
				why = append(why, rej.By)
			}
			if !rej.Date.IsZero() {
				why = append(why, "from "+rej.Date.String())
			}
			if len(why) > 0 {
				s += " (" + strings.Join(why, ", ") + ")"
			}
			rejected = append(rejected, s)
		}
		if !rejectedHere && (slices.Contains(r.Accepts, inst.ID) || a.own(r.Party, inst)) {
			accepted = append(accepted, readingName(r))
		}
	}
	return accepted, rejected
}

// dotQuote quotes s as a DOT string.
func dotQuote(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\r", "")
	return `"` + r.Replace(s) + `"`
}

// writeDOT writes g in Graphviz DOT.
func (g *graph) writeDOT(w io.Writer) error {
	ew := &errWriter{w: w}
	fmt.Fprintf(ew, "digraph %s {\n", dotQuote(g.title))
	fmt.Fprintf(ew, "  label=%s;\n  labelloc=t;\n  rankdir=LR;\n", dotQuote(g.title))
	fmt.Fprint(ew, "  node [fontname=\"Helvetica\", fontsize=10];\n  edge [fontname=\"Helvetica\", fontsize=9];\n")
	for _, n := range g.nodes {
		attrs := map[nodeKind]string{
			partyNode:      `shape=ellipse, style=filled, fillcolor="#e8f0fe"`,
			instrumentNode: `shape=box, style="rounded,filled", fillcolor="#fff4e0"`,
			clauseNode:     `shape=note, style=filled, fillcolor="#eef8ee"`,
		}[n.kind]
		fmt.Fprintf(ew, "  %s [label=%s, %s];\n", dotQuote(n.id), dotQuote(strings.Join(n.lines, "\n")), attrs)
	}
	for _, e := range g.edges {
		fmt.Fprintf(ew, "  %s -> %s [label=%s, style=%s];\n", dotQuote(e.from), dotQuote(e.to), dotQuote(e.label), e.style)
	}
	fmt.Fprintln(ew, "}")
	return ew.err
}

// mermaidText escapes s for a double-quoted Mermaid label. Quotes, '#',
// '<' and '>' become entity codes; newlines become line breaks.
func mermaidText(s string) string {
	r := strings.NewReplacer("#", "#35;", `"`, "#quot;", "<", "#lt;", ">", "#gt;", "\r", "", "\n", "<br/>")
	return r.Replace(s)
}

// writeMermaid writes g as a Mermaid flowchart. Node ids are generated
// (n0, n1, ...) so that any model id is safe.
func (g *graph) writeMermaid(w io.Writer) error {
	ew := &errWriter{w: w}
	ids := map[string]string{}
	fmt.Fprintln(ew, "flowchart LR")
	for i, n := range g.nodes {
		id := fmt.Sprintf("n%d", i)
		ids[n.id] = id
		label := `"` + mermaidText(strings.Join(n.lines, "\n")) + `"`
		switch n.kind {
		case partyNode:
			fmt.Fprintf(ew, "  %s([%s])\n", id, label)
		case instrumentNode:
			fmt.Fprintf(ew, "  %s[%s]\n", id, label)
		case clauseNode:
			fmt.Fprintf(ew, "  %s(%s)\n", id, label)
		}
	}
	for _, e := range g.edges {
		arrow := map[string]string{"dashed": "-.->", "bold": "==>", "solid": "-->"}[e.style]
		fmt.Fprintf(ew, "  %s %s|\"%s\"| %s\n", ids[e.from], arrow, mermaidText(e.label), ids[e.to])
	}
	var party, inst, clause []string
	for _, n := range g.nodes {
		switch n.kind {
		case partyNode:
			party = append(party, ids[n.id])
		case instrumentNode:
			inst = append(inst, ids[n.id])
		case clauseNode:
			clause = append(clause, ids[n.id])
		}
	}
	fmt.Fprintln(ew, "  classDef party fill:#e8f0fe,stroke:#4a6fa5")
	fmt.Fprintln(ew, "  classDef instrument fill:#fff4e0,stroke:#b07a1e")
	fmt.Fprintln(ew, "  classDef clause fill:#eef8ee,stroke:#3c8a3c")
	for _, c := range []struct {
		name string
		ids  []string
	}{{"party", party}, {"instrument", inst}, {"clause", clause}} {
		if len(c.ids) > 0 {
			fmt.Fprintf(ew, "  class %s %s\n", strings.Join(c.ids, ","), c.name)
		}
	}
	return ew.err
}
