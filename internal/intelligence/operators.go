package intelligence

import (
	"context"
	"strconv"

	jsonv2 "github.com/go-json-experiment/json"
)

func (o *Operator) listKey() string        { return o.ID }
func (v *OperatorVersion) listKey() string { return versionKey(v.Version) }
func (c *Configuration) listKey() string   { return c.ID }

func versionKey(v *Version) string {
	if v == nil {
		return ""
	}
	return strconv.FormatInt(int64(*v), 10)
}

// ListOperators reads every Language Operator the account can use, its own and Twilio's.
// The API has no filters for them.
func (c *Client) ListOperators(ctx context.Context, opts ListOptions) (*ListResult[Operator], error) {
	return list[Operator](ctx, c, []string{"v3", "ControlPlane", "Operators"}, nil, opts)
}

// GetOperator fetches a Language Operator at its current version.
func (c *Client) GetOperator(ctx context.Context, id string) (*Operator, error) {
	if err := ValidateOperatorID(id); err != nil {
		return nil, err
	}
	return getItem[Operator](ctx, c, "v3", "ControlPlane", "Operators", id)
}

// GetOperatorVersion fetches a Language Operator as it was at version; the result has
// Status and DateCreated set.
func (c *Client) GetOperatorVersion(ctx context.Context, id string, version int64) (*Operator, error) {
	if err := ValidateOperatorID(id); err != nil {
		return nil, err
	}
	return getItem[Operator](ctx, c, "v3", "ControlPlane", "Operators", id, "Versions", strconv.FormatInt(version, 10))
}

// ListOperatorVersions reads the versions of one Language Operator.
func (c *Client) ListOperatorVersions(ctx context.Context, operatorID string, opts ListOptions) (*ListResult[OperatorVersion], error) {
	if err := ValidateOperatorID(operatorID); err != nil {
		return nil, err
	}
	return list[OperatorVersion](ctx, c, []string{"v3", "ControlPlane", "Operators", operatorID, "Versions"}, nil, opts)
}

// ListConfigurations reads every Intelligence Configuration of the account. The API has
// no filters for them.
func (c *Client) ListConfigurations(ctx context.Context, opts ListOptions) (*ListResult[Configuration], error) {
	return list[Configuration](ctx, c, []string{"v3", "ControlPlane", "Configurations"}, nil, opts)
}

// GetConfiguration fetches one Intelligence Configuration.
func (c *Client) GetConfiguration(ctx context.Context, id string) (*Configuration, error) {
	if err := ValidateConfigurationID(id); err != nil {
		return nil, err
	}
	return getItem[Configuration](ctx, c, "v3", "ControlPlane", "Configurations", id)
}

// getItem fetches one item at path.
func getItem[T any, P listItem[T]](ctx context.Context, c *Client, path ...string) (*T, error) {
	item := new(T)
	if err := c.get(ctx, c.endpoint(path...), func(body []byte) error { return decodeItem[T, P](body, item) }); err != nil {
		return nil, err
	}
	return item, nil
}

// decodeItem decodes a fetch body into item and checks that it is one.
func decodeItem[T any, P listItem[T]](body []byte, item *T) error {
	if err := jsonv2.Unmarshal(body, item, decodeOptions); err != nil {
		return err
	}
	if P(item).listKey() == "" {
		return errNoKey
	}
	return nil
}
