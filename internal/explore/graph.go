package explore

import (
	"slices"
	"strings"

	"github.com/treatycond/treatycond/treaty"
)

// Graph is the model as a graph: parties, instruments and clauses as
// nodes; membership, authorship, clauses, relations and successions as
// edges. The page lays it out in three columns.
type Graph struct {
	Nodes []Node `json:"nodes"`
	Edges []Edge `json:"edges"`
}

// Node is a party, an instrument or a clause.
type Node struct {
	ID    string `json:"id"`
	Kind  string `json:"kind"` // "party", "instrument" or "clause"
	Label string `json:"label"`
	// Detail is a line under the label: a party's kind, an instrument's
	// dates, a clause's deontic summary.
	Detail string `json:"detail,omitempty"`
	// AcceptedBy and RejectedBy name the readings that accept or reject
	// an instrument; a rejection says by which instrument and from when.
	AcceptedBy []string `json:"accepted_by,omitempty"`
	RejectedBy []string `json:"rejected_by,omitempty"`
}

// Edge is a relation between two nodes.
type Edge struct {
	From  string `json:"from"`
	To    string `json:"to"`
	Kind  string `json:"kind"` // party, author, clause, continues, or a relation kind
	Label string `json:"label,omitempty"`
}

// buildGraph draws m. Acceptance follows the rule of [treaty.Evaluate]: a
// reading accepts the instruments its party, or a party it continues, is
// party to or author of, plus those it lists in "accepts", less those it
// rejects.
func buildGraph(m *treaty.Model) Graph {
	var g Graph
	parties := map[string]*treaty.Party{}
	for i := range m.Parties {
		p := &m.Parties[i]
		parties[p.ID] = p
		g.Nodes = append(g.Nodes, Node{ID: "party:" + p.ID, Kind: "party", Label: p.Name + " (" + p.ID + ")", Detail: string(p.Kind)})
		if p.Continues != nil {
			g.Edges = append(g.Edges, Edge{From: "party:" + p.ID, To: "party:" + p.Continues.Party, Kind: "continues",
				Label: "continues from " + p.Continues.From.String()})
		}
	}
	rs := readings(m)
	own := func(p string, inst *treaty.Instrument) bool {
		for seen := 0; p != "" && seen <= len(parties); seen++ {
			if inst.Author == p || slices.Contains(inst.Parties, p) {
				return true
			}
			party, ok := parties[p]
			if !ok || party.Continues == nil {
				return false
			}
			p = party.Continues.Party
		}
		return false
	}
	ids := map[string]string{} // instrument or clause id -> node id
	for _, inst := range m.Instruments {
		ids[inst.ID] = "instrument:" + inst.ID
		for _, c := range inst.Clauses {
			ids[c.ID] = "clause:" + c.ID
		}
	}
	for i := range m.Instruments {
		inst := &m.Instruments[i]
		var dates []string
		if !inst.Signed.IsZero() {
			dates = append(dates, "signed "+inst.Signed.String())
		}
		if !inst.InForce.IsZero() {
			dates = append(dates, "in force "+inst.InForce.String())
		}
		if !inst.Terminated.IsZero() {
			dates = append(dates, "ended "+inst.Terminated.String())
		}
		n := Node{ID: "instrument:" + inst.ID, Kind: "instrument", Label: inst.Title,
			Detail: inst.ID + " (" + strings.ReplaceAll(string(inst.Kind), "_", " ") + ")"}
		if len(dates) > 0 {
			n.Detail += "; " + strings.Join(dates, ", ")
		}
		for j := range rs {
			r := &rs[j]
			id := r.ID
			if id == "" {
				id = r.Party
			}
			rejected := false
			for _, rej := range r.Rejects {
				if rej.Instrument != inst.ID {
					continue
				}
				rejected = true
				var why []string
				if rej.By != "" {
					why = append(why, "by "+rej.By)
				}
				if !rej.Date.IsZero() {
					why = append(why, "from "+rej.Date.String())
				}
				s := id
				if len(why) > 0 {
					s += " (" + strings.Join(why, ", ") + ")"
				}
				n.RejectedBy = append(n.RejectedBy, s)
			}
			if !rejected && (slices.Contains(r.Accepts, inst.ID) || own(r.Party, inst)) {
				n.AcceptedBy = append(n.AcceptedBy, id)
			}
		}
		g.Nodes = append(g.Nodes, n)
		for _, p := range inst.Parties {
			g.Edges = append(g.Edges, Edge{From: "party:" + p, To: n.ID, Kind: "party"})
		}
		if inst.Author != "" {
			g.Edges = append(g.Edges, Edge{From: "party:" + inst.Author, To: n.ID, Kind: "author"})
		}
		for _, c := range inst.Clauses {
			detail := c.Bearer + " " + map[treaty.Deontic]string{treaty.Obligation: "must", treaty.Permission: "may", treaty.Prohibition: "must not"}[c.Kind] + " " + c.Action
			if len(c.Objects) > 0 {
				detail += " (" + strings.Join(c.Objects, ", ") + ")"
			}
			if c.Beneficiary != "" {
				detail += " for " + c.Beneficiary
			}
			label := c.ID
			if c.Article != "" {
				label += " (" + c.Article + ")"
			}
			g.Nodes = append(g.Nodes, Node{ID: "clause:" + c.ID, Kind: "clause", Label: label, Detail: detail})
			g.Edges = append(g.Edges, Edge{From: n.ID, To: "clause:" + c.ID, Kind: "clause"})
		}
		for _, r := range inst.Relations {
			to, ok := ids[r.Target]
			if !ok {
				continue
			}
			label := strings.ReplaceAll(string(r.Kind), "_", " ")
			if !r.Condition.IsZero() {
				label += ": " + r.Condition.String()
			}
			from := r.From
			if from.IsZero() {
				from = inst.InForce
				if from.IsZero() {
					from = inst.Signed
				}
			}
			if !from.IsZero() {
				label += " (" + from.String()
				if !r.Until.IsZero() {
					label += " to " + r.Until.String()
				}
				label += ")"
			}
			g.Edges = append(g.Edges, Edge{From: n.ID, To: to, Kind: string(r.Kind), Label: label})
		}
	}
	return g
}
