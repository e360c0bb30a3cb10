package platform

import (
	"regexp"
	"sync"
)

// lazyRegexp compiles a pattern the first time it is used. The config
// readers' patterns are needed on the Check page only, so the wasm's start
// does not pay for compiling them (about 11 ms of package init at 1× CPU).
func lazyRegexp(pattern string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(pattern) })
}
