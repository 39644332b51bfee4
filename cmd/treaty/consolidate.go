package main

import (
	"flag"
	"fmt"

	"github.com/treatycond/treatycond/treaty"
)

var consolidateCmd = &command{
	name:    "consolidate",
	args:    "MODEL.json [--reading ID] [--as-of DATE] [--diff READING|DATE] [--format text|json|markdown]",
	short:   "each clause as in effect for a reading on a date, part by part",
	minArgs: 1, maxArgs: 1,
	long: `
Consolidate prints the point-in-time consolidated text of a model for a
reading: each clause as in effect on the date - its effective condition,
bearer, beneficiary, window (not_before) and deadline, and the status of
its instrument - every part tagged with the instrument and relation that
put it there (original, adds_condition, replaces_condition, suspends,
terminates, supersedes, rejection, succession), then the changes the model
records after the date. No scenario is needed: no fact is evaluated.

Without --reading every reading is consolidated in turn. The date defaults
to the latest date the model mentions.

--diff READING compares --reading (required then) with another reading on
the date; --diff DATE compares the reading (or every reading) on --as-of
with the same reading on DATE. Only the parts that differ are printed.

--format json prints documents with schema tag treatycond.consolidated/v1
(see 'treaty schema consolidated'): one consolidation, an array of them,
or a diff. markdown prints a table per clause (not with --diff).

Exit status: 0 on success, 2 on bad usage or when the model cannot be
loaded.`,
}

func init() {
	consolidateCmd.setup = func(fs *flag.FlagSet) func(*env, []string) int {
		var reading, asOfText, diff string
		fs.StringVar(&reading, "reading", "", "consolidate for the reading `id` (default: every reading)")
		fs.StringVar(&asOfText, "as-of", "", "consolidate as of `date` (YYYY-MM-DD; default: the latest date the model mentions)")
		fs.StringVar(&diff, "diff", "", "compare with another `reading or date`")
		format := newFormat(fs, "text", "text", "json", "markdown")
		return func(e *env, args []string) int {
			m, err := loadModelArg(args[0], "pass a model file")
			if err != nil {
				printErrorsPrefixed(e.stderr, "consolidate", err)
				return exitUsage
			}
			var readings []string
			if reading != "" {
				readings = []string{reading}
			}
			if !checkSelection(e, "consolidate", m, nil, readings) {
				return exitUsage
			}
			if readings == nil {
				readings = readingIDs(m)
			}
			asOf := treaty.LatestDate(m)
			if asOfText != "" {
				if asOf, err = treaty.ParseDate(asOfText); err != nil {
					fmt.Fprintf(e.stderr, "treaty consolidate: --as-of: %v\n", err)
					return exitUsage
				}
			}
			if asOf.IsZero() {
				fmt.Fprintln(e.stderr, "treaty consolidate: the model mentions no date: give --as-of")
				return exitUsage
			}
			if diff != "" {
				return consolidateDiff(e, m, reading, readings, asOf, diff, format.value)
			}
			var all []*treaty.Consolidated
			for _, r := range readings {
				c, err := treaty.Consolidate(m, r, asOf)
				if err != nil {
					printErrorsPrefixed(e.stderr, "consolidate", err)
					return exitUsage
				}
				all = append(all, c)
			}
			switch format.value {
			case "json":
				if len(all) == 1 {
					err = writeJSON(e.stdout, all[0])
				} else {
					err = writeJSON(e.stdout, all)
				}
			default:
				for i, c := range all {
					if i > 0 {
						fmt.Fprintln(e.stdout)
					}
					if format.value == "markdown" {
						err = c.WriteMarkdown(e.stdout)
					} else {
						err = c.WriteText(e.stdout)
					}
					if err != nil {
						break
					}
				}
			}
			if err != nil {
				fmt.Fprintf(e.stderr, "treaty consolidate: %v\n", err)
				return exitUsage
			}
			return exitOK
		}
	}
}

// consolidateDiff prints the differences between two consolidations:
// reading against the reading --diff names, or each reading on asOf
// against itself on the date --diff gives.
func consolidateDiff(e *env, m *treaty.Model, reading string, readings []string, asOf treaty.Date, diff, format string) int {
	if format == "markdown" {
		fmt.Fprintln(e.stderr, "treaty consolidate: --diff prints text or json, not markdown")
		return exitUsage
	}
	type pair struct {
		ra, rb string
		da, db treaty.Date
	}
	var pairs []pair
	if d, err := treaty.ParseDate(diff); err == nil {
		for _, r := range readings {
			pairs = append(pairs, pair{r, r, asOf, d})
		}
	} else {
		if reading == "" {
			fmt.Fprintln(e.stderr, "treaty consolidate: --diff READING needs --reading: the reading to compare it with")
			return exitUsage
		}
		if !checkSelection(e, "consolidate", m, nil, []string{diff}) {
			return exitUsage
		}
		pairs = append(pairs, pair{reading, diff, asOf, asOf})
	}
	var diffs []*treaty.ConsolidatedDiff
	for _, p := range pairs {
		a, err := treaty.Consolidate(m, p.ra, p.da)
		if err == nil {
			var b *treaty.Consolidated
			if b, err = treaty.Consolidate(m, p.rb, p.db); err == nil {
				diffs = append(diffs, treaty.DiffConsolidated(a, b))
			}
		}
		if err != nil {
			printErrorsPrefixed(e.stderr, "consolidate", err)
			return exitUsage
		}
	}
	var err error
	if format == "json" {
		if len(diffs) == 1 {
			err = writeJSON(e.stdout, diffs[0])
		} else {
			err = writeJSON(e.stdout, diffs)
		}
	} else {
		for i, d := range diffs {
			if i > 0 {
				fmt.Fprintln(e.stdout)
			}
			if err = d.WriteText(e.stdout); err != nil {
				break
			}
		}
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "treaty consolidate: %v\n", err)
		return exitUsage
	}
	return exitOK
}
