package main

import "github.com/treatycond/treatycond/internal/casebook"

// story describes the program for the tests: its files, question, scenario
// order and run function.
var story = casebook.Case{
	Files:     files,
	ModelFile: modelFile,
	Question:  question,
	Order:     scenarioFiles,
	Program:   run,
}
