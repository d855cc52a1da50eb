{{/*
Pod settings every workload shares, each one overridable per component: labels, security
contexts, scheduling and the operator's extension points. Called with
(dict "ctx" $ "component" "api"), plus the component's defaults where it has any.
*/}}

{{/*
Pod template labels: only ones that never change between chart versions, so a chart upgrade alone
restarts no pod. A component whose values are not at the top level (the observability ones) passes
them as "values".
*/}}
{{- define "judix.podLabels" -}}
{{ include "judix.selectorLabels" . }}
app.kubernetes.io/part-of: judix
{{- with .ctx.Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- with (.values | default (index .ctx.Values .component)).podLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{- define "judix.podSecurityContext" -}}
{{- with (index .ctx.Values .component).podSecurityContext }}
securityContext:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}

{{- define "judix.containerSecurityContext" -}}
{{- with (index .ctx.Values .component).containerSecurityContext }}
securityContext:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}

{{/*
Scheduling: judix.podScheduling (dict "ctx" $ "component" "api" "affinity" dict "spread" list);
the component's own affinity and topologySpreadConstraints replace the given defaults.
*/}}
{{- define "judix.podScheduling" -}}
{{- $c := index .ctx.Values .component -}}
{{- with $c.priorityClassName }}
priorityClassName: {{ . }}
{{- end }}
{{- with $c.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with $c.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with ($c.affinity | default .affinity) }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with ($c.topologySpreadConstraints | default .spread) }}
topologySpreadConstraints:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}

{{/* The operator's init containers, after the chart's own (given as a list in "builtin"). */}}
{{- define "judix.initContainers" -}}
{{- $all := concat (.builtin | default list) ((index .ctx.Values .component).extraInitContainers | default list) -}}
{{- with $all }}
initContainers:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}

{{/* Lists appended to the main container's env, envFrom and volumeMounts, and to the pod's containers and volumes. */}}
{{- define "judix.extra" -}}
{{- with (index .ctx.Values .component | dig .key list) }}
{{- toYaml . }}
{{- end }}
{{- end -}}

{{/*
Init containers of the api pod, as YAML list items. Native sidecars (init containers with
restartPolicy Always) that the chart adds belong first, so they run before and during the
operator's ones: each is one include line here, above the operator's list.
*/}}
{{- define "judix.api.initContainers" -}}
{{- with include "judix.observability.initContainers" . }}
{{ . }}
{{- end }}
{{- with .Values.api.extraInitContainers }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/*
Hash of a ConfigMap's data only: its labels carry the chart version, and hashing them would
restart the pods on every chart upgrade. judix.configChecksum (dict "ctx" $ "file" "/api/configmap.yaml")
*/}}
{{- define "judix.configChecksum" -}}
{{- (include (print .ctx.Template.BasePath .file) .ctx | fromYaml).data | toYaml | sha256sum -}}
{{- end -}}
