// Package view draws treaty models and their evaluation for people and
// for other tools: a model as a graph, and the status of clauses over time
// as a timeline. Each view is plain data with a JSON form (versioned and
// described by a published JSON Schema) and writers for text, Graphviz
// DOT and Mermaid.
//
// # The views
//
//	NewGraph(m)                 *Graph     parties, instruments, clauses and relations
//	NewTimeline(m, s, from, to) *Timeline  each clause's status over time under each reading
//	                                       (NewTimelineContext: the same, cancellable)
//	ChangeDates(m, s)           []Date     every date on which an evaluation may change
//	JSONSchema(name)            []byte     "graph" or "timeline"
//
// Both views have WriteText, WriteDOT and WriteMermaid methods and marshal
// to JSON with a "schema" tag ([GraphSchema], [TimelineSchema]). The
// treaty command's graph and timeline subcommands print them (--format
// text, json, dot or mermaid).
//
// The other results have their writers in package treaty: [treaty.Report]
// (WriteText, WriteMarkdown), [treaty.Prospects] and [treaty.SweepResult]
// (WriteText), all of which marshal to JSON with published schemas
// ([treaty.JSONSchema]).
//
// # Why a package of its own
//
// Package treaty holds the model and the evaluator; this package holds
// presentations derived from them. It uses only treaty's exported API (a
// timeline is a series of [treaty.Evaluate] calls), so it keeps treaty's
// API to what evaluation needs, shows that the exported API suffices to
// build such views, and can change its drawing without touching the
// evaluator. A program that only evaluates never imports it.
//
// Views are computed once and never modified by their methods: a *Graph or
// *Timeline may be written by several goroutines at once. Building a view
// never modifies the model or scenario it is given.
package view
