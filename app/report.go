package app

import (
	"encoding/json"

	"pinlab/pinlib/sim"
)

// reportJSON shows a soft-fail report as the body a client would POST.
func reportJSON(r *sim.Report) string {
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err.Error()
	}
	return string(b)
}
