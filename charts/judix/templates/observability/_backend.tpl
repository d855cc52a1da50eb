{{/*
One bundled backend (Prometheus, Loki, Tempo or Grafana): a single-pod StatefulSet with its data on
a claim (or an emptyDir when persistence is off), its config from a ConfigMap of the same name, a
Service and a ServiceAccount without a token. Called with
(dict "ctx" $ "component" "loki" "values" $o.loki "args" (list …) "ports" (list (dict "name" "http" "port" 3100))
      "probePath" "/ready" "dataPath" "/loki" "configPath" "/etc/loki" "env" (list …) "volumes" (list …) "mounts" (list …)
      "configItems" (list …))
*/}}
{{- define "judix.observability.backend" -}}
{{- $ctx := .ctx -}}
{{- $v := .values -}}
{{- $name := include "judix.componentName" (dict "ctx" $ctx "component" .component) -}}
{{- $selector := include "judix.selectorLabels" (dict "ctx" $ctx "component" .component) -}}
{{- $labels := include "judix.labels" (dict "ctx" $ctx "component" .component) -}}
apiVersion: v1
kind: ServiceAccount
metadata:
  name: {{ $name }}
  namespace: {{ $ctx.Release.Namespace }}
  labels:
    {{- $labels | nindent 4 }}
automountServiceAccountToken: false
---
apiVersion: v1
kind: Service
metadata:
  name: {{ $name }}
  namespace: {{ $ctx.Release.Namespace }}
  labels:
    {{- $labels | nindent 4 }}
spec:
  type: ClusterIP
  selector:
    {{- $selector | nindent 4 }}
  ports:
    {{- range .ports }}
    - name: {{ .name }}
      port: {{ .port }}
      targetPort: {{ .name }}
      protocol: TCP
    {{- end }}
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: {{ $name }}
  namespace: {{ $ctx.Release.Namespace }}
  labels:
    {{- $labels | nindent 4 }}
spec:
  replicas: 1
  revisionHistoryLimit: 5
  serviceName: {{ $name }}
  selector:
    matchLabels:
      {{- $selector | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "judix.podLabels" (dict "ctx" $ctx "component" .component "values" $v) | nindent 8 }}
      annotations:
        checksum/config: {{ .config | sha256sum }}
    spec:
      serviceAccountName: {{ $name }}
      automountServiceAccountToken: false
      enableServiceLinks: false
      terminationGracePeriodSeconds: 60
      {{- with include "judix.imagePullSecrets" $ctx }}{{ . | nindent 6 }}{{- end }}
      {{- include "judix.observability.podSecurityContext" $v | nindent 6 }}
      containers:
        - name: {{ .component }}
          image: {{ include "judix.image" (dict "image" $v.image "ctx" $ctx) }}
          imagePullPolicy: {{ $v.image.pullPolicy }}
          args:
            {{- toYaml .args | nindent 12 }}
          {{- with .env }}
          env:
            {{- toYaml . | nindent 12 }}
          {{- end }}
          ports:
            {{- range .ports }}
            - name: {{ .name }}
              containerPort: {{ .port }}
              protocol: TCP
            {{- end }}
          {{- $probe := dict "httpGet" (dict "path" .probePath "port" (index .ports 0).name) }}
          startupProbe:
            {{- toYaml $probe | nindent 12 }}
            periodSeconds: 5
            failureThreshold: 60
          readinessProbe:
            {{- toYaml $probe | nindent 12 }}
            periodSeconds: 10
            timeoutSeconds: 5
            failureThreshold: 3
          livenessProbe:
            {{- toYaml $probe | nindent 12 }}
            periodSeconds: 20
            timeoutSeconds: 5
            failureThreshold: 6
          {{- include "judix.resources" $v.resources | nindent 10 }}
          {{- include "judix.observability.containerSecurityContext" $ctx | nindent 10 }}
          volumeMounts:
            - name: config
              mountPath: {{ .configPath }}
              readOnly: true
            - name: data
              mountPath: {{ .dataPath }}
            - name: tmp
              mountPath: /tmp
            {{- with .mounts }}
            {{- toYaml . | nindent 12 }}
            {{- end }}
      volumes:
        - name: config
          configMap:
            name: {{ $name }}
            {{- with .configItems }}
            items:
              {{- toYaml . | nindent 14 }}
            {{- end }}
        - name: tmp
          emptyDir:
            sizeLimit: 64Mi
        {{- if not $v.persistence.enabled }}
        - name: data
          emptyDir:
            sizeLimit: {{ $v.persistence.size }}
        {{- end }}
        {{- with .volumes }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
  {{- if $v.persistence.enabled }}
  volumeClaimTemplates:
    - metadata:
        name: data
        labels:
          {{- $selector | nindent 10 }}
      spec:
        accessModes:
          - ReadWriteOnce
        {{- with $v.persistence.storageClass }}
        storageClassName: {{ . }}
        {{- end }}
        resources:
          requests:
            storage: {{ $v.persistence.size }}
  {{- end }}
{{- end -}}

{{/* Ingress rule entries "from these components of the release, on these ports": (dict "ctx" $ "from" (list "api") "ports" (list 3100)). */}}
{{- define "judix.observability.fromComponents" -}}
- from:
    {{- range .from }}
    - podSelector:
        matchLabels:
          {{- include "judix.selectorLabels" (dict "ctx" $.ctx "component" .) | nindent 10 }}
    {{- end }}
  ports:
    {{- range .ports }}
    - port: {{ . }}
      protocol: TCP
    {{- end }}
{{- end -}}

{{/* A backend's NetworkPolicy: DNS plus the given rules. (dict "ctx" $ "component" "loki" "ingress" "<rules>" "egress" "<rules>") */}}
{{- define "judix.observability.backendPolicy" -}}
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: {{ include "judix.componentName" (dict "ctx" .ctx "component" .component) }}
  namespace: {{ .ctx.Release.Namespace }}
  labels:
    {{- include "judix.labels" (dict "ctx" .ctx "component" .component) | nindent 4 }}
spec:
  podSelector:
    matchLabels:
      {{- include "judix.selectorLabels" (dict "ctx" .ctx "component" .component) | nindent 6 }}
  policyTypes:
    - Ingress
    - Egress
  {{- with .ingress }}
  ingress:
    {{- . | nindent 4 }}
  {{- end }}
  egress:
    {{- include "judix.networkPolicy.dnsEgress" .ctx | nindent 4 }}
    {{- with .egress }}
    {{- . | nindent 4 }}
    {{- end }}
{{- end -}}

{{/* An ingress rule from a peer of networkPolicy (namespace and pod labels): (dict "peer" $np.ingressController "ports" (list "http")). */}}
{{- define "judix.observability.fromPeer" -}}
- from:
    - namespaceSelector:
        matchLabels:
          {{- toYaml .peer.namespaceSelector | nindent 10 }}
      podSelector:
        matchLabels:
          {{- toYaml .peer.podSelector | nindent 10 }}
  ports:
    {{- range .ports }}
    - port: {{ . }}
      protocol: TCP
    {{- end }}
{{- end -}}
