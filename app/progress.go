package app

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// progressKey keeps which exercises this browser has solved.
const progressKey = "pinlab.progress"

type progress map[string]bool

func (p progress) count() int { return len(p) }

func loadProgress(ctx app.Context) progress {
	p := progress{}
	if err := ctx.LocalStorage().Get(progressKey, &p); err != nil || p == nil {
		return progress{}
	}
	return p
}

func markSolved(ctx app.Context, id string) progress {
	p := loadProgress(ctx)
	p[id] = true
	ctx.LocalStorage().Set(progressKey, p)
	return p
}

func resetProgress(ctx app.Context) progress {
	ctx.LocalStorage().Del(progressKey)
	return progress{}
}
