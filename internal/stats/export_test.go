package stats

// CountQueries are the count queries of the form (for the query-plan test).
func CountQueries() []string {
	var out []string
	for _, src := range []source{srcReports, srcClues, srcInquiries, srcInquiryF1, srcPrelims, srcPrelimF1, srcCasesFiled, srcCaseForms, srcPersons, srcSanctions} {
		out = append(out, countSQL(src, "", ""))
	}
	return out
}
