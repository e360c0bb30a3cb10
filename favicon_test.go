//go:build !wasm

package main

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/png"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"testing/fstest"
)

// icoImages reads an ICO file the way an icon reader does: the header, the
// directory, and each entry's PNG at its offset, checked against the size
// the directory gives.
func icoImages(t *testing.T, ico []byte) []image.Image {
	t.Helper()
	le := binary.LittleEndian
	if len(ico) < 6 || le.Uint16(ico[0:]) != 0 || le.Uint16(ico[2:]) != 1 {
		t.Fatalf("not an ICO header: % x", ico[:min(len(ico), 6)])
	}
	n := int(le.Uint16(ico[4:]))
	if len(ico) < 6+16*n {
		t.Fatalf("ICO directory of %d entries cut off at %d bytes", n, len(ico))
	}
	var images []image.Image
	for i := range n {
		e := ico[6+16*i:]
		w, h := int(e[0]), int(e[1])
		size, offset := int(le.Uint32(e[8:])), int(le.Uint32(e[12:]))
		if le.Uint16(e[4:]) != 1 || le.Uint16(e[6:]) != 32 {
			t.Errorf("entry %d: planes %d, bit count %d; want 1 and 32", i, le.Uint16(e[4:]), le.Uint16(e[6:]))
		}
		if offset+size > len(ico) {
			t.Fatalf("entry %d: image at %d+%d beyond the file's %d bytes", i, offset, size, len(ico))
		}
		img, err := png.Decode(bytes.NewReader(ico[offset : offset+size]))
		if err != nil {
			t.Fatalf("entry %d: %v", i, err)
		}
		if b := img.Bounds(); b.Dx() != w || b.Dy() != h {
			t.Errorf("entry %d: directory says %dx%d, the PNG is %dx%d", i, w, h, b.Dx(), b.Dy())
		}
		images = append(images, img)
	}
	return images
}

// meanColour averages an image in premultiplied RGBA, 16 bits a channel.
func meanColour(img image.Image) [4]float64 {
	var sum [4]float64
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, a := img.At(x, y).RGBA()
			sum[0], sum[1], sum[2], sum[3] = sum[0]+float64(r), sum[1]+float64(g), sum[2]+float64(bl), sum[3]+float64(a)
		}
	}
	n := float64(b.Dx() * b.Dy())
	return [4]float64{sum[0] / n, sum[1] / n, sum[2] / n, sum[3] / n}
}

// TestFavicon fetches /favicon.ico from the server and reads it as an icon
// reader would: three PNG images, 16, 32 and 48 px, each the app icon
// scaled down (same mean colour, corners as transparent as the icon's).
func TestFavicon(t *testing.T) {
	a := testAssets(t)
	h := newServer(a, slog.New(slog.NewTextHandler(io.Discard, nil))).Handler
	res := get(t, h, "GET", "/favicon.ico")
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "image/x-icon" {
		t.Fatalf("GET /favicon.ico: status %d, Content-Type %q", res.StatusCode, res.Header.Get("Content-Type"))
	}
	if res.Header.Get("Content-Length") != itoa(len(body)) {
		t.Errorf("Content-Length %s, body %d bytes", res.Header.Get("Content-Length"), len(body))
	}
	t.Logf("favicon.ico: %d bytes", len(body))

	srcPNG, err := fs.ReadFile(a.files, faviconSource)
	if err != nil {
		t.Fatal(err)
	}
	src, err := png.Decode(bytes.NewReader(srcPNG))
	if err != nil {
		t.Fatal(err)
	}
	want := meanColour(src)
	images := icoImages(t, body)
	if len(images) != 3 {
		t.Fatalf("%d images, want 16, 32 and 48 px", len(images))
	}
	for i, img := range images {
		if size := img.Bounds().Dx(); size != []int{16, 32, 48}[i] {
			t.Errorf("image %d is %d px", i, size)
		}
		got := meanColour(img)
		for c := range got {
			// Each favicon pixel averages a whole block of the icon, so the
			// means agree up to rounding to 8 bits.
			if d := got[c] - want[c]; d > 256 || d < -256 {
				t.Errorf("%d px: mean channel %d is %.0f, the icon's %.0f", img.Bounds().Dx(), c, got[c], want[c])
			}
		}
		_, _, _, corner := img.At(0, 0).RGBA()
		_, _, _, srcCorner := src.At(0, 0).RGBA()
		if (corner == 0xffff) != (srcCorner == 0xffff) {
			t.Errorf("%d px: corner alpha %#x, the icon's %#x", img.Bounds().Dx(), corner, srcCorner)
		}
	}

	head := get(t, h, "HEAD", "/favicon.ico")
	if b, _ := io.ReadAll(head.Body); head.StatusCode != 200 || len(b) != 0 || head.Header.Get("Content-Length") != itoa(len(body)) {
		t.Errorf("HEAD /favicon.ico: status %d, %d bytes of body, Content-Length %s", head.StatusCode, len(b), head.Header.Get("Content-Length"))
	}
	if etag := res.Header.Get("ETag"); etag == "" {
		t.Error("no ETag")
	} else if again := get(t, h, "GET", "/favicon.ico", "If-None-Match", etag); again.StatusCode != http.StatusNotModified {
		t.Errorf("If-None-Match %s: status %d, want 304", etag, again.StatusCode)
	}
}

// TestFaviconFollowsIcon: the favicon is made from the icon, so a new
// icon makes a new favicon, and a missing or broken icon stops the server
// from starting with a message that names it.
func TestFaviconFollowsIcon(t *testing.T) {
	with := func(icon []byte) (*assets, error) {
		return newAssets(fstest.MapFS{"app.wasm": {Data: []byte("wasm")}, faviconSource: {Data: icon}})
	}
	red, err := with(solidPNG(t, 192, color.RGBA{200, 0, 0, 255}))
	if err != nil {
		t.Fatal(err)
	}
	for _, img := range icoImages(t, red.favicon) {
		if r, g, b, a := img.At(5, 5).RGBA(); r>>8 != 200 || g != 0 || b != 0 || a != 0xffff {
			t.Errorf("%d px favicon of a red icon: pixel (%d, %d, %d, %d)", img.Bounds().Dx(), r>>8, g>>8, b>>8, a>>8)
		}
	}
	if _, err := with([]byte("not a png")); err == nil || !strings.Contains(err.Error(), "pinlab: favicon from web/icon-192.png") {
		t.Errorf("broken icon: err = %v", err)
	}
	if _, err := newAssets(fstest.MapFS{"app.wasm": {Data: []byte("wasm")}}); err == nil || !strings.Contains(err.Error(), "web/icon-192.png") {
		t.Errorf("missing icon: err = %v", err)
	}
}
