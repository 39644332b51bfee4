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
//	primary    = fact | literal | "(" or ")" | atleast .
//	atleast    = "atleast" "(" integer "," or { "," or } ")" .
//	fact       = name { "." name } .
//	name       = ( letter | "_" ) { letter | digit | "_" } .   (ASCII letters)
//	literal    = "true" | "false" | number | string | date .
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
// Values are bool, number, string or date. == and != compare any two values
// of one type; < <= > >= compare numbers, strings (byte-wise) and dates;
// + - * / take numbers; and, or, not and atleast take bools, and a whole
// condition is a bool. A [Schema] declares facts with their types; [Check]
// reports unknown facts (with a "did you mean" hint) and type errors. Without
// a schema, facts are typed by how they are used.
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
