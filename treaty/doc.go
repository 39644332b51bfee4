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
// A [Reading] is a party's view of which instruments count. By default a
// party accepts the instruments it (or a party it continues) is party to or
// author of; a reading can accept others and reject some explicitly.
//
// Models are plain data: build them in Go with [NewBuilder] or load them
// from JSON with [LoadModel]. The file format is documented by the JSON
// Schema returned by JSONSchema("model"); loading reports every problem
// with its file, JSON path and line:column.
//
// # Evaluation
//
// [Evaluate] takes a model and a [Scenario] (an as-of date and facts, each
// a value or a dated history) and returns a [Report]: for every reading and
// clause, the effective condition (the clause's condition composed with the
// relations the reading accepts that are in effect on the date), its
// three-valued value, a [Status], the date since which it has stood so,
// the facts still missing, the provenance of each part of the condition
// and an explanation tree; and the disputes, where readings differ.
//
// The founding case is Article 9 of the 1956 Soviet-Japanese Joint
// Declaration: the transfer of Habomai and Shikotan after a peace treaty,
// to which Soviet memoranda of 1960 added the withdrawal of all foreign
// troops from Japan. Japan's reading rejects the memoranda; Russia's
// counts them. See examples/kuril for the full model.
//
// Nothing in this package reads the clock: the as-of date is always an
// input. Evaluation never modifies its inputs and is safe for concurrent
// use.
package treaty
