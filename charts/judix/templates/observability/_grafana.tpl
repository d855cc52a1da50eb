{{/* Base URLs Grafana's datasources query, bundled or external: (dict "ctx" $ "store" "loki"). */}}
{{- define "judix.observability.queryUrl" -}}
{{- $v := index .ctx.Values.observability .store -}}
{{- $port := get (dict "prometheus" 9090 "loki" 3100 "tempo" 3200) .store -}}
{{- if $v.enabled -}}
{{- printf "http://%s:%d" (include "judix.componentName" (dict "ctx" .ctx "component" .store)) (int $port) -}}
{{- else -}}
{{- trimSuffix "/" $v.external.url -}}
{{- end -}}
{{- end -}}

{{- define "judix.observability.grafanaSecretName" -}}
{{- default (include "judix.componentName" (dict "ctx" . "component" "grafana")) .Values.observability.grafana.admin.existingSecret -}}
{{- end -}}

{{/* Name of the ConfigMap of one dashboard file: (dict "ctx" $ "path" "observability/grafana/dashboards/api.json"). */}}
{{- define "judix.observability.dashboardName" -}}
{{- include "judix.componentName" (dict "ctx" .ctx "component" (printf "dashboard-%s" (base .path | trimSuffix ".json" | lower | trunc 20 | trimSuffix "-"))) -}}
{{- end -}}
