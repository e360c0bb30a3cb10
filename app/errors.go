package app

import "errors"

var errFileUnreadable = errors.New("the browser could not read this file")
