// Package treatycond models treaties as typed data and answers the
// questions analysts ask of them: under this scenario, which conditions
// hold, which obligations are due, under whose reading, since when, why,
// and what would it take.
//
// The module has two packages to import:
//
//   - [github.com/treatycond/treatycond/conditions] is the condition
//     language: parse, check, print and evaluate conditions in three-valued
//     logic, explain results, compute residuals and minimal fact sets, and
//     compile conditions for fast sweeps.
//   - [github.com/treatycond/treatycond/treaty] is the domain model
//     (parties, instruments, clauses, relations, readings) and its
//     evaluator.
//
// The command cmd/treaty runs both from the shell, and examples/ holds
// runnable models of real agreements, starting with examples/kuril.
package treatycond
