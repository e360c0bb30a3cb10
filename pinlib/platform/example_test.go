package platform_test

import (
	"fmt"
	"os"
	"time"

	"pinlab/pinlib"
	"pinlab/pinlib/platform"
)

func Example() {
	data, _ := os.ReadFile("../testdata/openssl/chain.pem")
	now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	b := pinlib.ReadAt(now, pinlib.Input{Name: "chain.pem", Data: data})
	policy, err := platform.Choose(b, platform.Selection{
		Host:       "leaf.pinlab.test",
		BackupPins: []string{"sha256/WiCrkByN5e5mMctI2vvf1i6RTlcC2NBYxX/tIh/wFzE="},
		Now:        now,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	curl, _ := platform.ByID("curl")
	files, lints := curl.Config(policy)
	primary, _ := platform.Primary(files)
	fmt.Print(string(primary.Content))
	for _, l := range lints {
		fmt.Println(l.Severity, l.Code)
	}
	// Output:
	// curl --pinnedpubkey "sha256//peFdO+sk9C6BYOaP36qIZtr31IBTua5WqkNZe11rZdw=;sha256//WiCrkByN5e5mMctI2vvf1i6RTlcC2NBYxX/tIh/wFzE=" https://leaf.pinlab.test/
	// warning curl-leaf-only
	// warning curl-no-leaf-pin
}

func ExampleValidateHost() {
	for _, h := range []string{"API.Example.com", `a.com"><script>`, "bücher.example"} {
		host, err := platform.ValidateHost(h, false)
		fmt.Printf("%q %v\n", host, err)
	}
	// Output:
	// "api.example.com" <nil>
	// "" platform: host "a.com\"><script>": character '"' is not allowed in a host name
	// "" platform: host "bücher.example": not ASCII: give the punycode form (xn--...) of an internationalised name
}
