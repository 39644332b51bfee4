package view

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/treatycond/treatycond/treaty"
)

// GraphSchema is the version tag of a [Graph] in JSON.
const GraphSchema = "treatycond.graph/v1"

// Graph is a model drawn as a directed graph: parties, instruments and
// clauses as nodes; membership, authorship, succession, the clauses of an
// instrument and the relations one instrument makes about another as
// edges. Instrument nodes name the readings that accept or reject them.
//
// In JSON it is versioned by "schema": "treatycond.graph/v1"; the JSON
// Schema is JSONSchema("graph").
type Graph struct {
	// Schema is GraphSchema.
	Schema string `json:"schema"`
	// Model is the model's id; Title its title, or its id.
	Model string `json:"model"`
	Title string `json:"title"`
	// Nodes lists the parties, then each instrument followed by its
	// clauses and its exceptions, in model order.
	Nodes []Node `json:"nodes"`
	// Edges lists successions, then per instrument its authorship,
	// membership and clause edges and its exceptions' edges, then every
	// relation, in model order.
	// Edges never name a node the graph does not have.
	Edges []Edge `json:"edges"`
}

// NodeKind classifies a node of a [Graph].
type NodeKind string

// Kinds of node.
const (
	PartyNode      NodeKind = "party"
	InstrumentNode NodeKind = "instrument"
	ClauseNode     NodeKind = "clause"
	// ExceptionNode is an exception (see [treaty.Exception]), after the
	// clauses of its instrument.
	ExceptionNode NodeKind = "exception"
)

// Node is a party, instrument or clause.
type Node struct {
	// ID is unique in the graph: the kind, a colon and the model id, such
	// as "instrument:jsd1956".
	ID   string   `json:"id"`
	Kind NodeKind `json:"kind"`
	// Ref is the id in the model.
	Ref string `json:"ref"`
	// Label is the node's text, one line per element: for a party its
	// name and kind; for an instrument its title, id and kind, dates, and
	// the readings that accept and reject it; for a clause its id and
	// article, who must (may, must not) do what, its condition, deadline
	// and start.
	Label []string `json:"label"`
}

// EdgeKind classifies an edge of a [Graph].
type EdgeKind string

// Kinds of edge. A relation edge has the kind of its relation, such as
// "adds_condition" (see [treaty.RelationKind]).
const (
	ContinuesEdge EdgeKind = "continues" // a party continues another
	PartyEdge     EdgeKind = "party"     // a party is party to an instrument
	AuthorEdge    EdgeKind = "author"    // a party is the author of an instrument
	ClauseEdge    EdgeKind = "clause"    // an instrument holds a clause
	// ExceptionEdge: an instrument states an exception; OverridesEdge: an
	// exception disapplies a clause, exception or instrument where its
	// condition holds.
	ExceptionEdge EdgeKind = "exception"
	OverridesEdge EdgeKind = "overrides"
)

// Edge is a labelled, directed edge between two nodes.
type Edge struct {
	From string   `json:"from"`
	To   string   `json:"to"`
	Kind EdgeKind `json:"kind"`
	// Label says what the edge means, such as "adds condition:
	// foreign_troops.withdrawn (1960-01-27)".
	Label string `json:"label"`
	// Date is when a succession or relation takes effect; Until when a
	// suspension ends.
	Date  *treaty.Date `json:"date,omitempty"`
	Until *treaty.Date `json:"until,omitempty"`
	// Condition is the condition a relation adds or puts in place.
	Condition string `json:"condition,omitempty"`
}

// relation reports whether the edge is a relation between instruments or
// clauses, or a succession: the edges drawn bold.
func (e Edge) strong() bool {
	return e.Kind != PartyEdge && e.Kind != AuthorEdge && e.Kind != ClauseEdge && e.Kind != ExceptionEdge
}

