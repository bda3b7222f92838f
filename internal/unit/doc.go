// Package unit resolves the names offices write for a commission to the one commission they
// mean, within the importer's scope: the division code (520102), the name as registered
// (南明区纪委监委), the full official name (中共贵阳市南明区纪律检查委员会), names qualified by the
// city or province (贵阳市南明区纪委监委, 贵州省贵阳市南明区纪委) and short names (南明区纪委,
// 南明纪委, 南明区监委). A name that fits several commissions is refused with its candidates; an
// unknown one is answered with the closest names (您是否指：…).
//
// It is the one resolver every import (rosters, ledgers) and form that takes a unit's name
// uses. Matching (Index) is pure; Load reads the commissions of a scope.
package unit
