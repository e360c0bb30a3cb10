// Package pinlib reads whatever people paste as "a certificate" and turns it
// into pins.
//
// Read accepts PEM with any text around it (openssl -text and s_client
// output, CRLF, indentation, JSON "\n" escapes), bare base64, binary DER,
// PKCS#7 bundles and public keys. It orders the certificates leaf first by
// verified signatures, not by names, gives each a role, and explains what is
// wrong with the chain as a server would send it. Private keys are
// recognised and thrown away unread.
//
// Each certificate carries its Pins: the SHA-256 of its SubjectPublicKeyInfo
// (what Android, OkHttp, iOS, TrustKit and curl pin) in every notation those
// clients use, plus certificate fingerprints.
//
// The package is pure Go with no I/O, so the CLI and the WebAssembly UI share
// it and nothing pasted ever leaves the browser.
package pinlib
