// Package treaty models treaties as typed data and evaluates them: under a
// scenario, as of a date, which clauses are due, according to whose
// reading, since when, and why.
//
// # The model
//
// A [Model] holds [Party] values (states, organizations; a party may
// continue another, as Russia continues the USSR from 26 December 1991),
// [Instrument] values (treaties, joint declarations, memoranda,
// statements, with their signature, entry-into-force and termination
// dates and sources), the [Clause] values they contain (who must, may or
// must not do what for whom, under which condition written in the
// condition language of package conditions, by which deadline), and the
// [Relation] values one instrument makes about another: it adds a
// condition to a clause, replaces it, suspends, terminates or supersedes
// an instrument, reaffirms or rejects one.
//
// An instrument's parties may be dated members ([Member]: signature,
// consent, entry into force for the party, withdrawal), and its own entry
// into force a condition over the scenario's facts ([EntryIntoForce]); a
// clause whose bearer or beneficiary is [EachParty] is evaluated once per
// party bound by an instrument ([Result.Instance]), and the report says who
// is bound on the date ([Report.Members]). Conditions may count an
// instrument's deposits ([PartiesFact]) or the parties it is in force for
// ([BoundFact]); entries into force that wait for one another through the
// latter are a cycle that [Model.Validate] rejects.
//
// A clause of kind [Power] is a party's power to act on other
// provisions ([PowerTerms]): its exercise, a fact, terminates, suspends or
// amends them, or activates a dormant clause or instrument, after a
// delay unless a blocking condition holds meanwhile; whether an exercise
// was valid depends on the reading. See power.go for how evaluation
// lowers it into dated relations.
//
// A [Reading] is a party's view of which instruments count. By default a
// party accepts the instruments it (or a party it continues) is party to or
// author of; a reading can accept others and reject some explicitly.
//
// Models are plain data: build them in Go with [NewBuilder] (and scenarios
// with [NewScenarioBuilder]) or load them
// from JSON with [LoadModel]. The file format is documented by the JSON
// Schema returned by JSONSchema("model"); loading reports every problem
// with its file, JSON path and line:column.
//
// Inputs are UTF-8 JSON of at most [DefaultMaxInputSize] bytes (see
// [MaxInputSize]). Dates run from 0001-01-01 to 9999-12-31, and adding a
// period of months clamps to the end of a shorter month (31 January plus
// one month is the end of February). A decoded model or scenario keeps its
// [Provenance], so that later validation gives file positions to the
// problems in the parts not changed since.
//
// # Evaluation
//
// [Evaluate] takes a model and a [Scenario] (an as-of date and facts, each
// a value or a dated history) and returns a [Report]: for every reading and
// clause, the effective condition (the clause's condition composed with the
// relations the reading accepts that are in effect on the date), its
// three-valued value, a [Status], the date since which it has stood so,
// the facts still missing, the provenance of each part of the condition
// and an explanation tree; and the disputes among the readings concerned
// by each clause: status disputes (different statuses now), latent
// disputes (the same status, but conditions that are not equivalent, with
// the smallest assignments under which the statuses would diverge) and
// applicability disputes (an instrument some readings accept and others
// reject); see [Dispute].
//
// Conditions may read the date being evaluated as the reserved fact asof
// ([conditions.AsOf]), with periods and date arithmetic: "asof >=
// ratified + 30d", "asof < signed + 10y" (see package conditions for the
// calendar rule: 31 January + 1m is the end of February, 29 February +
// 1y is 28 February). Every date the evaluator looks at gets its own
// asof, so such a condition turns as time passes with no fact changing,
// and since and timelines name the day it turned: the evaluator asks
// [conditions.AsOfChanges] for those days and treats them as the dates on
// which facts change. A model may not declare a fact named asof.
//
// The founding case is Article 9 of the 1956 Soviet-Japanese Joint
// Declaration: the transfer of Habomai and Shikotan after a peace treaty,
// to which Soviet memoranda of 1960 added the withdrawal of all foreign
// troops from Japan. Japan's reading rejects the memoranda; Russia's
// counts them. See examples/kuril for the full model.
//
// # A map of the API
//
// Build, load and save models and scenarios:
//
//	LoadModel, DecodeModel, Model.Validate    a model from JSON, every problem with file, JSON path, line:column
//	MaxInputSize, Provenance                  the input size limit (LoadOption); where a model was decoded from
//	LoadScenario, DecodeScenario              a scenario from JSON
//	ValidateScenario                          a scenario against its model (facts, types, dates)
//	NewBuilder                                a model in Go (Builder, InstrumentBuilder)
//	NewScenarioBuilder                        a scenario in Go (ScenarioBuilder)
//	Model.Encode, Scenario.Encode, SaveModel, SaveScenario
//	JSONSchema                                the schemas of models, scenarios and every JSON result
//	ParseDate, MustDate, Date, Period         civil dates and periods ("9m", "15y")
//
// Ask questions; each entry point takes its own option type (see
// [EvalOption], [TakesOption], [SweepOption]: [AsOf], [ForReadings],
// [ForClauses], [OpenFacts]):
//
//	Evaluate, EvaluateContext        -> *Report             status of every clause under every reading, since when, why, disputes
//	Report.Check                     -> []Mismatch          a scenario's expectations against its report
//	WhatItTakes, WhatItTakesContext  -> *Prospects          minimal fact sets that make a clause due or not due
//	Impact, ImpactContext            -> *ImpactReport       which facts can change a clause's status, per reading
//	CompareReadings                  -> *ReadingComparison  where two readings of a clause differ, with counterexamples
//	Consolidate, DiffConsolidated    -> *Consolidated       each clause as in effect for a reading on a date, part by part
//	Sweep                            -> *SweepResult        counts of statuses over every combination of fact values
//
// Read the answers: every result is plain data that marshals to JSON with
// a "schema" tag ([ReportSchema], [TakesSchema], [SweepSchema], ...) and a
// published JSON Schema, and has a writer for people: [Report.WriteText]
// (a table with the reason for each status, deadlines and a legend),
// [Report.WriteMarkdown], [Prospects.WriteText], [SweepResult.WriteText],
// [ImpactReport.WriteText], [ReadingComparison.WriteText],
// [Consolidated.WriteText], [Consolidated.WriteMarkdown],
// [ConsolidatedDiff.WriteText]. [Status.Meaning]
// says what a status means. In JSON every truth "value" ("true", "false",
// "unknown") has a "holds" beside it: the same truth as a JSON boolean, or
// null.
//
// Package [github.com/treatycond/treatycond/treaty/view] draws a model as a
// graph and a scenario's history as a timeline of statuses (text, JSON,
// Graphviz DOT, Mermaid); it is built on Evaluate.
//
// Errors from loading and validation are an [ErrorList] of [Error] values with
// a [Code] for errors.Is. Errors from evaluation are [*Error] values with a
// [Code] too: errors.Is(err, ErrUnknownClause) holds for an unknown id
// given to [ForClauses], and the error names the scenario, clause, reading
// and date it concerns. [EvaluateContext], [WhatItTakesContext] and
// [Sweep] stop when their context is cancelled. Each entry point has its
// own option type ([EvalOption], [SweepOption], [TakesOption]), so an
// option that means nothing to a function does not compile with it.
//
// # Status after an instrument ends
//
// Ending an instrument does not undo what was done under it (Vienna
// Convention on the Law of Treaties, 1969, art. 70(1)(b): termination
// does not affect rights, obligations or situations created through the
// execution of the treaty before it ended; a breach committed while it
// was in force stays a breach). A clause ends, under a reading, on the
// first of: its instrument's Terminated date, the From of a [Terminates]
// or [Supersedes] relation the reading counts on the instrument or the
// clause, and the date of the reading's [Rejection] of the instrument,
// when that date comes after the instrument took effect. From then on the
// clause has the status it had on its last day in force if that was
// [Fulfilled] or [Violated] (with its original since); an obligation
// still [Due] then is [NotInForce] with a reason saying it ended before
// performance, and performance recorded after the end does not count;
// anything else is [NotInForce]. [Result.Ended] says when and by what
// (an [Ending]). A suspension is not an end.
//
// A clause may have its own lifetime, [Clause.From] and [Clause.Until]
// (Until is the first day out): it is in force only inside that window
// and its instrument's, and the end at Until is an end like the others,
// so a prohibition breached before Until stays violated and an act after
// it breaches nothing. [Result.Window] gives the window resolved.
//
// # How evaluation scales
//
// A clause's status under a reading is a function of the date; a report
// needs it on the as-of date and, to say since when it has stood so, on
// the days before earlier dates on which something changes. Evaluate
// does not evaluate every clause on every such date. For each clause and
// reading it cuts time into segments in which nothing the clause depends
// on changes: its instrument's and relations' dates, the reading's
// rejections, its start and deadline, and the histories of only the facts
// it reads. Fact histories are timelines searched by bisection. It walks
// the segments back from the as-of date and stops at the first whose
// status differs; each segment is evaluated once, with conditions
// compiled once ([conditions.Compile]), and the effective condition of a
// clause that many instruments amend is kept up to date relation by
// relation rather than recomposed. Only the as-of date gets the
// explaining evaluator. Successions are resolved once per evaluation. So
// the work grows with the size of the model and scenario, not with its
// square: the benchmarks in scale_bench_test.go measure it on models that
// grow in one direction each.
//
// Nothing in this package reads the clock: the as-of date is always an
// input. Evaluation never modifies its inputs and is safe for concurrent
// use.
package treaty
