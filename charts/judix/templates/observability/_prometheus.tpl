{{/*
Prometheus's scrape configuration. Discovery is Kubernetes' pod role, limited to the release's
namespace and, by label selector, to one component's pods: the api's port `metrics` and its
collector sidecar's `otel-metrics`, and the MongoDB and Redis exporters when they run. Job names are the ones observability/prometheus/ rules
and dashboards select on.
*/}}
{{- define "judix.observability.prometheusConfig" -}}
{{- $p := .Values.observability.prometheus -}}
{{- $jobs := list (dict "job" "judix-api" "component" "api" "port" "metrics") (dict "job" "judix-collector" "component" "api" "port" "otel-metrics") -}}
{{- range $store := splitList " " (include "judix.observability.exporterStores" .) | compact -}}
{{- $jobs = append $jobs (dict "job" (printf "judix-%s" $store) "component" (printf "%s-exporter" $store) "port" "metrics") -}}
{{- end -}}
global:
  scrape_interval: {{ $p.scrapeInterval }}
  evaluation_interval: {{ $p.scrapeInterval }}
rule_files:
  - /etc/prometheus/rules/*.yaml
scrape_configs:
  {{- range $jobs }}
  {{- $selector := list }}
  {{- range $key, $value := include "judix.selectorLabels" (dict "ctx" $ "component" .component) | fromYaml }}{{ $selector = append $selector (printf "%s=%s" $key $value) }}{{ end }}
  - job_name: {{ .job }}
    kubernetes_sd_configs:
      - role: pod
        namespaces:
          names: [{{ $.Release.Namespace | quote }}]
        selectors:
          - role: pod
            label: {{ join "," $selector | quote }}
    relabel_configs:
      - source_labels: [__meta_kubernetes_pod_container_port_name]
        regex: {{ .port }}
        action: keep
      - source_labels: [__meta_kubernetes_namespace]
        target_label: namespace
      - source_labels: [__meta_kubernetes_pod_name]
        target_label: pod
  {{- end }}
  - job_name: prometheus
    static_configs:
      - targets: ["127.0.0.1:9090"]
{{- end -}}

{{/* The rule files of observability/prometheus/rules/, by file name. */}}
{{- define "judix.observability.ruleFiles" -}}
{{- $files := .Files.Glob "observability/prometheus/rules/*.yaml" -}}
{{- if not $files -}}
{{- fail "observability/prometheus/rules/*.yaml is missing from the chart (charts/judix/observability must link to the repository's observability/ folder)" -}}
{{- end -}}
{{- range $path, $_ := $files }}
{{ base $path }}: {{ $.Files.Get $path | toJson }}
{{- end }}
{{- end -}}
