package view

import (
	"fmt"
	"strings"

	"github.com/treatycond/treatycond/treaty"
)

// exceptionIDs returns the ids of m's exceptions.
func exceptionIDs(m *treaty.Model) map[string]bool {
	ids := map[string]bool{}
	for _, inst := range m.Instruments {
		for _, e := range inst.Exceptions {
			ids[e.ID] = true
		}
	}
	return ids
}

// addExceptions adds the exceptions of inst as nodes after its clauses,
// with an edge from the instrument and one "overrides" edge per target;
// target maps a model id to its node id.
func (g *Graph) addExceptions(m *treaty.Model, inst *treaty.Instrument, target func(string) string) {
	for j := range inst.Exceptions {
		e := &inst.Exceptions[j]
		id := "exception:" + e.ID
		lines := []string{e.ID}
		if e.Article != "" {
			lines[0] += " (" + e.Article + ")"
		}
		cond := "always"
		if !e.Condition.IsZero() {
			cond = "where " + e.Condition.String()
		}
		lines = append(lines, "disapplies "+strings.Join(e.Overrides, ", ")+" "+cond)
		ranks := []string{fmt.Sprintf("priority %d", e.Priority)}
		for i := range m.Readings {
			r := &m.Readings[i]
			for _, p := range r.Priorities {
				if p.Provision == e.ID {
					ranks = append(ranks, fmt.Sprintf("%d under %s", p.Priority, readingName(r)))
				}
			}
		}
		lines = append(lines, strings.Join(ranks, "; "))
		g.Nodes = append(g.Nodes, Node{ID: id, Kind: ExceptionNode, Ref: e.ID, Label: lines})
		g.Edges = append(g.Edges, Edge{From: "instrument:" + inst.ID, To: id, Kind: ExceptionEdge, Label: "exception"})
		for _, t := range e.Overrides {
			label := "overrides"
			if !e.Condition.IsZero() {
				label += " where " + e.Condition.String()
			}
			g.Edges = append(g.Edges, Edge{From: id, To: target(t), Kind: OverridesEdge, Label: label, Condition: e.Condition.String()})
		}
	}
}

// exceptionsOf returns the ids of the exceptions of a clause's exception
// tree that apply to it, and of those whose application is unknown.
func exceptionsOf(ns []treaty.ExceptionNode) (applies, unknown []string) {
	for _, n := range ns {
		switch n.Status {
		case treaty.ExceptionApplies:
			applies = append(applies, n.Exception)
		case treaty.ExceptionUndetermined:
			unknown = append(unknown, n.Exception)
		}
	}
	return applies, unknown
}
