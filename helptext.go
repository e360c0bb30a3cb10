//go:build !wasm

package main

import (
	"fmt"
	"strings"

	"pinlab/pinlib"
	"pinlab/pinlib/platform"
	"pinlab/pinlib/sim"
)

// Help texts name the platforms as the registry lists them
// (platform.Registry), so a new platform shows in the help without an
// edit here.

// helpWidth is the width help paragraphs are wrapped at.
const helpWidth = 78

// formatsHelp is config's list of formats: "Formats: android, okhttp, …".
func formatsHelp() string {
	return wrap("Formats: "+strings.Join(platform.IDs(), ", ")+".", helpWidth)
}

// readsHelp is check's list of what it reads: "Reads: android
// (network_security_config.xml), …".
func readsHelp() string {
	var kinds []string
	for _, r := range platform.CheckReaders() {
		kinds = append(kinds, fmt.Sprintf("%s (%s)", r.ID, r.Reads))
	}
	return wrap("Reads: "+pinlib.JoinAnd(kinds)+".", helpWidth)
}

// clientsHelp is simulate's list of clients, from the simulator's client
// table: "Clients: android (default), …".
func clientsHelp() string {
	ids := make([]string, len(sim.Clients))
	for i, id := range sim.Clients {
		ids[i] = id
		if id == defaultClient {
			ids[i] += " (default)"
		}
	}
	return wrap("Clients: "+strings.Join(ids, ", ")+".", helpWidth)
}

// wrap breaks text into lines of at most width characters at spaces; a
// word longer than width has a line of its own.
func wrap(text string, width int) string {
	var b strings.Builder
	line := 0
	for _, w := range strings.Fields(text) {
		switch {
		case line == 0:
		case line+1+len(w) > width:
			b.WriteByte('\n')
			line = 0
		default:
			b.WriteByte(' ')
			line++
		}
		b.WriteString(w)
		line += len(w)
	}
	return b.String()
}
