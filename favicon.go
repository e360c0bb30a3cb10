//go:build !wasm

package main

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"time"
)

// faviconSource is the icon /favicon.ico is made from. Its 192 px divide
// evenly into every favicon size, so each favicon pixel averages a whole
// block of source pixels.
const faviconSource = "icon-192.png"

// faviconSizes are the sizes a favicon.ico classically holds: tabs and
// bookmarks use 16 and 32, desktop shortcuts 48.
var faviconSizes = []int{16, 32, 48}

// faviconType is the Content-Type of /favicon.ico. image/x-icon is the
// type every browser and crawler knows (the registered
// image/vnd.microsoft.icon is less widely recognised).
const faviconType = "image/x-icon"

// makeFavicon builds favicon.ico from the app icon at build time, so the
// two never drift apart: an ICO container holding one PNG per size (ICO has
// allowed PNG images since Windows Vista, and every browser reads them).
func makeFavicon(iconPNG []byte) ([]byte, error) {
	src, err := png.Decode(bytes.NewReader(iconPNG))
	if err != nil {
		return nil, fmt.Errorf("pinlab: favicon from web/%s: %w", faviconSource, err)
	}
	var images [][]byte
	for _, size := range faviconSizes {
		var b bytes.Buffer
		if err := png.Encode(&b, shrink(src, size)); err != nil {
			return nil, fmt.Errorf("pinlab: favicon %dx%d: %w", size, size, err)
		}
		images = append(images, b.Bytes())
	}
	return icoContainer(faviconSizes, images), nil
}

// icoContainer writes the ICO format: a 6-byte header, one 16-byte entry
// per image, then the images. All numbers are little-endian.
func icoContainer(sizes []int, images [][]byte) []byte {
	var b bytes.Buffer
	le := binary.LittleEndian
	b.Write(le.AppendUint16(nil, 0))                   // reserved
	b.Write(le.AppendUint16(nil, 1))                   // type: icon
	b.Write(le.AppendUint16(nil, uint16(len(images)))) // image count
	offset := 6 + 16*len(images)
	for i, img := range images {
		dim := byte(sizes[i])                           // sizes stay below 256, whose byte would be 0
		b.Write([]byte{dim, dim, 0, 0})                 // width, height, no palette, reserved
		b.Write(le.AppendUint16(nil, 1))                // colour planes
		b.Write(le.AppendUint16(nil, 32))               // bits per pixel
		b.Write(le.AppendUint32(nil, uint32(len(img)))) // image size
		b.Write(le.AppendUint32(nil, uint32(offset)))   // image offset
		offset += len(img)
	}
	for _, img := range images {
		b.Write(img)
	}
	return b.Bytes()
}

// shrink scales src down to size×size by averaging each block of source
// pixels (a box filter), in premultiplied alpha so transparent pixels add
// no colour to the icon's edges.
func shrink(src image.Image, size int) *image.RGBA {
	sb := src.Bounds()
	dst := image.NewRGBA(image.Rect(0, 0, size, size))
	for y := range size {
		y0, y1 := sb.Min.Y+y*sb.Dy()/size, sb.Min.Y+(y+1)*sb.Dy()/size
		for x := range size {
			x0, x1 := sb.Min.X+x*sb.Dx()/size, sb.Min.X+(x+1)*sb.Dx()/size
			var r, g, bl, a, n uint64
			for sy := y0; sy < max(y1, y0+1); sy++ {
				for sx := x0; sx < max(x1, x0+1); sx++ {
					cr, cg, cb, ca := src.At(sx, sy).RGBA()
					r, g, bl, a, n = r+uint64(cr), g+uint64(cg), bl+uint64(cb), a+uint64(ca), n+1
				}
			}
			dst.SetRGBA(x, y, color.RGBA{uint8((r / n) >> 8), uint8((g / n) >> 8), uint8((bl / n) >> 8), uint8((a / n) >> 8)})
		}
	}
	return dst
}

// serveFavicon answers /favicon.ico, which browsers, bookmarks and
// crawlers ask for at the site's root whatever the pages link. The ETag is
// the app version, as on go-app's responses, so a new icon is seen at once.
func (a *assets) serveFavicon(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", faviconType)
	w.Header().Set("ETag", `"`+a.version+`"`)
	http.ServeContent(w, r, "favicon.ico", time.Time{}, bytes.NewReader(a.favicon))
}
