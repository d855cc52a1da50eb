{{/* HPA, PDB and ServiceAccount shared by the api and web Deployments: (dict "ctx" $ "component" "api"). */}}

{{- define "judix.hpa" -}}
{{- $c := index .ctx.Values .component -}}
{{- if $c.autoscaling.enabled }}
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {{ include "judix.componentName" . }}
  namespace: {{ .ctx.Release.Namespace }}
  labels:
    {{- include "judix.labels" . | nindent 4 }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: {{ include "judix.componentName" . }}
  minReplicas: {{ $c.autoscaling.minReplicas }}
  maxReplicas: {{ $c.autoscaling.maxReplicas }}
  metrics:
    {{- range $resource := list "cpu" "memory" }}
    {{- $target := int (get $c.autoscaling (printf "target%sUtilizationPercentage" (ternary "CPU" "Memory" (eq $resource "cpu")))) }}
    {{- if gt $target 0 }}
    - type: Resource
      resource:
        name: {{ $resource }}
        target:
          type: Utilization
          averageUtilization: {{ $target }}
    {{- end }}
    {{- end }}
  behavior:
    scaleDown:
      stabilizationWindowSeconds: {{ $c.autoscaling.scaleDownStabilizationWindowSeconds }}
      policies:
        - type: Pods
          value: 1
          periodSeconds: 60
    scaleUp:
      stabilizationWindowSeconds: 0
      policies:
        - type: Percent
          value: 100
          periodSeconds: 30
{{- end }}
{{- end -}}

{{- define "judix.pdb" -}}
{{- $c := index .ctx.Values .component -}}
{{- if and $c.pdb.enabled (ge (int (include "judix.guaranteedReplicas" $c)) 2) }}
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ include "judix.componentName" . }}
  namespace: {{ .ctx.Release.Namespace }}
  labels:
    {{- include "judix.labels" . | nindent 4 }}
spec:
  maxUnavailable: {{ $c.pdb.maxUnavailable }}
  unhealthyPodEvictionPolicy: AlwaysAllow
  selector:
    matchLabels:
      {{- include "judix.selectorLabels" . | nindent 6 }}
{{- end }}
{{- end -}}

{{- define "judix.serviceAccount" -}}
{{- $sa := (index .ctx.Values .component).serviceAccount -}}
{{- if $sa.create }}
apiVersion: v1
kind: ServiceAccount
metadata:
  name: {{ include "judix.serviceAccountName" . }}
  namespace: {{ .ctx.Release.Namespace }}
  labels:
    {{- include "judix.labels" . | nindent 4 }}
  {{- with $sa.annotations }}
  annotations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
automountServiceAccountToken: false
{{- end }}
{{- end -}}
