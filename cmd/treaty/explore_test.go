package main

import (
	"bytes"
	"net"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestExploreUsage checks the explore command's answers to bad usage.
func TestExploreUsage(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		stderr string
		reason string
	}{
		{"no model", []string{"explore"}, "no model", "without MODEL or a scenario that names one there is nothing to explore"},
		{"scenario as model", []string{"explore", "../../examples/kuril/scenario-2018.json"}, "is a scenario file, not a model", "a scenario passed as the model is named as such"},
		{"missing file", []string{"explore", "no-such-model.json"}, "no-such-model.json", "an unreadable file is named"},
		{"bad address", []string{"explore", "../../examples/kuril/kuril.json", "--addr", "127.0.0.1:notaport"}, "notaport", "an address that cannot be listened on is an error"},
	}
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer busy.Close()
	tests = append(tests, struct {
		name   string
		args   []string
		stderr string
		reason string
	}{"address in use", []string{"explore", "../../examples/kuril/kuril.json", "--addr", busy.Addr().String()}, "--addr 127.0.0.1:0",
		"a port in use gets a hint to choose another"})
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			code := run(&env{stdout: &out, stderr: &errb}, tc.args)
			require.Equal(t, exitUsage, code, tc.reason)
			require.Contains(t, errb.String(), tc.stderr, tc.reason)
		})
	}
}

// TestExploreServes runs the server for a moment: it prints its URL and
// stops at --timeout with exit status 0. The page itself is tested in a
// browser by internal/browsertest.
func TestExploreServes(t *testing.T) {
	var out, errb bytes.Buffer
	code := run(&env{stdout: &out, stderr: &errb}, []string{"explore", "--scenario", "../../examples/kuril/scenario-2018.json",
		"--addr", "127.0.0.1:0", "--timeout", "300ms"})
	require.Equal(t, exitOK, code, errb.String())
	require.True(t, strings.HasPrefix(out.String(), "treaty explore: serving kuril.json on http://127.0.0.1:"), out.String())
}
