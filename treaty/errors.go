package treaty

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/treatycond/treatycond/conditions"
	"github.com/treatycond/treatycond/internal/suggest"
)

// Code classifies an [Error]. Codes are stable: programs may switch on
// them, whereas the wording of messages may change.
type Code string

// The error codes.
const (
	// CodeSyntax: the file is not well-formed JSON.
	CodeSyntax Code = "syntax"
	// CodeSchema: a field is unknown, missing or of the wrong JSON type, or
	// a value is not one the format allows (a kind, a date, a fact value of
	// the wrong type).
	CodeSchema Code = "schema"
	// CodeDuplicateID: an id is used twice where it must be unique.
	CodeDuplicateID Code = "duplicate_id"
	// CodeUnknownParty: a reference to a party that is not declared.
	CodeUnknownParty Code = "unknown_party"
	// CodeUnknownInstrument: a reference to an instrument that is not
	// declared.
	CodeUnknownInstrument Code = "unknown_instrument"
	// CodeUnknownClause: a reference to a clause that is not declared.
	CodeUnknownClause Code = "unknown_clause"
	// CodeUnknownReading: a reference to a reading that does not exist.
	CodeUnknownReading Code = "unknown_reading"
	// CodeUnknownFact: a reference to a fact that the model does not
	// declare.
	CodeUnknownFact Code = "unknown_fact"
	// CodeDates: dates out of order, such as an instrument in force before
	// it was signed, or a fact history out of date order.
	CodeDates Code = "dates"
	// CodeCycle: relations or successions that form a cycle, such as A
	// supersedes B and B supersedes A.
	CodeCycle Code = "cycle"
	// CodeCondition: a condition does not parse or does not type-check, or,
	// in evaluation, cannot be evaluated (a division by zero). The [Error]
	// wraps the [*conditions.Error] (or [conditions.ErrorList]) that says
	// why, so that errors.Is(err, conditions.ErrDivByZero) also holds.
	CodeCondition Code = "condition"
	// CodeLimit: a computation would exceed a documented limit, such as a
	// sweep over too many scenarios or a condition too large for
	// what-it-takes.
	CodeLimit Code = "limit"
	// CodeCanceled: an evaluation stopped because its context was
	// cancelled or its deadline passed. The [Error] wraps the context's
	// error, so errors.Is(err, context.Canceled) or
	// errors.Is(err, context.DeadlineExceeded) also holds.
	CodeCanceled Code = "canceled"
	// CodeUnknownStatement: a reference to a reservation or other
	// statement that is not declared, such as an objection to a
	// reservation nobody made.
	CodeUnknownStatement Code = "unknown_statement"
)

// Sentinel errors, one per [Code], for use with [errors.Is]:
//
//	if errors.Is(err, treaty.ErrUnknownParty) { ... }
//
// Each has only its Code set. An [*Error] matches a sentinel when the codes
// are equal, and an [ErrorList] matches when any of its errors does.
var (
	ErrSyntax            = &Error{Code: CodeSyntax}
	ErrSchema            = &Error{Code: CodeSchema}
	ErrDuplicateID       = &Error{Code: CodeDuplicateID}
	ErrUnknownParty      = &Error{Code: CodeUnknownParty}
	ErrUnknownInstrument = &Error{Code: CodeUnknownInstrument}
	ErrUnknownClause     = &Error{Code: CodeUnknownClause}
	ErrUnknownReading    = &Error{Code: CodeUnknownReading}
	ErrUnknownFact       = &Error{Code: CodeUnknownFact}
	ErrDates             = &Error{Code: CodeDates}
	ErrCycle             = &Error{Code: CodeCycle}
	ErrCondition         = &Error{Code: CodeCondition}
	ErrLimit             = &Error{Code: CodeLimit}
	ErrCanceled          = &Error{Code: CodeCanceled}
	ErrUnknownStatement  = &Error{Code: CodeUnknownStatement}
)

