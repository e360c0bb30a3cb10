package app

import (
	"fmt"
	"net/url"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"pinlab/pinlib"
)

// maxShareLink caps a share link's payload, the text after #chain=. Links
// of real chains are small: 0.7 kB for one certificate, 1.2 kB for the
// demo chain, 4.7 kB for GlobalSign's three certificates and 8.3 kB for
// Let's Encrypt's ten. Debian's bundle of 142 roots would make a 147 kB
// link: that is a file to send, not a link, and chat and mail tools cut
// links far shorter. 32 KiB holds about thirty certificates, four times
// the longest real chain, and keeps a hostile link small.
const maxShareLink = 32 << 10

// maxShareContent caps what a link unpacks to. Certificates hardly
// compress (Debian's roots unpack to 1.04 times their link, the same chain
// eight times over to 6.8 times), so a link pinlab makes never unpacks
// past eight times the link cap; a crafted one, deflated text repeated
// over and over, unpacks to a thousand times its length.
const maxShareContent = 8 * maxShareLink

// shareURL is page with the bundle in its fragment, or a sentence saying
// why no link can carry it.
func shareURL(page url.URL, b *pinlib.Bundle) (link, problem string) {
	payload := pinlib.EncodeShare(b)
	if len(payload) > maxShareLink {
		return "", fmt.Sprintf("These certificates would make a %s link, over the %s a pinlab link may carry: send them as a file instead.",
			kilobytes(len(payload)), kilobytes(maxShareLink))
	}
	page.RawQuery = ""
	page.Fragment = shareParam + payload
	return page.String(), ""
}

// openShareLink unpacks a share link's payload into inputs, or says in one
// sentence why it will not: too long, unreadable, or unpacking to more
// than a pinlab link holds. Nothing is parsed yet; size is what the inputs
// weigh, for readAfterPaint.
func openShareLink(payload string) (inputs []pinlib.Input, size int, problem string) {
	if len(payload) > maxShareLink {
		return nil, 0, fmt.Sprintf("This share link is %s long, over the %s a pinlab link may carry, so it was not opened. Ask for the certificates as a file.",
			kilobytes(len(payload)), kilobytes(maxShareLink))
	}
	inputs, err := pinlib.DecodeShare(payload)
	if err != nil {
		return nil, 0, "This share link could not be read: " + pinlib.Message(err) + ". Ask for the link again."
	}
	for _, in := range inputs {
		size += len(in.Data)
	}
	if size > maxShareContent {
		return nil, 0, fmt.Sprintf("This share link unpacks to %s, more than a link made by pinlab holds (at most %s), so it was not opened: it was made or changed by hand.",
			kilobytes(size), kilobytes(maxShareContent))
	}
	return inputs, size, ""
}

// replaceShareFragment rewrites the address bar, in place and without a
// new history entry: to a link of b alone, or to the bare page. After a
// link is opened, nothing it carried beyond what was read stays in the URL
// or comes back on reload.
func replaceShareFragment(ctx app.Context, b *pinlib.Bundle) {
	u := *ctx.Page().URL()
	to := u.Path
	if b != nil && (len(b.Certificates) > 0 || len(b.PublicKeys) > 0) {
		if link, problem := shareURL(u, b); problem == "" {
			to = link
		}
	}
	app.Window().Get("history").Call("replaceState", nil, "", to)
}
