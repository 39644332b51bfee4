package treaty_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/treatycond/treatycond/conditions"
	"github.com/treatycond/treatycond/treaty"
)

// lysBuilder builds the model of testdata/minimal.json in Go.
func lysBuilder() *treaty.Builder {
	d := treaty.MustDate
	src := func(title, article string) treaty.Source { return treaty.Source{Title: title, Article: article} }
	b := treaty.NewBuilder("lys", "The Lys river agreements (fictitious)")
	b.Note("A made-up set of agreements over a made-up river, written to use every field of the model format.")
	b.Source(treaty.Source{Title: "treatycond test data", Article: "none", Date: d("2024-01-01"),
		URL: "https://example.org/lys", Note: "Fictitious."})
	b.Fact("dam.completed", conditions.Bool, "The Lys dam is completed.").
		Fact("drought.declared", conditions.Bool, "A drought year is declared.").
		Fact("flow.minimum_m3s", conditions.Number, "Minimum flow at the border, in cubic metres per second.").
		Fact("commission.chair", conditions.String, "Surname of the chair of the River Commission.").
		Fact("referendum.held_on", conditions.Date, "Date of the valley referendum.").
		Fact("water.released", conditions.Bool, "Borvia has released the agreed water.").
		Fact("fishing.breached", conditions.Bool, "Fishing took place in the closed season.").
		Fact("survey.delivered", conditions.Bool, "")
	b.Party("AL", "Alderia", treaty.State).
		Party("BO", "Borvia", treaty.State, src("Borvian constitution", "Art. 1")).
		Party("NB", "New Borvia", treaty.State).Continues("NB", "BO", treaty.MustDate("2001-01-01")).
		Party("RC", "Lys River Commission", treaty.Organization).
		Party("FG", "Lys Fishers' Guild", treaty.Group).
		Party("LV", "Voters of the Lys valley", treaty.Population).
		Party("TR", "Lys Tribunal", "")
	b.Instrument("jd1989", "Joint Declaration on the Lys", treaty.KindJointDeclaration).
		Parties("AL", "BO").Signed(treaty.MustDate("1989-10-10"))
	b.Instrument("t1990", "Lys River Treaty", treaty.KindTreaty).
		Parties("AL", "BO").Signed(treaty.MustDate("1990-03-01")).InForce(treaty.MustDate("1990-06-01")).
		Note("The base treaty.").
		Source(treaty.Source{Title: "Lys River Treaty", Date: d("1990-03-01")}).
		Clause(treaty.Clause{
			ID: "t1990.art3.release", Article: "Article 3",
			Text: "Borvia shall release water from the Lys reservoir when the dam is completed and the flow allows.",
			Kind: treaty.Obligation, Bearer: "BO", Beneficiary: "AL", Action: "release water",
			Objects:   []string{"Lys reservoir"},
			NotBefore: &treaty.When{Date: d("1991-01-01")},
			Deadline:  &treaty.When{After: treaty.Period{Days: 30}, From: "due"},
			Performed: "water.released",
			Sources:   []treaty.Source{src("Lys River Treaty", "Article 3")},
			Notes:     []string{"The core obligation."},
		}, "dam.completed && flow.minimum_m3s >= 40").
		Clause(treaty.Clause{ID: "t1990.art5.fishing", Article: "Article 5", Kind: treaty.Prohibition,
			Bearer: "AL", Beneficiary: "BO", Action: "fish in the closed season", Performed: "fishing.breached"},
			`not commission.chair == "vacant"`).
		Clause(treaty.Clause{ID: "t1990.art7.survey", Kind: treaty.Permission, Bearer: "FG", Action: "survey fish stocks",
			NotBefore: &treaty.When{From: "signed"},
			Deadline:  &treaty.When{After: treaty.Period{Years: 1, Months: 6}, From: "referendum.held_on"}}, "")
	b.Instrument("p1995", "Protocol on Drought Years", treaty.KindProtocol).
		Parties("AL", "BO").Signed(treaty.MustDate("1995-02-01")).InForce(treaty.MustDate("1995-05-01")).Terminated(treaty.MustDate("2015-07-01")).
		Relation(treaty.Relation{Kind: treaty.AddsCondition, Target: "t1990.art3.release",
			Notes: []string{"No release in a drought year."}, Sources: []treaty.Source{src("Protocol", "Art. 1")}},
			"not drought.declared").
		Relation(treaty.Relation{Kind: treaty.Suspends, Target: "t1990.art5.fishing",
			From: d("1996-01-01"), Until: d("1997-01-01")}, "")
	b.Instrument("m2003", "Memorandum of New Borvia", treaty.KindMemorandum).Author("NB").Signed(treaty.MustDate("2003-04-10")).
		Relation(treaty.Relation{Kind: treaty.ReplacesCondition, Target: "t1990.art3.release"},
			"dam.completed and referendum.held_on <= @2003-12-31")
	b.Instrument("n2004", "Note verbale of Alderia", treaty.KindNote).Author("AL").Signed(treaty.MustDate("2004-01-15")).
		Relation(treaty.Relation{Kind: treaty.Rejects, Target: "m2003"}, "")
	b.Instrument("l2005", "Alderian Water Act", treaty.KindLaw).Author("AL").Signed(treaty.MustDate("2005-07-01")).InForce(treaty.MustDate("2005-09-01")).
		Relation(treaty.Relation{Kind: treaty.Terminates, Target: "t1990.art5.fishing", From: d("2006-01-01")}, "")
	b.Instrument("d2010", "Declaration of the Valley Assembly", treaty.KindDeclaration).Author("LV").Signed(treaty.MustDate("2010-05-05")).
		Relation(treaty.Relation{Kind: treaty.Reaffirms, Target: "t1990"}, "")
	b.Instrument("r2012", "Commission Resolution 12/4", treaty.KindResolution).Author("RC").Signed(treaty.MustDate("2012-11-20")).
		Relation(treaty.Relation{Kind: treaty.Reaffirms, Target: "t1990"}, "")
	b.Instrument("a2015", "Lys Basin Agreement", treaty.KindAgreement).
		Parties("AL", "NB").Signed(treaty.MustDate("2015-03-01")).InForce(treaty.MustDate("2015-07-01")).
		Clause(treaty.Clause{ID: "a2015.art2.data", Kind: treaty.Obligation, Bearer: "NB", Beneficiary: "AL",
			Action: "share gauge data", NotBefore: &treaty.When{From: "in_force"}, Deadline: &treaty.When{Date: d("2016-01-01")}},
			"atleast(1, survey.delivered, dam.completed)").
		Relation(treaty.Relation{Kind: treaty.Supersedes, Target: "p1995", From: d("2015-07-01")}, "")
	b.Instrument("s2018", "Joint statement of Alderia and New Borvia", treaty.KindStatement).
		Parties("AL", "NB").Signed(treaty.MustDate("2018-09-09")).
		Relation(treaty.Relation{Kind: treaty.Reaffirms, Target: "a2015"}, "")
	b.Instrument("aw2020", "Award of the Lys Tribunal", treaty.KindAward).
		Author("TR").Parties("AL", "NB").Signed(treaty.MustDate("2020-02-02")).
		Clause(treaty.Clause{ID: "aw2020.compensation", Kind: treaty.Obligation, Bearer: "NB", Beneficiary: "AL",
			Action: "pay compensation"}, `commission.chair == "Ortega" || -flow.minimum_m3s + 5 < 30 / 2`)
	b.Reading(treaty.Reading{ID: "AL", Party: "AL",
		Rejects: []treaty.Rejection{{Instrument: "m2003", By: "n2004", Date: d("2004-01-15"),
			Note: "Alderia does not accept the new condition."}},
		Notes:   []string{"Alderia's reading."},
		Sources: []treaty.Source{{Title: "Note verbale", Date: d("2004-01-15")}}}).
		Reading(treaty.Reading{ID: "NB", Party: "NB", Accepts: []string{"r2012"}}).
		Reading(treaty.Reading{ID: "AL-courts", Party: "AL", Accepts: []string{"r2012", "d2010"}})
	return b
}