// Error is a problem with a model or scenario, located by its JSON path and,
// when it was read from a file, by file name, line and column; or a problem
// met while evaluating one, located by the scenario, clause, reading and
// date it concerns.
//
// Path is a JSON Pointer (RFC 6901) such as
// /instruments/2/clauses/0/condition; "" is the whole document. For a
// missing field Path names the field, and Line and Column give the place of
// the object that lacks it. Line and Column start at 1, and Column counts
// Unicode code points; both are 0 when there is no file position. For a
// condition error, Line and Column point inside the condition string, at
// the offending text, and other places in the condition that Msg mentions
// (such as where an unclosed parenthesis opened) are given as file
// positions too: "at line 7, column 101".
//
// Errors from evaluation ([Evaluate], [Sweep], [WhatItTakes]) set
// Scenario, and Clause, Reading and Date when the problem concerns one
// clause under one reading on one date; their Path, when set, is a JSON
// Pointer into the scenario (/facts/x/history/2) or, for [Sweep], into
// the [SweepSpec] (/vary/0).
//
// Err is the underlying error, if any: a [*conditions.Error] for
// [CodeCondition], so that errors.Is(err, conditions.ErrUnknownFact) also
// holds, or the context's error for [CodeCanceled].
type Error struct {
	File   string
	Path   string
	Line   int
	Column int
	Code   Code
	Msg    string
	// Hint, when not empty, is a suggestion such as `did you mean "x"?`.
	Hint string
	Err  error
	// Scenario is the id of the scenario being evaluated, for errors from
	// evaluation.
	Scenario string
	// Clause, Reading and Date are the clause, reading and date an
	// evaluation error concerns, when it concerns one.
	Clause  string
	Reading string
	Date    Date
}

// Error returns the error on one line:
//
//	kuril.json:41:18: /instruments/2/clauses/0/condition: unknown fact "x" (did you mean "y"?)
//	scenario "s": clause art9 under reading JP on 2005-01-01: condition n / m > 1: 1:3: division by zero
//
// The position is "file:line:column", "file", "line:column" or left out,
// depending on what is known; the path is left out when it is empty. A
// condition error with no file position gives the position inside the
// condition after the path instead. Evaluation errors name the scenario,
// clause, reading and date they concern, as far as they are set.
func (e *Error) Error() string {
	var b strings.Builder
	switch {
	case e.File != "" && e.Line > 0:
		fmt.Fprintf(&b, "%s:%d:%d: ", e.File, e.Line, e.Column)
	case e.File != "":
		b.WriteString(e.File)
		b.WriteString(": ")
	case e.Line > 0:
		fmt.Fprintf(&b, "%d:%d: ", e.Line, e.Column)
	}
	if e.Path != "" {
		b.WriteString(e.Path)
		b.WriteString(": ")
	}
	e.writeSubject(&b)
	if ce, ok := e.Err.(*conditions.Error); ok && e.Line == 0 && ce.Pos.IsValid() {
		b.WriteString(ce.Pos.String())
		b.WriteString(": ")
	}
	switch {
	case e.Msg != "":
		b.WriteString(e.Msg)
	case e.Err != nil:
		b.WriteString(e.Err.Error())
	default:
		b.WriteString(strings.ReplaceAll(string(e.Code), "_", " ") + " error")
	}
	if e.Hint != "" {
		b.WriteString(" (")
		b.WriteString(e.Hint)
		b.WriteByte(')')
	}
	return b.String()
}

// writeSubject writes what an evaluation error concerns: `scenario "s":
// clause c under reading r on 2005-01-01: `.
func (e *Error) writeSubject(b *strings.Builder) {
	if e.Scenario != "" {
		fmt.Fprintf(b, "scenario %q: ", e.Scenario)
	}
	var parts []string
	if e.Clause != "" {
		parts = append(parts, "clause "+e.Clause)
	}
	if e.Reading != "" {
		parts = append(parts, "under reading "+e.Reading)
	}
	if !e.Date.IsZero() {
		parts = append(parts, "on "+e.Date.String())
	}
	if len(parts) > 0 {
		b.WriteString(strings.Join(parts, " "))
		b.WriteString(": ")
	}
}

// Is reports whether target is an *Error with the same Code as e, so that
// errors.Is(err, ErrUnknownParty) holds for every unknown-party error. A
// condition error about an unknown fact also matches [ErrUnknownFact].
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	if !ok || t == nil {
		return false
	}
	if e.Code == CodeCondition && t.Code == CodeUnknownFact {
		ce, ok := e.Err.(*conditions.Error)
		return ok && ce.Code == conditions.CodeUnknownFact
	}
	return e.Code == t.Code
}

// Unwrap returns the underlying error, or nil.
func (e *Error) Unwrap() error { return e.Err }

// maxErrors is the number of errors an ErrorList returned by this package
// holds at most, not counting the final note that says how many more were
// found.
const maxErrors = 100

