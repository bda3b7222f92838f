// Package apperr is the platform's error vocabulary: every error a user may see carries a code
// (which decides the HTTP status in one place) and a message in Chinese that is safe to show.
// Anything else is an internal error, logged and shown as 「内部错误」.
package apperr

import (
	"errors"
	"fmt"
)

// Code classifies an error for the web and API layers.
type Code string

const (
	Invalid      Code = "invalid"      // the input is wrong; Fields says where
	NotFound     Code = "not_found"    // missing, or outside the user's scope (never say which)
	Conflict     Code = "conflict"     // the request contradicts the current state
	Forbidden    Code = "forbidden"    // the user lacks the permission for this action
	Unauthorized Code = "unauthorized" // not logged in, or the login failed
	TooMany      Code = "too_many"     // too many attempts from this client: wait and retry (429)
	Unavailable  Code = "unavailable"  // the server is busy: retry shortly (503)
	Internal     Code = "internal"
)

// Error is an error with a code and a message for the user. Fields maps a form field's name
// to the message shown beside it.
type Error struct {
	Code    Code
	Message string
	Fields  map[string]string
	cause   error
}

func (e *Error) Error() string {
	msg := string(e.Code) + ": " + e.Message
	if len(e.Fields) > 0 {
		msg += fmt.Sprintf(" %v", e.Fields)
	}
	if e.cause != nil {
		msg += fmt.Sprintf(": %v", e.cause)
	}
	return msg
}

func (e *Error) Unwrap() error { return e.cause }

// New returns an error with code and message.
func New(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Wrap returns an error with code and message that keeps cause for errors.Is/As and the log.
func Wrap(cause error, code Code, message string) *Error {
	return &Error{Code: code, Message: message, cause: cause}
}

// NotFoundf is the one answer for both "does not exist" and "exists but is not yours".
func NotFoundf(what string) *Error { return New(NotFound, "%s不存在或无权查看", what) }

// Fields collects per-field validation messages; Err returns nil when none was added.
type Fields map[string]string

// Add records msg for field unless the field already has a message.
func (f Fields) Add(field, msg string) {
	if _, ok := f[field]; !ok {
		f[field] = msg
	}
}

// Err returns an Invalid error carrying the fields, or nil when there are none.
func (f Fields) Err() error {
	if len(f) == 0 {
		return nil
	}
	return &Error{Code: Invalid, Message: "提交的内容有误，请按提示修改", Fields: f}
}

// CodeOf returns the code of err, Internal for errors that carry none.
func CodeOf(err error) Code {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return Internal
}

// MessageOf returns the user-safe message of err; 「内部错误」 for internal errors.
func MessageOf(err error) string {
	var e *Error
	if errors.As(err, &e) && e.Code != Internal {
		return e.Message
	}
	return "内部错误，请稍后重试或联系系统管理员"
}

// FieldsOf returns the per-field messages of err, if any.
func FieldsOf(err error) map[string]string {
	var e *Error
	if errors.As(err, &e) {
		return e.Fields
	}
	return nil
}

// Context names what was being done when an internal error happened — the use case and its
// record: apperr.Context(err, "case %d: file", id) — so that the log of a 500 says so. Errors
// with a code (a refusal the user sees) and nil pass unchanged.
func Context(err error, format string, args ...any) error {
	if err == nil || CodeOf(err) != Internal {
		return err
	}
	return fmt.Errorf(format+": %w", append(args, err)...)
}