func TestBuilderMatchesJSON(t *testing.T) {
	want, err := treaty.LoadModel("testdata/minimal.json")
	if err != nil {
		t.Fatal(err)
	}
	got, err := lysBuilder().Build()
	if err != nil {
		t.Fatal(err)
	}
	// Conditions compare by canonical text (Expr.Equal): the builder's
	// "&&" and "||" equal the file's "and" and "or".
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("built model differs from testdata/minimal.json (-json +built):\n%s", diff)
	}
}

func TestBuilderErrors(t *testing.T) {
	b := treaty.NewBuilder("x", "")
	b.Fact("a", conditions.Bool, "")
	b.Party("P", "P", treaty.State).Continues("Q", "P", treaty.MustDate("2000-01-01"))
	b.Instrument("i", "I", treaty.KindTreaty).Parties("P").Signed(treaty.MustDate("2000-02-28")).InForce(treaty.MustDate("2001-01-01")).
		Clause(treaty.Clause{ID: "c", Kind: treaty.Obligation, Bearer: "R", Action: "act"}, "a and (").
		Clause(treaty.Clause{ID: "d", Kind: treaty.Obligation, Bearer: "P", Action: "act"}, "b").
		Relation(treaty.Relation{Kind: treaty.AddsCondition, Target: "c"}, "a +")
	m, err := b.Build()
	if m != nil {
		t.Errorf("Build returned a model despite errors")
	}
	want := []string{
		`/parties: Continues: party "Q" is not declared (declare it with Party first)`,
		`/instruments/0/clauses/0/condition: 1:8: unexpected end of input: expected a condition`,
		`/instruments/0/relations/0/condition: 1:4: unexpected end of input: expected a value`,
		`/instruments/0/clauses/0/bearer: unknown party "R"`,
		`/instruments/0/clauses/1/condition: 1:1: unknown fact "b"`, // one letter for another is no misspelling
	}
	if diff := cmp.Diff(want, errorTexts(t, err)); diff != "" {
		t.Errorf("Build errors (-want +got):\n%s", diff)
	}
	if !errors.Is(err, conditions.ErrSyntax) || !errors.Is(err, treaty.ErrUnknownParty) {
		t.Errorf("errors.Is must find conditions.ErrSyntax and treaty.ErrUnknownParty in %v", err)
	}
}

