{{/*
Observability: the OpenTelemetry Collector sidecar of the api pod and the backends it feeds.
The collector's config is observability/collector/collector.yaml, rendered unchanged; everything
that differs between installs reaches it as environment variables set here.
*/}}

{{/* The collector sidecar runs: judix.observability.collector $ returns "true" or "". */}}
{{- define "judix.observability.collector" -}}
{{- if .Values.observability.collector.enabled }}true{{ end -}}
{{- end -}}

{{/*
The bundled stores whose exporter runs, space-separated ("mongodb redis"): an exporter runs with its
store in the chart and the bundled Prometheus, its only scraper.
*/}}
{{- define "judix.observability.exporterStores" -}}
{{- $stores := list -}}
{{- if .Values.observability.prometheus.enabled -}}
{{- range $store := list "mongodb" "redis" -}}
{{- if and (index $.Values.observability.exporters $store).enabled (index $.Values $store).enabled -}}
{{- $stores = append $stores $store -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- join " " $stores -}}
{{- end -}}

{{/* OTLP/HTTP base URL the collector sends traces to: the bundled Tempo, else the external store. */}}
{{- define "judix.observability.tracesEndpoint" -}}
{{- $tempo := .Values.observability.tempo -}}
{{- if $tempo.enabled -}}
{{- printf "http://%s:4318" (include "judix.componentName" (dict "ctx" . "component" "tempo")) -}}
{{- else -}}
{{- $tempo.external.otlpUrl -}}
{{- end -}}
{{- end -}}

{{/* Loki's native OTLP base URL (`…/otlp`): the bundled Loki, else the external one. */}}
{{- define "judix.observability.logsEndpoint" -}}
{{- $loki := .Values.observability.loki -}}
{{- if $loki.enabled -}}
{{- printf "http://%s:3100/otlp" (include "judix.componentName" (dict "ctx" . "component" "loki")) -}}
{{- else -}}
{{- printf "%s/otlp" (trimSuffix "/" $loki.external.url) -}}
{{- end -}}
{{- end -}}

{{/* TCP port of a URL: its explicit port, else 443 for https and 80 for http. */}}
{{- define "judix.observability.urlPort" -}}
{{- $url := urlParse . -}}
{{- $hostPort := splitList ":" $url.host -}}
{{- if gt (len $hostPort) 1 -}}
{{- last $hostPort -}}
{{- else -}}
{{- ternary "443" "80" (eq $url.scheme "https") -}}
{{- end -}}
{{- end -}}

{{/*
GOMEMLIMIT at 80 % of a memory quantity (Ki/Mi/Gi/Ti, k/M/G/T or bytes), in bytes, so the Go
runtime collects garbage before the kernel's OOM killer would act.
*/}}
{{- define "judix.observability.goMemLimit" -}}
{{- $quantity := toString . -}}
{{- $units := dict "Ki" 1024 "Mi" 1048576 "Gi" 1073741824 "Ti" 1099511627776 "k" 1000 "M" 1000000 "G" 1000000000 "T" 1000000000000 -}}
{{- $number := regexFind "^[0-9]+" $quantity -}}
{{- $unit := trimPrefix $number $quantity -}}
{{- if or (not $number) (and $unit (not (hasKey $units $unit))) -}}
{{- fail (printf "observability.collector.resources.limits.memory must be a whole quantity such as 256Mi (got %q)" $quantity) -}}
{{- end -}}
{{- $bytes := mul (int64 $number) (int64 (get $units $unit | default 1)) -}}
{{- printf "%dB" (div (mul $bytes 8) 10) -}}
{{- end -}}

{{/* Environment of the api container that points its SDK at the sidecar (ConfigMap data lines). */}}
{{- define "judix.observability.apiConfig" -}}
{{- $o := .Values.observability -}}
OTEL_SERVICE_NAME: {{ $o.serviceName | quote }}
{{- if include "judix.observability.collector" . }}
OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:4318"
OTEL_LOGS_EXPORTER: {{ ternary "otlp" "none" $o.collector.exportLogs | quote }}
{{- else if $o.otlpEndpoint }}
OTEL_EXPORTER_OTLP_ENDPOINT: {{ $o.otlpEndpoint | quote }}
{{- end }}
{{- end -}}

{{/* An Authorization header from an existing Secret, as one env entry: (dict "name" "VAR" "external" $ext). */}}
{{- define "judix.observability.authorizationEnv" -}}
{{- if .external.existingSecret -}}
- name: {{ .name }}
  valueFrom:
    secretKeyRef:
      name: {{ .external.existingSecret }}
      key: {{ .external.authorizationKey }}
{{- end }}
{{- end -}}

{{/* Contradictory observability values fail the render with one clear message each. */}}
{{- define "judix.observability.validate" -}}
{{- $o := .Values.observability -}}
{{- if $o.collector.enabled -}}
{{- if and (not $o.tempo.enabled) (not $o.tempo.external.otlpUrl) -}}
{{- fail "observability.collector.enabled needs a trace store: observability.tempo.enabled, or observability.tempo.external.otlpUrl" -}}
{{- end -}}
{{- if and (not $o.loki.enabled) (not $o.loki.external.url) -}}
{{- fail "observability.collector.enabled needs a log store: observability.loki.enabled, or observability.loki.external.url" -}}
{{- end -}}
{{- if $o.otlpEndpoint -}}
{{- fail "observability.otlpEndpoint is for an api without the collector sidecar; with observability.collector.enabled the api sends to the sidecar, so leave it empty" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* A bundled backend's or exporter's pod security context, from its values (`podSecurityContext`). */}}
{{- define "judix.observability.podSecurityContext" -}}
{{- with .podSecurityContext }}
securityContext:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}

{{- define "judix.observability.containerSecurityContext" -}}
securityContext:
  allowPrivilegeEscalation: false
  readOnlyRootFilesystem: true
  runAsNonRoot: true
  capabilities:
    drop: ["ALL"]
  seccompProfile:
    type: RuntimeDefault
{{- end -}}