// NewGraph lays out m as a graph. It works on models that do not validate
// too (edges to unknown parties are left out) and never modifies m.
func NewGraph(m *treaty.Model) *Graph {
	g := &Graph{Schema: GraphSchema, Model: m.ID, Title: cmpOr(m.Title, m.ID), Nodes: []Node{}, Edges: []Edge{}}
	acc := newAcceptance(m)
	for _, p := range m.Parties {
		lines := []string{p.Name + " (" + p.ID + ")"}
		if p.Kind != "" {
			lines = append(lines, string(p.Kind))
		}
		g.Nodes = append(g.Nodes, Node{ID: "party:" + p.ID, Kind: PartyNode, Ref: p.ID, Label: lines})
		if p.Continues != nil {
			from := p.Continues.From
			g.Edges = append(g.Edges, Edge{From: "party:" + p.ID, To: "party:" + p.Continues.Party, Kind: ContinuesEdge,
				Label: "continues from " + from.String(), Date: &from})
		}
	}
	clauseIDs := map[string]bool{}
	for _, inst := range m.Instruments {
		for _, c := range inst.Clauses {
			clauseIDs[c.ID] = true
		}
	}
	exceptionIDs := exceptionIDs(m)
	target := func(id string) string {
		if exceptionIDs[id] {
			return "exception:" + id
		}
		if clauseIDs[id] {
			return "clause:" + id
		}
		return "instrument:" + id
	}
	for i := range m.Instruments {
		inst := &m.Instruments[i]
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
		accepted, rejected := acc.of(inst)
		if len(accepted) > 0 {
			lines = append(lines, "accepted by: "+strings.Join(accepted, ", "))
		}
		if len(rejected) > 0 {
			lines = append(lines, "rejected by: "+strings.Join(rejected, "; "))
		}
		if inst.Dormant {
			lines = append(lines, "dormant until activated")
		}
		g.Nodes = append(g.Nodes, Node{ID: id, Kind: InstrumentNode, Ref: inst.ID, Label: lines})
		if inst.Author != "" {
			g.Edges = append(g.Edges, Edge{From: "party:" + inst.Author, To: id, Kind: AuthorEdge, Label: "author"})
		}
		for _, p := range inst.Parties {
			g.Edges = append(g.Edges, Edge{From: "party:" + p, To: id, Kind: PartyEdge, Label: "party"})
		}
		for _, mb := range inst.Members {
			g.Edges = append(g.Edges, memberEdge(mb, id))
		}
		for j := range inst.Clauses {
			c := &inst.Clauses[j]
			cid := "clause:" + c.ID
			clines := []string{c.ID}
			if c.Article != "" {
				clines[0] += " (" + c.Article + ")"
			}
			clines = append(clines, clauseSentence(c))
			if !c.Condition.IsZero() {
				if c.Kind == treaty.Power {
					clines = append(clines, "available if "+c.Condition.String())
				} else {
					clines = append(clines, "if "+c.Condition.String())
				}
			}
			if c.Deadline != nil {
				clines = append(clines, "deadline "+whenText(c.Deadline))
			}
			if c.NotBefore != nil {
				clines = append(clines, "not before "+whenText(c.NotBefore))
			}
			if c.From != nil {
				clines = append(clines, "in force from "+whenText(c.From))
			}
			if c.Until != nil {
				clines = append(clines, "in force until "+whenText(c.Until)+" (exclusive)")
			}
			clines = append(clines, powerLines(c)...)
			g.Nodes = append(g.Nodes, Node{ID: cid, Kind: ClauseNode, Ref: c.ID, Label: clines})
			g.Edges = append(g.Edges, Edge{From: id, To: cid, Kind: ClauseEdge, Label: "clause"})
		}
		g.addExceptions(m, inst, target)
		g.addStatements(inst)
	}
	for i := range m.Instruments {
		inst := &m.Instruments[i]
		for j := range inst.Relations {
			g.Edges = append(g.Edges, relationEdge(inst, &inst.Relations[j], target(inst.Relations[j].Target)))
		}
		for j := range inst.Clauses {
			if c := &inst.Clauses[j]; c.Kind == treaty.Power && c.Power != nil {
				for k := range c.Power.Effects {
					g.Edges = append(g.Edges, effectEdge(c, &c.Power.Effects[k], target(c.Power.Effects[k].Target)))
				}
			}
		}
	}
	// Drop edges to nodes that do not exist (an invalid model may name
	// unknown parties); a graph must not invent nodes.
	known := map[string]bool{}
	for _, n := range g.Nodes {
		known[n.ID] = true
	}
	g.Edges = slices.DeleteFunc(g.Edges, func(e Edge) bool { return !known[e.From] || !known[e.To] })
	return g
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// clauseSentence says who must (may, must not) do what, for whom.
func clauseSentence(c *treaty.Clause) string {
	verb := map[treaty.Deontic]string{treaty.Obligation: "must", treaty.Permission: "may", treaty.Prohibition: "must not", treaty.Power: "has the power to"}[c.Kind]
	if verb == "" {
		verb = string(c.Kind)
	}
	s := fmt.Sprintf("%s %s %s", c.Bearer, verb, c.Action)
	if len(c.Objects) > 0 {
		s += " (" + strings.Join(c.Objects, ", ") + ")"
	}
	if c.Beneficiary != "" {
		s += " for " + c.Beneficiary
	}
	return s
}

// whenText renders a When: a date, or a period after an anchor.
func whenText(w *treaty.When) string {
	if !w.Date.IsZero() {
		return w.Date.String()
	}
	return w.After.String() + " after " + cmpOr(w.From, "due")
}

// powerLines describes a power's terms and a dormant clause, for its
// node's label.
func powerLines(c *treaty.Clause) []string {
	var out []string
	if c.Dormant {
		out = append(out, "dormant until activated")
	}
	p := c.Power
	if c.Kind != treaty.Power || p == nil {
		return out
	}
	ex := "exercised when " + p.Exercise + " becomes true"
	if len(p.Holders) > 0 {
		ex += " (holders: " + strings.Join(p.Holders, ", ") + ")"
	}
	out = append(out, ex)
	if !p.After.IsZero() {
		out = append(out, "takes effect "+p.After.String()+" after the exercise")
	}
	if !p.BlockedBy.IsZero() {
		out = append(out, "unless "+p.BlockedBy.String()+" within the delay")
	}
	return out
}

// effectEdge is the edge of a power's effect e, from the power clause c
// to the node to; its date depends on the scenario, so it has none.
func effectEdge(c *treaty.Clause, e *treaty.Relation, to string) Edge {
	edge := Edge{From: "clause:" + c.ID, To: to, Kind: EdgeKind(e.Kind), Label: "on exercise"}
	if !c.Power.After.IsZero() {
		edge.Label += " + " + c.Power.After.String()
	}
	edge.Label += ": " + strings.ReplaceAll(string(e.Kind), "_", " ")
	if (e.Kind == treaty.AddsCondition || e.Kind == treaty.ReplacesCondition) && !e.Condition.IsZero() {
		edge.Condition = e.Condition.String()
		edge.Label += ": " + edge.Condition
	}
	return edge
}

// relationEdge is the edge of relation r made by src, to the node to.
func relationEdge(src *treaty.Instrument, r *treaty.Relation, to string) Edge {
	e := Edge{From: "instrument:" + src.ID, To: to, Kind: EdgeKind(r.Kind)}
	from := r.From
	if from.IsZero() {
		from = src.InForce
	}
	if from.IsZero() {
		from = src.Signed
	}
	e.Label = strings.ReplaceAll(string(r.Kind), "_", " ")
	if (r.Kind == treaty.AddsCondition || r.Kind == treaty.ReplacesCondition) && !r.Condition.IsZero() {
		e.Condition = r.Condition.String()
		e.Label += ": " + e.Condition
	}
	if !from.IsZero() {
		e.Date = &from
	}
	switch {
	case r.Kind == treaty.Suspends && !r.Until.IsZero():
		until := r.Until
		e.Until = &until
		e.Label += fmt.Sprintf(" (%s to %s)", from, r.Until)
	case !from.IsZero():
		e.Label += " (" + from.String() + ")"
	}
	return e
}

// acceptance works out which readings accept which instruments, as
// [treaty.Evaluate] does: a reading accepts the instruments its party, or
// a party it continues, is party to or author of, plus those it lists in
// "accepts", less those it rejects.
type acceptance struct {
	readings []treaty.Reading
	parties  map[string]*treaty.Party
}

func newAcceptance(m *treaty.Model) *acceptance {
	a := &acceptance{readings: m.Readings, parties: map[string]*treaty.Party{}}
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

func readingName(r *treaty.Reading) string { return cmpOr(r.ID, r.Party) }

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

// WriteText writes the graph as an outline: the parties, then each
// instrument with its clauses, then the edges, one per line, as "FROM ->
// TO: label" with the model ids of the nodes.
func (g *Graph) WriteText(w io.Writer) error {
	ew := &errWriter{w: w}
	fmt.Fprintf(ew, "%s (model %s)\n", g.Title, g.Model)
	section := NodeKind("")
	for _, n := range g.Nodes {
		if n.Kind != section && n.Kind != ClauseNode && n.Kind != ExceptionNode {
			section = n.Kind
			fmt.Fprintf(ew, "\n%s:\n", map[NodeKind]string{PartyNode: "Parties", InstrumentNode: "Instruments and their clauses"}[n.Kind])
		}
		indent := "  "
		if n.Kind == ClauseNode || n.Kind == ExceptionNode {
			indent = "      "
		}
		fmt.Fprintf(ew, "%s%s\n", indent, strings.Join(n.Label, "; "))
	}
	fmt.Fprint(ew, "\nEdges:\n")
	ref := map[string]string{}
	for _, n := range g.Nodes {
		ref[n.ID] = n.Ref
	}
	for _, e := range g.Edges {
		fmt.Fprintf(ew, "  %s -> %s: %s\n", ref[e.From], ref[e.To], e.Label)
	}
	return ew.err
}

// dotQuote quotes s as a DOT string.
func dotQuote(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\r", "")
	return `"` + r.Replace(s) + `"`
}

// WriteDOT writes the graph in Graphviz DOT: parties as ellipses,
// instruments as rounded boxes, clauses as notes; membership edges dashed,
// relations and successions bold. Render it with "dot -Tsvg".
func (g *Graph) WriteDOT(w io.Writer) error {
	ew := &errWriter{w: w}
	fmt.Fprintf(ew, "digraph %s {\n", dotQuote(g.Title))
	fmt.Fprintf(ew, "  label=%s;\n  labelloc=t;\n  rankdir=LR;\n", dotQuote(g.Title))
	fmt.Fprint(ew, "  node [fontname=\"Helvetica\", fontsize=10];\n  edge [fontname=\"Helvetica\", fontsize=9];\n")
	for _, n := range g.Nodes {
		attrs := map[NodeKind]string{
			PartyNode:      `shape=ellipse, style=filled, fillcolor="#e8f0fe"`,
			InstrumentNode: `shape=box, style="rounded,filled", fillcolor="#fff4e0"`,
			ClauseNode:     `shape=note, style=filled, fillcolor="#eef8ee"`,
			ExceptionNode:  `shape=hexagon, style=filled, fillcolor="#fde8e8"`,
			StatementNode:  `shape=cds, style=filled, fillcolor="#f3e8fd"`,
		}[n.Kind]
		fmt.Fprintf(ew, "  %s [label=%s, %s];\n", dotQuote(n.ID), dotQuote(strings.Join(n.Label, "\n")), attrs)
	}
	for _, e := range g.Edges {
		fmt.Fprintf(ew, "  %s -> %s [label=%s, style=%s];\n", dotQuote(e.From), dotQuote(e.To), dotQuote(e.Label), edgeStyle(e))
	}
	fmt.Fprintln(ew, "}")
	return ew.err
}

// edgeStyle is "bold" for relations and successions, "dashed" for
// membership and authorship, "solid" for clauses.
func edgeStyle(e Edge) string {
	switch {
	case e.strong():
		return "bold"
	case e.Kind == ClauseEdge || e.Kind == ExceptionEdge:
		return "solid"
	}
	return "dashed"
}

// mermaidText escapes s for a double-quoted Mermaid label. Quotes, '#',
// '<' and '>' become entity codes; newlines become line breaks.
func mermaidText(s string) string {
	r := strings.NewReplacer("#", "#35;", `"`, "#quot;", "<", "#lt;", ">", "#gt;", "\r", "", "\n", "<br/>")
	return r.Replace(s)
}

// WriteMermaid writes the graph as a Mermaid flowchart, to paste into a
// Markdown ```mermaid block. Node ids are generated (n0, n1, ...) so that
// any model id is safe.
func (g *Graph) WriteMermaid(w io.Writer) error {
	ew := &errWriter{w: w}
	ids := map[string]string{}
	fmt.Fprintln(ew, "flowchart LR")
	for i, n := range g.Nodes {
		id := fmt.Sprintf("n%d", i)
		ids[n.ID] = id
		label := `"` + mermaidText(strings.Join(n.Label, "\n")) + `"`
		switch n.Kind {
		case PartyNode:
			fmt.Fprintf(ew, "  %s([%s])\n", id, label)
		case InstrumentNode:
			fmt.Fprintf(ew, "  %s[%s]\n", id, label)
		case ClauseNode:
			fmt.Fprintf(ew, "  %s(%s)\n", id, label)
		case ExceptionNode:
			fmt.Fprintf(ew, "  %s{{%s}}\n", id, label)
		case StatementNode:
			fmt.Fprintf(ew, "  %s>%s]\n", id, label)
		}
	}
	for _, e := range g.Edges {
		arrow := map[string]string{"dashed": "-.->", "bold": "==>", "solid": "-->"}[edgeStyle(e)]
		fmt.Fprintf(ew, "  %s %s|\"%s\"| %s\n", ids[e.From], arrow, mermaidText(e.Label), ids[e.To])
	}
	var party, inst, clause, exc []string
	for _, n := range g.Nodes {
		switch n.Kind {
		case PartyNode:
			party = append(party, ids[n.ID])
		case InstrumentNode:
			inst = append(inst, ids[n.ID])
		case ClauseNode:
			clause = append(clause, ids[n.ID])
		case ExceptionNode:
			exc = append(exc, ids[n.ID])
		}
	}
	fmt.Fprintln(ew, "  classDef party fill:#e8f0fe,stroke:#4a6fa5")
	fmt.Fprintln(ew, "  classDef instrument fill:#fff4e0,stroke:#b07a1e")
	fmt.Fprintln(ew, "  classDef clause fill:#eef8ee,stroke:#3c8a3c")
	if len(exc) > 0 {
		fmt.Fprintln(ew, "  classDef exception fill:#fde8e8,stroke:#a33")
	}
	for _, c := range []struct {
		name string
		ids  []string
	}{{"party", party}, {"instrument", inst}, {"clause", clause}, {"exception", exc}} {
		if len(c.ids) > 0 {
			fmt.Fprintf(ew, "  class %s %s\n", strings.Join(c.ids, ","), c.name)
		}
	}
	return ew.err
}

// errWriter remembers the first write error, so that rendering code can
// check once at the end.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	e.err = err
	return n, err
}

// memberEdge is the edge of a dated member of an instrument: its label
// lists the member's dates as the model records them (signature,
// consent, entry into force for it, withdrawal), Date is its consent (or
// signature) and Until the day its withdrawal took effect, when the model
// gives it. The date a party is bound from, when computed from the
// instrument's rules, is in reports and timelines, which evaluate.
func memberEdge(mb treaty.Member, to string) Edge {
	var parts []string
	add := func(what string, d treaty.Date) {
		if !d.IsZero() {
			parts = append(parts, what+" "+d.String())
		}
	}
	add("signed", mb.Signed)
	how := "consent"
	if mb.How != "" {
		how = string(mb.How)
	}
	add(how, mb.Consent)
	add("in force for it", mb.InForce)
	e := Edge{From: "party:" + mb.Party, To: to, Kind: PartyEdge}
	if w := mb.Withdrawal; w != nil {
		add("withdrawal notified", w.Notified)
		add("withdrawal effective", w.Effective)
		if !w.Effective.IsZero() {
			until := w.Effective
			e.Until = &until
		}
	}
	date := mb.Consent
	if date.IsZero() {
		date = mb.Signed
	}
	if !date.IsZero() {
		e.Date = &date
	}
	e.Label = "member"
	if len(parts) > 0 {
		e.Label += ": " + strings.Join(parts, "; ")
	}
	return e
}