func TestBuilderDoesNotAlias(t *testing.T) {
	objects := []string{"x"}
	sources := []treaty.Source{{Title: "s"}}
	accepts := []string{"i"}
	when := &treaty.When{Date: treaty.MustDate("2001-01-01")}
	b := treaty.NewBuilder("m", "")
	b.Party("P", "P", treaty.State, sources...)
	ib := b.Instrument("i", "I", treaty.KindTreaty).Parties("P")
	ib.Clause(treaty.Clause{ID: "c", Kind: treaty.Obligation, Bearer: "P", Action: "a", Objects: objects, Deadline: when, Sources: sources}, "")
	b.Reading(treaty.Reading{Party: "P", Accepts: accepts})
	m1, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	snapshot, err := m1.Encode()
	if err != nil {
		t.Fatal(err)
	}
	// Change everything the caller passed in, and keep building.
	objects[0], sources[0].Title, accepts[0] = "changed", "changed", "changed"
	when.Date = treaty.MustDate("1999-01-01")
	ib.Parties("P2").Note("later")
	b.Party("P2", "P2", treaty.State)
	m2, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	after, err := m1.Encode()
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(snapshot), string(after)); diff != "" {
		t.Errorf("the first model changed after Build (-before +after):\n%s", diff)
	}
	if got := m2.Instruments[0].Parties; !cmp.Equal(got, []string{"P", "P2"}) {
		t.Errorf("second model parties = %q, want [P P2]", got)
	}
	if got := m2.Instruments[0].Clauses[0].Objects[0]; got != "x" {
		t.Errorf("second model objects[0] = %q, want the value at the time of Clause, x", got)
	}
	// Changing a built model does not change the builder.
	m2.Instruments[0].Clauses[0].Objects[0] = "mutated"
	m3, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	if got := m3.Instruments[0].Clauses[0].Objects[0]; got != "x" {
		t.Errorf("after changing a built model, a new Build gives objects[0] = %q, want x", got)
	}
}

