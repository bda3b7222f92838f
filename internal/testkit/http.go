package testkit

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"
)

// Client is a browser-like HTTP client for one user: it keeps cookies and does not follow
// redirects, so tests see the 303s.
type Client struct {
	t    testing.TB
	Base string
	HTTP *http.Client
}

// NewClient returns an anonymous client for the server at base.
func NewClient(t testing.TB, base string) *Client {
	jar, _ := cookiejar.New(nil)
	return &Client{t: t, Base: base, HTTP: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

// Login logs in through the login form and fails the test unless it succeeds.
func (c *Client) Login(username, password string) *Client {
	c.t.Helper()
	res := c.Do("POST", "/login", url.Values{"username": {username}, "password": {password}, "next": {"/"}}, nil)
	if res.Status != http.StatusSeeOther || res.Header.Get("Location") != "/" {
		c.t.Fatalf("login %s: status %d, body %s", username, res.Status, res.Body)
	}
	return c
}

// Response is what a request returned.
type Response struct {
	Status int
	Header http.Header
	Body   string
}

// Do sends a request with an optional form body and extra headers.
func (c *Client) Do(method, path string, form url.Values, header map[string]string) Response {
	c.t.Helper()
	var body io.Reader
	h := map[string]string{}
	if form != nil {
		body = strings.NewReader(form.Encode())
		h["Content-Type"] = "application/x-www-form-urlencoded"
	}
	for k, v := range header {
		h[k] = v
	}
	return c.send(method, path, body, h)
}

// JSON sends a JSON body (for the API).
func (c *Client) JSON(method, path, body string, header map[string]string) Response {
	c.t.Helper()
	h := map[string]string{"Content-Type": "application/json"}
	for k, v := range header {
		h[k] = v
	}
	return c.send(method, path, strings.NewReader(body), h)
}

func (c *Client) send(method, path string, body io.Reader, header map[string]string) Response {
	c.t.Helper()
	req, err := http.NewRequest(method, c.Base+path, body)
	if err != nil {
		c.t.Fatal(err)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	res, err := c.HTTP.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return Response{Status: res.StatusCode, Header: res.Header, Body: string(b)}
}
