// Command treaty evaluates treaty models: which clauses are due, under whose
// reading, since when, and why.
//
// # Synopsis
//
//	treaty check [--quiet] [--strict] [--format text|json] FILE.json...
//	treaty eval [MODEL.json] [--scenario S.json] [--as-of DATE] [--reading ID] [--clause ID]
//	            [--set fact=value]... [--format text|json|markdown]
//	treaty explain [MODEL.json] --clause ID [--scenario S.json] [--as-of DATE] [--reading ID]
//	            [--set fact=value]... [--format text|json]
//	treaty takes [MODEL.json] --clause ID [--scenario S.json] [--as-of DATE] [--open FACT,...]
//	            [--reading ID] [--set fact=value]... [--format text|json]
//	treaty impact [MODEL.json] --clause ID [--scenario S.json] [--as-of DATE] [--open FACT,...]
//	            [--reading ID] [--set fact=value]... [--format text|json]
//	treaty compare [MODEL.json] --clause ID --readings A,B [--scenario S.json] [--as-of DATE]
//	            [--open FACT,...] [--set fact=value]... [--counterexample OUT.json] [--format text|json]
//	treaty consolidate MODEL.json [--reading ID] [--as-of DATE] [--diff READING|DATE]
//	            [--format text|json|markdown]
//	treaty sweep [MODEL.json] --vary FACT,... [--values FACT=V1,V2,...]... [--scenario S.json]
//	            [--as-of DATE] [--reading ID] [--clause ID] [--set fact=value]...
//	            [--examples N] [--max N] [--format text|json]
//	treaty test [--verbose | --quiet] [--run REGEX] [--update] [--coverage] [--coverage-min P] [--format text|json] FILE.json...
//	treaty graph MODEL.json [--format dot|mermaid|text|json]
//	treaty timeline [MODEL.json] [--scenario S.json] [--as-of DATE] [--clause ID] [--reading ID]
//	            [--from DATE] [--to DATE] [--set fact=value]... [--format text|json|dot|mermaid]
//	treaty explore [MODEL.json] [--scenario S.json] [--addr HOST:PORT] [--open] [--out DIR]
//	treaty cond eval 'EXPR' [--facts JSON|@FILE] [--format text|json]
//	treaty cond takes 'EXPR' [--facts JSON|@FILE] [--want true|false] [--format text|json]
//	treaty schema model|scenario|report|explain|takes|impact|compare|consolidated|sweep|cond-eval|cond-takes
//	treaty help [COMMAND]
//
// # Description
//
// A model (treatycond.model/v1) holds parties, instruments with their
// clauses and the relations between instruments, declared facts and the
// parties' readings; a scenario (treatycond.scenario/v1) gives fact values,
// possibly with dated histories, an as-of date, and optionally the path of
// its model ("model", relative to the scenario file) and expected results
// ("expect"). See package [github.com/treatycond/treatycond/treaty].
//
// check validates model and scenario files and prints every problem as
// "file:line:col: /json/path: message". eval evaluates every clause under
// every reading and prints status, three-valued value, since date,
// effective condition, missing facts and the disputes between readings;
// explain does so for one clause with the provenance of each part of the
// condition and the evaluation tree. takes says what it would take for a
// clause to be due or not due under each reading, where the readings agree
// and where they disagree. impact says what learning each unknown fact
// would decide about a clause, most decisive first; compare relates two
// readings' conditions of a clause (equivalent, implies, disjoint,
// overlapping) and writes a counterexample scenario. consolidate prints
// each clause as in effect for a reading on a date, part by part, tagged
// with the instrument and relation that put it there, or the differences
// between two readings or dates. sweep counts the statuses over every
// combination of values of chosen facts. test checks scenarios'
// expectations and ends with the line "N passed, N failed". graph draws the
// model in Graphviz DOT, as a Mermaid flowchart, a text outline or JSON;
// timeline shows each clause's status over time as a table, JSON, a
// Graphviz row of periods or a Mermaid gantt chart (both views come from
// package treaty/view). explore
// serves a page on this machine (or writes it as static files, with the
// evaluator in WebAssembly, with --out) where each fact is a control, a
// slider moves the date, and the grid of clauses under readings, their
// disputes, timelines, explanations and what it would take follow at once.
// cond
// evaluates a single condition of the condition language, or asks what it
// takes to make it true or false. schema prints the JSON Schemas of the
// file formats and of every JSON document the command prints.
//
// Flags are written with two dashes, as above (one works too); -q and -v
// are short for --quiet and --verbose. Flags may come before or after the
// positional arguments; "--" ends the flags. An unknown flag, clause,
// reading or fact is an error that suggests the closest known name when
// one is close. MODEL.json may be left out wherever a scenario names its
// model. Passing a scenario file as MODEL.json, or a model file with
// --scenario, is an error that says so. 'treaty help COMMAND' and 'treaty
// COMMAND -h' print a command's full usage.
//
// # Statuses
//
// eval, explain, takes, sweep and timeline give each clause, under each
// reading, one of these statuses (see [treaty.Evaluate]):
//
//	not_in_force  the reading does not accept the instrument, or it is not
//	              yet in force, has ended or is suspended
//	not_due       in force, but the condition is false or the clause's
//	              not_before date has not come
//	undetermined  in force, but missing facts leave the condition (or, past
//	              the deadline, performance) unknown
//	due           in force and the condition holds; not yet performed
//	fulfilled     due and performed: the clause's "performed" fact is true
//	              (a permission: exercised)
//	violated      due, past the deadline and not performed (a prohibition:
//	              the prohibited act took place)
//
// A clause's not_before is the earliest date it can be due and its
// deadline the last day to perform once due: a date, or a period after
// the date it became due, its instrument's in_force or signed date, or a
// date fact. performed names the bool fact that records performance.
//
// # Fact values on the command line
//
// --set fact=value (eval, explain, takes, sweep, timeline) and the values
// of sweep's --values are parsed per the fact's declared type: true or
// false, a number, a string (double-quote it to keep a string that looks
// like something else), a date YYYY-MM-DD, or null / unknown for the
// unknown value. A --set fact holds its value on every date, replacing the
// scenario's history for it; --set fact=value@YYYY-MM-DD holds it from that
// date on, keeping the history before it (treaty.Fact.SetFrom is the rule).
// The values sweep varies follow the same rule with no date: they hold on
// every date, so sweep and eval --set give the same status for the same
// values.
//
// cond's --facts is a JSON object: true/false, numbers, strings, null, and
// dates, written {"date": "YYYY-MM-DD"} or as a plain "YYYY-MM-DD" string,
// which is read as a date when the condition uses the fact as a date (compares
// it with a date literal, or with a fact that is a date by its use or its
// {"date": ...} value) and as a string otherwise. A fact given twice is an
// error.
//
// # Output
//
// Text is the default. Every JSON document carries a "schema" tag and
// validates against the schema 'treaty schema NAME' prints: report
// (treatycond.report/v2, from eval), explain, takes, sweep, graph, timeline,
// cond-eval, cond-takes and the others 'treaty help schema' lists. Field
// names are snake_case and stable within a tag's version; every truth
// "value" ("true", "false", "unknown") has a "holds" beside it, the same
// truth as a JSON boolean or null. The text of eval has a reason column, the
// deadline, the effective conditions and a legend of the statuses shown.
// sweep draws a progress bar on stderr only when stderr is a terminal and
// the run takes more than half a second.
//
// # Exit status
//
// One policy holds for every command:
//
//	0  success.
//	1  findings: the inputs were read and something is wrong with them:
//	   an invalid or malformed file (check, test), a failed expectation
//	   (test), a condition with a syntax, type or evaluation error (cond).
//	2  the command could not do its job: bad usage (unknown command or
//	   flag, missing argument); an input that cannot be read or loaded;
//	   standard output that cannot be written (a full disk, or a pipe
//	   closed by the reader, as in 'treaty eval ... | head -1'); --timeout
//	   reached; Ctrl-C (SIGINT) or SIGTERM. eval, explain, takes, sweep,
//	   graph and timeline exit 2 when their model or scenario cannot be
//	   loaded, however it fails. check and test report content problems
//	   as findings (1), a scenario whose "model" file is missing,
//	   unreadable or invalid included, and exit 2 only when a file named
//	   on the command line cannot be read at all.
//
// Each case of status 2 says why on standard error. Every command takes
// --timeout DURATION (such as 30s or 2m; 0, the default, means no limit);
// when it passes, or on Ctrl-C, the command is given a second to stop on
// its own (long-running calls take a context and stop promptly) and then
// abandoned.
//
// # Inputs
//
// A model or scenario given as "-" (MODEL.json, --scenario, the files of
// check and test) is read from standard input, named <stdin> in messages;
// a scenario read so names its model relative to the current folder. A
// scenario's "model" path is relative to the scenario's folder, or
// absolute. Every command takes --max-input SIZE (default 64MiB; units B,
// KB, MB, GB, KiB, MiB, GiB; 0: no limit): a larger input is refused
// after reading at most that much (exit status 2), so a wrong file or an
// endless stream cannot exhaust memory.
//
// # Examples
//
// Validate the Kuril example and run its expectations:
//
//	treaty check examples/kuril/*.json
//	treaty test examples/kuril/*.json
//
// Where Article 9 of the 1956 Joint Declaration stands in 2028 if a peace
// treaty is concluded while foreign troops stay, and why:
//
//	treaty eval --scenario examples/kuril/scenario-peace-only.json
//	treaty explain --scenario examples/kuril/scenario-peace-only.json --clause jsd1956.art9.transfer
//
// The same with foreign troops withdrawn, as JSON:
//
//	treaty eval --scenario examples/kuril/scenario-peace-only.json \
//	    --set foreign_troops.withdrawn=true --format json
//
// What each reading needs, and the diagram of the model:
//
//	treaty takes examples/kuril/kuril.json --clause jsd1956.art9.transfer
//	treaty graph examples/kuril/kuril.json --format dot | dot -Tsvg > kuril.svg
//
// The same in the browser, where each fact is a control:
//
//	treaty explore examples/kuril/kuril.json --scenario examples/kuril/scenario-2018.json --open
//
// A condition on its own:
//
//	treaty cond eval 'peace and (troops or n > 3)' --facts '{"peace": true, "n": 5}'
//	treaty cond takes 'peace and troops' --want false
package main
