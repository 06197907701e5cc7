package provider

import (
	"net/url"
	"slices"
)

// listID is the id of a list data source: the API path and the filters of the request,
// each key and its values sorted, without paging parameters or client-side options
// (max_results, timeouts). It is a function of the filters alone, so equal filters give
// equal ids whatever the order of a set's elements, and it reads as the request it names.
// Terraform does not need it; Pulumi's Terraform bridge gives every function an id output
// and leaves it empty when the data source has no id attribute.
func listID(path string, filters url.Values) string {
	if len(filters) == 0 {
		return path
	}
	sorted := make(url.Values, len(filters))
	for k, v := range filters {
		sorted[k] = slices.Sorted(slices.Values(v))
	}
	return path + "?" + sorted.Encode()
}
