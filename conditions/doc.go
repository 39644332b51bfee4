// Package conditions is the condition language of treatycond: conditions
// such as
//
//	peace_treaty.concluded and foreign_troops.withdrawn
//	plebiscite.germany > 0.5 * plebiscite.valid
//	atleast(2, ratified.de, ratified.fr, ratified.uk) and vote.date <= @1935-01-13
//
// parsed from text, type-checked, printed in a canonical form, and
// evaluated in three-valued logic over facts that may be incomplete. It
// explains its results, lists the facts still missing, computes what
// remains of a condition once some facts are known ([Residual]), and what
// it would take for a condition to hold ([Takes]). For sweeps over many
// scenarios, [Compile] turns a condition into an immutable [Program] that
// evaluates without allocating, 64 scenarios at a time with a [Batch].
//
// The package knows nothing of treaties; package treaty builds on it.
//
// # Parsing and printing
//
// [Parse] turns text into an [Expr], reporting every syntax error with its
// line and column. An Expr prints in canonical form ([Expr.String]), which
// parses back to an equal Expr, and is a plain string in JSON:
//
//	src := "peace_treaty.concluded&&(foreign_troops.withdrawn)"
//	e, err := conditions.Parse(src)
//	if err != nil {
//		fmt.Print(conditions.Snippet(src, err)) // message, source line, caret
//	}
//	fmt.Println(e) // peace_treaty.concluded and foreign_troops.withdrawn
//
// # Syntax
//
//	condition  = or .
//	or         = and { ( "or" | "||" ) and } .
//	and        = not { ( "and" | "&&" ) not } .
//	not        = ( "not" | "!" ) not | comparison .
//	comparison = sum [ ( "==" | "!=" | "<" | "<=" | ">" | ">=" ) sum ] .
//	sum        = product { ( "+" | "-" ) product } .
//	product    = unary { ( "*" | "/" ) unary } .
//	unary      = "-" unary | primary .
//	primary    = quantifier | fact [ index ] | literal | "(" or ")" | atleast .
//	atleast    = "atleast" "(" integer "," or { "," or } ")" .
//	quantifier = ( "any" | "all" | "count" | "sum" ) "(" variable "in" fact ":" or ")" .
//	index      = "[" ( variable | string ) "]" .
//	fact       = name { "." name } .
//	name       = ( letter | "_" ) { letter | digit | "_" } .   (ASCII letters)
//	variable   = name .
//	literal    = "true" | "false" | number | string | date | period .
//	period     = integer ( "y" [ integer "m" ] [ integer "w" ] [ integer "d" ] | "m" [ integer "w" ] [ integer "d" ] | "w" [ integer "d" ] | "d" ) .
//
// The complete grammar, down to the characters of numbers, strings and
// dates, is the file grammar.ebnf in this package's directory, in the EBNF
// notation of the Go specification. The tests verify it with
// golang.org/x/exp/ebnf, parse sentences derived from it at random, and
// check that every condition Parse accepts (fuzzing included) is a
// sentence of it; the file lists the few rules it cannot express.
//
// From loosest to tightest: or, and, not, comparisons (which do not chain:
// a < b < c is an error), + and -, * and /, unary minus. So "not a == b"
// means "not (a == b)". A fact name with dots is one token; it is a keyword
// (and, or, not, true, false, atleast) only when the whole name is one.
//
// Numbers are decimal (12, 0.5, 1e21) and all are float64; a "-" directly
// before a number makes a negative literal. Strings are double-quoted with
// Go's escapes. Dates are written @YYYY-MM-DD and must exist. In
// atleast(K, c1, ..., cn), K is a whole-number literal and n >= 1. A
// condition is at most 64 KiB long, as written and in its canonical text
// (so whatever the library writes reads back), and nests at most 200
// levels deep.
//
// # Types
//
// Values are bool, number, string, date or period (see below). == and != compare any two values
// of one type; < <= > >= compare numbers, strings (byte-wise) and dates;
// + - * / take numbers (and dates with periods, below); and, or, not and atleast take bools, and a whole
// condition is a bool. A [Schema] declares facts with their types; [Check]
// reports unknown facts (with a "did you mean" hint) and type errors. Without
// a schema, facts are typed by how they are used.
//
// # Dates and periods
//
// The reserved fact asof ([AsOf]) is the evaluation date, always a date.
// It is supplied like any fact (Facts{"asof": t}, or declared as a date
// in the schema of a [Program]) and is unknown when it is not; package
// treaty supplies it as the date being evaluated, every date of a
// timeline. A period literal is counts with units y (years), m (months),
// w (weeks) and d (days), in that order: 30d, 2w, 6m, 10y, 6y6m. Its type
// is period; a period is only ever added to a date, so the date
// operations are
//
//	date + period, period + date    a date: signed + 10y
//	date - period                   a date: asof - 30d
//	date - date                     a number, the days between: asof - signed > 30
//
// Anything else with a date or a period (date + date, period + bool,
// comparing periods, a period as a condition) is a type error at the
// operator's line:column. Moving a date adds the months first, keeping
// the day of the month or, when the target month is shorter, taking its
// last day, then the days:
//
//	@2024-01-31 + 1m    is @2024-02-29 (end of a shorter month; leap year)
//	@2023-01-31 + 1m    is @2023-02-28
//	@2024-02-29 + 1y    is @2025-02-28 (no 29 February in 2025)
//	@2024-02-29 + 4y    is @2028-02-29
//	@2024-01-31 + 1m1d  is @2024-03-01 (months first, then days)
//	@2024-03-31 - 1m    is @2024-02-29
//
// For a period of days only, (d + p) - p is d; for a period of months and
// years only, it is d or, when the clamp moved the day, an earlier day of
// d's month: (@2024-01-31 + 1m) - 1m is @2024-01-29. Order is kept: if
// d1 <= d2 then d1 + p <= d2 + p, and a period with no fewer months and
// no fewer days never gives an earlier date. Results outside 0001-01-01
// to 9999-12-31 stop one day outside that range, before or after every
// date in it. Canonical text writes periods as years, months and days
// (12m is written 1y, 2w 14d).
//
// # Evaluation
//
// [Facts] maps names to values: bool, any Go integer or float kind (a
// finite number: NaN and the infinities are refused), string, or
// [time.Time] for a date (compared by its civil date). A fact that is
// absent or nil is unknown. [ConvertFact] and [ConvertJSONFact] apply these
// rules to one value, for packages that keep facts of their own. [Eval]
// uses Kleene's strong three-valued logic:
//
//   - "false and unknown" is false; "true or unknown" is true; "not unknown"
//     is unknown;
//   - a comparison or arithmetic with an unknown operand is unknown;
//   - atleast(k, ...) is true when at least k operands are true, false when
//     fewer than k can still be true, and unknown otherwise.
//
// The order of evaluation never changes a result. A fact of the wrong type
// is an error naming the fact and both types ([ErrFactType]); division by
// zero is an error ([ErrDivByZero]). The [Result] carries the value, an
// [Explanation] tree (each node's value, the facts it read, and which
// children decided it) and the facts still missing for a decision.
//
// # What it takes
//
// [Residual] substitutes the known facts and simplifies: what is left is
// the condition that still has to be met. [Takes] lists every minimal
// assignment of the still-unknown atoms (boolean facts and comparisons)
// that forces the condition to a wanted value.
//
// # Compiled programs
//
// [Compile] checks a condition against a schema and compiles it. A
// [Program] gives exactly the results of Eval, without allocating, over
// [Values] laid out by the schema; [Program.EvalBatch] evaluates 64
// scenarios that differ in boolean facts at once. [Program.Eval] runs a
// condition whose operations cannot fail in normal form (a conjunction of
// clauses, or a disjunction of terms, over boolean facts and comparisons,
// with negations pushed to them: two mask tests a clause, however deeply
// the comparisons sit in "and" and "or"); the others, and batches, run on
// a register machine whose booleans are 64 lanes wide.
//
// # One semantic core
//
// What values mean (comparison, arithmetic, the conversion of fact values
// from Go and from JSON, Kleene's connectives) is defined once, in an
// internal package, and every evaluation path calls it: Eval and its tree
// evaluator, [Residual], what-it-takes, the normal form and the register
// machine of a Program. A differential test and a fuzz target run every
// path on the same conditions and facts against an independent oracle.
// [ConvertFact] exposes the fact conversion.
//
// Eval, Compile and Residual take time linear in the size of a condition;
// [ResidualContext] and [TakesContext] stop when a context is done.
//
// # Errors
//
// Errors are [*Error] values with a [Code], a position (line and column,
// both from 1, columns counted in characters) when there is source text to
// point into, and a message, gathered in an [ErrorList]. Match them with
// errors.Is against [ErrSyntax], [ErrLimit], [ErrUnknownFact], [ErrType],
// [ErrFactType], [ErrDivByZero] and [ErrArgument]; every error the package
// returns matches one of them, except that a call stopped by its context
// returns an error wrapping the context's (errors.Is(err,
// context.Canceled)). [Snippet] renders them under the source text.
//
// Everything in this package is safe for concurrent use, except the
// scratch values [Values] and [Batch], which belong to one goroutine.
package conditions
