package app

import (
	"slices"
	"strings"
	"sync"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"pinlab/content"
)

// Section is one entry of the site's main navigation.
type Section struct {
	Path  string
	Label string
}

// Sections are the tools named in the header, in order.
var Sections = []Section{
	{Path: "/inspect", Label: "Inspect"},
	{Path: "/pin", Label: "Pin"},
	{Path: "/simulate", Label: "Simulate"},
	{Path: "/check", Label: "Check"},
	{Path: "/learn", Label: "Learn"},
}

// Paths lists every fixed route. The server prerenders them, the service
// worker caches them so each one reloads offline, and the static export
// writes one HTML file per path.
var Paths = append([]string{"/", "/inspect", "/pin", "/simulate", "/check", "/learn"}, lessonPaths()...)

func lessonPaths() []string {
	var paths []string
	for _, l := range content.Lessons {
		paths = append(paths, "/learn/"+l.Slug)
	}
	return paths
}

// Register declares the routes once, for the server and the browser alike.
func Register() {
	app.Route("/", func() app.Composer { return &home{} })
	app.Route("/inspect", func() app.Composer { return &inspect{} })
	app.Route("/pin", func() app.Composer { return &pinPage{} })
	app.Route("/simulate", func() app.Composer { return &simulate{} })
	app.Route("/check", func() app.Composer { return &check{} })
	app.Route("/learn", func() app.Composer { return &learnPage{} })
	// One exact route per lesson: a pattern route compiles its regexp when
	// it is declared, and in the browser that is on the way to the first
	// render (about 7 ms, more on slow devices). An unknown slug is a 404.
	for _, p := range lessonPaths() {
		app.Route(p, func() app.Composer { return &learnPage{} })
	}
	// The address the app starts at, when pinlab has no page there: go-app
	// v10 shows its own bare "Not Found" for an address no route takes,
	// whatever app.NotFound holds (its engine.go). So that address (the
	// server's 404, the service worker's copy offline, a static host's
	// 404.html) gets an exact route of its own to pinlab's page; a pattern
	// route would compile a regexp on every start. Moves inside the app go
	// only to pinlab's own links, which name its pages (the lessons' links
	// are checked by TestE2EOfflineLinks).
	notFoundPage := func() app.Composer { return &notFound{} }
	app.Route(NotFoundPath, notFoundPage)
	if app.IsClient {
		if path := appPath(app.Window().URL().Path); !isPage(path) {
			app.Route(path, notFoundPage)
		}
	}
}

// isPage reports whether pinlab has a page at path, a route without the
// root prefix.
func isPage(path string) bool {
	return path == NotFoundPath || slices.Contains(Paths, path)
}

// href is the URL of a route, under the path prefix when a static export is
// hosted in a sub-directory. On the server go-app's resource resolver adds
// the prefix to every URL attribute; in the browser it leaves page links as
// they are, so we add it here.
func href(path string) string {
	if !app.IsClient {
		return path
	}
	return rootPrefix() + path
}

// rootPrefix is read from the page once: app.Getenv calls into JS, and the
// first render asks for it on every link.
var rootPrefix = sync.OnceValue(func() string {
	return strings.TrimSuffix(app.Getenv("GOAPP_ROOT_PREFIX"), "/")
})
