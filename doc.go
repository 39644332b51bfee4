// Package treatycond models treaties as typed data and answers the
// questions analysts ask of them: under this scenario, which conditions
// hold, which obligations are due, under whose reading, since when, why,
// and what would it take.
//
// This package holds no code; it is the guide to the module.
//
// # Where to start
//
// Load a model and a scenario, evaluate, print:
//
//	m, err := treaty.LoadModel("examples/kuril/kuril.json")
//	...
//	s, err := treaty.LoadScenario("examples/kuril/scenario-peace-only.json")
//	...
//	rep, err := treaty.Evaluate(m, s)
//	...
//	rep.WriteText(os.Stdout) // or json.Marshal(rep)
//
// Each program under examples/ does this for a real agreement and then
// answers its question with the rest of the API; each uses only the
// public packages and can be copied into a module of its own.
//
// # The packages
//
//   - [github.com/treatycond/treatycond/treaty] is the domain model
//     (parties, instruments, clauses, relations, readings), its JSON files
//     and schemas, and the questions: treaty.Evaluate (status under each
//     reading, since when, why, disputes), treaty.WhatItTakes (minimal
//     fact sets), treaty.Impact, treaty.CompareReadings and
//     treaty.Sweep (counts over every combination of facts).
//   - [github.com/treatycond/treatycond/treaty/view] draws a model as a
//     graph and a scenario's history as a timeline of statuses, as text,
//     JSON, Graphviz DOT and Mermaid.
//   - [github.com/treatycond/treatycond/conditions] is the condition
//     language: parse, check, print and evaluate conditions in three-valued
//     (Kleene) logic, explain results, compute residuals and minimal fact
//     sets, and compile conditions for fast sweeps. It does not import
//     treaty.
//
// The command cmd/treaty runs all of it from the shell (check, eval,
// explain, takes, sweep, test, graph, timeline, schema, ...), with every
// result also as JSON validated by a published JSON Schema ('treaty schema
// NAME').
package treatycond
