// Command custos is the discipline-inspection cadre-supervision platform (纪检监察干部监督平台):
// one binary that serves the web UI and API and runs the administrative subcommands.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"custos/internal/app"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := app.Main(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
