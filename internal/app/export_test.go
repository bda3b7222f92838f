package app

import "context"

// DailyCheckpoint runs the server's daily checkpoint step (tests).
func (a *App) DailyCheckpoint(ctx context.Context) { a.dailyCheckpoint(ctx) }
