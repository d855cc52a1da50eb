// `kubernetes-models` has no Gateway API types, so HTTPRoutes are checked here against the parts of
// the Gateway API v1 HTTPRoute schema the chart uses: required fields, types, limits and patterns
// as the CRD states them, and no field the schema does not know.
import type { K8sObject } from './chart';

type Check = (value: unknown, path: string, errors: string[]) => void;

const hostname = /^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const dnsLabel = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** GEP-2257 durations, as the CRD's `timeouts` fields take them. */
const duration = /^([0-9]{1,5}(h|m|s|ms)){1,4}$/;

const string =
  (pattern?: RegExp, max = 253): Check =>
  (value, path, errors) => {
    if (typeof value !== 'string' || value.length === 0 || value.length > max)
      errors.push(`${path}: must be a string of 1 to ${max} characters`);
    else if (pattern && !pattern.test(value))
      errors.push(`${path}: ${value} does not match ${pattern}`);
  };

const integer =
  (min: number, max: number): Check =>
  (value, path, errors) => {
    if (!Number.isInteger(value) || (value as number) < min || (value as number) > max)
      errors.push(`${path}: must be an integer from ${min} to ${max}`);
  };

const oneOf =
  (...allowed: string[]): Check =>
  (value, path, errors) => {
    if (!allowed.includes(value as string))
      errors.push(`${path}: must be one of ${allowed.join(', ')}`);
  };

const list =
  (item: Check, max: number, min = 0): Check =>
  (value, path, errors) => {
    if (!Array.isArray(value) || value.length < min || value.length > max) {
      errors.push(`${path}: must be a list of ${min} to ${max} items`);
      return;
    }
    value.forEach((v, i) => item(v, `${path}[${i}]`, errors));
  };

const object =
  (fields: Record<string, Check>, required: string[] = []): Check =>
  (value, path, errors) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      errors.push(`${path}: must be an object`);
      return;
    }
    for (const key of required) if (!(key in value)) errors.push(`${path}.${key}: is required`);
    for (const [key, v] of Object.entries(value)) {
      const check = fields[key];
      if (check) check(v, `${path}.${key}`, errors);
      else errors.push(`${path}.${key}: unknown field`);
    }
  };

const stringMap: Check = (value, path, errors) => {
  if (typeof value !== 'object' || value === null) errors.push(`${path}: must be a map`);
  else
    for (const [k, v] of Object.entries(value))
      string(undefined, 63 * 5)(v, `${path}.${k}`, errors);
};

const parentRef = object(
  {
    group: string(undefined, 253),
    kind: string(undefined, 63),
    namespace: string(dnsLabel, 63),
    name: string(undefined, 253),
    sectionName: string(dnsLabel, 253),
    port: integer(1, 65535),
  },
  ['name'],
);

const backendRef = object(
  {
    group: (v, p, e) => (v === '' ? undefined : string(undefined, 253)(v, p, e)),
    kind: string(undefined, 63),
    name: string(dnsLabel, 63),
    namespace: string(dnsLabel, 63),
    port: integer(1, 65535),
    weight: integer(0, 1000000),
  },
  // A Service backend needs its port.
  ['name', 'port'],
);

const match = object({
  path: object(
    {
      type: oneOf('Exact', 'PathPrefix', 'RegularExpression'),
      value: string(/^\//, 1024),
    },
    ['type', 'value'],
  ),
});

const httpRoute = object(
  {
    apiVersion: oneOf('gateway.networking.k8s.io/v1'),
    kind: oneOf('HTTPRoute'),
    metadata: object(
      {
        name: string(dnsLabel, 253),
        namespace: string(dnsLabel, 63),
        labels: stringMap,
        annotations: stringMap,
      },
      ['name'],
    ),
    spec: object(
      {
        parentRefs: list(parentRef, 32, 1),
        hostnames: list(string(hostname, 253), 16),
        rules: list(
          object({
            matches: list(match, 64),
            timeouts: object({
              request: string(duration, 32),
              backendRequest: string(duration, 32),
            }),
            backendRefs: list(backendRef, 16),
          }),
          16,
          1,
        ),
      },
      ['parentRefs'],
    ),
  },
  ['apiVersion', 'kind', 'metadata', 'spec'],
);

/** Errors of one HTTPRoute, or an empty list. */
export function httpRouteErrors(object: K8sObject): string[] {
  const errors: string[] = [];
  httpRoute(object, 'HTTPRoute', errors);
  return errors;
}