func TestBuilderEncodesToSchemaTaggedJSON(t *testing.T) {
	m, err := lysBuilder().Build()
	if err != nil {
		t.Fatal(err)
	}
	data, err := m.Encode()
	if err != nil {
		t.Fatal(err)
	}
	m2, err := treaty.DecodeModel(data, "built.json")
	if err != nil {
		t.Fatalf("decoding the built model: %v", err)
	}
	if m2.Schema != treaty.ModelSchema || !cmp.Equal(m, m2) {
		t.Errorf("decode(encode(built)) = schema %q, equal %v; want %q, true", m2.Schema, cmp.Equal(m, m2), treaty.ModelSchema)
	}
}

// ExampleBuilder builds a one-clause model and shows a validation error.
func ExampleBuilder() {
	b := treaty.NewBuilder("kuril", "Habomai and Shikotan")
	b.Fact("peace_treaty.concluded", conditions.Bool, "A peace treaty is concluded.")
	b.Party("JP", "Japan", treaty.State).Party("SU", "USSR", treaty.State)
	b.Instrument("jsd1956", "Joint Declaration", treaty.KindJointDeclaration).
		Parties("SU", "JP").Signed(treaty.MustDate("1956-10-19")).InForce(treaty.MustDate("1956-12-12")).
		Clause(treaty.Clause{ID: "jsd1956.art9", Kind: treaty.Obligation, Bearer: "SU", Beneficiary: "JP",
			Action: "transfer", Objects: []string{"Habomai", "Shikotan"}}, "peace_treaty.concluded")
	m, err := b.Build()
	fmt.Println(err)
	fmt.Println(m.Instruments[0].Clauses[0].Condition)

	b.Instrument("memo1960", "Soviet memorandum", treaty.KindMemorandum).Author("SU").Signed(treaty.MustDate("1960-01-27")).
		Relation(treaty.Relation{Kind: treaty.AddsCondition, Target: "jsd1956.art9"}, "troops.withdrawn")
	_, err = b.Build()
	fmt.Println(err)
	// Output:
	// <nil>
	// peace_treaty.concluded
	// /instruments/1/relations/0/condition: 1:1: unknown fact "troops.withdrawn"
}

func TestBuilderDefaultReadings(t *testing.T) {
	build := func(defaults bool) []string {
		t.Helper()
		b := treaty.NewBuilder("m", "")
		b.Fact("a", conditions.Bool, "")
		b.Party("A", "Alpha", treaty.State).Party("B", "Beta", treaty.State).Party("C", "Gamma", treaty.State)
		b.Instrument("t", "T", treaty.KindTreaty).Parties("A", "B", "C").
			Signed(treaty.MustDate("2000-01-01")).InForce(treaty.MustDate("2000-01-01")).
			Clause(treaty.Clause{ID: "c", Kind: treaty.Obligation, Bearer: "A", Action: "act"}, "a")
		b.Reading(treaty.Reading{ID: "A-strict", Party: "A"})
		if defaults {
			b.DefaultReadings()
		}
		m, err := b.Build()
		require.NoError(t, err)
		rep, err := treaty.Evaluate(m, &treaty.Scenario{ID: "s", AsOf: treaty.MustDate("2001-01-01")})
		require.NoError(t, err)
		var readings []string
		for _, r := range rep.Results {
			readings = append(readings, r.Reading)
		}
		return readings
	}
	// One declared reading replaces every default: B and C have none.
	if diff := cmp.Diff([]string{"A-strict"}, build(false)); diff != "" {
		t.Errorf("readings without DefaultReadings (-want +got):\n%s", diff)
	}
	// DefaultReadings keeps the defaults of the parties without a reading
	// (A has one, so it gets no second).
	if diff := cmp.Diff([]string{"A-strict", "B", "C"}, build(true)); diff != "" {
		t.Errorf("readings with DefaultReadings (-want +got):\n%s", diff)
	}
}
