package db

import "context"

// MigrateWith is migrate for tests: the migrations are given, so one can be "edited".
func (d *DB) MigrateWith(ctx context.Context, ms []Migration) ([]int, error) {
	return d.migrate(ctx, ms)
}

// Exec runs q on the writer outside any transaction (tests only).
func (d *DB) Exec(ctx context.Context, q string, args ...any) error {
	_, err := d.write.ExecContext(ctx, rebind(d.Engine, q), args...)
	return err
}
