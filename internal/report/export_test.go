package report

// SetIndexFault makes writing the terms of a report fail when fault says so (tests only).
func SetIndexFault(s *Service, fault func(id int64) error) { s.indexFault = fault }
