package report

import "custos/internal/secret"

// SealedColumns lists the columns this package keeps sealed values in, with their purposes:
// what a key rotation re-seals and a start's key check counts.
func SealedColumns() []secret.Column {
	return []secret.Column{
		{Table: "reports", Key: "id", Column: "reporter", Purpose: "reporter"},
		{Table: "report_attachments", Key: "id", Column: "sealed", Purpose: "attachment"},
	}
}
