package view

import (
	"fmt"

	"github.com/treatycond/treatycond/treaty"
)

// StatementNode is a party's reservation, declaration, acceptance or
// objection (see [treaty.Statement]), after the clauses of its
// instrument.
const StatementNode NodeKind = "statement"

// Kinds of edge for statements: a party makes a statement (StatesEdge); a
// reservation or declaration bears on a clause (ReservesEdge); an
// acceptance or objection answers a reservation (AnswersEdge, labelled
// "accepts", "objects to" or "objects to, opposing entry into force").
const (
	StatesEdge   EdgeKind = "states"
	ReservesEdge EdgeKind = "reserves"
	AnswersEdge  EdgeKind = "answers"
)

// addStatements adds the statements of inst and their edges.
func (g *Graph) addStatements(inst *treaty.Instrument) {
	for i := range inst.Statements {
		s := &inst.Statements[i]
		id := "statement:" + s.ID
		label := []string{s.ID + " (" + string(s.Kind) + ")", "by " + s.Author + ", " + s.Made.String()}
		switch {
		case s.Effect == treaty.Excludes:
			label = append(label, "excludes")
		case s.Effect == treaty.Modifies:
			label = append(label, "modifies: applies only if "+s.Condition.String())
		}
		if !s.Withdrawn.IsZero() {
			label = append(label, "withdrawn "+s.Withdrawn.String())
		}
		g.Nodes = append(g.Nodes, Node{ID: id, Kind: StatementNode, Ref: s.ID, Label: label})
		made := s.Made
		g.Edges = append(g.Edges, Edge{From: "party:" + s.Author, To: id, Kind: StatesEdge, Label: string(s.Kind), Date: &made})
		for _, c := range s.Clauses {
			e := Edge{From: id, To: "clause:" + c, Kind: ReservesEdge, Label: string(s.Effect)}
			if e.Label == "" {
				e.Label = "declares on"
			}
			if s.Effect == treaty.Modifies {
				e.Condition = s.Condition.String()
			}
			g.Edges = append(g.Edges, e)
		}
		if s.Reservation != "" {
			label := "accepts"
			if s.Kind == treaty.ObjectionToReservation {
				label = "objects to"
				if s.OpposesEntryIntoForce {
					label += ", opposing entry into force"
				}
			}
			g.Edges = append(g.Edges, Edge{From: id, To: "statement:" + s.Reservation, Kind: AnswersEdge,
				Label: fmt.Sprintf("%s (%s)", label, s.Made)})
		}
	}
}
