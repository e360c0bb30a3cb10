// Package app is pinlab's user interface: go-app components, one page per
// file, plus the small widgets they share. It holds no pinning logic: every
// number it shows comes from pinlib.
package app
