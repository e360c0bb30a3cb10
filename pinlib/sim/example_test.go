package sim_test

import (
	"fmt"
	"time"

	"pinlab/pinlib/sim"
)

func ExampleWorld_Run() {
	w, err := sim.NewWorld(time.Now())
	if err != nil {
		panic(err)
	}
	for _, client := range []string{"android", "okhttp"} {
		r, err := w.Run(sim.Case{Client: client, Scenario: "pins-expired-rogue-ca", Policy: "intermediate-spki", Mode: sim.Hard})
		if err != nil {
			panic(err)
		}
		fmt.Println(client, r.Outcome)
	}
	// Output:
	// android intercepted
	// okhttp blocked
}

func ExampleParseCase() {
	_, err := sim.ParseCase("android", "mitm", "leaf-spki", "hard")
	fmt.Println(err)
	// Output:
	// sim: unknown scenario "mitm": use one of baseline, proxy-user-ca, rogue-public-ca, compromised-issuing-ca, self-signed, wrong-host, pinned-cert-appended, runtime-hook, leaf-renewed-same-key, leaf-renewed-new-key, leaf-renewed-backup-key, intermediate-rotated, ca-switch, pins-expired-rogue-ca
}
