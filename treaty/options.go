package treaty

// EvalOption configures [Evaluate] and [EvaluateContext].
//
// Each entry point has its own option type, so that an option that means
// nothing to a function does not compile with it:
//
//	Evaluate, EvaluateContext          ...EvalOption   AsOf, ForReadings, ForClauses
//	Sweep                              ...SweepOption  AsOf, ForReadings, ForClauses
//	WhatItTakes, Impact, ...           ...TakesOption  AsOf, ForReadings, OpenFacts
//
// The option types are interfaces with unexported methods: only this
// package implements them. An option that several entry points accept has
// a type that implements each of their option types ([Option] for AsOf
// and ForReadings, [ClauseOption] for ForClauses).
type EvalOption interface{ applyEval(*evalConfig) }

// SweepOption configures [Sweep].
type SweepOption interface{ applySweep(*evalConfig) }

// TakesOption configures [WhatItTakes] and [WhatItTakesContext], and the
// other analyses of one clause built like them ([Impact],
// [CompareReadings]).
type TakesOption interface{ applyTakes(*evalConfig) }

// Option is an option every entry point accepts: it is an [EvalOption], a
// [SweepOption] and a [TakesOption]. [AsOf] and [ForReadings] return one.
type Option interface {
	EvalOption
	SweepOption
	TakesOption
}

// ClauseOption is an option that [Evaluate] and [Sweep] accept, but not
// [WhatItTakes], which analyses one clause named by its argument.
// [ForClauses] returns one.
type ClauseOption interface {
	EvalOption
	SweepOption
}

type evalConfig struct {
	asOf     Date
	readings []string
	clauses  []string
	open     []string
}

// anyOption implements every option type.
type anyOption func(*evalConfig)

func (o anyOption) applyEval(c *evalConfig)  { o(c) }
func (o anyOption) applySweep(c *evalConfig) { o(c) }
func (o anyOption) applyTakes(c *evalConfig) { o(c) }

// clauseOption implements EvalOption and SweepOption.
type clauseOption func(*evalConfig)

func (o clauseOption) applyEval(c *evalConfig)  { o(c) }
func (o clauseOption) applySweep(c *evalConfig) { o(c) }

// takesOption implements TakesOption.
type takesOption func(*evalConfig)

func (o takesOption) applyTakes(c *evalConfig) { o(c) }

// AsOf evaluates as of d instead of the scenario's as-of date.
func AsOf(d Date) Option { return anyOption(func(c *evalConfig) { c.asOf = d }) }

// ForReadings limits the result to the readings with the given ids. An id
// the model does not have is an error with [CodeUnknownReading].
func ForReadings(ids ...string) Option {
	ids = append([]string(nil), ids...)
	return anyOption(func(c *evalConfig) { c.readings = append(c.readings, ids...) })
}

// ForClauses limits the result to the clauses with the given ids. An id the
// model does not have is an error with [CodeUnknownClause].
func ForClauses(ids ...string) ClauseOption {
	ids = append([]string(nil), ids...)
	return clauseOption(func(c *evalConfig) { c.clauses = append(c.clauses, ids...) })
}

// OpenFacts treats the named facts as unknown in [WhatItTakes], even when
// the scenario gives them values: the analysis then asks what they would
// have to be. OpenFacts("*") opens every fact. When the model declares
// its facts, WhatItTakes rejects a name it does not declare, suggesting the
// closest.
func OpenFacts(names ...string) TakesOption {
	names = append([]string(nil), names...)
	return takesOption(func(c *evalConfig) { c.open = append(c.open, names...) })
}

// Open is the former name of [OpenFacts].
//
// Deprecated: use [OpenFacts]; "Open" reads as opening a file or model.
func Open(names ...string) TakesOption { return OpenFacts(names...) }
