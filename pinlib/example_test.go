package pinlib_test

import (
	"fmt"
	"os"
	"time"

	"pinlab/pinlib"
)

// Read a chain pasted with text around it and print what a developer would
// pin, leaf first.
func Example() {
	data, err := os.ReadFile("testdata/openssl/s_client-showcerts.txt")
	if err != nil {
		panic(err)
	}
	now := time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
	b := pinlib.ReadAt(now, pinlib.Input{Name: "s_client.txt", Data: data})
	if err := b.Err(); err != nil {
		panic(err)
	}
	fmt.Println(b.Shape)
	for _, c := range b.Certificates {
		fmt.Printf("%d %-12s %-24s %s\n", c.Index, c.Role, c.Name(), c.Pins.OkHttp())
	}
	for _, w := range b.Warnings {
		fmt.Println(w.Code)
	}
	// Output:
	// chain
	// 0 leaf         leaf.pinlab.test         sha256/hX3jD5eU6O+IaiH7Pm6W8578NuI7Vf7L3qKTP+9meIk=
	// 1 intermediate pinlab Test Intermediate sha256/peFdO+sk9C6BYOaP36qIZtr31IBTua5WqkNZe11rZdw=
	// root-not-included
}

func ExampleParsePin() {
	for _, s := range []string{
		"sha256/C5+lpZ7tcVwmwQIMcRtPbsQtWLABXhQzejna0wHFr8M=",
		"sha-256/C5+lpZ7tcVwmwQIMcRtPbsQtWLABXhQzejna0wHFr8M=",
	} {
		pin, err := pinlib.ParsePin(s)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Println(pinlib.Pins{SPKISHA256: pin}.Curl())
	}
	// Output:
	// sha256//C5+lpZ7tcVwmwQIMcRtPbsQtWLABXhQzejna0wHFr8M=
	// pinlib: invalid pin: prefix "sha-256/" is not a pin prefix: OkHttp writes sha256/, curl sha256//, HPKP pin-sha256="..."
}

func ExamplePins() {
	data, err := os.ReadFile("testdata/vectors/letsencrypt/r10.pem")
	if err != nil {
		panic(err)
	}
	p := pinlib.Read(pinlib.Input{Name: "r10.pem", Data: data}).Certificates[0].Pins
	fmt.Println(p.SPKISHA256Base64())
	fmt.Println(p.OkHttp())
	fmt.Println(p.Curl())
	fmt.Println(p.HPKP())
	fmt.Println(p.CertSHA256Hex())
	// Output:
	// K7rZOrXHknnsEhUH8nLL4MZkejquUuIvOIr6tCa0rbo=
	// sha256/K7rZOrXHknnsEhUH8nLL4MZkejquUuIvOIr6tCa0rbo=
	// sha256//K7rZOrXHknnsEhUH8nLL4MZkejquUuIvOIr6tCa0rbo=
	// pin-sha256="K7rZOrXHknnsEhUH8nLL4MZkejquUuIvOIr6tCa0rbo="
	// 9d7c3f1aa6ad2b2ec0d5cf1e246f8d9ae6cbc9fd0755ad37bb974b1f2fb603f3
}
