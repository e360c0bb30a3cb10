package learn_test

import (
	"fmt"

	"pinlab/content/learn"
)

func ExampleCheck() {
	v, err := learn.Check("proxy-android", "blocked")
	if err != nil {
		panic(err)
	}
	fmt.Println(v.Correct)
	fmt.Println(v.Feedback)
	// Output:
	// true
	// It is blocked: the proxy's root "mitmproxy" is in the user store, which this client does not trust.
}
