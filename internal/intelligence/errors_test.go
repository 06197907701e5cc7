package intelligence

import (
	"errors"
	"strings"
	"testing"
)

func TestExcerpt(t *testing.T) {
	long := strings.Repeat("é", 300)
	got := excerpt([]byte(long))
	if !strings.HasSuffix(got, "…") || len([]rune(got)) > 201 {
		t.Errorf("excerpt of a long body = %d runes %q", len([]rune(got)), got)
	}
	if got := excerpt([]byte("<html>\n  <body>Bad\tGateway</body>\n</html>")); got != "<html> <body>Bad Gateway</body> </html>" {
		t.Errorf("excerpt = %q", got)
	}
	if got := excerpt([]byte{0xff, 'o', 'k'}); got != "ok" {
		t.Errorf("excerpt of invalid UTF-8 = %q", got)
	}
}

func TestAPIErrorIsNotFound(t *testing.T) {
	var err error = &APIError{StatusCode: 404}
	if !errors.Is(err, ErrNotFound) {
		t.Error("404 is not ErrNotFound")
	}
	if errors.Is(&APIError{StatusCode: 400}, ErrNotFound) {
		t.Error("400 is ErrNotFound")
	}
}
