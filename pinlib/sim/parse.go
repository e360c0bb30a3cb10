package sim

import (
	"fmt"
	"strings"
)

// ParseCase checks the IDs of a case. An empty mode means hard-fail, so a
// link without one still opens.
func ParseCase(client, scenario, policy, mode string) (Case, error) {
	if err := known("client", client, Clients); err != nil {
		return Case{}, err
	}
	if err := known("scenario", scenario, Scenarios); err != nil {
		return Case{}, err
	}
	if err := known("policy", policy, Policies); err != nil {
		return Case{}, err
	}
	if mode == "" {
		mode = string(Hard)
	}
	if err := known("mode", mode, []string{string(Hard), string(Soft)}); err != nil {
		return Case{}, err
	}
	return Case{Client: client, Scenario: scenario, Policy: policy, Mode: Mode(mode)}, nil
}

func known(what, id string, ids []string) error {
	for _, x := range ids {
		if x == id {
			return nil
		}
	}
	return fmt.Errorf("sim: unknown %s %q: use one of %s", what, id, strings.Join(ids, ", "))
}
