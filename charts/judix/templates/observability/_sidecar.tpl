{{/*
The collector as a native sidecar of the api pod: an init container with `restartPolicy: Always`
(Kubernetes 1.29+) starts before the api and stops after it, so the spans and log records the api
flushes after SIGTERM still reach the backends.
*/}}

{{/* The sidecar's entry in the api pod's init containers (list items, nothing when it is off). */}}
{{- define "judix.observability.initContainers" -}}
{{- if include "judix.observability.collector" . -}}
{{- $c := .Values.observability.collector -}}
- name: otel-collector
  image: {{ include "judix.image" (dict "image" $c.image "ctx" .) }}
  imagePullPolicy: {{ $c.image.pullPolicy }}
  restartPolicy: Always
  args: ["--config=file:/etc/otelcol/collector.yaml"]
  ports:
    - name: otlp-http
      containerPort: 4318
      protocol: TCP
    - name: otel-metrics
      containerPort: 8888
      protocol: TCP
    - name: otel-health
      containerPort: 13133
      protocol: TCP
  env:
    - name: GOMEMLIMIT
      value: {{ include "judix.observability.goMemLimit" (required "observability.collector.resources.limits.memory is required: GOMEMLIMIT is 80 % of it" $c.resources.limits.memory) | quote }}
    - name: JUDIX_TRACES_ENDPOINT
      value: {{ include "judix.observability.tracesEndpoint" . | quote }}
    - name: JUDIX_LOGS_ENDPOINT
      value: {{ include "judix.observability.logsEndpoint" . | quote }}
    {{- range $store, $name := dict "tempo" "JUDIX_TRACES_AUTHORIZATION" "loki" "JUDIX_LOGS_AUTHORIZATION" }}
    {{- $backend := index $.Values.observability $store }}
    {{- if not $backend.enabled }}
    {{- with include "judix.observability.authorizationEnv" (dict "name" $name "external" $backend.external) }}{{ . | nindent 4 }}{{ end }}
    {{- end }}
    {{- end }}
    - name: JUDIX_SERVICE_NAMESPACE
      value: {{ .Release.Namespace | quote }}
    - name: JUDIX_DEPLOYMENT_ENVIRONMENT
      value: {{ .Values.observability.deploymentEnvironment | quote }}
    {{- range $name, $field := dict "K8S_POD_NAME" "metadata.name" "K8S_POD_UID" "metadata.uid" "K8S_NAMESPACE_NAME" "metadata.namespace" "K8S_NODE_NAME" "spec.nodeName" }}
    - name: {{ $name }}
      valueFrom:
        fieldRef:
          fieldPath: {{ $field }}
    {{- end }}
  startupProbe:
    httpGet:
      path: /
      port: otel-health
    periodSeconds: 1
    failureThreshold: 60
  readinessProbe:
    httpGet:
      path: /
      port: otel-health
    periodSeconds: 10
    timeoutSeconds: 3
    failureThreshold: 3
  livenessProbe:
    httpGet:
      path: /
      port: otel-health
    periodSeconds: 10
    timeoutSeconds: 3
    failureThreshold: 3
  {{- include "judix.resources" $c.resources | nindent 2 }}
  {{- include "judix.containerSecurityContext" (dict "ctx" . "component" "api") | nindent 2 }}
  volumeMounts:
    - name: otel-collector-config
      mountPath: /etc/otelcol
      readOnly: true
{{- end }}
{{- end -}}

{{/* Volume entries of the api pod for the sidecar (list items, nothing when it is off). */}}
{{- define "judix.observability.volumes" -}}
{{- if include "judix.observability.collector" . -}}
- name: otel-collector-config
  configMap:
    name: {{ include "judix.componentName" (dict "ctx" . "component" "collector") }}
{{- end }}
{{- end -}}

{{/* Pod annotation that rolls the api pods when the collector's config changes. */}}
{{- define "judix.observability.podAnnotations" -}}
{{- if include "judix.observability.collector" . -}}
checksum/collector-config: {{ .Files.Get "observability/collector/collector.yaml" | sha256sum }}
{{- end }}
{{- end -}}
