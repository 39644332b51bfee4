package conditions

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/treatycond/treatycond/conditions/internal/ast"
)

// Pos is a position in the source text of a condition.
//
// Offset is a byte offset, starting at 0. Line is a line number, starting
// at 1. Column is a column number, starting at 1 and counted in Unicode
// code points (not bytes), so that a tab or a multi-byte character counts
// as one column. The zero Pos means "no position": the error is not tied to
// a place in the source, for example because the condition was built by a
// function rather than parsed.
type Pos struct {
	Offset int
	Line   int
	Column int
}

// posOf converts a syntax tree position.
func posOf(p ast.Pos) Pos { return Pos{Offset: p.Offset, Line: p.Line, Column: p.Column} }

// IsValid reports whether p is a real position (Line >= 1).
func (p Pos) IsValid() bool { return p.Line > 0 }

// String returns "line:column", or "-" for a Pos that is not valid.
func (p Pos) String() string {
	if !p.IsValid() {
		return "-"
	}
	return strconv.Itoa(p.Line) + ":" + strconv.Itoa(p.Column)
}

// Code classifies an [Error]. Codes are stable: programs may switch on them,
// whereas the wording of messages may change.
type Code string

// The error codes.
const (
	// CodeSyntax: the text is not a well-formed condition.
	CodeSyntax Code = "syntax"
	// CodeLimit: the condition is too long or nested too deeply.
	CodeLimit Code = "limit"
	// CodeUnknownFact: a fact is not declared in the schema.
	CodeUnknownFact Code = "unknown_fact"
	// CodeType: an operator is applied to operands of the wrong type.
	CodeType Code = "type"
	// CodeFactType: a fact's value has the wrong (or an unsupported) Go type.
	CodeFactType Code = "fact_type"
	// CodeDivByZero: a division by zero during evaluation.
	CodeDivByZero Code = "div_by_zero"
	// CodeArgument: a function was called with an invalid argument.
	CodeArgument Code = "argument"
)

// text returns a short description of c, used when an Error has no message.
func (c Code) text() string {
	switch c {
	case CodeSyntax:
		return "syntax error"
	case CodeLimit:
		return "limit exceeded"
	case CodeUnknownFact:
		return "unknown fact"
	case CodeType:
		return "type error"
	case CodeFactType:
		return "fact value has the wrong type"
	case CodeDivByZero:
		return "division by zero"
	case CodeArgument:
		return "invalid argument"
	}
	return "error " + strconv.Quote(string(c))
}

// Sentinel errors, one per [Code], for use with [errors.Is]:
//
//	if errors.Is(err, conditions.ErrSyntax) { ... }
//
// Each has only its Code set. An [*Error] matches a sentinel when the codes
// are equal, and an [ErrorList] matches when any of its errors does.
var (
	ErrSyntax      = &Error{Code: CodeSyntax}
	ErrLimit       = &Error{Code: CodeLimit}
	ErrUnknownFact = &Error{Code: CodeUnknownFact}
	ErrType        = &Error{Code: CodeType}
	ErrFactType    = &Error{Code: CodeFactType}
	ErrDivByZero   = &Error{Code: CodeDivByZero}
	ErrArgument    = &Error{Code: CodeArgument}
)

// Error is a problem with a condition, located in its source text.
//
// Pos and End delimit the offending text: Pos is inclusive and End is
// exclusive. Either may be the zero Pos when there is no source position.
// Hint, when not empty, is a suggestion such as "did you mean x?".
//
// In a condition composed by [And], [Or] or [Not] of parts parsed from
// different texts, Pos and End are positions in the text of the part the
// error lies in, not in the composed condition's [Expr.Source]; the
// Error remembers that text, and [Snippet] shows it.
type Error struct {
	Code Code
	Pos  Pos
	End  Pos
	Msg  string
	Hint string

	// src is the text Pos and End are in, when known: that of the part
	// of a composed condition the error lies in (see [Snippet]).
	src *string
}

// newError returns a new *Error with the given code at the source range
// rng, its message formatted as by [fmt.Sprintf]. The caller may set Hint on
// the result.
func newError(code Code, rng ast.Range, format string, args ...any) *Error {
	msg := format
	if len(args) > 0 {
		msg = fmt.Sprintf(format, args...)
	}
	return &Error{Code: code, Pos: posOf(rng.Start), End: posOf(rng.End), Msg: msg, src: rng.Src}
}

// Error returns the error on one line: "line:column: message (hint)". The
// position is left out when it is not valid, and the hint when it is
// empty. An Error with no message uses a short description of its code.
// A nil *Error gives "<nil>".
func (e *Error) Error() string {
	if e == nil {
		return "<nil>"
	}
	var b strings.Builder
	if e.Pos.IsValid() {
		b.WriteString(e.Pos.String())
		b.WriteString(": ")
	}
	if e.Msg != "" {
		b.WriteString(e.Msg)
	} else {
		b.WriteString(e.Code.text())
	}
	if e.Hint != "" {
		b.WriteString(" (")
		b.WriteString(e.Hint)
		b.WriteByte(')')
	}
	return b.String()
}

// Is reports whether target is an *Error with the same Code as e, so that
// errors.Is(err, ErrSyntax) holds for every syntax error. A nil e matches
// nothing.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t != nil && e != nil && e.Code == t.Code
}

// maxErrors is the number of errors an ErrorList returned by this package
// holds at most, not counting the final note that says how many more were
// found.
const maxErrors = 100

// ErrorList is a list of errors. The zero value is an empty list ready to
// use. The errors returned by [Parse] are always an ErrorList, so that all
// problems in a condition are reported at once; use [errors.As] to get it,
// or [errors.Is] with a sentinel such as [ErrSyntax] to test for a kind of
// error anywhere in it.
//
// Lists returned by this package are sorted by position and hold at most
// 100 errors; when more were found, a last entry with no position says how
// many were left out.
type ErrorList []*Error

// Add appends e to the list.
func (l *ErrorList) Add(e *Error) { *l = append(*l, e) }

// Sort sorts the list by source position (byte offset); errors with no
// position go last. Errors at the same position keep their order.
func (l ErrorList) Sort() {
	slices.SortStableFunc(l, func(a, b *Error) int {
		av, bv := a.Pos.IsValid(), b.Pos.IsValid()
		switch {
		case av && !bv:
			return -1
		case !av && bv:
			return 1
		}
		return a.Pos.Offset - b.Pos.Offset
	})
}

// Error returns the first error and the number of the others:
// "1:5: unexpected ')' (and 2 more errors)".
func (l ErrorList) Error() string {
	switch len(l) {
	case 0:
		return "no errors"
	case 1:
		return l[0].Error()
	case 2:
		return l[0].Error() + " (and 1 more error)"
	}
	return fmt.Sprintf("%s (and %d more errors)", l[0].Error(), len(l)-1)
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

// finish sorts l, keeps at most maxErrors of its errors and returns it as
// an error, or nil if it is empty. dropped counts errors that were found
// but not added to l; they are included in the note that replaces the
// errors beyond the limit.
func (l ErrorList) finish(dropped int) error {
	l.Sort()
	if len(l) > maxErrors || dropped > 0 {
		keep := min(len(l), maxErrors)
		code := CodeSyntax
		if keep < len(l) {
			code = l[keep].Code
		} else if keep > 0 {
			code = l[keep-1].Code
		}
		note := &Error{Code: code, Msg: fmt.Sprintf("%d more errors were truncated", len(l)-keep+dropped)}
		l = append(l[:keep:keep], note)
	}
	return l.Err()
}
