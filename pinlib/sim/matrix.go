package sim

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"strings"
)

// Matrix is every scenario against every policy for one client and mode.
// Its JSON form is the public `pinlab simulate --json` output (docs/ARCHITECTURE.md).
type Matrix struct {
	Client    string                        `json:"client"`
	Mode      Mode                          `json:"mode"`
	Scenarios []string                      `json:"scenarios"`
	Policies  []string                      `json:"policies"`
	Outcomes  map[string]map[string]Outcome `json:"outcomes"` // scenario -> policy -> outcome
	Reasons   map[string]map[string]string  `json:"reasons"`  // scenario -> policy -> reason
	Results   map[string]map[string]Result  `json:"-"`        // scenario -> policy -> the whole result, with its trace
}

// Matrix runs every scenario and policy for client in mode.
func (w *World) Matrix(client string, mode Mode) (Matrix, error) {
	if _, err := ParseCase(client, Scenarios[0], Policies[0], string(mode)); err != nil {
		return Matrix{}, err
	}
	m := Matrix{
		Client:    client,
		Mode:      mode,
		Scenarios: append([]string(nil), Scenarios...),
		Policies:  append([]string(nil), Policies...),
		Outcomes:  make(map[string]map[string]Outcome, len(Scenarios)),
		Reasons:   make(map[string]map[string]string, len(Scenarios)),
		Results:   make(map[string]map[string]Result, len(Scenarios)),
	}
	if m.Mode == "" {
		m.Mode = Hard
	}
	for _, s := range Scenarios {
		m.Outcomes[s] = make(map[string]Outcome, len(Policies))
		m.Reasons[s] = make(map[string]string, len(Policies))
		m.Results[s] = make(map[string]Result, len(Policies))
		for _, p := range Policies {
			r, err := w.Run(Case{Client: client, Scenario: s, Policy: p, Mode: m.Mode})
			if err != nil {
				return Matrix{}, err
			}
			m.Outcomes[s][p] = r.Outcome
			m.Reasons[s][p] = r.Reason
			m.Results[s][p] = r
		}
	}
	return m, nil
}

// Note is what the mode means for this client's cells (see ModeNote):
// that a client with no soft-fail mode shows its hard-fail outcomes, that
// TrustKit reports whether it enforces or not.
func (m Matrix) Note() string { return ModeNote(m.Client, m.Mode) }

// Markdown is the matrix as a Markdown table for slides: a caption line,
// the note if any, then scenarios down and policies across.
func (m Matrix) Markdown() string {
	var b strings.Builder
	fmt.Fprintf(&b, "**%s**, %s-fail\n\n", m.Client, m.Mode)
	if note := m.Note(); note != "" {
		b.WriteString(note + "\n\n")
	}
	b.WriteString("| scenario |")
	for _, p := range m.Policies {
		fmt.Fprintf(&b, " %s |", p)
	}
	b.WriteString("\n|---|")
	for range m.Policies {
		b.WriteString("---|")
	}
	b.WriteString("\n")
	for _, s := range m.Scenarios {
		fmt.Fprintf(&b, "| %s |", s)
		for _, p := range m.Policies {
			fmt.Fprintf(&b, " %s |", m.Outcomes[s][p])
		}
		b.WriteString("\n")
	}
	return b.String()
}

// CSV is the matrix as CSV: a header row "scenario,<policies>", then one
// row per scenario.
func (m Matrix) CSV() string {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write(append([]string{"scenario"}, m.Policies...))
	for _, s := range m.Scenarios {
		row := []string{s}
		for _, p := range m.Policies {
			row = append(row, string(m.Outcomes[s][p]))
		}
		w.Write(row)
	}
	w.Flush()
	return b.String()
}