// ErrorList is a list of errors. The zero value is an empty list ready to
// use.
//
// Every error returned by [DecodeModel], [LoadModel], [Model.Validate],
// [DecodeScenario], [LoadScenario], [ValidateScenario] and [Builder.Build]
// is an ErrorList, except errors reading a file, which are returned as the
// os package gives them. Use [errors.As] to get the list, or [errors.Is]
// with a sentinel such as [ErrUnknownFact] to test for a kind of error
// anywhere in it. Lists returned by this package are sorted by file and
// position (errors without a position keep the order in which they were
// found) and hold at most 100 errors; when more were found, a last entry
// says how many were left out.
type ErrorList []*Error

// Add appends e to the list.
func (l *ErrorList) Add(e *Error) { *l = append(*l, e) }

// Sort sorts the list by file, line and column. Errors without a line go
// after those with one in the same file; errors at the same place keep their
// order.
func (l ErrorList) Sort() {
	slices.SortStableFunc(l, func(a, b *Error) int {
		if c := strings.Compare(a.File, b.File); c != 0 {
			return c
		}
		al, bl := a.Line, b.Line
		switch {
		case al == 0 && bl == 0:
			return 0
		case al == 0:
			return 1
		case bl == 0:
			return -1
		case al != bl:
			return al - bl
		}
		return a.Column - b.Column
	})
}

// Error returns the first error and the number of the others:
// "kuril.json:3:9: /id: ... (and 2 more errors)".
func (l ErrorList) Error() string {
	if len(l) == 0 {
		return "no errors"
	}
	// A note that n more errors were truncated counts as n.
	more := 0
	for _, e := range l[1:] {
		more += truncatedCount(e)
	}
	switch more {
	case 0:
		return l[0].Error()
	case 1:
		return l[0].Error() + " (and 1 more error)"
	}
	return l[0].Error() + " (and " + strconv.Itoa(more) + " more errors)"
}

// Err returns l as an error, or nil if l is empty. Use it rather than
// returning l itself: an empty ErrorList stored in an error is not nil.
func (l ErrorList) Err() error {
	if len(l) == 0 {
		return nil
	}
	return l
}

// Unwrap returns the errors of l, for [errors.Is] and [errors.As].
func (l ErrorList) Unwrap() []error {
	errs := make([]error, len(l))
	for i, e := range l {
		errs[i] = e
	}
	return errs
}

// dedup returns l without the errors that repeat an earlier one: same
// file, position, path, code and message.
func (l ErrorList) dedup() ErrorList {
	type key struct {
		file, path, msg string
		line, col       int
		code            Code
	}
	seen := make(map[key]bool, len(l))
	out := l[:0:0]
	for _, e := range l {
		k := key{e.File, e.Path, e.Msg, e.Line, e.Column, e.Code}
		if !seen[k] {
			seen[k] = true
			out = append(out, e)
		}
	}
	return out
}

// finish sorts l, keeps at most maxErrors errors and returns it as an
// error, or nil if it is empty.
func (l ErrorList) finish() error {
	l.Sort()
	if len(l) > maxErrors {
		more := 0
		for _, e := range l[maxErrors:] {
			more += truncatedCount(e)
		}
		// The note stands where the first error it counts stands, so a
		// reader knows from where on errors were left out.
		first := l[maxErrors]
		note := &Error{File: first.File, Line: first.Line, Column: first.Column, Code: first.Code,
			Msg: strconv.Itoa(more) + " more errors were truncated"}
		l = append(l[:maxErrors:maxErrors], note)
	}
	return l.Err()
}

// suggestion returns a "did you mean" hint naming the candidate closest to
// name (see closest), or "" if none is close enough.
func suggestion(name string, candidates []string) string {
	if c := closest(name, candidates); c != "" {
		return "did you mean " + strconv.Quote(c) + "?"
	}
	return ""
}

// closest returns the candidate closest to name if it is a plausible
// misspelling, or "" (see [suggest.Closest]).
func closest(name string, candidates []string) string {
	return suggest.Closest(name, candidates)
}

// truncatedCount is the number of errors e stands for: n for a note that
// n more errors were truncated (from a condition's list of errors), 1 for
// any other error.
func truncatedCount(e *Error) int {
	msg := e.Msg
	var ce *conditions.Error
	if msg == "" && errors.As(e.Err, &ce) {
		msg = ce.Msg
	}
	if n, ok := strings.CutSuffix(msg, " more errors were truncated"); ok {
		if k, err := strconv.Atoi(n); err == nil && k > 0 {
			return k
		}
	}
	return 1
}
